"""A post prepared for extraction: normalised text, masked spans, tokens, sentences, list items.

All offsets index the post's original text: normalisation and masking keep every length.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar, cast

from readlist.extract.lexicon import IDIOMS, TITLE_FUNCTION_WORDS
from readlist.extract.screen import Screen

_QUOTES = {ord(k): v for k, v in {
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"',
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "–": "-", "—": ";", "‐": "-", "‑": "-"}.items()}

URL_RE = re.compile(r"\bhttps?://[^\s<>\"'\]\)}|]+|\bwww\.[^\s<>\"'\]\)}|]+", re.IGNORECASE)
_TLD = r"\.(?:com|org|net|io|dev|edu|gov|co\.uk|co|info|me|app|xyz|ml|world|social|news|site|blog)\b"
DOMAIN_RE = re.compile(r"(?<![\w@/.-])[\w-]+(?:\.[\w-]+)*" + _TLD + r"(?:/[^\s)]*)?", re.IGNORECASE)
_HAS_TLD = re.compile(_TLD, re.IGNORECASE)
SHORTCODE_RE = re.compile(r"(?<![\w:]):[a-z0-9][a-z0-9_+\-]{1,40}:(?![\w:])")
MD_LINK_RE = re.compile(r"\[([^\[\]\n]{1,200})\]\((https?://[^\s)]{1,500})\)")
CODE_RE = re.compile(r"`[^`\n]{1,200}`")
# "F**k" inside a word is one censored word ("*Dune*" italics stay marks around a word)
WORD_RE = re.compile(r"[^\W_](?:[\w'\-.&+*]*[^\W_])?|[^\s\w]", re.UNICODE)
LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*•+>]|\d{1,3}[.)]|[a-z][.)])[ \t]+", re.MULTILINE)
ABBREVIATIONS = frozenset(
    "vol vols ed eds trans tr e.g i.e etc cf vs mr mrs ms dr st jr sr no nos pp ch ca c "
    "approx fig prof rev repr esp incl viz al op cit".split()
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n")


class Token(NamedTuple):
    """A word or a punctuation mark, with what the finders ask of it computed once
    (they ask hundreds of times per post): made by :func:`tokenise`."""

    start: int
    end: int
    text: str
    lower: str  # casefolded
    is_word: bool
    cap: bool  # starts with a capital or a digit, as words of a title-case title do
    function: bool  # a small word a title-case title leaves in lower case
    upper: bool  # in capitals: two letters or more, all upper case ("SICP", "THE HOBBIT")


def _in_capitals(word: str) -> bool:
    if word.isascii() and not word.isupper():
        return False  # quick: in ASCII every cased character is a letter
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenise(text: str) -> list[Token]:
    """The words and punctuation marks of ``text``. Each property is computed for all tokens
    in one pass, by C functions mapped over the column where one will do: a Python call per
    token would cost more than the properties themselves."""
    found = list(WORD_RE.finditer(text))
    words = list(map(_GROUP, found))
    lowers = list(map(str.casefold, words))
    firsts = list(map(_FIRST, words))
    rows = zip(map(_START, found), map(_END, found), words, lowers,
               map(str.isalnum, firsts),
               map(operator.or_, map(str.isupper, firsts), map(str.isdigit, firsts)),
               map(TITLE_FUNCTION_WORDS.__contains__, lowers), _in_capitals_each(words, text),
               strict=True)
    return list(map(tuple.__new__, itertools.repeat(Token), rows))


_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end
_FIRST = operator.itemgetter(0)


def _in_capitals_each(words: list[str], text: str) -> list[bool]:
    """``len(w) > 1 and _in_capitals(w)`` for each word. An ASCII word in capitals is
    ``str.isupper`` (in ASCII every cased character is a letter), so only those few are
    looked at; other scripts have cased characters that are not letters ("ⓐ")."""
    if not text.isascii():
        return [len(w) > 1 and _in_capitals(w) for w in words]
    out = list(map(str.isupper, words))
    for i in [i for i, up in enumerate(out) if up]:
        out[i] = len(words[i]) > 1 and _in_capitals(words[i])
    return out


@dataclass
class Doc:
    """The prepared post. ``text`` is normalised (straight quotes, plain hyphens and spaces)
    with URLs, emoji shortcodes, code and idioms blanked out; ``lower`` is its lower case."""

    raw: str
    text: str
    lower: str
    tokens: list[Token]
    sentences: list[tuple[int, int]]
    items: list[tuple[int, int]]  # list items / lines: (content start, line end)
    masked: list[tuple[int, int, str]] = field(default_factory=list)
    links: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # md links
    _starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _item_starts: list[int] = field(default_factory=list)
    # Title-ish runs by first token, as ``bare._run_at`` found them (asked by several finders)
    runs: dict[int, tuple[int, int, str] | None] = field(default_factory=dict)
    memo: dict[Callable[[Doc], object], object] = field(default_factory=dict)  # see per_doc

    @property
    def ascii(self) -> bool:
        return self.text.isascii()  # a flag of the string: no scan

    @functools.cached_property
    def folds_as_lower(self) -> bool:
        """Does a case-insensitive pattern match ``text`` where its lower-case twin matches
        ``lower`` (:func:`folds_as_lower`)?"""
        return folds_as_lower(self.text, self.lower)

    def search_caseless(self, pattern: re.Pattern[str], pos: int = 0,
                        endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.search(text)`` for a case-insensitive pattern written in lower case: the
        same span (read the matched text from ``text``), found faster in ASCII text as
        :func:`spans_caseless` explains."""
        end = len(self.text) if endpos is None else endpos
        if self.folds_as_lower:
            return _lower_case_twin(pattern).search(self.lower, pos, end)
        return pattern.search(self.text, pos, end)

    def finditer_caseless(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)`` as :meth:`search_caseless` does it: the same spans, but
        read the matched text from ``text`` (the matches may be of ``lower``)."""
        if not self.folds_as_lower:
            return pattern.finditer(self.text)
        return _lower_case_twin(pattern).finditer(self.lower)

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect_right(self._starts, pos - 1)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        i = self.token_at(start)
        out = []
        while i < len(self.tokens) and self.tokens[i].end <= end:
            out.append(self.tokens[i])
            i += 1
        return out

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._sentence_starts, pos) - 1
        if i < 0:
            return 0, len(self.text)
        return self.sentences[i]

    def item_of(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self._item_starts, pos) - 1
        if i >= 0 and self.items[i][0] <= pos < self.items[i][1]:
            return self.items[i]
        return None

    def is_masked(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _ in self.masked)


_T = TypeVar("_T")


def per_doc(find: Callable[[Doc], _T]) -> Callable[[Doc], _T]:
    """Compute ``find(doc)`` once per prepared post: several finders ask for the same thing
    (sentence openers, cue verbs). The answer is shared, so it must not be changed."""
    @functools.wraps(find)
    def once(doc: Doc) -> _T:
        if find not in doc.memo:
            doc.memo[find] = find(doc)
        return cast(_T, doc.memo[find])
    return once


@functools.cache
def _lower_case_twin(pattern: re.Pattern[str]) -> Screen:
    """``pattern`` compiled without IGNORECASE, screened by its needles."""
    if re.search(r"[A-Z]", re.sub(r"\\.|\(\?P[<=]", "", pattern.pattern)):  # escapes aside
        raise ValueError(f"not written in lower case: {pattern.pattern[:60]!r}")
    if not pattern.pattern.isascii():
        raise ValueError(f"not written in ASCII: {pattern.pattern[:60]!r}")
    return Screen(re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE))


# The only characters that IGNORECASE matches to an ASCII letter but str.lower() does not
# make one: "ı" (dotless i) and "ſ" (long s). "İ" is lower-cased to two characters, which
# the length test catches. tests/test_extract_text.py checks every code point.
_FOLDED_APART = ("ı", "ſ")


def folds_as_lower(text: str, lower: str) -> bool:
    """Does an ASCII pattern written in lower case, compiled with IGNORECASE, match ``text``
    exactly where (and as long as) its case-sensitive twin matches ``lower``, its lower case?

    True for ASCII text, and for other text unless a character's lower case is longer
    (offsets would shift) or it holds a character IGNORECASE folds to an ASCII letter that
    ``str.lower`` leaves alone."""
    return text.isascii() or (len(lower) == len(text) and
                              not any(c in text for c in _FOLDED_APART))


def spans_caseless(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The spans of ``pattern.finditer(text)``, for a case-insensitive pattern written in
    lower case ASCII.

    Where :func:`folds_as_lower` (in ASCII text, and in most other text) such a pattern
    matches exactly where its case-sensitive twin matches the text's lower case: that scan
    is several times faster, and skipped when the lower case holds none of the twin's
    needles (:class:`~readlist.extract.screen.Screen`). Other text is scanned as it is,
    since Unicode case folding also matches "ſ" for "s" and "ı" or "İ" for "i", which
    ``str.lower`` does not give.
    """
    low = text.lower()
    if not folds_as_lower(text, low):
        return [m.span() for m in pattern.finditer(text)]
    return [m.span() for m in _lower_case_twin(pattern).finditer(low)]


def _blank(chars: list[str], start: int, end: int) -> None:
    chars[start:end] = ["\n" if c == "\n" else " " for c in chars[start:end]]


# Substrings (or a pattern) every match of a masking pattern contains: most posts have none,
# and skip the scan. Tested on lower-cased text only where no "i" or "s" is needed, the
# letters Unicode case folding gives other forms ("ı", "ſ").
_MASKS: tuple[tuple[re.Pattern[str] | Screen, str, Callable[[str, str], bool]], ...] = (
    (URL_RE, "url", lambda text, low: "http" in low or "www." in low),
    (CODE_RE, "code", lambda text, low: "`" in text),
    (Screen(SHORTCODE_RE), "emoji", lambda text, low: ":" in text),  # (tried at ':' only)
    (DOMAIN_RE, "site", lambda text, low: _HAS_TLD.search(text) is not None),
)


@functools.lru_cache(maxsize=1)
def prepare(raw: str) -> Doc:
    """Normalise, mask and segment a post. Linear in its length (no backtracking regexes).

    The last post's Doc is kept: the extractor and the thread tracker (the films and games a
    post names) read the same post one after the other. A Doc is shared, so it must not be
    changed (its memos, ``runs`` and :func:`per_doc`, are the same whoever fills them)."""
    text = _normalised(raw)
    low = text.lower()
    masked: list[tuple[int, int, str]] = []
    links: list[tuple[int, int, int, int, str]] = []
    blanks: list[tuple[int, int]] = []
    if "](" in text:
        for m in MD_LINK_RE.finditer(text):
            # "[Title](url)": the link text stays, the target goes.
            links.append((m.start(1), m.end(1), m.start(), m.end(), m.group(2)))
            blanks += [(m.start(), m.start() + 1), (m.end(1), m.end())]
            masked.append((m.end(1), m.end(), "url"))
    for rx, kind, may_match in _MASKS:
        if not may_match(text, low):
            continue
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e, _ in masked):
                continue
            blanks.append((m.start(), m.end()))
            masked.append((m.start(), m.end(), kind))
    text = _blanked(text, blanks)
    idioms = spans_caseless(IDIOMS, text)
    masked += [(s, e, "idiom") for s, e in idioms]
    text = _blanked(text, idioms)
    # A word ends in a letter or digit: "works." is "works" and "." already.
    tokens = tokenise(text)
    doc = Doc(raw=raw, text=text, lower=text.lower(), tokens=tokens,
              sentences=_sentences(text), items=_items(text), masked=masked, links=links)
    doc._starts = [t.start for t in tokens]
    doc._sentence_starts = [a for a, _ in doc.sentences]
    doc._item_starts = [a for a, _ in doc.items]
    return doc


def _normalised(raw: str) -> str:
    """``raw.translate(_QUOTES)``. Every character it maps is outside ASCII but the backtick,
    and ``translate`` with a dict looks up each character: an ASCII text needs one replace."""
    if raw.isascii():
        return raw.replace("`", "'")
    return raw.translate(_QUOTES)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        _blank(chars, start, end)
    return "".join(chars)


_INITIALS_ONLY = re.compile(r"(?:[a-z]\.)+[a-z]?")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == ".":  # (not "!", "?" or a line's end)
            before = text[max(0, m.start() - 12):m.start()].split()
            word = before[-1].casefold().strip("(\"'") if before else ""
            # "J. Sakai", "vol. 3", "e.g. this": no sentence ends there.
            if (len(word) == 1 and word.isalpha()) or word in ABBREVIATIONS \
                    or _INITIALS_ONLY.fullmatch(word) is not None:
                continue
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _items(text: str) -> list[tuple[int, int]]:
    """Lines of the post, content only (a list marker is not part of the item)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        m = LIST_ITEM_RE.match(text, pos, end) if line.strip() else None
        content = m.end() if m else pos + (len(line) - len(line.lstrip()))
        if line.strip():
            out.append((content, end))
        pos = end + 1
    return out


def is_list_item(text: str, start: int) -> bool:
    """Does the line holding ``start`` begin with a list marker?"""
    line_start = text.rfind("\n", 0, start) + 1
    return LIST_ITEM_RE.match(text, line_start) is not None and \
        LIST_ITEM_RE.match(text, line_start).end() <= start  # type: ignore[union-attr]
