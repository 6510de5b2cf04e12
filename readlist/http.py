"""The one place an HTTP session is built: User-Agent, timeouts, retries, per-host limits, cache.

Every catalogue, live-thread reader and Zotero client goes through :class:`Http`, so they all
identify themselves, share the persistent response cache and respect each host's rate limit.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import requests_cache
from requests_ratelimiter import LimiterAdapter

from readlist import PROJECT_URL, __version__
from readlist.config import cache_dir
from readlist.errors import CatalogueError, CatalogueUnavailable

log = logging.getLogger(__name__)

# Headers and parameters that carry secrets: never part of a cache key, never stored in the cache.
SECRET_PARAMETERS = (
    "Authorization",
    "Zotero-API-Key",
    "X-API-KEY",
    "Crossref-Plus-API-Token",
    "api_key",
    "key",
    "access_token",
)
RETRY_STATUSES = {429, 500, 502, 503, 504}
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read


def user_agent(contact: str | None) -> str:
    """``readlist/<version> (+<project url>; <contact>)`` - what catalogues ask clients to send."""
    who = f"; {contact}" if contact else ""
    return f"readlist/{__version__} (+{PROJECT_URL}{who})"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` (or ``Backoff``) header: seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class HttpStats:
    """What the run cost: requests that reached the network, cache hits, failures by host."""

    sent: Counter[str] = field(default_factory=Counter)
    cached: Counter[str] = field(default_factory=Counter)
    retries: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    @property
    def total_sent(self) -> int:
        return sum(self.sent.values())

    @property
    def total_cached(self) -> int:
        return sum(self.cached.values())


class Http:
    """A cached, rate-limited, retrying, identifying HTTP client.

    ``offline`` answers only from the cache. ``sleep`` is injectable so tests need not wait.
    """

    def __init__(
        self,
        contact: str | None = None,
        *,
        offline: bool = False,
        cache_path: Path | None = None,
        expire_after: timedelta | None = timedelta(days=30),
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_attempts: int = 4,
        max_wait: float = 60.0,
        backoff: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.contact = contact
        self.offline = offline
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.max_wait = max_wait
        env_backoff = os.environ.get("READLIST_HTTP_BACKOFF")
        self.backoff = backoff if backoff is not None else float(env_backoff or 1.0)
        self.sleep = sleep
        self.stats = HttpStats()
        path = cache_path or (cache_dir() / "http_cache.sqlite")
        self.session = requests_cache.CachedSession(
            cache_name=str(path),
            backend="sqlite",
            expire_after=expire_after if expire_after is not None else requests_cache.NEVER_EXPIRE,
            allowable_codes=(200, 404),
            allowable_methods=("GET", "HEAD"),
            ignored_parameters=SECRET_PARAMETERS,
            stale_if_error=True,
        )
        self.session.headers["User-Agent"] = user_agent(contact)
        self.session.max_redirects = 10
        self._limited: set[str] = set()
        self._not_before: dict[str, float] = {}
        self._lock = threading.Lock()

    # -- configuration -------------------------------------------------------------------------
    def limit(self, base_url: str, per_second: float, burst: int = 1) -> None:
        """Hold requests under ``base_url`` to ``per_second`` (cache hits are free)."""
        prefix = base_url.rstrip("/") + "/"
        with self._lock:
            if prefix in self._limited:
                return
            adapter = LimiterAdapter(per_second=per_second, burst=burst, per_host=True)
            self.session.mount(prefix, adapter)
            self._limited.add(prefix)

    def close(self) -> None:
        self.session.close()

    # -- requests ------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        provider: str = "",
        ok_statuses: tuple[int, ...] = (),
        cache: bool = True,
        **kwargs: Any,
    ) -> requests.Response:
        """Send with retries. 2xx, 404 and ``ok_statuses`` are returned; the rest raise.

        Raises :class:`CatalogueUnavailable` when no answer could be had and
        :class:`CatalogueError` for answers that will not get better by retrying (403, 400 ...).
        """
        host = urlsplit(url).netloc
        name = provider or host
        attempt = 0
        while True:
            attempt += 1
            self._wait_for_host(host)
            try:
                if self.offline:
                    response = self.session.request(
                        method, url, params=params, headers=headers, timeout=self.timeout,
                        only_if_cached=True, **kwargs,
                    )
                    if response.status_code == 504 and not getattr(response, "from_cache", False):
                        raise CatalogueUnavailable(
                            f"{name}: offline and not in the cache", name, "offline"
                        )
                elif cache:
                    response = self.session.request(
                        method, url, params=params, headers=headers, timeout=self.timeout, **kwargs
                    )
                else:
                    with self.session.cache_disabled():
                        response = self.session.request(
                            method, url, params=params, headers=headers, timeout=self.timeout,
                            **kwargs,
                        )
            except requests.TooManyRedirects as exc:
                self.stats.failures[name] += 1
                raise CatalogueError(f"{name}: too many redirects", name, "bad_response") from exc
            except (requests.Timeout, requests.ConnectionError,
                    requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                reason = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
                if attempt < self.max_attempts:
                    self.stats.retries[name] += 1
                    self.sleep(self._backoff(attempt))
                    continue
                self.stats.failures[name] += 1
                raise CatalogueUnavailable(
                    f"{name}: unreachable ({reason} after {attempt} attempts)", name, "unreachable"
                ) from exc
            except requests.RequestException as exc:
                self.stats.failures[name] += 1
                raise CatalogueError(f"{name}: bad request ({exc.__class__.__name__})", name,
                                     "bad_request") from exc

            if getattr(response, "from_cache", False):
                self.stats.cached[name] += 1
            else:
                self.stats.sent[name] += 1
            self._note_backoff(host, response)
            status = response.status_code
            if 200 <= status < 300 or status == 404 or status in ok_statuses:
                return response
            if status in RETRY_STATUSES:
                wait = _retry_after(response.headers.get("Retry-After"))
                if wait is not None and wait > self.max_wait:
                    self.stats.failures[name] += 1
                    raise CatalogueUnavailable(
                        f"{name}: rate limited (HTTP {status}); the server asks to wait "
                        f"{int(wait)} s, try again later", name, "rate_limited"
                    )
                if attempt < self.max_attempts:
                    self.stats.retries[name] += 1
                    self.sleep(wait if wait is not None else self._backoff(attempt))
                    continue
                self.stats.failures[name] += 1
                kind = "rate_limited" if status == 429 else "server"
                what = "rate limited" if status == 429 else "server error"
                raise CatalogueUnavailable(
                    f"{name}: {what} (HTTP {status} after {attempt} attempts)", name, kind
                )
            self.stats.failures[name] += 1
            if status in (401, 403):
                hint = ""
                if not self.contact:
                    hint = (" - it may refuse clients that do not identify themselves: set a "
                            "contact with READLIST_CONTACT=you@example.org or `contact = ...` "
                            "in config.toml")
                raise CatalogueError(f"{name}: access refused (HTTP {status}){hint}", name,
                                     "forbidden")
            raise CatalogueError(f"{name}: unexpected answer (HTTP {status})", name, "bad_response")

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def get_json(self, url: str, *, provider: str = "", **kwargs: Any) -> Any | None:
        """GET and decode JSON; ``None`` for 404. Garbage bodies are retried, then reported."""
        name = provider or urlsplit(url).netloc
        attempt = 0
        while True:
            attempt += 1
            response = self.get(url, provider=provider, **kwargs)
            if response.status_code == 404:
                return None
            try:
                return json.loads(response.content.decode(response.encoding or "utf-8",
                                                          errors="strict"))
            except (ValueError, UnicodeDecodeError) as exc:
                # Never keep a garbage body in the cache: a re-run would read it again.
                self._forget(response)
                if attempt < min(self.max_attempts, 2) and not self.offline:
                    self.stats.retries[name] += 1
                    self.sleep(self._backoff(attempt))
                    continue
                self.stats.failures[name] += 1
                raise CatalogueError(f"{name}: answered with something that is not JSON", name,
                                     "bad_response") from exc

    # -- helpers -------------------------------------------------------------------------------
    def _backoff(self, attempt: int) -> float:
        return min(self.max_wait, self.backoff * (2 ** (attempt - 1)) * (1 + random.random() / 4))

    def _note_backoff(self, host: str, response: requests.Response) -> None:
        # Zotero (and others) send ``Backoff: <s>`` asking clients to slow down for a while.
        wait = _retry_after(response.headers.get("Backoff"))
        if wait:
            with self._lock:
                self._not_before[host] = max(self._not_before.get(host, 0.0),
                                             time.monotonic() + min(wait, self.max_wait))

    def _wait_for_host(self, host: str) -> None:
        with self._lock:
            until = self._not_before.get(host, 0.0)
        delay = until - time.monotonic()
        if delay > 0:
            self.sleep(delay)

    def _forget(self, response: requests.Response) -> None:
        try:
            self.session.cache.delete(requests=[response.request])
        except Exception:  # noqa: BLE001 - cache housekeeping must never fail a run
            log.debug("could not drop a bad response from the cache", exc_info=True)
