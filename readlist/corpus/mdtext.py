"""Markdown to the text a reader sees, with emphasis, links, quotes, list items as hints.

Used by the Markdown reader and for post bodies that are Markdown (Lemmy, Reddit). Markup
characters disappear (``*Dune*`` becomes ``Dune`` with an italic hint); the words stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from readlist.corpus.markup import TextBuilder, _Open
from readlist.models import Hint

_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

INLINE_KINDS = {"em": "italic", "strong": "bold"}
BLOCK_KINDS = {"blockquote": "quote", "heading": "heading", "list_item": "list_item"}
_INLINE_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
HTML_INLINE_KINDS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold",
                     "cite": "cite", "q": "quote", "code": "code", "a": "link"}
# Text that has none of these cannot contain Markdown markup: render it as it is (fast path
# for the millions of one-line comments in a dump).
_MARKUP = re.compile(r"[*_`\[\]<>#&\\|~=!]|^\s*(?:[-+]\s|\d+[.)]\s|-{3,})|^ {4}|\t", re.M)
# Markup that can hide letters after it (HTML, entities, link targets and definitions, code
# fences' info strings, escapes). Letters before the first of these are always text.
_HIDING = re.compile(r"[<&\[`~\\]")
_LETTER = re.compile(r"[^\W\d_]")


def parse(src: str) -> list[Token]:
    return _md.parse(src)


def render(src: str) -> tuple[str, tuple[Hint, ...]]:
    """Text and hints of a Markdown string."""
    if not _MARKUP.search(src):
        return src.strip(), ()
    builder = TextBuilder()
    render_tokens(parse(src), builder)
    return builder.build()


def surely_has_text(src: str) -> bool:
    """True when :func:`render` certainly gives some text, found without parsing; False means
    only that rendering must tell (a dump's reader counts posts it need not build this way)."""
    hiding = _HIDING.search(src)
    if _LETTER.search(src, 0, len(src) if hiding is None else hiding.start()) is not None:
        return True
    return not _MARKUP.search(src) and bool(src.strip())


def render_tokens(tokens: Sequence[Token], builder: TextBuilder) -> None:
    """Write block tokens (as :func:`parse` returns them) into ``builder``."""
    stack: list[_Open | None] = []
    cells = 0
    for tok in tokens:
        kind = tok.type
        if kind == "inline":
            _render_inline(tok.children or [], builder)
        elif kind == "paragraph_open":
            if not tok.hidden:
                builder.block()
        elif kind.endswith("_open") and kind[:-5] in BLOCK_KINDS:
            if kind == "list_item_open":
                builder.newline()
            else:
                builder.block()
            stack.append(builder.open(BLOCK_KINDS[kind[:-5]]))
        elif kind.endswith("_close") and kind[:-6] in BLOCK_KINDS:
            span = stack.pop() if stack else None
            if span is not None:
                builder.close(span)
        elif kind in ("bullet_list_open", "ordered_list_open", "table_open"):
            builder.block()
        elif kind == "tr_open":
            builder.newline()
            cells = 0
        elif kind in ("th_open", "td_open"):
            if cells:
                builder.add("\t")
            cells += 1
        elif kind in ("fence", "code_block"):
            builder.block()
            span = builder.open("code")
            builder.add(tok.content.rstrip("\n"))
            builder.close(span)
        elif kind == "html_block":
            from readlist.corpus.htmltext import render_fragment

            builder.block()
            render_fragment(tok.content, builder)
        elif kind == "hr":
            builder.block()


def _render_inline(children: Sequence[Token], builder: TextBuilder) -> None:
    stack: list[tuple[str, _Open]] = []

    def close(name: str) -> None:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == name:
                builder.close(stack[i][1])
                del stack[i]
                return

    for tok in children:
        kind = tok.type
        if kind in ("text", "text_special"):
            builder.add(tok.content)
        elif kind in ("softbreak", "hardbreak"):
            builder.add("\n")
        elif kind == "code_inline":
            span = builder.open("code")
            builder.add(tok.content)
            builder.close(span)
        elif kind.endswith("_open") and kind[:-5] in INLINE_KINDS:
            stack.append((kind[:-5], builder.open(INLINE_KINDS[kind[:-5]])))
        elif kind.endswith("_close") and kind[:-6] in INLINE_KINDS:
            close(kind[:-6])
        elif kind == "link_open":
            href = tok.attrs.get("href")
            stack.append(("link", builder.open("link", str(href) if href else None)))
        elif kind == "link_close":
            close("link")
        elif kind == "html_inline":
            _inline_tag(tok.content, builder, stack)
    for _name, span in stack:  # unbalanced inline HTML: close at the end of the paragraph
        builder.close(span)


def _inline_tag(html: str, builder: TextBuilder, stack: list[tuple[str, _Open]]) -> None:
    m = _INLINE_TAG.match(html.strip())
    if not m:
        return
    closing, tag, attrs = m.group(1), m.group(2).lower(), m.group(3)
    if tag == "br":
        builder.add("\n")
        return
    if tag not in HTML_INLINE_KINDS:
        return
    name = "html-" + tag
    if closing:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == name:
                builder.close(stack[i][1])
                del stack[i]
                return
        return
    href = None
    if tag == "a":
        h = _HREF.search(attrs)
        href = next((g for g in h.groups() if g), None) if h else None
    stack.append((name, builder.open(HTML_INLINE_KINDS[tag], href)))
