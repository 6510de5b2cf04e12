"""Titles with their author after "by": "Title by Author", "X and/or Y by Z" (both share Z),
titles in any case ("conquest of bread by kropotkin"), and "X de Camus" in other languages."""

from __future__ import annotations

import re

from readlist.extract.candidates import (
    FOREIGN_WORDS,
    NON_PERSON_LOWER,
    Candidate,
    Known,
    name_after,
    split_authors,
)
from readlist.extract.lexicon import (
    GENERIC_WORK_ADJECTIVES,
    NOT_NAMES,
    TITLE_FUNCTION_WORDS,
    WORK_NOUNS,
)
from readlist.extract.names import is_name_word, person_score
from readlist.extract.text import Doc
from readlist.extract.titles import (
    INSIDE_LOWER_TITLES,
    LEADING_NOISE,
    PRONOUNS,
    TITLE_VERBS,
    clean_title,
    comma_title_end,
    looks_like_title,
    opens_title,
    span_of,
    split_and_or,
    strip_noise,
)

# --- "Title by Author" -------------------------------------------------------------------

_BY_SKIP = frozenset(
    """far way now then default hand chance accident design heart myself himself herself
    themselves yourself itself ourselves comparison contrast definition nature train car bus
    email mail phone mistake force law day night week year default any all some no""".split()
)
_BY_BEFORE_SKIP = frozenset(
    "translated trans illustrated narrated read performed directed produced introduced "
    "foreword preface adapted inspired killed written caused driven followed "
    "swear swears swore sworn stand stands stood live lives lived abide abides go goes "
    "went pass passed passing stop stopped stopping drop dropped come came get got "
    "surrounded published released printed reviewed recommended "
    "made run built created maintained hosted owned founded developed "
    "mean means meant".split())  # ("what you mean by credible": no by-line)


_BY_WORDS = frozenset(["by"])
_WHEN = frozenset("january february march april may june july august september october november "
                  "december monday tuesday wednesday thursday friday saturday sunday christmas "
                  "easter spring summer autumn fall winter".split())
# "L'Étranger de Camus", "Die Verwandlung von Kafka": only before a capitalised name that
# ends the clause, since these words also stand inside titles ("Cien años de soledad").
_FOREIGN_BY = frozenset(["de", "par", "von", "di", "door", "av"])
_AUTHOR_ONLY_HEADS = frozenset(
    "anything everything something stuff all works books writings novels essays else".split())
# "by the same author", "by the same two": a title without a name
_SAME_WHO = frozenset("author authors writer writers person people guy woman man two pair "
                      "duo team couple folks".split())
_COORDINATORS = frozenset("and or nor but".split())
_KIN = frozenset("brothers sisters twins siblings couple family duo".split())
_AUX = frozenset("is was are were has have had do does did be been".split())


def find_by_author(doc: Doc, known: Known) -> list[Candidate]:
    """"Title by Author", "X and/or Y by Z" (both share Z), "title in any case by author"."""
    out: list[Candidate] = []
    toks = doc.tokens
    floor = -1  # the last token of the previous by-line's author: no title reaches back past it
    for k, tok in enumerate(toks):
        if k == 0 or k + 1 >= len(toks):
            continue
        foreign = tok.lower in _FOREIGN_BY
        if tok.lower not in _BY_WORDS and not foreign:
            continue
        nxt = toks[k + 1]
        same_author = False
        family: str | None = None
        if nxt.lower in _BY_SKIP:
            continue
        if nxt.lower == "the":
            if k + 3 < len(toks) and toks[k + 2].lower == "same" and \
                    toks[k + 3].lower in _SAME_WHO:
                same_author = True  # "by the same author": a title without a name
            elif k + 3 < len(toks) and toks[k + 2].cap and is_name_word(toks[k + 2].text) and \
                    toks[k + 3].lower in _KIN:
                family = toks[k + 2].text  # "by the Strugatsky brothers": their surname
            else:
                continue
        title_end_tok = k - 1
        prev = toks[title_end_tok]
        title_word = prev.cap and k >= 2 and toks[k - 2].is_word and toks[k - 2].cap and \
            not toks[k - 2].function  # "... Your Parents Had Read by": the title's last word
        if prev.lower in _BY_BEFORE_SKIP and not title_word or prev.lower in _COORDINATORS:
            continue  # "it is long and by chapter 3 ...": no title ends with "and"
        if prev.lower in _AUTHOR_ONLY_HEADS and not (
                k >= 2 and toks[k - 2].text in ("of", "the", "and", "for")):
            continue  # "anything by Walter Rodney" is the author-only finder's;
            # "the dawn of everything by graeber" is a title
        if prev.lower == "edited":
            title_end_tok -= 1
        counted = False  # "Heroes and Troy, all three by Fry": several titles
        while title_end_tok >= 0 and toks[title_end_tok].lower in ("also", "both", "all",
                                                                   "each", ",", "two", "three",
                                                                   "four", "five"):
            counted = counted or toks[title_end_tok].lower in ("both", "two", "three", "four",
                                                               "five")
            title_end_tok -= 1  # "The Proud Tower, also by Tuchman"
        if title_end_tok >= 0 and toks[title_end_tok].text == ")":
            # "Designing Data-Intensive Applications (DDIA) by Martin Kleppmann"
            j = title_end_tok - 1
            while j >= 0 and toks[j].text != "(" and title_end_tok - j < 6:
                j -= 1
            if j >= 0 and toks[j].text == "(":
                title_end_tok = j - 1
        bang = title_end_tok >= 1 and toks[title_end_tok].text in ("!", "?") and \
            toks[title_end_tok - 1].is_word and toks[title_end_tok - 1].cap and \
            toks[title_end_tok - 1].end == toks[title_end_tok].start
        if bang:
            title_end_tok -= 1  # "Release It! by Michael Nygard", "What If? by ..."
        if title_end_tok < 0 or not toks[title_end_tok].is_word:
            continue
        if foreign and "'" not in prev.text and title_end_tok == k - 1 and (
                k < 2 or not toks[k - 2].is_word or not toks[k - 2].cap and
                toks[k - 2].lower not in FOREIGN_WORDS):
            continue  # "it follows Enguerrand de Coucy": one word, a particle, a name
        pronoun = nxt.lower in ("him", "her", "them") and not foreign
        if same_author or family is not None or pronoun:
            # ("Press Reset by him is better": the writer the thread is talking about)
            authors: tuple[str, ...] = (family,) if family is not None else ()
            name_end = toks[k + (1 if pronoun else 3)].end
            lower_name = False
            name_toks: list[str] = []
        else:
            got = name_after(doc, k + 1, allow_lower=not foreign)
            if got is None:
                continue
            _f, last, name = got
            name_toks = [t.text for t in toks[k + 1:last + 1] if t.is_word]
            lower_name = all(w.islower() for w in name_toks)
            if any(p.fullmatch(name) for p, _t, _a in known.titles):
                continue  # "Fry's jokes wore thin by Heroes": by the time of a known title
            if len(name_toks) == 1 and name_toks[0].casefold() == prev.lower:
                continue  # "Move by Move", "step by step": an idiom, no by-line
            if len(name_toks) == 1 and name_toks[0].casefold() in _WHEN:
                continue  # "effectively lost by August 1941", "done by Friday": a time
            if lower_name and prev.text.islower() and prev.lower.endswith("ed") and \
                    person_score(name_toks, known.surnames) < 0.5:
                continue  # "It's organised by rating": a passive, not a title and its author
            if lower_name and last + 1 < len(toks) and toks[last + 1].text[:1].isdigit():
                continue  # "by chapter 20", "by page 300": a measure, no person takes a number
            name_end = toks[last].end
            authors = split_authors(name)
            if foreign:
                after = toks[last + 1].text if last + 1 < len(toks) else "."
                if lower_name or after not in (".", ",", "!", ";", ")", "(", "-", ":") or \
                        person_score(name_toks, known.surnames) < 0.3 and len(name_toks) > 1:
                    continue
        # "Golden Fetters and Globalizing Capital by Barry Eichengreen are both excellent":
        # a plural verb after the name counts two works
        after_name = doc.token_at(name_end)
        plural = after_name < len(toks) and toks[after_name].lower in ("are", "were") or counted
        spans = _titles_before(doc, title_end_tok, floor, plural)
        if not same_author and family is None and not pronoun:
            floor = max(floor, last)
        if not spans:
            continue
        if bang and spans[-1][1] == toks[title_end_tok].end:
            a_, b_, how_ = spans[-1]
            spans[-1] = (a_, b_ + 1, how_)
        whole_lower = all(doc.text[a:b].islower() for a, b, _ in spans)
        if lower_name and not whole_lower and \
                person_score(name_toks, known.surnames) < 0.5 and \
                not any(h == "sentence" for _a, _b, h in spans) and \
                not _pen_name_line(doc, spans[0][0], name_end, name_toks):
            continue  # a lower-case "name" only after a lower-case title
        if lower_name and any(w.casefold() in NON_PERSON_LOWER for w in name_toks):
            continue
        spans = [(_after_topic_label(doc, a, b), b, how) for a, b, how in spans]
        group_start = spans[0][0]
        for a, b, how in spans:
            title = clean_title(doc.text[a:b])
            if len(spans) > 1 and how == "cap" and " " not in title and \
                    title.casefold() in known.surnames:
                # "seconding Chancellor, and Manias, Panics and Crashes by Kindleberger": an
                # author the thread named stands beside the titles, not among them
                out.append(Candidate(a, b, "author_only", authors=(title,), title_span=(a, b),
                                     strength=0.7, reasons=["an author the thread named"],
                                     source="by"))
                continue
            if not looks_like_title(title) or title in NOT_NAMES or _generic(title):
                continue  # ("the book by Ambrose" names no title)
            if pronoun and how == "lower":
                continue  # "I was blown away by him": no title in capitals, no by-line
            strength = {"cap": 0.8, "upper": 0.8, "lower": 0.6, "sentence": 0.7}[how]
            if len(title.split()) == 1 and how == "cap":
                strength = 0.7
            if lower_name and how == "cap":
                strength -= 0.1
            if foreign:
                strength -= 0.05
            out.append(Candidate(a, name_end, "explicit", title=title, authors=authors,
                                 title_span=(a, b), strength=strength,
                                 reasons=["title by author"], source="by",
                                 scope_start=group_start))
    return out


def _pen_name_line(doc: Doc, start: int, name_end: int, name_toks: list[str]) -> bool:
    """"The Wandering Inn by pirateaba.": a capitalised title opening its sentence and one
    lower-case handle closing it, the whole sentence a by-line (web serials' pen names)."""
    s_start, s_end = doc.sentence_of(start)
    return len(name_toks) == 1 and len(name_toks[0]) >= 4 and \
        not doc.text[s_start:start].strip(" *_\"'-") and \
        not doc.text[name_end:s_end].strip(" .!")


# "For Argentina: Operación Masacre by Rodolfo Walsh": a topic, a colon, then the title
_FOR_TOPIC = re.compile(r"(?:^|[.!?\n]\s*|,\s*)(?:for|on|re|about)\s+$", re.IGNORECASE)


def _after_topic_label(doc: Doc, a: int, b: int) -> int:
    """Where the title starts when "For <topic>:" opens the span: after the colon."""
    colon = doc.text.find(": ", a, b)
    if colon < 0 or len(doc.text[a:colon].split()) > 3 or \
            _FOR_TOPIC.search(doc.text, max(0, a - 12), a) is None:
        return a
    return colon + 2


_EDITION_WORDS = frozenset("one edition version translation book novel".split())


def _generic(title: str) -> bool:
    """"the book", "his new novel", "a memoir": a work named by its kind, not its title."""
    words = title.casefold().split()
    if len(words) >= 2 and title.startswith("the ") and words[-1] in _EDITION_WORDS:
        return True  # "the Adlard Coles one, edited by ...", "the first Harry Bosch book by ..."
    return bool(words) and words[-1] in WORK_NOUNS and all(
        w in WORK_NOUNS or w in TITLE_FUNCTION_WORDS or w in GENERIC_WORK_ADJECTIVES or
        w in PRONOUNS or w in ("this", "that", "these", "those") for w in words) and \
        title[:1].islower()


def _titles_before(doc: Doc, end_tok: int, floor: int = -1, plural: bool = False
                   ) -> list[tuple[int, int, str]]:
    """Title spans ending at token ``end_tok`` (inclusive), split at "and/or", "/" and ","."""
    toks = doc.tokens
    # A title-case run, walking back; coordinators may join several titles.
    j = end_tok
    first = None
    while j > floor and end_tok - j < 40:
        t = toks[j]
        if j < end_tok and "\n" in doc.text[t.end:toks[j + 1].start]:
            break
        if t.is_word and t.lower in ("but", "though", "although", "whereas") and j > 0 and \
                toks[j - 1].text == ",":
            break  # "Not sure about X, but Y by Z": the clause before is not Z's
        if t.is_word and t.cap:
            if t.text in NOT_NAMES and t.lower in LEADING_NOISE and j < end_tok and not (
                    t.lower in TITLE_VERBS and j > 0 and toks[j - 1].text == ",") and not (
                    j > 0 and toks[j - 1].text == "&") and \
                    not opens_title(doc, j, end_tok):  # "... Will Listen & Listen So ..."
                break  # (right before "by" it ends the title: "... Your Parents Had Read by")
            first = j
        elif t.is_word and t.function:
            pass
        elif t.text in (",", "/", ":", "&", "'"):
            pass
        elif t.lower == "by" and 0 < j < end_tok and toks[j - 1].lower == toks[j + 1].lower:
            pass  # "Logical Chess: Move by Move by Irving Chernev": an idiom inside the title
        elif t.text == "." and j > 0 and len(toks[j - 1].text) == 1 and \
                toks[j - 1].text.isupper() and toks[j - 1].end == t.start:
            pass  # an initial: "The Storied Life of A. J. Fikry by ..."
        else:
            break
        j -= 1
    if first is not None and first >= 3 and toks[first - 1].lower == "for" and \
            toks[first - 2].lower == "is" and len(toks[first - 3].text) == 1 and \
            toks[first - 3].text.isupper() and first - 3 > floor:
        first -= 3  # "H is for Hawk", "A is for Alibi": a letter is for a word
    if first is not None and first >= 2 and toks[first - 1].lower in FOREIGN_WORDS and \
            not toks[first - 1].cap:
        # "Las venas abiertas de América Latina by Galeano": a title in sentence case of its
        # language goes on back through lower-case words to its capital
        k = first - 1
        while k > floor and first - k < 8 and toks[k].is_word and not toks[k].cap:
            k -= 1
        if k > floor and toks[k].is_word and toks[k].cap and toks[k].lower in FOREIGN_WORDS:
            first = k
    if first is not None and toks[end_tok].is_word and toks[end_tok].cap:
        span = strip_noise(doc, first, end_tok)
        if span is not None:
            upper = all(t.upper or not t.is_word or len(t.text) == 1
                        for t in toks[span[0]:span[1] + 1])
            pieces = _split_coordination(doc, span[0], span[1], plural)
            # "Crónica de una muerte anunciada": a capitalised word before lower case
            # words is sentence case; fall through to the lower-case walk below.
            if pieces:
                return [(a, b, "upper" if upper else "cap") for a, b in pieces]
    # Sentence case or lower case: back to the last clause boundary or cue word.
    j = end_tok
    first = None
    aux_at = None
    while j > floor and end_tok - j < 8:
        t = toks[j]
        if j < end_tok and "\n" in doc.text[t.end:toks[j + 1].start]:
            break
        if not t.is_word or t.lower in PRONOUNS or \
                (t.lower in LEADING_NOISE and t.lower not in INSIDE_LOWER_TITLES):
            break
        if t.lower in _AUX and aux_at is None:
            aux_at = j
        first = j
        j -= 1
    if first is None:
        return []
    sentence_start = doc.sentence_of(toks[first].start)[0]
    reached_start = doc.token_at(sentence_start) >= first or not toks[first - 1].is_word \
        if first > 0 else True
    if aux_at is not None and not reached_start:
        first = aux_at + 1  # "... which is conquest of bread by ...": after the verb
    if first > end_tok:
        return []
    stripped = strip_noise(doc, first, end_tok)
    if stripped is None:
        return []
    a, b = span_of(doc, *stripped)
    words_list = doc.text[a:b].split()
    if len(words_list) > 7:
        return []
    how = "sentence" if words_list[0][:1].isupper() else "lower"
    return [(a, b, how)]


def _split_coordination(doc: Doc, first: int, last: int, plural: bool = False
                        ) -> list[tuple[int, int]]:
    """"X and/or Y", "X / Y", "X, Y": separate titles (a bare "or" or "and" is kept inside)."""
    toks = doc.tokens
    # "Wage Labour and Capital and Value, Price and Profit": a comma title ("Value, Price and
    # Profit") at the end is one piece, and the "and" before it joins two titles.
    for j in range(first + 2, last):
        if toks[j - 1].lower in ("and", "or") and toks[j].is_word and toks[j].cap and \
                not toks[j].function and comma_title_end(doc, j, last + 1) == last:
            head = _split_coordination(doc, first, j - 2)
            tail = strip_noise(doc, j, last)
            return head + ([span_of(doc, *tail)] if tail is not None else [])
    pieces: list[tuple[int, int]] = []
    cur = first
    j = first
    while j <= last:
        t = toks[j]
        is_sep = t.text in ("/", ",") and not _inside_number(doc, j)
        if t.lower == "and" and j + 2 <= last and toks[j + 1].text == "/" and \
                toks[j + 2].lower == "or":
            is_sep = True
        if is_sep:
            if j - 1 >= cur:
                pieces.append((cur, j - 1))
            while j <= last and (toks[j].text in ("/", ",") or toks[j].lower in ("and", "or")):
                j += 1
            cur = j
            continue
        j += 1
    if cur <= last:
        pieces.append((cur, last))
    # "Guns, Germs, and Steel", "Value, Price and Profit": single words before the last
    # piece make one title, not a list.
    if len(pieces) >= 2 and all(b == a for a, b in pieces[:-1]) and \
            pieces[-1][1] - pieces[-1][0] <= 2 and comma_title_end(doc, pieces[0][0]) == last \
            or _comma_words(doc, pieces):
        pieces = [(pieces[0][0], last)]
    else:
        pieces = [p for a, b in pieces for p in split_and_or(doc, a, b, plural)]
    out = []
    for a, b in pieces:
        s = strip_noise(doc, a, b)
        if s is None:
            continue
        words = [t for t in toks[s[0]:s[1] + 1] if t.is_word]
        if len(words) == 1 and (words[0].text in NOT_NAMES or words[0].lower in LEADING_NOISE):
            continue
        out.append(span_of(doc, *s))
    return out


def _inside_number(doc: Doc, j: int) -> bool:
    """Is token ``j`` (a comma or slash) inside a number: "20,000", "80/20"?"""
    toks = doc.tokens
    return 0 < j < len(toks) - 1 and toks[j - 1].text[-1:].isdigit() and \
        toks[j + 1].text[:1].isdigit() and toks[j - 1].end == toks[j].start and \
        toks[j].end == toks[j + 1].start


def _comma_words(doc: Doc, pieces: list[tuple[int, int]]) -> bool:
    """"Salt, Fat, Acid, Heat by ...", "Eat, Pray, Love by ...": three or more single words
    joined by bare commas under one by-line are one title; a list of an author's books has
    longer items or an "and" before the last."""
    toks = doc.tokens
    if len(pieces) >= 3 and len({toks[a].lower for a, _b in pieces}) == 1:
        return True  # "Tomorrow, and Tomorrow, and Tomorrow": one word said again is one title
    return len(pieces) >= 3 and all(a == b and not toks[a].function for a, b in pieces) and \
        all(toks[b + 1].text == "," and b + 2 == a2
            for (_a, b), (a2, _b2) in zip(pieces, pieces[1:], strict=False))
