"""What a corpus reader is: a named class that recognises its input and yields posts.

Also the small helpers every reader shares: decoding with one warning per file, cutting
over-long posts (and their hints), ISO dates, size limits and capped per-file warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from readlist.models import Hint, Post
from readlist.report import Report

if TYPE_CHECKING:
    from readlist.http import Http

SNIFF_BYTES = 8192
MAX_POST_CHARS = 1_000_000  # longer posts are cut (with a warning); nobody recommends past this
# Whole-document formats (Markdown, HTML, thread JSON) are parsed in memory; past this size a
# file is not a saved thread but something else, and is skipped with a warning.
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
WARNINGS_PER_FILE = 5  # then one line saying how many more were alike

_SURROGATES = re.compile("[\ud800-\udfff]")


# Which posts a share of a source keeps: called with each record's thread and the index its
# post would have, once per record in reading order (the same calls in every share, so a
# filter may keep state, as readlist.engines.units.ThreadShares does).
ThreadFilter = Callable[[str | None, int], bool]


class Misplaced(Exception):  # noqa: N818 - an outcome, not a failure of the input
    """A share placed another thread's line by a look at its bytes (``read_threads`` with
    ``skim``), and the line's owner found on decoding it that the look was wrong (malformed or
    unusual JSON). The other shares have counted it wrongly, so every share of the source must
    be read again with ``skim=False``. ``line`` is the line's number."""

    def __init__(self, source: str, line: int) -> None:
        super().__init__(f"{source}: line {line} was placed wrongly without decoding it")
        self.source = source
        self.line = line


class Reader:
    """Base class for corpus readers.

    ``suffixes`` pick the reader by file name; ``sniff`` looks at the first bytes when the
    suffix is ambiguous (``.json``). ``read`` yields posts and reports bad input to ``report``
    instead of raising, so one bad file never stops a scan.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    priority: ClassVar[int] = 0  # higher wins when several readers claim a file
    # Posts carry ``Post.thread``, so a big source can be split by thread and read in parallel
    # (readlist.engines): each part reads the source with ``read_threads``.
    splittable: ClassVar[bool] = False

    def __init__(self, http: Http | None = None) -> None:
        self.http = http  # for readers that fetch live threads

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.name.lower().endswith(cls.suffixes) if cls.suffixes else False

    @classmethod
    def matches_url(cls, url: str) -> bool:
        return False

    def read(self, source: str, report: Report) -> Iterator[Post]:
        raise NotImplementedError

    def read_threads(self, source: str, report: Report, keep: ThreadFilter,
                     skim: bool = True) -> Iterator[Post]:
        """The posts of ``read`` that ``keep`` accepts, numbered and reported exactly as ``read``
        numbers and reports them. A splittable reader overrides this to skip building the
        other threads' posts; with ``skim`` it may place them without decoding them, and
        raises :class:`Misplaced` when that proves wrong."""
        return (post for post in self.read(source, report) if keep(post.thread, post.index))


def decode(data: bytes, source: str, report: Report, line: int | None = None) -> str:
    """UTF-8 (BOM stripped); undecodable bytes are replaced, with one warning per file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.warn(source, f"undecodable bytes (first at byte {exc.start}) replaced with U+FFFD",
                    line)
        return data.decode("utf-8-sig", errors="replace")


def clip(text: str, source: str, report: Report, line: int | None = None) -> str:
    if len(text) <= MAX_POST_CHARS:
        return text
    report.warn(source, f"post of {len(text):,} characters cut to the first {MAX_POST_CHARS:,}",
                line)
    return text[:MAX_POST_CHARS]


def clip_hints(text: str, hints: tuple[Hint, ...]) -> tuple[Hint, ...]:
    """Hints that still fall inside ``text`` after a cut, shortened where they overhang."""
    n = len(text)
    kept = []
    for h in hints:
        if h.start >= n:
            continue
        kept.append(h if h.end <= n else Hint(h.start, n, h.kind, h.href))
    return tuple(kept)


def clean(value: object) -> str:
    """A string from untrusted JSON: lone surrogates (valid JSON, invalid UTF-8) and NULs go."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _SURROGATES.sub("\ufffd", text)


def looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16 text has NULs too; a BOM says it is text.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    return False


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DDTHH:MM:SSZ`` from a Unix time (number or digits) or an ISO 8601 string.

    Naive ISO times are taken as UTC (Lemmy and the Algolia API send UTC). Anything else: None.
    """
    if value is None or isinstance(value, bool):
        return None
    when: datetime | None = None
    try:
        if isinstance(value, (int, float)) or (isinstance(value, str)
                                                and re.fullmatch(r"\s*\d{1,12}(\.\d+)?\s*", value)):
            when = datetime.fromtimestamp(float(value), UTC)
        elif isinstance(value, str) and len(value) <= 64:
            when = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except (ValueError, OverflowError, OSError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return None


def file_size(path: Path) -> int:
    return path.stat().st_size


def too_large(path: Path, source: str, report: Report, what: str,
              limit: int = MAX_DOCUMENT_BYTES) -> bool:
    """True (and the file reported as skipped) when a whole-document file is past ``limit``."""
    size = file_size(path)
    if size <= limit:
        return False
    report.skip(source, "too large",
                f"{size / 2**20:,.0f} MB is too large for the {what} reader (limit "
                f"{limit / 2**20:,.0f} MB), skipped; save the thread as NDJSON to stream it")
    return True


class FileWarnings:
    """Warnings about one file, capped: the first few in full, then how many more were alike."""

    def __init__(self, report: Report, source: str, limit: int = WARNINGS_PER_FILE) -> None:
        self.report = report
        self.source = source
        self.limit = limit
        self.count = 0

    def warn(self, message: str, line: int | None = None) -> None:
        self.count += 1
        if self.count <= self.limit:
            self.report.warn(self.source, message, line)

    def finish(self, what: str = "warnings like these") -> None:
        extra = self.count - self.limit
        if extra > 0:
            self.report.warn(self.source, f"... and {extra:,} more {what}")


def make_post(source: str, index: int, text: str, hints: tuple[Hint, ...], report: Report,
              **fields: object) -> Post:
    """A Post whose text (and hints) are cut to MAX_POST_CHARS with a warning when longer."""
    line = fields.get("line")
    if len(text) > MAX_POST_CHARS:
        text = clip(text, source, report, line if isinstance(line, int) else None)
        hints = clip_hints(text, hints)
    return Post(source=source, index=index, text=text, hints=hints, **fields)  # type: ignore[arg-type]
