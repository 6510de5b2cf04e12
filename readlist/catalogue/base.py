"""What a catalogue provider is: a small class whose HTTP methods feed pure mapping functions.

"Not found" is an empty result; an unreachable or misbehaving catalogue raises
:class:`readlist.errors.CatalogueError` for the resolver to report and move past.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from typing import Any, ClassVar, TypeVar

from readlist.config import Settings, base_url
from readlist.http import Http
from readlist.models import Edition, Work, WorkQuery

T = TypeVar("T")


def rate_limit(name: str, default: float) -> float:
    """Requests per second for a catalogue: its documented limit, or ``READLIST_<NAME>_RATE``
    for a mirror or a local server that allows more."""
    try:
        return float(os.environ.get(f"READLIST_{name.upper()}_RATE") or default)
    except ValueError:
        return default


class Once:
    """Each key computed once, even when several threads ask at the same moment.

    Failures are not remembered: the next caller tries again (the resolver stops asking a
    catalogue that is down anyway).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[Hashable, Any] = {}
        self._pending: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                return self._values[key]  # type: ignore[no-any-return]
            lock = self._pending.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self._values[key] = value
                self._pending.pop(key, None)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._values[key] = value

    def peek(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            return self._values.get(key, default)


class Provider:
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    default_url: ClassVar[str] = ""
    per_second: ClassVar[float] = 1.0  # polite default; each provider states its own
    concurrency: ClassVar[int | None] = None  # requests in flight at once, when the host says
    needs_key: ClassVar[bool] = False  # off unless the user configured a key
    on_by_default: ClassVar[bool] = True
    batch_isbns: ClassVar[bool] = False  # by_isbns asks for many ISBNs in one request

    def __init__(self, http: Http, settings: Settings | None = None) -> None:
        self.http = http
        self.settings = settings or Settings()
        self.base = base_url(self.name, self.default_url)
        self.http.limit(self.base, rate_limit(self.name, self.rate()),
                        concurrency=self.parallel())
        self.memo = Once()  # per-run answers shared between threads (editions of a work ...)

    @classmethod
    def default_on(cls, settings: Settings) -> bool:
        """Whether this catalogue is in the default order for these settings."""
        return cls.on_by_default and not (cls.needs_key and not settings.key(cls.name))

    def rate(self) -> float:
        """This catalogue's requests per second (some depend on a contact or key)."""
        return self.per_second

    def parallel(self) -> int | None:
        """How many requests may be in flight at once (None: as many as the resolver sends)."""
        return self.concurrency

    def available(self) -> str | None:
        """None when usable; else why not (e.g. "no API key set")."""
        if self.needs_key and not self.settings.key(self.name):
            return f"no API key (set READLIST_{self.name.upper()}_KEY)"
        return None

    # Each returns [] / None for "not found"; providers implement what their API offers.
    def search(self, query: WorkQuery, limit: int = 10) -> list[Work]:
        return []

    def author_works(self, author: str, limit: int = 200) -> list[Work]:
        return []

    def editions(self, work: Work, limit: int = 100) -> list[Edition]:
        return []

    def work_details(self, work: Work) -> Work | None:
        """The work with what a list of works leaves out (description, subjects), if any."""
        return None

    def by_isbn(self, isbn: str) -> tuple[Work | None, Edition] | None:
        return None

    def by_isbns(self, isbns: list[str]) -> dict[str, tuple[Work | None, Edition]]:
        """Batch lookup; the default asks one at a time. Missing keys mean "not found"."""
        out: dict[str, tuple[Work | None, Edition]] = {}
        for isbn in isbns:
            found = self.by_isbn(isbn)
            if found is not None:
                out[isbn] = found
        return out

    def by_doi(self, doi: str) -> Work | None:
        return None

    def doi_edition(self, doi: str) -> Edition | None:
        """The edition a DOI names, where the catalogue has one (Crossref books)."""
        return None

    def by_id(self, work_id: str) -> Work | None:
        return None

    def get(self, path: str, **params: object) -> Any:
        """GET ``base + path`` as JSON (None for 404), with this provider's name on errors."""
        clean = {k: v for k, v in params.items() if v is not None}
        return self.http.get_json(self.base + path, params=clean or None, provider=self.name)
