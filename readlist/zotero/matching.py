"""Is this Zotero item the work of that .bib entry? ISBN overlap, or same title and first author.

Used when the key map is missing or incomplete, so that a push never duplicates what the
library already holds. Title alone never decides (see STYLE.md: an author must agree too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from stdnum import isbn as stdisbn

from readlist.catalogue.normalise import main_title, normalise_title, surname
from readlist.export.library import BibRecord

# Item types that are never a work (children, standalone notes, annotations).
NOT_WORKS = frozenset({"note", "attachment", "annotation"})


def isbns(value: str) -> set[str]:
    """Every valid ISBN in a field (Zotero allows several, spaced or hyphenated), as ISBN-13."""
    out = set()
    for token in re.findall(r"[0-9][0-9\-\s]{8,16}[0-9Xx]", value or ""):
        compact = re.sub(r"[\s\-]", "", token)
        if stdisbn.is_valid(compact):
            try:
                out.add(stdisbn.to_isbn13(compact))
            except Exception:  # noqa: BLE001 - a valid ISBN-10 always converts; be safe anyway
                continue
    return out


def record_surname(record: BibRecord) -> str:
    return surname(record.authors[0]) if record.authors else ""


def creator_surname(creators: Iterable[Mapping[str, Any]]) -> str:
    """The first author's family name (editors count when there is no author)."""
    creators = list(creators)
    ordered = [c for c in creators if c.get("creatorType", "author") == "author"] or creators
    for c in ordered:
        if c.get("lastName"):
            return surname(f"{c['lastName']}, {c.get('firstName', '')}")
        if c.get("name"):
            return surname(str(c["name"]))
    return ""


def same_work(record: BibRecord, data: Mapping[str, Any]) -> bool:
    """True when Zotero item ``data`` (API JSON) is the work ``record`` describes."""
    if data.get("itemType") in NOT_WORKS or data.get("deleted"):
        return False
    if record.key and record.key in (data.get("citationKey"), _extra_key(data)):
        return True
    if isbns(record.isbn) & isbns(str(data.get("ISBN", ""))):
        return True
    # Another edition of the same work (other ISBN) still counts: the work is readlist's unit.
    title = str(data.get("title", ""))
    if not title or not record.title:
        return False
    a, b = record_surname(record), creator_surname(data.get("creators") or [])
    if a != b:
        return False
    if normalise_title(title) == normalise_title(record.title):
        return True
    # "Maldevelopment" in Zotero vs "Maldevelopment: Anatomy of a Global Failure" here: the same
    # book when the author agrees and the main titles are identical.
    return bool(a) and normalise_title(main_title(title)) == normalise_title(
        main_title(record.title))


def _extra_key(data: Mapping[str, Any]) -> str | None:
    m = re.search(r"^Citation Key:\s*(\S+)\s*$", str(data.get("extra", "")), re.MULTILINE)
    return m.group(1) if m else None


class LibraryIndex:
    """A library's top-level items, indexed the way :func:`same_work` compares them.

    Reading a whole library in pages of 100 is cheaper than one search per work when many
    works have no entry in the key map (a first push, or a lost map).
    """

    def __init__(self, items: Iterable[Mapping[str, Any]]) -> None:
        self.by_key: dict[str, Mapping[str, Any]] = {}
        self.by_isbn: dict[str, Mapping[str, Any]] = {}
        self.by_title: dict[tuple[str, str], Mapping[str, Any]] = {}
        self.by_main: dict[tuple[str, str], Mapping[str, Any]] = {}
        for item in items:
            data = item.get("data") or {}
            if data.get("itemType") in NOT_WORKS or data.get("deleted"):
                continue
            for ck in (data.get("citationKey"), _extra_key(data)):
                if ck:
                    self.by_key.setdefault(str(ck), item)
            for i in isbns(str(data.get("ISBN", ""))):
                self.by_isbn.setdefault(i, item)
            title = str(data.get("title", ""))
            if title:
                who = creator_surname(data.get("creators") or [])
                self.by_title.setdefault((normalise_title(title), who), item)
                if who:
                    self.by_main.setdefault((normalise_title(main_title(title)), who), item)

    def find(self, record: BibRecord) -> Mapping[str, Any] | None:
        if record.key in self.by_key:
            return self.by_key[record.key]
        for i in sorted(isbns(record.isbn)):
            if i in self.by_isbn:
                return self.by_isbn[i]
        if not record.title:
            return None
        who = record_surname(record)
        found = self.by_title.get((normalise_title(record.title), who))
        if found is None and who:
            found = self.by_main.get((normalise_title(main_title(record.title)), who))
        return found


def find_by_search(record: BibRecord, search: Callable[[str, bool], Iterable[Mapping[str, Any]]]
                   ) -> Mapping[str, Any] | None:
    """Ask the library's quick search (title words, then each ISBN) and check each answer."""
    queries = [(search_text(record), False)]
    for i in sorted(isbns(record.isbn)):
        queries.append((i, True))
        if i.startswith("978"):
            queries.append((stdisbn.to_isbn10(i), True))
    for q, everything in queries:
        if q:
            for cand in search(q, everything):
                if same_work(record, cand.get("data") or {}):
                    return cand
    return None


def search_text(record: BibRecord) -> str:
    """What to put in Zotero's quick search (titles and creators): the main title's words."""
    words = re.findall(r"\w+", main_title(record.title) or record.title)
    text = ""
    for w in words:
        if len(text) + len(w) + 1 > 60:
            break
        text = f"{text} {w}".strip()
    return text
