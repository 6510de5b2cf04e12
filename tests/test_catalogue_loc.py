"""Library of Congress: ISBD titles and imprints mapped, records of one work gathered with their
editions, distractors (same title by another author, a map, a record with no author)."""

from __future__ import annotations

import json

from conftest import FIXTURES
from test_catalogue_support import make_http, make_resolver, serve  # noqa: F401

from readlist.catalogue.loc import (
    clean_name,
    parse_imprint,
    record_from_result,
    records_from_search,
    split_title,
)
from readlist.models import WorkQuery

LOC = FIXTURES / "loc"


def load(name: str):
    return json.loads((LOC / name).read_text(encoding="utf-8"))


def test_isbd_title_and_names():
    assert split_title("Maldevelopment : anatomy of a global failure / Samir Amin.") == (
        "Maldevelopment", "Anatomy of a global failure")
    assert split_title("Imperialism.") == ("Imperialism", None)
    assert clean_name("Amin, Samir, 1931-2018.") == "Amin, Samir"
    assert clean_name("Hobson, J. A. (John Atkinson), 1858-1940.") == \
        "Hobson, J. A. (John Atkinson)"
    assert clean_name("amin, samir") == "Amin, Samir"


def test_imprints():
    assert parse_imprint("New York : Monthly Review Press, [2016]") == (
        "New York", "Monthly Review Press", 2016)
    assert parse_imprint("London ; Atlantic Highlands, N.J. : Zed Books, 1990.") == (
        "London", "Zed Books", 1990)
    assert parse_imprint("[Oxford] : Pambazuka Press, c2011.") == ("Oxford", "Pambazuka Press",
                                                                   2011)
    assert parse_imprint("1995") == (None, None, 1995)


def test_search_results_map_and_skip_non_books():
    records = records_from_search(load("search_maldevelopment.json"))
    ids = [w.id for w, _ in records]
    assert "2005000004" not in ids  # the map
    work, edition = records[0]
    assert (work.title, work.subtitle, work.authors) == (
        "Maldevelopment", "Anatomy of a global failure", ("Amin, Samir",))
    assert (edition.publisher, edition.address, edition.year) == ("Zed Books", "London", 1990)
    assert edition.isbn10 == ("0862329248", "0862329256") and edition.language == "eng"
    assert edition.url == "https://www.loc.gov/item/90012345/"
    assert record_from_result({"title": "No id"}) is None


def test_item_endpoint_shape():
    work, edition = record_from_result(load("item_2011000002.json"))
    assert work.id == "2011000002" and edition.isbn13 == ("9781906387792",)
    assert edition.publisher == "Pambazuka Press" and edition.address == "Oxford"


def test_resolves_the_work_with_its_editions_attached(serve, tmp_path):
    loc = serve("loc")
    r = make_resolver(["loc"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("explicit", title="Maldevelopment", authors=("Samir Amin",)))
    assert m.outcome == "sure" and m.work.catalogue == "loc"
    assert m.work.edition_count == 2  # the 1990 and 2011 records are one work
    assert m.edition.year == 1990 and m.edition.publisher == "Zed Books"
    # Weber's "Maldevelopment" is vetoed by the author; the authorless record never wins.
    others = [c for c in m.candidates if c.work.id != m.work.id]
    assert others and all(c.score < 0.8 for c in others)
    assert [q.path for q in loc.requests] == ["/books/"]  # editions came with the search
    loc.assert_all_expected()


def test_isbn_lookup_and_item_by_id(serve, tmp_path):
    serve("loc")
    r = make_resolver(["loc"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("isbn", isbn="9780999000045"))
    assert m.outcome == "sure" and m.edition.publisher == "Unwin Hyman"
    assert m.edition.address == "London"
    provider = r.providers[0]
    work = provider.by_id("2011000002")
    assert work is not None and provider.editions(work)[0].year == 2011
