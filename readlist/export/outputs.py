"""Which file format a scan writes, and writing it: BibTeX is merged, RIS/CSL-JSON rendered.

RIS and CSL-JSON are made from the BibTeX readlist would write (or, for ``readlist export``,
from the user's .bib through :func:`~readlist.export.library.load_library`), so every format
carries the same fields and back-links.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from readlist.errors import ReadlistError
from readlist.export.library import BibRecord, load_library, parse_library
from readlist.export.merge import (
    MergeStats,
    read_existing,
    render_new,
    unified_diff,
    write_bibtex,
)
from readlist.files import atomic_write, locked
from readlist.models import ListedWork

SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csljson"}
FORMATS = ("bibtex", "ris", "csljson")


def infer_format(path: Path, explicit: str | None = None) -> str:
    """``explicit`` if given, else from the suffix of ``path``; BibTeX when it says nothing."""
    if explicit:
        if explicit not in FORMATS:
            raise ReadlistError(f"unknown output format {explicit!r} (one of {', '.join(FORMATS)})")
        return explicit
    return SUFFIXES.get(Path(path).suffix.lower(), "bibtex")


def render_records(records: Sequence[BibRecord], fmt: str) -> str:
    from readlist.plugins import exporters

    found = exporters().get(fmt)
    if found is None or not hasattr(found.obj, "render"):
        raise ReadlistError(f"no exporter renders {fmt!r} (see `readlist plugins`)")
    return str(found.obj.render(records))


def write_text(path: Path, text: str, dry_run: bool = False) -> str:
    """Replace ``path`` with ``text`` under the lock (atomic, ``.bak``); returns the diff."""
    path = Path(path)
    with locked(path):
        old_bytes, old = read_existing(path)
        diff = unified_diff(old, text, path)
        if not dry_run and text != old:
            atomic_write(path, text.encode("utf-8"), backup=bool(old_bytes))
    return diff


def write_works(path: Path, items: Sequence[ListedWork], fmt: str = "bibtex", *,
                dry_run: bool = False) -> MergeStats:
    """Write ``items`` to ``path`` as ``fmt``: BibTeX merges, the others replace the file."""
    if fmt == "bibtex":
        return write_bibtex(path, items, dry_run=dry_run)
    if not items:  # nothing found: leave an earlier export alone (these formats do not merge)
        return MergeStats()
    text = render_records(parse_library(render_new(items)), fmt)
    stats = MergeStats(added=len(items))
    stats.diff = write_text(path, text, dry_run=dry_run)
    return stats


def export_library(bib: Path, fmt: str) -> str:
    """The works of the user's ``bib`` (their edits included) rendered as ``fmt``."""
    return render_records(load_library(bib), fmt)
