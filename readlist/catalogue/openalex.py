"""OpenAlex (``api.openalex.org/works``): scholarly books and chapters, DOIs and authors.

Since February 2026 OpenAlex wants an API key (free, ``READLIST_OPENALEX_KEY``); without one
this provider stays off. Its book records carry no ISBN or place, so the resolver fills those
from other catalogues when it is the one that found the work.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from readlist.catalogue.base import Provider
from readlist.catalogue.normalise import language_code
from readlist.models import Edition, Work, WorkQuery

SELECT = "id,doi,display_name,title,publication_year,authorships,primary_location,type,language"
TYPES = {"book": "book", "book-chapter": "chapter", "monograph": "book", "edited-book": "book",
         "reference-book": "book"}


def _short(value: Any, prefix: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return re.sub(rf"^{re.escape(prefix)}", "", value.strip())


def record_from_work(rec: Any) -> tuple[Work, Edition] | None:
    if not isinstance(rec, dict):
        return None
    wid = _short(rec.get("id"), "https://openalex.org/")
    title = rec.get("display_name") or rec.get("title")
    if not wid or not isinstance(title, str) or not title.strip():
        return None
    kind = TYPES.get(str(rec.get("type") or ""), None)
    if kind is None:
        return None  # articles, datasets ...: not what a reading list of books wants
    authors = tuple(
        a["author"]["display_name"].strip() for a in rec.get("authorships") or []
        if isinstance(a, dict) and isinstance(a.get("author"), dict)
        and isinstance(a["author"].get("display_name"), str))
    doi = _short(rec.get("doi"), "https://doi.org/")
    year = rec.get("publication_year") if isinstance(rec.get("publication_year"), int) else None
    raw_location = rec.get("primary_location")
    location = raw_location if isinstance(raw_location, dict) else {}
    raw_source = location.get("source")
    source = raw_source if isinstance(raw_source, dict) else {}
    publisher = source.get("host_organization_name")
    container = source.get("display_name") if kind == "chapter" else None
    language = language_code(rec.get("language"))
    url = f"https://doi.org/{doi}" if doi else f"https://openalex.org/{wid}"
    work = Work(catalogue="openalex", id=wid, title=title.strip(), authors=authors, year=year,
                url=url, type=kind, doi=doi,
                container=container if isinstance(container, str) else None,
                language=(language,) if language else ())
    edition = Edition(catalogue="openalex", id=wid, title=title.strip(), authors=authors,
                      publisher=publisher if isinstance(publisher, str) else None, year=year,
                      language=language, url=url, work_id=wid)
    return work, edition


def records_from_list(data: Any) -> list[tuple[Work, Edition]]:
    results = data.get("results") if isinstance(data, dict) else None
    return [r for r in (record_from_work(x) for x in results or []) if r is not None]


class OpenAlex(Provider):
    name: ClassVar[str] = "openalex"
    description: ClassVar[str] = "OpenAlex: scholarly books and chapters (needs a free API key)"
    default_url: ClassVar[str] = "https://api.openalex.org"
    per_second: ClassVar[float] = 5.0  # well under the 100/s cap; searches cost budget
    needs_key: ClassVar[bool] = True

    def _get(self, path: str, **params: Any) -> Any:
        return self.get(path, api_key=self.settings.key(self.name), **params)

    def _remember(self, found: tuple[Work, Edition] | None) -> Work | None:
        if found is None:
            return None
        self.memo.put(("editions", found[0].id), [found[1]])
        return found[0]

    def search(self, query: WorkQuery, limit: int = 10) -> list[Work]:
        if not query.title:
            return []
        text = " ".join([query.title, *query.authors[:1]])
        data = self._get("/works", search=text, filter="type:book|book-chapter",
                         per_page=limit, select=SELECT)
        return [w for w in (self._remember(r) for r in records_from_list(data)) if w]

    def editions(self, work: Work, limit: int = 100) -> list[Edition]:
        known = self.memo.peek(("editions", work.id))
        if known is None and self.by_id(work.id) is not None:
            known = self.memo.peek(("editions", work.id))
        return list(known or [])

    def by_doi(self, doi: str) -> Work | None:
        return self._remember(record_from_work(self._get(f"/works/doi:{doi}")))

    def by_id(self, work_id: str) -> Work | None:
        return self._remember(record_from_work(self._get(f"/works/{work_id}")))
