"""The reading list (older entry point): the formats live in :mod:`readlist.export.listing`."""

from __future__ import annotations

from pathlib import Path

from readlist.export.library import BibRecord, load_library
from readlist.export.listing import ListOptions, build_listing, render
from readlist.export.listing.model import SORT_KEYS, make_item

__all__ = ["ListOptions", "build_listing", "ranked", "render"]


def ranked(path: Path) -> list[BibRecord]:
    """Entries of ``path`` in reading-list order (most people and posts first)."""
    items = sorted((make_item(r, covers=False) for r in load_library(path)),
                   key=SORT_KEYS["count"])
    return [it.record for it in items]
