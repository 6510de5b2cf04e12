"""Helpers for the extraction tests: run a post or a small thread, find a mention by title."""

from __future__ import annotations

from collections.abc import Sequence

from readlist.extract import ThreadTracker, extract_mentions
from readlist.extract.context import ThreadContext
from readlist.models import Mention, Post


def post(text: str, index: int = 0, parent: int | None = None,
         thread_title: str | None = None, source: str = "t.txt") -> Post:
    return Post(source=source, index=index, text=text, parent=parent,
                thread_title=thread_title)


def one(text: str, context: ThreadContext | None = None) -> list[Mention]:
    """The mentions of a single post with no thread around it."""
    return extract_mentions(post(text), context)


def thread(posts: Sequence[str | tuple[str, int]], title: str | None = None) -> list[list[Mention]]:
    """Mentions per post of a thread read in order; a post is text or (text, parent index)."""
    tracker = ThreadTracker()
    out = []
    for i, item in enumerate(posts):
        text, parent = (item, None) if isinstance(item, str) else item
        out.append(tracker.extract(post(text, i, parent, title)))
    return out


def _fold(s: str | None) -> str:
    return " ".join((s or "").casefold().replace("’", "'").split())


def by_title(ms: Sequence[Mention], title: str) -> Mention | None:
    """The mention whose title is ``title`` (case and spacing folded), or None."""
    want = _fold(title)
    return next((m for m in ms if _fold(m.title) == want), None)


def rec_titles(ms: Sequence[Mention]) -> set[str]:
    return {_fold(m.title) for m in ms if m.recommended and m.title}


def rec_authors(ms: Sequence[Mention], kind: str | None = None) -> set[str]:
    return {_fold(a) for m in ms if m.recommended and (kind is None or m.kind == kind)
            for a in m.authors}


def recommended(ms: Sequence[Mention]) -> list[Mention]:
    return [m for m in ms if m.recommended]
