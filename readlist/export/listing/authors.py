"""Recommended authors beside the .bib: ``<name>.authors.json``, written by scans, read by list.

BibTeX has no place for "read anything by Walter Rodney", so author-only recommendations live in
a small JSON sidecar next to the .bib (``bib/readlist.bib`` -> ``bib/readlist.authors.json``).
A scan merges into it (names matched case-insensitively, posts by link), never dropping any.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readlist.export.latex import clean_text
from readlist.export.library import BackLink
from readlist.files import atomic_write, locked
from readlist.models import RecommendedAuthor

FORMAT = "readlist-recommended-authors"
VERSION = 1
QUOTE_MAX = 200


@dataclass
class SavedAuthor:
    name: str
    backlinks: list[BackLink] = field(default_factory=list)


def sidecar_path(bib: Path) -> Path:
    """``bib/readlist.bib`` -> ``bib/readlist.authors.json``."""
    bib = Path(bib)
    return bib.with_name(bib.stem + ".authors.json")


def _quote(text: str) -> str:
    text = clean_text(text)
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX].rsplit(" ", 1)[0] + "…"


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def load_authors(bib: Path, warn: Callable[[str], None] | None = None) -> list[SavedAuthor]:
    """The recommended authors saved beside ``bib``; [] when there is no sidecar. A damaged
    sidecar gives one warning and no authors, never an error: the works still list."""
    path = sidecar_path(bib)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("authors"), list):
            raise ValueError("no 'authors' list")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        if warn is not None:
            warn(f"{path}: recommended authors not read ({exc})")
        return []
    out = []
    for i, raw in enumerate(data["authors"]):
        name = _str(raw.get("name")) if isinstance(raw, dict) else None
        if name is None:
            if warn is not None:
                warn(f"{path}: author #{i + 1} has no name; skipped")
            continue
        links = []
        for rec in raw.get("recommendations") or []:
            if isinstance(rec, dict) and _str(rec.get("link")):
                links.append(BackLink(rec["link"], _str(rec.get("quote")) or "",
                                      _str(rec.get("author")), _str(rec.get("date"))))
        out.append(SavedAuthor(name, links))
    return out


def _record(a: SavedAuthor) -> dict[str, Any]:
    return {"name": a.name, "recommendations": [
        {"link": b.link, "quote": b.quote, "author": b.author, "date": b.date}
        for b in a.backlinks]}


def merge_authors(saved: list[SavedAuthor], found: Iterable[RecommendedAuthor]
                  ) -> list[SavedAuthor]:
    by_name = {a.name.casefold(): a for a in saved}
    for ra in found:
        name = clean_text(ra.name)
        if not name:
            continue
        entry = by_name.get(name.casefold())
        if entry is None:
            entry = by_name[name.casefold()] = SavedAuthor(name)
            saved.append(entry)
        have = {b.link for b in entry.backlinks}
        for rec in ra.recommendations:
            link = clean_text(rec.post.link)
            if link and link not in have:
                have.add(link)
                entry.backlinks.append(BackLink(link, _quote(rec.quote), rec.post.author,
                                                (rec.post.date or "")[:10] or None))
    return saved


def write_authors(bib: Path, found: Iterable[RecommendedAuthor]) -> Path:
    """Merge ``found`` into the sidecar of ``bib`` and write it atomically; returns its path."""
    path = sidecar_path(bib)
    with locked(path):
        trouble: list[str] = []
        merged = merge_authors(load_authors(bib, trouble.append), found)
        data = {"format": FORMAT, "version": VERSION, "bib": Path(bib).name,
                "authors": [_record(a) for a in merged]}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        # A sidecar that could not be read is kept as .bak rather than silently replaced.
        atomic_write(path, text.encode("utf-8"), backup=bool(trouble))
    return path
