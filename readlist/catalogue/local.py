"""The local catalogue: Open Library's dumps in SQLite (see ``dumps.py``), asked like a catalogue.

Same models, same ids as Open Library (``OL45W``, ``OL7M``) and ``openlibrary.org`` links;
``Work.catalogue`` is ``"local"`` so provenance says where the fields came from. Matching is the
shared module's: this provider only finds candidates, the resolver scores them.

On by default when the database exists (``readlist catalogue import`` made it), first in the
order, so works it knows for sure never reach the network; the other catalogues are still asked
for what it does not know. ``--providers openlibrary,...`` leaves it out; ``--providers local``
resolves with nothing else.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from rapidfuzz import fuzz

from readlist.catalogue.base import Once, Provider
from readlist.catalogue.dumps import (
    SCHEMA_VERSION,
    default_db_path,
    normal_isbn,
    olid,
    title_key,
)
from readlist.catalogue.matching import TITLE_FLOOR, title_similarity
from readlist.catalogue.normalise import fold, main_title, normalise_name, surname
from readlist.config import Settings
from readlist.errors import CatalogueError
from readlist.http import Http
from readlist.models import Edition, Work, WorkQuery

PUBLIC = "https://openlibrary.org"
FTS_POOL = 200  # full-text hits read before title similarity and edition counts pick the best
SAME_TITLE_POOL = 300  # works sharing a main title ("Poems") read at most, most published first
AUTHOR_TITLE_CUT = 60  # an author's works kept as candidates from this key similarity
NAME_SIMILARITY = 85
MAX_AUTHOR_RECORDS = 100  # Open Library keeps duplicate author records under one name
MAX_BIBLIOGRAPHY = 5000
_WORD = re.compile(r"[^\W_]+")


def fts_terms(text: str) -> list[str]:
    """Words as FTS5's unicode61 tokenizer sees them, each quoted: nothing a post says can be
    read as query syntax."""
    return [f'"{w}"' for w in dict.fromkeys(_WORD.findall(fold(text)))]


def _list(value: str | None) -> tuple[str, ...]:
    """A list column: one value a line."""
    return tuple(v for v in value.split("\n") if v) if value else ()


def _digits(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(re.sub(r"[^0-9X]", "", v.upper()) for v in values)


class LocalCatalogue(Provider):
    name: ClassVar[str] = "local"
    description: ClassVar[str] = "Local catalogue built from Open Library dumps " \
                                 "(readlist catalogue import)"
    per_second: ClassVar[float] = 0.0  # no network
    batch_isbns: ClassVar[bool] = True  # many ISBNs cost nothing: take them before any network

    def __init__(self, http: Http | None = None, settings: Settings | None = None,
                 db: Path | None = None) -> None:
        # No HTTP at all: nothing to rate-limit, nothing to mount.
        self.http = http  # type: ignore[assignment]
        self.settings = settings or Settings()
        self.db = db or default_db_path(self.settings)
        self.base = str(self.db)
        self.memo = Once()
        self._local = threading.local()
        self._problem: str | None = None
        self._checked = False
        self._check_lock = threading.Lock()

    @classmethod
    def default_on(cls, settings: Settings) -> bool:
        try:
            return default_db_path(settings).is_file()
        except OSError:
            return False

    def available(self) -> str | None:
        with self._check_lock:
            if not self._checked:
                self._problem = self._check()
                self._checked = True
            return self._problem

    def _check(self) -> str | None:
        if not self.db.is_file():
            return (f"no local catalogue at {self.db} (build one with `readlist catalogue "
                    "import ol_dump_*.txt.gz`)")
        try:
            version = self._conn().execute("PRAGMA user_version").fetchone()[0]
            self._conn().execute("SELECT 1 FROM works_fts LIMIT 1").fetchall()
        except (sqlite3.DatabaseError, CatalogueError) as exc:
            return f"{self.db} is not a readable local catalogue ({exc})"
        if version != SCHEMA_VERSION:
            return f"{self.db} was built by another readlist version; import the dumps again"
        return None

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(f"{self.db.resolve().as_uri()}?mode=ro", uri=True)
            except sqlite3.DatabaseError as exc:
                raise CatalogueError(f"local: cannot open {self.db}: {exc}", self.name,
                                     "unreachable") from exc
            self._local.conn = conn
        return conn

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise CatalogueError(f"local: {self.db}: {exc}", self.name, "bad_response") from exc

    # -- records to models ---------------------------------------------------------------------
    def _authors_of(self, works: list[int]) -> dict[int, list[tuple[int, str]]]:
        out: dict[int, list[tuple[int, str]]] = {w: [] for w in works}
        for chunk in _chunks(works):
            marks = ",".join("?" * len(chunk))
            for work, author, name in self._rows(
                    f"SELECT wa.work, wa.author, a.name FROM work_authors wa LEFT JOIN authors a "
                    f"ON a.n = wa.author WHERE wa.work IN ({marks}) ORDER BY wa.work, wa.pos",
                    chunk):
                if name:  # an author the dump does not hold gives no name to match against
                    out[work].append((author, name))
        return out

    def _edition_facts(self, works: list[int]) -> dict[int, tuple[int, int | None]]:
        """work -> (edition count, earliest edition year): Open Library's first_publish_year."""
        out: dict[int, tuple[int, int | None]] = {}
        for chunk in _chunks(works):
            marks = ",".join("?" * len(chunk))
            for work, count, year in self._rows(
                    f"SELECT work, COUNT(*), MIN(year) FROM editions WHERE work IN ({marks}) "
                    "GROUP BY work", chunk):
                out[work] = (count, year)
        return out

    def _works(self, ids: list[int]) -> list[Work]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        rows: dict[int, tuple[Any, ...]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(f"SELECT n, title, subtitle, year, subjects, description "
                                  f"FROM works WHERE n IN ({marks})", chunk):
                rows[row[0]] = row
        present = [n for n in ids if n in rows]
        authors = self._authors_of(present)
        facts = self._edition_facts(present)
        out = []
        for n in present:
            _, title, subtitle, year, subjects, description = rows[n]
            count, first = facts.get(n, (0, None))
            years = [y for y in (year, first) if y]
            wid = f"OL{n}W"
            out.append(Work(
                catalogue=self.name, id=wid, title=title, subtitle=subtitle,
                authors=tuple(name for _, name in authors[n]),
                author_ids=tuple(f"OL{a}A" for a, _ in authors[n]),
                year=min(years) if years else None, subjects=_list(subjects),
                description=description, url=f"{PUBLIC}/works/{wid}", edition_count=count,
            ))
        return out

    def _edition(self, row: tuple[Any, ...], work: Work | None) -> Edition:
        (n, work_n, title, subtitle, authors, publishers, places, _date, year, languages,
         pages, physical_format, edition_name, isbn13, isbn10) = row
        names: tuple[str, ...] = work.authors if work else ()
        if not names and authors:
            ids = [int(a) for a in str(authors).split() if a.isdigit()]
            marks = ",".join("?" * len(ids))
            found = dict(self._rows(f"SELECT n, name FROM authors WHERE n IN ({marks})", ids))
            names = tuple(found[a] for a in ids if found.get(a))
        eid = f"OL{n}M"
        return Edition(
            catalogue=self.name, id=eid, title=title, subtitle=subtitle, authors=names,
            publisher=(_list(publishers) or (None,))[0], address=(_list(places) or (None,))[0],
            year=year, isbn13=_digits(_list(isbn13)), isbn10=_digits(_list(isbn10)),
            language=(languages or "").split()[0] if languages else None,
            edition=edition_name, pages=pages, physical_format=physical_format,
            url=f"{PUBLIC}/books/{eid}",
            work_id=f"OL{work_n}W" if work_n else (work.id if work else None),
        )

    # -- the provider interface ----------------------------------------------------------------
    def search(self, query: WorkQuery, limit: int = 10) -> list[Work]:
        """Candidates for a titled query: every work with the same main title (whoever wrote it:
        the distractors the author check vetoes, ghosts included), the named author's works
        with a close title, and only when neither comes near, a full-text search."""
        title = query.title or ""
        if not title.strip():
            return []
        memo: dict[tuple[str, str | None], float] = {}

        def similarity(work: Work) -> float:
            # Works sharing a title ("Poems") are many; their similarity is computed once.
            form = (work.title, work.subtitle)
            if form not in memo:
                memo[form] = title_similarity(title, work)[0]
            return memo[form]

        keys = list(dict.fromkeys(k for k in (title_key(title), title_key(main_title(title)))
                                  if k))
        ids: list[int] = []
        if keys:
            marks = ",".join("?" * len(keys))
            # The most published first, should a title be shared by more works than are read.
            ids += [r[0] for r in self._rows(
                f"SELECT n FROM works WHERE key IN ({marks}) ORDER BY (SELECT COUNT(*) FROM "
                f"editions e WHERE e.work = works.n) DESC LIMIT ?", [*keys, SAME_TITLE_POOL])]
        if query.authors and keys:
            ids += self._authors_titles(keys[0], self.find_authors(query.authors[0]))
        works = self._works(ids)
        if not any(similarity(w) >= TITLE_FLOOR for w in works):
            # A partial or misspelled title: every word, else any word, best ranked first.
            words = fts_terms(title)
            for op in (" AND ", " OR "):
                if not words:
                    break
                found = [r[0] for r in self._rows(
                    "SELECT rowid FROM works_fts WHERE works_fts MATCH ? ORDER BY rank LIMIT ?",
                    [op.join(words), FTS_POOL])]
                if found:
                    seen = set(ids)
                    works += self._works([n for n in found if n not in seen])
                    break
        # The closest titles, most published first among equals (as Open Library ranks).
        works.sort(key=lambda w: (-round(similarity(w), 2), -(w.edition_count or 0)))
        return works[:max(limit, 1) * 3]

    def _authors_titles(self, key: str, authors: list[tuple[int, str, float]],
                        keep: int = 20) -> list[int]:
        """The named author's works whose main title comes near the post's (an author's
        bibliography is small; a common word's posting list is not). A loose first cut: the
        matching module scores what is kept."""
        if not authors:
            return []
        ids = self._bibliography_ids([a for a, _, _ in authors])
        scored = []
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for n, other in self._rows(f"SELECT n, key FROM works WHERE n IN ({marks})", chunk):
                score = max(fuzz.ratio(key, other or ""), fuzz.partial_ratio(key, other or ""))
                if score >= AUTHOR_TITLE_CUT:
                    scored.append((score, n))
        scored.sort(reverse=True)
        return [n for _, n in scored[:keep]]

    def find_authors(self, name: str) -> list[tuple[int, str, float]]:
        """(author number, name, similarity) of author records that carry this name."""
        words = fts_terms(name)
        if not words:
            return []
        rows = self._rows("SELECT rowid, name, alternate FROM authors_fts WHERE authors_fts "
                          "MATCH ? LIMIT 500", [" AND ".join(words)])
        last = surname(name)
        if not rows and last:
            rows = self._rows("SELECT rowid, name, alternate FROM authors_fts WHERE authors_fts "
                              "MATCH ? LIMIT 500", [" AND ".join(fts_terms(last))])
        want = normalise_name(name)
        found = []
        for n, record_name, alternate in rows:
            names = [record_name, *(alternate or "").split("\n")]
            best = max(fuzz.token_set_ratio(want, normalise_name(x)) for x in names if x)
            if best >= NAME_SIMILARITY and surname(record_name) == last or best >= 95:
                found.append((n, record_name, best))
        found.sort(key=lambda f: -f[2])
        return found[:MAX_AUTHOR_RECORDS]

    def _bibliography_ids(self, author_ids: list[int],
                          limit: int = MAX_BIBLIOGRAPHY) -> list[int]:
        marks = ",".join("?" * len(author_ids))
        return [r[0] for r in self._rows(
            f"SELECT DISTINCT work FROM work_authors WHERE author IN ({marks}) LIMIT ?",
            [*author_ids, limit])]

    def author_works(self, author: str, limit: int = 200) -> list[Work]:
        found = self.find_authors(author)
        if not found:
            return []
        # Records under the best name (duplicates of one person), not namesakes further off.
        best = normalise_name(found[0][1])
        ids = [n for n, name, _ in found if normalise_name(name) == best]
        works = self._works(self._bibliography_ids(ids))
        works.sort(key=lambda w: -(w.edition_count or 0))
        return works[:max(limit, 1)]

    def work_details(self, work: Work) -> Work | None:
        n = olid(f"/works/{work.id}", "W")
        found = self._works([n]) if n is not None else []
        return found[0] if found else None

    def by_id(self, work_id: str) -> Work | None:
        key = f"/works/{work_id}"
        for _ in range(5):  # merged records point on; follow a few redirects, never loop
            n = olid(key, "W")
            found = self._works([n]) if n is not None else []
            if found:
                return found[0]
            rows = self._rows("SELECT location FROM redirects WHERE key = ?", [key])
            if not rows:
                return None
            key = rows[0][0]
        return None

    def editions(self, work: Work, limit: int = 100) -> list[Edition]:
        n = olid(f"/works/{work.id}", "W")
        if n is None:
            return []
        # Editions with an ISBN and a year first, so a long list still holds the default's pick.
        rows = self._rows(
            "SELECT * FROM editions WHERE work = ? ORDER BY (isbn13 IS NULL AND isbn10 IS NULL), "
            "year IS NULL, year, n LIMIT ?", [n, limit])
        return [self._edition(r, work) for r in rows]

    def by_isbn(self, isbn: str) -> tuple[Work | None, Edition] | None:
        number = normal_isbn(isbn)
        if number is None:
            return None
        rows = self._rows("SELECT e.* FROM isbns i JOIN editions e ON e.n = i.edition "
                          "WHERE i.isbn = ? ORDER BY e.work IS NULL, e.n LIMIT 5", [number])
        if not rows:
            return None
        row = rows[0]
        works = self._works([row[1]]) if row[1] else []
        work = works[0] if works else None
        return work, self._edition(row, work)

    def by_isbns(self, isbns: list[str]) -> dict[str, tuple[Work | None, Edition]]:
        out: dict[str, tuple[Work | None, Edition]] = {}
        for isbn in dict.fromkeys(isbns):
            found = self.by_isbn(isbn)
            if found is not None:
                out[isbn] = found
        return out


def _chunks(values: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
