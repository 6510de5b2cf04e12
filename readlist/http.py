"""The one place an HTTP session is built: User-Agent, timeouts, retries, per-host limits, cache.

Every catalogue, live-thread reader and Zotero client goes through :class:`Http`, so they all
identify themselves, share the persistent response cache and respect each host's rate limit.
Limits are applied below the cache: answers from the cache cost nothing and never wait.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import re
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
import urllib3
from requests.adapters import HTTPAdapter
from requests_ratelimiter import LimiterAdapter

from readlist import PROJECT_URL, __version__
from readlist.config import cache_dir
from readlist.errors import CatalogueError, CatalogueUnavailable

log = logging.getLogger(__name__)

# Parameters and headers never part of a cache key nor stored in the cache: secrets, and the
# user's contact address (it identifies the user, and changing it must not empty the cache).
SECRET_PARAMETERS = (
    "Authorization",
    "Zotero-API-Key",
    "X-API-KEY",
    "Crossref-Plus-API-Token",
    "api_key",
    "key",
    "access_token",
    "mailto",
)
RETRY_STATUSES = {429, 500, 502, 503, 504}
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read (between bytes)
CONNECT_ATTEMPTS = 2  # a refused connection or unknown host rarely heals within seconds


_SECRET_IN_URL = re.compile(
    r"(?i)\b(" + "|".join(re.escape(n) for n in SECRET_PARAMETERS if n != "mailto")
    + r")(=|%3D)[^&\s'\"<>]+")


def known_secrets() -> list[str]:
    """The API keys this user configured (environment and config file)."""
    values = [v for k, v in os.environ.items()
              if k == "ZOTERO_API_KEY" or (k.startswith("READLIST_") and k.endswith("_KEY"))]
    try:
        from readlist.config import load_settings

        settings = load_settings()
        values += list(settings.keys.values())
        values.append(settings.zotero("api_key") or "")
    except Exception:  # noqa: BLE001 - redaction must work even when the config is broken
        pass
    return sorted({v.strip() for v in values if len(v.strip()) >= 4}, key=len, reverse=True)


def redact(text: str, secrets: list[str] | None = None) -> str:
    """``text`` with every configured key and every ``key=...`` query value replaced by ***."""
    for secret in known_secrets() if secrets is None else secrets:
        text = text.replace(secret, "***")
    return _SECRET_IN_URL.sub(r"\1\2***", text)


class RedactingFilter(logging.Filter):
    """urllib3 logs every request line, query string included, at DEBUG: keys are hidden."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message, _log_secrets)
        if clean != message:
            record.msg, record.args = clean, None
        return True


_log_secrets: list[str] = []  # refreshed by each new Http, so filtering reads no file


def _hide_secrets_in_logs() -> None:
    """A filter on every logger of the HTTP stack (a logger's filter does not cover its
    children, so each one gets its own); they all exist once those modules are imported."""
    _log_secrets[:] = known_secrets()
    names = [name for name in list(logging.root.manager.loggerDict)
             if name.split(".")[0] in ("urllib3", "requests", "requests_cache",
                                       "requests_ratelimiter", "pyrate_limiter", "readlist")]
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


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
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _seconds(interval: str | None) -> float | None:
    """``"1s"``, ``"60s"``, ``"1m"`` or ``"2"`` -> seconds (Crossref's ``x-rate-limit-interval``)."""
    if not interval:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", interval)
    if not m:
        return None
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[m.group(2) or "s"]
    return float(m.group(1)) * scale


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


@dataclass
class HttpStats:
    """What the run cost: requests that reached the network, cache hits, failures, by provider."""

    sent: Counter[str] = field(default_factory=Counter)
    cached: Counter[str] = field(default_factory=Counter)
    retries: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, what: str, name: str) -> None:
        with self._lock:
            getattr(self, what)[name] += 1

    @property
    def total_sent(self) -> int:
        return sum(self.sent.values())

    @property
    def total_cached(self) -> int:
        return sum(self.cached.values())


class HostGate:
    """Per-host manners for requests that reach the network: a pace learned from the server's
    own rate-limit headers, a cap on parallel requests, and holds asked for by ``Retry-After``
    or ``Backoff``. The configured per-second limits are enforced by requests-ratelimiter."""

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self.sleep = sleep
        self._lock = threading.Lock()
        self._interval: dict[str, float] = {}  # minimum seconds between request starts
        self._next: dict[str, float] = {}  # monotonic time the next request may start
        self._last: dict[str, float] = {}  # when the last request started
        self._slots: dict[str, tuple[int, threading.BoundedSemaphore]] = {}

    def pace(self, host: str, per_second: float) -> bool:
        """Slow ``host`` to ``per_second`` (never speeds up). True when this changed anything."""
        if per_second <= 0:
            return False
        interval = 1.0 / per_second
        with self._lock:
            if interval <= self._interval.get(host, 0.0) + 1e-9:
                return False
            self._interval[host] = interval
            # The request that brought the news counts: the next one waits a full interval.
            self._next[host] = max(self._next.get(host, 0.0),
                                   self._last.get(host, 0.0) + interval)
            return True

    def concurrency(self, host: str, n: int) -> bool:
        """At most ``n`` requests in flight to ``host`` (only ever lowered)."""
        n = max(1, n)
        with self._lock:
            current = self._slots.get(host)
            if current is not None and current[0] <= n:
                return False
            self._slots[host] = (n, threading.BoundedSemaphore(n))
            return True

    def limit_of(self, host: str) -> int | None:
        with self._lock:
            slot = self._slots.get(host)
        return slot[0] if slot else None

    def hold(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts before ``seconds`` from now."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)

    def enter(self, host: str) -> threading.BoundedSemaphore | None:
        with self._lock:
            slot = self._slots.get(host)
        sem = slot[1] if slot else None
        if sem is not None:
            sem.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self._interval.get(host, 0.0)
            self._last[host] = start
        if start > now:
            self.sleep(start - now)
        return sem

    @staticmethod
    def leave(sem: threading.BoundedSemaphore | None) -> None:
        if sem is not None:
            sem.release()


def _read_within(response: requests.Response, seconds: float) -> None:
    """Read the whole body, giving up after ``seconds`` in all: the read timeout alone is per
    receive, so a server dripping a byte at a time would otherwise hold the run forever."""
    end = time.monotonic() + seconds
    parts: list[bytes] = []
    try:
        while True:
            chunk = response.raw.read1(65536, decode_content=True)
            if not chunk:
                break
            parts.append(chunk)
            if time.monotonic() > end:
                response.close()
                raise requests.exceptions.ReadTimeout(
                    f"answer still incomplete after {seconds:g} s", response=response)
    except requests.RequestException:
        raise  # our own deadline (requests' exceptions are OSErrors too)
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc, response=response) from exc
    except urllib3.exceptions.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.SSLError, OSError) as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    response._content = b"".join(parts)
    response._content_consumed = True  # type: ignore[attr-defined]


class _GateMixin:
    """Runs each real network request through the session's :class:`HostGate`, and reads
    its answer within the client's deadline."""

    gate: HostGate
    deadline: float = 120.0

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        host = urlsplit(request.url or "").netloc
        sem = self.gate.enter(host)
        try:
            stream = kwargs.get("stream", False)
            kwargs["stream"] = True
            response: requests.Response = super().send(request, **kwargs)  # type: ignore[misc]
            if not stream:
                _read_within(response, self.deadline)
            return response
        finally:
            self.gate.leave(sem)


class _GatedAdapter(_GateMixin, HTTPAdapter):  # type: ignore[misc]
    pass


class _LimitedAdapter(_GateMixin, LimiterAdapter):  # type: ignore[misc]
    pass


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
        env_timeout = os.environ.get("READLIST_HTTP_TIMEOUT")  # seconds to wait for an answer
        if env_timeout and timeout == DEFAULT_TIMEOUT:
            try:
                read = max(0.1, float(env_timeout))
                timeout = (min(timeout[0], read), read)
            except ValueError:
                log.warning("READLIST_HTTP_TIMEOUT=%r is not a number of seconds", env_timeout)
        self.timeout = timeout
        self.deadline = 4 * timeout[1]  # a whole answer, however slowly it drips
        self.max_attempts = max(1, max_attempts)
        self.max_wait = max_wait
        env_backoff = os.environ.get("READLIST_HTTP_BACKOFF")
        self.backoff = backoff if backoff is not None else float(env_backoff or 1.0)
        # Set by cancel()/close(): threads still resolving when the user pressed Ctrl-C stop
        # at their next request instead of finishing the run nobody is waiting for.
        self._cancelled = threading.Event()
        if sleep is time.sleep:
            sleep = self._pause
        self.sleep = sleep
        self.stats = HttpStats()
        self.gate = HostGate(sleep)
        path = cache_path or (cache_dir() / "http_cache.sqlite")
        self.session = requests_cache.CachedSession(
            cache_name=str(path),
            backend="sqlite",
            expire_after=expire_after if expire_after is not None else requests_cache.NEVER_EXPIRE,
            allowable_codes=(200, 404),
            allowable_methods=("GET", "HEAD"),
            # The User-Agent carries the contact address: sent, but not kept on disk.
            ignored_parameters=(*SECRET_PARAMETERS, "User-Agent"),
            stale_if_error=True,
        )
        self.session.headers["User-Agent"] = user_agent(contact)
        _hide_secrets_in_logs()
        self.session.max_redirects = 10
        for scheme in ("http://", "https://"):
            adapter = _GatedAdapter()
            adapter.gate = self.gate
            adapter.deadline = self.deadline
            self.session.mount(scheme, adapter)
        self._limited: set[str] = set()
        self._rates: dict[str, float] = {}  # host -> configured requests per second
        self._lock = threading.Lock()

    # -- configuration -------------------------------------------------------------------------
    def limit(self, base_url: str, per_second: float, burst: int = 1,
              concurrency: int | None = None) -> None:
        """Hold requests under ``base_url`` to ``per_second`` and at most ``concurrency`` at a
        time (cache hits are free). The server's own rate-limit headers may lower both."""
        prefix = base_url.rstrip("/") + "/"
        host = urlsplit(prefix).netloc
        if concurrency:
            self.gate.concurrency(host, concurrency)
        with self._lock:
            if prefix in self._limited:
                return
            adapter = _LimitedAdapter(per_second=per_second, burst=burst, per_host=True)
            adapter.gate = self.gate
            adapter.deadline = self.deadline
            self.session.mount(prefix, adapter)
            self._limited.add(prefix)
            self._rates[host] = min(per_second, self._rates.get(host, per_second))

    def cancel(self) -> None:
        """Refuse every further request (waits end early); the run is being abandoned."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def close(self) -> None:
        self.cancel()
        self.session.close()

    def _pause(self, seconds: float) -> None:
        self._cancelled.wait(seconds)

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
            if self._cancelled.is_set():
                raise CatalogueUnavailable(f"{name}: not asked (the run was interrupted)", name,
                                           "interrupted")
            try:
                response = self._send(method, url, params, headers, cache, name, kwargs)
            except requests.TooManyRedirects as exc:
                self.stats.count("failures", name)
                raise CatalogueError(f"{name}: too many redirects (a redirect loop?)", name,
                                     "bad_response") from exc
            except (requests.Timeout, requests.ConnectionError,
                    requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                reason, limit = _network_failure(exc, self.max_attempts)
                if attempt < limit:
                    self.stats.count("retries", name)
                    self.sleep(self._backoff(attempt))
                    continue
                self.stats.count("failures", name)
                raise CatalogueUnavailable(
                    f"{name}: unreachable ({reason} after {attempt} attempt"
                    f"{'s' * (attempt != 1)})", name, "unreachable") from exc
            except requests.RequestException as exc:
                self.stats.count("failures", name)
                raise CatalogueError(f"{name}: bad request ({exc.__class__.__name__})", name,
                                     "bad_request") from exc

            from_cache = bool(getattr(response, "from_cache", False))
            self.stats.count("cached" if from_cache else "sent", name)
            if not from_cache:
                self._learn(host, response)
            status = response.status_code
            if 200 <= status < 300 or status == 404 or status in ok_statuses:
                return response
            if status in RETRY_STATUSES:
                wait = _retry_after(response.headers.get("Retry-After"))
                if wait is not None and wait > self.max_wait:
                    self.stats.count("failures", name)
                    self.gate.hold(host, min(wait, 3600.0))
                    raise CatalogueUnavailable(
                        f"{name}: rate limited (HTTP {status}); the server asks to wait "
                        f"{int(wait)} s, try again later", name, "rate_limited")
                if attempt < self.max_attempts:
                    self.stats.count("retries", name)
                    # Every thread waits, not just this one: the whole host asked for a pause.
                    self.gate.hold(host, wait if wait is not None else self._backoff(attempt))
                    continue
                self.stats.count("failures", name)
                kind = "rate_limited" if status == 429 else "server"
                what = "rate limited" if status == 429 else "server error"
                raise CatalogueUnavailable(
                    f"{name}: {what} (HTTP {status} after {attempt} attempts)", name, kind)
            self.stats.count("failures", name)
            if status in (401, 403):
                raise CatalogueError(f"{name}: access refused (HTTP {status}){self._hint()}",
                                     name, "forbidden")
            raise CatalogueError(f"{name}: unexpected answer (HTTP {status})", name,
                                 "bad_response")

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
            except (ValueError, UnicodeDecodeError, LookupError) as exc:
                # Never keep a garbage body in the cache: a re-run would read it again.
                self._forget(response)
                if attempt < min(self.max_attempts, 2) and not self.offline:
                    self.stats.count("retries", name)
                    self.sleep(self._backoff(attempt))
                    continue
                self.stats.count("failures", name)
                raise CatalogueError(f"{name}: answered with something that is not JSON", name,
                                     "bad_response") from exc

    # -- helpers -------------------------------------------------------------------------------
    def _send(self, method: str, url: str, params: Mapping[str, Any] | None,
              headers: dict[str, str] | None, cache: bool, name: str,
              kwargs: dict[str, Any]) -> requests.Response:
        if self.offline:
            response = self.session.request(method, url, params=params, headers=headers,
                                            timeout=self.timeout, only_if_cached=True, **kwargs)
            # requests-cache answers a miss with a synthetic 504 (504s are never stored).
            if response.status_code == 504:
                raise CatalogueUnavailable(f"{name}: offline and not in the cache", name,
                                           "offline")
            return response
        if cache:
            return self.session.request(method, url, params=params, headers=headers,
                                        timeout=self.timeout, **kwargs)
        with self.session.cache_disabled():
            return self.session.request(method, url, params=params, headers=headers,
                                        timeout=self.timeout, **kwargs)

    def _hint(self) -> str:
        if not self.contact:
            return (" - it may refuse clients that do not identify themselves: set a contact "
                    "with READLIST_CONTACT=you@example.org or `contact = \"you@example.org\"` "
                    "in config.toml")
        return (f" - readlist identified itself with the contact {self.contact}; if that is "
                "not a working address, set another with READLIST_CONTACT")

    def _backoff(self, attempt: int) -> float:
        return min(self.max_wait, self.backoff * (2 ** (attempt - 1)) * (1 + random.random() / 4))

    def _learn(self, host: str, response: requests.Response) -> None:
        """Adopt what the server says about its limits; they only ever make us slower."""
        h = response.headers
        # Zotero (and others) send ``Backoff: <s>`` asking clients to slow down for a while.
        wait = _retry_after(h.get("Backoff"))
        if wait:
            self.gate.hold(host, min(wait, self.max_wait))
        # Crossref: x-rate-limit-limit / x-rate-limit-interval / x-concurrency-limit.
        limit, interval = _int(h.get("x-rate-limit-limit")), _seconds(h.get("x-rate-limit-interval"))
        if limit and interval:
            per_second = limit / interval
            configured = self._rates.get(host)
            if (configured is None or per_second < configured) and \
                    self.gate.pace(host, per_second):
                log.info("%s asks for at most %g requests/s", host, per_second)
        concurrent = _int(h.get("x-concurrency-limit"))
        if concurrent and self.gate.concurrency(host, concurrent):
            log.info("%s asks for at most %d requests at a time", host, concurrent)
        # OpenAlex and others: X-RateLimit-Remaining: 0 with X-RateLimit-Reset in seconds.
        if _int(h.get("X-RateLimit-Remaining")) == 0:
            reset = _retry_after(h.get("X-RateLimit-Reset"))
            if reset is not None and reset < 86400:
                self.gate.hold(host, min(reset, self.max_wait))

    def _forget(self, response: requests.Response) -> None:
        try:
            self.session.cache.delete(requests=[response.request])
        except Exception:  # noqa: BLE001 - cache housekeeping must never fail a run
            log.debug("could not drop a bad response from the cache", exc_info=True)


def _network_failure(exc: Exception, max_attempts: int) -> tuple[str, int]:
    """What went wrong, in words, and how many attempts it deserves."""
    if isinstance(exc, requests.ConnectTimeout):
        return "connection timed out", min(max_attempts, CONNECT_ATTEMPTS)
    if isinstance(exc, requests.Timeout):
        return "timed out", max_attempts
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ContentDecodingError)):
        return "answer cut off", max_attempts
    text = repr(exc)
    if "NewConnectionError" in text or "NameResolution" in text or "ConnectionRefused" in text:
        return "connection failed", min(max_attempts, CONNECT_ATTEMPTS)
    return "connection lost", max_attempts
