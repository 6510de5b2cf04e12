"""What the live-thread readers share: the HTTP client, per-site base URLs and rate limits,

and turning fetch failures into one reported skip instead of an exception.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from readlist.errors import CatalogueError, ReadlistError
from readlist.report import Report

if TYPE_CHECKING:
    from readlist.http import Http


class FetchFailed(ReadlistError):
    """A live thread could not be fetched; already reported."""


def site_url(name: str, default: str) -> str:
    """``READLIST_<NAME>_URL`` or the site's public API base (tests point this at a local server)."""
    return (os.environ.get(f"READLIST_{name.upper()}_URL") or default).rstrip("/")


def site_rate(name: str, default: float) -> float:
    try:
        return float(os.environ.get(f"READLIST_{name.upper()}_RATE") or default)
    except ValueError:
        return default


class Fetcher:
    """JSON GETs through the shared :class:`~readlist.http.Http` for one live source."""

    def __init__(self, http: Http | None, source: str, report: Report, site: str) -> None:
        self.source = source
        self.report = report
        self.site = site
        self._own = http is None
        if http is None:
            from readlist.config import load_settings
            from readlist.http import Http

            http = Http(load_settings().contact)
        self.http = http

    def limit(self, base: str, per_second: float) -> None:
        self.http.limit(base, per_second)

    def get_json(self, url: str, params: dict[str, Any] | None = None,
                 required: bool = True) -> Any | None:
        """The decoded answer; None for 404. Failures raise FetchFailed after reporting: a
        skip when ``required`` (nothing could be read), else a warning (the thread is partial)."""
        try:
            return self.http.get_json(url, params=params, provider=self.site)
        except CatalogueError as exc:
            reason = "offline" if exc.kind == "offline" else "unreachable"
            message = f"{self.site}: {exc}" if not str(exc).startswith(self.site) else str(exc)
            if required:
                self.report.skip(self.source, reason, f"cannot fetch the thread ({message})")
            else:
                self.report.warn(self.source, f"thread is incomplete: {message}")
            raise FetchFailed(message) from exc

    def close(self) -> None:
        if self._own:
            self.http.close()


@contextmanager
def fetcher(http: Http | None, source: str, report: Report, site: str) -> Iterator[Fetcher]:
    f = Fetcher(http, source, report, site)
    try:
        yield f
    finally:
        f.close()
