"""Open Library: search, author bibliographies, works, editions and ISBN lookups.

HTTP lives in the provider's methods; the ``*_from_*`` functions are pure mappings from the
documented JSON shapes to the shared models and are tested without any network.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, ClassVar

from rapidfuzz import fuzz
from stdnum import isbn as stdnum_isbn

from readlist.catalogue.base import Provider
from readlist.catalogue.normalise import normalise_name
from readlist.models import Edition, Work, WorkQuery

PUBLIC = "https://openlibrary.org"  # record URLs are canonical whichever server answered
SEARCH_FIELDS = ",".join([
    "key", "title", "subtitle", "author_name", "author_key", "first_publish_year",
    "edition_count", "isbn", "language", "subject",
])
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")  # "c1990", "[2016]", "1990."


def text_value(value: Any) -> str | None:
    """Open Library text: a plain string or ``{"type": "/type/text", "value": ...}``."""
    if isinstance(value, dict):
        value = value.get("value")
    return value.strip() if isinstance(value, str) and value.strip() else None


def parse_year(value: Any) -> int | None:
    """Years out of free-text dates: "2016", "November 2006", "April 22, 2008", "c1990"."""
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    m = _YEAR.search(value)
    return int(m.group(1)) if m else None


def _strs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())


def _key(value: Any) -> str:
    """"/works/OL1W" -> "OL1W"."""
    return str(value or "").rstrip("/").rsplit("/", 1)[-1]


def work_from_search_doc(doc: dict[str, Any]) -> Work | None:
    if not isinstance(doc, dict) or not doc.get("key") or not isinstance(doc.get("title"), str):
        return None
    wid = _key(doc["key"])
    return Work(
        catalogue="openlibrary",
        id=wid,
        title=doc["title"].strip(),
        subtitle=doc.get("subtitle") if isinstance(doc.get("subtitle"), str) else None,
        authors=_strs(doc.get("author_name")),
        author_ids=_strs(doc.get("author_key")),
        year=parse_year(doc.get("first_publish_year")),
        subjects=_strs(doc.get("subject"))[:40],
        url=f"{PUBLIC}/works/{wid}",
        isbns=_strs(doc.get("isbn"))[:200],
        edition_count=doc.get("edition_count") if isinstance(doc.get("edition_count"), int)
        else None,
        language=_strs(doc.get("language")),
    )


def work_from_record(rec: dict[str, Any], authors: tuple[str, ...] = (),
                     author_ids: tuple[str, ...] = ()) -> Work | None:
    """A ``/works/{id}.json`` record or an entry of ``/authors/{id}/works.json``."""
    if not isinstance(rec, dict) or not rec.get("key") or not isinstance(rec.get("title"), str):
        return None
    if (rec.get("type") or {}).get("key") not in (None, "/type/work"):
        return None  # redirects and deletions
    wid = _key(rec["key"])
    ids = author_ids or tuple(
        _key((a.get("author") or {}).get("key")) for a in rec.get("authors") or []
        if isinstance(a, dict) and isinstance(a.get("author"), dict)
    )
    subjects = (_strs(rec.get("subjects")) + _strs(rec.get("subject_places"))
                + _strs(rec.get("subject_people")) + _strs(rec.get("subject_times")))
    return Work(
        catalogue="openlibrary",
        id=wid,
        title=rec["title"].strip(),
        subtitle=rec.get("subtitle") if isinstance(rec.get("subtitle"), str) else None,
        authors=authors,
        author_ids=ids,
        year=parse_year(rec.get("first_publish_date")),
        subjects=subjects[:60],
        description=text_value(rec.get("description")),
        url=f"{PUBLIC}/works/{wid}",
    )


def edition_from_record(rec: dict[str, Any], work: Work | None = None) -> Edition | None:
    """A ``/books/{id}.json`` record (or an entry of ``/works/{id}/editions.json``)."""
    if not isinstance(rec, dict) or not rec.get("key") or not isinstance(rec.get("title"), str):
        return None
    eid = _key(rec["key"])
    languages = [_key(lang.get("key")) for lang in rec.get("languages") or []
                 if isinstance(lang, dict)]
    pages = rec.get("number_of_pages")
    works = [_key(w.get("key")) for w in rec.get("works") or [] if isinstance(w, dict)]
    return Edition(
        catalogue="openlibrary",
        id=eid,
        title=rec["title"].strip(),
        subtitle=rec.get("subtitle") if isinstance(rec.get("subtitle"), str) else None,
        authors=work.authors if work else (),
        publisher=(_strs(rec.get("publishers")) or (None,))[0],
        address=(_strs(rec.get("publish_places")) or (None,))[0],
        year=parse_year(rec.get("publish_date")),
        isbn13=tuple(re.sub(r"[^0-9X]", "", i) for i in _strs(rec.get("isbn_13"))),
        isbn10=tuple(re.sub(r"[^0-9X]", "", i.upper()) for i in _strs(rec.get("isbn_10"))),
        language=languages[0] if languages else None,
        edition=rec.get("edition_name") if isinstance(rec.get("edition_name"), str) else None,
        pages=pages if isinstance(pages, int) else None,
        physical_format=rec.get("physical_format") if isinstance(rec.get("physical_format"), str)
        else None,
        url=f"{PUBLIC}/books/{eid}",
        work_id=works[0] if works else (work.id if work else None),
    )


def editions_from_list(data: Any, work: Work | None = None) -> list[Edition]:
    entries = data.get("entries") if isinstance(data, dict) else None
    return [e for e in (edition_from_record(r, work) for r in entries or []) if e is not None]


def _names(value: Any) -> tuple[str, ...]:
    """``[{"name": "Gallimard"}]`` (the /api/books shape) -> ``("Gallimard",)``."""
    if not isinstance(value, list):
        return ()
    return tuple(v["name"].strip() for v in value
                 if isinstance(v, dict) and isinstance(v.get("name"), str) and v["name"].strip())


def edition_from_books_api(rec: Any) -> Edition | None:
    """One value of ``/api/books?bibkeys=...&format=json&jscmd=data``."""
    if not isinstance(rec, dict) or not rec.get("key") or not isinstance(rec.get("title"), str):
        return None
    eid = _key(rec["key"])
    raw_ids = rec.get("identifiers")
    ids = raw_ids if isinstance(raw_ids, dict) else {}
    pages = rec.get("number_of_pages")
    return Edition(
        catalogue="openlibrary",
        id=eid,
        title=rec["title"].strip(),
        subtitle=rec.get("subtitle") if isinstance(rec.get("subtitle"), str) else None,
        authors=_names(rec.get("authors")),
        publisher=(_names(rec.get("publishers")) or (None,))[0],
        address=(_names(rec.get("publish_places")) or (None,))[0],
        year=parse_year(rec.get("publish_date")),
        isbn13=tuple(re.sub(r"[^0-9X]", "", i) for i in _strs(ids.get("isbn_13"))),
        isbn10=tuple(re.sub(r"[^0-9X]", "", i.upper()) for i in _strs(ids.get("isbn_10"))),
        pages=pages if isinstance(pages, int) else None,
        url=f"{PUBLIC}/books/{eid}",
    )


def books_api_editions(data: Any) -> dict[str, Edition]:
    """``{"ISBN:978...": {...}}`` -> ``{"978...": Edition}`` (keys as asked, prefix dropped)."""
    if not isinstance(data, dict):
        return {}
    out = {}
    for bibkey, rec in data.items():
        edition = edition_from_books_api(rec)
        if edition is not None and isinstance(bibkey, str):
            out[bibkey.split(":", 1)[-1]] = edition
    return out


def _isbn_forms(isbn: str) -> set[str]:
    """An ISBN-13 and, for 978- ones, its ISBN-10: Open Library lists either."""
    forms = {isbn}
    if len(isbn) == 13 and isbn.startswith("978") and stdnum_isbn.is_valid(isbn):
        forms.add(stdnum_isbn.to_isbn10(isbn))
    return forms


def works_by_isbn(data: Any, isbns: list[str]) -> dict[str, Work]:
    """Which work of a ``q=isbn:(...)`` search answer holds each ISBN (13 or its ISBN-10)."""
    docs = data.get("docs") if isinstance(data, dict) else None
    works = [(w, set(w.isbns)) for w in (work_from_search_doc(d) for d in docs or [])
             if w is not None]
    out = {}
    for isbn in isbns:
        forms = _isbn_forms(isbn)
        for work, held in works:
            if forms & held:
                out[isbn] = work
                break
    return out


class OpenLibrary(Provider):
    name: ClassVar[str] = "openlibrary"
    description: ClassVar[str] = "Open Library (openlibrary.org): works, editions, ISBNs"
    default_url: ClassVar[str] = "https://openlibrary.org"
    per_second: ClassVar[float] = 3.0  # identified clients: about 3 requests/s
    batch_isbns: ClassVar[bool] = True
    batch_size: ClassVar[int] = 25  # what Open Library's maintainers suggest per request

    def _search(self, **params: Any) -> list[Work]:
        data = self.get("/search.json", fields=SEARCH_FIELDS, **params)
        docs = data.get("docs") if isinstance(data, dict) else None
        return [w for w in (work_from_search_doc(d) for d in docs or []) if w is not None]

    def search(self, query: WorkQuery, limit: int = 10) -> list[Work]:
        if not query.title:
            return []
        author = query.authors[0] if query.authors else None
        works = self._search(title=query.title, author=author, limit=limit)
        if not works:
            # The post may spell the title or the name differently from the record: a free-text
            # query finds variants; matching still checks title and author before accepting.
            text = " ".join([query.title, *([author] if author else [])])
            if len(text.strip()) >= 3:
                works = self._search(q=text, limit=limit)
        return works

    def find_authors(self, name: str, limit: int = 5) -> list[tuple[str, str, int]]:
        """(id, name, work_count) of authors whose name matches, best first."""
        data = self.get("/search/authors.json", q=name, limit=limit)
        docs = data.get("docs") if isinstance(data, dict) else None
        want = normalise_name(name)
        found = []
        for doc in docs or []:
            if not isinstance(doc, dict) or not isinstance(doc.get("name"), str):
                continue
            similarity = fuzz.token_set_ratio(want, normalise_name(doc["name"]))
            if similarity >= 85:
                count = doc["work_count"] if isinstance(doc.get("work_count"), int) else 0
                found.append((_key(doc.get("key")), str(doc["name"]), int(count), similarity))
        found.sort(key=lambda f: (-f[3], -f[2]))
        return [(k, n, c) for k, n, c, _ in found]

    def author_works(self, author: str, limit: int = 200) -> list[Work]:
        authors = self.find_authors(author)
        if not authors:
            return []
        # The best-matching author record; OL keeps duplicates, so take those with the same name.
        best_name = normalise_name(authors[0][1])
        works: list[Work] = []
        for aid, name, _count in authors[:3]:
            if normalise_name(name) != best_name:
                continue
            data = self.get(f"/authors/{aid}/works.json", limit=min(limit, 1000))
            entries = data.get("entries") if isinstance(data, dict) else None
            for rec in entries or []:
                work = work_from_record(rec, authors=(name,), author_ids=(aid,))
                if work is not None:
                    works.append(work)
        return works

    def work_details(self, work: Work) -> Work | None:
        rec = self.get(f"/works/{work.id}.json")
        detail = work_from_record(rec) if isinstance(rec, dict) else None
        if detail is None:
            return None
        return replace(work, description=work.description or detail.description,
                       subjects=work.subjects or detail.subjects,
                       subtitle=work.subtitle or detail.subtitle)

    def by_id(self, work_id: str) -> Work | None:
        rec = self.get(f"/works/{work_id}.json")
        if not isinstance(rec, dict):
            return None
        work = work_from_record(rec)
        if work is None:
            return None
        names = tuple(n for n in (self.author_name(a) for a in work.author_ids) if n)
        return replace(work, authors=names)

    def author_name(self, author_id: str) -> str | None:
        rec = self.get(f"/authors/{author_id}.json")
        if isinstance(rec, dict) and isinstance(rec.get("name"), str):
            return rec["name"].strip()
        return None

    def editions(self, work: Work, limit: int = 100) -> list[Edition]:
        return self.memo.get(("editions", work.id), lambda: editions_from_list(
            self.get(f"/works/{work.id}/editions.json", limit=limit), work))

    def by_isbn(self, isbn: str) -> tuple[Work | None, Edition] | None:
        rec = self.get(f"/isbn/{isbn}.json")  # a redirect to /books/{id}.json
        if not isinstance(rec, dict):
            return None
        edition = edition_from_record(rec)
        if edition is None:
            return None
        work = self.by_id(edition.work_id) if edition.work_id else None
        if work is not None:
            edition = replace(edition, authors=work.authors)
        return work, edition

    def by_isbns(self, isbns: list[str]) -> dict[str, tuple[Work | None, Edition]]:
        """Two requests per 25 ISBNs: the editions from ``/api/books`` and their works from a
        ``q=isbn:(...)`` search; an ISBN whose work the search misses falls back to
        ``/isbn/{isbn}.json``."""
        out: dict[str, tuple[Work | None, Edition]] = {}
        todo = list(dict.fromkeys(isbns))
        for start in range(0, len(todo), self.batch_size):
            chunk = todo[start:start + self.batch_size]
            data = self.get("/api/books", bibkeys=",".join(f"ISBN:{i}" for i in chunk),
                            format="json", jscmd="data")
            editions = books_api_editions(data)
            found = [i for i in chunk if i in editions]
            if not found:
                continue
            works = works_by_isbn(self.get("/search.json", q="isbn:(" + " OR ".join(found) + ")",
                                           fields=SEARCH_FIELDS, limit=len(found) * 2), found)
            for isbn in found:
                work = works.get(isbn)
                if work is None:
                    single = self.by_isbn(isbn)
                    if single is not None:
                        out[isbn] = single
                    continue
                edition = replace(editions[isbn], work_id=work.id,
                                  authors=editions[isbn].authors or work.authors)
                out[isbn] = (work, edition)
        return out
