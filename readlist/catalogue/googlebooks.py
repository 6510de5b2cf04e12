"""Google Books API v1 (``/books/v1/volumes``): an optional fallback, off unless asked for
(``--providers ...,googlebooks`` or config) because its data is not open. An API key
(``READLIST_GOOGLEBOOKS_KEY``) is optional; without one the shared quota runs out quickly.
"""

from __future__ import annotations

from typing import Any, ClassVar

from readlist.catalogue.base import Provider
from readlist.catalogue.matching import group_editions
from readlist.catalogue.normalise import isbn_lists, language_code
from readlist.catalogue.openlibrary import parse_year
from readlist.models import Edition, Work, WorkQuery

PUBLIC = "https://books.google.com/books?id="


def record_from_volume(volume: Any) -> tuple[Work, Edition] | None:
    if not isinstance(volume, dict) or not isinstance(volume.get("id"), str):
        return None
    raw_info = volume.get("volumeInfo")
    info = raw_info if isinstance(raw_info, dict) else {}
    title = info.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    if info.get("printType") not in (None, "BOOK"):
        return None  # magazines
    vid = volume["id"]
    authors = tuple(a.strip() for a in info.get("authors") or []
                    if isinstance(a, str) and a.strip())
    idents = [i.get("identifier") for i in info.get("industryIdentifiers") or []
              if isinstance(i, dict) and str(i.get("type", "")).startswith("ISBN")]
    i13, i10 = isbn_lists([i for i in idents if isinstance(i, str)])
    year = parse_year(info.get("publishedDate"))
    language = language_code(info.get("language"))  # "un" (unknown) maps to None
    subtitle = info.get("subtitle") if isinstance(info.get("subtitle"), str) else None
    pages = info.get("pageCount") if isinstance(info.get("pageCount"), int) else None
    url = f"{PUBLIC}{vid}"
    description = info.get("description") if isinstance(info.get("description"), str) else None
    work = Work(catalogue="googlebooks", id=vid, title=title.strip(), subtitle=subtitle,
                authors=authors, year=year,
                subjects=tuple(c for c in info.get("categories") or [] if isinstance(c, str)),
                description=description, url=url, isbns=i13 + i10,
                language=(language,) if language else ())
    publisher = info.get("publisher") if isinstance(info.get("publisher"), str) else None
    edition = Edition(catalogue="googlebooks", id=vid, title=title.strip(), subtitle=subtitle,
                      authors=authors, publisher=publisher, year=year, isbn13=i13, isbn10=i10,
                      language=language, pages=pages or None, url=url, work_id=vid)
    return work, edition


def records_from_volumes(data: Any) -> list[tuple[Work, Edition]]:
    items = data.get("items") if isinstance(data, dict) else None
    return [r for r in (record_from_volume(v) for v in items or []) if r is not None]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', " ").strip() + '"'


class GoogleBooks(Provider):
    name: ClassVar[str] = "googlebooks"
    description: ClassVar[str] = "Google Books (optional key; not open data, off by default)"
    default_url: ClassVar[str] = "https://www.googleapis.com"
    per_second: ClassVar[float] = 1.0
    on_by_default: ClassVar[bool] = False

    def _volumes(self, q: str, rows: int = 10) -> list[tuple[Work, list[Edition]]]:
        data = self.get("/books/v1/volumes", q=q, printType="books", maxResults=rows,
                        key=self.settings.key(self.name))
        groups = group_editions(records_from_volumes(data))
        for work, editions in groups:
            self.memo.put(("editions", work.id), editions)
        return groups

    def search(self, query: WorkQuery, limit: int = 10) -> list[Work]:
        if not query.title:
            return []
        q = "intitle:" + _quoted(query.title)
        if query.authors:
            q += " inauthor:" + _quoted(query.authors[0])
        return [w for w, _ in self._volumes(q, limit)]

    def editions(self, work: Work, limit: int = 100) -> list[Edition]:
        known = self.memo.peek(("editions", work.id))
        if known is None and self.by_id(work.id) is not None:
            known = self.memo.peek(("editions", work.id))
        return list(known or [])[:limit]

    def by_isbn(self, isbn: str) -> tuple[Work | None, Edition] | None:
        for work, editions in self._volumes(f"isbn:{isbn}", 5):
            for edition in editions:
                if isbn in edition.isbn13 + edition.isbn10:
                    return work, edition
        return None

    def by_id(self, work_id: str) -> Work | None:
        found = record_from_volume(self.get(f"/books/v1/volumes/{work_id}",
                                            key=self.settings.key(self.name)))
        if found is None:
            return None
        self.memo.put(("editions", found[0].id), [found[1]])
        return found[0]
