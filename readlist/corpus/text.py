"""Plain text: posts are blocks separated by blank lines; with no blank line, one post per line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from readlist.corpus.base import MAX_POST_CHARS, Reader, clip
from readlist.models import Post
from readlist.report import Report


def _has_blank_separator(path: Path) -> bool:
    seen_text = False
    pending_blank = False
    with path.open("rb") as f:
        for raw in f:
            if raw.strip():
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
        blocks = _has_blank_separator(path)
        warned = False
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

        with path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    if not warned:
                        report.warn(source, "undecodable bytes (first at byte "
                                    f"{exc.start} of the line) replaced with U+FFFD", number)
                        warned = True
                    line = raw.decode("utf-8", errors="replace")
                line = line.rstrip("\r\n")
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
