"""Zotero desktop's connector server (port 23119): ping, save target, saveItems, import.

Request and response shapes are those of Zotero's ``server_connector.js`` (see
shared/reference/zotero.md §4). ``X-Zotero-Connector-API-Version`` is sent as 3: a value below 3
makes Zotero refuse ``saveItems`` and pop an "update your connector" dialog.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from typing import Any

import requests

from readlist.errors import CatalogueError
from readlist.http import Http
from readlist.zotero.errors import ZoteroError, ZoteroNotRunning

CONNECTOR_URL = "http://127.0.0.1:23119"
API_VERSION = "3"


def connector_url() -> str:
    return (os.environ.get("READLIST_ZOTERO_CONNECTOR_URL") or CONNECTOR_URL).rstrip("/")


def session_id() -> str:
    return "readlist-" + secrets.token_hex(8)


@dataclass
class Target:
    """A library (``L1``) or collection (``C12``) Zotero can save into."""

    id: str
    name: str
    level: int = 0


@dataclass
class SaveTarget:
    """Where Zotero will save: what is selected in its window, and every editable target."""

    id: str
    name: str
    library: str
    editable: bool
    targets: list[Target]

    def find(self, name: str) -> Target | None:
        wanted = name.strip().casefold()
        for t in self.targets:
            if t.id.startswith("C") and t.name.strip().casefold() == wanted:
                return t
        return None


class Connector:
    def __init__(self, http: Http, base_url: str | None = None) -> None:
        self.http = http
        self.base = (base_url or connector_url()).rstrip("/")
        self.session_factory = session_id

    def _post(self, path: str, body: bytes, content_type: str,
              params: dict[str, str] | None = None) -> requests.Response:
        headers = {"Content-Type": content_type, "X-Zotero-Connector-API-Version": API_VERSION}
        try:
            return self.http.request("POST", f"{self.base}{path}", data=body, params=params,
                                     headers=headers, provider="Zotero", cache=False,
                                     ok_statuses=(400, 403, 409, 500))
        except CatalogueError as exc:
            raise self._unreachable(exc) from exc

    def _unreachable(self, exc: CatalogueError) -> ZoteroError:
        if exc.kind in ("unreachable", "offline"):
            return ZoteroNotRunning(
                f"Zotero is not running (nothing answers at {self.base}): start Zotero 7 or "
                "later and run this again")
        return ZoteroError(f"Zotero desktop: {exc}")

    def ping(self) -> None:
        """Raise :class:`ZoteroNotRunning` unless Zotero answers "Zotero is running"."""
        try:
            response = self.http.request("GET", f"{self.base}/connector/ping", provider="Zotero",
                                         cache=False, ok_statuses=(400, 403, 500))
        except CatalogueError as exc:
            raise self._unreachable(exc) from exc
        if response.status_code != 200 or "Zotero is running" not in response.text:
            raise ZoteroNotRunning(
                f"something answers at {self.base} but it is not Zotero (HTTP "
                f"{response.status_code}); set READLIST_ZOTERO_CONNECTOR_URL if Zotero uses "
                "another port")

    def save_target(self) -> SaveTarget | None:
        """The library/collection selected in Zotero (``None`` if this Zotero cannot say)."""
        response = self._post("/connector/getSelectedCollection", b"{}", "application/json")
        if response.status_code != 200:
            return None
        try:
            data = response.json()
        except ValueError:
            return None
        targets = [Target(str(t.get("id", "")), str(t.get("name", "")), int(t.get("level", 0)))
                   for t in data.get("targets") or [] if isinstance(t, dict)]
        selected = f"C{data['id']}" if data.get("id") else f"L{data.get('libraryID', 1)}"
        return SaveTarget(selected, str(data.get("name", "")), str(data.get("libraryName", "")),
                          bool(data.get("editable", data.get("libraryEditable", True))), targets)

    def save_items(self, items: list[dict[str, Any]], session: str) -> bool:
        """Save new items; True if saved now, False if Zotero had this session already."""
        body = json.dumps({"items": items, "sessionID": session},
                          ensure_ascii=False).encode("utf-8")
        response = self._post("/connector/saveItems", body, "application/json")
        return self._saved(response, "saveItems")

    def import_file(self, text: str, session: str, content_type: str) -> bool:
        """Hand a BibTeX/RIS file to Zotero's own importers (Better BibTeX's if installed)."""
        response = self._post("/connector/import", text.encode("utf-8"), content_type,
                              params={"session": session})
        if response.status_code == 400:
            raise ZoteroError("Zotero found no importer that reads this file (HTTP 400)")
        return self._saved(response, "import")

    def move_session(self, session: str, target: str) -> None:
        """Move what a session saved into ``target`` (a ``C12`` collection id)."""
        body = json.dumps({"sessionID": session, "target": target, "tags": []}).encode()
        response = self._post("/connector/updateSession", body, "application/json")
        if response.status_code != 200:
            raise ZoteroError(f"Zotero did not move the saved items into the collection "
                              f"(HTTP {response.status_code}); they are in the selected one")

    def _saved(self, response: requests.Response, what: str) -> bool:
        status = response.status_code
        if status == 201:
            return True
        text = response.text[:200]
        if status == 409 and "SESSION_EXISTS" in text:
            return False  # a retry of a save Zotero already made: nothing was duplicated
        if status == 400 and "CONNECTOR_VERSION_OUTDATED" in text:
            raise ZoteroError("Zotero refused the connector API version; please report this")
        if status == 500 and "libraryEditable" in text:
            raise ZoteroError("the library selected in Zotero is read-only: select My Library "
                              "(or an editable group) in Zotero and run this again")
        raise ZoteroError(f"Zotero could not save the items ({what}: HTTP {status})")
