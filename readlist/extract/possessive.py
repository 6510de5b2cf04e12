"""Possessives: "Author's Title", "Author's book about X" (a description), "Author's shorter
works" (the author), "Mao's little red book", and "Stalins book ..." with the apostrophe lost."""

from __future__ import annotations

import re

from readlist.extract.bare import run_at
from readlist.extract.candidates import (
    NON_PERSON_LOWER,
    Candidate,
    Known,
    split_authors,
    title_after,
)
from readlist.extract.lexicon import (
    ABOUT_WORDS,
    AUTHOR_WORK_NOUNS,
    EVALUATIVE_ADJECTIVES,
    GENERIC_WORK_ADJECTIVES,
    NOT_NAMES,
    PLACES,
    SITES,
    TITLE_FUNCTION_WORDS,
    WORK_NOUNS,
)
from readlist.extract.names import GIVEN_NAMES, person_score
from readlist.extract.screen import Screen
from readlist.extract.text import Doc, Token
from readlist.extract.titles import (
    LEADING_NOISE,
    LOWER_STOP,
    PRONOUNS,
    clean_title,
    comma_title_end,
    final_particle,
    looks_like_title,
    span_of,
    split_and_or,
    title_run,
    upper_run,
)

# --- possessives -------------------------------------------------------------------------

_POSSESSIVE = re.compile(
    r"(?<![\w'])(?P<name>(?:[A-Z][\w\-]*\s+&\s+)?(?:(?:[A-Z]\.|[A-Z][\w\-]*)\s+){0,3}"
    r"[A-Z][\w\-]*|[a-z][a-z\-]{2,20})"
    r"(?P<pos>'s|s'|')(?=\s)"
    r"|(?<![\w'])(?P<bare>[A-Z][a-z]{2,20})s\s+(?=(?:book|novel|books|novels)\b)"
)
_NOT_BARE_POSSESSIVE = re.compile(r"(?:ous|ss|us|is|ics|ness|less|ies|ings)$")
_NONWORK_NOUNS = frozenset(
    "lectures lecture podcast channel videos video show blog talks talk interviews interview "
    "speech course courses class classes movie movies film films series episode episodes "
    "site website page account thread post posts tweets comments argument arguments theory "
    "ideas idea views view position".split())
_ABOUT_RE = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in sorted(ABOUT_WORDS, key=len, reverse=True)) +
    r")\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?;\n(]|\s-\s|\s+(?:is|was|are|were|has|have|had|changed|made|"
                         r"blew|taught|opened|rewired|explains|explained|covers|shows|showed)\b|"
                         r",\s+(?:and|but|which|so|because|it|it's|its|"
                         r"though|although)\b|\s+(?:and i|but i|which|that is|because)\b")


# Works often named by their topic rather than their title: "the Raft paper"
_TOPIC_NOUNS = frozenset("paper papers article essay thesis notes lectures talk".split())
_BRACKETED = re.compile(r"\s*\(\s*([A-Z0-9][^()\n]{1,100}?)\s*\)")


def _clause_end(text: str, start: int) -> int:
    m = _CLAUSE_END.search(text, start, start + 240)
    return m.start() if m else min(len(text), start + 240)


_AND_ANOTHERS = re.compile(r"\s+and\s+(?:[A-Z][\w.\-]*\s+){1,2}[A-Z][\w\-]*['’]s\s")


def find_possessive(doc: Doc, known: Known) -> list[Candidate]:
    """"Author's Title", "Author's book about X" (description), "Author's shorter works"
    (author only), "Mao's little red book", "Stalins book ..." (apostrophe forgotten)."""
    out: list[Candidate] = []
    text = doc.text
    for m in _POSSESSIVE.finditer(text):
        raw_name = m.group("name") or m.group("bare")
        if m.group("bare") and _NOT_BARE_POSSESSIVE.search(m.group("bare") + "s"):
            continue  # "Gorgeous book", "Famous books": an adjective, not "Stalins book"
        if doc.is_masked(m.start(), m.end()):
            continue
        before = text[max(0, m.start() - 5):m.start()].casefold()
        if re.search(r"(?<![\w'])(?:a|an|the)\s$", before):
            continue  # "A Programmer's Perspective", "The Anarchist's Tool Chest": a title
        words = raw_name.split()
        if words and words[0] in ("A", "An", "The"):
            continue
        if words and (words[-1] in NOT_NAMES or words[-1].casefold() in PRONOUNS or
                      words[-1].casefold() == "let") and m.group("pos") == "'s":
            continue  # "It's YA-ish", "That's Dune", "Let's Build ...": a contraction
        lead = 0
        while words and (words[0] in NOT_NAMES or words[0].casefold() in LEADING_NOISE or
                         len(words) > 1 and len(words[0]) > 5 and words[0].endswith("ed") and
                         words[0].casefold() not in GIVEN_NAMES):  # "Surprised Stephen Fry's"
            lead += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        name_start = m.start() + lead
        after_pos = m.end() if m.group("name") else m.start() + len(m.group("bare")) + 1
        rest_start = after_pos
        while rest_start < len(text) and text[rest_start] == " ":
            rest_start += 1
        phrase = (name + "'s " + text[rest_start:rest_start + 40]).casefold()
        if any(phrase.startswith(s) for s in SITES) or name.casefold() in SITES:
            continue
        if name.casefold() in PLACES or name.islower() and (
                name in NON_PERSON_LOWER or name in PRONOUNS or name in LOWER_STOP or
                name in TITLE_FUNCTION_WORDS):
            continue
        lower_name = name.islower()
        i = doc.token_at(rest_start)
        toks = doc.tokens
        if i >= len(toks):
            continue
        # Up to three lower-case words, then a work noun?
        j = i
        adjectives: list[Token] = []
        while j < len(toks) and len(adjectives) < 3 and toks[j].is_word and \
                toks[j].text.islower() and toks[j].lower not in WORK_NOUNS and \
                toks[j].lower not in _NONWORK_NOUNS and not toks[j].function:
            adjectives.append(toks[j])
            j += 1
        noun = toks[j] if j < len(toks) and toks[j].is_word else None
        if noun is not None and noun.lower in _NONWORK_NOUNS and not (
                noun.lower == "series" and text.startswith(", ", noun.end) and
                text[noun.end + 2:noun.end + 3].isupper()):
            continue  # (but "Riordan's other series, The Kane Chronicles" names books)
        if noun is not None and noun.lower in WORK_NOUNS and noun.text.islower():
            cand = _possessive_noun(doc, name, name_start, adjectives, noun, j, known)
            if cand is not None:
                out.append(cand)
            continue
        if lower_name:
            low = _lower_possessive(doc, m.start(), rest_start, name, known)
            if low is not None:
                out.append(low)
            continue
        if m.group("bare"):
            continue
        if adjectives:
            continue
        # "Parenti's Blackshirts and Reds", "Prashad's The Darker Nations"
        run = title_run(doc, i) or upper_run(doc, i)
        if run is None:
            continue
        first, last = run
        if first == last:
            first, last, _how = run_at(doc, i) or (first, last, "")  # a foreign title
        while last > first and toks[last].function and not final_particle(doc, last):
            last -= 1
        last = _copula_title_end(doc, comma_title_end(doc, last))
        # "Robert Frank's The Americans and Stephen Shore's Uncommon Places": another's work
        other = _AND_ANOTHERS.search(text, toks[first].start, toks[last].end)
        if other is not None:
            last = doc.token_at(other.start()) - 1
            if last < first:
                continue
        if last + 1 < len(toks) and toks[last + 1].text in _TOPIC_NOUNS:
            # "Ongaro's Raft paper": the capitals name its topic, not its title
            end = toks[last + 1].end
            out.append(Candidate(name_start, end, "description", authors=split_authors(name),
                                 description=text[toks[first].start:end],
                                 reasons=[f"{name}'s {toks[last + 1].text} on a topic"],
                                 strength=0.6, source="possessive",
                                 title_span=(name_start, end)))
            continue
        # "Mao's On Practice and On Contradiction": two titles, one author
        for n, (p_first, p_last) in enumerate(split_and_or(doc, first, last)):
            a, b = span_of(doc, p_first, p_last)
            title = clean_title(text[a:b])
            tw = title.split()
            if not looks_like_title(title) or person_score(tw, known.surnames) >= 0.6 or \
                    toks[p_last].text.endswith(("'s", "s'")):
                continue
            if n > 0 and toks[p_first].text.endswith("'s") and p_first < p_last:
                continue  # "X's A and Y's B": Y's own possessive names B (and its author)
            if len(tw) == 1 and (tw[0] in NOT_NAMES or tw[0].casefold() in PLACES):
                continue
            strength = 0.75 if len(tw) >= 2 else 0.55
            if name.casefold().split()[-1] in known.surnames or person_score(
                    words, known.surnames) >= 0.5:
                strength += 0.1
            out.append(Candidate(name_start if n == 0 else a, b,
                                 "possessive" if n == 0 else "explicit", title=title,
                                 authors=split_authors(name), title_span=(a, b),
                                 strength=min(strength, 0.9),
                                 reasons=["author's title"], source="possessive"))
    out.extend(_pronoun_titles(doc, known, out))
    return out


# Lower-case words a person "has" that are no title: "his take on X", "her voice".
_NOT_LOWER_TITLES = frozenset(
    """take view views point points argument ideas idea voice style writing prose thoughts
    opinion opinions thing things latest newest new last first own favourite favorite best
    worst early later late whole""".split())
_LOWER_TITLE_END = re.compile(r"[.!?;:\n,(]|\s-\s|\s(?:is|was|has|had|which is)\s")


def _lower_possessive(doc: Doc, name_at: int, rest_start: int, surname: str,
                      known: Known) -> Candidate | None:
    """"sean carroll's from eternity to here is ...": a whole name in lower case (a given
    name the lexicon knows, then the surname) and a lower-case title up to the clause end."""
    given = re.search(r"(?<![\w'])([a-z]{2,15})\s+$", doc.text[max(0, name_at - 20):name_at])
    if given is None or given.group(1) not in GIVEN_NAMES:
        if surname not in known.surnames:
            return None
        full = surname
        start = name_at
    else:
        full = f"{given.group(1)} {surname}"
        start = name_at - len(given.group(0))
    end_m = _LOWER_TITLE_END.search(doc.text, rest_start, rest_start + 80)
    end = end_m.start() if end_m else min(len(doc.text), rest_start + 80)
    phrase = doc.text[rest_start:end].rstrip()
    words = phrase.split()
    if not 2 <= len(words) <= 8 or not phrase.islower() or words[0] in _NOT_LOWER_TITLES or \
            words[0] in PRONOUNS or words[0] in ("the", "a", "an") and len(words) == 2 and \
            words[1] in _NOT_LOWER_TITLES or doc.is_masked(rest_start, rest_start + len(phrase)):
        return None
    if any(w in _NONWORK_NOUNS or w in WORK_NOUNS for w in words[:2]):
        return None
    return Candidate(start, rest_start + len(phrase), "possessive", title=phrase,
                     authors=(full.title(),), title_span=(rest_start, rest_start + len(phrase)),
                     strength=0.6, reasons=["author's title, in lower case"],
                     source="possessive")


def _copula_title_end(doc: Doc, last: int) -> int:
    """"Jason Hickel's Less is More.": a lower-case "is" between capitalised words, the whole
    ending its sentence, belongs to the title."""
    toks = doc.tokens
    if last + 2 < len(toks) and toks[last + 1].text in ("is", "was", "are") and \
            toks[last + 2].is_word and toks[last + 2].cap and \
            (last + 3 >= len(toks) or toks[last + 3].text in (".", "!") or
             "\n" in doc.text[toks[last + 2].end:toks[last + 3].start]):
        return last + 2
    return last


def _only_title_by(known: Known, name: str) -> tuple[str, tuple[str, ...]] | None:
    """The one title the thread named by this author (by surname), or None."""
    surname = name.split()[-1].casefold()
    found = {(title, authors) for _p, title, authors in known.titles
             if any(a.split() and a.split()[-1].casefold() == surname for a in authors)}
    return found.pop() if len(found) == 1 else None


_BOOK_AFTER = re.compile(r"\s+(?:book|novel|textbook|memoir)\b")
_PRONOUN_OWNER = re.compile(r"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:new|old|other|later|earlier|first|last|"
                            r"latest|own)\s+)?(?=[A-Z])")
_PRONOUN_OWNER_AT = Screen(_PRONOUN_OWNER, prune=False)  # tried only at his/her/their
# "His bat paper is fun too": a work named by its topic, by the author named before
_PRONOUN_TOPIC = re.compile(r"\b(?:his|her)\s+(?P<topic>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+"
                            r"(?P<noun>paper|book|essay|article|novel|lectures)\b",
                            re.IGNORECASE)


def _pronoun_titles(doc: Doc, known: Known, found: list[Candidate]) -> list[Candidate]:
    """"Pierre Hadot's The Inner Citadel ..., and his Philosophy as a Way of Life ...": a
    title after "his"/"her" belongs to the author named just before in the same post."""
    out: list[Candidate] = []
    owners = sorted((c.start, c.authors) for c in found if c.authors)
    for m in _PRONOUN_TOPIC.finditer(doc.text):
        before = [a for s, a in owners if s < m.start() and m.start() - s < 400]
        topic = m.group("topic").casefold().split()
        if not before or len(set(before)) != 1 or any(
                w in GENERIC_WORK_ADJECTIVES or w in EVALUATIVE_ADJECTIVES or
                w in TITLE_FUNCTION_WORDS for w in topic):
            continue  # ("his new book", "her best novel": no topic named)
        out.append(Candidate(m.start(), m.end(), "description", authors=before[-1],
                             description=f"{m.group('topic')} {m.group('noun')}",
                             title_span=(m.start(), m.end()), strength=0.6,
                             reasons=["'his/her' work on a topic, by the author named before"],
                             source="possessive"))
    for m in _PRONOUN_OWNER_AT.finditer(doc.text):
        before = [a for s, a in owners if s < m.start() and m.start() - s < 300]
        titled = title_after(doc, doc.token_at(m.end()), known, checked_start=False)
        if titled is None:
            continue
        a, b, title = titled
        # ("His Dark Materials" opening a sentence may be the title itself: a capital "His"
        # only counts when "book" follows)
        if not before or len({a for a in before}) != 1 or m.group(0)[:1].isupper():
            # nobody, or more than one person, "his" could mean: the title stands alone when
            # "book" names it one ("His Practical Music Theory book is a good companion")
            if " " in title and _BOOK_AFTER.match(doc.text, b):
                out.append(Candidate(m.start(), b, "explicit", title=title, title_span=(a, b),
                                     strength=0.75, source="possessive",
                                     reasons=["named as someone's book"]))
            continue
        out.append(Candidate(m.start(), b, "possessive", title=title, authors=before[-1],
                             title_span=(a, b), strength=0.7,
                             reasons=["'his/her' title of the author named before"],
                             source="possessive"))
    return out


def _bracketed_title(doc: Doc, pos: int, known: Known) -> tuple[int, int, str] | None:
    """A title in brackets right at ``pos``: " (Industry and Empire)" -> (start, end, title)."""
    m = _BRACKETED.match(doc.text, pos)
    if m is None:
        return None
    title = clean_title(m.group(1))
    words = title.split()
    if not looks_like_title(title) or sum(1 for w in words if w[:1].isupper()) * 2 < len(words) \
            or person_score(words, known.surnames) >= 0.6 or words[0].casefold() in (
                "the", "a", "an") and len(words) == 1:
        return None
    return m.start(1), m.end(1), title


def _apposed_title(doc: Doc, start: int, end: int, known: Known) -> tuple[int, int, str] | None:
    """"Horne's big one about Algeria, A Savage War of Peace": a title after a comma at the
    end of the description."""
    comma = doc.text.rfind(", ", start, end)
    if comma == -1:
        return None
    i = doc.token_at(comma + 2)
    run = title_run(doc, i)
    if run is None:
        return None
    a, b = span_of(doc, *run)
    if doc.text[b:end].strip(" ,"):
        return None  # the run must end the description
    title = clean_title(doc.text[a:b])
    words = title.split()
    if len(words) < 2 or not looks_like_title(title) or \
            person_score(words, known.surnames) >= 0.5:
        return None
    return a, b, title


def _possessive_noun(doc: Doc, name: str, name_start: int, adjectives: list[Token],
                     noun: Token, j: int, known: Known) -> Candidate | None:
    text = doc.text
    toks = doc.tokens
    noun_word = noun.lower
    adj_words = [t.lower for t in adjectives]
    after_noun = noun.end
    # "Lenin's shorter works", "anything of Hobb's books"
    if noun_word in AUTHOR_WORK_NOUNS and noun_word not in ("novels",) or (
            noun_word == "novels" and not adjectives):
        if not (j + 1 < len(toks) and toks[j + 1].cap and toks[j + 1].is_word and
                not toks[j + 1].function and toks[j + 1].text not in NOT_NAMES):
            return Candidate(name_start, after_noun, "author_only", authors=(name,),
                             reasons=[f"author's {noun_word}"], strength=0.6,
                             source="possessive", title_span=(name_start, after_noun))
    # "Cicero's letters", "Seneca's essays": the collection of that name.
    if noun_word in ("letters", "essays", "speeches", "papers") and not adjectives:
        return Candidate(name_start, after_noun, "possessive", title=noun.text.capitalize(),
                         authors=(name,), title_span=(noun.start, noun.end), strength=0.55,
                         reasons=[f"author's {noun_word}"], source="possessive")
    rest = after_noun
    while rest < len(text) and text[rest] == " ":
        rest += 1
    about = _ABOUT_RE.match(text, rest)
    if about:
        d_start = about.end()
        d_end = _clause_end(text, d_start)
        desc = text[d_start:d_end].strip(" ,")
        named = _bracketed_title(doc, d_end, known) or _apposed_title(doc, d_start, d_end, known)
        if named is not None and named[0] > d_start:
            desc = text[d_start:named[0]].rstrip(" ,(")
        if named is not None:
            # "Hobsbawm's book on the industrial revolution (Industry and Empire)"
            a, b, title = named
            return Candidate(name_start, b, "possessive", title=title, authors=(name,),
                             title_span=(a, b), strength=0.8, description=desc or None,
                             reasons=[f"{name}'s {noun_word} (title)"], source="possessive")
        if desc and len(desc.split()) <= 30:
            end = d_start + len(text[d_start:d_end].rstrip(" ,"))
            return Candidate(name_start, end, "description", authors=(name,), description=desc,
                             reasons=[f"{name}'s {noun_word} about ..."], strength=0.75,
                             source="possessive", title_span=(name_start, end))
    # "Stalins book Foundations of Leninism", "Hinton's other book Shenfan"
    k = toks.index(noun) + 1 if noun in toks[j:j + 1] else j + 1
    named = _bracketed_title(doc, noun.end, known)
    if named is not None:
        a, b, title = named  # "Davis's book (Prisoners of the American Dream)"
        return Candidate(name_start, b, "possessive", title=title, authors=(name,),
                         title_span=(a, b), strength=0.8,
                         reasons=[f"{name}'s {noun_word} (title)"], source="possessive")
    if k + 1 < len(toks) and toks[k].text == "," and toks[k + 1].cap and toks[k + 1].is_word \
            and noun_word in ("series", "trilogy", "novel", "book", "memoir", "biography",
                              "one"):
        k += 1  # "Riordan's other series, The Kane Chronicles,": the title in apposition
    article = k + 1 < len(toks) and toks[k].lower in ("the", "a", "an") and \
        toks[k + 1].cap and toks[k + 1].is_word
    if k < len(toks) and toks[k].is_word and toks[k].cap and (
            toks[k].text not in NOT_NAMES or article):
        run = title_run(doc, k)
        if run is not None:
            a, b = span_of(doc, *run)
            title = clean_title(text[a:b])
            if looks_like_title(title) and person_score(title.split(), known.surnames) < 0.6:
                return Candidate(name_start, b, "possessive", title=title, authors=(name,),
                                 title_span=(a, b), strength=0.75,
                                 reasons=[f"author's {noun_word} + title"],
                                 source="possessive")
    # "Mao's little red book", "Reich's pruning book" (The Pruning Book): lower-case words that
    # name rather than describe; a hyphenated topic describes ("Hammack's intro-to-proofs book").
    naming = [w for w in adj_words if w not in GENERIC_WORK_ADJECTIVES and w not in EVALUATIVE_ADJECTIVES]
    if naming and noun_word in ("book", "books") and not any("-" in w for w in naming):
        a = adjectives[0].start
        title = text[a:noun.end]
        return Candidate(name_start, noun.end, "possessive", title=title, authors=(name,),
                         title_span=(a, noun.end), strength=0.6,
                         reasons=["author's named book"], source="possessive")
    remembered = _only_title_by(known, name) if not adjectives else None
    if remembered is not None and noun_word in ("book", "novel", "textbook", "memoir",
                                                "biography", "one"):
        # "Mehrling's book again": the one book of his the thread named
        return Candidate(name_start, noun.end, "possessive", title=remembered[0],
                         authors=remembered[1] or (name,), title_span=(name_start, noun.end),
                         strength=0.7, reasons=[f"{name}'s {noun_word}, named earlier"],
                         source="possessive")
    if noun_word in ("book", "novel", "textbook", "memoir", "biography", "trilogy", "study",
                     "history", "classic", "primer", "intro", "introduction", "treatise",
                     "one", "essay"):
        phrase = text[(adjectives[0].start if adjectives else noun.start):noun.end]
        return Candidate(name_start, noun.end, "description", authors=(name,),
                         description=phrase, reasons=[f"{name}'s {phrase}"], strength=0.55,
                         source="possessive", title_span=(name_start, noun.end))
    return None






# "Her book No Bad Kids", "his other novel, Shenfan", "has a newer one, The Facemaker,": a
# work called a book by a pronoun's owner, and its title in apposition.
_PRONOUN_WORK = re.compile(
    r"\b(?:(?:his|her|their)\s+(?:(?:new|newer|newest|latest|first|second|other|last|best|"
    r"debut|next|earlier|later|own)\s+)?(?:book|novel|memoir|collection|textbook)"
    r"|(?:a|an)\s+(?:new|newer|later|earlier|follow-up|second)\s+(?:one|book|novel)"
    # "Naroditsky also wrote an actual book, Mastering Positional Chess, which ..."
    r"|(?:wrote|written|published|did)\s+(?:a|an|another)\s+(?:(?:actual|real|proper|whole|"
    r"great|good|short|new|second|later|earlier)\s+)?(?:book|novel|memoir|one)(?=\s*,))"
    r"(?:\s*,)?\s+(?=(?:the\s+|a\s+|an\s+)?[A-Z])", re.IGNORECASE)


def find_pronoun_works(doc: Doc, known: Known) -> list[Candidate]:
    """"Her book No Bad Kids is the podcast written down", "Fitzharris has a newer one, The
    Facemaker, about ...": the title in apposition to a book of someone's (the catalogue finds
    its author)."""
    out: list[Candidate] = []
    toks = doc.tokens
    for m in _PRONOUN_WORK.finditer(doc.text):
        if doc.is_masked(m.start(), m.end()):
            continue
        k = doc.token_at(m.end())
        if k >= len(toks) or not toks[k].is_word:
            continue
        run = title_run(doc, k)
        if run is None:
            continue
        a, b = span_of(doc, *run)
        title = clean_title(doc.text[a:b])
        if looks_like_title(title) and title not in NOT_NAMES and \
                person_score(title.split(), known.surnames) < 0.5:
            # "Also Sibley has a newer one, ...": the one who has it wrote it
            who = _SUBJECT_BEFORE.search(doc.text, max(0, m.start() - 40), m.start())
            names = who.group(1).split() if who else []
            while names and (names[0] in NOT_NAMES or names[0].casefold() in LEADING_NOISE):
                names = names[1:]  # ("Also Sibley has ...")
            authors = (" ".join(names),) if names else ()
            out.append(Candidate(m.start(), b, "explicit", title=title, title_span=(a, b),
                                 authors=authors, strength=0.75, source="possessive",
                                 reasons=["named as someone's book"]))
    return out


_SUBJECT_BEFORE = re.compile(r"(?<![\w'])([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2})\s+"
                             r"(?:also\s+|just\s+|then\s+)?(?:has|had|wrote|did|published)\s+$")


# "seconding the goodrick book", "the Bakewell", "the Pinker one": a work called by its
# author's surname, which the thread named before
_THE_SURNAME = re.compile(r"\bthe\s+(?P<name>[A-Za-z][a-z'-]{2,})(?:\s+(?P<noun>book|one|novel|"
                          r"textbook|paper))?\b", re.IGNORECASE)


def find_the_authors_book(doc: Doc, known: Known) -> list[Candidate]:
    """"the goodrick book", "the Bakewell": the one work of that author the thread named (or
    their book, described) when the surname is one the thread already gave an author."""
    out: list[Candidate] = []
    if not known.surnames:
        return out
    for m in _THE_SURNAME.finditer(doc.text):
        name = m.group("name")
        if name.casefold() not in known.surnames or doc.is_masked(m.start(), m.end()):
            continue
        if m.group("noun") is None and not name[:1].isupper():
            continue  # ("the mack" alone, in lower case, is too little to go on)
        nxt = doc.text[m.end():m.end() + 2]
        if m.group("noun") is None and nxt[:1] == " " and nxt[1:2].isalpha():
            continue  # "the Pinker Institute", "the Kaufmann translations": something else
        remembered = _only_title_by(known, name)
        if remembered is not None:
            out.append(Candidate(m.start(), m.end(), "explicit", title=remembered[0],
                                 authors=remembered[1] or (name,),
                                 title_span=(m.start(), m.end()), strength=0.7,
                                 source="possessive",
                                 reasons=[f"the {name} {m.group('noun') or 'book'}, named earlier"]))
    return out
