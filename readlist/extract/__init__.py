"""Finding the works a post names and telling recommendations from mentions.

:func:`extract_mentions` is a pure function of a post (plus optional thread context), so it can
run in any process; :func:`could_mention` is the cheap pre-filter that skips hopeless posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from readlist.extract.candidates import (
    Candidate,
    find_author_only,
    find_by_author,
    find_possessive,
    find_quoted,
    find_tier,
    normalise_quotes,
)
from readlist.extract.context import ThreadContext, ThreadTracker
from readlist.extract.cues import judge, sentence_bounds
from readlist.extract.identifiers import find_identifiers
from readlist.extract.lexicon import RECOMMEND_RE
from readlist.models import Mention, Post

__all__ = ["extract_mentions", "could_mention", "ThreadContext", "ThreadTracker"]

QUOTE_CHARS = 220
_PREFILTER = re.compile(
    r"\bby\s+[A-Z]|['’]s?\s+[A-Z]|['’]s\s+(?:\w+\s+){0,2}(?:book|novel|work|essay|text|"
    r"writings|stuff|works|books)|\"[A-Z]|\*[A-Z]|_[A-Z]|https?://|\b10\.\d{4}|\d{9}[\dXx]|"
    r"\d-\d|-tier\b|\b(?:anything|everything|stuff) by\b",
)


def could_mention(text: str) -> bool:
    """Cheap test: can this post name a work at all? False lets the scanner skip it."""
    return _PREFILTER.search(text) is not None


def _quote(text: str, start: int, end: int) -> str:
    """The sentence around a mention, cut at word boundaries to about QUOTE_CHARS characters."""
    s, e = sentence_bounds(text, start)
    s, e = min(s, start), max(e, end)
    qs, qe = s, e
    if qe - qs > QUOTE_CHARS:
        room = max(0, QUOTE_CHARS - (end - start)) // 2
        qs = max(s, start - room)
        qe = min(e, end + room)
        if qs > s:
            space = text.find(" ", qs, start)
            qs = space + 1 if space != -1 else qs
        if qe < e:
            space = text.rfind(" ", end, qe)
            qe = space if space != -1 else qe
    quote = " ".join(text[qs:qe].split())
    return ("…" if qs > s else "") + quote + ("…" if qe < e else "")


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


_PRIORITY = {"description": 5, "explicit": 4, "possessive": 3, "author_only": 2}


def _select(cands: Iterable[Candidate]) -> list[Candidate]:
    """Keep the best reading of each stretch of text: longer, more specific patterns win."""
    chosen: list[Candidate] = []
    ranked = sorted(cands, key=lambda c: (-_PRIORITY.get(c.kind, 0) - (1 if c.authors else 0),
                                          -c.strength, -(c.end - c.start)))
    for c in ranked:
        clash = [k for k in chosen if _overlaps(k, c)]
        if not clash:
            chosen.append(c)
            continue
        # Two titles coordinated under one author share the author's span: keep both.
        if c.kind == "explicit" and c.authors and all(
            k.kind == "explicit" and k.authors == c.authors and k.title != c.title
            for k in clash
        ):
            chosen.append(c)
            continue
        # A quoted title that a "by Author" candidate also found lends it its quotes.
        for k in clash:
            if c.title and k.title and c.title.lower() in k.title.lower():
                k.strength = max(k.strength, c.strength)
    chosen.sort(key=lambda c: c.start)
    return chosen


def extract_mentions(post: Post, context: ThreadContext | None = None) -> list[Mention]:
    text = post.text
    if not could_mention(text):
        return []
    norm = normalise_quotes(text)
    lower = norm.lower()
    post_has_cue = RECOMMEND_RE.search(lower) is not None or bool(
        context and context.asks_for_books
    )
    cands = [
        *find_by_author(norm),
        *find_possessive(norm),
        *find_tier(norm),
        *find_author_only(norm),
        *find_quoted(norm),
    ]
    ref = post.ref()
    mentions: list[Mention] = []
    for c in _select(cands):
        if c.kind == "possessive" and c.strength < 0.5:
            continue
        verdict = judge(lower, c.start, c.end, c.strength, c.negative, post_has_cue)
        mentions.append(Mention(
            post=ref, surface=text[c.start:c.end], start=c.start, end=c.end, kind=c.kind,
            recommended=verdict.recommended, confidence=verdict.confidence, title=c.title,
            authors=c.authors, description=c.description, quote=_quote(text, c.start, c.end),
            reasons=(*c.reasons, *verdict.reasons),
        ))
    for ident in find_identifiers(text):
        verdict = judge(lower, ident.start, ident.end, 0.8, False, post_has_cue)
        mentions.append(Mention(
            post=ref, surface=text[ident.start:ident.end], start=ident.start, end=ident.end,
            kind=ident.kind, recommended=verdict.recommended, confidence=verdict.confidence,
            title=ident.title_hint, isbn=ident.isbn, doi=ident.doi, url=ident.url,
            quote=_quote(text, ident.start, ident.end), reasons=verdict.reasons,
        ))
    mentions.sort(key=lambda m: m.start)
    return mentions
