"""Properties of the escaping every reading-list format relies on, over arbitrary text."""

from __future__ import annotations

import html
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from readlist.export.listing.escaping import (
    BIDI_CONTROLS,
    clean,
    html_text,
    http_url,
    md_code,
    md_text,
    md_url,
)

# Markup-heavy text: every Markdown/HTML special character, controls, bidi, and letters.
ALPHABET = st.sampled_from(list("\\`*_{}[]()<>#+-.!|~^$&@=:;'\"/ \t\nabcXYZ019") +
                           ["\x1b", "\x9b", "\x00", "\u202e", "\u2066", "\u00a0", "é", "字",
                            "&amp;", "&#x5b;", "<script>", "](", "![", "**", "~~", "1. ", "> "])
TEXT = st.lists(ALPHABET, max_size=40).map("".join)
MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _unsafe(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_CONTROLS for c in text)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_clean_leaves_no_control_or_bidi_character(text: str) -> None:
    out = clean(text)
    assert not _unsafe(out)
    assert out == out.strip() and "  " not in out


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_markdown_text_renders_exactly_as_written(text: str) -> None:
    rendered = MD.render("x " + md_text(text) + " x")
    tree = LexborHTMLParser(rendered)
    assert [n.tag for n in tree.body.iter()] == ["p"], rendered  # no markup at all
    assert tree.css_first("p").text() == f"x {clean(text)} x"


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_markdown_code_span_holds_any_text(text: str) -> None:
    tree = LexborHTMLParser(MD.render("x " + md_code(text) + " x"))
    code = tree.css("code")
    assert len(code) == 1 and code[0].text().strip() == clean(text).strip()


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_html_text_is_only_text(text: str) -> None:
    tree = LexborHTMLParser(f"<p>{html_text(text)}</p><a title=\"{html_text(text)}\">x</a>")
    assert [n.tag for n in tree.body.iter()] == ["p", "a"]
    assert tree.css_first("p").text() == clean(text)
    assert tree.css_first("a").attributes["title"] == clean(text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["https://", "http://", "javascript:", "data:", "//", "HTTPS://", ""]),
       TEXT)
def test_only_http_urls_become_links(scheme: str, rest: str) -> None:
    url = http_url(scheme + "h.example/" + rest)
    if url is None:
        return
    assert url.lower().startswith(("https://", "http://"))
    assert not any(c in url for c in " \t\n<>\"`\\") and not _unsafe(url)
    tree = LexborHTMLParser(MD.render(f"[t]({md_url(scheme + 'h.example/' + rest)})"))
    links = tree.css("a")
    assert len(links) == 1 and html.unescape(links[0].attributes["href"]).lower().startswith(
        ("https://", "http://"))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_markdown_text_at_the_start_of_a_line(text: str) -> None:
    if not clean(text):
        return
    rendered = MD.render(md_text(text))
    tree = LexborHTMLParser(rendered)
    assert [n.tag for n in tree.body.iter()] == ["p"], rendered
    assert tree.css_first("p").text() == clean(text)
