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
from readlist.extract.names import GIVEN_NAMES, person_score
from readlist.extract.nonworks import nonwork_reason
from readlist.extract.possessive import (
    find_possessive,
    find_pronoun_works,
    find_the_authors_book,
)
from readlist.extract.shape import surname_like
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


_WEAK_SOURCES = ("run", "sentence", "cue", "series", "list")
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
    _titles_not_possessors(cands, known, text)
    chosen = _drop_contained([c for c in select(cands) if nonwork_reason(doc, c) is None and
                              not (c.title and c.title.casefold() in known.nonworks)])
    chosen = _author_then_title(text, _named_descriptions(text, _drop_asides(text, chosen)), known)
    _the_authors_works(text, chosen)
    _with_date_range(text, chosen)
    chosen = _drop_authors_taken_for_titles(chosen)
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
                        weak=c.source in _WEAK_SOURCES, remembered=c.source == "known",
                        bare=c.source == "run" and not _ends_sentence(text, c.end) and
                        not _after_condition(doc, c.start),
                        # "Fanon's essays" in an answer names writings; "Fanon" alone, or
                        # "Taleb's books are ..." without praise, is talk about a person
                        person=c.kind == "author_only" and (
                            c.source != "possessive" or
                            _PREDICATE.match(text, c.end) is not None))
        if verdict.reasons == ("agrees about it",) and _parent_recommended(ctx, c):
            verdict = Verdict(True, 0.7, ("agrees with the post it answers, which recommends it",))
        if not verdict.recommended and c.source in _WEAK_SOURCES and (
                c.strength < 0.55 or not frame.bookish or (c.title or "").islower()):
            continue  # a capitalised (or lower-case) phrase nobody recommends: not worth reporting
        reasons = (*c.reasons, *verdict.reasons)
        if c.source in _WEAK_SOURCES:
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
        mentions.extend(a for a in _agreements(post, ctx, doc) if not _named(a, mentions))
    mentions.sort(key=lambda m: m.start)
    return mentions


# An agreement closed by its punctuation, before the post goes on to name works of its own
# ("+1 Roads Were Not Built for Cars" agrees about the title it names, not the whole post).
_AGREES_FIRST = re.compile(r"\s*(?:\+1|seconded|thirded|agreed|this)\s*[,.!;:]", re.IGNORECASE)


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


_WORK_NOUN_AFTER = re.compile(r"\s+(?:paper|papers|book|books|essay|article|novel|novels|"
                              r"trilogy|thesis|lectures|notes)\b")


_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)


def _named_in_full(text: str, surname: str) -> bool:
    """Does the post write ``surname`` after a given name somewhere ("Mieko Kawakami's 夏物語
    ... Kawakami's Heaven")? Then the possessor is a person the post named, not a title's
    first word."""
    return any(m.group(1)[0].isupper() and m.group(1).casefold() in GIVEN_NAMES for m in re.finditer(
        rf"(\w[\w'’-]*)\s+{re.escape(surname)}(?!\w)", text))


def _titles_not_possessors(cands: list[Candidate], known: Known, text: str) -> None:
    """"Robin Hobb's Farseer trilogy. Start with Assassin's Apprentice.": when a post names
    its author elsewhere, an unknown one-word "possessor" is part of a title instead."""
    authors = {a.casefold() for c in cands if c.source != "possessive" for a in c.authors}
    authors |= {c.authors[0].casefold() for c in cands if c.source == "possessive" and
                c.authors and person_score(c.authors[0].split(), known.surnames) >= 0.5}
    # ("Robert Citino's X ... Citino's Y": the surname of a full name the post gave)
    authors |= {a.split()[-1] for a in authors if " " in a}
    for c in cands:
        if c.source != "possessive" or c.kind != "possessive" or not c.authors or not c.title:
            continue
        owner = c.authors[0]
        named_in_full = _named_in_full(text, owner)
        unknown = " " not in owner and owner.casefold() not in known.surnames and \
            owner.casefold() not in authors and not named_in_full
        # "the original Kiki's Delivery Service novel": an article before the possessor puts
        # it inside a name; nobody writes "the Sapolsky's Behave"
        named = unknown and _ARTICLE_BEFORE.search(text, max(0, c.start - 30), c.start)
        if not named and (len(c.authors) > 1 or _WORK_NOUN_AFTER.match(text, c.end)):
            continue  # "Wagner & Weitzman's ...", "Ongaro's Raft paper": owners are authors
        if c.title.startswith(("The ", "A ", "An ")) or \
                re.fullmatch(r"[A-Z][a-z]+-[A-Z][a-z]+", owner):
            continue  # "Truby's The Anatomy of Story": no title goes on with an article;
            # "Cartier-Bresson's": a double-barrelled name is a person's
        # A given name alone owns a character's thing ("Charlotte's Web", "Sophie's World"):
        # people name authors by surname.
        character = named or unknown and owner.casefold() in GIVEN_NAMES
        if not character and (" " in owner or named_in_full or
                              owner.casefold() in known.surnames or
                              not authors or owner.casefold() in authors or
                              person_score([owner], known.surnames) > 0):
            continue
        c.kind, c.title, c.authors = "explicit", f"{owner}'s {c.title}", ()
        c.title_span = (c.start, c.end)
        c.reasons.append("possessive is part of the title")


def _drop_contained(chosen: list[Candidate]) -> list[Candidate]:
    """"Earthsea! A Wizard of Earthsea by ...": a bare title inside another is the same work."""
    titled = [c for c in chosen if c.title and c.source not in _WEAK_SOURCES]
    out = []
    for c in chosen:
        if c.source in _WEAK_SOURCES and c.title and c.kind == "explicit":
            low = c.title.casefold()
            if any(k is not c and low != k.title.casefold() and  # type: ignore[union-attr]
                   re.search(rf"(?<!\w){re.escape(low)}(?!\w)", k.title.casefold())  # type: ignore[union-attr]
                   for k in titled):
                continue
        out.append(c)
    return out


def _drop_asides(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """"Katie Mack's The End of Everything (Astrophysically Speaking)": brackets right after a
    work say more about it (its series, subtitle, original title); a bare capitalised phrase
    in them is no second work."""
    out = []
    for c in chosen:
        if c.source in _WEAK_SOURCES:
            opened = text.rfind("(", 0, c.start)
            closed = text.find(")", c.end)
            if opened != -1 and closed != -1 and ")" not in text[opened:c.start] and \
                    "(" not in text[c.end:closed] and "\n" not in text[opened:closed] and \
                    any(k is not c and k.source not in _WEAK_SOURCES and
                        0 <= opened - k.end <= 2 for k in chosen):
                continue
        out.append(c)
    return out


# "... In English it's 'A Short History of ...'", "it was published as X": the title of the
# work a description before it talks about.
_IT_IS_CALLED = re.compile(r"(?:\bit(?:'s| is| was)|\b(?:called|titled|entitled)|"
                           r"\b(?:published|translated|sold|known) as)\s*$", re.IGNORECASE)


def _named_descriptions(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A description followed by "it's <Title>" is that title's work: one mention, the title
    with the description's author."""
    out = list(chosen)
    for d in chosen:
        if d.kind != "description" or not d.authors:
            continue
        nxt = next((c for c in out if c.start >= d.end and c.title and not c.authors), None)
        # (a marked title's span starts at its quotation mark or asterisk)
        if nxt is None or nxt.start - d.end > 200 or \
                not _IT_IS_CALLED.search(text, d.end, nxt.start):
            continue
        nxt.authors = d.authors
        nxt.reasons.append("the work described before it")
        out.remove(d)
    return out


def _author_then_title(text: str, chosen: list[Candidate], known: Known) -> list[Candidate]:
    """"read Ioannidis, 'Why Most Published Research Findings Are False'", "Start with
    Esping-Andersen, The Three Worlds of Welfare Capitalism (1990)", "Korpi & Palme, "The
    Paradox of Redistribution"": a name (or names) and, after a comma, a title without an
    author are one work and its authors, when the title is marked, has a subtitle or a
    bibliographic aside, or there are several names ("Dune, The Hobbit." stays a list)."""
    out = list(chosen)
    pending: list[Candidate] = []  # "Atkinson, Piketty & Saez, ...": names before names
    for c in sorted(chosen, key=lambda k: k.start):
        names = _names_before_title(c, known)
        if names is None:
            pending = []
            continue
        nxt = min((k for k in out if k.start >= c.end), key=lambda k: k.start, default=None)
        if nxt is None or not _NAME_TO_TITLE.fullmatch(text, c.end, nxt.start):
            pending = []
            continue
        if _names_before_title(nxt, known) is not None:
            pending.append(c)
            continue
        group = [*pending, c]
        pending = []
        all_names = tuple(n for k in group for n in (_names_before_title(k, known) or ()))
        if not nxt.title or nxt.authors or not (
                nxt.source == "marked" or len(all_names) > 1 or c.kind == "author_only" or
                ":" in nxt.title or _CITED_AFTER.match(text, nxt.end)):
            continue
        nxt.authors = all_names
        nxt.reasons.append("its author named just before")
        if nxt.source in _WEAK_SOURCES:
            nxt.source = "pair"  # a name and a title: no bare capitalised phrase any more
            nxt.strength = max(nxt.strength, 0.7)
        for k in group:
            out.remove(k)
    return out


# What stands between the names and the title: "Kalanithi instead, When Breath ...",
# "Esping-Andersen, The Three Worlds ...", "Ioannidis, 'Why Most ...'"
_NAME_TO_TITLE = re.compile(r"(?:\s+(?:instead|too|also|first|then))?\s*,\s*"
                            r"(?:(?:the|a|an)\s+)?[\"“*_]?", re.IGNORECASE)


# "(1990)", "(OUP 2009)", "(eds)", "(https://...)": what follows a title in a citation.
_CITED_AFTER = re.compile(r"[\"”*_]?\s*\((?:[^()\n]{0,40}?(?:\b(?:1[5-9]|20)\d\d\b|https?://|"
                          r"\bisbn\b|\beds?\b|\bpress\b|\b[OC]UP\b))", re.IGNORECASE)


def _names_before_title(c: Candidate, known: Known) -> tuple[str, ...] | None:
    """The names a candidate stands for when it is only names: an author-only mention, or a
    weak title that is one to four name-shaped parts ("Atkinson, Piketty & Saez")."""
    if c.kind == "author_only":
        return c.authors if c.authors else None
    if c.kind != "explicit" or c.authors or not c.title or c.source not in _WEAK_SOURCES:
        return None
    if any(p.fullmatch(c.title) for p, _t, _a in known.titles):
        return None  # a title the thread named
    parts = [p for p in re.split(r"\s*(?:,|&|\band\b)\s*", c.title) if p]
    if not 1 <= len(parts) <= 4:
        return None
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 3 or not (all(surname_like(w) for w in words) or
                                             person_score(words, known.surnames) >= 0.5):
            return None
    return tuple(parts)


# ", 1700-1922", ", 1300–1600": the years a history covers are part of its title
_DATE_RANGE = re.compile(r",\s*(?:1[0-9]|20)\d\d\s*[-–]\s*(?:1[0-9]|20)?\d\d\b(?![-–/])")


def _with_date_range(text: str, chosen: list[Candidate]) -> None:
    """"Donald Quataert's The Ottoman Empire, 1700-1922": the title goes on over the years."""
    for c in chosen:
        if not c.title or c.title_span is None:
            continue
        m = _DATE_RANGE.match(text, c.title_span[1])
        if m is None or any(k is not c and k.start < m.end() and k.end > m.start()
                            for k in chosen):
            continue
        c.title = c.title + text[c.title_span[1]:m.end()]
        c.title_span = (c.title_span[0], m.end())
        c.end = max(c.end, m.end())


def _drop_authors_taken_for_titles(chosen: list[Candidate]) -> list[Candidate]:
    """"Also Sibley has a newer one, What It's Like to Be a Bird": a one-word "title" just before
    a work whose author it is names the author, not another work."""
    drop = []
    for c in chosen:
        if c.kind != "explicit" or not c.title or " " in c.title or c.authors:
            continue
        for k in chosen:
            if k is not c and c.end <= k.start <= c.end + 60 and \
                    any(c.title.casefold() == a.casefold() for a in k.authors):
                drop.append(c)
                break
    return [c for c in chosen if c not in drop] if drop else chosen


def _own_cue(c: Candidate) -> str | None:
    """Cues a finder saw that the sentence scan may not: "anything by", "seconding"."""
    if c.cue and (c.source == "author_only" or c.source == "pair" and c.kind == "author_only"
                  or c.cue == _AUTHORS_WORK):
        return c.cue
    return None


_AUTHORS_WORK = "the author recommended before it"
_AUTHOR_SCOPE = 300  # characters after "anything by X" in which titles are X's works


def _the_authors_works(text: str, chosen: list[Candidate]) -> None:
    """"Check out anything by Niklaus Wirth. Compiler Construction is ~130 pages.": after an
    author recommended as such, a title the post goes on to name on its shape alone (no
    author of its own) is one of that author's works, recommended with them. One word before
    "book" is its topic ("His Stalin book"): a description."""
    for a in chosen:
        if a.kind != "author_only" or a.source != "author_only" or not a.cue or \
                len(a.authors) != 1:
            continue
        for c in chosen:
            if c.kind == "explicit" and not c.authors and c.source in _WEAK_SOURCES and \
                    a.end <= c.start <= a.end + _AUTHOR_SCOPE and c.cue is None:
                c.authors = a.authors
                c.cue = _AUTHORS_WORK
                c.reasons.append(f"after '{a.cue} {a.authors[0]}'")
                if " " not in (c.title or " ") and _WORK_NOUN_AFTER.match(text, c.end):
                    c.kind, c.description, c.title = "description", c.title, None

