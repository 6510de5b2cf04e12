"""``--engine dask``: extraction on a Dask cluster, as a dask.bag over files and dump shares.

With ``--scheduler ADDRESS`` (or Dask's own ``DASK_SCHEDULER_ADDRESS``) it joins that cluster;
without, it starts a LocalCluster of worker processes on 127.0.0.1 and stops it afterwards.
Workers read the files by the path the scan was given (relative paths from the directory the
scan ran in), so every worker must see the same files at the same paths and have readlist
installed. Only paths go out and mentions come back; resolution and writing stay here.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from readlist.corpus import is_url
from readlist.engines.units import (
    SPLIT_MIN_BYTES,
    Assembler,
    Extraction,
    Notes,
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

def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ReadlistError("--engine dask needs Dask: pip install 'readlist[dask]'") from exc
    address = scheduler or dask.config.get("scheduler-address", None)
    if address:
        try:
            # Dask's connect timeout (distributed.comm.timeouts.connect) applies.
            return Client(address, set_as_default=False), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise ReadlistError(f"cannot reach the Dask scheduler at {address} ({exc})") from exc
    # Worker processes started while Ctrl-C is ignored keep ignoring it: this process alone
    # handles it (and closes the cluster) instead of every worker printing a traceback.
    main = threading.current_thread() is threading.main_thread()
    old = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None,
                               silence_logs=logging.CRITICAL)
    finally:
        if main:
            signal.signal(signal.SIGINT, old)
    return Client(cluster, set_as_default=False), cluster


def run_dask(paths: list[str], report: Report, scheduler: str | None = None,
             workers: int = 2, fmt: str | None = None, http: Http | None = None,
             split_min_bytes: int = SPLIT_MIN_BYTES,
             on_mention: Callable[[Mention], None] | None = None,
             on_line: Callable[[str, Mention | None], None] | None = None) -> Extraction:
    """Extract on the cluster; the result equals a single-process run's."""
    import dask.bag as db

    compact = on_line is not None
    client, cluster = _client(scheduler, workers)
    try:
        threads = max(1, sum(client.nthreads().values()))
        items = plan(paths, fmt, threads, split_min_bytes)
        remote = sorted((i for i, it in enumerate(items)
                         if isinstance(it, Unit) and not is_url(it.source)),
                        key=lambda i: -items[i].size)  # type: ignore[union-attr]
        def run(units: list[Unit]) -> list[UnitResult]:
            bag = db.from_sequence(units, npartitions=len(units)).map(extract_unit,
                                                                      compact=compact)
            try:
                return list(client.compute(bag).result())
            except ImportError as exc:
                raise ReadlistError(f"a Dask worker cannot run readlist ({exc}); install "
                                    "readlist on every worker") from exc

        results: dict[int, UnitResult] = {}
        if remote:
            computed = run([u for i in remote if isinstance(u := items[i], Unit)])
            results = dict(zip(remote, computed, strict=True))
        asm = Assembler(report, on_mention, on_line, rerun=run)
        for i, item in enumerate(items):
            if isinstance(item, Notes):
                asm.add(item)
            else:
                asm.add(item, results[i] if i in results else extract_unit(item, http, compact))
        return asm.extraction
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
