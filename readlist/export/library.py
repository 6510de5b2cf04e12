"""Reading a .bib back: each entry as plain-text fields plus the recommendations in its note.

The reading list, RIS/CSL-JSON and Zotero exporters all start from the user's .bib (which the
user may have edited), so they share this one reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser

from readlist.errors import ReadlistError
from readlist.export.latex import decode

# "Recommended in <link>[ by <author>][ (<date>)]: “<quote>”"
_BACKLINK = re.compile(
    r"Recommended in (?P<link>\S+?)(?: by (?P<author>.+?))?(?: \((?P<date>\d{4}-\d{2}-\d{2})\))?"
    r": “(?P<quote>.*?)”(?=;\s*Recommended in |\s*$)", re.DOTALL)


def plain(value: str) -> str:
    """A BibTeX value as text: readlist's escapes undone, protective braces dropped."""
    return " ".join(decode(value).split())


def split_names(value: str) -> list[str]:
    """``Amin, Samir and {Monthly Review}`` -> ``["Samir Amin", "Monthly Review"]``."""
    out = []
    for name in _split_and(value):
        corporate = name.strip().startswith("{") and name.strip().endswith("}")
        name = plain(name)
        if "," in name and not corporate:
            last, first = (p.strip() for p in name.split(",", 1))
            name = f"{first} {last}".strip()
        out.append(name)
    return out


def _split_and(value: str) -> list[str]:
    """Split on `` and `` outside braces (``{Society and Culture}`` is one name)."""
    out, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", value):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            out.append(value[start:m.start()])
            start = m.end()
    out.append(value[start:])
    return [n for n in out if n.strip()]


@dataclass(frozen=True)
class Name:
    """A creator: ``family``/``given`` for a person, ``literal`` for a braced corporate name."""

    family: str = ""
    given: str = ""
    literal: str = ""

    def __str__(self) -> str:
        return self.literal or " ".join(p for p in (self.given, self.family) if p)


def parse_names(value: str) -> list[Name]:
    """``Amin, Samir and {Monthly Review Collective}`` as structured names."""
    out = []
    for raw in _split_and(value):
        raw = raw.strip()
        if raw.startswith("{") and raw.endswith("}") and _outer_group(raw):
            out.append(Name(literal=plain(raw)))
            continue
        text = plain(raw)
        if "," in text:
            family, given = (p.strip() for p in text.split(",", 1))
        elif " " in text:
            given, family = text.rsplit(" ", 1)
        else:
            family, given = text, ""
        out.append(Name(family=family, given=given))
    return out


def _outer_group(raw: str) -> bool:
    depth = 0
    for i, c in enumerate(raw):
        depth += (c == "{") - (c == "}")
        if depth == 0 and i < len(raw) - 1:
            return False
    return True


@dataclass
class BackLink:
    link: str
    quote: str
    author: str | None = None
    date: str | None = None


@dataclass
class BibRecord:
    """One entry of a .bib, decoded for rendering and export."""

    key: str
    type: str
    fields: dict[str, str]  # raw field values as written (lower-case names)
    title: str
    authors: list[str]
    year: str
    publisher: str
    address: str
    isbn: str
    url: str
    doi: str
    edition: str
    keywords: list[str]
    outcome: str  # "sure" | "unsure" | "unresolved" | "" (not a readlist entry)
    backlinks: list[BackLink] = field(default_factory=list)
    note: str = ""
    names: list[Name] = field(default_factory=list)  # authors (or editors), structured
    container: str = ""  # booktitle of a chapter, journal of an article

    @property
    def links(self) -> list[str]:
        return [b.link for b in self.backlinks]

    @property
    def is_readlist(self) -> bool:
        return "readlist-hash" in self.fields


def parse_backlinks(note: str, posts: list[str]) -> list[BackLink]:
    """The recommendations in a readlist note; links from ``readlist-posts`` fill any gaps."""
    text = plain(note)
    found = [BackLink(m.group("link"), m.group("quote"), m.group("author"), m.group("date"))
             for m in _BACKLINK.finditer(text)]
    have = {b.link for b in found}
    found.extend(BackLink(link, "") for link in posts if link not in have)
    return found


def load_library(path: Path) -> list[BibRecord]:
    """Every entry of ``path`` as a :class:`BibRecord`; non-entry blocks are ignored."""
    path = Path(path)
    if not path.exists():
        raise ReadlistError(f"{path}: no such file; run `readlist scan` first")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadlistError(f"{path}: cannot read ({exc})") from exc
    return parse_library(text)


def parse_library(text: str) -> list[BibRecord]:
    """Every entry of a .bib text as a :class:`BibRecord`."""
    lib = bibtexparser.parse_string(text.removeprefix("\ufeff"))
    records = []
    for e in lib.entries:
        f = {k.lower(): v.value for k, v in e.fields_dict.items()}
        posts = decode(f.get("readlist-posts", "")).split()
        records.append(BibRecord(
            key=e.key,
            type=e.entry_type.lower(),
            fields=f,
            title=plain(f.get("title", "")),
            authors=split_names(f.get("author", "") or f.get("editor", "")),
            year=plain(f.get("year", "") or f.get("date", "")[:4]),
            publisher=plain(f.get("publisher", "")),
            address=plain(f.get("address", "") or f.get("location", "")),
            isbn=plain(f.get("isbn", "")),
            url=f.get("url", "").strip(),
            doi=plain(f.get("doi", "")),
            edition=plain(f.get("edition", "")),
            keywords=[k for k in (plain(x) for x in re.split(r"[,;]", f.get("keywords", "")))
                      if k],
            outcome=f.get("readlist-outcome", "").strip(),
            backlinks=parse_backlinks(f.get("note", ""), posts),
            note=plain(f.get("note", "")),
            names=parse_names(f.get("author", "") or f.get("editor", "")),
            container=plain(f.get("booktitle", "") or f.get("journal", "")
                            or f.get("journaltitle", "")),
        ))
    return records
