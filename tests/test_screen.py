"""Needles derived from a pattern are a necessary condition of its matches: the cheap substring
screens of the pre-filter and the thread tracker can never disagree with their patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.extract import context, gate
from readlist.extract.screen import Screen, heads, needles


def test_needles_of_simple_shapes() -> None:
    assert needles(re.compile(r"\bbooks?\b")) == {"book"}
    assert needles(re.compile(r"\b(?:novels?|(?:re-?)?read(?:s|ing)?)\b")) == {"novel", "read"}
    assert needles(re.compile(r"trilog(?:y|ies)")) == {"trilog"}
    # The longer of two literals in sequence is kept: "must" and "read" both are required.
    assert needles(re.compile(r"must[- ]reads?")) in ({"must"}, {"read"})
    # One alternative without a literal spoils the whole alternation.
    assert needles(re.compile(r"book|\w+")) is None
    # A repeat that may match nothing brings nothing.
    assert needles(re.compile(r"(?:foo)*bar")) == {"bar"}
    # "book" makes "books" redundant.
    assert needles(re.compile(r"books|book|ebook")) == {"book"}


def test_case_insensitive_parts_bring_no_needles() -> None:
    assert needles(re.compile("Book", re.IGNORECASE)) is None
    assert needles(re.compile(r"(?i:Book)s")) == {"s"}
    assert needles(re.compile(r"x(?i:Book)")) == {"x"}


def test_screen_searches_as_the_pattern_does() -> None:
    screen = Screen(re.compile(r"\bnovels?\b"))
    assert screen.may_match("a novel") and screen.search("a novel") is not None
    assert not screen.may_match("a story")
    assert screen.search("novelty") is None  # a needle hit, the pattern decides
    assert screen.search("one novel, two novels", 8).group(0) == "novels"  # type: ignore[union-attr]
    assert Screen(re.compile(r"\w+")).may_match("anything")  # no needles: always may


SCREENED = [
    ("reading words", gate._READING_WORDS),
    ("identifiers", gate._IDENTIFIER.pattern),
    ("may ask", context._MAY_ASK),
]


@pytest.mark.parametrize("name,pattern", SCREENED, ids=[n for n, _ in SCREENED])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_match_contains_a_needle(name: str, pattern: re.Pattern[str],
                                       data: st.DataObject) -> None:
    text = data.draw(st.from_regex(pattern))
    if pattern.search(text) is not None:
        assert Screen(pattern).may_match(text), (name, text)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_whatever_asks_for_reading_may_ask(data: st.DataObject) -> None:
    """``may_ask`` (what the tracker keeps texts by) follows ``_ASKS`` and ``_WANTS`` with
    ``_GENRES``: a text built to match them is one it keeps."""
    asks = data.draw(st.from_regex(context._ASKS).map(str.lower))
    wants = data.draw(st.from_regex(context._WANTS).map(str.lower))
    genre = data.draw(st.from_regex(context._GENRES).map(str.lower))
    for text in (asks, f"{wants} {genre}"):
        if context.asks_for_reading(text):
            assert context.may_ask(text), text


def test_alternatives_are_split_where_the_syntax_says() -> None:
    from readlist.extract.screen import _alternatives

    parts = _alternatives(re.compile(r"\bbook\b|[|a]novel|\|poem|(?:x|y)z"))
    assert parts is not None and parts[1] == [r"\bbook\b", "[|a]novel", r"\|poem", "(?:x|y)z"]
    parts = _alternatives(re.compile(r"\b(?:books?|[]|]novels?|re\|ad)\b"))
    assert parts is not None
    head, alternatives, tail = parts[:3]
    assert (head, alternatives, tail) == (r"\b(?:(?:", ["books?", "[]|]novels?", r"re\|ad"],
                                          r"))\b")
    # Capturing groups would be renumbered, case-insensitive literals have no needles.
    assert _alternatives(re.compile(r"(book)|novel")) is None
    assert _alternatives(re.compile(r"book|novel", re.IGNORECASE)) is None
    assert _alternatives(re.compile(r"\w+|\d+")) is None


def test_a_pruned_screen_compiles_only_the_alternatives_that_may_match() -> None:
    screen = Screen(re.compile(r"\b(?:books?|novels?|\w+ing|\d+)\b"))
    pruned = screen.searcher("two novels")
    assert pruned is not None and pruned.pattern == r"\b(?:(?:novels?|\d+))\b"
    assert screen.searcher("book 2") is screen.searcher("books 3")  # compiled once
    assert [m.group() for m in screen.finditer("books, 2 novels and reading")] == \
        ["books", "2", "novels", "reading"]


def _pruned_pieces() -> st.SearchStrategy[str]:
    from readlist.extract.cues import LIST_INTRO
    from readlist.extract.lexicon import IDIOMS
    from readlist.extract.text import _lower_case_twin

    words = set()
    for screen in (Screen(gate._READING_WORDS), Screen(context._ASKS), Screen(context._WANTS),
                   gate._IDENTIFIER, _lower_case_twin(IDIOMS), _lower_case_twin(LIST_INTRO)):
        words.update(screen.needles or ())
    return st.lists(st.sampled_from(sorted(words) + [" ", "?", "\n", ":", "s", "ing", "the",
                                                      "good", "any", "if you", "."]),
                    max_size=20).map(" ".join)


PRUNED = [("reading words", gate._READING_WORDS), ("asks", context._ASKS),
          ("wants", context._WANTS), ("identifiers", gate._IDENTIFIER.pattern)]


@pytest.mark.parametrize("name,pattern", PRUNED, ids=[n for n, _ in PRUNED])
@settings(max_examples=150, deadline=None)
@given(text=_pruned_pieces())
def test_a_pruned_screen_finds_what_its_pattern_finds(name: str, pattern: re.Pattern[str],
                                                      text: str) -> None:
    screen = Screen(pattern, anchor=False)  # (pruning alone: anchoring is tested below)
    assert [m.span() for m in screen.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    found = screen.search(text, 3)
    expected = pattern.search(text, 3)
    assert (found and found.span()) == (expected and expected.span())


def test_heads_of_simple_shapes() -> None:
    assert heads(re.compile(r"\bbooks?\b")) == ("book",)  # "book" covers "books"
    assert heads(re.compile(r"(?:foo)*bar")) == ("bar", "foo")
    assert heads(re.compile(r"[ab]c|d?e")) == ("ac", "bc", "de", "e")
    assert heads(re.compile(r"(?<![\w-])(?:re-?)?reads?\b")) == ("re-read", "read", "reread")
    # Where the first characters are a large class, a category or case-insensitive, no heads.
    assert heads(re.compile(r"\w+ing")) is None
    assert heads(re.compile(r"book|[^a]x")) is None
    assert heads(re.compile("book", re.IGNORECASE)) is None
    assert heads(re.compile(r"(?i:b)ook")) is None
    # A long head is cut: the regex decides the rest.
    [head] = heads(re.compile("recommendations?")) or [""]
    assert len(head) >= 4 and "recommendations".startswith(head)


ANCHORED = [("reading words", gate._READING_WORDS), ("asks", context._ASKS),
            ("wants", context._WANTS), ("may ask", context._MAY_ASK),
            ("status", context._STATUS), ("genres", context._GENRES)]


@pytest.mark.parametrize("name,pattern", ANCHORED, ids=[n for n, _ in ANCHORED])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_match_begins_with_a_head(name: str, pattern: re.Pattern[str],
                                        data: st.DataObject) -> None:
    found = heads(pattern)
    assert found is not None
    text = data.draw(st.from_regex(pattern))
    for m in pattern.finditer(text):
        assert text.startswith(found, m.start()), (name, text, m)


def _anchored_pieces() -> st.SearchStrategy[str]:
    words = set()
    for _, pattern in ANCHORED:
        words.update(heads(pattern) or ())
        words.update(needles(pattern) or ())
    return st.lists(st.sampled_from(sorted(words) + [" ", "?", "\n", "-", "s", "ing", "the",
                                                      "good", "any", "if you", ".", "re"]),
                    max_size=20).map("".join)


@pytest.mark.parametrize("name,pattern", ANCHORED, ids=[n for n, _ in ANCHORED])
@settings(max_examples=150, deadline=None)
@given(text=_anchored_pieces(), pos=st.integers(0, 12), cut=st.integers(0, 12))
def test_an_anchored_screen_finds_what_its_pattern_finds(name: str, pattern: re.Pattern[str],
                                                         text: str, pos: int, cut: int) -> None:
    screen = Screen(pattern, prune=False)
    assert screen.heads is not None
    assert [m.span() for m in screen.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    end = max(0, len(text) - cut)
    found, expected = screen.search(text, pos, end), pattern.search(text, pos, end)
    assert (found and found.span()) == (expected and expected.span())
    assert (found and found.group(0)) == (expected and expected.group(0))


def test_an_anchored_screen_sees_the_text_before_where_it_starts() -> None:
    """``\\b`` and lookbehinds look before the head, as the pattern's own search does."""
    screen = Screen(re.compile(r"(?<![\w-])book\b"))
    assert screen.heads == ("book",)
    assert screen.search("e-book, book", 2) is not None
    assert screen.search("e-book, book", 2).start() == 8  # type: ignore[union-attr]
    assert screen.search("ebook") is None and list(screen.finditer("ebook book")) != []
