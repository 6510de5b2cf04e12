"""``--mentions``: every mention as JSON Lines, streamed so memory stays flat in corpus size.

A scan writes each mention to a spill file as it is found (in the target's folder, or the
temporary folder for stdout and devices), numbered by its line. Resolution needs only the
recommended mentions, kept elsewhere. At the end :meth:`MentionLog.finish` copies the spill to
the target, filling in ``resolved`` for the mention numbers that resolved to a work: the target
is replaced whole (temp file + rename) or, for stdout, written at the end, so an interrupted
run leaves neither a half-written target nor the spill behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from readlist.errors import OutputError
from readlist.files import is_special
from readlist.models import ListedWork, Mention

_UMASK = os.umask(0o022)
os.umask(_UMASK)

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_line(obj: Any) -> str:
    """JSON that is safe on a terminal: C1 controls and bidi marks from posts, which
    ``json.dumps`` leaves raw, are written as ``\\u`` escapes (the data is unchanged)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                            json.dumps(obj, ensure_ascii=False))


def resolved_record(item: ListedWork | None) -> dict[str, Any] | None:
    """The ``resolved`` value of a mention's line: the work it was listed as, if resolved."""
    if item is None or item.match.work is None:
        return None
    work, edition = item.match.work, item.match.edition
    isbns = list(edition.isbn13 + edition.isbn10) if edition else list(work.isbns[:5])
    return {
        "title": work.title,
        "subtitle": work.subtitle,
        "authors": list(work.authors),
        "year": (edition.year if edition and edition.year else work.year),
        "publisher": edition.publisher if edition else None,
        "isbn": isbns,
        "key": item.key or None,
        "catalogue": work.catalogue,
        "id": work.id,
        "score": item.match.score,
        "outcome": item.match.outcome,
    }


def mention_record(m: Mention, item: ListedWork | None = None) -> dict[str, Any]:
    """One line of ``--mentions``: the documented contract (keys are only ever added)."""
    return {
        "source": m.post.source,
        "post": m.post.index,
        "line": m.post.line,
        "link": m.post.link,
        "surface": m.surface,
        "title": m.title,
        "authors": list(m.authors),
        "kind": m.kind,
        "recommended": m.recommended,
        "confidence": m.confidence,
        "resolved": resolved_record(item),
        "description": m.description,
        "isbn": m.isbn,
        "doi": m.doi,
        "url": m.url,
        "author": m.post.author,
        "date": m.post.date,
        "reasons": list(m.reasons),
    }


class MentionLog:
    """The spill file of one scan's mentions. Use as a context manager: the spill is removed
    however the scan ends."""

    def __init__(self, target: Path | IO[str]) -> None:
        self.target = target
        self.count = 0
        where: Path | None = None
        if isinstance(target, Path) and not is_special(target):
            if target.is_dir():
                raise OutputError(f"{target}: is a folder; name a file to write")
            where = target.parent
        try:
            if where is not None:
                where.mkdir(parents=True, exist_ok=True)
            name = target.name if isinstance(target, Path) else "mentions"
            fd, spill = tempfile.mkstemp(prefix=f".{name}.", suffix=".spill.tmp", dir=where)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
        self.path = Path(spill)
        self._spill: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8")

    def __enter__(self) -> MentionLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def add(self, m: Mention) -> int:
        """Spill ``m`` (``resolved`` still null); returns its number, 0-based in reading order."""
        return self.add_line(json_line(mention_record(m)))

    def add_line(self, line: str) -> int:
        """Spill a mention already written as its line (``json_line(mention_record(m))``)."""
        assert self._spill is not None
        self._spill.write(line + "\n")
        self.count += 1
        return self.count - 1

    def finish(self, resolved_for: Mapping[int, ListedWork]) -> None:
        """Write the target: the spill's lines, with ``resolved`` filled in where known."""
        assert self._spill is not None
        self._spill.close()
        self._spill = None
        records: dict[int, dict[str, Any] | None] = {}  # one per listed work, shared
        fill = {}
        for n, item in resolved_for.items():
            if id(item) not in records:
                records[id(item)] = resolved_record(item)
            if (rec := records[id(item)]) is not None:
                fill[n] = rec
        target = self.target
        if not isinstance(target, Path):
            self._copy(target, fill)
            return
        if is_special(target):
            with open(target, "w", encoding="utf-8") as out:
                self._copy(out, fill)
            return
        try:
            if fill:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                           dir=target.parent)
                try:
                    with os.fdopen(fd, "w", encoding="utf-8") as out:
                        self._copy(out, fill)
                    _mode_of(target, tmp)
                    os.replace(tmp, target)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
                    raise
            else:  # nothing resolved: the spill is the file
                _mode_of(target, self.path)
                os.replace(self.path, target)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc

    def _copy(self, out: IO[str], fill: Mapping[int, dict[str, Any]]) -> None:
        with open(self.path, encoding="utf-8") as spill:
            if not fill:
                shutil.copyfileobj(spill, out)
                return
            for n, line in enumerate(spill):
                rec = fill.get(n)
                if rec is None:
                    out.write(line)
                else:
                    obj = json.loads(line)
                    obj["resolved"] = rec  # the key is there already, so its place is kept
                    out.write(json_line(obj) + "\n")

    def close(self) -> None:
        if self._spill is not None:
            with contextlib.suppress(OSError):
                self._spill.close()
            self._spill = None
        with contextlib.suppress(OSError):
            self.path.unlink()


def _mode_of(target: Path, tmp: str | Path) -> None:
    """The replaced file keeps its mode; a new one gets what open() would give it."""
    if target.exists():
        shutil.copymode(target, tmp)
    else:
        os.chmod(tmp, 0o666 & ~_UMASK)


def open_target(path: str) -> Path | IO[str]:
    """``--mentions FILE``: ``-`` is stdout."""
    return sys.stdout if path == "-" else Path(path)
