"""Matching, in one explainable place: score candidates, choose a work and an edition, or abstain.

Scores are in 0..1 and every decision carries its reasons. The rules:

* Title similarity (rapidfuzz) against the full title, the title with its subtitle and the main
  title alone, after normalisation (case, punctuation, diacritics, leading articles).
* An author named in the post must match a catalogue author's surname, or the candidate is
  vetoed; an author match never rescues a poor title.
* No year filter: reprints are decades apart. Duplicate work records collapse to the one with
  the most editions.
* Outcome: ``sure`` (score >= SURE and the author agrees, or an unambiguous title), ``unsure``
  (score >= UNSURE, or a near tie), ``none``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from rapidfuzz import fuzz
from stdnum import isbn as stdnum_isbn

from readlist.catalogue.normalise import (
    fold,
    main_title,
    normalise_name,
    normalise_title,
    surname,
    terms,
)
from readlist.models import Candidate, Edition, Match, Work, WorkQuery

SURE = 0.90
UNSURE = 0.72
TITLE_FLOOR = 0.80  # below this a title does not match, whatever else agrees
TIE_MARGIN = 0.04
DESCRIPTION_SURE = 0.30
DESCRIPTION_UNSURE = 0.12
DESCRIPTION_MARGIN = 1.5  # the best description match must beat the next by this factor
NON_PRINT = ("ebook", "e-book", "electronic", "audio", "mp3", "cd", "kindle", "epub", "online")


def title_similarity(wanted: str, work: Work) -> tuple[float, str]:
    """Best similarity of the post's title to the work's title, with or without subtitle."""
    q = normalise_title(wanted)
    if not q:
        return 0.0, "empty title"
    forms = {
        "title": normalise_title(work.title),
        "main title": normalise_title(main_title(work.title)),
    }
    if work.subtitle:
        forms["title and subtitle"] = normalise_title(f"{work.title}: {work.subtitle}")
    q_main = normalise_title(main_title(wanted))
    best, how = 0.0, ""
    for label, form in forms.items():
        if not form:
            continue
        score = max(fuzz.ratio(q, form), fuzz.ratio(q_main, form) * 0.98) / 100
        if score > best:
            best, how = score, label
    return best, f"title {best:.2f} ({how})"


def author_agreement(wanted: Sequence[str], found: Sequence[str]) -> tuple[float, str]:
    """1.0 when a surname agrees, 0.0 (veto) when the post names someone else.

    No author in the post: 0.9 (title alone decides, so it must be very close).
    No author on the record (a ghost record): 0.75, never sure.
    """
    if not wanted:
        return 0.9, "no author given"
    if not found:
        return 0.75, "record has no author"
    want = [surname(a) for a in wanted if a]
    have = [surname(a) for a in found if a]
    have_full = [normalise_name(a) for a in found]
    for w in want:
        for h, full in zip(have, have_full, strict=False):
            if w and (fuzz.ratio(w, h) >= 85 or (len(w) > 3 and w in full.split())):
                return 1.0, f"author '{w}' agrees"
    return 0.0, f"author mismatch ({', '.join(want)} vs {', '.join(have) or '-'})"


def score_work(query: WorkQuery, work: Work) -> Candidate:
    title, t_reason = title_similarity(query.title or "", work)
    author, a_reason = author_agreement(query.authors, work.authors)
    reasons = [t_reason, a_reason]
    if title < TITLE_FLOOR:
        return Candidate(work, round(title * min(author, 0.9) * 0.8, 3), tuple(reasons))
    score = title * author
    return Candidate(work, round(score, 3), tuple(reasons))


def identity(work: Work) -> tuple[str, str]:
    """What makes two records the same work: the main title and the first author's surname."""
    return normalise_title(main_title(work.title)), surname(work.authors[0]) if work.authors else ""


_identity = identity


def group_editions(records: Iterable[tuple[Work, Edition]]) -> list[tuple[Work, list[Edition]]]:
    """Edition-level records (Library of Congress, Google Books, Crossref ...) gathered into
    works: the work keeps the first record's id, the union of subjects and the earliest year;
    each record becomes one edition of it."""
    groups: dict[tuple[str, str], tuple[Work, list[Edition]]] = {}
    for work, edition in records:
        ident = identity(work)
        if ident not in groups:
            groups[ident] = (work, [edition])
            continue
        first, editions = groups[ident]
        editions.append(edition)
        years = [y for y in (first.year, work.year) if y]
        subjects = tuple(dict.fromkeys(first.subjects + work.subjects))[:60]
        groups[ident] = (replace(first, year=min(years) if years else None, subjects=subjects,
                                 subtitle=first.subtitle or work.subtitle,
                                 description=first.description or work.description,
                                 edition_count=len(editions)), editions)
    return [(w if w.edition_count else replace(w, edition_count=len(e)), e)
            for w, e in groups.values()]


def collapse_duplicates(works: Iterable[Work]) -> list[Work]:
    """Open Library keeps duplicate work records; keep the one with the most editions."""
    best: dict[tuple[str, str], Work] = {}
    order: list[tuple[str, str]] = []
    for work in works:
        ident = _identity(work)
        if ident not in best:
            best[ident] = work
            order.append(ident)
        elif (work.edition_count or 0) > (best[ident].edition_count or 0):
            best[ident] = work
    return [best[i] for i in order]


def choose_work(query: WorkQuery, works: Iterable[Work]) -> Match:
    """Pick the work a titled query means, or abstain with the candidates."""
    cands = sorted((score_work(query, w) for w in collapse_duplicates(works)),
                   key=lambda c: (-c.score, -(c.work.edition_count or 0)))
    if not cands or cands[0].score < UNSURE * 0.6:
        return Match("none", cands[0].score if cands else 0.0, candidates=tuple(cands[:5]),
                     reasons=("no candidate close enough",))
    top = cands[0]
    reasons = list(top.reasons)
    rivals = [c for c in cands[1:] if top.score - c.score < TIE_MARGIN
              and _identity(c.work) != _identity(top.work)]
    outcome = "none"
    if top.score >= SURE and not rivals:
        outcome = "sure"
    elif top.score >= SURE and rivals and not query.authors:
        # Same title, several authors, none named in the post: the one far more published wins.
        most = max(rivals, key=lambda c: c.work.edition_count or 0)
        if (top.work.edition_count or 0) >= 5 * max(1, most.work.edition_count or 0):
            outcome = "sure"
            reasons.append("far more editions than same-titled works")
        else:
            outcome = "unsure"
            reasons.append(f"{len(rivals)} other work(s) as close")
    elif top.score >= UNSURE or (top.score >= SURE and rivals):
        outcome = "unsure"
        if rivals:
            reasons.append(f"{len(rivals)} other work(s) as close")
    if "record has no author" in " ".join(top.reasons) and outcome == "sure":
        outcome = "unsure"
    if outcome == "none":
        return Match("none", top.score, candidates=tuple(cands[:5]),
                     reasons=("best candidate too far", *reasons))
    return Match(outcome, top.score, work=top.work, candidates=tuple(cands[:5]),
                 reasons=tuple(reasons))


# -- descriptions -------------------------------------------------------------------------------
FIELD_WEIGHTS = (("title", 3.0), ("subtitle", 2.5), ("subjects", 1.5), ("description", 1.0))


def _fields(work: Work) -> dict[str, set[str]]:
    return {
        "title": set(terms(work.title)),
        "subtitle": set(terms(work.subtitle or "")),
        "subjects": set(terms(" ; ".join(work.subjects))),
        "description": set(terms(work.description or "")),
    }


def describe_candidates(description: str, works: Sequence[Work]) -> list[Candidate]:
    """Rank an author's works by how well their title, subtitle, subjects and catalogue
    description cover the post's description (idf-weighted over the author's works)."""
    works = collapse_duplicates(works)
    wanted = list(dict.fromkeys(terms(description)))
    if not wanted or not works:
        return []
    fields = [_fields(w) for w in works]
    df: Counter[str] = Counter()
    for f in fields:
        df.update(set().union(*f.values()))
    n = len(works)
    idf = {t: math.log(1 + (n + 1) / (df[t] + 0.5)) for t in wanted}
    best_possible = sum(idf[t] * FIELD_WEIGHTS[0][1] for t in wanted)
    cands = []
    for work, f in zip(works, fields, strict=True):
        total = 0.0
        hits = []
        for t in wanted:
            weight = max((w for name, w in FIELD_WEIGHTS if t in f[name]), default=0.0)
            if weight:
                total += idf[t] * weight
                hits.append(t)
        score = total / best_possible if best_possible else 0.0
        reasons = (f"description terms found: {', '.join(hits) or 'none'}",)
        cands.append(Candidate(work, round(score, 3), reasons))
    cands.sort(key=lambda c: (-c.score, -(c.work.edition_count or 0)))
    return cands


def choose_described(description: str, works: Sequence[Work]) -> Match:
    cands = describe_candidates(description, works)
    if not cands or cands[0].score < DESCRIPTION_UNSURE:
        return Match("none", cands[0].score if cands else 0.0, candidates=tuple(cands[:5]),
                     reasons=("no work of the author fits the description",))
    top = cands[0]
    second = cands[1].score if len(cands) > 1 else 0.0
    margin = top.score / second if second else math.inf
    reasons = [*top.reasons, f"margin {'inf' if margin == math.inf else f'{margin:.1f}'}x"]
    outcome = "sure" if top.score >= DESCRIPTION_SURE and margin >= DESCRIPTION_MARGIN \
        else "unsure"
    return Match(outcome, round(min(1.0, top.score), 3), work=top.work,
                 candidates=tuple(cands[:5]), reasons=tuple(reasons))


# -- editions -----------------------------------------------------------------------------------
def _isbn13s(edition: Edition) -> set[str]:
    out = set(edition.isbn13)
    for i10 in edition.isbn10:
        if stdnum_isbn.is_valid(i10):
            out.add(stdnum_isbn.to_isbn13(i10))
    return out


def is_print(edition: Edition) -> bool:
    fmt = fold(edition.physical_format or "")
    return not any(word in fmt.split() or word == fmt for word in NON_PRINT)


def choose_edition(editions: Sequence[Edition], isbn: str | None = None,
                   language: str | None = "eng") -> tuple[Edition | None, str]:
    """The edition a post names by ISBN, else the documented default.

    Default: among editions with an ISBN, those in the post's language (English unless the
    post's language is known), print before e-book/audio, the earliest year first; ties go to
    the record with the most bibliographic fields filled.
    """
    if not editions:
        return None, "no editions listed"
    if isbn:
        for e in editions:
            if isbn in _isbn13s(e):
                return e, "the edition the post names by ISBN"
    pool = [e for e in editions if e.isbn13 or e.isbn10] or list(editions)
    if language:
        same = [e for e in pool if e.language == language]
        pool = same or [e for e in pool if e.language is None] or pool
    printed = [e for e in pool if is_print(e)]
    pool = printed or pool

    def completeness(e: Edition) -> int:
        return sum(bool(v) for v in (e.publisher, e.address, e.year, e.isbn13, e.pages))

    pool.sort(key=lambda e: (e.year is None, e.year or 0, -completeness(e), e.id))
    return pool[0], "earliest print edition with an ISBN in the post's language"
