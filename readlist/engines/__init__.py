"""Where extraction runs: in this process, in ``--jobs N`` processes, or on a Dask cluster.

Every engine returns the same :class:`Extraction` (posts, sources, mentions in reading order)
and puts warnings into the one Report, so resolution and writing do not care which ran.

How a corpus is cut: one unit per file (a file's posts stay together, in order, as a thread's
context needs). A big Reddit dump is split by thread instead of by bytes, because a dump is
in time order and a thread's comments are spread through it: each share reads the whole dump
but decodes and builds only the posts of the threads dealt to it (``units.ThreadShares``;
the others' lines are placed by a look at their bytes, ``Reader.read_threads``), so every
thread is still read whole and in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from readlist.engines.local import cores, run_local
from readlist.engines.units import SPLIT_MIN_BYTES, Extraction, extract_unit, plan
from readlist.errors import ReadlistError
from readlist.report import Report

if TYPE_CHECKING:
    from readlist.http import Http
    from readlist.models import Mention

ENGINES = ("local", "dask")

__all__ = ["ENGINES", "SPLIT_MIN_BYTES", "Extraction", "cores", "extract", "extract_unit", "plan", "resolve_jobs"]


def resolve_jobs(jobs: int | str | None) -> int:
    """``--jobs``: a number, or 0 / "auto" for one process per core this process may use."""
    if jobs is None:
        return 1
    if isinstance(jobs, str):
        if jobs.strip().lower() == "auto":
            return cores()
        try:
            jobs = int(jobs)
        except ValueError:
            raise ReadlistError(f"--jobs must be a number or 'auto', not {jobs!r}") from None
    if jobs < 0:
        raise ReadlistError("--jobs must be 0 (auto) or more")
    return cores() if jobs == 0 else jobs


def extract(paths: list[str], report: Report, *, jobs: int = 1, engine: str = "local",
            scheduler: str | None = None, fmt: str | None = None, http: Http | None = None,
            split_min_bytes: int = SPLIT_MIN_BYTES,
            on_mention: Callable[[Mention], None] | None = None,
            on_line: Callable[[str, Mention | None], None] | None = None) -> Extraction:
    """Find the mentions in ``paths`` with the chosen engine. With ``on_mention`` each mention
    goes to it, in reading order, instead of into the Extraction's list. With ``on_line`` each
    goes to it as its ``--mentions`` line, with the mention itself only if recommended (workers
    then send back little more than that: readlist.engines.compact)."""
    if engine == "dask":
        from readlist.engines.cluster import run_dask

        return run_dask(paths, report, scheduler, workers=jobs, fmt=fmt, http=http,
                        split_min_bytes=split_min_bytes, on_mention=on_mention,
                        on_line=on_line)
    if engine != "local":
        raise ReadlistError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    return run_local(paths, jobs, report, fmt, http, split_min_bytes, on_mention=on_mention,
                     on_line=on_line)
