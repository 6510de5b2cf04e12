"""Every escaping choice of readlist.export.latex, checked against the rules in the Zotero
reference (both importers), plus a round trip: decode(escape(s)) keeps every character."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.export.latex import (
    FieldState,
    clean_text,
    decode,
    escape,
    normalise_text,
    protect_capitals,
    safe_url,
)


@pytest.mark.parametrize("raw, want", [
    ("a_b", r"a\_b"), ("100%", r"100\%"), ("R&D", r"R\&D"), ("#1", r"\#1"), ("$5", r"\$5"),
])
def test_specials_are_backslash_escaped(raw, want):
    assert escape(raw) == want


def test_at_most_one_escaped_dollar_per_field_even_across_pieces():
    state = FieldState()
    first = escape("costs $5 or $6", state)
    second = escape("and $7", state)
    assert (first + second).count(r"\$") == 1
    assert "＄6" in first and "＄7" in second
    assert decode(first) == "costs $5 or $6" and decode(second) == "and $7"


def test_angle_brackets_are_math_unless_the_field_has_a_dollar():
    assert escape("a <b> c") == "a $<$b$>$ c"
    # With a \$ in the field, Zotero would pair the dollars wrongly: look-alikes instead.
    assert escape("a <b> $5") == r"a ＜b＞ \$5"
    state = FieldState.of("x $<$y$>$")
    assert escape("$9", state) == "＄9"  # a "$<$" already there: no \$ after it


def test_url_tilde_is_percent_encoded_and_escaped():
    out = escape("see https://x.org/~user/a_b?x=50%&y=2#c now")
    assert out == r"see https://x.org/\%7Euser/a\_b?x=50\%\&y=2\#c now"
    assert "~" not in out


def test_url_keeps_sentence_punctuation_outside():
    assert escape("(see https://x.org/a).") == "(see https://x.org/a)."
    assert escape("https://en.wikipedia.org/wiki/Foo_(bar)") == \
        r"https://en.wikipedia.org/wiki/Foo\_(bar)"


@pytest.mark.parametrize("raw, want", [
    ("a--b", "a-{}-b"), ("a---b", "a-{}-{}-b"), ("''x''", "'{}'x'{}'"), ("``x", "`{}`x"),
    ("wow!!", "wow!{}!"), ("what?!", "what?{}!"), ("what!?", "what!{}?"),
])
def test_ligatures_are_broken_with_an_empty_group(raw, want):
    assert escape(raw) == want
    assert decode(escape(raw)) == raw


@pytest.mark.parametrize("raw", ["\\", "{", "}", "^", "~"])
def test_latex_active_characters_become_inert_lookalikes(raw):
    out = escape(f"x{raw}y")
    assert raw not in out.replace("{}", "")
    assert decode(out) == f"x{raw}y"


def test_genuine_lookalikes_are_kept_apart_from_replaced_ascii():
    out = escape("～ and ~")
    assert out == "{～} and ～"
    assert decode(out) == "～ and ~"


def test_hostile_commands_leave_no_backslash_command():
    for text in [r"\input{/etc/passwd}", r"\write18{rm -rf /}", r"\href{x}{y}", r"\url{x}",
                 r"\csname foo\endcsname", "@comment{", "@preamble{ \\def\\x{}}", "}}}{{"]:
        out = escape(text)
        assert not re.search(r"\\[A-Za-z@]", out), out
        assert _balanced(out)
        assert decode(out) == text


def test_control_characters_and_newlines_are_dropped_or_folded():
    assert clean_text("a\x00b\x07c\nd\r\n\te\u2028f") == "abc d e f"


def test_bidi_controls_are_dropped_but_joiners_kept():
    assert clean_text("Capital\u202e lanoitan\u2066x\u2069\u200f") == "Capital lanoitanx"
    assert clean_text("\U0001f469\u200d\U0001f52c a\u00adb") == "\U0001f469\u200d\U0001f52c a\u00adb"


def test_protect_capitals_braces_each_capitalised_word():
    assert protect_capitals("Russia and the Long Transition") == \
        "{Russia} and the {Long} {Transition}"
    assert protect_capitals("“The End”: A Story.") == "“{The} {End}”: {A} {Story}."
    assert protect_capitals("Anti-{}-War") == "{Anti-{}-War}"
    assert protect_capitals(escape("R&D")) == r"{R\&D}"


def test_safe_url_is_raw_for_the_url_field():
    assert safe_url("https://x.org/a_b?q=1&r=~u") == "https://x.org/a_b?q=1&r=%7Eu"
    assert safe_url("https://x.org/{a}\\b c") == "https://x.org/%7Ba%7D%5Cbc"


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0


# The alphabet leans on the characters that matter, plus any other Unicode.
SPICY = st.sampled_from(list("\\{}^~$<>%_&#-'`!? @\n\t\x00") + ["～", "＼", "｛", "＄", "＜",
                                                                 "https://x.org/~a_b?c=1%"])
TEXT = st.lists(st.one_of(SPICY, st.characters()), max_size=60).map("".join)


@settings(max_examples=1500, deadline=None)
@given(TEXT)
def test_round_trip_keeps_every_character(text):
    out = escape(text)
    assert decode(out) == normalise_text(text)
    assert decode(protect_capitals(out)) == normalise_text(text)
    assert _balanced(out)
    assert out.count(r"\$") <= 1
    assert not re.search(r"(?<!\\)[%#&_]", out.replace(r"\%", "").replace(r"\#", "")
                         .replace(r"\&", "").replace(r"\_", ""))
    assert not re.search(r"\\[A-Za-z@]", out)


@settings(max_examples=500, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_a_field_built_in_pieces_stays_safe(pieces):
    state = FieldState()
    out = "; ".join(escape(p, state) for p in pieces)
    assert out.count(r"\$") <= 1
    if r"\$" in out:
        assert "$<$" not in out and "$>$" not in out


def clean_by_character(text: str) -> str:
    """clean_text as it is specified, one character at a time."""
    bidi = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    kept = "".join(
        " " if unicodedata.category(c) in ("Zl", "Zp") or c in "\t\n\r\x0b\x0c" else c
        for c in text
        if (unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn") or c in "\t\n\r\x0b\x0c")
        and c not in bidi)
    return " ".join(kept.split())


@given(st.one_of(st.text(), st.text(alphabet=st.characters(max_codepoint=127)),
                 st.text(alphabet=st.sampled_from("a \t\n\x00\x1c\x85\u2028\u2029\u202e\u00a0"
                                                  "\ud800\ue000\U000e0001\u0378é"))))
def test_clean_text_translates_to_what_each_character_asks(text: str) -> None:
    assert clean_text(text) == clean_by_character(text)
