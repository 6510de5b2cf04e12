"""Wikidata: a local stand-in for the Action API serves hand-written entities (a work, its two
edition items, a same-titled article by someone else, an authorless ghost) in the documented
JSON shapes; ISBN-13s are stored hyphenated, as on Wikidata."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import FIXTURES
from pytest_httpserver import HTTPServer
from test_catalogue_support import make_http, make_resolver
from werkzeug import Request, Response

from readlist.catalogue.wikidata import (
    edition_from_entity,
    hyphenated,
    is_edition,
    search_ids,
    work_from_entity,
)
from readlist.models import WorkQuery

WD = FIXTURES / "wikidata"
ENTITIES = json.loads((WD / "entities.json").read_text(encoding="utf-8"))
SEARCHES = json.loads((WD / "searches.json").read_text(encoding="utf-8"))
LABELS = {"Q9000101": "Samir Amin", "Q9000102": "Jane Roe", "Q9000201": "Pambazuka Press",
          "Q9000202": "Zed Books", "Q9000301": "Oxford", "Q9000302": "London"}


class FakeWikidata:
    """Answers ``/w/api.php`` the way the Action API does, from the fixture files."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []

    def handle(self, request: Request) -> Response:
        args = dict(request.args)
        self.requests.append(args)
        action = args.get("action")
        if action == "wbgetentities":
            props = args.get("props", "").split("|")
            out = {}
            for qid in args.get("ids", "").split("|"):
                if qid not in ENTITIES:
                    out[qid] = {"id": qid, "missing": ""}
                    continue
                e = ENTITIES[qid]
                out[qid] = {k: v for k, v in e.items()
                            if k in ("type", "id") or k in props}
            body = {"entities": out, "success": 1}
        elif action == "wbsearchentities":
            body = SEARCHES["wbsearchentities"].get(args.get("search", ""), {
                "searchinfo": {"search": args.get("search")}, "search": [], "success": 1})
        elif action == "query":
            body = SEARCHES["query"].get(args.get("srsearch", ""), {
                "batchcomplete": "", "query": {"searchinfo": {"totalhits": 0}, "search": []}})
        else:
            return Response(json.dumps({"error": {"code": "badvalue"}}), status=400)
        return Response(json.dumps(body), content_type="application/json")


@pytest.fixture
def wikidata(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWikidata]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    fake = FakeWikidata()
    server.expect_request("/w/api.php").respond_with_handler(fake.handle)
    monkeypatch.setenv("READLIST_WIKIDATA_URL", server.url_for("").rstrip("/"))
    yield fake
    server.clear()
    server.stop()


def test_entity_mappings():
    work = work_from_entity(ENTITIES["Q9000001"], LABELS)
    assert (work.title, work.subtitle, work.authors, work.year) == (
        "Maldevelopment", "Anatomy of a Global Failure", ("Samir Amin",), 1990)
    assert work.edition_count == 2 and work.url.endswith("/Q9000001")
    edition = edition_from_entity(ENTITIES["Q9000011"], LABELS, work)
    assert (edition.publisher, edition.address, edition.year) == ("Pambazuka Press", "Oxford",
                                                                  2011)
    assert edition.isbn13 == ("9781906387792",)  # hyphens dropped
    assert (edition.language, edition.pages, edition.edition) == ("eng", 288, "2nd")
    assert edition.work_id == "Q9000001" and edition.authors == ("Samir Amin",)
    first = edition_from_entity(ENTITIES["Q9000012"], LABELS, work)
    assert first.isbn10 == ("0862329248",)
    assert is_edition(ENTITIES["Q9000011"]) and not is_edition(ENTITIES["Q9000001"])
    assert work_from_entity(ENTITIES["Q9000101"], LABELS) is None  # a person, not a work


def test_search_ids_from_both_search_apis():
    assert search_ids(SEARCHES["wbsearchentities"]["Maldevelopment"]) == [
        "Q9000001", "Q9000002", "Q9000003"]
    assert search_ids(SEARCHES["query"]["haswbstatement:P212=978-1-906387-79-2"]) == ["Q9000011"]
    assert search_ids({"search": [{"id": "P31"}]}) == []


def test_isbns_are_searched_hyphenated():
    assert hyphenated("9781906387792") == "978-1-906387-79-2"
    assert hyphenated("0862329248") == "0-86232-924-8"


def test_resolves_the_work_and_its_default_edition(wikidata, tmp_path):
    r = make_resolver(["wikidata"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("explicit", title="Maldevelopment", authors=("Samir Amin",)))
    assert m.outcome == "sure" and m.work.id == "Q9000001"
    # Jane Roe's article is vetoed by the author; the authorless ghost never wins.
    assert all(c.score < m.score for c in m.candidates if c.work.id != "Q9000001")
    assert m.edition.id == "Q9000012" and m.edition.publisher == "Zed Books"
    assert m.sources["publisher"] == "wikidata"
    actions = [a["action"] for a in wikidata.requests]
    assert actions == ["wbsearchentities", "wbgetentities", "wbgetentities", "wbgetentities",
                       "wbgetentities"]  # search, items, author labels, editions, their labels


def test_isbn_lookup_uses_haswbstatement(wikidata, tmp_path):
    r = make_resolver(["wikidata"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("isbn", isbn="9781906387792"))
    assert m.outcome == "sure" and m.work.id == "Q9000001" and m.edition.id == "Q9000011"
    assert m.edition.address == "Oxford"
    searched = [a for a in wikidata.requests if a.get("action") == "query"]
    assert searched[0]["srsearch"] == "haswbstatement:P212=978-1-906387-79-2"


def test_not_found_is_empty_not_an_error(wikidata, tmp_path):
    r = make_resolver(["wikidata"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("explicit", title="Unknown Book", authors=("Nobody",)))
    assert m.outcome == "none" and m.error is None
    assert r.resolve(WorkQuery("isbn", isbn="9780999000014")).error is None
