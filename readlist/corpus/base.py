"""What a corpus reader is: a named class that recognises its input and yields posts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from readlist.models import Post
from readlist.report import Report

if TYPE_CHECKING:
    from readlist.http import Http

SNIFF_BYTES = 8192
MAX_POST_CHARS = 1_000_000  # longer posts are cut (with a warning); nobody recommends past this


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


def looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16 text has NULs too; a BOM says it is text.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    return False
