"""Reading posts: pick a reader per file (by suffix or content) or URL, and walk directories."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from readlist.corpus.base import SNIFF_BYTES, Misplaced, Reader, ThreadFilter, looks_binary
from readlist.corpus.streams import compression
from readlist.errors import InputError
from readlist.models import Post
from readlist.report import Report

if TYPE_CHECKING:
    from readlist.http import Http

__all__ = ["read_posts", "iter_sources", "choose_reader", "Misplaced", "Reader"]


def _readers() -> dict[str, type[Reader]]:
    from readlist.plugins import corpus_readers

    return {name: reg.obj for name, reg in corpus_readers().items()}


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


# What readlist itself writes (a .bib and its .bak/.lock, RIS, the recommended-authors file):
# never a thread, so a folder scan passes over them like hidden files. Without this a second
# `readlist scan dir/ -o dir/x.bib` reads its own output as posts, and --strict fails on the
# empty lock file. A file named on the command line is still read.
OWN_OUTPUTS = (".bib", ".bibtex", ".ris", ".bak", ".lock", ".authors.json")


def is_own_output(name: str) -> bool:
    return name.lower().endswith(OWN_OUTPUTS)


def iter_sources(paths: Iterable[str], report: Report) -> Iterator[str]:
    """Files under the given paths in a stable order; URLs pass through. Bad paths are reported.

    Folders are walked in sorted order, skipping hidden entries and readlist's own outputs."""
    for given in paths:
        if is_url(given):
            yield given
            continue
        path = Path(given)
        if path.is_symlink() and not path.exists():
            report.skip(given, "broken link", "broken symbolic link, skipped")
            continue
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=_unlisted(report, given)):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or is_own_output(name):
                        continue
                    full = Path(root) / name
                    if full.is_symlink() and not full.exists():
                        report.skip(str(full), "broken link", "broken symbolic link, skipped")
                        continue
                    yield str(full)
        elif path.exists():
            yield given
        else:
            report.skip(given, "missing", "no such file or directory")


def _unlisted(report: Report, given: str) -> Callable[[OSError], None]:
    def unreadable(exc: OSError) -> None:
        report.skip(exc.filename or given, "unreadable",
                    f"cannot list this folder ({exc.strerror or exc}), skipped")

    return unreadable


def choose_reader(source: str, fmt: str | None = None, http: Http | None = None
                  ) -> Reader | None:
    """The reader for a file or URL: ``fmt`` forces one, else the highest-priority claimant.

    Files are claimed by suffix or by their first bytes (``.json`` shapes, HTML without a
    suffix, compressed dumps); anything else that is not binary is read as text.
    """
    readers = _readers()
    if fmt:
        if fmt not in readers:
            raise InputError(f"unknown format {fmt!r}; known: {', '.join(sorted(readers))}")
        return readers[fmt](http)
    ranked = sorted(readers.values(), key=lambda r: (-r.priority, r.name))
    if is_url(source):
        for reader in ranked:
            if reader.matches_url(source):
                return reader(http)
        return None
    path = Path(source)
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if looks_binary(head) and compression(path, head) is None:
        return None
    for reader in ranked:
        try:
            claimed = reader.sniff(path, head)
        except Exception:  # noqa: BLE001 - a plugin's sniff failing means "not mine"
            claimed = False
        if claimed:
            return reader(http)
    if compression(path, head) is not None:
        return None
    return readers["text"](http) if "text" in readers else None


def read_posts(paths: Iterable[str], report: Report, fmt: str | None = None,
               http: Http | None = None,
               threads: ThreadFilter | None = None, skim: bool = True) -> Iterator[Post]:
    """Every post of every source, in a stable order; bad sources are reported and skipped,
    and a reader that fails half-way keeps the posts it had read. With ``threads``, only the
    posts it accepts (numbered as among all posts), the others placed by a look at their
    bytes where the reader can (``skim``; :class:`Misplaced` when that proves wrong)."""
    for source in iter_sources(paths, report):
        try:
            reader = choose_reader(source, fmt, http)
            empty = not is_url(source) and Path(source).stat().st_size == 0
        except PermissionError:
            report.skip(source, "unreadable", "permission denied, skipped")
            continue
        except OSError as exc:
            report.skip(source, "unreadable", f"cannot read ({exc.strerror or exc}), skipped")
            continue
        if reader is None:
            why = "no reader for this URL" if is_url(source) else "binary file"
            report.skip(source, "binary" if not is_url(source) else "unsupported",
                        f"{why}, skipped")
            continue
        if empty:
            report.skip(source, "empty", "empty file, skipped")
            continue
        if reader.name == "text" and not fmt and _json_suffix(source):
            report.warn(source, _unrecognised_json(Path(source)))
        try:
            if threads is None:
                yield from reader.read(source, report)
            else:
                yield from reader.read_threads(source, report, threads, skim)
        except Misplaced:
            raise
        except InputError as exc:
            report.skip(source, "unreadable", str(exc))
        except PermissionError:
            report.skip(source, "unreadable", "permission denied, skipped")
        except OSError as exc:
            report.skip(source, "unreadable", f"cannot read ({exc.strerror or exc}), skipped")
        except Exception as exc:  # noqa: BLE001
            # A reader's bug on strange input must not end the scan of every other file.
            report.skip(source, "reader error",
                        f"{reader.name} reader failed ({type(exc).__name__}: {exc}); the "
                        "posts read before it are kept")


_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def _json_suffix(source: str) -> bool:
    return not is_url(source) and Path(source).suffix.lower() in _JSON_SUFFIXES


def _unrecognised_json(path: Path) -> str:
    """Why a .json file fell through to the text reader: broken JSON or an unknown shape."""
    why = "JSON of a shape no reader knows (Lemmy, Reddit, Hacker News, Pushshift)"
    if path.suffix.lower() == ".json" and path.stat().st_size <= 64 * 1024 * 1024:
        try:
            json.loads(path.read_bytes())
        except RecursionError:
            why = "JSON nested too deeply to read"
        except ValueError as exc:
            pos = f" at line {exc.lineno}, column {exc.colno}" if isinstance(
                exc, json.JSONDecodeError) else ""
            why = f"not valid JSON ({getattr(exc, 'msg', 'undecodable')}{pos})"
    return f"{why}; read as plain text (--format NAME chooses a reader)"
