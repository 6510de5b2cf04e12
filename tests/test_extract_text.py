"""The prepared post's shortcuts (issue 10) give the answers of the slow way they replace:
token properties computed once, screens that skip a scan only when it cannot match, and
case-insensitive searches run on ASCII lower case."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.extract.candidates import _SERIES
from readlist.extract.cues import LIST_INTRO
from readlist.extract.lexicon import IDIOMS, TITLE_FUNCTION_WORDS
from readlist.extract.text import (
    _FOLDED_APART,
    _MASKS,
    _QUOTES,
    WORD_RE,
    _normalised,
    folds_as_lower,
    prepare,
    spans_caseless,
    tokenise,
)

# Pieces that reach every shortcut: idioms, list intros, series nouns, masked spans, and the
# characters Unicode case folding treats apart ("ſ" matches "s", "ı" and "İ" match "i").
_PIECES = st.sampled_from([
    "judge a book by its cover", "by the book", "read the room", "on the same page",
    "Further reading:", "My List\n", "HERE ARE:", "in no particular order:", "the Dune books",
    "Farseer TRILOGY", "the first law series", "bookſ", "ſeries", "trılogy", "İn", "K",
    "https://x.org/a", "WWW.example.com", "example.COM/x", "`code`", ":smile:", "[t](http://u.v)",
    "The", "HOBBIT", "SICP", "3BODY", "½AB", "e.e.", "Über", "ÉTÉ", "書", "of", "And", ",", ".",
    "\n", " ", "-", "'s", "ABⓐ", "ⒶⒷ", "ǅA", "“", "’", "—", "`", "\u00a0",
])
_TEXTS = st.one_of(st.lists(_PIECES, max_size=30).map(" ".join), st.text(max_size=200))
_SETTINGS = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow],
                     deadline=None)


def _in_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@_SETTINGS
@given(_TEXTS)
def test_token_properties_are_those_of_its_text(text: str) -> None:
    tokens = tokenise(text)
    assert [(t.start, t.end, t.text) for t in tokens] == \
        [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
    for t in tokens:
        assert t.lower == t.text.casefold()
        assert t.is_word == t.text[0].isalnum()
        assert t.cap == (t.text[0].isupper() or t.text[0].isdigit())
        assert t.function == (t.text.casefold() in TITLE_FUNCTION_WORDS)
        assert t.upper == _in_capitals(t.text)


@_SETTINGS
@given(_TEXTS)
def test_normalising_is_the_translation_table(text: str) -> None:
    assert _normalised(text) == text.translate(_QUOTES)


@_SETTINGS
@given(_TEXTS)
def test_masking_screens_never_skip_a_match(text: str) -> None:
    for pattern, _kind, may_match in _MASKS:
        if pattern.search(text) is not None:
            assert may_match(text, text.lower())


@_SETTINGS
@given(_TEXTS)
def test_caseless_search_finds_what_ignorecase_finds(text: str) -> None:
    doc = prepare(text)
    found = doc.search_caseless(LIST_INTRO)
    expected = LIST_INTRO.search(doc.text)
    assert (found and found.span()) == (expected and expected.span())
    assert spans_caseless(IDIOMS, doc.text) == [m.span() for m in IDIOMS.finditer(doc.text)]
    assert [(m.span(), m.span("t")) for m in doc.finditer_caseless(_SERIES)] == \
        [(m.span(), m.span("t")) for m in _SERIES.finditer(doc.text)]


def test_idioms_are_masked_and_titles_kept() -> None:
    doc = prepare("Don't judge a book by its cover. Read The Hobbit at https://x.org/b now.")
    assert [k for _s, _e, k in doc.masked] == ["url", "idiom"]
    words = [t.text for t in doc.tokens]
    assert "judge" not in words and "org" not in words
    assert words[:5] == ["Don't", ".", "Read", "The", "Hobbit"]  # "cover." too: masked
    assert len(doc.text) == len(doc.raw)


def test_a_pattern_with_capitals_has_no_lower_case_twin() -> None:
    with pytest.raises(ValueError):
        spans_caseless(re.compile(r"\bby\s+[A-Z]", re.IGNORECASE), "by Marx")
    assert spans_caseless(re.compile(r"\bby\s+\S", re.IGNORECASE), "BY Marx") == [(0, 4)]


def test_only_the_listed_characters_fold_apart_from_their_lower_case() -> None:
    """Every cased code point but "ı", "ſ" and "İ" is matched by IGNORECASE to what its lower
    case is matched by, case-sensitively, and keeps its kind (word, space, digit)."""
    letters = {a: re.compile(a, re.IGNORECASE) for a in "abcdefghijklmnopqrstuvwxyz"}
    kinds = [(re.compile(r), re.compile(r, re.IGNORECASE))
             for r in (r"\w", r"\s", r"\d", "[a-z]", "[^a-z]", "[a-z0-9_]")]
    apart, longer = [], []
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        low = ch.lower()
        if low == ch and ch.upper() == ch:
            continue  # uncased: IGNORECASE matches it as it is
        if len(low) != 1:
            longer.append(ch)
        elif any((rx.fullmatch(ch) is not None) != (low == a) for a, rx in letters.items()) or \
                any((folded.fullmatch(ch) is not None) != (plain.fullmatch(low) is not None)
                    for plain, folded in kinds):
            apart.append(ch)
    assert apart == list(_FOLDED_APART)
    assert longer == ["İ"]  # folds_as_lower's length test
    assert not folds_as_lower("İn", "İn".lower())
    assert folds_as_lower("Über ÉTÉ", "über été")


def test_unicode_case_folding_keeps_the_slow_path() -> None:
    # "ſ" is an "s" to IGNORECASE but not to str.lower(): the substring screen must not run.
    doc = prepare("The Foundation ſeries")
    assert not doc.ascii and re.search("series", doc.lower) is None
    assert [m.span() for m in doc.finditer_caseless(_SERIES)] == [(0, 21)]
