"""Crossref REST API (``/works``): books and chapters that carry DOIs, mostly from academic
presses; DOI lookups for posts that link one.

Polite pool: the configured contact goes in ``mailto``. Limits since December 2025: lists and
searches 1/s with one at a time (public) or 3/s with three at a time (polite); the HTTP layer
slows further when ``x-rate-limit-*`` / ``x-concurrency-limit`` headers ask for it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import quote

from readlist.catalogue.base import Provider
from readlist.catalogue.matching import group_editions
from readlist.catalogue.normalise import isbn_lists, language_code
from readlist.models import Edition, Work, WorkQuery

BOOK_TYPES = ("book", "monograph", "edited-book", "reference-book", "book-chapter",
              "book-part", "book-section")
SELECT = ("DOI,title,subtitle,author,editor,issued,published-print,published-online,publisher,"
          "publisher-location,ISBN,isbn-type,type,container-title,edition-number,language,"
          "subject,URL")


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _year(item: dict[str, Any]) -> int | None:
    for key in ("published-print", "issued", "published-online", "published"):
        parts = (item.get(key) or {}).get("date-parts") if isinstance(item.get(key), dict) \
            else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and 1400 < year < 2200:
                return year
    return None


def _people(value: Any) -> tuple[str, ...]:
    out = []
    for person in value if isinstance(value, list) else []:
        if not isinstance(person, dict):
            continue
        given, family = person.get("given"), person.get("family")
        if isinstance(family, str) and family.strip():
            name = f"{given.strip()} {family.strip()}" if isinstance(given, str) and \
                given.strip() else family.strip()
            out.append(name)
        elif isinstance(person.get("name"), str):
            out.append(person["name"].strip())
    return tuple(out)


def _isbns(item: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    typed = [t for t in item.get("isbn-type") or [] if isinstance(t, dict)]
    # Print first: the edition a reader holds.
    ordered = [t.get("value") for t in typed if t.get("type") == "print"] + \
        [t.get("value") for t in typed if t.get("type") != "print"] + list(item.get("ISBN") or [])
    return isbn_lists([v for v in ordered if isinstance(v, str)])


def record_from_item(item: Any) -> tuple[Work, Edition] | None:
    """One Crossref work (a ``message`` or an element of ``message.items``)."""
    if not isinstance(item, dict) or not isinstance(item.get("DOI"), str):
        return None
    title = _first(item.get("title"))
    if not title:
        return None
    doi = item["DOI"].strip()
    kind = item.get("type") if isinstance(item.get("type"), str) else ""
    chapter = kind in ("book-chapter", "book-part", "book-section")
    authors = _people(item.get("author")) or _people(item.get("editor"))
    year = _year(item)
    i13, i10 = _isbns(item)
    url = f"https://doi.org/{doi}"
    language = language_code(item.get("language"))
    container = _first(item.get("container-title")) if chapter else None
    work = Work(catalogue="crossref", id=doi, title=title, subtitle=_first(item.get("subtitle")),
                authors=authors, year=year,
                subjects=tuple(s for s in item.get("subject") or [] if isinstance(s, str))[:20],
                url=url, type="chapter" if chapter else "book", doi=doi, container=container,
                isbns=i13 + i10, language=(language,) if language else ())
    edition_no = item.get("edition-number")
    edition = Edition(catalogue="crossref", id=doi, title=container or title,
                      subtitle=None if chapter else work.subtitle, authors=authors,
                      publisher=_first(item.get("publisher")),
                      address=_first(item.get("publisher-location")), year=year, isbn13=i13,
                      isbn10=i10, language=language,
                      edition=str(edition_no) if isinstance(edition_no, (str, int)) else None,
                      url=url, work_id=doi)
    return work, edition


def records_from_list(data: Any) -> list[tuple[Work, Edition]]:
    message = data.get("message") if isinstance(data, dict) else None
    items = message.get("items") if isinstance(message, dict) else None
    return [r for r in (record_from_item(i) for i in items or []) if r is not None]


def record_from_work(data: Any) -> tuple[Work, Edition] | None:
    message = data.get("message") if isinstance(data, dict) else None
    return record_from_item(message)


def doi_path(doi: str) -> str:
    return "/works/" + quote(doi.strip(), safe="/:;()")


class Crossref(Provider):
    name: ClassVar[str] = "crossref"
    description: ClassVar[str] = "Crossref: books and chapters with DOIs"
    default_url: ClassVar[str] = "https://api.crossref.org"

    def rate(self) -> float:
        return 3.0 if self.settings.contact else 1.0

    def parallel(self) -> int | None:
        return 3 if self.settings.contact else 1

    def _params(self, **params: Any) -> dict[str, Any]:
        if self.settings.contact and "@" in self.settings.contact:
            params["mailto"] = re.sub(r"^mailto:", "", self.settings.contact.strip())
        return params

    def _remember(self, records: list[tuple[Work, Edition]]) -> list[Work]:
        works = []
        for work, editions in group_editions(records):
            self.memo.put(("editions", work.id), editions)
            works.append(work)
        return works

    def search(self, query: WorkQuery, limit: int = 10) -> list[Work]:
        if not query.title:
            return []
        params = self._params(**{"query.bibliographic": query.title, "rows": limit,
                                 "filter": ",".join(f"type:{t}" for t in BOOK_TYPES),
                                 "select": SELECT})
        if query.authors:
            params["query.author"] = query.authors[0]
        return self._remember(records_from_list(self.get("/works", **params)))

    def editions(self, work: Work, limit: int = 100) -> list[Edition]:
        known = self.memo.peek(("editions", work.id))
        if known is None and self.by_id(work.id) is not None:
            known = self.memo.peek(("editions", work.id))
        return list(known or [])[:limit]

    def by_doi(self, doi: str) -> Work | None:
        return self.by_id(doi)

    def by_id(self, work_id: str) -> Work | None:
        found = record_from_work(self.get(doi_path(work_id), **self._params()))
        if found is None:
            return None
        work, edition = found
        self.memo.put(("editions", work.id), [edition])
        return work

    def by_isbn(self, isbn: str) -> tuple[Work | None, Edition] | None:
        data = self.get("/works", **self._params(filter=f"isbn:{isbn}", rows=5, select=SELECT))
        for work, edition in records_from_list(data):
            if work.type == "book" and isbn in edition.isbn13 + edition.isbn10:
                self.memo.put(("editions", work.id), [edition])
                return work, edition
        return None

