"""The reading list: the works a .bib holds, ranked by how many posts recommended them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser

from readlist.errors import ReadlistError
from readlist.export.latex import unescape

_INERT_BACK = str.maketrans({"＼": "\\", "｛": "{", "｝": "}", "＾": "^", "～": "~", "＄": "$",
                             "＜": "<", "＞": ">"})


def plain(value: str) -> str:
    """A BibTeX value as text: escapes undone, protective braces dropped."""
    value = unescape(value).replace("{", "").replace("}", "")
    return " ".join(value.translate(_INERT_BACK).split())


@dataclass
class Row:
    key: str
    title: str
    authors: list[str]
    year: str
    publisher: str
    outcome: str
    links: list[str]
    quotes: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def count(self) -> int:
        return len(self.links)


def _names(value: str) -> list[str]:
    out = []
    for name in re.split(r"\s+and\s+", plain(value)) if value else []:
        if "," in name:
            last, first = (p.strip() for p in name.split(",", 1))
            name = f"{first} {last}".strip()
        out.append(name)
    return out


def read_rows(path: Path) -> list[Row]:
    if not path.exists():
        raise ReadlistError(f"{path}: no such file; run `readlist scan` first")
    try:
        lib = bibtexparser.parse_string(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadlistError(f"{path}: cannot read ({exc})") from exc
    rows = []
    for e in lib.entries:
        f = {k.lower(): v.value for k, v in e.fields_dict.items()}
        links = unescape(f.get("readlist-posts", "")).split()
        note = plain(f.get("note", ""))
        quotes = re.findall(r"“([^”]*)”", note)
        rows.append(Row(key=e.key, title=plain(f.get("title", "")), authors=_names(f.get(
            "author", "")), year=plain(f.get("year", "")), publisher=plain(f.get("publisher", "")),
            outcome=f.get("readlist-outcome", ""), links=links, quotes=quotes,
            url=f.get("url", "")))
    rows.sort(key=lambda r: (-r.count, r.title.casefold()))
    return rows


def render_text(rows: list[Row]) -> str:
    lines = []
    for i, r in enumerate(rows, 1):
        who = ", ".join(r.authors) or "unknown author"
        year = f" ({r.year})" if r.year else ""
        flag = f" [{r.outcome}]" if r.outcome and r.outcome != "sure" else ""
        posts = "post" if r.count == 1 else "posts"
        lines.append(f"{i}. {r.title} - {who}{year}{flag} - recommended in {r.count} {posts}")
        for link in r.links:
            lines.append(f"     {link}")
    return "\n".join(lines) + ("\n" if lines else "")
