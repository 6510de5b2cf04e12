"""Titles listed inline: "Dune, Hyperion and Foundation.", "I'd recommend The Name of the Wind,
The Wise Man's Fear and The Lies of Locke Lamora", each item a title of its own."""

from __future__ import annotations

import re

from readlist.extract.bare import cue_verbs, last_comma, sentence_starts
from readlist.extract.candidates import Candidate, Known
from readlist.extract.lexicon import NOT_NAMES
from readlist.extract.names import is_name_word, person_score
from readlist.extract.shape import surname_like, title_candidate
from readlist.extract.text import Doc

MAX_ITEM_TOKENS = 10
# What may follow the last item of a list of titles (a list of places or people in the middle
# of a sentence is followed by anything else).
_LIST_FOLLOWERS = frozenset(
    ". ! : ; ( ) - are were all both each is imo tbh too also as if".split())
# A plural kind of work, then its members in brackets
_KIND_THEN_BRACKET = re.compile(r"\b(?:books|novels|novellas|dialogues|essays|stories|plays|"
                                r"poems|papers|sequels|volumes|ones)\s*\(\s*")


def find_title_lists(doc: Doc, known: Known) -> list[Candidate]:
    """Three or more capitalised items joined by commas and a last "and"/"or", at the start of
    a sentence or after a cue verb. Every item must read as a title (no person, no place)."""
    toks = doc.tokens
    starts = set(sentence_starts(doc))
    for m in cue_verbs(doc):
        starts.add(doc.token_at(m.end()))
    for m in _KIND_THEN_BRACKET.finditer(doc.lower):
        starts.add(doc.token_at(m.end()))  # "the early dialogues (Euthyphro, Apology, Crito)"
    out: list[Candidate] = []
    taken = -1
    end = last_comma(doc)  # a list needs a comma after its first item
    for i in sorted(starts):
        if i <= taken or i >= end:
            continue
        items = _list_at(doc, i)
        if items is None:
            continue
        group: list[Candidate] = []
        for a, b in items:
            single = a == b
            cand = title_candidate(doc, a, b, known, "list", 0.55 if single else 0.6,
                                    "in a list of titles")
            if cand is None or cand.kind != "explicit":
                group = []
                break  # one person or place in it: a list of something else
            group.append(cand)
        if not group:
            continue
        scope = toks[items[0][0]].start
        for cand in group:
            cand.scope_start = scope
        out.extend(group)
        taken = items[-1][1]
    return out


def _list_at(doc: Doc, i: int) -> list[tuple[int, int]] | None:
    """The items (first, last token) of a list of title-case items starting at token ``i``."""
    toks = doc.tokens
    n = len(toks)
    segments: list[list[int]] = [[]]
    j = i
    while j < n:
        t = toks[j]
        if j > i and "\n" in doc.text[toks[j - 1].end:t.start]:
            break
        if t.text == ",":
            if not segments[-1]:
                return None
            segments.append([])
        elif t.is_word and (t.cap or t.function) or t.text in ("'", "&"):
            segments[-1].append(j)
            if len(segments[-1]) > 2 * MAX_ITEM_TOKENS:
                return None
        else:
            break
        j += 1
    follower = toks[j].lower if j < n else "."
    if j < n and "\n" in doc.text[toks[j - 1].end:toks[j].start]:
        follower = "."
    if len(segments) < 2 or not segments[-1] or follower not in _LIST_FOLLOWERS:
        return None
    if len(segments) == 2 and 2 <= len(segments[0]) <= 3 and \
            all(surname_like(toks[k].text) or is_name_word(toks[k].text) for k in segments[0]):
        return None  # "Sidney Mintz, Sweetness and Power.": a name and a title, not three
    # An Oxford comma: ", and X".
    for seg in segments[1:]:
        while seg and toks[seg[0]].lower in ("and", "or", "&"):
            seg.pop(0)
    last = segments[-1]
    joins = [k for k, ti in enumerate(last) if toks[ti].lower in ("and", "or", "&") and
             not toks[ti].cap]
    if joins and len(segments) >= 2 and not (len(segments) == 2 and joins[-1] == 0):
        cut = joins[-1]
        segments[-1:] = [last[:cut], last[cut + 1:]]
    items: list[tuple[int, int]] = []
    for seg in segments:
        # Trailing function words ("... are all") are not part of the item.
        while seg and toks[seg[-1]].function:
            seg.pop()
        if not seg or len(seg) > MAX_ITEM_TOKENS:
            return None
        a, b = seg[0], seg[-1]
        if not (toks[a].cap and toks[b].cap):
            return None
        items.append((a, b))
    if len(items) < 3:
        return None
    return items


# "Lee Reich for fruit (Uncommon Fruits for Every Garden, Grow Fruit Naturally)": a person, an
# optional topic, then titles in brackets
_AUTHOR_THEN_BRACKET = re.compile(
    r"(?P<name>\b[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,2})\s+(?:for\s+[a-z][a-z\s-]{0,30}?\s*)?"
    r"\(\s*(?P<body>[^()\n]{3,240})\)")


def find_author_bracket_titles(doc: Doc, known: Known) -> list[Candidate]:
    """An author named as the head of a phrase with their titles in brackets after: the author
    is recommended, and each title in the brackets is theirs."""
    out: list[Candidate] = []
    for m in _AUTHOR_THEN_BRACKET.finditer(doc.text):
        words = m.group("name").split()
        while words and words[0] in NOT_NAMES:
            words.pop(0)  # "And Lee Reich for fruit (...)"
        name = " ".join(words)
        name_start = m.end("name") - len(name)
        if len(words) < 2 or person_score(words, known.surnames) < 0.5:
            continue
        items: list[Candidate] = []
        pos = m.start("body")
        for part in m.group("body").split(","):
            a = pos + len(part) - len(part.lstrip())
            b = pos + len(part.rstrip())
            pos += len(part) + 1
            first, last = doc.token_at(a), doc.token_at(b) - 1
            if not 0 <= first <= last:
                items = []
                break
            cand = title_candidate(doc, first, last, known, "list", 0.65,
                                    "in brackets after its author")
            if cand is None or cand.kind != "explicit" or not doc.tokens[last].cap:
                items = []
                break
            cand.authors = (name,)
            items.append(cand)
        if not items:
            continue
        out.append(Candidate(name_start, m.end("name"), "author_only", authors=(name,),
                             title_span=(name_start, m.end("name")), strength=0.7,
                             source="pair", cue="titles given",
                             reasons=["an author named with titles in brackets"]))
        out.extend(items)
    return out
