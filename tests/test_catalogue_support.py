"""Helpers for the catalogue tests: one local server per catalogue, each answering the routes of
its fixture folder (tests/fixtures/<name>/routes.json), plus a resolver built the way a scan
builds it. The tests at the bottom check the helpers themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, Catalogue
from pytest_httpserver import HTTPServer

from readlist.catalogue import build_providers
from readlist.catalogue.decisions import Decisions
from readlist.catalogue.resolve import Resolver
from readlist.config import Settings
from readlist.http import Http
from readlist.report import Report

CONTACT = "tests@example.org"


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Catalogue]]:
    """``serve("loc")`` starts a server for tests/fixtures/loc and points READLIST_LOC_URL at it."""
    servers: list[HTTPServer] = []

    def start(name: str, folder: str | None = None) -> Catalogue:
        server = HTTPServer(host="127.0.0.1", port=0)
        server.start()
        servers.append(server)
        cat = Catalogue(server, FIXTURES / (folder or name))
        monkeypatch.setenv(f"READLIST_{name.upper()}_URL", cat.url)
        return cat

    yield start
    for server in servers:
        server.clear()
        if server.is_running():
            server.stop()


def make_http(tmp_path: Path, **kw: object) -> Http:
    kw.setdefault("sleep", lambda _s: None)
    return Http(CONTACT, cache_path=tmp_path / "http.sqlite", **kw)  # type: ignore[arg-type]


def make_resolver(names: list[str], http: Http, report: Report | None = None,
                  settings: Settings | None = None, **kw: object) -> Resolver:
    settings = settings or Settings(contact=CONTACT)
    kw.setdefault("decisions", Decisions())
    return Resolver(build_providers(names, http, settings), report or Report(),
                    **kw)  # type: ignore[arg-type]


def test_each_catalogue_gets_its_own_server(serve, tmp_path):
    ol = serve("openlibrary")
    loc = serve("loc")
    assert ol.url != loc.url
    http = make_http(tmp_path)
    assert http.get_json(loc.url + "/books/", params={"q": "x", "fo": "json"})["results"] == []
    assert not ol.requests and len(loc.requests) == 1


def test_unexpected_requests_are_recorded(serve, tmp_path):
    loc = serve("loc")
    make_http(tmp_path).get_json(loc.url + "/nowhere")
    with pytest.raises(AssertionError):
        loc.assert_all_expected()
