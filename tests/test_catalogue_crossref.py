"""Crossref: books and chapters with DOIs in the documented ``/works`` shapes, the polite pool
(``mailto``), and limits read from the response headers."""

from __future__ import annotations

import json

from conftest import FIXTURES
from pytest_httpserver import HTTPServer
from test_catalogue_support import CONTACT, make_http, make_resolver, serve  # noqa: F401
from werkzeug import Response

from readlist.catalogue.crossref import record_from_item, records_from_list
from readlist.config import Settings
from readlist.models import WorkQuery

CR = FIXTURES / "crossref"


def load(name: str):
    return json.loads((CR / name).read_text(encoding="utf-8"))


def test_book_and_chapter_mappings():
    records = records_from_list(load("search_companion.json"))
    book, edition = records[0]
    assert (book.title, book.authors, book.type, book.doi) == (
        "The Cambridge Companion to Adam Smith", ("Knud Haakonssen",), "book",
        "10.5555/ccas.2006")
    assert (edition.publisher, edition.address, edition.year) == (
        "Cambridge University Press", "Cambridge", 2006)
    assert edition.isbn13[:2] == ("9780521770590", "9780521779241")  # print before electronic
    chapter, in_book = record_from_item(load("work_chapter.json")["message"])
    assert chapter.type == "chapter" and chapter.container == "The Cambridge Companion to Adam Smith"
    assert chapter.authors == ("Douglas Long",) and in_book.title == chapter.container
    assert record_from_item({"DOI": "10.1/x"}) is None  # no title


def test_title_and_editor_pick_the_right_book(serve, tmp_path):
    cr = serve("crossref")
    r = make_resolver(["crossref"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("explicit", title="The Cambridge Companion to Adam Smith",
                            authors=("Knud Haakonssen",)))
    assert m.outcome == "sure" and m.work.doi == "10.5555/ccas.2006"
    assert m.edition.publisher == "Cambridge University Press" and m.sources["doi"] == "crossref"
    args = dict(cr.requests[0].args)
    assert args["mailto"] == CONTACT and args["query.author"] == "Knud Haakonssen"
    assert "type:edited-book" in args["filter"] and "type:book-chapter" in args["filter"]
    assert len(cr.requests) == 1  # the editions came with the search
    # Without the editor, the 2006 and 2016 companions are a real tie: the user decides.
    tie = r.resolve(WorkQuery("explicit", title="The Cambridge Companion to Adam Smith"))
    assert tie.outcome == "unsure"


def test_doi_and_isbn_lookups(serve, tmp_path):
    serve("crossref")
    r = make_resolver(["crossref"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("doi", doi="10.5555/ccas.2006.012"))
    assert m.outcome == "sure" and m.work.type == "chapter"
    assert m.edition.title == "The Cambridge Companion to Adam Smith"
    by_isbn = r.resolve(WorkQuery("isbn", isbn="9780521779241"))
    assert by_isbn.work.doi == "10.5555/ccas.2006"  # the book, not the chapter sharing its ISBN
    missing = r.resolve(WorkQuery("doi", doi="10.5555/nothing"))
    assert missing.outcome == "none" and missing.error is None


def test_public_pool_without_a_contact(serve, tmp_path):
    cr = serve("crossref")
    http = make_http(tmp_path)
    r = make_resolver(["crossref"], http, settings=Settings(contact=None), enrich=False)
    r.resolve(WorkQuery("explicit", title="The Cambridge Companion to Adam Smith"))
    assert "mailto" not in dict(cr.requests[0].args)
    host = cr.url.split("/")[2]
    assert http.gate.limit_of(host) == 1  # public pool: one request at a time


def test_rate_limit_headers_are_obeyed(tmp_path, monkeypatch):
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        body = (CR / "search_companion.json").read_text(encoding="utf-8")
        server.expect_request("/works").respond_with_response(Response(
            body, content_type="application/json",
            headers={"x-api-pool": "polite", "x-rate-limit-limit": "1",
                     "x-rate-limit-interval": "1s", "x-concurrency-limit": "1"}))
        monkeypatch.setenv("READLIST_CROSSREF_URL", server.url_for("").rstrip("/"))
        waits: list[float] = []
        http = make_http(tmp_path, sleep=waits.append)
        r = make_resolver(["crossref"], http, enrich=False)
        host = server.url_for("").split("/")[2]
        assert http.gate.limit_of(host) == 3  # polite pool, as configured
        r.resolve(WorkQuery("explicit", title="The Cambridge Companion to Adam Smith"))
        r.resolve(WorkQuery("explicit", title="Adam Smith"))
        assert http.gate.limit_of(host) == 1  # the server asked for one at a time
        assert any(w > 0.5 for w in waits), waits  # and one a second
    finally:
        server.clear()
        server.stop()
