"""Plain text: posts are blocks separated by blank lines; with no blank line, one post per line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from readlist.corpus.base import MAX_POST_CHARS, Reader, clip, too_large
from readlist.corpus.streams import Damage, chunks, split_lines
from readlist.models import Post
from readlist.report import Report

MAX_LINE_BYTES = 4 * MAX_POST_CHARS  # a longer line is read up to here (UTF-8: >= 1M chars)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _lines(path: Path, source: str, report: Report) -> Iterator[tuple[int, str]]:
    """(1-based number, text) of each line, decoded; bad bytes replaced with one warning."""
    with path.open("rb") as f:
        head = f.read(2)
    if head in UTF16_BOMS:
        if too_large(path, source, report, "text"):
            return
        text = path.read_bytes().decode("utf-16", errors="replace")
        yield from enumerate(text.splitlines(), start=1)
        return
    warned = False
    for piece in split_lines(chunks(path, Damage()), MAX_LINE_BYTES, keep_prefix=True):
        raw = piece.data
        if piece.cut:
            report.warn(source, f"line of {piece.length:,} bytes; only the first "
                        f"{MAX_LINE_BYTES:,} read", piece.number)
        try:
            decoded = raw.decode("utf-8-sig" if piece.number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            if not warned:
                report.warn(source, "undecodable bytes (first at byte "
                            f"{exc.start} of the line) replaced with U+FFFD", piece.number)
                warned = True
            decoded = raw.decode("utf-8", errors="replace")
        yield piece.number, decoded.rstrip("\r")


def _has_blank_separator(lines: Iterator[tuple[int, str]]) -> bool:
    seen_text = False
    pending_blank = False
    for _n, line in lines:
        if line.strip():
            if pending_blank and seen_text:
                return True
            seen_text = True
            pending_blank = False
        else:
            pending_blank = True
    return False


class TextReader(Reader):
    name: ClassVar[str] = "text"
    description: ClassVar[str] = "plain text: blank-line separated posts, else one post per line"
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".text", "")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in (".txt", ".text", "")

    def read(self, source: str, report: Report) -> Iterator[Post]:
        path = Path(source)
        blocks = _has_blank_separator(_lines(path, source, Report()))
        index = 0
        lines: list[str] = []
        start = 0
        size = 0

        def flush() -> Iterator[Post]:
            nonlocal index, lines, size
            text = "\n".join(lines).strip()
            lines, size = [], 0
            if text:
                text = clip(text, source, report, start)
                yield Post(source=source, index=index, text=text, line=start,
                           link=f"{source}#L{start}")
                index += 1

        for number, line in _lines(path, source, report):
            if not blocks:
                lines, start = [line], number
                yield from flush()
                continue
            if not line.strip():
                yield from flush()
                continue
            if not lines:
                start = number
            if size <= MAX_POST_CHARS:
                lines.append(line)
                size += len(line)
        yield from flush()
