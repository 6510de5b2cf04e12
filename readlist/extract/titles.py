"""Where a title starts and ends: title-case runs, capitals runs, short lower-case runs.

Every function walks the post's tokens once from an anchor, so the cost is linear in the
stretch it looks at (never the whole post per anchor).
"""

from __future__ import annotations

import re

from readlist.extract.lexicon import (
    LANGUAGE_NAMES,
    NOT_NAMES,
    PLACES,
    SITES,
    TITLE_FUNCTION_WORDS,
)
from readlist.extract.text import Doc, Token

MAX_TITLE_TOKENS = 18
# Words that start a clause in front of a title; never its first word.
LEADING_NOISE = frozenset(
    """also and or but so then plus try read reread get grab check pick start begin go see
    seconding second thirding honestly definitely maybe perhaps personally especially imo tbh
    obviously yes yeah nah no ok okay well oh lol lmao edit ps nb btw just really actually
    anyway like e.g eg i.e ie currently finally recently started finished reading listening
    watching rewatching rereading halfway through came here to say said add adding throw
    recommend recommending suggest suggesting dnf'd dnf skip avoid ignore forget and/or study
    liked loved enjoyed hated disliked recommended
    watch watched play played playing listen listened stick stuck buy bought borrow
    for with to of in on at by from
    ooh oooh ah ahh aah aha wow whoa omg ugh oof hmm hm heh hah haha hehe yay yup yep nope""".split()
)
# Of those, the ones that may stand inside a lower-case title ("conquest of bread").
INSIDE_LOWER_TITLES = frozenset("and or for to of in on at from".split())
# Lower-case words that end a lower-case title before what follows it.
LOWER_STOP = frozenset(
    """by if because since when while which who that it it's its is was are were be been
    but and so or i i'm i've i'd you you're he she they we my your his her their our this
    these those there here then than as like just really very too also even still though
    although unless until after before during for tbh imo lol lmao honestly seriously
    first next later instead especially specifically""".split()
)
PRONOUNS = frozenset("i me my you your he him his she her they them their we us our it its".split())
_SENTENCE_PUNCT = frozenset(".!?;\n")


def _joinable(tok: Token) -> bool:
    return tok.is_word and (tok.cap or tok.function)


def _cap_word(tok: Token) -> bool:
    return tok.is_word and tok.cap and not tok.function


def title_run(doc: Doc, i: int, limit: int | None = None) -> tuple[int, int] | None:
    """The title-case run that starts at token ``i``: (first token, last token) inclusive.

    Lower-case function words may stand inside ("Open Veins of Latin America"), a colon may
    join a subtitle, and a run never crosses a line or a sentence end.
    """
    toks = doc.tokens
    n = len(toks)
    limit = n if limit is None else min(limit, n)
    if i >= limit or not _cap_word(toks[i]) and not (toks[i].cap and toks[i].is_word):
        return None
    last = i
    j = i + 1
    while j < limit and j - i < MAX_TITLE_TOKENS:
        t = toks[j]
        gap = doc.text[toks[j - 1].end:t.start]
        if "\n" in gap:
            break
        if t.is_word and t.cap:
            last = j
        elif t.is_word and t.function:
            if t.lower == "in" and _translator_follows(doc, j + 1, limit):
                break  # "Meditations in the Gregory Hays translation"
            if t.lower in ("in", "into") and j + 1 < limit and toks[j + 1].text in LANGUAGE_NAMES \
                    and (j + 2 >= len(toks) or not (toks[j + 2].is_word and toks[j + 2].cap)):
                break  # "Memory of Fire in English.": the language it is read in
            if t.text == "not":
                break  # "Start with X not Y": title case writes a title's own "Not"

        elif t.text in (":", "&", "'") and j + 1 < limit and toks[j + 1].cap:
            pass
        elif t.text == "&" and j + 2 < limit and toks[j + 1].function and toks[j + 2].cap:
            pass  # "Daisy Jones & the Six"
        elif t.text == "." and j + 1 < limit and toks[j + 1].cap and toks[j + 1].is_word and \
                len(toks[j - 1].text) == 1 and toks[j - 1].text.isupper() and \
                toks[j - 1].end == t.start and not (
                    toks[j - 1].text in "IVX" and j >= 2 and toks[j - 2].cap and
                    not toks[j - 2].function and len(toks[j - 2].text) > 1):
            pass  # an initial inside a title: "The Storied Life of A. J. Fikry" (but "Analysis
            # I." ends with its volume's numeral)
        elif t.text == "!" and j + 1 < limit and toks[j + 1].text == toks[last].text:
            pass  # "Guards! Guards!"
        else:
            break
        j += 1
    return i, last


def _translator_follows(doc: Doc, j: int, limit: int) -> bool:
    """"in the Gregory Hays translation": a person's edition, not more of the title."""
    toks = doc.tokens
    while j < limit and toks[j].function and not toks[j].cap:
        j += 1
    words = 0
    while j < limit and words < 4 and toks[j].is_word and toks[j].cap:
        words += 1
        j += 1
    return words >= 1 and j < len(toks) and toks[j].lower in (
        "translation", "edition", "version", "translated", "abridgement", "reprint")


def upper_run(doc: Doc, i: int) -> tuple[int, int] | None:
    """A run of words in capitals: "THE HOUSE IN THE CERULEAN SEA"."""
    toks = doc.tokens
    if i >= len(toks) or not toks[i].upper:
        return None
    last = i
    j = i + 1
    while j < len(toks) and j - i < MAX_TITLE_TOKENS:
        t = toks[j]
        if "\n" in doc.text[toks[j - 1].end:t.start]:
            break
        if t.is_word and (t.upper or (len(t.text) == 1 and t.text.isupper()) or t.text.isdigit()):
            last = j
        elif t.text in ("&", ":", "'"):
            pass
        else:
            break
        j += 1
    return i, last


def lower_run(doc: Doc, i: int, max_words: int = 7) -> tuple[int, int] | None:
    """A short run of lower-case words after a cue: "read conquest of bread by kropotkin"."""
    toks = doc.tokens
    last = None
    j = i
    words = 0
    while j < len(toks) and words < max_words:
        t = toks[j]
        if j > i and "\n" in doc.text[toks[j - 1].end:t.start]:
            break
        if not t.is_word or t.lower in LOWER_STOP and j > i:
            break
        if t.lower in PRONOUNS or t.lower in LOWER_STOP:
            return None
        words += 1
        if not t.function:
            last = j
        j += 1
    if last is None:
        return None
    return i, last


def span_of(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return doc.tokens[first].start, doc.tokens[last].end


# Verbs of LEADING_NOISE that open titles too ("Go Tell It on the Mountain", "Start with Why"):
# written with a capital after a comma, they are the title's first word.
TITLE_VERBS = frozenset("go get start begin see read try stick buy play watch listen".split())


# Capitalised prepositions that open titles: "In Cold Blood", "On the Road", "No Idle Hands".
_TITLE_PREPOSITIONS = frozenset("in on no of at into under to from with".split())
_OPENS_AFTER = frozenset(("seconding", "thirding", "for", "read", "try", "and"))


def opens_title(doc: Doc, i: int, last: int) -> bool:
    """Is token ``i`` a capitalised preposition that opens the title running to token
    ``last``? It opens its sentence (or follows "seconding", "+1 for"), a capital or an article
    follows it, and the title ends its sentence or a by-line follows: "In the Woods by Tana
    French.", "Seconding On the Road." ("In 1990, ...", "On Monday the ..." are no titles)."""
    toks = doc.tokens
    t = toks[i]
    if i >= last or t.lower not in _TITLE_PREPOSITIONS or not t.text[:1].isupper():
        return False
    nxt = toks[i + 1]
    if not nxt.is_word or not (nxt.cap or nxt.lower in ("the", "a", "an")):
        return False
    if i > 0 and toks[i - 1].text not in (".", "!", "?", ":", ";") and \
            "\n" not in doc.text[toks[i - 1].end:t.start] and toks[i - 1].lower not in _OPENS_AFTER:
        return False
    if last + 1 >= len(toks):
        return True
    after = toks[last + 1]
    return after.text in (".", "!", "?", "(") or after.lower == "by" or \
        "\n" in doc.text[toks[last].end:after.start]


def strip_noise(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Drop leading clause words ("Also", "Try") and trailing function words from a run."""
    toks = doc.tokens
    if first < last and toks[first].text == "1" and first > 0 and toks[first - 1].text == "+":
        first += 1  # "+1 Schell": a vote, not a number in a title
    if opens_title(doc, first, last):
        last_word = last
        while last_word > first and (toks[last_word].function or not toks[last_word].is_word):
            last_word -= 1
        return (first, last_word) if last_word > first else None
    while first <= last and (toks[first].lower in LEADING_NOISE or
                             toks[first].text in NOT_NAMES and first < last and
                             toks[first].lower not in TITLE_FUNCTION_WORDS and
                             not _title_opener(toks[first].text)):
        if toks[first].lower not in LEADING_NOISE and first < last and \
                toks[first + 1].cap and toks[first + 1].function and \
                toks[first + 1].lower not in ("the", "a", "an"):
            break  # "Stay With Me", "Burning For Revenge": a capital verb opens the title
        if toks[first].cap and toks[first].lower in TITLE_VERBS and first > 0 and \
                toks[first - 1].text == "," and first < last:
            break  # "when you need a laugh, Go the F**k to Sleep": capitalised mid-sentence
        first += 1
    if first < last and _asks_with(doc, first):
        first += 1  # "Is Epidemiology by Gordis still used?": the question's verb
    if first + 1 < last and toks[first].lower in ("how", "what") and \
            toks[first + 1].lower == "about":
        first += 2  # "How about Never Let Me Go?": the suggestion's frame
    while first < last and not toks[first].cap and toks[first].function and \
            toks[first].lower not in ("the", "a", "an") and toks[first + 1].cap:
        first += 1  # "Agree about Atomic Habits": no title-case title opens with "about"
    while last >= first and (toks[last].function and not final_particle(doc, last) or
                             not toks[last].is_word):
        last -= 1
    if first > last:
        return None
    return first, last


# Prepositions and adverbs that end titles, capitalised as title case writes them: "The Enemy
# Within", "Into the Wild Beyond", "The Spy Who Came In".
_FINAL_PARTICLES = frozenset(
    """within without in on out up over under through about apart after before behind beyond
    down off along around across below above
    die""".split())  # ("The King Must Die", "Live and Let Die": English, not an article)


def final_particle(doc: Doc, i: int) -> bool:
    """Is token ``i`` a capitalised particle that ends a title (its clause ends after it)?"""
    toks = doc.tokens
    t = toks[i]
    if not (t.is_word and t.text[:1].isupper() and t.lower in _FINAL_PARTICLES and i > 0 and
            toks[i - 1].is_word and toks[i - 1].cap):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is None or not nxt.is_word or not nxt.cap


_QUESTION_VERBS = frozenset(
    "is are was were has have does do did should would could can will".split())


def _asks_with(doc: Doc, i: int) -> bool:
    """Does token ``i`` open a question ("Is X any good?") as its verb?"""
    tok = doc.tokens[i]
    if tok.lower not in _QUESTION_VERBS:
        return False
    s, e = doc.sentence_of(tok.start)
    return not doc.text[s:tok.start].strip(" \t\n-*>") and \
        doc.text[s:e].rstrip(" )\"'*_\n").endswith("?")


def _title_opener(word: str) -> bool:
    """Words in NOT_NAMES that often open real titles ("How to Prove It", "This Changes ...")."""
    return word in ("How", "What", "Why", "When", "Where", "Who", "This", "That", "I", "Your",
                    "My", "Our", "Their", "If", "Do", "Can", "Is", "Are", "One", "Two",
                    "Three", "First", "Last", "Next", "Another", "Every", "All", "Nothing",
                    "Something", "Everything", "Some", "Many", "Much", "More", "Few", "Still",
                    "Only", "Never", "Always", "Now", "Here", "There", "Tomorrow", "Today",
                    "After", "Before", "Since", "Until", "While", "Because", "Just", "Even",
                    "Part", "Book", "Chapter", "Second", "Third", "Same", "Such", "Other",
                    # "Someone You Can Build a Nest In", "Thanks for the Feedback"
                    "Someone", "Somebody", "Everyone", "Everybody", "Nobody", "Anyone",
                    "Thanks")


def clean_title(text: str) -> str:
    t = " ".join(text.split()).strip(" \"'*_,.;:-")
    return re.sub(r"\s*!+$", lambda m: m.group(0) if t.count("!") > 1 else "", t)


def looks_like_title(title: str, *, marked: bool = False) -> bool:
    """Could this text be a title at all? (Not a site, not a sentence, not empty noise.)"""
    t = title.strip()
    if not t or len(t) > 160 or not any(c.isalpha() for c in t):
        return False
    low = t.casefold()
    if low in SITES or low in PLACES or low.startswith(("http", "www.")):
        return False
    words = t.split()
    if len(words) > (16 if marked else 12):
        return False
    if not marked and len(words) == 1 and words[0] in NOT_NAMES:
        return False
    return True


def title_case_ratio(words: list[str]) -> float:
    content = [w for w in words if w.casefold() not in TITLE_FUNCTION_WORDS]
    if not content:
        return 0.0
    return sum(1 for w in content if w[:1].isupper() or w[:1].isdigit()) / len(content)


# --- several titles in one run -----------------------------------------------------------

def comma_title_end(doc: Doc, last: int, limit: int | None = None) -> int:
    """"Fields, Factories and Workshops", "Guns, Germs, and Steel": a run of single capitalised
    words joined by commas and a final "and"/"&" is one title; the last token of it, or
    ``last`` unchanged."""
    toks = doc.tokens
    n = len(toks) if limit is None else min(limit, len(toks))
    j = last
    words = 0
    while j + 2 < n and toks[j + 1].text == "," and toks[j + 2].is_word and toks[j + 2].cap \
            and not toks[j + 2].function:
        j += 2
        words += 1
        if j + 1 < n and toks[j + 1].text == ",":
            continue
        break
    k = j + 1
    if k < n and toks[k].text == ",":
        k += 1
    if words and k + 1 < n and toks[k].lower in ("and", "&") and toks[k + 1].is_word and \
            toks[k + 1].cap and not toks[k + 1].function and \
            (k + 2 >= n or not (toks[k + 2].is_word and toks[k + 2].cap)):
        return k + 1
    return last


def _after_colon(toks: list[Token], first: int, end: int) -> int:
    """How many words stand between a colon in tokens ``first``..``end`` and ``end`` (0: none)."""
    colon = next((k for k in range(first, end) if toks[k].text == ":"), None)
    return 0 if colon is None else sum(1 for t in toks[colon + 1:end] if t.is_word)


def split_and_or(doc: Doc, first: int, last: int, plural: bool = False
                 ) -> list[tuple[int, int]]:
    """Split a title-case run at a bare "and"/"or" where it joins two titles, not one title:
    a capitalised article or preposition opens the second ("Hyperion or The Fall of Hyperion",
    "On Practice and On Contradiction"), the second repeats a word of the first ("Dune and
    Children of Dune"), "both" counts them ("X and Y are both ..."), or the caller saw a
    plural verb after them (``plural``: "X and Y by Z are excellent"). An "or" between more
    than one word offers two titles ("Diaspora or Permutation City"), not one ("Sink or
    Swim", "Your Money or Your Life")."""
    toks = doc.tokens
    joins = [j for j in range(first + 1, last) if toks[j].lower in ("and", "or") and
             not toks[j].cap]
    if len(joins) != 1:
        return [(first, last)]
    j = joins[0]
    left = [t for t in toks[first:j] if t.is_word]
    right = [t for t in toks[j + 1:last + 1] if t.is_word]
    if not left or not right:
        return [(first, last)]
    # (a repeated pronoun is no repeated word: "Your Money or Your Life" is one title; nor
    # does a pronoun open a second title: "The Ego and Its Own")
    opens = right[0].cap and right[0].function and right[0].lower not in PRONOUNS and \
        right[0].lower not in ("its", "mine", "yours", "ours", "theirs")
    # "Sailing to Sarantium and Lord of Emperors", "Debt: The First 5000 Years and Fragments
    # of an Anarchist Anthropology": two phrases of three words or more, or one with a
    # subtitle, each opening with a capital ("Jonathan Strange and Mr Norrell" stays one)
    colon_words = _after_colon(toks, first, j)
    phrases = right[0].cap and (
        not colon_words and len(left) >= 3 and len(right) >= 3 and
        any(t.function for t in left[1:]) and
        any(t.function for t in right[1:]) or
        len(right) >= 3 and colon_words >= 3)
    content = {t.lower for t in left if not t.function and len(t.text) >= 4 and
               t.lower not in PRONOUNS}
    repeats = any(t.lower in content for t in right)
    after = [t.lower for t in toks[last + 1:last + 4]]
    before = toks[first - 1].lower if first > 0 else ""
    both = "both" in after or before == "both" or plural
    offered = toks[j].lower == "or" and len(left) + len(right) >= 3 and \
        left[0].lower not in PRONOUNS and right[0].lower not in PRONOUNS
    if opens or repeats or both or offered or phrases:
        return [(first, j - 1), (j + 1, last)]
    return [(first, last)]
