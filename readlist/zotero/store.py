"""The key map: which .bib entry became which Zotero item, and which back-links it already has.

One JSON file per library in the user data dir (``zotero-user-123.json``, ``zotero-desktop.json``),
replaced atomically after every batch so an interrupted push never forgets what it created.
It holds no secret: library ids, item keys, citation keys and post links only.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readlist.catalogue.normalise import normalise_title
from readlist.config import data_dir
from readlist.export.library import BibRecord
from readlist.files import atomic_write
from readlist.zotero.matching import isbns, record_surname

log = logging.getLogger(__name__)
FORMAT = 1


@dataclass
class Pushed:
    """What readlist put into Zotero for one entry."""

    item: str | None = None  # Zotero item key (None when the connector saved it: no key comes back)
    note: str | None = None  # key of readlist's back-link note
    links: list[str] = field(default_factory=list)  # back-links Zotero has
    attachments: list[str] = field(default_factory=list)  # links with a link attachment
    isbn: list[str] = field(default_factory=list)
    title: str = ""  # normalised, for finding an entry whose citation key changed
    author: str = ""
    deleted: bool = False  # the user deleted the item in Zotero: never re-created
    updated: str = ""

    @classmethod
    def for_record(cls, record: BibRecord, item: str | None) -> Pushed:
        p = cls(item=item)
        p.describe(record)
        return p

    def describe(self, record: BibRecord) -> None:
        self.isbn = sorted(isbns(record.isbn))
        self.title = normalise_title(record.title)
        self.author = record_surname(record)
        self.updated = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def map_path(library: str) -> Path:
    """``user:123`` -> ``<data dir>/zotero-user-123.json``."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", library).strip("-") or "library"
    return data_dir() / f"zotero-{slug}.json"


class KeyMap:
    """The map for one library; ``find`` also recognises an entry whose citation key changed."""

    def __init__(self, library: str, path: Path | None = None) -> None:
        self.library = library
        self.path = path or map_path(library)
        self.entries: dict[str, Pushed] = {}
        self.collections: dict[str, str] = {}
        self.problem: str | None = None  # set when an unreadable map was moved aside

    @classmethod
    def load(cls, library: str, path: Path | None = None) -> KeyMap:
        km = cls(library, path)
        if not km.path.exists():
            return km
        try:
            raw = json.loads(km.path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT or raw.get("library") != library:
                raise ValueError("not a readlist key map for this library")
            for key, value in (raw.get("items") or {}).items():
                known = {k: v for k, v in value.items() if k in Pushed.__dataclass_fields__}
                km.entries[str(key)] = Pushed(**known)
            km.collections = {str(k): str(v) for k, v in (raw.get("collections") or {}).items()}
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            # Keep the damaged file for the user; matching against the library still prevents
            # duplicates without it.
            aside = km.path.with_name(km.path.name + ".unreadable")
            try:
                km.path.replace(aside)
            except OSError:
                aside = km.path
            km.entries, km.collections = {}, {}
            km.problem = (f"{km.path}: unreadable key map ({exc.__class__.__name__}), kept as "
                          f"{aside.name}; matching against the library instead")
        return km

    def find(self, record: BibRecord) -> tuple[str, Pushed] | None:
        """The entry for ``record``: by citation key, else by ISBN, else by title and author."""
        if record.key in self.entries:
            return record.key, self.entries[record.key]
        ours = isbns(record.isbn)
        title, author = normalise_title(record.title), record_surname(record)
        for key, p in self.entries.items():
            if ours and ours & set(p.isbn):
                return key, p
        for key, p in self.entries.items():
            if title and p.title == title and p.author == author:
                return key, p
        return None

    def put(self, record: BibRecord, pushed: Pushed, old_key: str | None = None) -> None:
        if old_key and old_key != record.key:
            self.entries.pop(old_key, None)
        pushed.describe(record)
        self.entries[record.key] = pushed

    def save(self) -> None:
        data: dict[str, Any] = {
            "format": FORMAT,
            "library": self.library,
            "collections": dict(sorted(self.collections.items())),
            "items": {k: asdict(v) for k, v in sorted(self.entries.items())},
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        atomic_write(self.path, text.encode("utf-8"), backup=False)
