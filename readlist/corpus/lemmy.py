"""Lemmy threads: API JSON saved to a file (``/api/v3/post`` and ``/api/v3/comment/list``

answers, alone, combined in one object, or as a JSON array of both) and live post URLs of any
instance (``https://lemmy.ml/post/59308``), fetched through that instance's API.

Each comment's permalink is its ``ap_id``; its parent comes from ``path`` ("0.12.34": the
comment 34 answers 12, which answers the post).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from readlist.corpus.base import Reader, clean, iso_date, make_post
from readlist.corpus.jsonfile import load_json, looks_lemmy
from readlist.corpus.live import FetchFailed, fetcher, site_rate
from readlist.corpus.markup import TextBuilder
from readlist.corpus.mdtext import render
from readlist.models import Hint, Post
from readlist.report import Report

POST_URL = re.compile(r"^(https?://[^/?#]+(?:/[^?#]*?)?)/post/(\d+)/?(?:[?#].*)?$", re.I)
PAGE_SIZE = 50  # the API's maximum
MAX_PAGES = 400  # 20,000 comments: past this a thread is not read whole (and we say so)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _published(obj: dict[str, Any]) -> str | None:
    return iso_date(obj.get("published") or obj.get("published_at"))


def _host(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    host = urlsplit(url).hostname
    return host or None


def person_name(person: dict[str, Any]) -> str | None:
    """``name``, or ``name@instance`` for someone from another instance."""
    name = clean(person.get("name")) or None
    if name and person.get("local") is False:
        host = _host(person.get("actor_id") or person.get("ap_id"))
        if host:
            return f"{name}@{host}"
    return name


def community_name(community: dict[str, Any]) -> str | None:
    name = clean(community.get("name")) or None
    host = _host(community.get("actor_id") or community.get("ap_id"))
    if name and host:
        return f"{host}/c/{name}"
    return name


def _path_ids(path: Any) -> list[int]:
    if not isinstance(path, str):
        return []
    ids = []
    for part in path.split("."):
        if part.isdigit():
            ids.append(int(part))
    return ids


def _sort_key(view: dict[str, Any]) -> tuple[int, ...]:
    comment = _dict(view.get("comment"))
    ids = _path_ids(comment.get("path"))[1:]
    ident = comment.get("id")
    if not ids and isinstance(ident, int):
        ids = [ident]
    return tuple(ids)


class Thread:
    """The pieces of one Lemmy thread, gathered from however many answers it came in."""

    def __init__(self) -> None:
        self.post_view: dict[str, Any] | None = None
        self.community_view: dict[str, Any] | None = None
        self.comments: dict[Any, dict[str, Any]] = {}  # comment id -> comment view
        self.posts: list[dict[str, Any]] = []  # a posts listing: separate posts, not a thread

    def add(self, doc: Any) -> bool:
        """Take what ``doc`` holds; False if it is nothing Lemmy-shaped."""
        took = False
        docs = doc if isinstance(doc, list) else [doc]
        for item in docs:
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("post_view"), dict):
                self.post_view = item["post_view"]
                took = True
            if isinstance(item.get("community_view"), dict):
                self.community_view = item["community_view"]
            if isinstance(item.get("comment_view"), dict):
                item = {"comments": [item["comment_view"]]}
            comments = item.get("comments")
            if isinstance(comments, list):
                for view in comments:
                    comment = _dict(_dict(view).get("comment"))
                    if "id" in comment:
                        self.comments.setdefault(comment["id"], view)
                took = took or isinstance(comments, list)
            if isinstance(item.get("posts"), list):
                self.posts.extend(v for v in item["posts"] if isinstance(v, dict))
                took = True
            if isinstance(item.get("comment"), dict) and isinstance(item.get("creator"), dict):
                comment = item["comment"]  # a bare comment view
                if "id" in comment:
                    self.comments.setdefault(comment["id"], item)
                    took = True
        return took

    def posts_out(self, source: str, report: Report) -> Iterator[Post]:
        index = 0
        comment_index: dict[Any, int] = {}
        post_index: int | None = None
        pv = self.post_view
        some = pv or next(iter(self.comments.values()), None)
        title = clean(_dict(_dict(some).get("post")).get("name")) or None
        community = community_name(_dict(_dict(some).get("community")))
        if community is None and self.community_view:
            community = community_name(_dict(self.community_view.get("community")))
        if pv is not None:
            post = _opening(pv, source, index, report, community)
            if post is not None:
                yield post
                post_index = index
                index += 1
        for view in self.posts:
            post = _opening(view, source, index, report,
                            community_name(_dict(view.get("community"))))
            if post is not None:
                yield post
                index += 1
        for view in sorted(self.comments.values(), key=_sort_key):
            comment = _dict(view.get("comment"))
            if comment.get("deleted") or comment.get("removed"):
                continue
            text, hints = render(clean(comment.get("content")))
            if not text:
                continue
            parent = post_index
            for ancestor in reversed(_path_ids(comment.get("path"))[1:-1]):
                if ancestor in comment_index:
                    parent = comment_index[ancestor]
                    break
            ident = comment.get("id")
            link = clean(comment.get("ap_id")) or source
            yield make_post(source, index, text, hints, report, link=link,
                            author=person_name(_dict(view.get("creator"))),
                            date=_published(comment), id=f"comment/{ident}", parent=parent,
                            thread_title=title, community=community)
            comment_index[ident] = index
            index += 1


def _opening(view: dict[str, Any], source: str, index: int, report: Report,
             community: str | None) -> Post | None:
    """The post itself: its title (as a heading), its link, its body."""
    post = _dict(view.get("post"))
    title = clean(post.get("name")).strip()
    builder = TextBuilder()
    if title:
        span = builder.open("heading")
        builder.add(title)
        builder.close(span)
    url = clean(post.get("url")).strip()
    if url:
        builder.block()
        span = builder.open("link", url)
        builder.add(url)
        builder.close(span)
    text, hints = builder.build()
    body_text, body_hints = render(clean(post.get("body")))
    if body_text:
        offset = len(text) + 2 if text else 0
        text = f"{text}\n\n{body_text}" if text else body_text
        hints = hints + tuple(Hint(h.start + offset, h.end + offset, h.kind, h.href)
                              for h in body_hints)
    if not text or post.get("deleted") or post.get("removed"):
        return None
    return make_post(source, index, text, hints, report,
                     link=clean(post.get("ap_id")) or source,
                     author=person_name(_dict(view.get("creator"))), date=_published(post),
                     id=f"post/{post.get('id')}", thread_title=title or None,
                     community=community)


class LemmyReader(Reader):
    name: ClassVar[str] = "lemmy"
    description: ClassVar[str] = ("Lemmy API JSON (post + comment list) and live "
                                  "https://<instance>/post/N URLs")
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    priority: ClassVar[int] = 30

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".json" and looks_lemmy(head)

    @classmethod
    def matches_url(cls, url: str) -> bool:
        return POST_URL.match(url) is not None

    def read(self, source: str, report: Report) -> Iterator[Post]:
        if source.startswith(("http://", "https://")):
            yield from self._live(source, report)
            return
        loaded = load_json(Path(source), source, report, "Lemmy")
        if loaded is None:
            return
        thread = Thread()
        if not thread.add(loaded.doc):
            loaded.reject(source, report, "a Lemmy API answer")
            return
        yield from thread.posts_out(source, report)

    def _live(self, url: str, report: Report) -> Iterator[Post]:
        m = POST_URL.match(url)
        if m is None:
            report.skip(url, "unsupported", "not a Lemmy post URL, skipped")
            return
        base, post_id = m.group(1), int(m.group(2))
        thread = Thread()
        with fetcher(self.http, url, report, "lemmy") as f:
            f.limit(base, site_rate("lemmy", 2.0))
            try:
                doc = f.get_json(f"{base}/api/v3/post", {"id": post_id})
            except FetchFailed:
                return
            if not isinstance(doc, dict) or not thread.add(doc) or thread.post_view is None:
                report.skip(url, "unsupported", "no Lemmy API answer for this post (is it a "
                            "Lemmy instance?), skipped")
                return
            try:
                self._comments(f, base, post_id, thread, url, report)
            except FetchFailed:
                pass  # reported as a warning; the posts read so far still count
        yield from thread.posts_out(url, report)

    def _comments(self, f: Any, base: str, post_id: int, thread: Thread, url: str,
                  report: Report) -> None:
        for page in range(1, MAX_PAGES + 1):
            doc = f.get_json(f"{base}/api/v3/comment/list",
                             {"post_id": post_id, "sort": "Old", "type_": "All",
                              "limit": PAGE_SIZE, "page": page}, required=False)
            comments = _dict(doc).get("comments")
            if not isinstance(comments, list):
                return
            before = len(thread.comments)
            thread.add({"comments": comments})
            if len(comments) < PAGE_SIZE or len(thread.comments) == before:
                return
        report.warn(url, f"stopped after {MAX_PAGES * PAGE_SIZE:,} comments; the rest of the "
                    "thread was not read")
