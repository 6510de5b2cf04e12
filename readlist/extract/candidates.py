"""Candidate works in a prepared post: marked titles, "Title by Author", "Author's Title",
descriptions, recommended authors, cue objects, list items, titles the thread named before.

Each finder returns :class:`Candidate` spans with offsets into the post's text; whether a
candidate is a recommendation is decided later (``cues``), whether it is a work at all partly
here (``strength``) and partly in ``nonworks``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from readlist.extract.lexicon import (
    COMMON_CAPITALISED,
    COMMON_WORDS,
    EVALUATIVE_ADJECTIVES,
    GENERIC_WORK_ADJECTIVES,
    LANGUAGE_NAMES,
    NOT_NAMES,
    PLACES,
    SITES,
    TITLE_FUNCTION_WORDS,
)
from readlist.extract.names import GIVEN_NAMES, PARTICLES, is_name_word, person_score
from readlist.extract.screen import Screen
from readlist.extract.text import Doc, Token
from readlist.extract.titles import (
    LEADING_NOISE,
    LOWER_STOP,
    PRONOUNS,
    clean_title,
    looks_like_title,
    span_of,
    title_case_ratio,
    title_run,
)

# Function words of other languages: a title that has them may go on in lower case
# ("Crónica de una muerte anunciada", "La sombra del viento").
FOREIGN_WORDS = frozenset(
    """de del della dei degli la las los el le les du des un une una uno y e et und der die
    das den dem des von zu zum zur im am ein eine einer para por con sin sobre entre al à au
    aux sur sous avec pour dans chez sans devant soi il lo gli nel nella da di che""".split()
)
NON_PERSON_LOWER = frozenset(
    """everyone everybody someone somebody anyone anybody nobody today yesterday tomorrow
    author authors writer writers mom mum dad father mother friend friends brother sister wife
    husband son daughter teacher professor prof uncle aunt grandpa grandma grandfather
    grandmother people person man woman world nature god earth history life society
    country state party thread op one reader readers year week month children kids child
    women men student students beginner beginners people's everyone's today's""".split()
)
SERIES_NOUNS = ("books", "novels", "trilogy", "series", "saga", "quartet", "cycle", "sequence")


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None
    reasons: list[str] = field(default_factory=list)
    strength: float = 0.5  # how sure we are that this is a work (or author) at all
    negative: bool = False  # the pattern itself dismisses it ("X-tier sources")
    title_span: tuple[int, int] | None = None
    source: str = ""  # which finder
    cue: str | None = None  # a cue found by the finder itself ("read X", "X is great")
    scope_start: int | None = None  # where a coordinated group of titles starts

    @property
    def key_span(self) -> tuple[int, int]:
        return self.title_span or (self.start, self.end)


@dataclass
class Known:
    """What the thread already named, as the finders need it."""

    surnames: frozenset[str] = frozenset()
    titles: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = field(default_factory=list)
    abbreviations: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    nonworks: frozenset[str] = frozenset()  # folded names the thread called films, games ...


# --- names -------------------------------------------------------------------------------

_LAST_INITIAL = re.compile(r"(?:[A-Z]\.)*[A-Z]")  # "K" of "K.", "M.R" of "M.R."
_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z]")


def name_after(doc: Doc, i: int, allow_lower: bool = False) -> tuple[int, int, str] | None:
    """A person's name starting at token ``i`` (for "by NAME"): first, last token, the name.

    Several authors joined by "and"/"&" come back as one string with " & " between them.
    """
    toks = doc.tokens
    names: list[str] = []
    j = i
    first = i
    last = None
    lower_run = False
    while j < len(toks):
        k = j
        parts: list[str] = []
        while k < len(toks) and len(parts) < 5:
            t = toks[k]
            if k > j and "\n" in doc.text[toks[k - 1].end:t.start]:
                break
            w = t.text
            if t.is_word and _LAST_INITIAL.fullmatch(w) and k + 2 < len(toks) and \
                    toks[k + 1].text == "." and toks[k + 1].start == t.end and \
                    toks[k + 2].cap and toks[k + 2].is_word:
                parts.append(w + ".")  # "Ursula K. Le Guin", "M.R. James": initials and dot
                k += 2
                continue
            if t.is_word and (is_name_word(w) or _INITIALS.fullmatch(w) or
                              _given_before_name(toks, k, w, parts) or
                              parts and w in LANGUAGE_NAMES and is_name_word(parts[-1])):
                parts.append(w)  # ("Tana French": a language's name is a surname too)
            elif t.is_word and w.casefold() in PARTICLES and k + 1 < len(toks) and (
                    toks[k + 1].cap or toks[k + 1].lower in PARTICLES and k + 2 < len(toks) and
                    toks[k + 2].cap):
                parts.append(w)  # "van Steen", "van der Kolk", "de la Villa"
            else:
                break
            k += 1
        if not parts and allow_lower and not names:
            run: list[str] = []
            # "the hobbit by j. r. r. tolkien": lower-case initials before the surname
            while k + 2 < len(toks) and len(run) < 3 and len(toks[k].text) == 1 and \
                    toks[k].text.isalpha() and toks[k + 1].text == "." and toks[k + 2].is_word:
                run.append(toks[k].text + ".")
                k += 2
            initials = len(run)
            while k < len(toks) and len(run) < initials + 3:
                t = toks[k]
                if run and len(t.text) == 1 and t.text.isalpha() and t.text.islower() and \
                        k + 1 < len(toks) and toks[k + 1].is_word and \
                        toks[k + 1].text.islower() and len(toks[k + 1].text) >= 3:
                    run.append(t.text)  # "iain m banks", "john l parker": a middle initial
                    k += 1
                    continue
                if not t.is_word or not t.text.islower() or t.lower in LOWER_STOP or \
                        t.lower in TITLE_FUNCTION_WORDS or t.lower in NON_PERSON_LOWER or \
                        t.lower in LEADING_NOISE or len(t.text) < 3:
                    break
                run.append(t.text)
                k += 1
            if len(run) > initials:
                parts = run
                lower_run = True
        if not parts or parts[0].casefold() in PARTICLES and len(parts) == 1:
            break
        if parts[0] in NOT_NAMES and not (len(parts) >= 2 and parts[0].casefold() in
                                           GIVEN_NAMES):
            break
        if names and k < len(toks) and toks[k].lower == "by":
            break  # "by Dan Simmons and Ancillary Justice by Ann Leckie": a second title
        names.append(" ".join(parts))
        last = k - 1
        # "by van Steen and Tanenbaum", "by Abelson & Sussman"
        if k + 1 < len(toks) and toks[k].lower in ("and", "&") and (
                toks[k + 1].cap or toks[k + 1].lower in PARTICLES):
            j = k + 1
            continue
        # "by Dowd, McDonald and Schuh": commas between co-authors when "and" ends the list
        if k + 1 < len(toks) and toks[k].text == "," and i > 0 and toks[i - 1].lower == "by" \
                and _coauthor_list(doc, k):
            j = k + 1
            continue
        # "by graeber and wengrow": a lower-case co-author that ends the clause
        if lower_run and k + 2 <= len(toks) and toks[k].lower in ("and", "&") and \
                toks[k + 1].is_word and toks[k + 1].text.islower() and \
                len(toks[k + 1].text) >= 3 and toks[k + 1].lower not in LOWER_STOP and \
                toks[k + 1].lower not in TITLE_FUNCTION_WORDS and \
                toks[k + 1].lower not in NON_PERSON_LOWER and \
                (k + 2 == len(toks) or not toks[k + 2].is_word):
            names.append(toks[k + 1].text)
            last = k + 1
        break
    if not names or last is None:
        return None
    joined = " & ".join(names)
    if joined.casefold() in SITES or joined.casefold() in PLACES:
        return None
    return first, last, joined


def _given_before_name(toks: list[Token], k: int, word: str, parts: list[str]) -> bool:
    """"by Will Larson", "by Will Durant": a given name that is also a common word ("Will")
    opens a name when a name word follows it."""
    return not parts and word.casefold() in GIVEN_NAMES and word[:1].isupper() and \
        k + 1 < len(toks) and toks[k + 1].is_word and is_name_word(toks[k + 1].text)


def _coauthor_list(doc: Doc, k: int) -> bool:
    """From the comma at token ``k``: ", Name(, Name)* and Name" with names of one to three
    words each, as a list of co-authors ends ("Dowd, McDonald and Schuh")."""
    toks = doc.tokens
    j = k
    while j < len(toks) and j - k < 16:
        if toks[j].text == "," or toks[j].lower in ("and", "&"):
            closing = toks[j].lower in ("and", "&")
            j += 1
            if j < len(toks) and toks[j].lower in ("and", "&"):  # an Oxford comma
                closing = True
                j += 1
            words = 0
            while j < len(toks) and toks[j].is_word and is_name_word(toks[j].text) and \
                    not toks[j].function and words < 3:
                words += 1
                j += 1
            if not words:
                return False
            if closing:
                return True
        else:
            return False
    return False


def split_authors(name: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in name.split(" & ") if n.strip())


# --- marked titles -----------------------------------------------------------------------

_EMPHASIS = re.compile(
    r"\*\*(?P<b>[^*\n]{1,160})\*\*|(?<![\w*])\*(?P<i>[^*\n]{1,160})\*(?![\w*])"
    r"|(?<![\w_])_(?P<u>[^_\n]{1,160})_(?![\w_])|\"(?P<q>[^\"\n]{1,160})\""
    # 'Single quotes': an apostrophe inside ("The Handmaid's Tale") does not close them.
    r"|(?<![\w'])'(?P<s>[A-Z0-9](?:[^'\n]|'(?=\w)){0,159}?)'(?!\w)"
)
_AFTER_BY = re.compile(r"\s*,?\s*(?:\((?:by\s+)?|by\s+|edited\s+by\s+|-\s+)(?=\S)")
_AFTER_PAREN = re.compile(r"\s*\((?:by\s+)?")
_BEFORE_POSSESSIVE = re.compile(
    r"(?P<name>(?:[A-Z][\w\-]*\.?\s+){0,3}[A-Z][\w\-]*)(?:'s|s'|')\s+$")
_BEFORE_COMMA = re.compile(r"(?:^|[\n*\-•]\s*|\s)(?P<name>(?:[A-Z][\w\-]*\.?\s+){1,3}"
                           r"[A-Z][\w\-]*),\s*$")


# 'the article "Money creation in the modern economy"': a quotation a work noun introduces is
# that work's title, in sentence case too.
_EMPHASIS_AT = Screen(_EMPHASIS, prune=False)  # tried only at its marks ('*', '_', quotes)
_NAMED_BY_NOUN = re.compile(r"\b(?:article|paper|essay|chapter|report|story|short story|poem|"
                            r"piece|book|novel|novella|pamphlet|lecture notes|working paper)"
                            r"(?:\s+(?:called|titled|entitled|named))?\s*$")


def find_marked(doc: Doc, hints: Iterable[tuple[int, int, str]], known: Known) -> list[Candidate]:
    """Titles set off by markup: *italic*, **bold**, _underscores_, "quotes", [links](...),
    and the spans a Markdown/HTML reader marked (hints)."""
    spans: list[tuple[int, int, str]] = []
    for m in _EMPHASIS_AT.finditer(doc.text):
        for group, how in (("b", "bold"), ("i", "italic"), ("u", "italic"), ("q", "quote"),
                           ("s", "quote")):
            if m.group(group) is not None:
                spans.append((m.start(group), m.end(group), how))
                break
    for s, e, _a, _b, _url in doc.links:
        spans.append((s, e, "link"))
    # A reader's hints index text whose markup is already gone: no "**" or "*" to take in.
    spans.extend((s, e, "hint-" + how) for s, e, how in hints)
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for s, e, how_marked in spans:
        hinted = how_marked.startswith("hint-")
        how = how_marked.removeprefix("hint-")
        raw = doc.text[s:e]
        lead = len(raw) - len(raw.lstrip())
        s, e = s + lead, s + lead + len(raw.strip())
        if (s, e) in seen or e <= s or doc.is_masked(s, e):
            continue
        seen.add((s, e))
        title = clean_title(doc.text[s:e])
        words = title.split()
        if not looks_like_title(title, marked=True):
            continue
        ratio = title_case_ratio(words)
        if how == "quote":
            # Quoted speech is common; a quoted title is title-cased (or foreign sentence case).
            if ratio < 0.6 and not (words and words[0][:1].isupper() and
                                    any(w.casefold() in FOREIGN_WORDS for w in words[1:])) \
                    and not _NAMED_BY_NOUN.search(doc.lower, max(0, s - 40), max(0, s - 1)):
                continue
            # A quoted sentence ends with a stop; a title may end with "?" ("What Is It Like
            # to Be a Bat?") when every word but the small ones is capitalised.
            if (title.endswith(".") or title.endswith("?") and ratio < 0.9) and len(words) > 4:
                continue
        elif ratio == 0 and len(words) == 1:
            continue  # *really*: emphasis
        if len(words) == 1 and (
                words[0].casefold() in COMMON_WORDS or words[0] in NOT_NAMES or
                len(words[0]) > 5 and words[0].casefold().endswith("ly")):
            continue  # *Technically*, "Source": emphasis on an ordinary word
        start, end = s, e
        if hinted:
            pass
        elif how == "bold":
            start, end = max(0, s - 2), min(len(doc.text), e + 2)
        elif how in ("italic", "quote"):
            start, end = max(0, s - 1), min(len(doc.text), e + 1)
        elif how == "link":
            whole = next((w for w in doc.links if w[0] == s - lead or w[0] == s), None)
            if whole is not None:
                start, end = whole[2], whole[3]
        cand = Candidate(start, end, "explicit", title=title, title_span=(s, e),
                         strength=0.9 if how != "quote" else 0.75,
                         reasons=[f"{how} title"], source="marked")
        _attach_author(doc, cand, known)
        out.append(cand)
    return out


def _attach_author(doc: Doc, cand: Candidate, known: Known) -> None:
    """Look beside a title for its author: "by X", "(X)", "- X", "X's *T*", "X, *T*"."""
    text = doc.text
    after = _AFTER_BY.match(text, cand.end)
    if after:
        i = doc.token_at(after.end())
        got = name_after(doc, i)
        if got is not None:
            first, last, name = got
            tok_words = [t.text for t in doc.tokens[first:last + 1]]
            explicit_by = "by" in after.group(0)
            if explicit_by or person_score(tok_words, known.surnames) >= 0.5:
                cand.authors = split_authors(name)
                end = doc.tokens[last].end
                if text[after.start():after.end()].strip().startswith("(") and \
                        text[end:end + 1] == ")":
                    end += 1
                cand.end = end
                cand.strength = min(0.95, cand.strength + 0.05)
                cand.reasons.append("author beside title")
                return
    before = text[max(0, cand.start - 60):cand.start]
    m = _BEFORE_POSSESSIVE.search(before)
    if m is None:
        m = _BEFORE_COMMA.search(before)
        if m is not None and person_score(m.group("name").split(), known.surnames) < 0.5:
            m = None
    if m is not None:
        words = [w for w in m.group("name").split() if w not in NOT_NAMES]
        if words and person_score(words, known.surnames) >= 0.3 or \
                (words and len(words) == 1 and is_name_word(words[0])):
            cand.authors = (" ".join(words),)
            cand.start = cand.start - len(before) + m.start("name") + (
                len(m.group("name")) - len(" ".join(words)) if m.group("name").startswith(
                    tuple(NOT_NAMES)) else 0)
            cand.reasons.append("author beside title")


# --- authors recommended as such ---------------------------------------------------------

_AUTHOR_ONLY = re.compile(
    r"\b(?:anything|everything|something|stuff|all)\s+(?:else\s+)?(?:by|from|of)\s+"
    r"|\b(?:read|reading|try|more|some|any)\s+(?:some\s+|more\s+|of\s+)?(?=[A-Z])",
    re.IGNORECASE)


# What may follow a lower-case name after "anything by" ("anything by fanon tbh").
_AFTER_LOWER_NAME = frozenset(
    "tbh imo imho honestly really too lol lmao though especially and or but is are".split())


# "Lane Kenworthy. Basically anything he's written", "kate davies - anything she's written"
_NAME_THEN_ANYTHING = re.compile(
    r"(?<![\w'’])(?P<name>(?:[A-Z][\w'’\-]+|[a-z][a-z'’\-]{2,})(?:\s+(?:[A-Z][\w'’\-]+|"
    r"[a-z][a-z'’\-]{2,})){1,2}|[A-Z][\w'’\-]{2,})\s*[-–—,:.!]+\s*(?:(?i:basically|honestly|"
    r"really|just|pretty much|literally)\s+)?(?i:anything|everything)\s+(?:(?:he|she|they)(?:'s|'ve|"
    r"\s+has|\s+have)?\s+(?:ever\s+)?(?:written|wrote|put out)|by\s+(?:him|her|them))\b")


def find_author_only(doc: Doc, known: Known) -> list[Candidate]:
    """"anything by Walter Rodney", "read some Lenin", "more Parenti", "Lane Kenworthy.
    Anything he's written"."""
    out = []
    for m in _NAME_THEN_ANYTHING.finditer(doc.text):
        words = m.group("name").split()
        if not (person_score(words, known.surnames) >= 0.5 or
                all(w[:1].isupper() and is_name_word(w) for w in words) or
                words[-1].casefold() in known.surnames):
            continue
        out.append(Candidate(m.start("name"), m.end(), "author_only", authors=(m.group("name"),),
                             reasons=["anything they wrote"], strength=0.7,
                             source="author_only", title_span=(m.start("name"), m.end("name")),
                             cue="anything by"))
    for m in _AUTHOR_ONLY.finditer(doc.text):
        i = doc.token_at(m.end())
        phrase = m.group(0).strip().casefold()
        strong = phrase.startswith(("anything", "everything", "something", "stuff", "all"))
        # "anything by fanon tbh": after "anything by" a lower-case name is still a name
        got = name_after(doc, i, allow_lower=strong and " by" in f" {phrase}")
        if got is None:
            continue
        first, last, name = got
        words = [t.text for t in doc.tokens[first:last + 1] if t.is_word]
        if name.islower():
            after = doc.tokens[last + 1] if last + 1 < len(doc.tokens) else None
            if after is not None and after.is_word and after.lower not in _AFTER_LOWER_NAME or \
                    any(w.endswith(("ing", "ed", "ly")) for w in words):
                continue  # "anything by splitting with China": a verb, not a name
        if not strong:
            # "read Capital" is a book; "read some Lenin" / "read Parenti" an author. After
            # "some"/"more" a lone capitalised word is a name unless it is a common word.
            quantity = re.search(r"\b(?:read|reading|try)\s+(?:some|more)\s*$", phrase)
            lone_name = quantity is not None and len(words) == 1 and \
                re.fullmatch(r"[A-Z][a-z]{2,}", words[0]) is not None and \
                words[0] not in NOT_NAMES and words[0].casefold() not in COMMON_CAPITALISED
            if person_score(words, known.surnames) < 0.6 and not lone_name:
                continue
            # A title-case run that goes on is a title, not a name ("Read Blackshirts and ...")
            nxt = last + 1
            if nxt < len(doc.tokens) and doc.tokens[nxt].function and \
                    nxt + 1 < len(doc.tokens) and doc.tokens[nxt + 1].cap:
                continue
        for author in split_authors(name):
            out.append(Candidate(m.start(), doc.tokens[last].end, "author_only",
                                 authors=(author,), reasons=[f"'{phrase}' author"],
                                 strength=0.7 if strong else 0.6, source="author_only",
                                 title_span=(doc.tokens[first].start, doc.tokens[last].end),
                                 cue=phrase if strong else None))
    return out


_TIER_NAME = re.compile(r"(?<![\w'])(?P<name>[A-Z][\w']+(?:\s+[A-Z][\w']+)?)$")


def find_tier(doc: Doc) -> list[Candidate]:
    """"Solzhenitsyn-tier sources": an author named only to be dismissed."""
    out = []
    # Found from each "-tier" backwards: a forward scan is quadratic on long capitalised runs.
    for tier in re.finditer(r"-tier\b(?:\s+\w+)?", doc.text):
        m = _TIER_NAME.search(doc.text, max(0, tier.start() - 60), tier.start())
        if m is None:
            continue
        name = m.group("name")
        words = [w for w in name.split() if w not in NOT_NAMES]
        if words:
            out.append(Candidate(m.start(), tier.end(), "author_only", authors=(" ".join(words),),
                                 reasons=["dismissive '-tier'"], strength=0.6, negative=True,
                                 source="tier"))
    return out


# --- titles the thread named before ------------------------------------------------------

def find_known(doc: Doc, known: Known) -> list[Candidate]:
    """Titles and abbreviations earlier posts named: "+1 for Open Veins", "Seconding DDIA"."""
    out: list[Candidate] = []
    for pattern, title, authors in known.titles:
        for m in pattern.finditer(doc.text):
            if doc.is_masked(m.start(), m.end()) or _inside_longer_title(doc, m.start(),
                                                                          m.end()) or \
                    not _names_it(doc, m.start(), m.end(), title) or \
                    m.end() - m.start() < len(title) and _title_goes_on(doc, m.end()):
                continue
            out.append(Candidate(m.start(), m.end(), "explicit", title=title, authors=authors,
                                 title_span=(m.start(), m.end()), strength=0.8,
                                 reasons=["named earlier in the thread"], source="known"))
    for abbreviation, (title, authors) in known.abbreviations.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])", doc.text):
            out.append(Candidate(m.start(), m.end(), "explicit", title=title, authors=authors,
                                 title_span=(m.start(), m.end()), strength=0.85,
                                 reasons=[f"abbreviation the thread defined for {title}"],
                                 source="known"))
    return out


# What a remembered title written in lower case needs before it to be that title again
# ("seconding blindsight"), and what makes lower-case words a topic ("a course on
# distributed systems", "how molecules changed history").
_CUE_BEFORE = re.compile(r"(?:\b(?:seconding|second|thirding|read|reading|re-?read|try|get|"
                         r"grab|recommend|loved?|enjoyed|(?:\+1|vote) (?:for|on))|^|[.!?:\n*-])"
                         r"\s*(?:the\s+)?$")
_TOPIC_BEFORE = re.compile(r"(?<![+\w])(?<!agree )(?<!agreed )(?:on|about|abt|regarding|"
                           r"concerning|covering|into|of)\s+(?:the\s+)?$")
_SUBTITLE_AFTER = re.compile(r":\s+[A-Z0-9]")


def _names_it(doc: Doc, start: int, end: int, title: str) -> bool:
    """Is this occurrence of a remembered title's words that title, not a topic or the head
    of another title ("Quantum Mechanics: Concepts and Applications")?"""
    surface = doc.text[start:end]
    if _SUBTITLE_AFTER.match(doc.text, end) and len(surface) < len(title):
        return False
    if not surface.islower():
        return True
    before = doc.lower[max(0, start - 30):start]
    if _TOPIC_BEFORE.search(before):
        return False
    if " " not in surface.strip():
        return _CUE_BEFORE.search(before) is not None
    return True


_GOES_ON = re.compile(r"\s+(?:as|of|in|for|on|at|to|with|from|a|an|the)\s+(?:(?:a|an|the|of)\s+)?"
                      r"([A-Z][\w'-]*)")


def _title_goes_on(doc: Doc, end: int) -> bool:
    """"Philosophy as a Way of Life" after "Philosophy: The Basics" was named: the short
    form is the head of another title, which goes on in capitals after a small word."""
    m = _GOES_ON.match(doc.text, end)
    return m is not None and m.group(1) not in NOT_NAMES


def _inside_longer_title(doc: Doc, start: int, end: int) -> bool:
    """"Code" inside "Clean Code", "Calculus" inside "Essence of Calculus": another title."""
    toks = doc.tokens
    i = doc.token_at(start)
    j = doc.token_at(end) - 1
    before = toks[i - 1] if i > 0 else None
    if before is not None and "\n" not in doc.text[before.end:start]:
        if before.is_word and before.cap and before.text not in NOT_NAMES:
            return True
        if before.function and i > 1 and toks[i - 2].is_word and toks[i - 2].cap and \
                toks[i - 2].text not in NOT_NAMES:
            return True
        # "Uncommon Fruits for Every Garden": a capitalised word that opens sentences
        # ("Every") in the middle of a run still belongs to the longer title
        if before.is_word and before.cap and before.text in NOT_NAMES and i > 2 and \
                toks[i - 2].function and not toks[i - 2].cap and toks[i - 3].is_word and \
                toks[i - 3].cap and toks[i - 3].text not in NOT_NAMES:
            return True
    after = toks[j + 1] if j + 1 < len(toks) else None
    if after is not None and "\n" not in doc.text[end:after.start]:
        if after.is_word and after.cap and not after.function and after.text not in NOT_NAMES:
            return True
    return False


# --- series ------------------------------------------------------------------------------

# Counts: "twenty-odd", "a dozen", "3", "several".
_NUMBER = re.compile(r"\d[\d,.]*\+?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                     r"twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                     r"hundred|dozen|dozens|several|few|many|multiple|numerous)(?:-\w+)?")
_SERIES = re.compile(r"\b(?:the\s+)?(?P<t>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+(?:"
                     + "|".join(SERIES_NOUNS) + r")\b", re.IGNORECASE)


def find_series(doc: Doc, known: Known) -> list[Candidate]:
    """"the Dune books", "Robin Hobb's Farseer trilogy", "the first law trilogy"."""
    out = []
    for m in doc.finditer_caseless(_SERIES):
        title = doc.text[m.start("t"):m.end("t")]
        words = title.split()
        while words and (words[0].casefold() in TITLE_FUNCTION_WORDS or
                         words[0].casefold() in LEADING_NOISE or words[0] in NOT_NAMES):
            words = words[1:]
        if not words:
            continue
        lowered = [w.casefold() for w in words]
        if any(w in PRONOUNS or w in LOWER_STOP or w in GENERIC_WORK_ADJECTIVES or
               w in EVALUATIVE_ADJECTIVES or w in NON_PERSON_LOWER or w in ("these", "those", "some",
                                                                  "any", "his", "her")
               for w in lowered):
            continue
        if any(w.endswith(("'s", "s'")) for w in words):
            continue  # "Robin Hobb's Farseer trilogy" is the possessive finder's
        if lowered[-1] in TITLE_FUNCTION_WORDS or lowered[-1] in COMMON_WORDS:
            continue  # "the same about books", "the old books": a topic or a kind
        if any(_NUMBER.fullmatch(w) for w in lowered):
            continue  # "twenty-odd books", "a dozen novels": a count, not a name
        caps = [w[:1].isupper() for w in words if w.casefold() not in TITLE_FUNCTION_WORDS]
        if any(caps) and not all(caps):
            continue  # "the Fowler signature series": a name before a common noun
        t = " ".join(words)
        start = m.start("t") + title.index(words[0])
        strong = words[0][:1].isupper()
        if not strong and len(words) == 1 and len(words[0]) < 4:
            continue
        if person_score(words, known.surnames) >= 0.6 or t.casefold() in PLACES:
            continue
        out.append(Candidate(start, m.end(), "explicit", title=t,
                             title_span=(start, start + len(t)),
                             strength=0.65 if strong else 0.5,
                             reasons=["a series"], source="series"))
    return out


# "Frances and Joseph Gies wrote ...", "Le Guin has written ...": the subject is an author
_WROTE = re.compile(r"\s+(?:also\s+)?(?:wrote|has\s+written|have\s+written|co-?wrote|"
                    r"(?P<has>has|had))\b")


def find_writers(doc: Doc, known: Known) -> list[Candidate]:
    """People a post says wrote something: authors for the thread to remember (recommended
    only where a cue says so, as any author named alone)."""
    out = []
    toks = doc.tokens
    for m in _WROTE.finditer(doc.text):
        j = doc.token_at(m.start()) - 1
        first = j
        while first >= 0 and toks[first].is_word and (
                toks[first].cap and toks[first].text not in NOT_NAMES or
                toks[first].lower in ("and", "&") and first < j):
            first -= 1
        first += 1
        while first <= j and toks[first].lower in ("and", "&"):
            first += 1
        words = [t.text for t in toks[first:j + 1] if t.lower not in ("and", "&")]
        if not words or len(words) > 5:
            continue
        # "Frances and Joseph Gies": given names share the last word's surname
        if not (person_score(words, known.surnames) >= 0.5 or
                words[0].casefold() in GIVEN_NAMES and len(words) >= 2):
            continue
        if m.group("has") and words[-1].casefold() not in known.surnames:
            continue  # "has" makes an author only of a name the thread knows as one
        a, b = toks[first].start, toks[j].end
        titled = title_after(doc, doc.token_at(m.end()), known)
        if titled is not None:
            # "Dyer also has Everyday Life in Medieval England": the author's title
            t_a, t_b, title = titled
            out.append(Candidate(t_a, t_b, "explicit", title=title, authors=(" ".join(words),),
                                 title_span=(t_a, t_b), strength=0.75,
                                 reasons=["a title its author is said to have"], source="by",
                                 scope_start=a))
            continue
        if m.group("has"):
            continue
        out.append(Candidate(a, b, "author_only", authors=(words[-1],),
                             title_span=(a, b), strength=0.6, reasons=["said to have written"],
                             source="writer"))
    return out


def title_after(doc: Doc, i: int, known: Known, *, checked_start: bool = True
                ) -> tuple[int, int, str] | None:
    """A title-case run of two words or more at token ``i`` (not a person): (start, end,
    title). ``checked_start=False`` leaves the first word to ``title_run`` alone (after
    "his"/"her", where no sentence start or name-like word can be in the way)."""
    toks = doc.tokens
    if checked_start and (i >= len(toks) or not toks[i].cap or toks[i].text in NOT_NAMES and
                          toks[i].lower not in ("the", "a", "an")):
        return None
    run = title_run(doc, i)
    if run is None or run[1] == run[0]:
        return None
    first, last = run
    while last > first and toks[last].function:
        last -= 1
    a, b = span_of(doc, first, last)
    title = clean_title(doc.text[a:b])
    if not looks_like_title(title) or person_score(title.split(), known.surnames) >= 0.5:
        return None
    return a, b, title
