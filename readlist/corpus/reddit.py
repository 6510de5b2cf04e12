"""Reddit threads: the JSON a thread URL + ``.json`` returns (``[post listing, comment listing]``,

nested ``replies``, ``more`` stubs), saved to a file or fetched live from a thread URL; live
fetches also expand ``more`` stubs through ``/api/morechildren``.

Bodies are Reddit Markdown (HTML-escaped by the API); permalinks are
``https://www.reddit.com/r/<sub>/comments/<id>/_/<comment id>/`` or the ``permalink`` field.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from readlist.corpus.base import Reader, clean, iso_date, make_post
from readlist.corpus.jsonfile import load_json, looks_reddit_thread
from readlist.corpus.live import Fetcher, FetchFailed, fetcher, site_rate, site_url
from readlist.corpus.markup import TextBuilder
from readlist.corpus.mdtext import render
from readlist.models import Hint, Post
from readlist.report import Report

SITE = "https://www.reddit.com"
THREAD_URL = re.compile(
    r"^https?://(?:[\w-]+\.)?reddit\.com/(?:r/(?P<sub>[\w-]+)/)?comments/(?P<id>[a-z0-9]+)"
    r"(?:/[^/?#]*(?:/(?P<cid>[a-z0-9]+))?)?/?(?:[?#].*)?$", re.I)
SHORT_URL = re.compile(r"^https?://redd\.it/(?P<id>[a-z0-9]+)/?$", re.I)
GONE = ("[deleted]", "[removed]", "")
MORE_BATCH = 100  # ids per /api/morechildren call (the API's limit)
MAX_MORE_REQUESTS = 60  # politeness: past this, stubs are left and reported


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def author_of(data: dict[str, Any]) -> str | None:
    name = clean(data.get("author")).strip()
    return None if name in GONE else name


def subreddit_of(data: dict[str, Any]) -> str | None:
    prefixed = clean(data.get("subreddit_name_prefixed")).strip()
    if prefixed:
        return prefixed
    sub = clean(data.get("subreddit")).strip()
    return f"r/{sub}" if sub else None


def _bare(fullname: Any) -> str:
    text = clean(fullname)
    return text.split("_", 1)[1] if text[:3] in ("t1_", "t3_") else text


def permalink(data: dict[str, Any], kind: str) -> str | None:
    """The thing's permalink: its ``permalink`` field (made absolute) or one built from ids."""
    given = clean(data.get("permalink")).strip()
    if given.startswith("/"):
        return SITE + given
    if given.startswith(("http://", "https://")):
        return given
    sub = clean(data.get("subreddit")).strip()
    ident = clean(data.get("id")).strip() or _bare(data.get("name"))
    if not sub or not ident:
        return None
    if kind == "t3":
        return f"{SITE}/r/{sub}/comments/{ident}/"
    link = _bare(data.get("link_id"))
    return f"{SITE}/r/{sub}/comments/{link}/_/{ident}/" if link else None


def markdown_source(value: Any) -> str:
    """A body's Markdown: Reddit's API escapes &, < and > in it; undone."""
    return html.unescape(clean(value))


def markdown_body(value: Any) -> tuple[str, tuple[Hint, ...]]:
    return render(markdown_source(value))


def submission_text(data: dict[str, Any]) -> tuple[str, tuple[Hint, ...]]:
    """Title (as a heading), the linked URL for link posts, then the self text."""
    builder = TextBuilder()
    title = html.unescape(clean(data.get("title"))).strip()
    if title:
        span = builder.open("heading")
        builder.add(title)
        builder.close(span)
    url = clean(data.get("url")).strip()
    if url and not data.get("is_self") and "/comments/" not in url:
        builder.block()
        span = builder.open("link", url)
        builder.add(url)
        builder.close(span)
    text, hints = builder.build()
    body, body_hints = markdown_body(data.get("selftext"))
    if body and body not in GONE:
        offset = len(text) + 2 if text else 0
        text = f"{text}\n\n{body}" if text else body
        hints = hints + tuple(Hint(h.start + offset, h.end + offset, h.kind, h.href)
                              for h in body_hints)
    return text, hints


@dataclass
class Node:
    kind: str
    data: dict[str, Any]
    children: list[str] = field(default_factory=list)


@dataclass
class Stub:
    """A ``more`` placeholder: replies the listing left out."""

    parent: str
    ids: list[str]
    count: int


class Tree:
    """A thread as fullname -> node, in the order Reddit gave it, however it was fetched."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.roots: list[str] = []
        self.stubs: list[Stub] = []
        self.link_id: str | None = None

    def _place(self, kind: str, data: dict[str, Any], parent: str | None) -> str | None:
        ident = clean(data.get("id")).strip()
        if not ident:
            return None
        name = clean(data.get("name")).strip() or f"{kind}_{ident}"
        if kind == "t3" and self.link_id is None:
            self.link_id = name
        if name in self.nodes:
            return name
        self.nodes[name] = Node(kind, data)
        if parent is not None and parent in self.nodes:
            self.nodes[parent].children.append(name)
        else:
            self.roots.append(name)
        return name

    def add(self, doc: Any, parent: str | None = None) -> bool:
        """Take listings / things (nested through ``replies``); False if nothing Reddit-like."""
        took = False
        stack: list[tuple[Any, str | None]] = [(doc, parent)]
        while stack:
            item, under = stack.pop()
            if isinstance(item, list):
                stack.extend((x, under) for x in reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            kind = item.get("kind")
            data = _dict(item.get("data"))
            if kind == "Listing":
                children = data.get("children")
                if isinstance(children, list):
                    took = True
                    stack.extend((x, under) for x in reversed(children))
            elif kind in ("t1", "t3"):
                took = True
                where = under
                pid = clean(data.get("parent_id"))
                if kind == "t1" and pid in self.nodes:
                    where = pid
                name = self._place(kind, data, where)
                if name is not None and isinstance(data.get("replies"), dict):
                    stack.append((data["replies"], name))
            elif kind == "more":
                took = True
                ids = [clean(i) for i in data.get("children") or [] if isinstance(i, str)]
                count = data.get("count")
                count = count if isinstance(count, int) and count >= 0 else len(ids)
                pid = clean(data.get("parent_id")) or (under or "")
                # {"id": "_", "count": 0, "children": []} is "continue this thread": the
                # replies exist but only on the parent comment's own page.
                if ids or count or data.get("id") == "_":
                    self.stubs.append(Stub(pid, ids, max(count, 1 if not ids else 0)))
        return took

    def missing(self) -> int:
        return sum(max(s.count, len(s.ids)) for s in self.stubs)

    def posts(self, source: str, report: Report) -> Iterator[Post]:
        index = 0
        title = None
        community = None
        if self.link_id and self.link_id in self.nodes:
            data = self.nodes[self.link_id].data
            title = html.unescape(clean(data.get("title"))).strip() or None
            community = subreddit_of(data)
        stack: list[tuple[str, int | None]] = [(r, None) for r in reversed(self.roots)]
        while stack:
            name, parent = stack.pop()
            node = self.nodes[name]
            data = node.data
            if node.kind == "t3":
                text, hints = submission_text(data)
            else:
                body = clean(data.get("body")).strip()
                text, hints = markdown_body(body) if body not in GONE else ("", ())
            mine = parent
            if text:
                yield make_post(source, index, text, hints, report,
                                link=permalink(data, node.kind) or source,
                                author=author_of(data), date=iso_date(data.get("created_utc")),
                                id=name, parent=parent,
                                thread_title=title, community=subreddit_of(data) or community)
                mine = index
                index += 1
            # A deleted comment is not a post, but its replies still hang under its parent.
            stack.extend((child, mine) for child in reversed(node.children))


def thread_api(url: str) -> tuple[str, str | None] | None:
    """(post id, comment id or None) of a Reddit thread URL."""
    m = THREAD_URL.match(url) or SHORT_URL.match(url)
    if m is None:
        return None
    return m.group("id"), (m.groupdict().get("cid") or None)


class RedditReader(Reader):
    name: ClassVar[str] = "reddit"
    description: ClassVar[str] = ("Reddit thread JSON (thread URL + .json) and live "
                                  "reddit.com/r/.../comments/... URLs")
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    priority: ClassVar[int] = 30

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".json" and looks_reddit_thread(head)

    @classmethod
    def matches_url(cls, url: str) -> bool:
        return thread_api(url) is not None

    def read(self, source: str, report: Report) -> Iterator[Post]:
        if source.startswith(("http://", "https://")):
            yield from self._live(source, report)
            return
        loaded = load_json(Path(source), source, report, "Reddit")
        if loaded is None:
            return
        doc = loaded.doc
        if isinstance(doc, dict) and isinstance(doc.get("json"), dict):
            doc = _dict(doc["json"].get("data")).get("things")  # a saved /api/morechildren
        tree = Tree()
        if not tree.add(doc):
            loaded.reject(source, report, "a Reddit listing")
            return
        yield from tree.posts(source, report)
        missing = tree.missing()
        if missing:
            report.warn(source, f"{missing:,} replies are only 'more' stubs in this file; scan "
                        "the thread URL to fetch them")

    def _live(self, url: str, report: Report) -> Iterator[Post]:
        ids = thread_api(url)
        if ids is None:
            report.skip(url, "unsupported", "not a Reddit thread URL, skipped")
            return
        post_id, comment_id = ids
        base = site_url("reddit", SITE)
        tree = Tree()
        with fetcher(self.http, url, report, "reddit") as f:
            # Reddit allows clients without OAuth about 10 requests a minute.
            f.limit(base, site_rate("reddit", 10 / 60))
            path = f"/comments/{post_id}/" + (f"_/{comment_id}/" if comment_id else "")
            try:
                doc = f.get_json(f"{base}{path}.json", {"limit": 500})
            except FetchFailed:
                return
            if doc is None or not tree.add(doc):
                report.skip(url, "unsupported", "no Reddit thread at this URL, skipped")
                return
            try:
                self._expand(f, base, tree, url, report)
            except FetchFailed:
                pass
        yield from tree.posts(url, report)

    def _expand(self, f: Fetcher, base: str, tree: Tree, url: str, report: Report) -> None:
        """Fetch the replies behind ``more`` stubs, politely bounded."""
        requests = 0
        while tree.stubs and requests < MAX_MORE_REQUESTS:
            stub = tree.stubs.pop(0)
            if not stub.ids:
                # "Continue this thread": the replies live on the parent comment's own page.
                if not stub.parent.startswith("t1_") or tree.link_id is None:
                    continue
                requests += 1
                doc = f.get_json(f"{base}/comments/{_bare(tree.link_id)}/_/"
                                 f"{_bare(stub.parent)}/.json", {"limit": 500}, required=False)
                comments = doc[1] if isinstance(doc, list) and len(doc) > 1 else None
                for thing in _dict(_dict(comments).get("data")).get("children") or []:
                    replies = _dict(thing).get("data", {}).get("replies")
                    if isinstance(replies, dict):
                        tree.add(replies, stub.parent)
                continue
            for start in range(0, len(stub.ids), MORE_BATCH):
                if requests >= MAX_MORE_REQUESTS:
                    tree.stubs.insert(0, Stub(stub.parent, stub.ids[start:], 0))
                    break
                requests += 1
                doc = f.get_json(f"{base}/api/morechildren.json",
                                 {"api_type": "json", "link_id": tree.link_id or "",
                                  "children": ",".join(stub.ids[start:start + MORE_BATCH]),
                                  "limit_children": "false"}, required=False)
                things = _dict(_dict(_dict(doc).get("json")).get("data")).get("things")
                if isinstance(things, list):
                    tree.add(things)
        missing = tree.missing()
        if missing:
            report.warn(url, f"{missing:,} replies not fetched (more than "
                        f"{MAX_MORE_REQUESTS} extra requests would be needed)")
