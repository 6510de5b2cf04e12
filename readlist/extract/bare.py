"""Titles written with nothing around them: the object of a cue verb ("read X"), the subject of
praise ("X is a must-read"), a line or list item that is only a title, "Author - Title" pairs,
and any other title-case run (weak, kept only when a cue reaches it).
"""

from __future__ import annotations

import re

from readlist.extract.candidates import (
    FOREIGN_WORDS,
    Candidate,
    Known,
    name_after,
    split_authors,
)
from readlist.extract.cues import headline_cased
from readlist.extract.lexicon import (
    COMMON_WORDS,
    NOT_NAMES,
    SITES,
    TITLE_FUNCTION_WORDS,
)
from readlist.extract.names import is_name_word, person_score
from readlist.extract.shape import span_person_score, surname_like, title_candidate
from readlist.extract.text import Doc, is_list_item, per_doc
from readlist.extract.titles import (
    LEADING_NOISE,
    LOWER_STOP,
    PRONOUNS,
    clean_title,
    looks_like_title,
    lower_run,
    span_of,
    split_and_or,
    strip_noise,
    title_run,
    upper_run,
)

# Cue verbs whose object is the thing recommended: "read X", "check out X", "seconding X".
OBJECT_CUE = re.compile(
    r"(?<![\w-])(?:(?:i'?d |i would |i )?(?:highly |strongly |also |really |definitely |"
    r"heartily |always )?recommend(?:ing)?|(?:you |u )?(?:should|must|gotta|need to|have to|"
    r"ought to|could|can) (?:also |definitely |totally )?(?:read|check out|get|try|pick up|"
    r"start with|look at|look into)|(?:go |just |then |also |and |please |so |to )?read|"
    r"re-?read|check out|start(?:ing)? with|begin with|go (?:with|for)|try|grab|pick up|get|"
    r"seconding|second|thirding|\+1(?: (?:for|on|to))?|came here to (?:say|recommend|suggest|post)|"
    r"i'?d (?:add|suggest|say|throw in|go with)|add|throw in|look into|suggest|"
    r"(?:hand|give) (?:them|her|him)|(?:my )?vote (?:for|goes to)|shout ?out (?:to|for)|"
    r"(?:its|the|a|his|her|their) (?:sequel|prequel|follow-?up|companion)(?: is)?,?|"
    r"(?:a|his|her|their|another|the other) (?:book|novel) (?:too|also|as well)?,?"
    r"(?: called| titled| named)?|stick with|stay with)"
    r"(?: (?:also|too|definitely))?\s+(?=\S)")
STRONG_OBJECT_CUES = ("recommend", "should", "must", "gotta", "need to", "have to", "ought to",
                      "read", "check out", "start", "begin", "seconding", "second", "thirding",
                      "+1", "came here", "i'd", "id ", "go with", "go for", "sequel",
                      "prequel", "follow", "companion")
# What follows a run when it is praised (or panned): "X is a must-read", "X changed my life".
PREDICATE = re.compile(
    r"\s*(?:,\s*)?(?:(?:is|was|are|were|'s|remains|has\s+been|have\s+been)\b|"
    r"(?:should|must)\s+be\b|changed\b|rewired\b|blew\b|deserves\b|made\s+me\b|"
    r"holds?\s+up\b|got\s+me\b|taught\s+me\b|broke\s+me\b|destroyed\s+me\b)", re.IGNORECASE)
_SEP = re.compile(r"\s*(?:-|:|,|\()\s*")
_FOREIGN_CLAUSE_OPENERS = frozenset(
    "c'est ce il elle je on nous vous ils elles es ist ich wir sie er yo tu él ella hay "
    "das dies questo è".split())
PRAISE_NEAR = re.compile(
    r"great|excellent|amazing|fantastic|brilliant|beautiful|gorgeous|incredible|superb|"
    r"wonderful|lovely|essential|must|classic|readable|accessible|worth|recommend|good|"
    r"best|favou?rite|underrated|fun|funny|hilarious|gripping|perfect|gentle|solid|"
    r"thorough|standard|better|place to start|start|intro|required|my life|my mind|brain|"
    r"the\s+(?:most\s+\w{4,}|\w{3,}iest|greatest|finest|clearest|deepest|smartest|"
    r"strangest|saddest|wisest|bravest)\b",
    re.IGNORECASE)


_ENGLISH_FUNCTION = frozenset(
    "the of and to is it in on at for with was are be this that you your my i".split())


def _run_at(doc: Doc, i: int) -> tuple[int, int, str] | None:
    """A title-ish run starting at token ``i``: title case, capitals, or a foreign title in
    sentence case ("Cien años de soledad"). Several finders ask about the same tokens: the
    answers are kept in ``doc.runs``."""
    if i not in doc.runs:
        doc.runs[i] = _find_run_at(doc, i)
    return doc.runs[i]


def _find_run_at(doc: Doc, i: int) -> tuple[int, int, str] | None:
    toks = doc.tokens
    if i >= len(toks) or not toks[i].is_word:
        return None
    run = upper_run(doc, i)
    if run is not None and run[1] > run[0] or run is not None and len(toks[i].text) >= 3:
        return run[0], run[1], "upper"
    run = title_run(doc, i)
    if run is None:
        return None
    first, last = run
    # A foreign title goes on in lower case after an article or preposition of its language.
    words = [t.lower for t in toks[first:last + 1]]
    if words[0] in _FOREIGN_CLAUSE_OPENERS:
        return first, last, "cap"
    j = last + 1
    if any(w in FOREIGN_WORDS for w in words) or (j < len(toks) and toks[j].lower in
                                                   FOREIGN_WORDS and toks[j].lower not in
                                                   ("a", "e", "y", "o", "de")) or \
            words[0] in ("el", "la", "le", "les", "los", "las", "der", "die", "das", "il") or \
            _foreign_ahead(doc, j):
        k = j
        while k < len(toks) and k - first < 8 and toks[k].is_word and \
                not toks[k].cap and toks[k].lower not in LOWER_STOP and \
                "\n" not in doc.text[toks[k - 1].end:toks[k].start]:
            k += 1
        if k > j and (toks[k - 1].lower not in TITLE_FUNCTION_WORDS):
            last = k - 1
        elif k > j and k < len(toks) and toks[k].cap and toks[k - 1].lower in FOREIGN_WORDS \
                and "\n" not in doc.text[toks[k - 1].end:toks[k].start]:
            # "Ces gens du Moyen Âge": the title goes on in capitals after "du"
            more = title_run(doc, k)
            if more is not None:
                last = more[1]
    return first, last, "cap"


def _foreign_ahead(doc: Doc, j: int) -> bool:
    """"Cien años de soledad": a foreign function word a little further on, no English one."""
    toks = doc.tokens
    ahead = []
    for t in toks[j:j + 4]:
        if not t.is_word or t.cap or "\n" in doc.text[toks[j - 1].end:t.start]:
            break
        ahead.append(t.lower)
    return any(w in FOREIGN_WORDS and w not in ("a", "e", "y", "o", "in", "am")
               for w in ahead) and not any(w in _ENGLISH_FUNCTION for w in ahead)


run_at = _run_at  # for the possessive finder: "Fossier's Ces gens du Moyen Âge"


@per_doc
def last_comma(doc: Doc) -> int:
    """The token index of the post's last comma (every comma is a token of its own), or 0."""
    return doc.token_at(doc.text.rfind(",")) if "," in doc.text else 0


@per_doc
def cue_verbs(doc: Doc) -> tuple[re.Match[str], ...]:
    """The post's cue verbs ("read", "check out", "seconding"), for the finders of their
    objects and of lists of titles."""
    return tuple(OBJECT_CUE.finditer(doc.lower))


def find_cue_objects(doc: Doc, known: Known) -> list[Candidate]:
    """The thing a cue verb takes: "read Blackshirts and Reds", "Seconding Theodore Gray",
    "I recommend conquest of bread"."""
    out: list[Candidate] = []
    toks = doc.tokens
    for m in cue_verbs(doc):
        cue = m.group(0).strip()
        if headline_cased(doc, m.start() + m.group(0).index(cue[:1]), m.start() + len(
                m.group(0).rstrip())):
            continue  # "Please Read Our Rules": a heading's capitals, not advice
        i = doc.token_at(m.end())
        if i < len(toks) and toks[i].lower in ("our", "my"):
            continue  # "check out our Sunday Digest": the speaker's own thing
        if i >= len(toks) or "\n" in doc.text[m.end():toks[i].start] or \
                doc.is_masked(m.start(), toks[i].start):
            continue  # "I recommend <link> to anyone": the link is the object
        article = False
        if toks[i].lower in ("the", "a", "an") and i + 1 < len(toks) and not toks[i].cap:
            if toks[i + 1].cap:
                i += 1
            else:
                article = True
        if toks[i].lower in ("some", "more", "any") and i + 1 < len(toks) and toks[i + 1].cap:
            got = name_after(doc, i + 1)
            if got is not None and span_person_score(doc, got[0], got[1], known) >= 0.5:
                for author in split_authors(got[2]):
                    out.append(Candidate(toks[i].start, toks[got[1]].end, "author_only",
                                         authors=(author,), reasons=[f"'{cue} {toks[i].text}'"],
                                         strength=0.65, source="cue",
                                         title_span=(toks[got[0]].start, toks[got[1]].end),
                                         cue=cue))
            continue
        strong = cue.startswith(STRONG_OBJECT_CUES) or any(s in cue for s in STRONG_OBJECT_CUES)
        run = _run_at(doc, i)
        if run is not None:
            for p_first, p_last in split_and_or(doc, run[0], run[1]):
                cand = title_candidate(doc, p_first, p_last, known, "cue",
                                        0.7 if strong else 0.55, f"object of '{cue}'")
                if cand is not None:
                    cand.cue = cue
                    out.append(cand)
            continue
        if not article and toks[i].is_word and toks[i].text.islower() and \
                toks[i].lower in known.surnames and len(toks[i].text) >= 4 and (
                    i + 1 >= len(toks) or not toks[i + 1].is_word or
                    toks[i + 1].lower in ("and", "or", "but", "first", "instead", "then")):
            # "i'd start with collins and come back to graham": a surname the thread gave an
            # author, in lower case, as the cue's whole object
            out.append(Candidate(toks[i].start, toks[i].end, "author_only",
                                 authors=(toks[i].text,), reasons=[f"'{cue}' an author"],
                                 strength=0.65, source="cue",
                                 title_span=(toks[i].start, toks[i].end), cue=cue))
            continue
        if strong and not article and toks[i].is_word and toks[i].text.islower():
            low = lower_run(doc, i, max_words=6)
            if low is None:
                continue
            first, last = low
            end_tok = last + 1
            # Only a run that ends its clause (or meets "by") can be a lower-case title.
            if end_tok < len(toks) and toks[end_tok].is_word and toks[end_tok].lower not in (
                    "by", "is", "was", "if") and "\n" not in doc.text[toks[last].end:
                                                                 toks[end_tok].start]:
                continue
            words = [t.lower for t in toks[first:last + 1]]
            if words[0] in ("it", "this", "that", "them", "one", "something", "anything",
                            "everything", "more", "some", "up", "through", "about", "on",
                            "into", "books", "book", "stuff", "things", "whatever", "all",
                            "both", "either", "his", "her", "their", "my", "your", "every",
                            "each", "another", "other", "these", "those", "most", "any",
                            "several", "many", "few", "such", "our") or \
                    words[0] in TITLE_FUNCTION_WORDS:
                # "comfort read of all comfort reads", "read every warning": no title opens
                # with "of" or a determiner
                continue
            a, b = span_of(doc, first, last)
            title = clean_title(doc.text[a:b])
            sequel = any(w in cue for w in ("sequel", "prequel", "follow", "companion"))
            if looks_like_title(title) and (len(words) >= 2 or sequel) and \
                    words[0] not in COMMON_WORDS:
                out.append(Candidate(a, b, "explicit", title=title, title_span=(a, b),
                                     strength=0.5, reasons=[f"lower-case object of '{cue}'"],
                                     source="cue", cue=cue))
    return out


@per_doc
def sentence_starts(doc: Doc) -> tuple[int, ...]:
    starts = {s for s, _ in doc.sentences} | {s for s, _ in doc.items}
    out = []
    for s in sorted(starts):
        i = doc.token_at(s)
        # Skip discourse openers: "Honestly,", "Also", "Gonna be that person:".
        j = i
        while j < len(doc.tokens) and j - i < 3 and (
                doc.tokens[j].lower in LEADING_NOISE or doc.tokens[j].text in (",", ":") or
                doc.tokens[j].text in NOT_NAMES and not doc.tokens[j].cap):
            j += 1
        out.append(j)
        if j != i:
            out.append(i)
    return tuple(out)


_DETERMINERS = frozenset("the a an your my our their this that these those".split())
# Bare imperatives that open a sentence before a title's article ("Open the Anarchist's Tool
# Chest!", "Grab the Penguin edition"); "-ing" forms open titles ("Catching the Big Fish").
# (not "use", "buy", "get": "Use the Tram Guide", "Buy a Lisboa Card" name no book)
IMPERATIVES = frozenset("open grab order download borrow skim devour read reread finish".split())
# Words of a German, French, Spanish or Italian clause that no English sentence uses
_FOREIGN_CLAUSE_WORDS = frozenset(
    """ich ist sind nicht und auch noch sehr sogar aber wir ihr finde mit für wie
    est sont avec pour mais très aussi nous vous je une des
    es muy pero también para los las una
    sono anche molto della""".split())


def _foreign_sentence(doc: Doc, pos: int) -> bool:
    """Is the sentence at ``pos`` written in another language (two of its clause words)?"""
    s, e = doc.sentence_of(pos)
    words = {t.lower for t in doc.tokens_between(s, e) if t.is_word and not t.cap}
    return len(words & _FOREIGN_CLAUSE_WORDS) >= 2


def find_sentence_titles(doc: Doc, known: Known) -> list[Candidate]:
    """Titles that open a sentence, a line or a list item: "Anne of Green Gables.",
    "The Jakarta Method is a recent one", "Samir Amin - Unequal Development",
    "All Creatures Great and Small (James Herriot)", "the hobbit! comfort read ..."."""
    out: list[Candidate] = []
    toks = doc.tokens
    seen: set[int] = set()
    for i in sentence_starts(doc):
        if i in seen or i >= len(toks):
            continue
        seen.add(i)
        run = _run_at(doc, i)
        if run is None:
            low = _lower_headline(doc, i)
            if low is not None:
                out.append(low)
            continue
        first, last, _how = run
        pair = _pair(doc, first, last, known)
        if pair is not None:
            out.append(pair)
            continue
        nxt = toks[last + 1] if last + 1 < len(toks) else None
        gap_end = nxt.start if nxt is not None else len(doc.text)
        after = doc.text[toks[last].end:gap_end + 60]
        line_end = nxt is None or "\n" in doc.text[toks[last].end:gap_end]
        single = last == first
        if single:
            # One word alone is a title only when it stands alone: "Earthsea!", "Antifragile."
            ends_clause = line_end or nxt is not None and (
                nxt.text in (".", "!") or
                nxt.text == "," and is_list_item(doc.raw, toks[first].start))
        else:
            ends_clause = line_end or nxt is not None and (
                nxt.text in (".", "!", ",", ":", ";", "-", "?", "(") or
                nxt.lower in ("if", "for", "as", "because", "since", "when", "and",
                              "though", "although", "imo", "tbh", "too", "especially",
                              "next", "first", "instead", "again", "particularly"))
        predicate = PREDICATE.match(after)
        praised = predicate is not None and PRAISE_NEAR.search(after[predicate.end():
                                                                   predicate.end() + 50])
        if not (ends_clause or predicate):
            continue
        if nxt is not None and nxt.text == "?":
            strength = 0.45
        elif predicate and not praised and not ends_clause:
            strength = 0.4
        else:
            # One word opening a sentence is capitalised by grammar alone ("Anmeldung.",
            # "Underread."): being in an answer is not enough, praise or a cue must say so.
            # So is a word before a lower-case determiner ("Use the Exberliner and ...",
            # "Get a Deutschlandticket"), or a "run" of a foreign sentence, whose grammar
            # capitalises nouns ("Die Fortsetzungen find ich besser").
            verb_like = first + 1 <= last and toks[first + 1].lower in _DETERMINERS and \
                not toks[first + 1].cap and not is_list_item(doc.raw, toks[first].start)
            if verb_like and toks[first].lower in IMPERATIVES and first + 3 <= last and \
                    toks[first + 1].lower == "the" and toks[first + 2].cap:
                # "Open the Anarchist's Tool Chest!": the verb's object is the title
                first += 1
                verb_like = False
            strength = 0.5 if single or verb_like or _foreign_sentence(doc, toks[first].start) \
                else 0.65
        for p_first, p_last in split_and_or(doc, first, last):
            # "Life on the Farm and Life in the Town are good too": two titles
            cand = title_candidate(doc, p_first, p_last, known, "sentence", strength,
                                    "opens a sentence" + (" and is praised" if praised else ""))
            if cand is not None:
                out.append(cand)
    return out


def _lower_headline(doc: Doc, i: int) -> Candidate | None:
    """"the hobbit! comfort read of all comfort reads": a short lower-case title alone."""
    toks = doc.tokens
    if toks[i].lower not in ("the", "a", "an") and toks[i].lower not in FOREIGN_WORDS:
        return None
    if not _at_sentence_start(doc, i):
        return None  # "Get the latest edition.": the object of the verb before it
    j = i
    while j < len(toks) and j - i < 6 and toks[j].is_word and toks[j].text.islower() and \
            toks[j].lower not in LOWER_STOP and toks[j].lower not in PRONOUNS:
        j += 1
    if j == i + 1 or j >= len(toks):
        return None
    if_you = toks[j].lower == "if" and j + 1 < len(toks) and toks[j + 1].lower in ("you", "u")
    if toks[j].text not in ("!", ".") and not if_you:
        return None  # (ends at "!", "." or "if you ...": "the road to x if you havent read it")
    if toks[j].text == "." and j + 1 < len(toks) and "\n" not in doc.text[toks[j].end:
                                                                          toks[j + 1].start]:
        return None
    a, b = span_of(doc, i, j - 1)
    title = doc.text[a:b]
    # "the hobbit!": named with a cry, as one names a favourite
    strength = 0.55 if toks[j].text == "!" and len(title.split()) >= 2 else 0.5
    return Candidate(a, b, "explicit", title=title, title_span=(a, b), strength=strength,
                     reasons=["lower-case title alone"], source="sentence")


def _pair(doc: Doc, first: int, last: int, known: Known) -> Candidate | None:
    """"Samir Amin - Unequal Development", "Tau Zero - Poul Anderson", "Red Mars, Kim Stanley
    Robinson", "Boas (Mathematical Methods ...)", "Der Vorleser (Bernhard Schlink)"."""
    toks = doc.tokens
    text = doc.text
    colon = next((c for c in range(first + 1, last) if toks[c].text == ":"), None)
    named = name_after(doc, first) if colon is not None else None
    if colon is not None and named is not None and named[1] == colon - 1 and \
            not any("'" in t.text for t in toks[first:colon]) and \
            span_person_score(doc, first, colon - 1, known) >= 0.5:
        # "Fred Brooks: No Silver Bullet": the person, a colon, the title
        t_first, t_last = colon + 1, last
        while t_last > t_first and (toks[t_last].function or not toks[t_last].is_word):
            t_last -= 1
        if toks[t_first].is_word:
            a, b = span_of(doc, t_first, t_last)
            title = clean_title(text[a:b])
            if looks_like_title(title) and span_person_score(doc, t_first, t_last, known) < 0.5:
                author = " ".join(t.text for t in toks[first:colon])
                return Candidate(toks[first].start, b, "explicit", title=title,
                                 authors=(author,), title_span=(a, b), strength=0.75,
                                 reasons=["author: title pair"], source="pair")
    left_end = toks[last].end
    sep = _SEP.match(text, left_end)
    if sep is None or "\n" in sep.group(0):
        return None
    mark = sep.group(0).strip()
    j = doc.token_at(sep.end())
    right = _run_at(doc, j)
    if right is None:
        return None
    r_first, r_last, _ = right
    if mark == "(":
        close = toks[r_last + 1] if r_last + 1 < len(toks) else None
        if close is None or close.text != ")":
            return None
    elif mark == ",":
        # "A, B" only as a list item or line of its own: elsewhere a comma is just a comma.
        item = doc.item_of(toks[first].start)
        if item is None or item[0] != toks[first].start and not text[item[0]:toks[first].start
                                                                        ].strip() == "":
            return None
        after = toks[r_last + 1] if r_last + 1 < len(toks) else None
        if after is not None and after.text not in (".", "!", "-", "(", ")") and \
                "\n" not in text[toks[r_last].end:after.start]:
            return None
    left_ps = span_person_score(doc, first, last, known)
    right_ps = span_person_score(doc, r_first, r_last, known)
    if mark == "(" and r_first == r_last and surname_like(toks[r_first].text):
        right_ps = max(right_ps, 0.5)  # "Release It! (Nygard)": a surname in brackets
    if mark == "(" and r_last - r_first == 2 and toks[r_first + 1].text == "&" and \
            surname_like(toks[r_first].text) and surname_like(toks[r_last].text):
        right_ps = max(right_ps, 0.5)  # "Make Time (Knapp & Zeratsky)"
    if mark == "," and last - first == 2 and toks[first + 1].text == "&" and \
            surname_like(toks[first].text) and surname_like(toks[last].text):
        left_ps = max(left_ps, 0.5)  # "Kernighan & Pike, The Practice of Programming"
    if mark in ("-", ",") and max(left_ps, right_ps) < 0.5:
        # "Krenov - A Cabinetmaker's Notebook", "Tau Zero - Anderson": one surname-like
        # word against a title of several words
        if first == last and r_last > r_first and surname_like(toks[first].text):
            left_ps = 0.5
        elif r_first == r_last and last > first and surname_like(toks[r_first].text):
            right_ps = 0.5
    if right_ps >= 0.5 > left_ps:
        title_span, author_span = (first, last), (r_first, r_last)
    elif left_ps >= 0.5 > right_ps:
        title_span, author_span = (r_first, r_last), (first, last)
    elif mark == "(" and left_ps < 0.5 and right_ps < 0.5 and first == last and \
            r_last - r_first >= 2:
        title_span, author_span = (r_first, r_last), (first, last)  # "Boas (Mathematical ...)"
    else:
        return None
    ts = strip_noise(doc, *title_span)
    if ts is None:
        return None
    a, b = span_of(doc, *ts)
    title = clean_title(text[a:b])
    if not looks_like_title(title) or title.casefold() in SITES:
        return None
    author_toks = toks[author_span[0]:author_span[1] + 1]
    authors = tuple(n.strip() for n in " ".join(t.text for t in author_toks).split(" & "))
    start = min(toks[first].start, a)
    end = max(toks[r_last].end, b)
    if mark == "(":
        end += 1
    return Candidate(start, end, "explicit", title=title, authors=authors, title_span=(a, b),
                     strength=0.75, reasons=[f"title {mark} author pair"], source="pair")


def _at_sentence_start(doc: Doc, i: int) -> bool:
    """Is token ``i`` the first word of a sentence, a line or a list item?"""
    start = doc.tokens[i].start
    s = doc.sentence_of(start)[0]
    return not doc.text[s:start].strip(" \t\n-*•>0123456789.)")


def find_runs(doc: Doc, known: Known) -> list[Candidate]:
    """Any other title-case run of two or more words (weak: a cue must reach it)."""
    out: list[Candidate] = []
    toks = doc.tokens
    i = 0
    while i < len(toks):
        t = toks[i]
        if not (t.is_word and t.cap and not t.function):
            i += 1
            continue
        run = _run_at(doc, i)
        if run is None:
            i += 1
            continue
        first, last, how = run
        strength = 0.45
        if how == "upper" and _shouted_title(doc, first, last):
            # "Old but gold: THE RODALE BOOK OF COMPOSTING.": a title written in capitals
            strength = 0.6
            if first > 0 and toks[first - 1].text in ("THE", "A", "AN"):
                first -= 1
        if doc.text.startswith("(", toks[last].end) or doc.text.startswith(" (", toks[last].end):
            pair = _pair(doc, first, last, known)  # "... Make Time (Knapp & Zeratsky) ..."
            if pair is not None:
                out.append(pair)
                i = last + 1
                continue
        for p_first, p_last in split_and_or(doc, first, last) if last > first else ():
            cand = title_candidate(doc, p_first, p_last, known, "run", strength, "title-case run")
            if cand is not None and (cand.kind == "explicit" or cand.strength >= 0.4):
                out.append(cand)
        i = last + 1
    return out


# Words of a shouted sentence, not of a title in capitals ("I LOVE THIS BOOK SO MUCH")
_SHOUTING = frozenset("i me my you your we is are was were so this that love hate just really "
                      "very omg lol not dont don't cant can't never ever please".split())


def _shouted_title(doc: Doc, first: int, last: int) -> bool:
    """Three or more words in capitals that read as a title, not a shouted sentence."""
    words = [t.lower for t in doc.tokens[first:last + 1] if t.is_word]
    return len(words) >= 3 and not any(w in _SHOUTING for w in words)


def find_name_title(doc: Doc, known: Known) -> list[Candidate]:
    """"Natalie Zemon Davis, The Return of Martin Guerre": a person, a comma, a title."""
    out: list[Candidate] = []
    toks = doc.tokens
    # The name ends just before a comma: none to find after the last.
    end = last_comma(doc)
    i = 0
    while i < end:
        t = toks[i]
        if not (t.is_word and t.cap):
            i += 1
            continue
        got = name_after(doc, i)
        if got is None:
            i += 1
            continue
        first, last, name = got
        words = [x.text for x in toks[first:last + 1] if x.is_word]
        i = last + 1
        if last + 2 >= len(toks) or toks[last + 1].text != ",":
            continue
        # "Chalmers, The Conscious Mind.": one surname will do before an article's title when
        # the thread does not know that word as a title ("Dune, The Hobbit." is a list)
        if len(words) < 2 and not (len(words) == 1 and surname_like(words[0]) and
                                   not any(p.fullmatch(words[0]) for p, _t, _a in
                                           known.titles)):
            continue
        # "Ilan Pappé, The Ethnic Cleansing of Palestine": an unknown given name, but a
        # sentence that opens with two or three name words, a comma and "The ..." is a byline.
        # Two name words will do without the article: "Sidney Mintz, Sweetness and Power."
        # One surname will do before a title with a subtitle: "Zettili, Quantum Mechanics:
        # Concepts and Applications" (lists of titles rarely carry subtitles)
        subtitled = len(words) == 1 and _subtitled_run_at(doc, last + 2)
        # (after a colon too: "If you want the musicology: Gunther Schuller, Early Jazz")
        article = (toks[last + 2].text in ("The", "A", "An") or len(words) >= 2 or subtitled) \
            and len(words) <= 3 and (_at_sentence_start(doc, first) or subtitled or
                                     first > 0 and toks[first - 1].text == ":") and \
            all(surname_like(w) or is_name_word(w) for w in words)
        if person_score(words, known.surnames) < 0.5 and not article:
            continue
        run = _run_at(doc, last + 2)
        if run is None:
            continue
        if article and person_score(words, known.surnames) < 0.5:
            nxt = toks[run[1] + 1] if run[1] + 1 < len(toks) else None
            if nxt is not None and nxt.text not in (".", "!", "(", "-", ":", ";") and \
                    "\n" not in doc.text[toks[run[1]].end:nxt.start]:
                continue  # "Red Mars, The Years of Rice and Salt and Aurora are ...": a list
        # "Gunther Schuller, Early Jazz and The Swing Era.": two of the person's titles
        for n, piece in enumerate(split_and_or(doc, run[0], run[1])):
            cand = title_candidate(doc, piece[0], piece[1], known, "pair", 0.75, "author, title")
            if cand is None or cand.kind != "explicit":
                continue
            if n == 0:
                cand.start = toks[first].start
            cand.authors = split_authors(name)
            out.append(cand)
    return out


def _subtitled_run_at(doc: Doc, i: int) -> bool:
    """Does a title-case run with a colon (a title and its subtitle) start at token ``i``?"""
    run = _run_at(doc, i)
    return run is not None and any(doc.tokens[k].text == ":" for k in range(run[0], run[1]))


_DEFINES = re.compile(r"\(\s*([A-Z][A-Za-z:&]{1,8}[A-Z])\b[^)\n]{0,20}\)")


def find_defined(doc: Doc, known: Known) -> list[Candidate]:
    """"Gödel, Escher, Bach (GEB from here on)": the abbreviation vouches for the title."""
    out: list[Candidate] = []
    toks = doc.tokens
    for m in _DEFINES.finditer(doc.text):
        letters = [c.casefold() for c in m.group(1) if c.isalpha()]
        end_tok = doc.token_at(m.start()) - 1
        if end_tok < 0:
            continue
        # Walk back over capitalised words (commas and small words allowed) until the
        # initials of the words spell the abbreviation.
        j = end_tok
        caps: list[str] = []
        every: list[str] = []
        found = False
        while j >= 0 and end_tok - j < 16 and len(every) <= len(letters) + 6:
            w = toks[j]
            if "\n" in doc.text[w.end:toks[j + 1].start if j + 1 < len(toks) else w.end]:
                break
            if w.is_word and (w.cap or w.function):
                parts = [p[0].casefold() for p in re.split(r"[-:]", w.text) if p]
                every[:0] = parts
                if w.cap:
                    caps[:0] = parts
                if (caps == letters or every == letters) and w.cap:
                    found = True
                    break
            elif w.text not in (",", ":", "&", "-"):
                break
            j -= 1
        if not found:
            continue
        a, b = span_of(doc, j, end_tok)
        title = clean_title(doc.text[a:b])
        if looks_like_title(title, marked=True):
            out.append(Candidate(a, b, "explicit", title=title, title_span=(a, b),
                                 strength=0.85, reasons=[f"defines {m.group(1)}"],
                                 source="marked"))
    return out
