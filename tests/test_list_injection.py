"""Hostile titles, quotes, names and links reach every format of `readlist list` inert.

The .bib is built here (not a fixture file) so that the control characters are visible in the
source as escapes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from readlist.export.listing import ListOptions, build_listing, render
from readlist.export.listing.escaping import clean, http_url, md_text

ESC = "\x1b"
TITLE = ('<script>alert("t")</script> [x](javascript:alert(1)) **bold** _u_ `code` a|b '
         f'＜img src=x onerror=alert(1)＞ {ESC}[31mRED{ESC}]52;c;ZXZpbA==\x07 \x9b31m '
         "\u202eevil\u202c :smile: [bold]rich[/bold] @everyone $x$ ~~s~~ &amp; &#x5b;")
QUOTE = (f"</blockquote><script>document.body.dataset.pwned=1</script> {ESC}[2J * - # > | "
         "~~strike~~ ^sup [link](https://evil.example) <https://evil.example> "
         "\u2066isolate\u2069 \x00nul")
HOSTILE_BIB = f"""
@book{{evil1,
  author = {{Mallory ＜b＞Evil＜/b＞ and [bold]Eve[/bold]}},
  title = {{{TITLE}}},
  year = {{2020}},
  publisher = {{"＞＜svg onload=alert(1)＞}},
  isbn = {{9781583676011"＞＜script＞}},
  url = {{javascript:alert(document.cookie)}},
  note = {{Recommended in javascript:alert(1) by ＜img src=x onerror=alert(2)＞ (2024-01-01): “{QUOTE}”; Recommended in https://evil.example/"onmouseover="alert(1) by bob: “\u202etxt.exe”; Recommended in data:text/html,＜script＞alert(1)＜/script＞: “data”}},
  readlist-outcome = {{sure}},
  readlist-hash = {{title:0}}
}}

@book{{evil2,
  author = {{# Heading}},
  title = {{- not a list > not a quote 1. not numbered}},
  url = {{https://openlibrary.org/works/OL1W?q=a b"c'd<e>(f)}},
  isbn = {{978-1-58367-601-1}},
  note = {{Recommended in https://lemmy.ml/post/1/comment/2 by ]](javascript:x): “ok”}},
  readlist-outcome = {{unsure}},
  readlist-hash = {{title:0}}
}}
"""
AUTHORS = {"format": "readlist-recommended-authors", "version": 1, "authors": [
    {"name": f"<script>x</script>{ESC}[5m\u202eRodney",
     "recommendations": [{"link": "javascript:alert(3)", "quote": f"`{ESC}]8;;https://x{ESC}\\"
                          "click`</li>", "author": "*me*", "date": None}]}]}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    bib = tmp_path / "evil.bib"
    bib.write_text(HOSTILE_BIB, encoding="utf-8")
    (tmp_path / "evil.authors.json").write_text(json.dumps(AUTHORS), encoding="utf-8")
    return bib


ALL = [ListOptions(), ListOptions(style="apa"), ListOptions(group="source", covers=True),
       ListOptions(group="author", style="mla", covers=True)]


def unsafe_chars(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if c not in "\n" and (
        unicodedata.category(c) in ("Cc", "Cs") or c in "\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069\u200e\u200f\u061c")]


@pytest.mark.parametrize("options", ALL)
def test_text_has_no_control_or_bidi_character(hostile: Path, options: ListOptions) -> None:
    out = render(build_listing(hostile, options), "text")
    assert unsafe_chars(out) == []
    assert "[bold]rich[/bold]" in out and "<script>" in out  # shown as written, inert here


@pytest.mark.parametrize("width", [60, 100, 160])
@pytest.mark.parametrize("options", ALL)
def test_table_has_no_escape_from_posts(hostile: Path, options: ListOptions, width: int) -> None:
    plain = render(build_listing(hostile, options), "table", width=width)
    assert unsafe_chars(plain) == []
    # In colour, the only escape sequences are rich's own SGR colours and OSC 8 links to
    # http(s) URLs, never the posts' screen-clearing, clipboard (OSC 52) or blinking ones.
    colour = render(build_listing(hostile, options), "table", width=width, color=True)
    for seq in re.findall(r"\x1b(\[[0-9;]*[A-Za-z]|\][^\x07\x1b]*(?:\x07|\x1b\\))", colour):
        assert re.fullmatch(r"\[[0-9;]*m", seq) or seq.startswith(("]8;", "]8;;")), repr(seq)
        if seq.startswith("]8;") and seq not in ("]8;;\x1b\\", "]8;;\x07"):
            url = seq.split(";", 2)[2].rstrip("\x07").removesuffix("\x1b\\")
            assert url.startswith(("https://", "http://")), url
    assert "\x1b[2J" not in colour and "\x1b]52" not in colour and "\x1b[5m" not in colour
    assert "[bold]rich[/bold]" in plain.replace("\n", " ") or width < 100


@pytest.mark.parametrize("options", ALL)
def test_markdown_renders_post_text_literally(hostile: Path, options: ListOptions) -> None:
    md = render(build_listing(hostile, options), "markdown")
    assert unsafe_chars(md) == []
    for preset in ("commonmark", "gfm-like"):
        html = MarkdownIt(preset).render(md) if preset == "commonmark" else \
            MarkdownIt("commonmark").enable("table").enable("strikethrough").render(md)
        tree = HTMLParser(html)
        # No markup from the posts: no script, image, svg, raw HTML, heading, quote or table.
        for tag in ("script", "img", "svg", "blockquote", "table", "s", "del", "h3", "h4"):
            assert not tree.css(tag), (preset, tag)
        # Only our two headings, and every link is http(s).
        assert len(tree.css("h1")) == 1
        for a in tree.css("a"):
            assert a.attributes["href"].startswith(("https://", "http://")), a.attributes
        # "[link](https://evil.example)" in a quote stays text; the only evil.example link is
        # the recommending post itself, with its quote characters encoded.
        assert {a.attributes["href"] for a in tree.css("a") if "evil.example" in
                a.attributes["href"]} == {"https://evil.example/%22onmouseover=%22alert%281%29"}
        text = tree.body.text() if tree.body else tree.text()
        assert "**bold**" in text and "_u_" in text and "[x](javascript:alert(1))" in text
        assert "<script>alert(\"t\")</script>" in text


def test_markdown_keeps_the_list_structure(hostile: Path) -> None:
    md = render(build_listing(hostile), "markdown")
    tree = HTMLParser(MarkdownIt("commonmark").render(md))
    top = tree.css("body > ol > li") or tree.css("ol > li")
    titles = [li.css_first("strong").text() for li in tree.css("ol")[0].css("li") if
              li.css_first("strong") and li.parent.tag == "ol"]
    assert len(top) >= 2 and titles[1] == "- not a list > not a quote 1. not numbered"


@pytest.mark.parametrize("options", ALL)
def test_html_has_no_live_markup_from_posts(hostile: Path, options: ListOptions) -> None:
    page = render(build_listing(hostile, options), "html")
    assert unsafe_chars(page) == []
    tree = HTMLParser(page)
    assert not tree.css("script") and not tree.css("svg") and not tree.css("iframe")
    for node in tree.css("*"):
        assert not any(k.lower().startswith("on") for k in node.attributes), node.html
    for a in tree.css("a"):
        href = a.attributes["href"]
        assert href.startswith(("https://", "http://")), href
        assert '"' not in href and " " not in href and "<" not in href
        assert set(a.attributes["rel"].split()) >= {"noopener", "noreferrer"}
    # Covers only when asked, only from Open Library, only for a checksum-valid ISBN (evil2's
    # hyphenated one; evil1's ISBN with markup after it gives none).
    assert not tree.css("img")
    styles = [d.attributes.get("style") for d in tree.css(".cover")]
    assert styles == ([None, "background-image:url(https://covers.openlibrary.org/b/isbn/"
                       "9781583676011-M.jpg)"] if options.covers else []) or \
        options.group == "source"  # grouped: a work may show under several sources
    assert all(s is None or re.fullmatch(r"background-image:url\(https://covers\.openlibrary"
                                         r"\.org/b/isbn/\d{13}-M\.jpg\)", s) for s in styles)
    for node in tree.css("[style]"):
        assert "cover" in (node.attributes.get("class") or ""), node.html
    text = tree.body.text()
    assert '<script>alert("t")</script>' in text and "onerror=alert(1)" in text
    assert "javascript:alert(1)" in text  # shown as text, never as a link
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp


@pytest.mark.parametrize("options", ALL)
def test_json_is_valid_and_terminal_safe(hostile: Path, options: ListOptions) -> None:
    out = render(build_listing(hostile, options), "json")
    assert unsafe_chars(out) == []
    data = json.loads(out)
    evil = next(w for w in data["works"] if w["key"] == "evil1")
    assert evil["title"].startswith('<script>alert("t")</script>')
    assert evil["url"] == "javascript:alert(document.cookie)" and evil["catalogue_url"] is None
    assert all(r["url"] is None or r["url"].startswith("https://")
               for w in data["works"] for r in w["recommendations"])
    assert evil["cover"] is None  # an ISBN with markup after it is not an ISBN
    evil2 = next(w for w in data["works"] if w["key"] == "evil2")
    assert evil2["cover"] == ("https://covers.openlibrary.org/b/isbn/9781583676011-M.jpg"
                              if options.covers else None)
    assert evil2["catalogue_url"] is None  # a URL with a space is not made a link


def test_escaping_helpers() -> None:
    assert clean(f"a{ESC}[31mb\x9bc\u202ed\td\ne") == "a\ufffd[31mb\ufffdc\ufffdd d e"
    assert http_url("javascript:alert(1)") is None
    assert http_url("JaVaScRiPt:alert(1)") is None
    assert http_url(" https://x.org/a b") is None
    assert http_url("https://x.org/a\u202eb") is None
    assert http_url("//evil.example/x") is None and http_url("seeds/a.txt#L9") is None
    assert http_url('https://x.org/"><b>') == "https://x.org/%22%3E%3Cb%3E"
    assert md_text("1. a") == "1\\. a" and md_text("- a") == "\\- a" and md_text("> a") == "\\> a"
    assert md_text("# a") == "\\# a" and md_text("a_b*c`d") == "a\\_b\\*c\\`d"
