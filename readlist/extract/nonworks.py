"""Things named like works that are not works to read: films, shows, games, podcasts,
lectures, magazines, websites, emoji shortcodes."""

from __future__ import annotations

import re

from readlist.extract.candidates import Candidate
from readlist.extract.cues import BOOKISH
from readlist.extract.lexicon import (
    NONREADING_VERBS,
    NONWORK_AFTER,
    NONWORK_BEFORE,
    NOT_A_BOOK,
    SITES,
)
from readlist.extract.text import Doc, prepare
from readlist.extract.titles import clean_title, title_run

# A title whose last word says what it is: "Prancing Pony Podcast", "Revolutionary Left Radio".
NONWORK_LAST_WORDS = frozenset(
    "podcast radio show channel magazine lectures lecture tv film movie documentary game "
    "episode episodes season videos video blog website wiki subreddit app course courses "
    "posts".split())

# Last words a book's title may end in too, when an author or the thread says it is a book.
_BOOK_TITLES_END_SO = frozenset(("game", "season", "lecture", "show"))
NONWORK_INNER_WORDS = frozenset(
    "podcast podcasts lectures lecture course courses videos video channel documentary "
    "episode episodes magazine website blog".split())
# "Game Theory 101 on YouTube", "... on Netflix": watched, not read.
_ON_A_PLATFORM = re.compile(r"\s*\b(?:on|from)\s+(?:youtube|netflix|spotify|twitch|tiktok|hbo|"
                            r"hulu|disney\+?|prime(?: video)?|apple tv|crunchyroll)\b")
_LONG_SITES_AND_MORE = tuple(s + " " for s in SITES if len(s) > 6)  # "goodreads page ..."
# "The Philosophy Bites podcast and Philosophize This!": the second is the same kind of thing
_COORDINATED_KIND = re.compile(r"\b(podcast|show|channel|magazine|website|blog|documentary|"
                               r"film|movie|game|newspaper)s?\s*(?:,|and|or|&)\s+(?:the\s+)?$",
                               re.IGNORECASE)
# "the SEP", "the NYT", "the FT": initials with an article name an institution; a book's
# initials go bare ("seconding DDIA")
_THE_ACRONYM = re.compile(r"\bthe\s+$")
# "+1 for Ritchie, and Our World in Data in general": a site or an outfit, not one work
_IN_GENERAL = re.compile(r"\s+in general\b")
IDENTIFIER_LABELS = frozenset("isbn isbn-10 isbn-13 isbn10 isbn13 doi url link asin oclc".split())
# "I read The Atlantic every week, great magazine.": what the clause calls it, a bit later
_CALLED_AFTER = re.compile(
    r"[^.!?;\n]{0,40}?,\s*(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,2}?(?:magazine|podcast|show|"
    r"film|movie|game|channel|website|site|blog|documentary|newspaper|newsletter|series on \w+|"
    r"archive|library|museum|gallery|bookshop|bookstore|shop|store|cafe|pub|festival)"
    r"\b", re.IGNORECASE)


# "X is the scariest thing I've ever seen on TV", "Y, which I played on Steam": the clause
# after a name says it is watched or played
_SEEN_AFTER = re.compile(
    r"\b(?:thing|things|show|shows|film|films|movie|movies|game|games)\s+(?:that\s+)?"
    r"(?:i'?ve|i have|i|we'?ve|you'?ve|anyone'?s)\s+(?:ever\s+)?(?:seen|watched|played)\b"
    r"|^\s*,?\s*if\s+you\s+(?:haven'?t|have\s+not|never)\s+(?:\w+\s+)?(?:seen|watched)\s+(?:it|them)\b"
    r"|\b(?:seen|watched|played|shown|aired|streaming|streamed)\s+on\s+(?:tv|television|the telly|"
    r"netflix|youtube|steam|the bbc|bbc|hbo|switch|playstation|xbox)\b")


# What a sentence about watching or playing says (the next, verbless one goes on with it).
_SCREEN = re.compile(r"\b(?:watch|watched|watching|movies?|films?|tv|shows?|episodes?|games?|"
                     r"played|playing|anime|documentar(?:y|ies)|podcasts?|youtube|netflix|"
                     r"twitch|tiktok|spotify|channels?)\b")


def _elliptical_screen(doc: Doc, s_start: int, s_end: int) -> bool:
    """"Watch the Ghibli movies. Spirited Away especially.": a short sentence that only names
    something goes on with the sentence before, here about films, unless it talks of reading."""
    if s_start == 0 or len(doc.text[s_start:s_end].split()) > 6:
        return False
    sentence = doc.lower[s_start:s_end]
    if BOOKISH.search(sentence) or re.search(r"\b(?:is|are|was|were)\b", sentence):
        return False
    p_start, p_end = doc.sentence_of(s_start - 1)
    return _SCREEN.search(doc.lower, p_start, p_end) is not None and \
        BOOKISH.search(doc.lower, p_start, p_end) is None


# "PortSwigger", "OverTheWire": a capital inside a word after lower case is a brand's name;
# people's names do it only after a prefix ("McDonald", "DeLillo", "MacArthur", "LeGuin").
_BRAND = re.compile(r"^(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St)[A-Z])[A-Z]?[a-z]+[A-Z]")


def nonwork_reason(doc: Doc, cand: Candidate) -> str | None:
    """Why this candidate is not a work at all, or None."""
    start, end = cand.key_span
    if cand.kind == "possessive" and len(cand.authors) == 1 and _BRAND.match(cand.authors[0]):
        return "a company's or site's own thing"
    if cand.title:
        low = cand.title.casefold()
        if low in SITES or low.startswith(_LONG_SITES_AND_MORE):
            return "a website"
        last = low.split()[-1] if low.split() else ""
        if last in NONWORK_LAST_WORDS and not (last == "course" and cand.title.endswith("Course")) \
                and not (last in _BOOK_TITLES_END_SO and cand.title.split()[-1][:1].isupper() and
                         (cand.authors or cand.source == "known")):
            # (a title-case "Course" ends books' titles: "Silman's Complete Endgame Course";
            # so do "Game", "Season" and "Lecture" with an author or a title the thread knows:
            # "The Hating Game by Sally Thorne", "Ender's Game", "The Fifth Season")
            return f"a {last}"
        if low in IDENTIFIER_LABELS:
            return "an identifier's label"
        if _ON_A_PLATFORM.search(low):
            return "a video or show"
        # "The MIT lectures on linear algebra": a lower-case kind word inside the phrase
        inner = next((w for w in cand.title.split()[1:] if w in NONWORK_INNER_WORDS), None)
        if inner is not None:
            return f"a {inner}"
    for s, e, kind in doc.masked:
        if s <= start < e:
            return f"inside {kind}"
    before = doc.text[max(0, start - 50):start]
    if NONWORK_BEFORE.search(before):
        return "named as a film, show, game or other non-book"
    coordinated = _COORDINATED_KIND.search(before)
    if coordinated is not None:
        return f"coordinated with a {coordinated.group(1).casefold()}"
    if _THE_ACRONYM.search(before) and re.fullmatch(r"[A-Z]{2,5}", doc.text[start:end]):
        return "an institution's initials ('the SEP')"
    if NONWORK_AFTER.match(doc.text, end, min(len(doc.text), end + 40)):
        return "followed by a non-book word"
    if NONREADING_VERBS.search(before):
        return "watched, played or listened to"
    if cand.kind == "explicit" and _IN_GENERAL.match(doc.lower, end):
        return "a whole outfit or body of work ('X in general')"
    if _ON_A_PLATFORM.match(doc.lower, end, min(len(doc.text), end + 30)):
        return "a video or show"
    clause = re.match(r"[^.!?;\n]{0,100}", doc.lower[end:end + 100])
    if clause is not None and _SEEN_AFTER.search(clause.group(0)):
        return "seen, watched or played, its own clause says"
    called = _CALLED_AFTER.match(doc.text, end, min(len(doc.text), end + 80))
    if called is not None:
        return f"called a {called.group(0).split()[-1].casefold()}"
    s_start, s_end = doc.sentence_of(start)
    s_start, s_end = max(s_start, start - 300), min(s_end, end + 300)  # run-on "sentences"
    if _elliptical_screen(doc, s_start, s_end):
        return "goes on from a sentence about films, shows or games"
    if NOT_A_BOOK.search(doc.text, s_start, s_end):
        return "'not a book'"
    # "Periodic Videos is great too. Not a book obviously."
    if s_end < len(doc.text):
        n_start, n_end = doc.sentence_of(s_end)
        nxt = doc.text[max(n_start, s_end):n_end]
        if NOT_A_BOOK.search(nxt) and len(nxt.split()) <= 6:
            return "'not a book'"
    return None


# Words a post must have to call anything a film, show or game: most posts have none, and
# are not tokenised a second time.
_MAY_CALL = re.compile(r"\b(?:watch\w*|rewatch\w*|play\w*|binge\w*|stream\w*|film|movie|"
                       r"documentary|show|series|game|episode|podcast|netflix|youtube|steam)\b")


_BY_NAME_AFTER = re.compile(r"\s+by\s+([A-Z][\w.'\-]+)")


def named_nonworks(text: str) -> list[str]:
    """Names a post calls a film, show, game, podcast ... ("also watch Senna, the
    documentary"), for the thread to remember: later bare mentions are the same thing."""
    if _MAY_CALL.search(text[:4000].lower()) is None:
        return []
    doc = prepare(text[:4000])
    out = []
    toks = doc.tokens
    i = 0
    while i < len(toks):
        run = title_run(doc, i) if toks[i].is_word and toks[i].cap else None
        if run is None:
            i += 1
            continue
        a, b = toks[run[0]].start, toks[run[1]].end
        title = clean_title(doc.text[a:b])
        # ("The Hating Game by Sally Thorne": a by-line makes it a book)
        by = _BY_NAME_AFTER.match(doc.text, b)
        cand = Candidate(a, b, "explicit", title=title, title_span=(a, b),
                         authors=(by.group(1),) if by else ())
        if len(title) >= 3 and nonwork_reason(doc, cand) is not None:
            out.append(title)
        i = run[1] + 1
    return out
