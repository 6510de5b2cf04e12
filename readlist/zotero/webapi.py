"""A small Zotero Web API v3 client: find items, read children, create in batches, patch notes.

Also reads Zotero desktop's local API (``http://127.0.0.1:23119/api``, same paths, user 0).
Every request carries the API key, so none is cached and none is logged; errors name the
library, never the key. Writes follow https://www.zotero.org/support/dev/web_api/v3/write_requests:
at most 50 objects per POST, a fresh ``Zotero-Write-Token`` per batch, ``If-Unmodified-Since-Version``
on updates. ``Backoff`` and ``Retry-After`` are honoured by :class:`readlist.http.Http`.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from readlist.http import Http
from readlist.zotero.errors import LocalApiDisabled, ZoteroError

API_URL = "https://api.zotero.org"
MAX_WRITE = 50
_LIBRARY = re.compile(r"^(user|group)s?:(\d+)$")
# Statuses this client answers itself instead of letting Http raise.
_OWN = (400, 401, 403, 404, 409, 412, 413, 428)


def parse_library(value: str) -> tuple[str, str]:
    """``user:123`` / ``group:456`` -> ``("users", "123")``; anything else is a usage error."""
    m = _LIBRARY.match((value or "").strip())
    if not m:
        raise ZoteroError(f"library must be user:ID or group:ID (got {value!r}); your user ID "
                          "is shown at https://www.zotero.org/settings/keys")
    return m.group(1) + "s", m.group(2)


def write_token() -> str:
    """32 random hex characters: the server refuses a token it has seen in the last 12 hours."""
    return secrets.token_hex(16)


@dataclass
class WriteResult:
    """The answer to a multi-object write, indices relative to the objects passed in."""

    keys: dict[int, str] = field(default_factory=dict)  # successful or unchanged -> object key
    versions: dict[int, int] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)  # index -> "HTTP 400: message"
    replayed: list[int] = field(default_factory=list)  # written by an earlier try of this batch
    version: int | None = None  # library version after the write


class WebApi:
    """One library (``users/123``, ``groups/456`` or the local ``users/0``) seen through the API."""

    def __init__(self, http: Http, base_url: str, library: str, api_key: str | None = None, *,
                 name: str = "Zotero", local: bool = False, per_second: float = 2.0) -> None:
        kind, ident = parse_library(library)
        self.http = http
        self.base = base_url.rstrip("/")
        self.prefix = f"{self.base}/{kind}/{ident}"
        self.library = library
        self.name = name
        self.local = local
        self._key = api_key
        self.library_version: int | None = None
        self.token_factory: Callable[[], str] = write_token
        http.limit(self.base, per_second)

    # -- plumbing ------------------------------------------------------------------------------
    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        h = {"Zotero-API-Version": "3"}
        if self._key:
            h["Zotero-API-Key"] = self._key
        if extra:
            h.update(extra)
        return h

    def _send(self, method: str, url: str, *, params: dict[str, Any] | None = None,
              body: Any = None, headers: dict[str, str] | None = None) -> requests.Response:
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        hdrs = self._headers(headers)
        if data is not None:
            hdrs["Content-Type"] = "application/json"
        # No redirects: requests would carry the Zotero-API-Key header to wherever they lead.
        response = self.http.request(method, url, params=params, data=data, headers=hdrs,
                                     provider=self.name, ok_statuses=_OWN, cache=False,
                                     allow_redirects=False)
        version = response.headers.get("Last-Modified-Version")
        if version and version.isdigit():
            self.library_version = int(version)
        if response.status_code in (401, 403):
            if self.local:
                raise LocalApiDisabled(
                    "Zotero's local API is off (Settings > Advanced > 'Allow other "
                    "applications on this computer to communicate with Zotero')")
            raise ZoteroError(f"{self.name} refused the API key for {self.library} "
                              f"(HTTP {response.status_code}): create a key with write access "
                              "at https://www.zotero.org/settings/keys")
        if response.status_code == 428:
            raise ZoteroError(f"{self.name}: a write was sent without its version "
                              "(HTTP 428); please report this")
        return response

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise ZoteroError(f"{self.name} answered with something that is not JSON "
                              f"(HTTP {response.status_code})") from exc

    def _get_list(self, url: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        response = self._send("GET", url, params={"format": "json", **params})
        if response.status_code == 404:
            return []
        self._check(response)
        data = self._json(response)
        return data if isinstance(data, list) else []

    def _check(self, response: requests.Response) -> None:
        if response.status_code >= 400:
            raise ZoteroError(f"{self.name}: {self.library}: {_reason(response, self._key)}")

    # -- reading -------------------------------------------------------------------------------
    def key_info(self) -> dict[str, Any]:
        """What the key may do (``GET /keys/current``); the answer echoes the key: never shown."""
        response = self._send("GET", f"{self.base}/keys/current")
        self._check(response)
        info = self._json(response)
        return {k: v for k, v in info.items() if k != "key"} if isinstance(info, dict) else {}

    def search(self, q: str, *, everything: bool = False, limit: int = 25
               ) -> list[dict[str, Any]]:
        """Top-level items matching a quick search (titles and creators, or all fields)."""
        params = {"q": q, "qmode": "everything" if everything else "titleCreatorYear",
                  "itemType": "-attachment", "limit": limit}
        return self._get_list(f"{self.prefix}/items/top", params)

    def page(self, path: str, item_type: str, start: int = 0, limit: int = 100
             ) -> tuple[list[dict[str, Any]], int]:
        """One page of ``items`` or ``items/top`` of one type, and how many there are in all."""
        response = self._send("GET", f"{self.prefix}/{path}",
                              params={"format": "json", "itemType": item_type,
                                      "start": start, "limit": limit})
        self._check(response)
        data = self._json(response)
        page = data if isinstance(data, list) else []
        total = response.headers.get("Total-Results", "")
        return page, int(total) if total.isdigit() else start + len(page)

    def top_items(self, start: int = 0, limit: int = 100) -> tuple[list[dict[str, Any]], int]:
        """One page of the library's top-level items and how many there are in all."""
        return self.page("items/top", "-attachment", start, limit)

    def rest(self, path: str, item_type: str, first: list[dict[str, Any]], total: int,
             limit: int = 100) -> list[dict[str, Any]]:
        """``first`` and the pages after it."""
        out = list(first)
        while len(out) < total:
            page, _ = self.page(path, item_type, len(out), limit)
            if not page:
                break
            out.extend(page)
        return out

    def all_top_items(self, first: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
        return self.rest("items/top", "-attachment", first, total)

    def items(self, keys: Sequence[str]) -> Iterator[dict[str, Any]]:
        """The items with these keys (50 per request), trashed ones included."""
        for i in range(0, len(keys), MAX_WRITE):
            chunk = keys[i:i + MAX_WRITE]
            yield from self._get_list(f"{self.prefix}/items",
                                      {"itemKey": ",".join(chunk), "includeTrashed": 1})

    def children(self, key: str) -> list[dict[str, Any]] | None:
        """An item's notes and attachments; ``None`` when the item no longer exists."""
        response = self._send("GET", f"{self.prefix}/items/{key}/children",
                              params={"format": "json", "includeTrashed": 0})
        if response.status_code == 404:
            return None
        self._check(response)
        data = self._json(response)
        return data if isinstance(data, list) else []

    def item(self, key: str) -> dict[str, Any] | None:
        response = self._send("GET", f"{self.prefix}/items/{key}", params={"format": "json"})
        if response.status_code == 404:
            return None
        self._check(response)
        data = self._json(response)
        return data if isinstance(data, dict) else None

    def collections(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        start = 0
        while True:
            page = self._get_list(f"{self.prefix}/collections", {"limit": 100, "start": start})
            out.extend(page)
            if len(page) < 100:
                return out
            start += 100

    # -- writing -------------------------------------------------------------------------------
    def create(self, kind: str, objects: Sequence[dict[str, Any]]) -> WriteResult:
        """POST ``objects`` to ``items`` or ``collections`` in batches of at most 50."""
        result = WriteResult()
        for start in range(0, len(objects), MAX_WRITE):
            self._create_batch(kind, list(objects[start:start + MAX_WRITE]), start, result)
        return result

    def _create_batch(self, kind: str, batch: list[dict[str, Any]], offset: int,
                      result: WriteResult, locked_tries: int = 3) -> None:
        token = self.token_factory()
        response = self._send("POST", f"{self.prefix}/{kind}", body=batch,
                              headers={"Zotero-Write-Token": token})
        status = response.status_code
        if status == 413 and len(batch) > 1:  # the server's limit is lower than ours today
            half = len(batch) // 2
            self._create_batch(kind, batch[:half], offset, result)
            self._create_batch(kind, batch[half:], offset + half, result)
            return
        if status == 412:
            # The token was used already: an earlier try of this very batch was written and its
            # answer lost (a timeout, a 5xx after the write). The caller finds those objects.
            result.replayed.extend(range(offset, offset + len(batch)))
            return
        if status == 409 and locked_tries > 0:  # library locked by another write: wait a little
            self.http.sleep(2.0)
            self._create_batch(kind, batch, offset, result, locked_tries - 1)
            return
        if status >= 400:
            reason = _reason(response, self._key)
            for i in range(len(batch)):
                result.failed[offset + i] = reason
            return
        data = self._json(response)
        if not isinstance(data, dict):
            raise ZoteroError(f"{self.name}: unexpected answer to a write (HTTP {status})")
        for idx, obj in (data.get("successful") or {}).items():
            i = offset + int(idx)
            result.keys[i] = str(obj.get("key") or (data.get("success") or {}).get(idx))
            if isinstance(obj.get("version"), int):
                result.versions[i] = obj["version"]
        for idx, key in (data.get("success") or {}).items():
            result.keys.setdefault(offset + int(idx), str(key))
        for idx, key in (data.get("unchanged") or {}).items():
            result.keys.setdefault(offset + int(idx), str(key))
        for idx, fail in (data.get("failed") or {}).items():
            fail = fail if isinstance(fail, dict) else {}
            result.failed[offset + int(idx)] = (
                f"HTTP {fail.get('code', '?')}: {_short(str(fail.get('message', '')))}")
        result.version = self.library_version

    def patch(self, key: str, changes: dict[str, Any], version: int) -> bool:
        """Change fields of one object if it is still at ``version``; False when it moved on."""
        response = self._send("PATCH", f"{self.prefix}/items/{key}", body=changes,
                              headers={"If-Unmodified-Since-Version": str(version)})
        if response.status_code == 412:
            return False
        if response.status_code == 404:
            raise ZoteroError(f"{self.name}: item {key} is gone from {self.library}")
        self._check(response)
        return True


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _reason(response: requests.Response, secret: str | None) -> str:
    body = response.text if response.content else ""
    if secret:  # no server should echo it, but an error message must never carry it
        body = body.replace(secret, "[key]")
    return f"HTTP {response.status_code}" + (f": {_short(body)}" if body.strip() else "")
