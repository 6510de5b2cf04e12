"""Open Library: pure mappings of the documented shapes, and the provider against a local server
with distractors (same title by another author, other works of the author, several editions,
a ghost record with no author)."""

from __future__ import annotations

import json

from conftest import FIXTURES
from test_catalogue_support import make_http, make_resolver, serve  # noqa: F401

from readlist.catalogue.openlibrary import (
    books_api_editions,
    edition_from_record,
    parse_year,
    text_value,
    work_from_record,
    work_from_search_doc,
    works_by_isbn,
)
from readlist.models import WorkQuery

OL = FIXTURES / "openlibrary"


def load(name: str):
    return json.loads((OL / name).read_text(encoding="utf-8"))


# -- pure mappings --------------------------------------------------------------------------------
def test_free_text_dates_and_text_values():
    assert parse_year("March 1988") == 1988
    assert parse_year("April 22, 2008") == 2008
    assert parse_year("c1990") == 1990
    assert parse_year("n.d.") is None
    assert text_value({"type": "/type/text", "value": " x "}) == "x"
    assert text_value("") is None


def test_search_doc_to_work():
    docs = load("search_imperialism_hobson.json")["docs"]
    works = [work_from_search_doc(d) for d in docs]
    hobson = next(w for w in works if w and w.id == "OL2101W")
    assert hobson.title == "Imperialism" and hobson.subtitle == "A Study"
    assert hobson.authors == ("J. A. Hobson",) and hobson.edition_count == 40
    ghost = next(w for w in works if w and w.id == "OL2103W")
    assert ghost.authors == ()
    assert work_from_search_doc({"key": "/works/OL1W"}) is None  # no title
    assert work_from_search_doc("garbage") is None  # type: ignore[arg-type]


def test_work_record_with_description_object_and_redirects_skipped():
    work = work_from_record(load("work_OL2101W.json"))
    assert work is not None and work.author_ids == ("OL2200A",)
    assert work.description and work.description.startswith("An economic account")
    assert work.year == 1902
    redirect = {"key": "/works/OL9W", "title": "x", "type": {"key": "/type/redirect"}}
    assert work_from_record(redirect) is None


def test_edition_record_fields():
    entries = load("work_OL2101W_editions.json")["entries"]
    eds = {e.id: e for e in (edition_from_record(r) for r in entries) if e}
    michigan = eds["OL3102M"]
    assert (michigan.publisher, michigan.address, michigan.year) == (
        "University of Michigan Press", "Ann Arbor", 1965)
    assert michigan.isbn13 == ("9780999000014",) and michigan.isbn10 == ("0999000012",)
    assert michigan.work_id == "OL2101W" and michigan.language == "eng"
    assert eds["OL3105M"].year == 1988 and eds["OL3105M"].address is None
    assert eds["OL3104M"].language == "spa"


def test_books_api_batch_shape():
    editions = books_api_editions(load("books_api_two.json"))
    russia = editions["9781583676011"]
    assert russia.id == "OL2001M" and russia.publisher == "Monthly Review Press"
    assert russia.address == "New York" and russia.pages == 240 and russia.year == 2016
    assert russia.authors == ("Samir Amin",)
    assert editions["9780999000045"].isbn13 == ("9780999000045",)
    assert books_api_editions([]) == {}


def test_isbn_search_maps_each_isbn_to_its_work_even_as_isbn10():
    data = load("search_isbn_two.json")
    works = works_by_isbn(data, ["9780999000045", "9781583676011", "9780000000002"])
    assert works["9780999000045"].id == "OL2101W"
    assert works["9781583676011"].id == "OL1001W"
    assert "9780000000002" not in works
    # a work that lists only the ISBN-10 form still holds the ISBN-13
    doc = {"key": "/works/OL7W", "title": "T", "isbn": ["1583676015"]}
    assert works_by_isbn({"docs": [doc]}, ["9781583676011"])["9781583676011"].id == "OL7W"


# -- the provider against a local Open Library ----------------------------------------------------
def test_author_picks_the_right_work_among_distractors(serve, tmp_path):
    ol = serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("explicit", title="Imperialism", authors=("J. A. Hobson",)))
    assert m.outcome == "sure" and m.work.id == "OL2101W"
    # Lenin's "Imperialism, the Highest Stage ..." and the authorless ghost lose; other works
    # of Hobson's are not mistaken for this one.
    assert {c.work.id for c in m.candidates} >= {"OL2101W", "OL2103W"}
    assert all(c.score < m.score for c in m.candidates if c.work.id != "OL2101W")
    # Default edition: the earliest print edition with an ISBN in English (not the 1902 one
    # without ISBN, not the Spanish translation, not the e-book).
    assert m.edition.id == "OL3102M"
    assert m.sources["publisher"] == "openlibrary"
    ol.assert_all_expected()


def test_same_title_two_authors_none_named_is_unsure(serve, tmp_path):
    serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("explicit", title="Imperialism"))
    assert m.outcome == "unsure"
    assert {c.work.id for c in m.candidates[:2]} == {"OL2101W", "OL2104W"}
    assert m.candidates[0].work.authors  # never the ghost on top


def test_isbns_are_looked_up_in_one_batch(serve, tmp_path):
    ol = serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False)
    queries = [WorkQuery("isbn", isbn="9780999000045"), WorkQuery("isbn", isbn="9781583676011")]
    found = r.resolve_all(queries)
    hobson, russia = (found[q] for q in queries)
    assert hobson.outcome == russia.outcome == "sure"
    assert hobson.work.id == "OL2101W" and hobson.edition.id == "OL3105M"  # the named edition
    assert russia.edition.publisher == "Monthly Review Press"
    assert [q.path for q in ol.requests] == ["/api/books", "/search.json"]
    ol.assert_all_expected()


def test_description_reads_full_work_records_once(serve, tmp_path):
    ol = serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False)
    q1 = WorkQuery("description", authors=("Samir Amin",),
                   description="the transition to and out of the Soviet mode of production")
    q2 = WorkQuery("description", authors=("Samir Amin",), description="a transition out of the Soviet system")
    r.resolve_all([q1, q2])
    paths = [q.path for q in ol.requests]
    assert paths.count("/search/authors.json") == 1  # the bibliography is fetched once
    assert paths.count("/works/OL1006W.json") == 1  # a full record, once, for the unsure case
    ol.assert_all_expected()


def test_rerun_asks_nothing(serve, tmp_path):
    ol = serve("openlibrary")
    q = WorkQuery("explicit", title="Imperialism", authors=("J. A. Hobson",))
    make_resolver(["openlibrary"], make_http(tmp_path), enrich=False).resolve(q)
    sent = len(ol.requests)
    http = make_http(tmp_path)
    again = make_resolver(["openlibrary"], http, enrich=False).resolve(q)
    assert again.work.id == "OL2101W"
    assert len(ol.requests) == sent and http.stats.total_sent == 0


def test_free_text_fallback_when_the_title_search_finds_nothing(serve, tmp_path):
    ol = serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("explicit", title="A Book Nobody Wrote", authors=("No One",)))
    assert m.outcome == "none" and m.error is None  # not found, not an error
    asked = [dict(q.args) for q in ol.requests if q.path == "/search.json"]
    assert asked[0]["title"] == "A Book Nobody Wrote" and asked[1]["q"] == "A Book Nobody Wrote No One"
