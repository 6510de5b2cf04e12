"""Library of Congress (loc.gov JSON API): catalogue records for books Open Library lacks or
gets thin, above all publisher, place and ISBN.

Each loc.gov record describes one edition; records of the same work (title + author) are
gathered into one work with its editions attached. ``*_from_*`` functions are pure mappings.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from readlist.catalogue.base import Provider
from readlist.catalogue.matching import group_editions
from readlist.catalogue.normalise import isbn_lists, language_code
from readlist.catalogue.openlibrary import parse_year
from readlist.models import Edition, Work, WorkQuery

PUBLIC = "https://www.loc.gov"
_LIFE_DATES = re.compile(r",?\s*(?:\d{4}\??-(?:\d{4}\??)?|b\. \d{4}|d\. \d{4}|active .*)\.?$")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def _field(rec: dict[str, Any], *names: str) -> list[str]:
    """A field of a record or of its ``item`` sub-object (search results carry both)."""
    raw_item = rec.get("item")
    item = raw_item if isinstance(raw_item, dict) else {}
    for name in names:
        for source in (item, rec):
            found = _strings(source.get(name))
            if found:
                return found
    return []


def split_title(raw: str) -> tuple[str, str | None]:
    """ISBD title ``"Russia and the long transition : from ... / Samir Amin."`` ->
    ``("Russia and the long transition", "from ...")`` (statement of responsibility dropped)."""
    title = raw.split(" / ", 1)[0].strip()
    title = re.sub(r"\s*[.;,/]\s*$", "", title).strip()
    main, _, sub = title.partition(" : ")
    return _capital(main.strip()), _capital(sub.strip()) or None


def _capital(text: str) -> str:
    """LoC titles are in sentence case; at least start with a capital."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def clean_name(raw: str) -> str:
    """``"Amin, Samir, 1931-2018."`` -> ``"Amin, Samir"``; lower-cased facet values re-cased."""
    name = _LIFE_DATES.sub("", raw.strip()).strip(" ,.")
    if name.islower():
        name = " ".join(part.capitalize() for part in name.split(" "))
        name = re.sub(r"(?<=[-'])([a-z])", lambda m: m.group(1).upper(), name)
    return name


def parse_imprint(value: str) -> tuple[str | None, str | None, int | None]:
    """``"New York : Monthly Review Press, [2016]"`` -> (place, publisher, year)."""
    text = value.strip().rstrip(".")
    year = parse_year(text)
    place, sep, rest = text.partition(" : ")
    if not sep:
        return None, None, year
    publisher = re.sub(r",?\s*(?:\[?c?\d{4}\]?|\[\d{4}\?\]|copyright \d{4}).*$", "", rest).strip()
    # "London ; Atlantic Highlands, N.J." -> the first place, as BibTeX address wants one.
    first_place = re.sub(r"^\[|\]$", "", place.split(" ; ")[0].strip()).strip() or None
    return first_place, publisher.strip(" ,") or None, year


def lccn_of(rec: dict[str, Any]) -> str | None:
    numbers = _field(rec, "number_lccn", "lccn")
    if numbers:
        return re.sub(r"\s+", "", numbers[0])
    for url in _strings(rec.get("id")) + _strings(rec.get("url")):
        m = re.search(r"/item/([^/?#]+)/?", url)
        if m:
            return m.group(1)
    return None


def record_from_result(rec: Any) -> tuple[Work, Edition] | None:
    """One loc.gov record (a search result, or the body of ``/item/{lccn}/?fo=json``)."""
    if not isinstance(rec, dict):
        return None
    formats = [f.casefold() for f in _field(rec, "original_format", "format")]
    if formats and not any("book" in f for f in formats):
        return None
    titles = _field(rec, "title")
    lccn = lccn_of(rec)
    if not titles or not lccn:
        return None
    title, subtitle = split_title(titles[0])
    if not title:
        return None
    names = _field(rec, "contributor_names", "contributors", "creator", "contributor")
    authors = tuple(dict.fromkeys(n for n in (clean_name(x) for x in names) if n))
    place = publisher = None
    year = None
    for imprint in _field(rec, "created_published", "publisher"):
        place, publisher, year = parse_imprint(imprint)
        if publisher:
            break
    year = year or parse_year((_field(rec, "date") or [""])[0])
    i13, i10 = isbn_lists(_field(rec, "isbn", "number_isbn") or _strings(rec.get("number")))
    languages = [c for c in (language_code(x) for x in _field(rec, "language")) if c]
    subjects = tuple(_field(rec, "subjects", "subject"))[:40]
    summary = _field(rec, "summary", "description")
    url = f"{PUBLIC}/item/{lccn}/"
    work = Work(catalogue="loc", id=lccn, title=title, subtitle=subtitle, authors=authors,
                year=year, subjects=subjects, description=summary[0] if summary else None,
                url=url, isbns=i13 + i10, language=tuple(languages))
    edition = Edition(catalogue="loc", id=lccn, title=title, subtitle=subtitle, authors=authors,
                      publisher=publisher, address=place, year=year, isbn13=i13, isbn10=i10,
                      language=languages[0] if languages else None, url=url, work_id=lccn)
    return work, edition


def records_from_search(data: Any) -> list[tuple[Work, Edition]]:
    results = data.get("results") if isinstance(data, dict) else None
    return [r for r in (record_from_result(x) for x in results or []) if r is not None]


class LibraryOfCongress(Provider):
    name: ClassVar[str] = "loc"
    description: ClassVar[str] = "Library of Congress (loc.gov): publisher, place and ISBN"
    default_url: ClassVar[str] = "https://www.loc.gov"
    # loc.gov blocks for an hour past 80 searches a minute (20 per 10 s burst): stay well under.
    per_second: ClassVar[float] = 1.0
    concurrency: ClassVar[int | None] = 2

    def _find(self, text: str, rows: int = 25) -> list[tuple[Work, list[Edition]]]:
        data = self.get("/books/", q=text, fo="json", c=rows)
        groups = group_editions(records_from_search(data))
        for work, editions in groups:
            self.memo.put(("editions", work.id), editions)
        return groups

    def search(self, query: WorkQuery, limit: int = 10) -> list[Work]:
        if not query.title:
            return []
        text = " ".join([query.title, *query.authors[:1]])
        return [w for w, _ in self._find(text)][:limit]

    def editions(self, work: Work, limit: int = 100) -> list[Edition]:
        known = self.memo.peek(("editions", work.id))
        if known is not None:
            return list(known)[:limit]
        found = self.by_id(work.id)
        return list(self.memo.peek(("editions", work.id)) or []) if found else []

    def by_isbn(self, isbn: str) -> tuple[Work | None, Edition] | None:
        for work, editions in self._find(isbn, rows=5):
            for edition in editions:
                if isbn in edition.isbn13 or isbn in edition.isbn10 or \
                        isbn in _as_13(edition.isbn10):
                    return work, edition
        return None

    def by_id(self, work_id: str) -> Work | None:
        data = self.get(f"/item/{work_id}/", fo="json")
        found = record_from_result(data) if isinstance(data, dict) else None
        if found is None:
            return None
        work, edition = found
        self.memo.put(("editions", work.id), [edition])
        return work


def _as_13(isbn10s: tuple[str, ...]) -> set[str]:
    from stdnum import isbn as stdnum_isbn

    return {stdnum_isbn.to_isbn13(i) for i in isbn10s if stdnum_isbn.is_valid(i)}
