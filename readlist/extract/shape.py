"""Is a capitalised phrase a title, a person, or neither? The judgement every finder of bare
titles shares (``title_candidate``), with the tests of names it rests on."""

from __future__ import annotations

import re

from readlist.extract.candidates import Candidate, Known
from readlist.extract.lexicon import (
    COMMON_CAPITALISED,
    COMMON_WORDS,
    EVALUATIVE_ADJECTIVES,
    NEGATIVE_RE,
    NOT_NAMES,
    ORG_WORDS,
    PLACES,
    RECOMMEND_RE,
    SITES,
    TITLE_FUNCTION_WORDS,
    WORK_NOUNS,
)
from readlist.extract.names import person_score
from readlist.extract.text import Doc
from readlist.extract.titles import clean_title, looks_like_title, span_of, strip_noise


def span_person_score(doc: Doc, first: int, last: int, known: Known) -> float:
    """How much tokens ``first``..``last`` look like one person's name (0: two people, "&")."""
    if any(t.text == "&" or t.lower == "and" for t in doc.tokens[first:last + 1]):
        return 0.0  # two people are a title more often than a recommended author pair
    words = [t.text for t in doc.tokens[first:last + 1] if t.is_word]
    return person_score(words, known.surnames)


_WARNINGS = frozenset("careful beware wary".split())
_VERDICT_WORDS = frozenset(
    """gorgeous stunning incredible lovely essential devastating haunting hilarious gripping
    masterful perfect underrated overrated fascinating delightful phenomenal exceptional
    outstanding magnificent riveting heartbreaking beautiful wonderful""".split())


# "in the Pyrenees", "at Heathrow": what follows is a place, not a title
_LOCATIVE = re.compile(r"\b(?:in|at|near|across|around|outside|inside|within)\s+(?:the\s+)?$")
# Nouns a name qualifies without having written the work: "the Hofmann translation"
_QUALIFIED_NOUNS = frozenset("translation translations translator edition editions version "
                             "adaptation introduction foreword afterword audiobook narration "
                             "reading cover covers".split())
_PERSON_PREPOSITIONS = frozenset("at in on from with for to".split())
_EDITION_NOUNS = frozenset("one edition editions translation translations selection version "
                           "paperback hardback hardcover printing reprint abridgement".split())


_PERSONAL = re.compile(r"\b(?:he|him|she|himself|herself)\b", re.IGNORECASE)


def _referred_to_as_person(doc: Doc, end: int) -> bool:
    """Does "he", "him" or "she" follow a one-word name in its sentence or the next one
    ("Honestly, read Plato. ... everyone after him"), with no other person's name between?"""
    s_end = doc.sentence_of(end)[1]
    stop = doc.sentence_of(s_end)[1] if s_end < len(doc.text) else s_end
    m = _PERSONAL.search(doc.text, end, stop)
    if m is None:
        return False
    between = doc.tokens_between(end, m.start())
    return not any(t.cap and t.is_word and person_score([t.text]) > 0 for t in between)


def title_candidate(doc: Doc, first: int, last: int, known: Known, source: str,
                     strength: float, reason: str) -> Candidate | None:
    stripped = strip_noise(doc, first, last)
    if stripped is None:
        return None
    first, last = stripped
    a, b = span_of(doc, first, last)
    if doc.is_masked(a, b):
        return None
    toks = doc.tokens
    if last - first <= 1 and first > 0 and toks[first - 1].lower == "for" and \
            last + 1 < len(toks) and toks[last + 1].text == "," and \
            (first == 1 or toks[first - 2].text in (".", "!", "?", "\n")):
        return None  # "For Monk, Kelley's biography ...", "For Brazil, ...": a topic
    title = clean_title(doc.text[a:b])
    if toks[first].text == "Not" and re.match(r"\s*,\s*but\b", doc.text[b:b + 8]):
        return None  # "Not Nicaea, but Kay's ...": what the answer is not about
    words = title.split()
    bare_title = re.sub(r"^(?:the|a|an)\s+", "", title.casefold())
    if not looks_like_title(title) or bare_title in SITES or \
            doc.tokens[last].text.endswith(("'s", "s'")):
        return None
    low = [w.casefold() for w in words]
    content = [w for w in words if w.casefold() not in TITLE_FUNCTION_WORDS]
    if len(words) > 2 and low[0] in _WARNINGS and low[1] in ("with", "of"):
        return None  # "Careful with Thinking, Fast and Slow, ...": a warning, not a title
    if content and all(w.casefold() in WORK_NOUNS for w in content):
        return None  # "READ THE BOOK", "The Trilogy": a kind of work, not its title
    if content and all(w in NOT_NAMES for w in content):
        return None  # "the German", "This Series": words that are never a title's own
    if content and all(w.isupper() and len(w) <= 4 or w[:1].isdigit() for w in content) and \
            len(content) > 1:
        return None  # "TV about WW1", "US and UK": acronyms, not a title
    if len(words) == 1 and len(low[0]) >= 6 and low[0].endswith("ly") and \
            not low[0].endswith("fly"):
        return None  # "Genuinely.", "Personally, ...": an adverb ("Butterfly" may be a title)
    if len(words) == 1 and (low[0] in COMMON_WORDS or RECOMMEND_RE.fullmatch(low[0]) or
                            NEGATIVE_RE.fullmatch(low[0]) or low[0] in EVALUATIVE_ADJECTIVES or
                            low[0] in _VERDICT_WORDS or low[0].endswith("-ish")):
        return None  # "Superb.", "Gorgeous!": a verdict on the title before, not a title
    # (a title in capitals is a title: "THE MEMORY POLICE")
    if _names_an_organisation(low) and not all(w.isupper() for w in content) or \
            title.casefold() in PLACES or \
            all(w in PLACES or w in TITLE_FUNCTION_WORDS or w[:1].isdigit() for w in low):
        return None  # "Western Europe", "Europe 1890-1914": a place and a time
    if source == "run" and _LOCATIVE.search(doc.lower, max(0, a - 16), a):
        return None  # "set in Kreuzberg in 1989", "a village in the Pyrenees": a place
    lower_at = next((k for k, w in enumerate(words) if w[:1].islower()), None)
    if source in ("run", "sentence") and lower_at is not None and lower_at >= 2 and \
            low[lower_at] in _PERSON_PREPOSITIONS and \
            person_score(words[:lower_at], known.surnames) >= 0.5:
        return None  # "met Peter Watts at a con in Toronto": a person somewhere
    if source in ("sentence", "run") and _participle_clause(doc, first, last):
        return None  # "Written in 1856 and still sharp.": a clause about the work before
    if source in ("sentence", "run") and len(words) == 1 and len(low[0]) > 5 and \
            low[0].endswith("ed"):
        return None  # "Subscribed.", "Bookmarked!": a reaction, not a title
    if source in ("sentence", "run") and len(words) >= 3 and low[-2] in ("in", "since", "by") \
            and re.fullmatch(r"(?:1[5-9]|20)\d\d", words[-1]):
        return None  # "Scotland in 2003", "Midwest in 1998": a place and a date
    if "and" in low[1:-1]:
        i_and = low.index("and", 1)
        left, right = words[:i_and], words[i_and + 1:]
        if all(person_score(side, known.surnames) >= 0.5 or len(side) == 1 and
               surname_like(side[0]) for side in (left, right)) and \
                max(person_score(left, known.surnames), person_score(right, known.surnames)) >= 0.5:
            return None  # "Andreessen and Ben Horowitz told them to": two people
    if len(words) == 3 and words[1] == "&" and surname_like(words[0]) and \
            surname_like(words[2]) and title.casefold() not in known.surnames:
        # "Seconding Friedman & Schwartz", "Evans & Levinson, ...": two authors, not a title
        return Candidate(a, b, "author_only", authors=(words[0], words[2]), title_span=(a, b),
                         strength=strength, reasons=[reason, "two surnames"], source=source)
    ps = span_person_score(doc, first, last, known)
    if _SAID_A_WORK.match(doc.text, b):
        ps = 0.0  # "Grimscribe is the collection that converted me": a work, its verb says
    elif len(words) == 1 and ps < 0.5 and source != "list" and _referred_to_as_person(doc, b):
        ps = 0.75  # "read Plato. ... everyone after him is responding to"
    nxt = doc.tokens[last + 1] if last + 1 < len(doc.tokens) else None
    if ps >= 0.5 and nxt is not None and nxt.text in _QUALIFIED_NOUNS:
        return None  # "get the Michael Hofmann translation": the translator, not an author
    if nxt is not None and nxt.text in _EDITION_NOUNS and (
            doc.tokens[first].text == "the" or first > 0 and doc.tokens[first - 1].lower == "the"):
        return None  # "Get the Penguin Classics one", "the Dankoff and Kim selection": an
        # edition (its publisher, translator or editors), not the work's title
    if ps >= 0.5:
        name = " ".join(words)
        return Candidate(a, b, "author_only", authors=(name,), title_span=(a, b),
                         strength=strength * ps, reasons=[reason, "a person"], source=source)
    if len(words) == 1 and (words[0] in NOT_NAMES or len(words[0]) < 3):
        return None
    return Candidate(a, b, "explicit", title=title, title_span=(a, b), strength=strength,
                     reasons=[reason], source=source)


_SAID_A_WORK = re.compile(r"\s+(?:is|was)\s+(?:the|a|an|my)\s+(?:\w+\s+)?(?:book|novel|novella|"
                          r"collection|anthology|memoir|textbook|volume)\b", re.IGNORECASE)


_IRREGULAR_PARTICIPLES = frozenset(
    """written born set known taken given made told seen found built begun drawn grown shown
    sold thought brought caught kept left lost held put cut hidden chosen driven spoken
    stolen sworn torn worn""".split())
_PARTICIPLE_PREPOSITIONS = frozenset(
    "in on by at during after before since from for with into about around across".split())
# Past tenses that open a sentence whose subject the writer dropped: "Won the Pulitzer."
_PAST_TENSES = frozenset(
    """won wrote made took got became gave spent sold kept left lost held had did went came
    saw found brought bought taught""".split())
_WENT = frozenset("went came moved flew drove travelled traveled walked ran".split())
# "Free on SSRN.", "Available from the library.": where to find it, not a title.
_AVAILABLE = frozenset("free available cheap online out".split())
_AVAILABLE_PREPOSITIONS = frozenset("on at from via in through".split())


def _participle_clause(doc: Doc, first: int, last: int) -> bool:
    """"Written in 1856", "Published by Verso", "Set during the Blitz": a past participle and
    a lower-case preposition open a clause that describes something, not a bare title."""
    toks = doc.tokens
    if last <= first:
        return False
    head, nxt = toks[first], toks[first + 1]
    if not nxt.is_word or nxt.cap:
        return False
    participle = head.lower in _IRREGULAR_PARTICIPLES or (
        len(head.text) > 4 and head.lower.endswith("ed") and head.text[1:].islower())
    if participle and nxt.lower in _PARTICIPLE_PREPOSITIONS:
        return True
    if (participle or head.lower in _PAST_TENSES) and nxt.lower in ("the", "a", "an", "my",
                                                                    "his", "her", "their"):
        return True  # "Won the Pulitzer", "Loved the ending"
    if head.lower in _WENT and nxt.lower in ("to", "back", "home", "into", "from"):
        return True  # "Went to Ireland for a week" ("Lost to the West" is a title)
    return head.lower in _AVAILABLE and nxt.lower in _AVAILABLE_PREPOSITIONS


def surname_like(word: str) -> bool:
    """A lone word that could be a surname: "Nygard", "Kernighan", "DeMarco" (not "The", "USA",
    "Vol")."""
    return (re.fullmatch(r"(?:(?:Mc|Mac|De|Di|Da|Du|La|Le|O')[A-Z][a-z]+|[A-Z][a-z]{2,})"
                         r"(?:-[A-Z][a-z]+)?", word) is not None or _unicode_surname(word)) and \
        word not in NOT_NAMES and word.casefold() not in COMMON_CAPITALISED and \
        word.casefold() not in PLACES and word.casefold() not in COMMON_WORDS


def _names_an_organisation(low: list[str]) -> bool:
    """Does a run (lower-cased words) name an organisation: "Oxford University Press",
    "University of Chicago", "the Labour Party"? An organisation's word ends the name or heads
    an "of" phrase; at the start of a title it is just a word ("Team Topologies")."""
    for k, w in enumerate(low):
        if w not in ORG_WORDS:
            continue
        if k == len(low) - 1 or low[k + 1] in _ORG_LINKS or low[k + 1] in ORG_WORDS or k > 0:
            return True
    return False


_ORG_LINKS = frozenset(("of", "for", "on", "de", "du", "des", "der", "für"))


def _unicode_surname(word: str) -> bool:
    """"İnalcık", "Çelebi", "Nesbø": a capital, then lower-case letters, beyond ASCII."""
    return not word.isascii() and len(word) >= 3 and all(
        len(p) >= 2 and p[0].isupper() and p[1:].isalpha() and p[1:].islower()
        for p in word.split("-"))
