"""Property tests over every reader: arbitrary bytes, arbitrary Unicode, huge lines, deep JSON.
Warnings are fine; an exception, a broken post or a hint outside its text is not."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.corpus import choose_reader
from readlist.corpus.htmltext import render as render_html
from readlist.corpus.markup import quote_markers
from readlist.corpus.mdtext import render as render_markdown
from readlist.models import Post
from readlist.plugins import corpus_readers
from readlist.report import Report

READERS = sorted(corpus_readers())
SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html", "lemmy": ".json",
          "reddit": ".json", "pushshift": ".ndjson", "hackernews": ".json"}
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def check(posts: list[Post], source: str) -> None:
    for i, p in enumerate(posts):
        assert p.source == source and p.index == i
        assert isinstance(p.text, str) and p.text
        assert p.line is None or p.line >= 1
        assert p.parent is None or 0 <= p.parent < i
        for h in p.hints:
            assert 0 <= h.start < h.end <= len(p.text)
        p.text.encode("utf-8")  # no lone surrogates reach later stages
        if p.author is not None:
            p.author.encode("utf-8")


def read_with(name: str, data: bytes) -> list[Post]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"input{SUFFIX.get(name, '.txt')}"
        path.write_bytes(data)
        reader = corpus_readers()[name].obj(None)
        report = Report()
        posts = list(reader.read(str(path), report))
        check(posts, str(path))
        choose_reader(str(path))  # sniffing must not raise either
        return posts


def json_values(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) \
        | st.text(max_size=40)
    keys = st.sampled_from(["kind", "data", "children", "replies", "body", "id", "name",
                            "parent_id", "post_view", "post", "comments", "comment", "path",
                            "ap_id", "creator", "text", "author", "created_at", "created_utc",
                            "title", "selftext", "subreddit", "permalink", "hits", "json",
                            "things", "content", "published", "count", "link_id"]) | st.text(max_size=8)
    kinds = st.sampled_from(["Listing", "t1", "t3", "more", "story", "comment"])
    return st.recursive(scalars | kinds, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(keys, inner, max_size=5), max_leaves=max_leaves)


@FUZZ
@given(name=st.sampled_from(READERS), data=st.binary(max_size=3000))
def test_arbitrary_bytes(name: str, data: bytes) -> None:
    read_with(name, data)


@FUZZ
@given(name=st.sampled_from(READERS), text=st.text(max_size=2000))
def test_arbitrary_unicode(name: str, text: str) -> None:
    read_with(name, text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(name=st.sampled_from(READERS), doc=json_values())
def test_json_of_every_shape(name: str, doc: Any) -> None:
    read_with(name, json.dumps(doc).encode())


@FUZZ
@given(name=st.sampled_from(READERS), docs=st.lists(json_values(10), max_size=8))
def test_ndjson_of_every_shape(name: str, docs: list[Any]) -> None:
    read_with(name, "\n".join(json.dumps(d) for d in docs).encode())


@settings(max_examples=len(READERS) * 3, deadline=None)
@given(name=st.sampled_from(READERS), depth=st.sampled_from([500, 5000, 50_000]),
       opener=st.sampled_from(["[", '{"a":', '{"kind":"Listing","data":{"children":[']))
def test_deeply_nested_json(name: str, depth: int, opener: str) -> None:
    closer = {"[": "]", '{"a":': "}", '{"kind":"Listing","data":{"children":[': "]}}"}[opener]
    read_with(name, (opener * depth + "1" + closer * depth).encode())


@settings(max_examples=len(READERS) * 2, deadline=None)
@given(name=st.sampled_from(READERS), unit=st.sampled_from(["a", "<i>", "*", "{", "é", "\ufffd"]))
def test_huge_single_line(name: str, unit: str) -> None:
    read_with(name, (unit * (6 * 1024 * 1024 // len(unit.encode()))).encode())


@FUZZ
@given(st.text(max_size=500))
def test_markdown_hints_cover_text(src: str) -> None:
    text, hints = render_markdown(src)
    for h in hints:
        assert 0 <= h.start < h.end <= len(text)


HTML_PIECES = ["<i>", "</i>", "<em>", "<cite>", "</cite>", "<a href='x'>", "</a>", "<p>",
               "<br>", "<blockquote>", "</blockquote>", "<pre>", "</pre>", "<li>", "&gt; ",
               "\n", "> ", " ", "word", "&amp;", "<script>", "</script>", "<b>", "<", ">"]


@FUZZ
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=60).map("".join))
def test_html_hints_cover_text(src: str) -> None:
    text, hints = quote_markers(*render_html(src))
    for h in hints:
        assert 0 <= h.start < h.end <= len(text)
