"""``--jobs N``: extraction in N worker processes on this machine.

Workers read the files themselves (only paths and results cross process lines); the biggest
units start first; results are put back in reading order. Ctrl-C ends the workers at once:
they write nothing, so nothing is left half-written.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from readlist.corpus import is_url
from readlist.engines.units import (
    SPLIT_MIN_BYTES,
    Assembler,
    Extraction,
    Notes,
    Planned,
    Unit,
    UnitResult,
    extract_unit,
    plan,
)
from readlist.errors import ReadlistError
from readlist.models import Mention
from readlist.report import Report

if TYPE_CHECKING:
    from readlist.http import Http


def cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_HOLD = {signal.SIGINT} if hasattr(signal, "pthread_sigmask") else set()


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides what happens. (A forked
    # worker is born with Ctrl-C held back, see run_local, so it never sees one unhandled.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _HOLD:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HOLD)


def _context() -> multiprocessing.context.BaseContext:
    # fork while this process runs no other thread: the workers start at once with readlist
    # imported (a forkserver imports it afresh first, on every scan's critical path), and no
    # lock can be held by a thread that is not there (ProcessPoolExecutor starts fork workers
    # before its own thread). Otherwise forkserver: workers are forked from a clean process,
    # not from one that may hold locks of running threads (progress bar, HTTP); spawn where
    # there is no fork.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["readlist.engines.units"])
        return ctx
    return multiprocessing.get_context("spawn")


def run_local(paths: list[str], jobs: int, report: Report, fmt: str | None = None,
              http: Http | None = None, split_min_bytes: int = SPLIT_MIN_BYTES,
              on_unit: Callable[[Planned, UnitResult | None], None] | None = None,
              on_mention: Callable[[Mention], None] | None = None,
              on_line: Callable[[str, Mention | None], None] | None = None) -> Extraction:
    items = plan(paths, fmt, jobs, split_min_bytes)
    asm = Assembler(report, on_mention, on_line)
    compact = on_line is not None
    units = {i: it for i, it in enumerate(items) if isinstance(it, Unit)}
    files = [i for i, u in units.items() if not is_url(u.source)]
    workers = min(jobs, len(files))
    if workers <= 1:
        for item in items:
            result = None if isinstance(item, Notes) else extract_unit(item, http, compact)
            asm.add(item, result)
            if on_unit is not None:
                on_unit(item, result)
        return asm.extraction
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_worker_init)
    asm.rerun = lambda again: [f.result() for f in
                               [pool.submit(extract_unit, u, None, compact) for u in again]]
    try:
        pending: dict[int, Future[UnitResult]] = {}
        # Workers are forked at the first submit: Ctrl-C waits until they ignore it.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HOLD) if _HOLD else None
        try:
            for i in sorted(files, key=lambda i: -units[i].size):
                pending[i] = pool.submit(extract_unit, units[i], None, compact)
        finally:
            if held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for i, item in enumerate(items):
            if isinstance(item, Notes):
                result = None
            elif i in pending:
                result = pending.pop(i).result()
            else:
                # thread URLs: fetched here, through the cache
                result = extract_unit(item, http, compact)
            asm.add(item, result)
            if on_unit is not None:
                on_unit(item, result)
    except BrokenProcessPool as exc:
        _stop(pool)
        raise ReadlistError("a worker process died (out of memory?); try fewer --jobs") from exc
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return asm.extraction


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now, running units included (they hold nothing worth keeping)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
