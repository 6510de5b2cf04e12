"""Markdown files (markdown-it-py): the text a reader sees, with emphasis, quotes, links and

list items kept as hints.

How a file becomes posts:
- a thematic break (``---``, ``***``, ``___`` on a line of its own) separates posts;
- with no break, headings do: a post starts at each heading of the shallowest level used more
  than once (a single title above them becomes the thread title, not a post);
- otherwise the whole file is one post.
YAML-style front matter (``---`` ... ``---`` at the very top) is not text; its ``title``,
``author``, ``date`` and ``community`` keys describe the thread.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from markdown_it.token import Token

from readlist.corpus.base import MAX_DOCUMENT_BYTES, Reader, decode, iso_date, make_post, too_large
from readlist.corpus.markup import TextBuilder
from readlist.corpus.mdtext import parse, render_tokens
from readlist.models import Post
from readlist.report import Report

# markdown-it-py is pure Python: a saved thread is a few MB; past this it is not a thread.
MAX_MARKDOWN_BYTES = min(MAX_DOCUMENT_BYTES, 64 * 1024 * 1024)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` front matter and the text with those lines blanked (so line
    numbers still match the file)."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    meta: dict[str, str] = {}
    for i in range(1, min(len(lines), 200)):
        stripped = lines[i].strip()
        if stripped in ("---", "..."):
            if not meta:
                return {}, text
            return meta, "\n" * (i + 1) + "\n".join(lines[i + 1:])
        m = _FRONT_KEY.match(lines[i])
        if m:
            meta[m.group(1).lower()] = m.group(2).strip("\"'")
        elif stripped and not lines[i].startswith((" ", "\t", "-")):
            return {}, text  # not front matter: a thematic break followed by prose
    return {}, text


def _top_level(tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped into top-level blocks (each starts with a level-0 token)."""
    groups: list[list[Token]] = []
    depth = 0
    for tok in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(tok)
        depth += tok.nesting
    return groups


def _heading_level(block: list[Token]) -> int | None:
    return int(block[0].tag[1]) if block[0].type == "heading_open" else None


def split_posts(blocks: list[list[Token]]) -> tuple[list[list[list[Token]]], list[Token] | None]:
    """Blocks grouped into posts, and the title heading's block if one stands above them."""
    if any(b[0].type == "hr" for b in blocks):
        posts: list[list[list[Token]]] = [[]]
        for b in blocks:
            if b[0].type == "hr":
                posts.append([])
            else:
                posts[-1].append(b)
        return [p for p in posts if p], None
    levels = Counter(lv for b in blocks if (lv := _heading_level(b)) is not None)
    repeated = sorted(lv for lv, n in levels.items() if n > 1)
    if not repeated:
        return ([blocks] if blocks else []), None
    level = repeated[0]
    title: list[Token] | None = None
    posts = [[]]
    for b in blocks:
        lv = _heading_level(b)
        if lv is not None and lv < level and title is None and not any(posts[-1]):
            title = b  # one shallower heading before the sections: the thread's title
            continue
        if lv is not None and lv <= level and posts[-1]:
            posts.append([])
        posts[-1].append(b)
    return [p for p in posts if p], title


class MarkdownReader(Reader):
    name: ClassVar[str] = "markdown"
    description: ClassVar[str] = ("Markdown: posts split at --- (or repeated headings); "
                                  "emphasis, links, quotes kept as hints")
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
    priority: ClassVar[int] = 10

    def read(self, source: str, report: Report) -> Iterator[Post]:
        path = Path(source)
        if too_large(path, source, report, "Markdown", MAX_MARKDOWN_BYTES):
            return
        text = decode(path.read_bytes(), source, report).replace("\r\n", "\n").replace("\r", "\n")
        meta, body = front_matter(text)
        blocks = _top_level(parse(body))
        posts, title_block = split_posts(blocks)
        thread_title = meta.get("title")
        if title_block is not None:
            heading = TextBuilder()
            render_tokens(title_block, heading)
            thread_title = thread_title or heading.build()[0] or None
        author = meta.get("author") or None
        date = iso_date(meta["date"]) if meta.get("date") else None
        community = meta.get("community") or meta.get("subreddit") or None
        index = 0
        for group in posts:
            builder = TextBuilder()
            for block in group:
                builder.block()
                render_tokens(block, builder)
            post_text, hints = builder.build()
            if not post_text:
                continue
            first = next((t.map for b in group for t in b if t.map), None)
            line = first[0] + 1 if first else None
            yield make_post(source, index, post_text, hints, report, line=line,
                            link=f"{source}#L{line or 1}", author=author, date=date,
                            thread_title=thread_title, community=community)
            index += 1
