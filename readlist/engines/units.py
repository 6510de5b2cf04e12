"""Extraction cut into units of work that any process can run: one file, or one thread-share
of a big dump; what a unit returns (mentions, counts, warnings) and how units are put back
together into exactly what a single-process scan gives.

A unit is a pure function of its file: the worker reads the file itself (nothing is shipped
but a path), keeps the posts of its share and extracts them with a fresh ThreadTracker.
"""

from __future__ import annotations

import heapq
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from readlist.corpus import Misplaced, choose_reader, is_url, iter_sources, read_posts
from readlist.engines.compact import Packer, unpacked
from readlist.extract import ThreadTracker, context
from readlist.models import Mention, Post
from readlist.report import Report, Warning_

if TYPE_CHECKING:
    from readlist.http import Http

# Dumps at least this big are split by thread when there are several workers. Each share
# decompresses the whole dump (it decodes and builds only its own threads' posts), so small
# dumps are cheaper whole.
SPLIT_MIN_BYTES = 16 * 2**20


@dataclass(frozen=True)
class Unit:
    """One file (``shards`` 1) or the ``shard``-th of ``shards`` thread-shares of a dump."""

    source: str  # as the user gave it: it names the posts (links, back-links)
    cwd: str  # where a relative ``source`` is found
    fmt: str | None = None
    shard: int = 0
    shards: int = 1
    size: int = 0  # bytes on disk, to start the biggest units first
    # A share places the other threads' lines by a look at their bytes where it can; False
    # (after a share found such a look wrong) decodes every line.
    skim: bool = True


@dataclass
class Notes:
    """Warnings and skips that came up while listing the inputs, in their place among units."""

    warnings: list[Warning_] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass
class UnitResult:
    posts: int = 0
    sources: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # compact: the recommended ones
    packed: bytes = b""  # compact: every mention's --mentions line (readlist.engines.compact)
    notes: Notes = field(default_factory=Notes)  # the unit's warnings and skips
    misplaced: int = 0  # a share's line that the shares placed wrongly: all read it again


@dataclass
class Extraction:
    """What the extraction stage hands to resolution: the same from every engine."""

    posts: int = 0
    sources: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)


Planned = Unit | Notes


class ThreadShares:
    """Which share of a dump each thread's posts go to. A thread met for the first time (or
    again after ``THREAD_WINDOW`` posts of silence, when the thread tracker starts it afresh
    anyway) goes to the share with the fewest records so far, so shares stay even however the
    threads' sizes fall; posts without a thread share one context, in share 0.

    Every share sees the same records in the same order (``Reader.read_threads``), so each
    makes the same choices alone: nothing passes between processes or machines."""

    def __init__(self, shards: int) -> None:
        self.load = [0] * shards
        self._of: dict[str, tuple[int, int]] = {}  # thread -> (share, index at its last record)
        self._swept = 0

    def share(self, thread: str | None, index: int) -> int:
        if thread is None:
            k = 0
        else:
            window = context.THREAD_WINDOW
            got = self._of.get(thread)
            k = got[0] if got is not None and index - got[1] <= window else \
                self.load.index(min(self.load))
            self._of[thread] = (k, index)
            if index - self._swept > window:
                self._swept = index
                self._of = {t: v for t, v in self._of.items() if index - v[1] <= window}
        self.load[k] += 1
        return k


def plan(paths: Iterable[str], fmt: str | None, shards: int,
         split_min_bytes: int = SPLIT_MIN_BYTES) -> list[Planned]:
    """Units in the order a single-process scan reads them; listing trouble (missing paths,
    unlistable folders) as Notes where it happened.

    A splittable dump of ``split_min_bytes`` or more is cut into shares in proportion to its
    part of the corpus's bytes (one big dump: ``shards`` shares; many dumps of a size: few or
    none, as the files alone keep the workers busy and every share re-reads its dump)."""
    listing = Report()
    seen = 0
    out: list[Planned | tuple[str, int, bool]] = []
    cwd = os.getcwd()

    def notes() -> None:
        nonlocal seen
        if len(listing.warnings) > seen:
            new = listing.warnings[seen:]
            seen = len(listing.warnings)
            out.append(Notes(list(new), Counter(listing.skipped)))
            listing.skipped.clear()

    for source in iter_sources(paths, listing):
        notes()
        size = 0
        splittable = False
        if not is_url(source):
            try:
                size = Path(source).stat().st_size
                if shards > 1 and size >= split_min_bytes:
                    reader = choose_reader(source, fmt)
                    splittable = reader is not None and type(reader).splittable
            except Exception:  # noqa: BLE001 - the worker meets the same trouble and reports it
                splittable = False
        out.append((source, size, splittable))
    notes()
    total = sum(it[1] for it in out if isinstance(it, tuple)) or 1
    planned: list[Planned] = []
    for it in out:
        if not isinstance(it, tuple):
            planned.append(it)
            continue
        source, size, splittable = it
        split = min(shards, max(1, round(shards * size / total))) if splittable else 1
        planned.extend(Unit(source, cwd, fmt, k, split, size) for k in range(split))
    return planned


_cwd_lock = threading.Lock()


def _posts(unit: Unit, report: Report, http: Http | None) -> Iterator[Post]:
    if not is_url(unit.source) and not os.path.isabs(unit.source):
        with _cwd_lock:
            if os.getcwd() != unit.cwd:
                os.chdir(unit.cwd)  # workers run a scan's units only, all from one directory
    if unit.shards == 1:
        return read_posts([unit.source], report, unit.fmt, http=http)
    shares = ThreadShares(unit.shards)

    def keep(thread: str | None, index: int) -> bool:
        return shares.share(thread, index) == unit.shard

    return read_posts([unit.source], report, unit.fmt, http=http, threads=keep, skim=unit.skim)


def extract_unit(unit: Unit, http: Http | None = None, compact: bool = False) -> UnitResult:
    """Run one unit: read, keep its share, extract. Runs in a worker process (or inline).
    ``compact``: only the recommended mentions come back whole, the others as packed lines."""
    report = Report()
    out = UnitResult()
    tracker = ThreadTracker()
    packer = Packer() if compact else None
    try:
        for post in _posts(unit, report, http):
            out.posts += 1
            if post.source not in out.sources:
                out.sources.append(post.source)
            found = tracker.extract(post)
            if packer is None:
                out.mentions.extend(found)
                continue
            for m in found:
                packer.add(m)
                if m.recommended:
                    out.mentions.append(m)
    except Misplaced as exc:
        return UnitResult(misplaced=exc.line)
    if packer is not None:
        out.packed = packer.finish()
    if unit.shard == 0:
        # Every share reads the same bytes and meets the same trouble: share 0 tells it.
        out.notes = Notes(report.warnings, report.skipped)
    return out


Rerun = Callable[[list[Unit]], list[UnitResult]]


class Assembler:
    """Puts results back in plan order: warnings replayed into the one Report, the shares of
    a dump merged by post index (a post is in exactly one share, in reading order). With
    ``on_mention``, mentions go to it in that order instead of into ``extraction.mentions``;
    with ``on_line`` (compact results), each mention's line and, if recommended, the mention.

    When a share found a line placed wrongly (``UnitResult.misplaced``), every share of that
    file is run again through ``rerun`` (by default here, one after another) decoding every
    line."""

    def __init__(self, report: Report,
                 on_mention: Callable[[Mention], None] | None = None,
                 on_line: Callable[[str, Mention | None], None] | None = None,
                 rerun: Rerun | None = None) -> None:
        self.report = report
        self.extraction = Extraction()
        self.on_mention = on_mention
        self.on_line = on_line
        self.rerun = rerun or (lambda units: [extract_unit(u, None, on_line is not None)
                                              for u in units])
        self._units: list[Unit] = []
        self._shares: list[UnitResult] = []

    def _replay(self, notes: Notes) -> None:
        for w in notes.warnings:
            self.report.warn(w.source, w.message, w.line, w.category)
        self.report.skipped.update(notes.skipped)

    def add(self, item: Planned, result: UnitResult | None = None) -> None:
        if isinstance(item, Notes):
            self._replay(item)
            return
        assert result is not None
        self._units.append(item)
        self._shares.append(result)
        if item.shard == item.shards - 1:
            self._finish_file()

    def _finish_file(self) -> None:
        units, shares, self._units, self._shares = self._units, self._shares, [], []
        if any(r.misplaced for r in shares):
            shares = self.rerun([replace(u, skim=False) for u in units])
        ex = self.extraction
        for r in shares:
            self._replay(r.notes)
            ex.posts += r.posts
            ex.sources.update(r.sources)
        if self.on_line is not None:
            for _, line, m in heapq.merge(*(unpacked(r.packed, r.mentions) for r in shares),
                                          key=itemgetter(0)):
                self.on_line(line, m)
            return
        merged: Iterable[Mention] = shares[0].mentions if len(shares) == 1 else heapq.merge(
            *(r.mentions for r in shares), key=lambda m: m.post.index)
        if self.on_mention is None:
            ex.mentions.extend(merged)
        else:
            for m in merged:
                self.on_mention(m)
