"""Works named by links and identifiers (issue 3): Amazon /dp/ISBN-10, amzn.to, Goodreads,
Open Library, WorldCat, publisher pages, doi.org, bare DOIs and ISBNs with checksums."""

from __future__ import annotations

import pytest
from extract_support import one, recommended
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.extract.identifiers import (
    _DIGIT,
    DOI_RE,
    ISBN_RE,
    URL_RE,
    classify_url,
    find_identifiers,
    valid_isbn13,
)


def test_amazon_dp_isbn10_becomes_isbn13() -> None:
    ms = one("Grab it here: https://www.amazon.com/Left-Hand-Darkness/dp/0441478123/ref=sr_1_1")
    m = recommended(ms)[0]
    assert m.kind == "link" and m.isbn == "9780441478125"
    assert m.url is not None and m.url.startswith("https://www.amazon.com/")


def test_amazon_asin_that_is_no_isbn_gives_no_isbn() -> None:
    ident = classify_url("https://www.amazon.com/dp/B00ABCDEFG")
    assert ident is None or ident.isbn is None


def test_short_amazon_link_is_kept_as_a_link() -> None:
    ms = one("I recommend this one https://amzn.to/3xYzAbC")
    assert [(m.kind, m.recommended, m.url) for m in ms] == [
        ("link", True, "https://amzn.to/3xYzAbC")]


@pytest.mark.parametrize("url, title", [
    ("https://www.goodreads.com/book/show/18512.The_Return_of_the_King", "The Return of the King"),
    ("https://openlibrary.org/works/OL27448W/The_Lord_of_the_Rings", "The Lord of the Rings"),
])
def test_catalogue_pages_carry_a_title_hint(url: str, title: str) -> None:
    ms = one(f"Loved this one, highly recommend: {url}")
    m = recommended(ms)[0]
    assert m.kind == "link" and m.title == title and m.url == url


def test_worldcat_and_open_library_ids() -> None:
    assert classify_url("https://www.worldcat.org/title/mutual-aid/oclc/7014451"
                        ).catalogue_id == "oclc:7014451"  # type: ignore[union-attr]
    assert classify_url("https://openlibrary.org/works/OL27448W"
                        ).catalogue_id == "openlibrary:/works/OL27448W"  # type: ignore[union-attr]
    isbn_page = classify_url("https://openlibrary.org/isbn/9780140449136")
    assert isbn_page is not None and isbn_page.isbn == "9780140449136"


def test_publisher_page_with_isbn_in_path() -> None:
    ident = classify_url("https://bookshop.org/p/books/the-dawn-of-everything/9780374157357")
    assert ident is not None and ident.isbn == "9780374157357"


def test_doi_link_and_bare_doi() -> None:
    ms = one("Must read: doi:10.1038/nature14539")
    assert [(m.kind, m.doi, m.recommended) for m in ms] == [("doi", "10.1038/nature14539", True)]
    ms = one("I recommend https://doi.org/10.1145/359545.359563 to anyone building one.")
    assert [(m.kind, m.doi) for m in recommended(ms)] == [("doi", "10.1145/359545.359563")]


def test_doi_praised_after_it() -> None:
    ms = one("The paper you want is https://doi.org/10.1145/359545.359563 and it's a classic.")
    assert [m.doi for m in recommended(ms)] == ["10.1145/359545.359563"]


def test_bare_isbn_is_its_own_kind_not_a_title() -> None:
    ms = one("Highly recommend ISBN 978-0-14-044913-6.")
    assert [(m.kind, m.isbn) for m in recommended(ms)] == [("isbn", "9780140449136")]
    assert all((m.title or "").casefold() != "isbn" for m in ms)


@pytest.mark.parametrize("raw", ["978-0-14-044913-7", "0140449136", "9780140449130"])
def test_bad_isbn_checksums_are_not_taken(raw: str) -> None:
    assert valid_isbn13(raw) is None
    assert not [i for i in find_identifiers(f"ISBN {raw} great book") if i.kind == "isbn"]


@pytest.mark.parametrize("raw, isbn13", [
    ("0-14-044913-2", "9780140449136"),
    ("978 0 14 044913 6", "9780140449136"),
    ("080442957X", "9780804429573"),
])
def test_isbn_forms(raw: str, isbn13: str) -> None:
    found = [i for i in find_identifiers(f"ISBN: {raw}") if i.kind == "isbn"]
    assert [i.isbn for i in found] == [isbn13]


def test_title_beside_a_link_is_one_mention() -> None:
    ms = one("Kindred by Octavia Butler https://www.goodreads.com/book/show/60931.Kindred "
             "is a must-read.")
    rec = recommended(ms)
    assert len(rec) == 1
    assert rec[0].title == "Kindred" and rec[0].url and "goodreads" in rec[0].url


# Pieces of identifiers and what looks like them, for the screens' property test below.
_ID_PIECES = st.sampled_from([
    "https://", "HTTP://", "://", "www.", "doi.org/", "10.", "1000/182", "10.1000/xyz", "ISBN",
    "isbn-13:", "978", "0-306-40615-2", "0306406152", "9780306406157", "X", "x", "-", " ", "/",
    "1", "23", "٣", "۴۵", "a", "Dune", ".", ",",
])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(_ID_PIECES, max_size=25).map("".join), st.text(max_size=80)))
def test_identifier_scans_are_skipped_only_where_they_cannot_match(text: str) -> None:
    if URL_RE.search(text) is not None:
        assert "://" in text
    if DOI_RE.search(text) is not None:
        assert "10." in text
    if ISBN_RE.search(text) is not None:
        assert len(_DIGIT.findall(text)) >= 9
