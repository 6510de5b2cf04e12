"""Building a post's visible text while remembering which spans the markup singled out.

Markdown and HTML renderers write into a :class:`TextBuilder`: plain text goes in, hint spans
are opened and closed around it, blocks are separated by blank lines. ``build()`` returns the
text with leading/trailing space trimmed and every hint shrunk to the words it covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readlist.models import Hint

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


@dataclass
class _Open:
    kind: str
    start: int
    href: str | None


class TextBuilder:
    """Accumulates text and hints; offsets always index the text built so far."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._hints: list[Hint] = []
        self._tail = ""  # the last few characters, to know whether we are at a line start

    # -- text ----------------------------------------------------------------------------------
    def add(self, text: str) -> None:
        """Text exactly as given (Markdown text, <pre> content)."""
        if not text:
            return
        self._parts.append(text)
        self._length += len(text)
        self._tail = (self._tail + text)[-2:]

    def add_flowing(self, text: str) -> None:
        """HTML-style text: runs of white space become one space, none at a line start."""
        if not text:
            return
        text = _SPACE.sub(" ", text.replace("\n", " "))
        if self.at_line_start() or self._tail.endswith(" "):
            text = text.lstrip(" ")
        self.add(text)

    def at_line_start(self) -> bool:
        return self._length == 0 or self._tail.endswith("\n")

    def newline(self) -> None:
        """End the current line (no-op at a line start)."""
        self._trim_trailing_spaces()
        if not self.at_line_start():
            self.add("\n")

    def block(self) -> None:
        """Separate what follows from what came before by one blank line."""
        self._trim_trailing_spaces()
        if self._length == 0:
            return
        if not self._tail.endswith("\n"):
            self.add("\n\n")
        elif not self._tail.endswith("\n\n"):
            self.add("\n")

    def _trim_trailing_spaces(self) -> None:
        while self._parts and self._parts[-1].endswith(" ") and not self._parts[-1].endswith("\n"):
            last = self._parts.pop()
            stripped = last.rstrip(" ")
            self._length -= len(last) - len(stripped)
            if stripped:
                self._parts.append(stripped)
                break
        self._tail = "".join(self._parts[-2:])[-2:] if self._parts else ""

    # -- hints ---------------------------------------------------------------------------------
    def open(self, kind: str, href: str | None = None) -> _Open:
        return _Open(kind, self._length, href)

    def close(self, span: _Open) -> None:
        if self._length > span.start:
            self._hints.append(Hint(span.start, self._length, span.kind, span.href))

    @property
    def length(self) -> int:
        return self._length

    # -- result --------------------------------------------------------------------------------
    def build(self) -> tuple[str, tuple[Hint, ...]]:
        raw = "".join(self._parts)
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        n = len(text)
        hints: list[Hint] = []
        seen: set[tuple[int, int, str, str | None]] = set()
        for h in self._hints:
            start = max(0, h.start - lead)
            end = min(n, h.end - lead)
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            key = (start, end, h.kind, h.href)
            if end > start and key not in seen:
                seen.add(key)
                hints.append(Hint(start, end, h.kind, h.href))
        hints.sort(key=lambda h: (h.start, -h.end))
        return text, tuple(hints)


_GT_LINE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)


def quote_markers(text: str, hints: tuple[Hint, ...]) -> tuple[str, tuple[Hint, ...]]:
    """Lines that start with ``>`` (how Hacker News and e-mail quote): the marker goes, the
    line becomes a quote hint, and the other hints move with the text."""
    removed = [(m.start(), m.end()) for m in _GT_LINE.finditer(text) if m.end() > m.start()]
    if not removed:
        return text, hints

    def moved(offset: int) -> int:
        gone = 0
        for start, end in removed:
            if end <= offset:
                gone += end - start
            elif start < offset:
                gone += offset - start
        return offset - gone

    parts: list[str] = []
    last = 0
    for start, end in removed:
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    new_text = "".join(parts)
    out = [Hint(moved(h.start), moved(h.end), h.kind, h.href) for h in hints]
    for _start, end in removed:
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if line_end > end:
            out.append(Hint(moved(end), moved(line_end), "quote"))
    kept = [h for h in out if h.end > h.start]
    kept.sort(key=lambda h: (h.start, -h.end))
    return new_text, tuple(kept)
