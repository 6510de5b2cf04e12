"""Tests are isolated by default: user dirs in tmp_path, catalogues on a local server only,
and any connection that leaves this machine fails the test."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from werkzeug import Request, Response

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).parent.parent / "seeds" / "000_77b3b552e261b156.txt"
_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") \
            and not host.startswith("/"):
        raise OSError(f"test tried to reach the network ({host}); use a local server")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Whatever the developer's shell sets (a local catalogue, keys, timeouts) stays out.
    for var in list(os.environ):
        if var.startswith("READLIST_") or var.startswith("ZOTERO_") or var == "DASK_SCHEDULER_ADDRESS":
            monkeypatch.delenv(var)
    for name in ("CACHE", "CONFIG", "DATA"):
        monkeypatch.setenv(f"READLIST_{name}_DIR", str(tmp_path / f"_{name.lower()}"))
    # A closed local port: anything not pointed at a test server fails fast, offline.
    for name in ("OPENLIBRARY", "CROSSREF", "WIKIDATA", "LOC", "GOOGLEBOOKS", "OPENALEX"):
        monkeypatch.setenv(f"READLIST_{name}_URL", "http://127.0.0.1:9")
        monkeypatch.setenv(f"READLIST_{name}_RATE", "1000")
    monkeypatch.setenv("READLIST_HTTP_BACKOFF", "0.001")
    monkeypatch.setenv("READLIST_CONTACT", "tests@example.org")
    monkeypatch.delenv("READLIST_PROVIDERS", raising=False)
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    yield


class Catalogue:
    """A local stand-in for a catalogue: answers the routes of a fixture folder.

    A route matches on the path and on the query parameters it lists (others are ignored).
    Requests with no route get a 404 and are recorded; ``assert_all_expected`` fails on them.
    """

    def __init__(self, server: object, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self.routes = json.loads((folder / "routes.json").read_text(encoding="utf-8"))
        self.requests: list[Request] = []
        self.unexpected: list[str] = []
        self.overrides: dict[str, Response] = {}
        server.expect_request(  # type: ignore[attr-defined]
            __import__("re").compile(".*")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")  # type: ignore[attr-defined]

    def handle(self, request: Request) -> Response:
        self.requests.append(request)
        if request.path in self.overrides:
            return self.overrides[request.path]
        args = dict(parse_qsl(request.query_string.decode()))
        for route in self.routes:
            if route["path"] == request.path and all(
                args.get(k) == v for k, v in route["query"].items()
            ):
                body = (self.folder / route["file"]).read_bytes()
                return Response(body, status=route.get("status", 200),
                                content_type="application/json")
        self.unexpected.append(f"{request.path}?{request.query_string.decode()}")
        return Response(json.dumps({"error": "notfound"}), status=404,
                        content_type="application/json")

    def assert_all_expected(self) -> None:
        assert not self.unexpected, f"requests no fixture answers: {self.unexpected}"


@pytest.fixture
def openlibrary(httpserver: object, monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    cat = Catalogue(httpserver, FIXTURES / "openlibrary")
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", cat.url)
    return cat


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    d = tmp_path / "seeds"
    d.mkdir()
    (d / SEED.name).write_bytes(SEED.read_bytes())
    return d
