"""The pre-filter: can a post name a work at all? It runs on every post of a dump, so it is a
few compiled searches, mostly over the lower-cased text.

Two gates, chosen by what the thread is about:

- **Permissive** (a single thread or file the user chose; in a dump, a thread whose title or
  opening post asks for books or talks about reading, a reply to a post asking for reading,
  or a thread that has already named works): reading words, links, identifiers, marks, "by",
  possessives, and bare capitalised words in threads about books. This is the filter the
  evaluation threads are checked against.
- **Strict** (a dump of many threads, in a thread that shows no interest in reading, which on
  a general forum is nearly every thread): the post needs a strong signal of its own:

  * reading vocabulary (read, book, novel, author, wrote, recommend, must-read, trilogy,
    series ...) within a few words of a title-shaped span (a capital after a lower-case word,
    two capitalised words, a word in capitals, a quotation) or of a quoted, italic, bold or
    linked span;
  * an ISBN, a DOI or a link to a book site (Amazon, Goodreads, Open Library, WorldCat,
    doi.org, Google Books, bookshops and presses);
  * "by <Name>" after a title-shaped span ("The Road by Cormac McCarthy");
  * a title, abbreviation or surname the thread named before, or a bare "This."/"+1" answering
    a post that recommended a work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readlist.extract.context import ThreadContext, ThreadMemory, agrees
from readlist.extract.cues import BOOKISH
from readlist.extract.screen import Screen

if TYPE_CHECKING:
    from readlist.models import Hint

__all__ = ["could_mention", "marks_of"]

# --- the permissive gate (threads about reading, single threads) ----------------------------

# Two searches without IGNORECASE (one over the lower-cased text, one over the text for what
# needs a capital): Python's regex engine runs them about 2.5x faster than one
# case-insensitive alternation.
_PREFILTER_LOWER = re.compile(
    r"https?://|www\.|\b10\.\d{4,9}/|\d{9}[\dx]\b|\d{3}-\d|\bisbn\b"
    r"|\bby\s+\w|s['’]\s|\bs\s+book|[\"“*_]\w|-tier\b|\+1"
    r"|\b(?:try|get|grab|pick\s+up|add)\s+[\"“*_]"
    r"|\b(?:books?|novels?|novella|authors?|recommend\w*|trilog(?:y|ies)|series|textbooks?|"
    r"memoirs?|essays|writings|literature|primer|check\s+out|must[- ]reads?|seconding|"
    r"seconded|thirding|start\s+with|go\s+with|suggest\w*|favou?rite|"
    r"(?:should|must|gotta|to)\s+(?:re-?)?read)\b"
)
# Everyday words that also cue a recommendation ("loved it", "worth it", "read that"): they
# let a post through only beside something shaped like a title (_TITLE_SHAPE).
_PREFILTER_WEAK = re.compile(
    r"\b(?:reads?|reading|re-?read|works|classics?|must|second|anything|everything|worth|"
    r"loved|enjoyed|intro\w*)\b")


def _title_shape(capital: str, quotation: bool) -> re.Pattern[str]:
    """A span shaped like a title: a capital after a lower-case word or a comma ("read Dune"),
    two capitalised words together ("The Road"), a word in capitals ("THE KITE RUNNER") and,
    with ``quotation``, an opening quotation mark. ``capital`` is what may follow a capital
    letter for it to count as a word's start."""
    return re.compile(rf"[a-z0-9,;:)]\s+[A-Z]{capital}|(?<!\w)[A-Z][\w'’\-]*\s+[A-Z]{capital}"
                      r"|\b[A-Z]{3,}\b" + (r"|[\"“«]\s*\w" if quotation else ""))


_TITLE_SHAPE = _title_shape(r"[\w'’\-]", quotation=False)
SHORT_POST = 80  # a reply this short in a thread that named works may be a bare title
_PREFILTER_CASED = re.compile(
    r"\((?:[A-Z][A-Za-z&]{0,8}[A-Z])\)"  # "Designing Data-Intensive Applications (DDIA)"
    r"|['’]s?\s+[A-Z]"  # "Marx's Capital"
    r"|\b(?i:try|get|grab|pick\s+up|add)\s+[A-Z]"
)
# In a thread about books any capitalised word may be a title ("Shankar is better",
# "L'Étranger de Camus"): such threads are few in a dump, so this costs little.
_LOWER_POSSESSIVE = re.compile(r"[a-z]{3}['’]s\s+[a-z]")
_ANY_CAPITAL_RUN = re.compile(r"(?<!\w)[A-Z][\w'’\-]{2,}|(?<!\w)[A-Z]['’]\w")

# --- the strict gate (a dump's threads that show no interest in reading) -------------------

# Words about reading a work. Searched over the lower-cased text.
_READING_WORDS = re.compile(
    r"\b(?:(?:re-?)?read(?:s|ing)?|books?|novels?|novellas?|authors?|writers?|wrote|written|"
    r"recommend\w*|must[- ]reads?|trilog(?:y|ies)|series|sequels?|prequels?|textbooks?|"
    r"memoirs?|biograph(?:y|ies)|essays?|literature|primer|paperback|hardcover|audiobooks?|"
    r"kindle|anthology|poems?|poetry|(?:non-?)?fiction)\b")
# How far from a reading word a title may stand: "read it last year, *Piranesi* is ..."
NEAR = 80
NEAR_READ = 30  # for the verb "read", the commonest of them: "read Dune", "Dune is a fun read"
# "... How to Avoid a Climate Disaster? My dad keeps telling me to read it.": "read it" points
# back at a title, which may stand further off.
_READ_IT = re.compile(r"\s+(?:it|this|that one|this one|them)\b")
# The strict gate's: "I'm"/"I've" are no titles, and a quotation may open one.
_SHAPE = _title_shape(r"[\w\-]", quotation=True)
# "The Road by Cormac McCarthy": a byline after a title-shaped span (a capitalised word, not a
# lone "I", or a closing quotation or mark) earlier in the same sentence.
_BY_NAME = re.compile(r"by\s+[A-Z][\w.'’\-]")
_TITLE_BEFORE = re.compile(r"(?<!\w)[A-Z](?:[\w\-]|['’][A-Z])|[\"”*_]")
# Its words as substrings, derived from the pattern: most posts contain none of them.
_READING_SCREEN = Screen(_READING_WORDS)
# "ulysses by james joyce is a good one": a byline in lower case, praised at once.
_BY_PRAISED = re.compile(
    r"\bby\s+[a-z][\w.'’-]*(?:\s+[a-z][\w.'’-]*){0,2}\s+(?:is|was|are|were)\s+"
    r"(?:(?:a|an|the|really|very|so|truly|still)\s+){0,2}(?:good|great|excellent|brilliant|"
    r"amazing|fantastic|essential|classic|must|wonderful|superb|best|gem|masterpiece)\b")
# "the book of proof by hammack": beside a reading word, a lower-case byline will do.
_BY_WORD = re.compile(r"\bby\s+[a-z]")
# Identifiers and the sites classify_url knows (a superset: any Amazon or publisher link).
# (pruned, not anchored: "10." and "press." begin too often where nothing follows)
_IDENTIFIER = Screen(anchor=False, pattern=re.compile(
    r"\bisbn|\b10\.\d{4,9}/|doi\.org/|goodreads\.com/|openlibrary\.org/|worldcat\.org/|"
    r"amazon\.[a-z.]+/|amzn\.to/|//a\.co/|books\.google\.|bookshop\.org/|barnesandnoble\.com/|"
    r"press\.[a-z.]+/|oup\.com/|cambridge\.org/|ucpress\.edu/|penguinrandomhouse\.com/|"
    r"akpress\.org/|monthlyreview\.org/|versobooks\.com/|haymarketbooks\.org/|plutobooks\.com/"))
_ISBN_DIGITS = re.compile(r"(?<![\w/.-])(?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dx](?![\w-])")

_DIGITS = re.compile(r"\d[\d\s-]{8,16}[\dx]")  # enough digits for an ISBN: checked first

_MARK_KINDS = ("italic", "bold", "link", "cite", "quote")
_TITLE_MARKS = ("italic", "cite")
_SMALL_WORDS = frozenset("a an the and or of in on at to for from by with as but nor vs "
                         "de la le du des der die das el y".split())
# "Andy Weir's Project Hail Mary": a full name's title, two capitalised words or more.
_AUTHORS_TITLE = re.compile(
    r"(?<![\w'’])[A-Z][\w\-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w\-]+['’]s\s+[A-Z][\w\-]*"
    r"(?:,?\s+(?:[A-Z][\w\-]*|of|the|and|for|in|to|a|an|on)){1,10}(?<=[\w])")
_POSSESSIVE_CAP = re.compile(r"['’]s\s+[A-Z]")
_QUOTED = re.compile(r"[\"“]([A-Z][^\"“”\n]{2,80})[\"”]")


def marks_of(hints: Iterable[Hint]) -> tuple[tuple[int, int], ...]:
    """The spans of a post its markup singled out as a title may be (italic, bold, link,
    citation, quotation), for :func:`could_mention`. Italic and citation spans come first,
    as ``(start, -end)``: a title-cased one is a signal by itself (:func:`_title_marked`)."""
    if not hints:
        return ()  # (most posts)
    titled = [(h.start, -h.end) for h in hints if h.kind in _TITLE_MARKS and h.start < h.end]
    rest = [(h.start, h.end) for h in hints if h.kind in _MARK_KINDS and h.start < h.end]
    return (*titled, *rest)


def _title_cased(span: str) -> bool:
    """"Guns, Germs, and Steel", "The Master and Margarita": two words or more, each
    capitalised but for short function words."""
    words = span.split()
    if len(words) < 2 or len(words) > 12 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def _title_marked(text: str, marks: tuple[tuple[int, int], ...]) -> bool:
    """An italic, cited or quoted span that is title-cased: Markdown and forums write titles
    of works so (a book, a film, a game: the extractor tells them apart)."""
    for start, end in marks:
        if end < 0 and _title_cased(text[start:-end]):
            return True
    if '"' not in text and "“" not in text:
        return False
    return any(_title_cased(m.group(1)) for m in _QUOTED.finditer(text))


def could_mention(text: str, context: ThreadContext | None = None,
                  marks: tuple[tuple[int, int], ...] = ()) -> bool:
    """Cheap test: can this post name a work at all? False lets the scanner skip it.

    ``marks``: spans the post's markup singled out (:func:`marks_of`). In a dump's thread that
    shows no interest in reading the post needs a strong signal of its own (the strict gate);
    elsewhere the permissive gate applies.
    """
    if context is not None and context.chatter:
        lower = text.lower()
        return _strong(text, lower, marks) or _remembered(text, lower, context)
    return _permissive(text, text.lower(), context)


def _strong(text: str, lower: str, marks: tuple[tuple[int, int], ...]) -> bool:
    # Substring tests first (a fraction of a microsecond each); the regexes run only on hits.
    if _READING_SCREEN.may_match(lower):
        aligned = len(lower) == len(text)  # lower() keeps offsets for all but a few letters
        for m in _READING_SCREEN.finditer(lower):
            # "read" is everyday ("I read that the Fed ..."): its title stands close by
            near = NEAR if not m.group(0).startswith(("read", "re-read", "reread")) or \
                _READ_IT.match(lower, m.end()) is not None else NEAR_READ
            lo, hi = (max(0, m.start() - near), m.end() + near) if aligned else (0, len(text))
            if _SHAPE.search(text, lo, hi) is not None or \
                    _BY_WORD.search(lower, lo, hi) is not None:
                return True
            if any(a < hi and abs(b) > lo for a, b in marks):
                return True
    if _title_marked(text, marks):
        return True
    if "'s" in text or "’s" in text:
        for m in _POSSESSIVE_CAP.finditer(text):  # rare: "it's a", "that's not" have no capital
            if _AUTHORS_TITLE.search(text, max(0, m.start() - 60), m.end() + 120) is not None:
                return True
    if _IDENTIFIER.search(lower) is not None:
        return True
    for m in _BY_NAME.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            continue  # "nearby Paris"
        before = text[max(0, m.start() - NEAR):m.start()]
        if before.rstrip().lower().endswith(("anything", "everything", "something")):
            return True  # "anything by Walter Rodney": an author recommended
        cut = max(before.rfind(c) for c in ".!?\n")
        if _TITLE_BEFORE.search(before, cut + 1) is not None:
            return True
    if "by " in lower and _BY_PRAISED.search(lower) is not None:
        return True
    return _DIGITS.search(lower) is not None and _ISBN_DIGITS.search(lower) is not None


def _remembered(text: str, lower: str, context: ThreadContext) -> bool:
    if context.parent_works and agrees(text):
        return True
    return _known_in(text, lower, context)


def _permissive(text: str, lower: str, context: ThreadContext | None) -> bool:
    if _PREFILTER_LOWER.search(lower) is not None or _PREFILTER_CASED.search(text) is not None:
        return True
    if _PREFILTER_WEAK.search(lower) is not None and _TITLE_SHAPE.search(text) is not None:
        return True
    if context is None:
        return False
    if context.parent_works and agrees(text):
        return True
    mem = context.memory
    named = mem is not None and bool(mem.titles or mem.abbreviations)
    # A thread that asks for books lets bare titles through; one that has named works
    # already, a short reply with a capital ("Echopraxia too") or a longer one that talks
    # about reading (a dump's chatter thread that once named a book is not a book thread).
    if context.asks_for_books or context.parent_asks or context.books_topic:
        # Lower-case titles too: "the hobbit! comfort read of all comfort reads", "sean
        # carroll's from eternity to here"
        return _ANY_CAPITAL_RUN.search(text) is not None or \
            _PREFILTER_WEAK.search(lower) is not None or \
            _LOWER_POSSESSIVE.search(lower) is not None or _known_in(text, lower, context)
    if named and len(text) <= SHORT_POST:
        return _ANY_CAPITAL_RUN.search(text) is not None or _known_in(text, lower, context)
    if named and BOOKISH.search(lower) is not None and _ANY_CAPITAL_RUN.search(text) is not None:
        return True  # the judge wants talk of reading before it takes a bare title
    return _known_in(text, lower, context)


def _known_in(text: str, lower: str, context: ThreadContext) -> bool:
    """Does ``text`` (``lower`` in lower case) contain a title or abbreviation the thread
    named before (as find_known would see it, or more)?"""
    mem = context.memory
    if mem is None or not (mem.titles or mem.abbreviations or mem.authors):
        return False
    cached = mem.cache.get("known_any")
    if not isinstance(cached, _KnownScreen) or cached.version != mem.version:
        cached = mem.cache["known_any"] = _KnownScreen(mem.version, _known_needles(mem))
    if not any(n in lower for n in cached.needles):
        return False
    if not cached.compiled:
        # Compiled at the first post that holds a needle: most versions of a chatter
        # thread's memory never meet one, and compiling costs a hundred posts' screening.
        cached.pattern, cached.compiled = _known_pattern(mem), True
    return cached.pattern is not None and cached.pattern.search(text) is not None


@dataclass
class _KnownScreen:
    """What :func:`_known_in` keeps per version of a thread's memory."""

    version: int
    needles: tuple[str, ...]
    pattern: re.Pattern[str] | None = None
    compiled: bool = False


def _known_needles(mem: ThreadMemory) -> tuple[str, ...]:
    """One word of each remembered title, abbreviation or surname that any match of
    :func:`_known_pattern` must contain (its longest), lower-cased: a substring test that
    spares most posts the case-insensitive alternation."""
    from readlist.extract import _initials  # the finders' view of the memory

    abbreviations = set(mem.abbreviations)
    abbreviations.update(i for kt in mem.titles.values() if (i := _initials(kt.title)))
    return tuple({max(re.findall(r"\w+", form) or [form], key=len).lower()
                  for form in (*(f for kt in mem.titles.values() for f in _forms(kt.title)),
                               *abbreviations, *mem.authors)})


def _known_pattern(mem: ThreadMemory) -> re.Pattern[str] | None:
    """Every remembered title, abbreviation and surname, case-insensitive: a superset of the
    finders' (partly case-sensitive) patterns."""
    from readlist.extract import known_from  # the finders' view of the memory

    known = known_from(mem)
    parts = [p.pattern for p, _, _ in known.titles]
    parts += [rf"(?<![\w-]){re.escape(a)}(?![\w-])" for a in known.abbreviations]
    parts += [rf"(?<!\w){re.escape(s)}(?!\w)" for s in mem.authors]  # folded surnames
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _forms(title: str) -> list[str]:
    from readlist.extract import _short_forms

    return _short_forms(title)
