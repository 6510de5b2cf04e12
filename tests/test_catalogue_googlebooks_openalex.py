"""Google Books (optional, off by default, optional key) and OpenAlex (needs a key; thin book
records filled from Crossref) against local servers in their documented shapes."""

from __future__ import annotations

import json

from conftest import FIXTURES
from test_catalogue_support import CONTACT, make_http, make_resolver, serve  # noqa: F401

from readlist.catalogue import provider_order
from readlist.catalogue.googlebooks import record_from_volume, records_from_volumes
from readlist.catalogue.openalex import record_from_work, records_from_list
from readlist.config import Settings
from readlist.models import WorkQuery


def load(folder: str, name: str):
    return json.loads((FIXTURES / folder / name).read_text(encoding="utf-8"))


def test_volume_mapping():
    records = records_from_volumes(load("googlebooks", "volumes_maldevelopment.json"))
    by_id = {w.id: (w, e) for w, e in records}
    assert "volMag" not in by_id  # magazines are not books
    work, edition = by_id["vol2011"]
    assert (work.title, work.subtitle, work.authors) == (
        "Maldevelopment", "Anatomy of a Global Failure", ("Samir Amin",))
    assert (edition.publisher, edition.year, edition.isbn13, edition.pages, edition.language) == (
        "Pambazuka Press", 2011, ("9781906387792",), 288, "eng")
    assert by_id["volWeber"][1].language is None  # "un": unknown
    assert by_id["volGhost"][0].authors == ()
    assert record_from_volume({"id": "x"}) is None


def test_googlebooks_is_off_by_default_and_resolves_when_asked(serve, tmp_path, monkeypatch):
    assert "googlebooks" not in provider_order(None, Settings())
    monkeypatch.setenv("READLIST_GOOGLEBOOKS_KEY", "sekret-key")
    gb = serve("googlebooks")
    r = make_resolver(["googlebooks"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("explicit", title="Maldevelopment", authors=("Samir Amin",)))
    assert m.outcome == "sure" and m.work.catalogue == "googlebooks"
    assert m.work.edition_count == 2 and m.edition.id == "vol1990"
    assert dict(gb.requests[0].args)["key"] == "sekret-key"
    isbn = r.resolve(WorkQuery("isbn", isbn="9781906387792"))
    assert isbn.edition.id == "vol2011" and isbn.edition.publisher == "Pambazuka Press"
    assert r.providers[0].by_id("vol2011").title == "Maldevelopment"
    gb.assert_all_expected()


def test_openalex_mapping():
    records = records_from_list(load("openalex", "search_companion.json"))
    assert [w.id for w, _ in records] == ["W900001", "W900003"]  # the article is dropped
    book, edition = records[0]
    assert book.doi == "10.5555/ccas.2006" and book.type == "book"
    assert edition.publisher == "Cambridge University Press" and not edition.isbn13
    chapter, _ = record_from_work(load("openalex", "work_doi_chapter.json"))
    assert chapter.type == "chapter" and chapter.container == "The Cambridge Companion to Adam Smith"


def test_openalex_needs_a_key(serve, tmp_path, monkeypatch):
    oa = serve("openalex")
    assert "openalex" not in provider_order(None, Settings())
    r = make_resolver(["openalex"], make_http(tmp_path))
    assert r.resolve(WorkQuery("doi", doi="10.5555/ccas.2006.012")).outcome == "none"
    assert not oa.requests and "READLIST_OPENALEX_KEY" in r.skipped["openalex"]


def test_openalex_with_a_key_and_thin_records_filled_from_crossref(serve, tmp_path, monkeypatch):
    monkeypatch.setenv("READLIST_OPENALEX_KEY", "oa-key")
    oa = serve("openalex")
    serve("crossref")
    r = make_resolver(["openalex", "crossref"], make_http(tmp_path))
    m = r.resolve(WorkQuery("explicit", title="The Cambridge Companion to Adam Smith",
                            authors=("Knud Haakonssen",)))
    assert m.outcome == "sure" and m.work.catalogue == "openalex"
    assert dict(oa.requests[0].args)["api_key"] == "oa-key"
    # OpenAlex has no ISBN or place for books: Crossref's record of the same book fills them.
    assert m.edition.address == "Cambridge" and m.edition.isbn13
    assert m.sources["address"] == m.sources["isbn"] == "crossref"
    assert m.sources["publisher"] == "openalex"
    chapter = r.resolve(WorkQuery("doi", doi="10.5555/ccas.2006.012"))
    assert chapter.work.type == "chapter" and chapter.work.catalogue == "openalex"
    assert "mailto" not in dict(oa.requests[0].args)  # the contact goes to Crossref only
