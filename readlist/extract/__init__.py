"""Finding the works a post names and telling recommendations from mentions.

:func:`extract_mentions` is a pure function of a post (plus its thread context), so it can
run in any process; :func:`could_mention` is the cheap pre-filter that skips hopeless posts.
No model is downloaded: the work is done by patterns, word lists and the shape of titles.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import replace
from typing import cast

from readlist.extract.assemble import AUTHORS_WORK, WEAK_SOURCES, assemble, titles_not_possessors
from readlist.extract.bare import (
    find_cue_objects,
    find_defined,
    find_name_title,
    find_runs,
    find_sentence_titles,
)
from readlist.extract.byline import find_by_author
from readlist.extract.candidates import (
    Candidate,
    Known,
    find_author_only,
    find_known,
    find_marked,
    find_series,
    find_tier,
    find_writers,
)
from readlist.extract.context import (
    AFFIRMS,
    AGREEMENT,
    ThreadContext,
    ThreadMemory,
    ThreadTracker,
    agrees,
)
from readlist.extract.cues import READ_IT, Frame, Verdict, frame_for, judge
from readlist.extract.fragments import find_alternatives, find_fragment_pairs
from readlist.extract.gate import could_mention, marks_of
from readlist.extract.identifiers import find_identifiers
from readlist.extract.lexicon import NEGATIVE_RE
from readlist.extract.lists import find_author_bracket_titles, find_title_lists
from readlist.extract.nonworks import nonwork_reason
from readlist.extract.possessive import (
    find_possessive,
    find_pronoun_works,
    find_the_authors_book,
)
from readlist.extract.text import Doc, is_list_item, prepare
from readlist.models import Mention, Post

__all__ = ["extract_mentions", "could_mention", "ThreadContext", "ThreadTracker"]

QUOTE_CHARS = 220

# --- thread memory as the finders need it ------------------------------------------------

def known_from(memory: ThreadMemory | None) -> Known:
    """Compile what the thread named so far (cached per memory version)."""
    if memory is None:
        return Known()
    cached = memory.cache.get("known")
    if isinstance(cached, tuple) and cached[0] == memory.version:
        return cast(Known, cached[1])
    patterns = []
    seen: set[str] = set()
    for kt in memory.titles.values():
        for form in _short_forms(kt.title):
            key = form.casefold()
            if key in seen:
                continue
            seen.add(key)
            words = form.split()
            if len(words) == 1:
                # One word must be written as a name is, unless the title is that one
                # unusual word ("seconding blindsight").
                whole = len(kt.title.split()) == 1 and len(form) >= 8
                flags = re.IGNORECASE if whole else 0
                pat = re.compile(rf"(?<![\w'-]){re.escape(form)}(?![\w'-])", flags)
            else:
                pat = re.compile(r"(?<![\w'-])" + r"[\s-]+".join(re.escape(w) for w in words) +
                                 r"(?![\w'-])", re.IGNORECASE)
            patterns.append((pat, kt.title, kt.authors))
    abbreviations = {a: (k.title, k.authors) for a, k in memory.abbreviations.items()}
    for kt in memory.titles.values():
        initials = _initials(kt.title)
        if initials is not None and initials not in abbreviations:
            abbreviations[initials] = (kt.title, kt.authors)
    known = Known(surnames=frozenset(memory.authors), titles=patterns,
                  abbreviations=abbreviations, nonworks=frozenset(memory.nonworks))
    memory.cache["known"] = (memory.version, known)
    return known


def _initials(title: str) -> str | None:
    """"Salt, Fat, Acid, Heat" -> "SFAH", "Designing Data-Intensive Applications" -> "DDIA":
    the capitals readers write for a long title the thread named (four letters or more, so
    that a short one does not stand for a common word)."""
    words = [w for w in re.split(r"[\s,:;-]+", title) if w and w[:1].isalpha()]
    if words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    letters = "".join(w[0] for w in words if w[:1].isupper())
    if len(letters) < 4 or len(letters) != len(words):
        return None
    return letters.upper()


def _short_forms(title: str) -> list[str]:
    """"The Wretched of the Earth" -> also "Wretched of the Earth"; "Debt: The First 5000
    Years" -> also "Debt"; "Open Veins of Latin America" -> also "Open Veins"."""
    t = " ".join(title.replace("-", " ").split())
    forms = [t]
    low = t.casefold()
    for article in ("the ", "a ", "an "):
        if low.startswith(article) and len(t) > len(article) + 3:
            forms.append(t[len(article):])
    main = re.split(r"\s*:\s+", t, maxsplit=1)[0]
    if main != t and (len(main.split()) > 1 or len(main) >= 4 and main[:1].isupper()):
        forms.append(main)
    words = t.split()
    # "The Greatest Benefit to Mankind" -> also "The Greatest Benefit" and "Greatest Benefit":
    # the head before its first link word, when two words or more stand without the article
    lead = 1 if words and words[0].casefold() in ("the", "a", "an") else 0
    for i, w in enumerate(words[1:], start=1):
        if w.casefold() in ("of", "in", "for", "from", "and", "to", "on"):
            if i - lead >= 2:
                forms.append(" ".join(words[:i]))
                if lead:
                    forms.append(" ".join(words[lead:i]))
            break
    return [f for f in forms if len(f) >= 3]


# --- choosing among overlapping readings -------------------------------------------------

_PRIORITY = {"marked": 9, "by": 8, "pair": 8, "possessive": 7, "known": 7, "tier": 7,
             "author_only": 6, "writer": 6, "alternative": 6, "list": 6, "series": 5, "cue": 5, "sentence": 4, "run": 2}


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _title_overlaps(a: Candidate, b: Candidate) -> bool:
    (s1, e1), (s2, e2) = a.key_span, b.key_span
    return s1 < e2 and s2 < e1


def select(cands: Iterable[Candidate]) -> list[Candidate]:
    """Keep the best reading of each stretch of text: specific patterns beat bare runs."""
    ranked = sorted(cands, key=lambda c: (-(_PRIORITY.get(c.source, 0) + (1 if c.authors and
                                                                           c.title else 0)),
                                          -c.strength, -(c.end - c.start), c.start))
    chosen: list[Candidate] = []
    # Chosen spans by start, so a clash is looked up near the candidate, not in every span.
    by_start: list[tuple[int, int]] = []
    longest = 0
    for c in ranked:
        lo = bisect_left(by_start, (c.start - longest, -1))
        hi = bisect_left(by_start, (c.end, -1))
        clash = [chosen[i] for _s, i in by_start[lo:hi] if _overlaps(chosen[i], c)]
        if not clash:
            insort(by_start, (c.start, len(chosen)))
            chosen.append(c)
            longest = max(longest, c.end - c.start)
            continue
        # Titles coordinated under one author share the author's span: keep each.
        if c.source == "by" and all(k.source == "by" and k.authors == c.authors and
                                    not _title_overlaps(k, c) for k in clash):
            insort(by_start, (c.start, len(chosen)))
            chosen.append(c)
            longest = max(longest, c.end - c.start)
            continue
        for k in clash:
            if c.cue and not k.cue and _title_overlaps(k, c):
                k.cue = c.cue
            if c.source == "known" and k.title and c.title and _title_overlaps(k, c) and \
                    k.source in ("sentence", "run", "cue", "series"):
                k.title, k.strength = c.title, max(k.strength, c.strength)
                k.authors = k.authors or c.authors
            if k.source in ("by", "pair", "possessive") and c.source in ("marked", "known"):
                k.strength = max(k.strength, c.strength)
    chosen.sort(key=lambda c: c.start)
    return chosen


# --- the extractor -----------------------------------------------------------------------

def _quote(text: str, doc: Doc, start: int, end: int) -> str:
    """The sentence around a mention, cut at word boundaries to about QUOTE_CHARS characters."""
    s, _ = doc.sentence_of(start)
    _, e = doc.sentence_of(max(start, end - 1))
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


_NOTHING_TO_JUDGE = Frame(asker=False, answering=False, books_topic=False, list_intro=-1)
_PREDICATE = re.compile(r"\s*(?:is|are|was|were|have|has|had)\b", re.IGNORECASE)


def extract_mentions(post: Post, context: ThreadContext | None = None) -> list[Mention]:
    """Every work (or author) ``post`` names, each marked recommended or not, with why."""
    text = post.text
    ctx = context or ThreadContext()
    if not text or not could_mention(text, ctx, marks_of(post.hints)):
        return []
    doc = prepare(text)
    known = known_from(ctx.memory)
    hints = [(h.start, h.end, h.kind) for h in post.hints
             if h.kind in ("italic", "bold", "link", "cite") and 0 <= h.start < h.end <= len(text)]
    quoted = tuple((h.start, h.end) for h in post.hints if h.kind == "quote")
    # Items of a list the markup gave (Markdown "- X", HTML <li>): their markers are gone
    # from the text, so is_list_item alone would not see them.
    items = tuple((h.start, h.end) for h in post.hints if h.kind == "list_item")

    def in_list(pos: int) -> bool:
        return is_list_item(text, pos) or any(a <= pos < b for a, b in items)

    specific = [
        *find_marked(doc, hints, known),
        *find_defined(doc, known),
        *find_by_author(doc, known),
        *find_possessive(doc, known),
        *find_pronoun_works(doc, known),
        *find_the_authors_book(doc, known),
        *find_author_only(doc, known),
        *find_tier(doc),
        *find_known(doc, known),
        *find_writers(doc, known),
    ]
    # Authors this post names make the same names people, not titles, further on.
    authors = {a.split()[-1].casefold() for c in specific for a in c.authors if a.split()}
    local = replace(known, surnames=known.surnames | authors) if authors else known
    cands = [
        *specific,
        *find_name_title(doc, local),
        *find_fragment_pairs(doc, local),
        *find_alternatives(doc, local),
        *find_title_lists(doc, local),
        *find_author_bracket_titles(doc, local),
        *find_series(doc, local),
        *find_cue_objects(doc, local),
        *find_sentence_titles(doc, local),
        *find_runs(doc, local),
    ]
    titles_not_possessors(cands, known, text)
    chosen = assemble(text, [c for c in select(cands) if nonwork_reason(doc, c) is None and
                             not (c.title and c.title.casefold() in known.nonworks)], known)
    idents = find_identifiers(text)
    # The frame is for judging what was found: a third of the posts the pre-filter passes
    # have nothing (a capitalised name near "read" that no finder takes for a title).
    frame = frame_for(doc, ctx, quoted) if chosen or idents else _NOTHING_TO_JUDGE
    ref = post.ref()
    mentions: list[Mention] = []
    starts = tuple(c.key_span[0] for c in chosen)
    for c in chosen:
        link = next((i for i in idents if c.start <= i.start < c.end + 3), None)
        ts, te = c.key_span
        if c.scope_start is not None:
            ts = min(ts, c.scope_start)
        verdict = judge(doc, ts, max(te, c.end), frame, strength=c.strength,
                        negative=c.negative, own_cue=_own_cue(c),
                        in_list=in_list(c.start),
                        later_mentions=starts,
                        weak=c.source in WEAK_SOURCES, remembered=c.source == "known",
                        bare=c.source == "run" and not _ends_sentence(text, c.end) and
                        not _after_condition(doc, c.start),
                        # "Fanon's essays" in an answer names writings; "Fanon" alone, or
                        # "Taleb's books are ..." without praise, is talk about a person
                        person=c.kind == "author_only" and (
                            c.source != "possessive" or
                            _PREDICATE.match(text, c.end) is not None))
        if verdict.reasons == ("agrees about it",) and _parent_recommended(ctx, c):
            verdict = Verdict(True, 0.7, ("agrees with the post it answers, which recommends it",))
        if not verdict.recommended and c.source in WEAK_SOURCES and (
                c.strength < 0.55 or not frame.bookish or (c.title or "").islower()):
            continue  # a capitalised (or lower-case) phrase nobody recommends: not worth reporting
        reasons = (*c.reasons, *verdict.reasons)
        if c.source in WEAK_SOURCES:
            reasons = (*reasons, "weak title")
        mentions.append(Mention(
            post=ref, surface=text[c.start:c.end], start=c.start, end=c.end, kind=c.kind,
            recommended=verdict.recommended, confidence=verdict.confidence,
            title=c.title, authors=c.authors, description=c.description,
            isbn=link.isbn if link else None, doi=link.doi if link else None,
            url=link.url if link else None, quote=_quote(text, doc, c.start, c.end),
            reasons=reasons,
        ))
        if link is not None:
            idents.remove(link)
    for ident in idents:
        verdict = judge(doc, ident.start, ident.end, frame, strength=0.8,
                        in_list=in_list(ident.start),
                        later_mentions=())
        mentions.append(Mention(
            post=ref, surface=text[ident.start:ident.end], start=ident.start, end=ident.end,
            kind=ident.kind, recommended=verdict.recommended, confidence=verdict.confidence,
            title=ident.title_hint, isbn=ident.isbn, doi=ident.doi, url=ident.url,
            quote=_quote(text, doc, ident.start, ident.end), reasons=verdict.reasons,
        ))
    # (an author named beside the "yes" does not stop it: "Yes, worth it. X is amazing.")
    if not any(m.title or m.authors and m.kind != "author_only" for m in mentions) and \
            ctx.parent_works and (agrees(text) or len(text) <= 200 and _AFFIRM_READ.match(text)
                                  or _answers_read_it(text, doc, ctx)):
        mentions.extend(_agreements(post, ctx, doc))
    elif ctx.parent_works and _AGREES_FIRST.match(text) and any(m.title for m in mentions):
        # "+1, and for planes Hack's The Handplane Book.": it agrees with the post it answers,
        # then adds its own (a long "This." that names nothing may be about anything)
        # ("THIS. Frankenstein is SO much sadder ...": the work it names again is the one it
        # agrees with; the parent's bare identifiers need no second mention)
        mentions = [replace(m, recommended=True, confidence=max(m.confidence, 0.7),
                            reasons=(*m.reasons, "agrees with the post it answers"))
                    if not m.recommended and m.title and _named_by_parent(m, ctx) and
                    "question" not in m.reasons else m for m in mentions]
        mentions.extend(a for a in _agreements(post, ctx, doc)
                        if not _named(a, mentions) and a.title)
    mentions.sort(key=lambda m: m.start)
    return mentions


# An agreement closed by its punctuation, before the post goes on to name works of its own
# ("+1 Roads Were Not Built for Cars" agrees about the title it names, not the whole post).
_AGREES_FIRST = re.compile(r"\s*(?:\+1|seconded|thirded|agreed|this)\s*[,.!;:]", re.IGNORECASE)


def _named_by_parent(m: Mention, ctx: ThreadContext) -> bool:
    """Is ``m`` a work the post answered recommended?"""
    title = (m.title or "").casefold()
    return any(w.recommended and (w.title or "").casefold() == title for w in ctx.parent_works)


def _named(work: Mention, mentions: list[Mention]) -> bool:
    """Does the post name ``work`` itself among ``mentions``?"""
    title = (work.title or "").casefold()
    for m in mentions:
        other = (m.title or "").casefold()
        if title and other and (title in other or other in title):
            return True
        if not title and not other and set(work.authors) & set(m.authors):
            return True
    return False


def _ends_sentence(text: str, end: int) -> bool:
    """Does a sentence end right after ``end`` (the next sentence's praise is then about what
    ended it)?"""
    return re.match(r"\s*(?:[.!]+(?:\s|$)|\n|$)", text[end:end + 3]) is not None


def _after_condition(doc: Doc, start: int) -> bool:
    """Does the phrase open the main clause after an "if ...," clause ("If X is too much,
    Y is ...")?"""
    s = doc.sentence_of(start)[0]
    return re.match(r"\s*(?:if|when|unless)\b[^,;]*,\s*$", doc.lower[s:start]) is not None


# "yes!! the agriculture chapters are exactly this. read it": a yes, then "read it".
_AFFIRM_READ = re.compile(r"^\s*(?:yes|yep|yeah|absolutely|definitely|100%)\b[^?]{0,150}?"
                          r"\b(?:read|get|try|grab) (?:it|them|this|that)\b(?! (?:critically|"
                          r"carefully|with))", re.IGNORECASE)


# "It's good!", "Not overkill. It's the only finishing book you'll ever need.": a verdict on
# the work the parent asked about, opening the answer.
_VERDICT_ON_IT = re.compile(
    r"^\s*(?:(?:not\s+\w+|yes|yep|yeah|definitely|absolutely|oh\s+yes)\s*[.!,]+\s*)?"
    r"it'?s\s+(?:(?:so|really|very|genuinely|honestly|seriously)\s+)?(?:good|great|excellent|"
    r"brilliant|fantastic|amazing|wonderful|superb|worth\s+it|the\s+(?:only|best|one))\b")


def _answers_read_it(text: str, doc: Doc, ctx: ThreadContext) -> bool:
    """A short answer to a question about a work that tells the asker to read it, or opens
    with praise of it, with no criticism: "It holds up. The bowling pin idea is still the
    clearest. Read it.", "Not overkill. It's the only finishing book you'll ever need." """
    return len(text) <= 300 and any(w.asked for w in ctx.parent_works) and \
        (READ_IT.search(doc.lower) is not None or _VERDICT_ON_IT.match(doc.lower) is not None) \
        and NEGATIVE_RE.search(doc.lower) is None


def _parent_recommended(ctx: ThreadContext, c: Candidate) -> bool:
    """Did the post this one answers recommend the work ``c`` names?"""
    title = (c.title or "").casefold()
    surnames = {a.split()[-1].casefold() for a in c.authors if a.split()}
    for w in ctx.parent_works:
        if not w.recommended:
            continue
        if title and w.title and (title in w.title.casefold() or w.title.casefold() in title):
            return True
        if not title and surnames & {a.split()[-1].casefold() for a in w.authors if a.split()}:
            return True
    return False


def _agreements(post: Post, ctx: ThreadContext, doc: Doc) -> list[Mention]:
    """"This.", "+1", "Yes, read it": a reply that names nothing recommends again what the
    post it answers recommended (or, answering "is X any good?", the X it asked about)."""
    m = AGREEMENT.match(post.text) or _AFFIRM_READ.match(post.text)
    read_it = None if m is not None else (READ_IT.search(doc.lower) or
                                          _VERDICT_ON_IT.match(doc.lower))
    if m is None and read_it is None:
        return []
    if m is not None:
        start = len(m.group(0)) - len(m.group(0).lstrip())
        end = len(m.group(0).rstrip(" ,"))
        said = m.group(0).strip()
    else:  # "It holds up. ... Read it." answering "does X hold up?"
        start, end = read_it.start(), read_it.end()  # type: ignore[union-attr]
        said = post.text[start:end]
    if end <= start:
        return []
    affirms = AFFIRMS.match(post.text) is not None or m is None
    out = []
    for w in ctx.parent_works:
        if not (w.recommended or w.asked and affirms):
            continue
        out.append(Mention(
            post=post.ref(), surface=post.text[start:end], start=start, end=end, kind=w.kind,
            recommended=True, confidence=0.72 if w.recommended else 0.65, title=w.title,
            authors=w.authors, description=w.description, isbn=w.isbn, doi=w.doi, url=w.url,
            quote=_quote(post.text, doc, start, end),
            reasons=(f"agrees with the post it answers ('{said}')",)))
    return out


def _own_cue(c: Candidate) -> str | None:
    """Cues a finder saw that the sentence scan may not: "anything by", "seconding"."""
    if c.cue and (c.source == "author_only" or c.source == "pair" and c.kind == "author_only"
                  or c.cue == AUTHORS_WORK):
        return c.cue
    return None
