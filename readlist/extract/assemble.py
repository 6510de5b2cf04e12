"""Putting together what the finders chose: joining authors named beside titles to them
("Start with Esping-Andersen, The Three Worlds ..."), dropping asides and candidates inside
others, giving the titles after "anything by X" their author, and mending spans ("The Ottoman
Empire, 1700-1922"). Each pass takes the chosen candidates and returns them, changed."""

from __future__ import annotations

import re

from readlist.extract.candidates import Candidate, Known
from readlist.extract.names import GIVEN_NAMES, person_score
from readlist.extract.shape import surname_like

# Finders whose titles are bare capitalised phrases, with no cue or mark of their own.
WEAK_SOURCES = ("run", "sentence", "cue", "series", "list")
AUTHORS_WORK = "the author recommended before it"


def assemble(text: str, chosen: list[Candidate], known: Known) -> list[Candidate]:
    """The passes, in order, over the candidates ``select`` chose (non-works dropped)."""
    chosen = _drop_contained(chosen)
    chosen = _author_then_title(text, _named_descriptions(text, _drop_asides(text, chosen)), known)
    _the_authors_works(text, chosen)
    _with_date_range(text, chosen)
    return _drop_authors_taken_for_titles(chosen)


_WORK_NOUN_AFTER = re.compile(r"\s+(?:paper|papers|book|books|essay|article|novel|novels|"
                              r"trilogy|thesis|lectures|notes)\b")


_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)


def _named_in_full(text: str, surname: str) -> bool:
    """Does the post write ``surname`` after a given name somewhere ("Mieko Kawakami's 夏物語
    ... Kawakami's Heaven")? Then the possessor is a person the post named, not a title's
    first word."""
    return any(m.group(1)[0].isupper() and m.group(1).casefold() in GIVEN_NAMES for m in re.finditer(
        rf"(\w[\w'’-]*)\s+{re.escape(surname)}(?!\w)", text))


def titles_not_possessors(cands: list[Candidate], known: Known, text: str) -> None:
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
    titled = [c for c in chosen if c.title and c.source not in WEAK_SOURCES]
    out = []
    for c in chosen:
        if c.source in WEAK_SOURCES and c.title and c.kind == "explicit":
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
        if c.source in WEAK_SOURCES:
            opened = text.rfind("(", 0, c.start)
            closed = text.find(")", c.end)
            if opened != -1 and closed != -1 and ")" not in text[opened:c.start] and \
                    "(" not in text[c.end:closed] and "\n" not in text[opened:closed] and \
                    any(k is not c and k.source not in WEAK_SOURCES and
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
        if nxt.source in WEAK_SOURCES:
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
    if c.kind != "explicit" or c.authors or not c.title or c.source not in WEAK_SOURCES:
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
            if c.kind == "explicit" and not c.authors and c.source in WEAK_SOURCES and \
                    a.end <= c.start <= a.end + _AUTHOR_SCOPE and c.cue is None:
                c.authors = a.authors
                c.cue = AUTHORS_WORK
                c.reasons.append(f"after '{a.cue} {a.authors[0]}'")
                if " " not in (c.title or " ") and _WORK_NOUN_AFTER.match(text, c.end):
                    c.kind, c.description, c.title = "description", c.title, None
