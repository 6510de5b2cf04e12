"""Hacker News threads as the Algolia items API returns them (``/api/v1/items/<id>``: the item

with its ``children``, nested, text in HTML), saved to a file or fetched live from
``https://news.ycombinator.com/item?id=N``. Algolia search answers (``{"hits": [...]}``) are
read too, one post per hit. Permalinks are ``https://news.ycombinator.com/item?id=N``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from readlist.corpus.base import Reader, clean, iso_date, make_post
from readlist.corpus.htmltext import render as render_html
from readlist.corpus.jsonfile import load_json, looks_hn
from readlist.corpus.live import FetchFailed, fetcher, site_rate, site_url
from readlist.corpus.markup import TextBuilder, quote_markers
from readlist.models import Hint, Post
from readlist.report import Report

SITE = "https://news.ycombinator.com"
ALGOLIA = "https://hn.algolia.com/api/v1"
ITEM_URL = re.compile(r"^https?://news\.ycombinator\.com/item\?(?:.*&)?id=(\d+)(?:[&#].*)?$", re.I)
COMMUNITY = "news.ycombinator.com"


def item_link(ident: Any) -> str | None:
    return f"{SITE}/item?id={ident}" if isinstance(ident, (int, str)) and str(ident).isdigit() \
        else None


def item_text(item: dict[str, Any]) -> tuple[str, tuple[Hint, ...]]:
    """A story's title (heading) and URL, then the HTML text of any item."""
    builder = TextBuilder()
    title = clean(item.get("title")).strip()  # comments have none (a hit's story_title is not theirs)
    if title:
        span = builder.open("heading")
        builder.add(title)
        builder.close(span)
    url = clean(item.get("url") if item.get("type") != "comment" else "").strip()
    if url:
        builder.block()
        span = builder.open("link", url)
        builder.add(url)
        builder.close(span)
    head, hints = builder.build()
    body = clean(item.get("text") or item.get("comment_text") or item.get("story_text"))
    text, body_hints = quote_markers(*render_html(body)) if body.strip() else ("", ())
    if text:
        offset = len(head) + 2 if head else 0
        hints = hints + tuple(Hint(h.start + offset, h.end + offset, h.kind, h.href)
                              for h in body_hints)
        text = f"{head}\n\n{text}" if head else text
    else:
        text = head
    return text, hints


def walk(doc: Any, source: str, report: Report) -> Iterator[Post]:
    """Posts of an item tree (depth first, parents before replies) or of a search answer."""
    roots: list[Any]
    if isinstance(doc, dict) and isinstance(doc.get("hits"), list):
        roots = doc["hits"]
    elif isinstance(doc, list):
        roots = doc
    else:
        roots = [doc]
    first = next((r for r in roots if isinstance(r, dict)), {})
    thread_title = clean(first.get("title") or first.get("story_title")).strip() or None
    index = 0
    seen: dict[str, int] = {}
    stack: list[tuple[Any, int | None]] = [(r, None) for r in reversed(roots)]
    while stack:
        item, parent = stack.pop()
        if not isinstance(item, dict):
            continue
        ident = item.get("id", item.get("objectID"))
        if parent is None and item.get("parent_id") is not None:
            parent = seen.get(str(item.get("parent_id")))
        text, hints = item_text(item)
        mine = parent
        if text:
            yield make_post(source, index, text, hints, report,
                            link=item_link(ident) or source, author=clean(item.get("author"))
                            or None, date=iso_date(item.get("created_at")
                                                   or item.get("created_at_i")),
                            id=str(ident) if ident is not None else None, parent=parent,
                            thread_title=thread_title
                            or (clean(item.get("story_title")).strip() or None),
                            community=COMMUNITY)
            mine = index
            if ident is not None:
                seen[str(ident)] = index
            index += 1
        children = item.get("children")
        if isinstance(children, list):
            stack.extend((c, mine) for c in reversed(children))


class HackerNewsReader(Reader):
    name: ClassVar[str] = "hackernews"
    description: ClassVar[str] = ("Hacker News item trees (Algolia items API JSON) and live "
                                  "news.ycombinator.com/item?id=N URLs")
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    priority: ClassVar[int] = 30

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".json" and looks_hn(head)

    @classmethod
    def matches_url(cls, url: str) -> bool:
        return ITEM_URL.match(url) is not None

    def read(self, source: str, report: Report) -> Iterator[Post]:
        if source.startswith(("http://", "https://")):
            yield from self._live(source, report)
            return
        loaded = load_json(Path(source), source, report, "Hacker News")
        if loaded is None:
            return
        if not isinstance(loaded.doc, (dict, list)):
            loaded.reject(source, report, "a Hacker News item")
            return
        yield from walk(loaded.doc, source, report)

    def _live(self, url: str, report: Report) -> Iterator[Post]:
        m = ITEM_URL.match(url)
        if m is None:
            report.skip(url, "unsupported", "not a Hacker News item URL, skipped")
            return
        base = site_url("hn", ALGOLIA)
        with fetcher(self.http, url, report, "hackernews") as f:
            # Algolia allows 10,000 requests an hour per address.
            f.limit(base, site_rate("hn", 2.0))
            try:
                doc = f.get_json(f"{base}/items/{m.group(1)}")
            except FetchFailed:
                return
        if not isinstance(doc, dict):
            report.skip(url, "not found", "Hacker News has no such item, skipped")
            return
        yield from walk(doc, url, report)
