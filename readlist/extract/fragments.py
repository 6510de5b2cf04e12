"""Titles and authors written as fragments: "Salt, Fat, Acid, Heat. Samin Nosrat." or "McGee.
On Food and Cooking." (a title and its author as two sentences of their own), and a title
offered in brackets as the alternative to the one before it ("La Technique (or New Complete
Techniques)").
"""

from __future__ import annotations

import re

from readlist.extract.candidates import Candidate, Known, split_authors
from readlist.extract.lexicon import COMMON_WORDS, PLACES, SITES, TITLE_FUNCTION_WORDS
from readlist.extract.names import is_name_word, person_score
from readlist.extract.shape import surname_like, title_candidate
from readlist.extract.text import Doc
from readlist.extract.titles import clean_title, looks_like_title, span_of, split_and_or, title_run

_FRAGMENT = re.compile(r"\s*(?P<body>[^\s.!?][^.!?\n]{0,120}?)\s*[.!]+(?!\w)")  # ("REBECCA!!!")
# "Persuasion. Jane Austen is the original bridge.": the author opens the next sentence
_NAME_OPENS = re.compile(r"\s*(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}?)"
                         r"(?=\s*(?:[.!,]|\s(?:is|was|wrote)\b|'s\s))")


def _fragments(doc: Doc) -> list[tuple[int, int, str]]:
    """Sentences that are a bare phrase and a full stop: (start, end, phrase)."""
    out = []
    for s, e in doc.sentences:
        m = _FRAGMENT.match(doc.text, s, e)
        if m is not None and not doc.text[m.end():e].strip():
            out.append((m.start("body"), m.end("body"), m.group("body")))
        else:
            out.append((s, e, ""))
    return out


def _name_fragment(phrase: str, known: Known) -> bool:
    """"Samin Nosrat", "McGee": one to three name words and nothing else."""
    words = phrase.split()
    if not 1 <= len(words) <= 3 or not all(is_name_word(w) for w in words) or \
            any(w.casefold() in TITLE_FUNCTION_WORDS or w.casefold() in COMMON_WORDS or
                w.casefold() in PLACES for w in words):
        return False
    return person_score(words, known.surnames) >= 0.5 or all(
        surname_like(w) or re.fullmatch(r"(?:Mc|Mac|O')[A-Z][a-z]+", w) for w in words)


def _title_fragment(phrase: str) -> bool:
    """"On Food and Cooking", "Salt, Fat, Acid, Heat": capitalised words (commas allowed)."""
    words = phrase.replace(",", " ").split()
    return 1 <= len(words) <= 12 and words[0][:1].isupper() and looks_like_title(phrase) and \
        all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in TITLE_FUNCTION_WORDS
            for w in words) and phrase.casefold() not in SITES


_CUE_OPENS = re.compile(r"(?:start with|begin with|try|read|get|grab|go with)\s+(?=[A-Z])",
                        re.IGNORECASE)


def find_fragment_pairs(doc: Doc, known: Known) -> list[Candidate]:
    """"Salt, Fat, Acid, Heat. Samin Nosrat." / "McGee. On Food and Cooking." / "Persuasion.
    Jane Austen is ...": a name and a title written as two sentences (the name alone, or
    opening its sentence) are a title and its author."""
    out: list[Candidate] = []
    frags = _fragments(doc)
    for (s1, e1, p1), (s2, e2, p2) in zip(frags, frags[1:], strict=False):
        if p1 and not _name_fragment(p2, known) and "\n\n" not in doc.text[e1:s2] and \
                _title_fragment(p1):
            # the second sentence goes on after the name: "... Jane Austen is the original"
            opens = _NAME_OPENS.match(doc.text, s2, e2)
            name = opens.group("name") if opens is not None else ""
            # (one word may look like a surname too: "Persuasion. Jane Austen is ...", where
            # the name is surely one and the word is not)
            # (the name must surely be one: "Seconding Theodore Gray. Molecules is ...")
            sure = person_score(name.split(), known.surnames) >= 0.5
            title_ok = not _name_fragment(p1, known) or " " not in p1 and \
                person_score([p1], known.surnames) < 0.5
            if opens is not None and sure and title_ok and _name_fragment(name, known) and \
                    _CUE_OPENS.match(p1) is None and not doc.is_masked(s1, opens.end()):
                out.append(Candidate(s1, e1, "explicit", title=clean_title(p1),
                                     authors=split_authors(name),
                                     title_span=(s1, e1), strength=0.7, source="pair",
                                     reasons=["a title alone, then its author"]))
                continue
        if not p1 or not p2 or "\n\n" in doc.text[e1:s2]:
            continue
        if _name_fragment(p2, known) and not _name_fragment(p1, known) and _title_fragment(p1):
            (ts, te, title), name = (s1, e1, p1), p2
        elif _name_fragment(p1, known) and not _name_fragment(p2, known) and \
                _title_fragment(p2):
            (ts, te, title), name = (s2, e2, p2), p1
        else:
            continue
        if doc.is_masked(min(s1, s2), max(e1, e2)) or \
                set(name.casefold().split()) & set(title.casefold().replace(",", " ").split()):
            continue  # "Start with Guards. Guards.": one title said twice
        cue = _CUE_OPENS.match(title)
        if cue is not None and ts == s2:
            # "Thomas Ligotti. Start with Songs of a Dead Dreamer.": the author recommended,
            # then where to begin; the cue is no part of the title
            ts += cue.end()
            out.append(Candidate(s1, e1, "author_only", authors=split_authors(name),
                                 title_span=(s1, e1), strength=0.7, source="pair",
                                 reasons=["an author named alone, then a book to start with"],
                                 cue=cue.group(0).strip().casefold()))
            out.append(Candidate(ts, e2, "explicit", title=clean_title(doc.text[ts:te]),
                                 authors=split_authors(name), title_span=(ts, te),
                                 strength=0.75, source="pair",
                                 reasons=["title after its author's name"]))
            continue
        # "Graeber. Debt: The First 5000 Years and Fragments of an Anarchist Anthropology."
        for a, b in _pieces(doc, ts, te):
            whole = (a, b) == (ts, te)
            out.append(Candidate(min(s1, a) if whole or a == ts else a,
                                 max(e2, b) if whole else b, "explicit",
                                 title=clean_title(doc.text[a:b]),
                                 authors=split_authors(name), title_span=(a, b), strength=0.75,
                                 reasons=["title and author as two fragments"], source="pair"))
    return out


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The titles a fragment ``start``..``end`` holds, split where "and" joins two."""
    toks = doc.tokens
    first = doc.token_at(start)
    last = first
    while last + 1 < len(toks) and toks[last + 1].end <= end:
        last += 1
    if first >= len(toks) or toks[first].start != start:
        return [(start, end)]
    spans = [span_of(doc, a, b) for a, b in split_and_or(doc, first, last)]
    return spans if len(spans) > 1 else [(start, end)]


_ALTERNATIVE = re.compile(r"(?<=[\w'])\s*\(\s*or\s+(?=[A-Z])")


def find_alternatives(doc: Doc, known: Known) -> list[Candidate]:
    """"Pépin's La Technique (or New Complete Techniques, the updated one)": a title offered in
    brackets as the alternative to the one before it."""
    out: list[Candidate] = []
    for m in _ALTERNATIVE.finditer(doc.text):
        if not doc.text[:m.start()].rstrip()[-1:].isalpha() or \
                not doc.tokens[doc.token_at(m.start()) - 1].cap:
            continue  # only after a capitalised word, the end of a title
        run = title_run(doc, doc.token_at(m.end()))
        if run is None:
            continue
        for p_first, p_last in split_and_or(doc, *run):
            # (not a weak source: an aside in brackets after a work is dropped, this one
            # is offered as another work in its own right)
            cand = title_candidate(doc, p_first, p_last, known, "alternative", 0.6,
                                    "offered as the alternative in brackets")
            if cand is not None and cand.kind == "explicit":
                out.append(cand)
    return out
