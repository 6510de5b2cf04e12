"""Local stand-ins for Zotero: the Web API v3 and desktop's connector server (with its local API).

Built from the documented formats (zotero.org/support/dev/web_api/v3/write_requests and basics;
Zotero's server_connector.js as summarised in shared/reference/zotero.md §4-5): write tokens
remembered and refused with 412, versions checked with 412/428, at most 50 objects (413),
per-object ``failed`` entries for invalid fields, ``Last-Modified-Version`` on every answer.
The tests at the bottom check the fakes themselves against those documented rules.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests
from werkzeug import Request, Response

KEY_CHARS = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
# Valid fields per item type (Zotero schema, the subset these tests need).
FIELDS = {
    "book": {"title", "abstractNote", "series", "seriesNumber", "volume", "numberOfVolumes",
             "edition", "date", "publisher", "place", "numPages", "language", "ISBN",
             "shortTitle", "url", "accessDate", "archive", "archiveLocation", "libraryCatalog",
             "callNumber", "rights", "extra"},
    "bookSection": {"title", "bookTitle", "edition", "date", "publisher", "place", "pages",
                    "ISBN", "url", "series", "volume", "language", "extra"},
    "journalArticle": {"title", "publicationTitle", "volume", "issue", "pages", "date", "DOI",
                       "ISSN", "url", "language", "extra"},
    "document": {"title", "publisher", "date", "url", "language", "extra"},
    "webpage": {"title", "websiteTitle", "date", "url", "language", "extra"},
}
COMMON = {"itemType", "creators", "tags", "collections", "relations", "key", "version",
          "deleted"}
CHILD = {"note": {"itemType", "parentItem", "note", "tags", "relations", "key", "version",
                  "deleted", "collections"},
         "attachment": {"itemType", "parentItem", "linkMode", "title", "url", "contentType",
                        "charset", "accessDate", "note", "tags", "relations", "key", "version",
                        "deleted", "collections"}}


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    raw: bytes


class Library:
    """Items and collections of one library, with Zotero's object and library versions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.version = 100
        self.items: dict[str, dict[str, Any]] = {}  # key -> {"key", "version", "data"}
        self.collections: dict[str, dict[str, Any]] = {}
        self._keys = (f"{a}{b}{c}" for a, b, c in itertools.product(
            KEY_CHARS, KEY_CHARS, KEY_CHARS))

    def new_key(self, prefix: str) -> str:
        return (prefix + next(self._keys) + "XXXXXXXX")[:8]

    def wrap(self, key: str, obj: dict[str, Any]) -> dict[str, Any]:
        return {"key": key, "version": obj["version"],
                "library": {"type": "user", "id": 0, "name": self.name},
                "links": {}, "meta": {}, "data": obj["data"]}

    def add_item(self, data: dict[str, Any]) -> str:
        self.version += 1
        key = data.get("key") or self.new_key("I")
        stored = {k: v for k, v in data.items() if k not in ("key", "version")}
        stored.setdefault("tags", [])
        stored.setdefault("relations", {})
        if "parentItem" not in stored:
            stored.setdefault("collections", [])
        stored.update({"key": key, "version": self.version})
        self.items[key] = {"key": key, "version": self.version, "data": stored}
        return key

    def touch(self, key: str, changes: dict[str, Any]) -> None:
        self.version += 1
        item = self.items[key]
        item["data"].update(changes)
        item["version"] = item["data"]["version"] = self.version

    def validate(self, obj: Any) -> str | None:
        """Why the server would refuse ``obj`` (400), or None."""
        if not isinstance(obj, dict):
            return "Invalid object"
        itype = obj.get("itemType")
        if itype in CHILD:
            bad = set(obj) - CHILD[itype]
            if bad:
                return f"'{sorted(bad)[0]}' is not a valid field for type '{itype}'"
            parent = obj.get("parentItem")
            if parent not in self.items or "parentItem" in self.items[parent]["data"]:
                return f"Parent item {parent} not found"
            if obj.get("collections"):
                return "Child items cannot be assigned to collections"
            if itype == "attachment" and (obj.get("linkMode") != "linked_url"
                                          or not obj.get("url")):
                return "Linked-URL attachment needs linkMode linked_url and url"
            return None
        if itype not in FIELDS:
            return f"'{itype}' is not a valid item type"
        bad = set(obj) - FIELDS[itype] - COMMON
        if bad:
            return f"'{sorted(bad)[0]}' is not a valid field for type '{itype}'"
        for c in obj.get("creators", []):
            if not c.get("creatorType") or not (c.get("name") or c.get("lastName")):
                return "Invalid creator"
        for t in obj.get("tags", []):
            if not isinstance(t, dict) or not isinstance(t.get("tag"), str) or not t["tag"]:
                return "Invalid tag"
        for c in obj.get("collections", []):
            if c not in self.collections:
                return f"Collection {c} not found"
        if "REJECT-ME" in str(obj.get("title", "")):
            return "Title rejected by the test server"
        return None

    def search(self, q: str, qmode: str, item_type: str) -> list[dict[str, Any]]:
        words = [w.casefold() for w in q.split()]
        out = []
        for key, it in self.items.items():
            d = it["data"]
            if "parentItem" in d or d.get("deleted"):
                continue
            if item_type.startswith("-") and d["itemType"] == item_type[1:]:
                continue
            hay = [str(d.get("title", ""))]
            hay += [" ".join(str(c.get(k, "")) for k in ("firstName", "lastName", "name"))
                    for c in d.get("creators", [])]
            hay.append(str(d.get("date", "")))
            if qmode == "everything":
                hay += [str(v) for v in d.values() if isinstance(v, str)]
            blob = " ".join(hay).casefold()
            if all(w in blob for w in words):
                out.append(self.wrap(key, it))
        return out

    def children(self, key: str, trashed: bool) -> list[dict[str, Any]]:
        return [self.wrap(k, it) for k, it in self.items.items()
                if it["data"].get("parentItem") == key
                and (trashed or not it["data"].get("deleted"))]


class FakeWebApi:
    """api.zotero.org for one user (``/users/123``) and one group (``/groups/456``)."""

    def __init__(self, server: Any, api_key: str, user_id: int = 123) -> None:
        self.server = server
        self.api_key = api_key
        self.user_id = user_id
        self.libraries = {f"/users/{user_id}": Library("user"), "/groups/456": Library("group")}
        self.tokens: set[str] = set()
        self.seen: list[Seen] = []
        self.faults: list[tuple[str, str, Response]] = []  # canned answers, used once each
        self.lose_answers: list[tuple[str, str]] = []  # do the write, then answer 503
        self.backoff: str | None = None  # sent once with the next answer
        self.before_patch: Callable[[str], None] | None = None
        self.write_access = True
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return str(self.server.url_for("")).rstrip("/")

    @property
    def user(self) -> Library:
        return self.libraries[f"/users/{self.user_id}"]

    def writes(self) -> list[Seen]:
        return [s for s in self.seen if s.method in ("POST", "PATCH", "PUT", "DELETE")]

    def fail_next(self, method: str, path_end: str, status: int,
                  headers: dict[str, str] | None = None, body: str = "") -> None:
        self.faults.append((method, path_end, Response(body, status=status,
                                                      headers=headers or {})))

    # -- dispatch ------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        raw = request.get_data()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = "<invalid json>"
        seen = Seen(request.method, request.path, dict(parse_qsl(request.query_string.decode())),
                    dict(request.headers), body, raw)
        self.seen.append(seen)
        response = self._answer(request, seen)
        if self.backoff:
            response.headers["Backoff"] = self.backoff
            self.backoff = None
        return response

    def _answer(self, request: Request, seen: Seen) -> Response:
        for i, (method, end, canned) in enumerate(self.faults):
            if method == request.method and request.path.endswith(end):
                del self.faults[i]
                return canned
        if request.headers.get("Zotero-API-Version") != "3":
            return Response("API version 3 required by these tests", status=400)
        if request.headers.get("Zotero-API-Key") != self.api_key:
            return Response("Forbidden", status=403)
        if request.path == "/keys/current":
            return self._json({"key": self.api_key, "userID": self.user_id,
                               "username": "tester", "displayName": "",
                               "access": {"user": {"library": True, "files": True,
                                                   "notes": True, "write": self.write_access},
                                          "groups": {"456": {"library": True,
                                                             "write": self.write_access}}}})
        m = re.match(r"^(/(?:users|groups)/\d+)(/.*)$", request.path)
        if not m or m.group(1) not in self.libraries:
            return Response("Not found", status=404)
        lib, rest = self.libraries[m.group(1)], m.group(2)
        lost = (request.method, rest) in self.lose_answers
        if lost:
            self.lose_answers.remove((request.method, rest))
        response = self._route(lib, request, rest, seen)
        if lost and response.status_code < 300:
            return Response("Service Unavailable", status=503)  # written, but answer lost
        return response

    def _json(self, data: Any, lib: Library | None = None, status: int = 200) -> Response:
        r = Response(json.dumps(data), status=status, content_type="application/json")
        if lib is not None:
            r.headers["Last-Modified-Version"] = str(lib.version)
        return r

    def _route(self, lib: Library, request: Request, rest: str, seen: Seen) -> Response:
        q = seen.query
        if request.method == "GET":
            if rest == "/items/top":
                found = lib.search(q.get("q", ""), q.get("qmode", "titleCreatorYear"),
                                   q.get("itemType", ""))
                start, limit = int(q.get("start", 0)), int(q.get("limit", 25))
                r = self._json(found[start:start + limit], lib)
                r.headers["Total-Results"] = str(len(found))
                return r
            if rest == "/items":
                trashed = q.get("includeTrashed") == "1"
                if "itemKey" in q:
                    keys = [k for k in q["itemKey"].split(",") if k]
                    if len(keys) > 50:
                        return Response("Too many keys", status=400)
                    return self._json([lib.wrap(k, lib.items[k]) for k in keys
                                       if k in lib.items and (
                                           trashed or not lib.items[k]["data"].get("deleted"))],
                                      lib)
                found = [lib.wrap(k, it) for k, it in lib.items.items()
                         if (not q.get("itemType") or it["data"]["itemType"] == q["itemType"])
                         and (trashed or not it["data"].get("deleted"))]
                start, limit = int(q.get("start", 0)), int(q.get("limit", 25))
                if limit > 100:
                    return Response("limit must be at most 100", status=400)
                r = self._json(found[start:start + limit], lib)
                r.headers["Total-Results"] = str(len(found))
                return r
            m = re.match(r"^/items/([A-Z0-9]{8})(/children)?$", rest)
            if m:
                if m.group(1) not in lib.items:
                    return Response("Not found", status=404)
                if m.group(2):
                    return self._json(lib.children(m.group(1), q.get("includeTrashed") == "1"),
                                      lib)
                return self._json(lib.wrap(m.group(1), lib.items[m.group(1)]), lib)
            if rest == "/collections":
                cols = list(lib.collections.values())
                start, limit = int(q.get("start", 0)), int(q.get("limit", 25))
                return self._json(cols[start:start + limit], lib)
        if not self.write_access:
            return Response("Write access denied", status=403)
        if request.method == "POST" and rest in ("/items", "/collections"):
            return self._create(lib, request, rest, seen)
        if request.method == "PATCH":
            m = re.match(r"^/items/([A-Z0-9]{8})$", rest)
            if m:
                return self._patch(lib, request, m.group(1), seen)
        return Response("Not found", status=404)

    def _create(self, lib: Library, request: Request, rest: str, seen: Seen) -> Response:
        if request.headers.get("Content-Type") != "application/json":
            return Response("Content-Type must be application/json", status=400)
        objects = seen.body
        if not isinstance(objects, list):
            return Response("Uploaded data must be a JSON array", status=400)
        if len(objects) > 50:
            return Response("Only 50 objects can be created at a time", status=413)
        token = request.headers.get("Zotero-Write-Token")
        if token is not None:
            if not re.fullmatch(r"[0-9a-f]{32}", token):
                return Response("Invalid write token", status=400)
            if token in self.tokens:
                return Response("Write token already used", status=412)
        since = request.headers.get("If-Unmodified-Since-Version")
        if since is not None and int(since) != lib.version:
            return Response("Library has been modified since specified version", status=412)
        result: dict[str, Any] = {"successful": {}, "success": {}, "unchanged": {},
                                  "failed": {}}
        for i, obj in enumerate(objects):
            if rest == "/collections":
                if not isinstance(obj, dict) or not obj.get("name"):
                    result["failed"][str(i)] = {"key": "", "code": 400,
                                                "message": "Collection name cannot be empty"}
                    continue
                lib.version += 1
                key = lib.new_key("C")
                data = {"key": key, "version": lib.version, "name": obj["name"],
                        "parentCollection": obj.get("parentCollection", False), "relations": {}}
                lib.collections[key] = {"key": key, "version": lib.version, "data": data}
                result["successful"][str(i)] = lib.collections[key]
                result["success"][str(i)] = key
                continue
            why = lib.validate(obj)
            if why:
                result["failed"][str(i)] = {"key": obj.get("key", "") if isinstance(obj, dict)
                                            else "", "code": 400, "message": why}
                continue
            key = lib.add_item(obj)
            result["successful"][str(i)] = lib.wrap(key, lib.items[key])
            result["success"][str(i)] = key
        if token is not None:
            self.tokens.add(token)
        return self._json(result, lib)

    def _patch(self, lib: Library, request: Request, key: str, seen: Seen) -> Response:
        if key not in lib.items:
            return Response("Not found", status=404)
        if self.before_patch is not None:
            hook, self.before_patch = self.before_patch, None
            hook(key)
        since = request.headers.get("If-Unmodified-Since-Version")
        body = seen.body if isinstance(seen.body, dict) else {}
        version = since if since is not None else body.get("version")
        if version is None:
            return Response("If-Unmodified-Since-Version not provided", status=428)
        if int(version) != lib.items[key]["version"]:
            return Response("Item has been modified since specified version", status=412)
        changes = {k: v for k, v in body.items() if k != "version"}
        itype = lib.items[key]["data"]["itemType"]
        allowed = CHILD.get(itype) or FIELDS.get(itype, set()) | COMMON
        if set(changes) - allowed:
            return Response(f"'{sorted(set(changes) - allowed)[0]}' is not a valid field",
                            status=400)
        lib.touch(key, changes)
        r = Response(status=204)
        r.headers["Last-Modified-Version"] = str(lib.version)
        return r


class FakeConnector:
    """Zotero desktop on this computer: /connector/* and the local API under /api/users/0."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.library = Library("My Library")
        self.sessions: dict[str, list[str]] = {}  # session id -> keys of items it saved
        self.saved: list[dict[str, Any]] = []  # translator JSON items as received
        self.imports: list[Seen] = []
        self.moves: list[dict[str, Any]] = []
        self.seen: list[Seen] = []
        self.local_api = False
        self.automatic_tags = True
        self.editable = True
        self.collections = {"C7": "Reading", "C8": "To read later"}
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return str(self.server.url_for("")).rstrip("/")

    def handle(self, request: Request) -> Response:
        raw = request.get_data()
        body: Any = None
        if request.headers.get("Content-Type", "").startswith("application/json") and raw:
            try:
                body = json.loads(raw)
            except ValueError:
                self.seen.append(Seen(request.method, request.path, {}, dict(request.headers),
                                      None, raw))
                return Response("Invalid JSON provided", status=400)
        seen = Seen(request.method, request.path, dict(parse_qsl(request.query_string.decode())),
                    dict(request.headers), body, raw)
        self.seen.append(seen)
        host = request.headers.get("Host", "").split(":")[0]
        if host not in ("127.0.0.1", "localhost", "[::1]"):
            return Response("Invalid Host header", status=400)
        if request.path.startswith("/api/"):
            return self._local_api(request, seen)
        if request.path == "/connector/ping":
            if request.method == "GET":
                return Response("<!DOCTYPE html><html><body>Zotero is running</body></html>",
                                content_type="text/html")
            return Response(json.dumps({"prefs": {"automaticSnapshots": True}}),
                            content_type="application/json")
        if request.method != "POST":
            return Response("Method not allowed", status=400)
        version = request.headers.get("X-Zotero-Connector-API-Version")
        if request.path == "/connector/saveItems":
            if version is not None and int(version) < 3:
                return Response(json.dumps({"error": "CONNECTOR_VERSION_OUTDATED"}), status=400,
                                content_type="application/json")
            return self._save_items(seen)
        if request.path == "/connector/getSelectedCollection":
            targets = [{"id": "L1", "name": "My Library", "level": 0, "filesEditable": True}]
            targets += [{"id": k, "name": v, "level": 1, "filesEditable": True}
                        for k, v in self.collections.items()]
            return Response(json.dumps({"libraryID": 1, "libraryName": "My Library",
                                        "libraryEditable": self.editable, "filesEditable": True,
                                        "editable": self.editable, "id": None,
                                        "name": "My Library", "targets": targets}),
                            content_type="application/json")
        if request.path == "/connector/updateSession":
            if not body or body.get("sessionID") not in self.sessions:
                return Response(json.dumps({"error": "SESSION_NOT_FOUND"}), status=400,
                                content_type="application/json")
            self.moves.append(body)
            for key in self.sessions[body["sessionID"]]:
                cid = body["target"]
                self.library.items[key]["data"]["collections"] = (
                    [cid] if cid.startswith("C") else [])
            return Response("{}", content_type="application/json")
        if request.path == "/connector/import":
            text = raw.decode("utf-8")
            if not text.lstrip("\ufeff").lstrip().startswith(("@", "TY  -")):
                return Response(status=400)
            session = seen.query.get("session", "")
            if session in self.sessions:
                return Response(json.dumps({"error": "SESSION_EXISTS"}), status=409,
                                content_type="application/json")
            self.sessions[session] = []
            self.imports.append(seen)
            return Response("[]", status=201, content_type="application/json")
        return Response("Not found", status=404)

    def _save_items(self, seen: Seen) -> Response:
        data = seen.body or {}
        session = data.get("sessionID")
        if session in self.sessions:
            return Response(json.dumps({"error": "SESSION_EXISTS"}), status=409,
                            content_type="application/json")
        if not self.editable:
            return Response(json.dumps({"libraryEditable": False}), status=500,
                            content_type="application/json")
        self.sessions[session] = []
        for item in data.get("items", []):
            self.saved.append(item)
            fields = {k: v for k, v in item.items()
                      if k not in ("id", "notes", "attachments", "tags")}
            fields["tags"] = ([{"tag": t["tag"], "type": 1} for t in item.get("tags", [])]
                              if self.automatic_tags else [])
            key = self.library.add_item(fields)
            self.sessions[session].append(key)
            for n in item.get("notes", []):
                self.library.add_item({"itemType": "note", "parentItem": key,
                                       "note": n["note"]})
            for a in item.get("attachments", []):
                self.library.add_item({"itemType": "attachment", "parentItem": key,
                                       "linkMode": "linked_url", "title": a["title"],
                                       "url": a["url"]})
        return Response(status=201, content_type="application/json")

    def _local_api(self, request: Request, seen: Seen) -> Response:
        if not self.local_api:
            return Response("Local API is not enabled", status=403)
        if request.headers.get("Zotero-API-Version", "3") != "3":
            return Response("Unsupported API version", status=501)
        if request.method != "GET":
            return Response("Write access is not yet supported", status=501)
        rest = request.path[len("/api/users/0"):]
        q = seen.query
        lib = self.library
        if rest == "/items/top":
            found = lib.search(q.get("q", ""), q.get("qmode", ""), q.get("itemType", ""))
            start, limit = int(q.get("start", 0)), int(q.get("limit", 25))
            return Response(json.dumps(found[start:start + limit]),
                            headers={"Total-Results": str(len(found))},
                            content_type="application/json")
        m = re.match(r"^/items/([A-Z0-9]{8})/children$", rest)
        if m:
            if m.group(1) not in lib.items:
                return Response("Not found", status=404)
            return Response(json.dumps(lib.children(m.group(1), False)),
                            content_type="application/json")
        return Response("Not found", status=404)


# -- the fakes follow the documented rules ------------------------------------------------------
@pytest.fixture
def web(httpserver: Any) -> FakeWebApi:
    return FakeWebApi(httpserver, "K" * 24)


def _post(web: FakeWebApi, body: Any, token: str | None = None) -> requests.Response:
    headers = {"Zotero-API-Version": "3", "Zotero-API-Key": web.api_key,
               "Content-Type": "application/json"}
    if token:
        headers["Zotero-Write-Token"] = token
    return requests.post(f"{web.url}/users/123/items", data=json.dumps(body), headers=headers,
                         timeout=5)


def test_fake_web_api_refuses_a_reused_write_token_and_too_many_objects(web: FakeWebApi) -> None:
    book = {"itemType": "book", "title": "T", "creators": [], "tags": []}
    first = _post(web, [book], "a" * 32)
    assert first.status_code == 200 and first.json()["success"]["0"]
    assert first.headers["Last-Modified-Version"] == str(web.user.version)
    assert _post(web, [book], "a" * 32).status_code == 412
    assert _post(web, [book] * 51, "b" * 32).status_code == 413
    bad = _post(web, [{"itemType": "book", "title": "T", "DOI": "10.1/x"}], "c" * 32).json()
    assert bad["failed"]["0"]["code"] == 400 and "DOI" in bad["failed"]["0"]["message"]


def test_fake_web_api_checks_versions_on_patch(web: FakeWebApi) -> None:
    key = web.user.add_item({"itemType": "book", "title": "T"})
    headers = {"Zotero-API-Version": "3", "Zotero-API-Key": web.api_key}
    url = f"{web.url}/users/123/items/{key}"
    assert requests.patch(url, json={"title": "U"}, headers=headers,
                          timeout=5).status_code == 428
    stale = dict(headers, **{"If-Unmodified-Since-Version": "1"})
    assert requests.patch(url, json={"title": "U"}, headers=stale, timeout=5).status_code == 412
    fresh = dict(headers, **{"If-Unmodified-Since-Version": str(web.user.items[key]["version"])})
    ok = requests.patch(url, json={"title": "U"}, headers=fresh, timeout=5)
    assert ok.status_code == 204 and int(ok.headers["Last-Modified-Version"]) == web.user.version


def test_fake_connector_refuses_old_connector_versions_and_reused_sessions(
        httpserver: Any) -> None:
    fake = FakeConnector(httpserver)
    url = f"{fake.url}/connector/saveItems"
    body = json.dumps({"sessionID": "s1", "items": [{"itemType": "book", "title": "T"}]})
    old = requests.post(url, data=body, timeout=5, headers={
        "Content-Type": "application/json", "X-Zotero-Connector-API-Version": "2"})
    assert old.status_code == 400 and "CONNECTOR_VERSION_OUTDATED" in old.text
    headers = {"Content-Type": "application/json"}
    assert requests.post(url, data=body, headers=headers, timeout=5).status_code == 201
    assert requests.post(url, data=body, headers=headers, timeout=5).status_code == 409
    assert requests.get(f"{fake.url}/api/users/0/items/top", timeout=5).status_code == 403
