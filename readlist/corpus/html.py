"""Saved web pages (selectolax): one post per post the page marks (Reddit old and new, Hacker

News, Lemmy, Discourse, phpBB, XenForo, schema.org microdata, comment lists, ``<article>``),
else the page's main text as one post. <i>, <em>, <cite>, <a href> ... become hints; scripts
and styles are dropped. Permalinks come from the page (or the URL it was saved from); lines
are where each post starts in the file, found by its id or first words.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, cast

from selectolax.lexbor import LexborHTMLParser, LexborNode

from readlist.corpus.base import Reader, make_post, too_large
from readlist.corpus.htmlsites import FINDERS, Found, Page, attr, text_of
from readlist.corpus.htmltext import render_node
from readlist.corpus.markup import TextBuilder, quote_markers
from readlist.models import Hint, Post
from readlist.report import Report

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_HTML_HEAD = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)",
                        re.I | re.S)


def decode_html(data: bytes, source: str, report: Report) -> str:
    """The page's text in the charset it declares (BOM, then <meta>), UTF-8 otherwise; bad
    bytes replaced with one warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    charset = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    else:
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                charset = codecs.lookup(m.group(1).decode("ascii")).name
            except (LookupError, UnicodeDecodeError):
                charset = "utf-8"
    if charset in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
        charset = "utf-8"  # a <meta> claiming UTF-16 in an ASCII-compatible file is wrong
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        report.warn(source, f"undecodable bytes (first at byte {exc.start}, as {charset}) "
                    "replaced with U+FFFD")
        return data.decode(charset, errors="replace")


class LineFinder:
    """Where a post starts in the file: its id attribute, else its first words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.pos = 0

    def line_of(self, found: Found) -> int | None:
        c = found.container
        needles = [f"{q}{v}{q}" for v in (attr(c, "id"), attr(c, "data-fullname"),
                                          attr(c, "thingid"), attr(c, "data-post-id"),
                                          attr(c, "data-content"), attr(c, "permalink")) if v
                   for q in "\"'"]
        words = _first_words(found.body if found.body is not None else c)
        if words:
            needles.append(words)
        for needle in needles:
            at = self.text.find(needle, self.pos)
            if at < 0:
                at = self.text.find(needle)
            if at >= 0:
                self.pos = max(self.pos, at)
                return bisect_right(self.starts, at)
        return None


def _first_words(node: LexborNode) -> str | None:
    """The start of the first text under ``node``, as it likely appears in the source."""
    for n in node.traverse(include_text=True):
        if n.tag == "-text":
            words = (n.text_content or "").strip()
            if len(words) >= 3 and not any(c in words for c in "&<>\"'"):
                return words[:40]
    return None


def looks_html(head: bytes) -> bool:
    return _HTML_HEAD.match(head.lstrip(b"\xef\xbb\xbf")) is not None


def _page(tree: LexborHTMLParser, text: str) -> Page:
    base = None
    canonical = tree.css_first('link[rel="canonical"]')
    og_url = tree.css_first('meta[property="og:url"]')
    if canonical is not None and attr(canonical, "href"):
        base = attr(canonical, "href")
    elif og_url is not None and attr(og_url, "content"):
        base = attr(og_url, "content")
    else:
        m = _SAVED_FROM.search(text[:4096])
        if m:
            base = m.group(1)
    if base and not base.startswith(("http://", "https://")):
        base = None
    og_title = tree.css_first('meta[property="og:title"]')
    title = attr(og_title, "content") or text_of(tree.css_first("title"))
    return Page(tree, base, title)


def _heading(found: Found) -> tuple[str, tuple[Hint, ...]]:
    builder = TextBuilder()
    if found.title:
        span = builder.open("heading")
        builder.add(found.title.strip())
        builder.close(span)
    if found.url:
        builder.block()
        span = builder.open("link", found.url)
        builder.add(found.url)
        builder.close(span)
    return builder.build()


class HtmlReader(Reader):
    name: ClassVar[str] = "html"
    description: ClassVar[str] = ("saved web pages: posts of Reddit, HN, Lemmy, Discourse, phpBB,"
                                  " XenForo, comment lists, <article>s; italics and links as hints")
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml", ".shtml")
    priority: ClassVar[int] = 10

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        if path.name.lower().endswith(cls.suffixes):
            return True
        return path.suffix.lower() in ("", ".txt", ".text") and looks_html(head)

    def read(self, source: str, report: Report) -> Iterator[Post]:
        path = Path(source)
        if too_large(path, source, report, "HTML"):
            return
        text = decode_html(path.read_bytes(), source, report)
        tree = LexborHTMLParser(text)
        page = _page(tree, text)
        found: list[Found] = []
        for _name, finder in FINDERS:
            found = finder(page)
            if found:
                break
        if not found:
            root = tree.css_first("main") or tree.css_first('[role="main"]') or tree.body
            if root is None:
                return
            found = [Found(root, root, link=page.base, community=page.host)]
        yield from self._posts(found, page, text, source, report)

    def _posts(self, found: list[Found], page: Page, text: str, source: str,
               report: Report) -> Iterator[Post]:
        containers = {f.container.mem_id for f in found}
        index_of_container: dict[int, int] = {}
        index_of_key: dict[str, int] = {}
        depth_stack: list[tuple[int, int]] = []  # (depth, index) for pages that only indent
        opening: int | None = None
        thread_title = next((f.title for f in found if f.opening and f.title), None) or page.title
        lines = LineFinder(text)
        community = next((f.community for f in found if f.community), None)
        index = 0
        for f in found:
            head, head_hints = _heading(f)
            body_text, body_hints = "", cast(tuple[Hint, ...], ())
            if f.body is not None or f.whole:
                builder = TextBuilder()
                render_node(f.body if f.body is not None else f.container, builder,
                            exclude=containers)
                body_text, body_hints = quote_markers(*builder.build())
            post_text, hints = head, head_hints
            if body_text:
                offset = len(head) + 2 if head else 0
                post_text = f"{head}\n\n{body_text}" if head else body_text
                hints = head_hints + tuple(Hint(h.start + offset, h.end + offset, h.kind, h.href)
                                           for h in body_hints)
            if not post_text:
                continue
            parent = self._parent(f, index_of_container, index_of_key, depth_stack, opening)
            line = lines.line_of(f)
            link = f.link or (f"{source}#L{line}" if line else f"{source}#L1")
            yield make_post(source, index, post_text, hints, report, line=line, link=link,
                            author=f.author, date=f.date, id=f.ident, parent=parent,
                            thread_title=thread_title, community=f.community or community)
            index_of_container[f.container.mem_id] = index
            if f.ident:
                index_of_key[f.ident] = index
            if f.depth is not None:
                while depth_stack and depth_stack[-1][0] >= f.depth:
                    depth_stack.pop()
                depth_stack.append((f.depth, index))
            if f.opening and opening is None:
                opening = index
            index += 1

    @staticmethod
    def _parent(f: Found, by_container: dict[int, int], by_key: dict[str, int],
                depth_stack: list[tuple[int, int]], opening: int | None) -> int | None:
        if f.opening:
            return None
        if f.parent_key and f.parent_key in by_key:
            return by_key[f.parent_key]
        if f.depth is not None:
            for depth, index in reversed(depth_stack):
                if depth < f.depth:
                    return index
            return opening
        up = f.container.parent
        while up is not None:
            if up.mem_id in by_container:
                return by_container[up.mem_id]
            up = up.parent
        return opening
