"""Candidate spans in a post: titles, "Title by Author", "Author's Title", descriptions, authors.

Each finder returns :class:`Candidate` objects with offsets into the post's text; whether a
candidate is a recommendation is decided later (``cues``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readlist.extract.lexicon import ABOUT_WORDS, SITES, TITLE_FUNCTION_WORDS, WORK_NOUNS

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
CAP = rf"[{UPPER}][\w'’\-]*"
INITIALS = rf"(?:[{UPPER}]\.\s?){{1,3}}"
PARTICLE = r"(?:van|von|de|der|den|da|di|du|le|la|al|el|bin|ibn|ter|dos|das)"
PERSON = rf"(?:{INITIALS}\s?)?{CAP}(?:\s+(?:{PARTICLE}\s+)?(?:{INITIALS}\s?)?{CAP}){{0,3}}"
POSSESSIVE = r"(?:'s|’s|s'|s’|')"

# Words that look like names but start a sentence or a clause, or are not people at all.
NOT_NAMES = frozenset(
    """I I'm I've I'd I'll The A An This That These Those It Its He She They We You My Your His
    Her Our Their If When While But And Or So Also Just Then There Here What Which Who Why How
    Yes No Not Maybe Well Oh Edit EDIT Lol Imo IMO Tbh TBH Honestly Personally Anyway Read Get
    Check Try Start Grab Pick Look See Go Also Plus Especially Definitely Seconding Anything
    Everything Something Nothing Some Any All Both Each Every Most Many Much More Less Few One
    Two Three First Second Third Last Next Another Other Same Such Chapter Part Volume Book
    Books Series""".split()
)


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None
    reasons: list[str] = field(default_factory=list)
    strength: float = 0.5  # how sure we are that this is a work at all
    negative: bool = False  # the pattern itself dismisses it ("X-tier sources")


def normalise_quotes(text: str) -> str:
    """Same-length normalisation so regexes see straight quotes and apostrophes."""
    return text.translate(_QUOTES)


_QUOTES: dict[int, str] = {ord(k): v for k, v in {
    "’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'}.items()}


def _is_title_word(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def clean_name(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:'’")
    words = name.split()
    while words and words[0] in NOT_NAMES:
        words.pop(0)
    if not words:
        return None
    name = " ".join(words)
    if name.lower() in SITES:
        return None
    return name


_TOKEN = re.compile(r"[\w'’\-\.]+|[,:;&/!?()\[\]\"]", re.UNICODE)


def title_span_before(text: str, end: int) -> tuple[int, int] | None:
    """The title-case run that ends at ``end`` (exclusive), scanning backwards.

    Function words may stand inside the run; coordinators (``and/or``, ``,``, ``&``) too, so
    that "X and/or Y by Z" is one run that coordination then splits.
    """
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, 0, end)]
    i = len(tokens) - 1
    first: int | None = None
    last_end: int | None = None
    while i >= 0:
        s, e, w = tokens[i]
        bare = w.strip(".")
        if _is_title_word(bare) and not (bare in NOT_NAMES and i > 0 and
                                          _starts_sentence(tokens, i)):
            first = s
            if last_end is None:
                last_end = e
        elif bare.lower() in TITLE_FUNCTION_WORDS or w in (",", "&", ":", "/") or \
                bare.lower() == "or":
            if last_end is None:
                return None
        else:
            break
        i -= 1
    if first is None or last_end is None:
        return None
    # Leading function words and separators are not part of a title.
    span = text[first:last_end]
    return first, first + len(span.rstrip(" ,:&"))


def _starts_sentence(tokens: list[tuple[int, int, str]], i: int) -> bool:
    prev = tokens[i - 1][2] if i > 0 else "."
    return prev in (".", "!", "?", ":") or prev.endswith(".")


def title_span_after(text: str, start: int, limit: int | None = None) -> tuple[int, int] | None:
    """The title-case run beginning at ``start``: "Blackshirts and Reds", "The Wretched of ..."."""
    limit = len(text) if limit is None else limit
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, start, limit)]
    if not tokens or not _is_title_word(tokens[0][2]):
        return None
    end = tokens[0][1]
    for _s, e, w in tokens[1:]:
        bare = w.rstrip(".")
        if _is_title_word(bare):
            end = e
            if w.endswith(".") and len(bare) > 2:
                break
        elif bare.lower() in TITLE_FUNCTION_WORDS or w == ":":
            continue
        else:
            break
    return tokens[0][0], end


def split_coordination(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "X and/or Y", "X, Y, and Z" into title spans; a plain " and " stays inside a title."""
    span = text[start:end]
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\s*(?:\band/or\b|\bor\b|,\s*(?:and|or)\b|,|;|\s&\s|\s/\s)\s*", span):
        before = span[pos:m.start()]
        after = span[m.end():]
        # " or " and "&" split only when both sides look like titles on their own.
        if m.group(0).strip() in ("or", "&") and not (
            before.strip() and after[:1].isupper() and before.strip()[0].isupper()
        ):
            continue
        pieces.append((start + pos, start + m.start()))
        pos = m.end()
    pieces.append((start + pos, end))
    out = []
    for a, b in pieces:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg:
            out.append((a + lead, a + lead + len(seg)))
    return out


BY_AUTHOR = re.compile(rf"\bby\s+(?P<name>{PERSON})")
POSSESSIVE_RE = re.compile(rf"(?<![\w'])(?P<name>{PERSON}){POSSESSIVE}\s+")
ABOUT_RE = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in sorted(ABOUT_WORDS, key=len, reverse=True)) + r")\s+",
    re.IGNORECASE,
)
TIER_RE = re.compile(rf"(?P<name>{CAP}(?:\s+{CAP})?)-tier\b")
AUTHOR_ONLY_RE = re.compile(
    rf"\b(?:anything|everything|something|stuff|works?|books?|writings?) (?:by|from) "
    rf"(?P<name>{PERSON})"
)
QUOTED_RE = re.compile(r'"(?P<t>[^"\n]{2,120})"|\*(?P<i>[^*\n]{2,120})\*|_(?P<u>[^_\n]{2,120})_')
_CLAUSE_END = re.compile(r"[.!?;\n(]|\s[-–—]\s|,\s+(?:and|but|which|so|because)\b|\s+(?:and I|but I)\b")


def _clause_end(text: str, start: int) -> int:
    m = _CLAUSE_END.search(text, start)
    return m.start() if m else len(text)


def find_by_author(text: str) -> list[Candidate]:
    """"Title by Author" and "X and/or Y by Author" (each title shares the author)."""
    out: list[Candidate] = []
    for m in BY_AUTHOR.finditer(text):
        name = clean_name(m.group("name"))
        if not name:
            continue
        quoted = re.search(r'(["*_])([^"*_\n]{2,150})\1\s*,?\s*$',
                           text[max(0, m.start() - 160):m.start()])
        span: tuple[int, int] | None
        quote_start: int | None
        if quoted:
            base = max(0, m.start() - 160)
            span = (base + quoted.start(2), base + quoted.end(2))
            quote_start = base + quoted.start(1)
        else:
            span = title_span_before(text, m.start())
            quote_start = None
        if span is None:
            continue
        for a, b in split_coordination(text, *span):
            title = text[a:b].strip(" \"'*_.,;:")
            if not title or title.lower() in SITES or title in NOT_NAMES:
                continue
            a = quote_start if quote_start is not None and a == span[0] else a
            out.append(Candidate(a, m.end(), "explicit", title=title, authors=(name,),
                                 reasons=["title by author"], strength=0.8))
    return out


def find_possessive(text: str) -> list[Candidate]:
    """"Author's Title" (possessive) and "Author's book about X" (description)."""
    out: list[Candidate] = []
    for m in POSSESSIVE_RE.finditer(text):
        name = clean_name(m.group("name"))
        if not name:
            continue
        whole = f"{name}'s {text[m.end():m.end() + 40]}".lower()
        if any(whole.startswith(s + " ") or whole.startswith(s) for s in SITES) or \
                (text[m.start():m.end()].strip() + " " + text[m.end():m.end() + 30]).lower() \
                .startswith(tuple(SITES)):
            continue
        rest = text[m.end():]
        # "Amin's book abt the transition ..." / "Rodney's book on Africa"
        noun = re.match(r"(?:(?:new|last|latest|first|other|famous|classic|big|short|great|"
                        r"little|main|seminal|best|early|later)\s+){0,2}(?P<noun>\w+)\s+", rest)
        if noun and noun.group("noun").lower() in WORK_NOUNS:
            after_noun = m.end() + noun.end()
            about = ABOUT_RE.match(text, after_noun)
            if about:
                d_start = about.end()
                d_end = _clause_end(text, d_start)
                desc = text[d_start:d_end].strip(" ,")
                if len(desc.split()) >= 1:
                    out.append(Candidate(m.start(), d_start + len(text[d_start:d_end].rstrip(" ,")),
                                         "description", authors=(name,), description=desc,
                                         reasons=[f"{name}'s {noun.group('noun')} about ..."],
                                         strength=0.75))
                    continue
            if noun.group("noun").lower() in ("works", "books", "writings", "stuff", "texts",
                                              "essays"):
                out.append(Candidate(m.start(), after_noun - 1, "author_only", authors=(name,),
                                     reasons=[f"{name}'s {noun.group('noun')}"], strength=0.6))
                continue
        span = title_span_after(text, m.end())
        if span is None:
            continue
        title = text[span[0]:span[1]].strip(" \"'*_,.;:")
        if not title or title.lower() in SITES:
            continue
        # One capitalised word after a possessive is usually a thing, not a title ("Russia's
        # Army"); two or more, or a marked span, make a title.
        strength = 0.65 if len(title.split()) >= 2 else 0.4
        out.append(Candidate(m.start(), span[1], "possessive", title=title, authors=(name,),
                             reasons=["author's title"], strength=strength))
    return out


def find_tier(text: str) -> list[Candidate]:
    """"Solzhenitsyn-tier sources": an author named only to be dismissed."""
    out = []
    for m in TIER_RE.finditer(text):
        name = clean_name(m.group("name"))
        if name:
            end = re.match(r"-tier(?:\s+\w+)?", text[m.end("name"):])
            stop = m.end("name") + (end.end() if end else 5)
            out.append(Candidate(m.start(), stop, "author_only", authors=(name,),
                                 reasons=["dismissive '-tier'"], strength=0.6, negative=True))
    return out


def find_author_only(text: str) -> list[Candidate]:
    out = []
    for m in AUTHOR_ONLY_RE.finditer(text):
        name = clean_name(m.group("name"))
        if name:
            out.append(Candidate(m.start(), m.end(), "author_only", authors=(name,),
                                 reasons=["anything by author"], strength=0.65))
    return out


def find_quoted(text: str) -> list[Candidate]:
    """Quoted or emphasised title-like spans: strong title candidates when title-cased."""
    out = []
    for m in QUOTED_RE.finditer(text):
        group = "t" if m.group("t") else ("i" if m.group("i") else "u")
        inner = m.group(group).strip()
        words = inner.split()
        if not words or len(words) > 14 or inner.lower() in SITES:
            continue
        capitalised = sum(1 for w in words if _is_title_word(w))
        content = [w for w in words if w.lower() not in TITLE_FUNCTION_WORDS]
        if not content or capitalised < max(1, len(content) * 0.6):
            continue
        out.append(Candidate(m.start(), m.end(), "explicit", title=inner,
                             reasons=["quoted title" if group == "t" else "emphasised title"],
                             strength=0.6 if group == "t" else 0.7))
    return out
