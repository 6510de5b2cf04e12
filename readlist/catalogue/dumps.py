"""Open Library's bulk dumps into a local catalogue: SQLite with FTS5, streamed and resumable.

A dump line has five tab-separated columns (``openlibrary/data/dump.py``, ``print_dump``)::

    /type/work \\t /works/OL45W \\t 12 \\t 2024-01-01T00:00:00.000 \\t {...the record as JSON...}

The kind of a line is its type column, never the file's name: the split files
(``ol_dump_authors_*``, ``ol_dump_works_*``, ``ol_dump_editions_*``) and the all-types dump read
the same way; gzip is recognised by its magic bytes, so ``.txt`` and ``.txt.gz`` both work.

Only what matching needs is kept. Rows are keyed by the number of their Open Library id
(``OL45W`` -> 45 in ``works``), so a re-import replaces a record instead of adding it twice, and
ids round-trip to ``openlibrary.org`` links. Each batch is committed with the count of lines of
its file read so far: an interrupted import resumes after the last committed batch; a file
imported completely is skipped unless asked again. Memory stays flat: one line at a time, one
batch of rows in flight.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
import time
import unicodedata
import zlib
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from stdnum import ean

from readlist.catalogue.openlibrary import parse_year, text_value
from readlist.config import Settings, data_dir
from readlist.errors import ReadlistError

SCHEMA_VERSION = 2
BATCH = 5000  # lines per transaction
MAX_DESCRIPTION = 4000  # characters of a work's description kept (matching reads terms only)
MAX_SUBJECTS = 60
KINDS = {"/type/author": "author", "/type/work": "work", "/type/edition": "edition",
         "/type/redirect": "redirect", "/type/delete": "delete"}
_OLID = re.compile(r"^/(authors|works|books)/OL(\d+)([AWM])$")
_PREFIX = {"A": "authors", "W": "works", "M": "books"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    ident TEXT PRIMARY KEY, path TEXT, lines INTEGER, done INTEGER, bad INTEGER,
    rows INTEGER, started REAL, finished REAL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS authors (n INTEGER PRIMARY KEY, name TEXT, alternate TEXT);
CREATE TABLE IF NOT EXISTS works (
    n INTEGER PRIMARY KEY, title TEXT, subtitle TEXT, year INTEGER, subjects TEXT,
    description TEXT, key TEXT);
CREATE INDEX IF NOT EXISTS works_key ON works (key);
CREATE TABLE IF NOT EXISTS work_authors (
    author INTEGER, work INTEGER, pos INTEGER, PRIMARY KEY (author, work)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS work_authors_work ON work_authors (work);
CREATE TABLE IF NOT EXISTS editions (
    n INTEGER PRIMARY KEY, work INTEGER, title TEXT, subtitle TEXT, authors TEXT,
    publishers TEXT, places TEXT, publish_date TEXT, year INTEGER, languages TEXT,
    pages INTEGER, physical_format TEXT, edition_name TEXT, isbn13 TEXT, isbn10 TEXT);
CREATE INDEX IF NOT EXISTS editions_work ON editions (work);
CREATE TABLE IF NOT EXISTS isbns (isbn INTEGER, edition INTEGER,
    PRIMARY KEY (isbn, edition)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS isbns_edition ON isbns (edition);
CREATE TABLE IF NOT EXISTS redirects (key TEXT PRIMARY KEY, location TEXT) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS works_fts USING fts5 (
    title, subtitle, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS authors_fts USING fts5 (
    name, alternate, tokenize = 'unicode61 remove_diacritics 2');
"""


def default_db_path(settings: Settings | None = None) -> Path:
    """``READLIST_LOCAL_DB``, else ``[local] db`` in config.toml, else the user data folder."""
    env = os.environ.get("READLIST_LOCAL_DB")
    if env:
        return Path(env).expanduser()
    table = (settings.raw.get("local") if settings else None) or {}
    if isinstance(table, dict) and isinstance(table.get("db"), str) and table["db"].strip():
        return Path(table["db"]).expanduser()
    return data_dir() / "catalogue.sqlite"


def olid(key: Any, letter: str) -> int | None:
    """``"/works/OL45W"`` -> 45 (None for anything else, legacy or damaged keys included)."""
    if not isinstance(key, str):
        return None
    m = _OLID.match(key.strip())
    return int(m.group(2)) if m and m.group(3) == letter else None


_SUBTITLE = re.compile(r"\s*[:;]\s+|\s+[-\u2013\u2014]\s+|\.\s+")
_NON_WORD = re.compile(r"[^\w\s]")
ARTICLES = ("the ", "a ", "an ", "le ", "la ", "les ", "l ", "el ", "los ", "las ", "der ", "die ",
            "das ", "il ", "lo ", "gli ", "i ", "de ", "het ", "een ")


def title_key(title: str) -> str:
    """The main title (no subtitle), folded (case, diacritics, punctuation, a leading article):
    the exact-title index, so a common title is found without ranking every work that has its
    words. Defined here, not borrowed, so that a change to matching's normalisation cannot
    silently disagree with the keys of a database built before it."""
    t = _SUBTITLE.split(title, maxsplit=1)[0]
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = " ".join(_NON_WORD.sub(" ", t.casefold().replace("&", " and ")).split())
    for article in ARTICLES:
        if t.startswith(article) and len(t) > len(article):
            return t[len(article):]
    return t


_NOT_ISBN = re.compile(r"[^0-9X]")


def normal_isbn(value: str) -> int | None:
    """A valid ISBN-10 or -13 as its ISBN-13 number, else None.

    The same answer as python-stdnum's ``isbn.is_valid`` + ``to_isbn13`` (a property test holds
    them together), with stdnum's own EAN check digit, minus its character-by-character
    cleaning, which cost more than the rest of an edition's import.
    """
    digits = _NOT_ISBN.sub("", value.upper())
    if len(digits) == 9:  # a Standard Book Number (before 1970): the ISBN-10 is 0 + SBN
        digits = "0" + digits
    if len(digits) == 13:
        if digits.isdigit() and digits[:3] in ("978", "979") \
                and ean.calc_check_digit(digits[:12]) == digits[12]:
            return int(digits)
        return None
    if len(digits) == 10 and digits[:9].isdigit():
        check = (11 - sum((10 - i) * int(d) for i, d in enumerate(digits[:9])) % 11) % 11
        if digits[9] == ("X" if check == 10 else str(check)):
            core = "978" + digits[:9]
            return int(core + ean.calc_check_digit(core))
    return None


def normal_isbns(values: Any) -> set[int]:
    """Valid ISBN-10/13 of a record's list, as ISBN-13 numbers."""
    out: set[int] = set()
    for value in values if isinstance(values, list) else ():
        if isinstance(value, str) and len(value) < 40:
            number = normal_isbn(value)
            if number is not None:
                out.add(number)
    return out


def _strs(value: Any, limit: int = 50) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()][:limit]


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _joined(values: list[str]) -> str | None:
    """A short list in one column, one value a line (values never span lines)."""
    return "\n".join(" ".join(v.split()) for v in values) if values else None


# -- reading dump files ---------------------------------------------------------------------------
class BadLine(ValueError):
    """A line that is not a dump record; the importer reports it and goes on."""


@dataclass(frozen=True)
class Record:
    kind: str  # "author" | "work" | "edition" | "redirect" | "delete" | "other"
    key: str
    data: dict[str, Any]


def parse_line(line: bytes) -> Record:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadLine(f"not UTF-8 (byte {exc.start})") from None
    cols = text.rstrip("\r\n").split("\t", 4)
    if len(cols) != 5:
        raise BadLine(f"{len(cols)} tab-separated columns, not 5")
    type_key, key = cols[0].strip(), cols[1].strip()
    kind = KINDS.get(type_key, "other")
    if kind == "other":
        return Record(kind, key, {})
    try:
        data = json.loads(cols[4])
    except ValueError as exc:
        raise BadLine(f"bad JSON ({exc.args[0] if exc.args else exc})") from None
    if not isinstance(data, dict):
        raise BadLine("the JSON column is not an object")
    return Record(kind, key, data)


def _open(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """(raw file, line reader): gzip by its magic bytes, whatever the file is called."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    magic = raw.read(2)
    raw.seek(0)
    if magic == b"\x1f\x8b":
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw, raw


def file_ident(path: Path) -> str:
    """What makes an import resumable: the same file (name, size, modification time)."""
    st = path.stat()
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"


# -- writing rows -------------------------------------------------------------------------------
@dataclass
class FileStats:
    path: str
    lines: int = 0  # lines read, resumed ones included
    rows: dict[str, int] = field(default_factory=dict)  # kind -> rows written
    bad: int = 0
    other: int = 0  # records of types readlist does not keep (lists, languages ...)
    skipped_lines: int = 0  # lines a resumed import did not need to read again
    seconds: float = 0.0
    status: str = "imported"  # "imported" | "resumed" | "already imported" | "damaged"
    problem: str | None = None

    @property
    def written(self) -> int:
        return sum(self.rows.values())


@dataclass
class ImportStats:
    db: Path
    files: list[FileStats] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return sum(f.bad for f in self.files)


class Writer:
    """Turns records into rows, in batches: one ``executemany`` per statement and batch.

    Within a batch the last record of a key wins, as a later batch's does over an earlier one.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.pending: dict[str, dict[Any, Record]] = {k: {} for k in KINDS.values()}

    def __len__(self) -> int:
        return sum(len(v) for v in self.pending.values())

    def add(self, rec: Record) -> str | None:
        """Queue a record; returns why it cannot be used (reported as a bad line), else None.

        Types readlist has no use for (lists, languages, subjects ...) are passed over quietly.
        """
        if rec.kind == "other":
            return None
        letter = {"author": "A", "work": "W", "edition": "M"}.get(rec.kind)
        if letter is None:
            self.pending[rec.kind][rec.key] = rec
            return None
        n = olid(rec.data.get("key") or rec.key, letter)
        if n is None:
            return f"{rec.kind} key {rec.key[:40]!r} is not an Open Library id"
        if rec.kind == "author" and not _text(rec.data.get("name")):
            return "author without a name"
        if rec.kind in ("work", "edition") and not _text(rec.data.get("title")):
            return f"{rec.kind} without a title"
        self.pending[rec.kind][n] = rec
        return None

    def flush(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kind, recs in self.pending.items():
            if recs:
                getattr(self, f"_{kind}s")(recs)
                counts[kind] = len(recs)
                recs.clear()
        return counts

    def _replace(self, deletes: list[str], keys: list[tuple[Any]]) -> None:
        for sql in deletes:
            self.conn.executemany(sql, keys)

    def _authors(self, recs: dict[int, Record]) -> None:
        rows = []
        for n, rec in recs.items():
            name = _text(rec.data["name"])
            alternate = "\n".join(dict.fromkeys(
                _strs(rec.data.get("alternate_names"), 20)
                + [v for v in (_text(rec.data.get("personal_name")),
                               _text(rec.data.get("fuller_name"))) if v and v != name]))
            rows.append((n, name, alternate or None))
        self._replace(["DELETE FROM authors_fts WHERE rowid = ?"], [(n,) for n in recs])
        self.conn.executemany("INSERT OR REPLACE INTO authors (n, name, alternate) "
                              "VALUES (?, ?, ?)", rows)
        self.conn.executemany("INSERT INTO authors_fts (rowid, name, alternate) "
                              "VALUES (?, ?, ?)", [(n, name, alt or "") for n, name, alt in rows])

    def _works(self, recs: dict[int, Record]) -> None:
        rows: list[tuple[Any, ...]] = []
        links: list[tuple[int, int, int]] = []
        fts: list[tuple[int, str | None, str]] = []
        for n, rec in recs.items():
            d = rec.data
            title, subtitle = _text(d["title"]), _text(d.get("subtitle"))
            subjects = list(dict.fromkeys(
                _strs(d.get("subjects"), MAX_SUBJECTS) + _strs(d.get("subject_places"), 20)
                + _strs(d.get("subject_people"), 20) + _strs(d.get("subject_times"), 20)))
            description = text_value(d.get("description"))
            authors: list[int] = []
            for a in d.get("authors") or []:
                ref = a.get("author") if isinstance(a, dict) else None
                aid = olid(ref.get("key") if isinstance(ref, dict) else ref, "A")
                if aid is not None and aid not in authors:
                    authors.append(aid)
            rows.append((n, title, subtitle, parse_year(d.get("first_publish_date")),
                         _joined(subjects[:MAX_SUBJECTS]),
                         description[:MAX_DESCRIPTION] if description else None,
                         title_key(title or "")))
            links.extend((a, n, i) for i, a in enumerate(authors))
            fts.append((n, title, subtitle or ""))
        self._replace(["DELETE FROM work_authors WHERE work = ?",
                       "DELETE FROM works_fts WHERE rowid = ?"], [(n,) for n in recs])
        c = self.conn
        c.executemany("INSERT OR REPLACE INTO works (n, title, subtitle, year, subjects, "
                      "description, key) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        c.executemany("INSERT OR IGNORE INTO work_authors (author, work, pos) VALUES (?, ?, ?)",
                      links)
        c.executemany("INSERT INTO works_fts (rowid, title, subtitle) VALUES (?, ?, ?)", fts)

    def _editions(self, recs: dict[int, Record]) -> None:
        rows: list[tuple[Any, ...]] = []
        isbns: list[tuple[int, int]] = []
        for n, rec in recs.items():
            d = rec.data
            works = [olid(w.get("key"), "W") for w in d.get("works") or []
                     if isinstance(w, dict)]
            authors = [olid(a.get("key"), "A") for a in d.get("authors") or []
                       if isinstance(a, dict)]
            languages = [str(lang["key"]).rsplit("/", 1)[-1] for lang in d.get("languages") or []
                         if isinstance(lang, dict) and isinstance(lang.get("key"), str)]
            pages = d.get("number_of_pages")
            isbn13, isbn10 = _strs(d.get("isbn_13")), _strs(d.get("isbn_10"))
            rows.append((
                n, next((w for w in works if w is not None), None), _text(d["title"]),
                _text(d.get("subtitle")),
                " ".join(str(a) for a in authors if a is not None) or None,
                _joined(_strs(d.get("publishers"), 5)), _joined(_strs(d.get("publish_places"), 5)),
                _text(d.get("publish_date")), parse_year(d.get("publish_date")),
                " ".join(languages[:5]) or None,
                pages if isinstance(pages, int) and not isinstance(pages, bool) else None,
                _text(d.get("physical_format")), _text(d.get("edition_name")),
                _joined(isbn13), _joined(isbn10)))
            isbns.extend((i, n) for i in normal_isbns(isbn13 + isbn10))
        self._replace(["DELETE FROM isbns WHERE edition = ?"], [(n,) for n in recs])
        c = self.conn
        c.executemany(
            "INSERT OR REPLACE INTO editions (n, work, title, subtitle, authors, publishers, "
            "places, publish_date, year, languages, pages, physical_format, edition_name, "
            "isbn13, isbn10) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        c.executemany("INSERT OR IGNORE INTO isbns (isbn, edition) VALUES (?, ?)", isbns)

    def _redirects(self, recs: dict[str, Record]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO redirects (key, location) VALUES (?, ?)",
            [(key, rec.data["location"]) for key, rec in recs.items()
             if isinstance(rec.data.get("location"), str)])

    def _deletes(self, recs: dict[str, Record]) -> None:
        sql = {"W": ["DELETE FROM works WHERE n = ?", "DELETE FROM works_fts WHERE rowid = ?",
                     "DELETE FROM work_authors WHERE work = ?"],
               "M": ["DELETE FROM editions WHERE n = ?", "DELETE FROM isbns WHERE edition = ?"],
               "A": ["DELETE FROM authors WHERE n = ?", "DELETE FROM authors_fts WHERE rowid = ?"]}
        for key in recs:
            m = _OLID.match(key)
            if m:
                for statement in sql[m.group(3)]:
                    self.conn.execute(statement, (int(m.group(2)),))


# -- the import ---------------------------------------------------------------------------------
Progress = Callable[[str, int, int, int], None]  # file, bytes read, bytes in all, rows so far
BadLineHook = Callable[[str, int, str], None]  # file, line number, why


def open_db(path: Path) -> sqlite3.Connection:
    """The catalogue for writing (created if missing)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
    except (OSError, sqlite3.DatabaseError) as exc:
        raise ReadlistError(f"{path}: cannot open the local catalogue: {exc}") from exc
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB, whatever the dump's size
        conn.execute("PRAGMA temp_store = MEMORY")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise ReadlistError(f"{path}: a local catalogue of another readlist version "
                                f"(schema {version}); import into a new file with --db")
        conn.executescript(SCHEMA)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except (ReadlistError, sqlite3.DatabaseError) as exc:
        conn.close()
        if isinstance(exc, ReadlistError):
            raise
        raise ReadlistError(f"{path}: cannot open the local catalogue: {exc}") from exc
    return conn


def import_dumps(paths: list[Path], db: Path, *, again: bool = False,
                 on_progress: Progress | None = None, on_bad: BadLineHook | None = None,
                 batch: int = BATCH) -> ImportStats:
    """Import Open Library dump files into ``db``; see the module docstring for the rules."""
    stats = ImportStats(db)
    with closing(open_db(db)) as conn:
        try:
            for path in paths:
                stats.files.append(_import_file(conn, path, again=again, on_progress=on_progress,
                                                on_bad=on_bad, batch=batch))
        except sqlite3.DatabaseError as exc:
            raise ReadlistError(f"{db}: {exc}; the batches committed so far are kept, run the "
                                "same command again to resume") from exc
        finally:
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode = DELETE")  # one file: readers open it read-only
            except sqlite3.DatabaseError:
                pass
    return stats


def _import_file(conn: sqlite3.Connection, path: Path, *, again: bool,
                 on_progress: Progress | None, on_bad: BadLineHook | None,
                 batch: int) -> FileStats:
    name = str(path)
    stats = FileStats(name)
    try:
        ident = file_ident(path)
        total = path.stat().st_size
        raw, reader = _open(path)
    except OSError as exc:
        stats.status, stats.problem = "damaged", f"cannot read: {exc.strerror or exc}"
        return stats
    row = conn.execute("SELECT lines, done FROM files WHERE ident = ?", (ident,)).fetchone()
    resume_after = 0
    if row is not None and row[1] and not again:
        raw.close()
        stats.status, stats.lines = "already imported", row[0]
        return stats
    if row is not None and not row[1] and not again:
        resume_after, stats.status = row[0], "resumed"
    else:
        conn.execute("DELETE FROM files WHERE ident = ?", (ident,))
    started = time.monotonic()
    writer = Writer(conn)
    lineno = 0
    saved = {"bad": 0, "rows": 0}  # what earlier commits of this run already counted

    def commit(done: bool) -> None:
        conn.execute("BEGIN")
        try:
            for kind, n in writer.flush().items():
                stats.rows[kind] = stats.rows.get(kind, 0) + n
            now = time.time()
            conn.execute(
                "INSERT INTO files (ident, path, lines, done, bad, rows, started, finished) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ident) DO UPDATE SET "
                "lines = excluded.lines, done = excluded.done, bad = files.bad + excluded.bad, "
                "rows = files.rows + excluded.rows, finished = excluded.finished",
                (ident, name, lineno, int(done), stats.bad - saved["bad"],
                 stats.written - saved["rows"], now, now if done else None))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        saved["bad"], saved["rows"] = stats.bad, stats.written

    with raw:
        try:
            for lineno, line in enumerate(reader, start=1):  # noqa: B007 - read after the loop
                if lineno <= resume_after:
                    stats.skipped_lines += 1
                    continue
                if line.strip():
                    try:
                        record = parse_line(line)
                        stats.other += record.kind == "other"
                        why = writer.add(record)
                    except BadLine as exc:
                        why = str(exc)
                    if why is not None:
                        stats.bad += 1
                        if on_bad is not None:
                            on_bad(name, lineno, why)
                if lineno % batch == 0:  # lines 1..lineno done, in one transaction
                    commit(False)
                    if on_progress is not None:
                        on_progress(name, raw.tell(), total, stats.written)
        except (OSError, EOFError, zlib.error) as exc:
            # A truncated or corrupt download: keep what was read, say where it stopped.
            stats.status = "damaged"
            stats.problem = (f"unreadable after line {lineno} ({type(exc).__name__}: "
                             f"{exc}); the lines before it were imported")
        commit(stats.status != "damaged")
    if on_progress is not None:
        on_progress(name, total, total, stats.written)
    stats.lines = lineno
    stats.seconds = time.monotonic() - started
    return stats


# -- what is in a catalogue -----------------------------------------------------------------------
def describe(db: Path) -> dict[str, Any]:
    """Counts and the files imported, for ``readlist catalogue info``."""
    if not db.is_file():
        raise ReadlistError(f"no local catalogue at {db}; build one with "
                            "`readlist catalogue import ol_dump_*.txt.gz`")
    try:
        with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: S608
                      for t in ("authors", "works", "editions", "isbns", "redirects")}
            files = [{"path": p, "lines": n, "complete": bool(d), "bad": b, "rows": r,
                      "finished": f}
                     for p, n, d, b, r, f in conn.execute(
                         "SELECT path, lines, done, bad, rows, finished FROM files ORDER BY started")]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise ReadlistError(f"{db}: not a readable local catalogue ({exc})") from exc
    return {"db": str(db), "bytes": db.stat().st_size, "schema": version, "counts": counts,
            "files": files}


# -- the command's face: progress and summary on stderr -------------------------------------------
SHOWN_BAD_LINES = 20


def run_import(paths: list[Path], db: Path, *, again: bool, say: Callable[[str], None],
               progress: bool) -> ImportStats:
    """``import_dumps`` with a rich progress bar (on a terminal), bad lines reported by file and
    line (the first few, then a count) and one summary line per file."""
    bad_seen = [0]
    printer = [say]  # while a progress bar is live, warnings go above it through rich

    def on_bad(name: str, line: int, why: str) -> None:
        bad_seen[0] += 1
        if bad_seen[0] <= SHOWN_BAD_LINES:
            printer[0](f"warning: {_printable(name)}:{line}: {_printable(why)} (line skipped)")

    if progress:
        from rich.console import Console as RichConsole
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        bars = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                        TextColumn("{task.fields[rows]} rows"), TimeElapsedColumn(),
                        TimeRemainingColumn(), console=RichConsole(stderr=True), transient=True)
        tasks: dict[str, Any] = {}

        def on_progress(name: str, done: int, total: int, rows: int) -> None:
            if name not in tasks:
                tasks[name] = bars.add_task(_printable(Path(name).name), total=total, rows=0)
            bars.update(tasks[name], completed=done, rows=f"{rows:,}")

        printer[0] = lambda text: bars.console.print(text, markup=False, highlight=False,
                                                    emoji=False, soft_wrap=True)
        with bars:
            stats = import_dumps(paths, db, again=again, on_progress=on_progress, on_bad=on_bad)
    else:
        stats = import_dumps(paths, db, again=again, on_bad=on_bad)
    for f in stats.files:
        say(_printable(summary_line(f)))
    if bad_seen[0] > SHOWN_BAD_LINES:
        say(f"{bad_seen[0]} bad lines skipped in all (the first {SHOWN_BAD_LINES} shown)")
    say(f"local catalogue: {db}")
    return stats


def summary_line(f: FileStats) -> str:
    name = Path(f.path).name
    if f.status == "already imported":
        return f"{name}: already imported ({f.lines:,} lines); --again reads it once more"
    if f.problem and not f.lines:
        return f"{name}: {f.problem}"
    kinds = ", ".join(f"{n:,} {kind}{'s' * (n != 1)}" for kind, n in sorted(f.rows.items()))
    rate = f.written / f.seconds if f.seconds else 0.0
    parts = [kinds or "no records", f"{f.bad:,} bad line{'s' * (f.bad != 1)} skipped"]
    if f.other:
        parts.append(f"{f.other:,} of other types passed over")
    if f.skipped_lines:
        parts.append(f"resumed after line {f.skipped_lines:,}")
    line = f"{name}: {'; '.join(parts)} ({f.seconds:.1f} s, {rate:,.0f} rows/s)"
    if f.problem:
        line += f"; {f.problem}"
    elif not f.written and not f.bad and not f.other and not f.skipped_lines:
        line += "; the file holds no records (Open Library has published empty dumps: " \
                "check the download)"
    return line


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "\ufffd" for c in text)
