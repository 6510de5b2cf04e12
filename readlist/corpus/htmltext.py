"""HTML to the text a reader sees (selectolax/lexbor), keeping <i>, <em>, <cite>, <a href> ...

as hints. Scripts, styles and other invisible elements are dropped; nested posts can be left
out so that a comment's text does not swallow its replies.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from readlist.corpus.markup import TextBuilder, _Open
from readlist.models import Hint

SKIP = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object",
    "embed", "canvas", "button", "select", "textarea", "input", "option", "video", "audio",
    "title", "meta", "link", "img", "-comment", "source", "track", "map", "area",
})
PARAGRAPH = frozenset({
    "p", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table",
    "figure", "hr", "section", "article", "aside", "header", "footer", "main", "nav",
    "address", "details", "fieldset", "form", "center",
})
LINE = frozenset({"div", "li", "tr", "dt", "dd", "caption", "figcaption", "summary",
                  "legend", "tbody", "thead", "tfoot"})
KINDS = {
    "i": "italic", "em": "italic", "b": "bold", "strong": "bold", "cite": "cite",
    "blockquote": "quote", "q": "quote", "code": "code", "pre": "code", "kbd": "code",
    "samp": "code", "tt": "code", "li": "list_item", "h1": "heading", "h2": "heading",
    "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
}


def parse_html(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def render(html: str) -> tuple[str, tuple[Hint, ...]]:
    """Text and hints of an HTML fragment (a Hacker News comment, an embedded block)."""
    builder = TextBuilder()
    render_fragment(html, builder)
    return builder.build()


def render_fragment(html: str, builder: TextBuilder) -> None:
    tree = LexborHTMLParser(html)
    root = tree.body
    if root is not None:
        render_node(root, builder)


def render_node(node: LexborNode, builder: TextBuilder,
                exclude: Collection[int] = ()) -> None:
    """Write the visible text under ``node``; subtrees whose ``mem_id`` is in ``exclude``
    (nested posts, buttons) are left out. Iterative, so any nesting depth is fine."""
    stack: list[tuple[Any, bool, _Open | None]] = [(node, True, None)]
    pre = 0
    while stack:
        current, entering, span = stack.pop()
        tag = current.tag
        if not entering:
            if span is not None:
                builder.close(span)
            if tag == "pre":
                pre -= 1
            if tag in PARAGRAPH:
                builder.block()
            elif tag in LINE:
                builder.newline()
            elif tag in ("td", "th"):
                builder.add(" ")
            continue
        if tag == "-text":
            text = current.text_content or ""
            if pre:
                builder.add(text)
            else:
                builder.add_flowing(text)
            continue
        if tag in SKIP or (exclude and current is not node and current.mem_id in exclude):
            continue
        if tag == "br":
            builder.newline() if not pre else builder.add("\n")
            continue
        if tag in PARAGRAPH:
            builder.block()
        elif tag in LINE:
            builder.newline()
        if tag == "pre":
            pre += 1
        kind = KINDS.get(tag)
        opened: _Open | None = None
        if tag == "a":
            href = (current.attributes.get("href") or "").strip()
            if href and not href.lower().startswith(("javascript:", "#")):
                opened = builder.open("link", href)
        elif kind is not None:
            opened = builder.open(kind)
        stack.append((current, False, opened))
        children = list(current.iter(include_text=True))
        for child in reversed(children):
            stack.append((child, True, None))
