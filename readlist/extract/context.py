"""What a post inherits from its thread: a request for books, its parent, what was named before.

Extraction stays a pure function of (post, context); :class:`ThreadTracker` builds the context
as a thread is read in order and remembers the titles, authors and abbreviations it has seen.
"""

from __future__ import annotations

import functools
import pickle
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from readlist.extract.lexicon import COMMON_WORDS, NOT_NAMES, TITLE_FUNCTION_WORDS
from readlist.extract.screen import Screen
from readlist.models import Mention, Post

if TYPE_CHECKING:
    from collections.abc import Callable

MAX_REMEMBERED_TITLES = 400  # per thread: enough for any real thread, bounded for dumps
MAX_PARENT_CHARS = 2000
MAX_REMEMBERED_POSTS = 5000
MAX_PARENT_WORKS = 20
# In a dump of many threads, a thread silent for this many posts is forgotten (and starts afresh
# if it speaks again): about a month of a busy subreddit, half an hour of all of Reddit.
THREAD_WINDOW = 100_000
# A thread silent for this many posts is kept packed (pickled and compressed, its memory's caches
# dropped) until it speaks again: a dump keeps hundreds of threads alive at once.
QUIET_POSTS = 2_000

# A post or title asking others what to read.
_ASKS = re.compile(
    r"\b(?:books?|novels?|reads?|reading|textbooks?|literature|recommendations?|recs|"
    r"suggestions?|suggest|recommend|primers?|intros?|introductions?|titles?|sources|"
    r"authors?)\b[^?\n]{0,160}\?"
    r"|\b(?:any|some)\s+(?:good\s+)?(?:books?|suggestions?|recommendations?|recs|ideas|"
    r"pointers|reading)\b"
    r"|\b(?:where|how)\s+(?:do\s+i\s+|should\s+i\s+|to\s+)start\b"
    r"|\bwhat\s+(?:should\s+i\s+read|to\s+read|next|would\s+you\s+(?:read|recommend|suggest))\b"
    r"|\b(?:looking\s+for|recommend\s+me|suggest\s+me|share|name)\s+(?:\w+\s+){0,3}"
    r"(?:books?|novels?|reads?|textbooks?)\b"
    r"|\b(?:books?|novels?|textbooks?|reading)\s+(?:for|on|about|to)\b[^\n]{0,80}\?"
    # "Good single-volume history of the war?", "How did you learn to write a compiler?"
    r"|\b(?:histor(?:y|ies)|biograph(?:y|ies)|overviews?|resources?|references?)\b"
    r"[^?\n]{0,120}\?"
    r"|\bhow\s+(?:did|do|should|would|can)\s+(?:you|i|one|people)\s+(?:\w+\s+)?learn\b"
    # "Ask HN: How do I get into security?", "Books, courses, whatever worked for you."
    r"|\bhow\s+(?:did|do|should|would|can)\s+(?:you|i|one|people)\s+(?:get|break)\s+"
    r"(?:into|started)\b"
    r"|\b(?:books?|reading)\b[^.?!\n]{0,60}\bwhatever\s+(?:worked|helped)\b"
    # "What made it click for you? Doesn't have to be books.": the books come after the "?"
    r"|\?[^?\n]{0,60}\b(?:books?|reading|reads)\b"
    # "What are the serious empirical works on how welfare states reduce inequality?"
    r"|\b(?:the|any|some|good|best|key|main|classic|seminal|important|essential)\s+"
    r"(?:\w+\s+){0,2}(?:works|papers|studies|articles|monographs)\s+"
    r"(?:on|about|that|which|in|to\s+read)\b"
    r"[^?\n]{0,120}\?"
    # "I'd love to hear what readers would add to my list", "Suggestions welcome!"
    r"|\bwhat\s+(?:\w+\s+){0,2}(?:would|'d|should|could)\s+(?:\w+\s+)?add\b"
    r"|\badd\s+to\s+(?:my|the|this)\s+(?:reading\s+)?list\b"
    r"|\b(?:suggestions|recommendations|recs)\s+(?:are\s+|very\s+|most\s+)*welcome\b"
    r"|\b(?:something|anything)\s+(?:good\s+)?to\s+read\b"
    # "Is there philosophical work on duties to the dead?", "any literature on ...?"
    r"|\b(?:philosophical|academic|scholarly|serious|good|any|some|published)\s+(?:work|"
    r"literature|writing|research|scholarship)\s+(?:on|about|into)\b[^?\n]{0,120}\?"
    # "Poetry collections for someone who thinks they hate poetry?"
    r"|\b(?:collections?|anthologies|poems|poetry|memoirs?|comics|graphic\s+novels?|manga)\s+"
    r"(?:for|on|about|that)\b[^\n]{0,80}\?"
    # "What collections would you give someone like him?": a gift to choose
    r"|\bwhat\s+(?:\w+\s+){0,2}would\s+you\s+(?:give|get|buy|gift|hand)\b",
)
# "Looking for hard sci-fi that ...": a request, when the thread is about reading.
_WANTS = re.compile(r"\b(?:looking for|recommend me|suggest me|in the mood for|craving|"
                    r"hit me with|throw (?:some|your) \w+ at me|what (?:else )?should i)\b"
                    r"|\bany (?:good )?(?:ideas|suggestions|recs|recommendations|pointers)\b")
_GENRES = re.compile(r"\b(?:books?|novels?|reads?|reading|read|fiction|non-?fiction|sci-?fi|"
                     r"sf|fantasy|poetry|memoirs?|biograph(?:y|ies)|thrillers?|myster(?:y|ies)|"
                     r"romance|horror|manga|comics|graphic novels?|textbooks?|literature|"
                     r"classics|authors?|series|trilog(?:y|ies))\b")
# "What are you reading this week?": a thread about books that asks for no advice.
_STATUS = re.compile(r"\bwhat\s+(?:are|have|did)\s+(?:you|y'all|everyone|people)\s+"
                     r"(?:\w+\s+)?(?:reading|read|finish|finished)\b")
_BOOKS_TOPIC = re.compile(r"\b(?:books?|novels?|reading|read|textbooks?|literature)\b",
                          re.IGNORECASE)
# "Designing Data-Intensive Applications (DDIA)" defines DDIA for the rest of the thread.
_ABBREVIATION = re.compile(r"\(\s*([A-Z][A-Za-z&:]{1,9}?[A-Z])\s*(?:for short|from here on)?\s*\)"
                           r"|\(\s*([A-Z]{2,8})\s+from here on\s*\)")


# Every way _ASKS, or _WANTS with _GENRES, can match needs one of these words: a post without
# them asks for nothing, so the tracker need not keep its text (memory flat over a dump).
_MAY_ASK = re.compile(
    r"\b(?:books?|novels?|reads?|reading|read|textbooks?|literature|recommendations?|recommend|"
    r"recs|suggestions?|suggest|primers?|intros?|introductions?|titles?|sources|authors?|ideas|"
    r"pointers|start|next|fiction|non-?fiction|sci-?fi|sf|fantasy|poetry|memoirs?|"
    r"biograph(?:y|ies)|thrillers?|myster(?:y|ies)|romance|horror|manga|comics|classics|series|"
    r"trilog(?:y|ies)|histor(?:y|ies)|biograph(?:y|ies)|overviews?|resources?|references?|"
    r"learn|into|started|whatever|works|papers|studies|articles|monographs|add|work|research|"
    r"writing|scholarship|collections?|anthologies|poems|give|get|buy|gift|hand)\b")


_MAY_ASK_SCREEN = Screen(_MAY_ASK, prune=False)
# Their needles first: each of these patterns scans every position of a text, and most
# texts hold none of the words its matches need ("what" for _STATUS). Where they do, the
# patterns are tried only where those words begin (Screen's heads).
_STATUS_SCREEN = Screen(_STATUS)
_ASKS_SCREEN = Screen(_ASKS)
_WANTS_SCREEN = Screen(_WANTS)
_GENRES_SCREEN = Screen(_GENRES, prune=False)


def may_ask(text: str) -> bool:
    """False only where :func:`asks_for_reading` is False too; cheap."""
    return _MAY_ASK_SCREEN.search(text[:1500].lower()) is not None


def asks_for_reading(text: str) -> bool:
    """Does this text (a thread title, an opening post) ask others what to read?"""
    # The patterns are lower-case and compiled without IGNORECASE: searching the lower-cased
    # text is several times faster, and this runs for every post that gets a reply.
    return _asks(text[:1500].lower())


@functools.lru_cache(maxsize=1)
def may_ask_and_asks(text: str) -> bool:
    """``may_ask(text) and asks_for_reading(text)``, lower-casing once. The last answer is
    kept: the extractor's frame and the tracker ask it of the same post one after the other."""
    head = text[:1500].lower()
    # The same conjunction, cheapest first: _asks, screened alternative by alternative,
    # costs less than the word list _MAY_ASK, which is left for the few that ask.
    return _MAY_ASK_SCREEN.may_match(head) and _asks(head) and \
        _MAY_ASK_SCREEN.search(head) is not None


def _asks(head: str) -> bool:
    if _STATUS_SCREEN.search(head) is not None:
        return False
    return _asked(_ASKS_SCREEN, head) or (
        _asked(_WANTS_SCREEN, head) and _GENRES_SCREEN.search(head) is not None)


# "If anyone's looking for a weekend read, ...": an offer, not a request.
# ("If anyone has tips on where to start, I'm all ears": that one asks.)
_CONDITIONAL = re.compile(r"\bif\s+(?:you|you'?re|u|anyone|anyone'?s|anybody|someone|"
                          r"someone'?s|people|ppl)\b(?!\s+(?:has|have|knows?|can|could|got)\b)"
                          r"[^.?!\n]{0,30}$")


def _asked(screen: Screen, text: str) -> bool:
    return any(_CONDITIONAL.search(text, max(0, m.start() - 40), m.start()) is None
               for m in screen.finditer(text))


def about_books(text: str) -> bool:
    return _BOOKS_TOPIC.search(text[:1500]) is not None


# Accounts that stand for no one: two posts by "[deleted]" need not share a writer.
_NO_ONE = frozenset({"[deleted]", "[removed]", "deleted", "anonymous", "automoderator"})


def _same_author(a: Post, b: Post) -> bool:
    name = (a.author or "").strip().casefold()
    return bool(name) and name not in _NO_ONE and name == (b.author or "").strip().casefold()


@dataclass(frozen=True)
class KnownTitle:
    """A title the thread has already named, with the authors given for it."""

    title: str
    authors: tuple[str, ...] = ()


@dataclass
class ThreadMemory:
    """Titles, authors and abbreviations named so far in one thread (append-only)."""

    titles: dict[str, KnownTitle] = field(default_factory=dict)  # folded title -> known
    authors: dict[str, str] = field(default_factory=dict)  # folded surname -> name as written
    abbreviations: dict[str, KnownTitle] = field(default_factory=dict)  # "DDIA" -> title
    # folded names the thread called a film, show or game ("watch Senna, the documentary")
    nonworks: set[str] = field(default_factory=set)
    version: int = 0
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def add_title(self, title: str, authors: tuple[str, ...] = ()) -> None:
        key = " ".join(title.casefold().split())
        if not key or len(self.titles) >= MAX_REMEMBERED_TITLES:
            return
        if " " not in key and (len(key) < 3 or key in TITLE_FUNCTION_WORDS or
                               key in COMMON_WORDS or title in NOT_NAMES):
            return  # "This", "Source": later posts would match it everywhere
        old = self.titles.get(key)
        if old is None or (authors and not old.authors):
            self.titles[key] = KnownTitle(title, authors)
            self.version += 1

    def add_nonwork(self, name: str) -> None:
        key = " ".join(name.casefold().split())
        if key and key not in self.nonworks and len(self.nonworks) < MAX_REMEMBERED_TITLES:
            self.nonworks.add(key)
            self.version += 1

    def add_author(self, name: str) -> None:
        last = name.split()[-1].casefold() if name.split() else ""
        if last and last not in self.authors and len(self.authors) < MAX_REMEMBERED_TITLES:
            self.authors[last] = name
            self.version += 1

    def add_abbreviation(self, abbreviation: str, title: str,
                         authors: tuple[str, ...] = ()) -> None:
        if abbreviation not in self.abbreviations:
            self.abbreviations[abbreviation] = KnownTitle(title, authors)
            self.version += 1


@dataclass(frozen=True)
class ParentWork:
    """A work the parent post named, as a reply that only agrees ("This.", "+1") needs it."""

    kind: str
    title: str | None
    authors: tuple[str, ...] = ()
    description: str | None = None
    isbn: str | None = None
    doi: str | None = None
    url: str | None = None
    recommended: bool = False
    asked: bool = False  # named in a question ("is X any good?")


# A reply that only agrees with its parent: "This.", "+1", "Seconded!", "^ this", "Yes, read it."
AGREEMENT = re.compile(
    # ("+1 for X" names its own object: it agrees about X, not with the whole post)
    r"^\s*(?:\^+\s*)?(?:this(?:\s+one)?\s*(?:[.!]+|$|,|\s+right\s+here\b)|"
    r"\+1\b(?!\s+(?:for|on|to)\s+(?!this\b|that\b|it\b|the\s+above\b))|"
    r"seconded\b|seconding\s+(?:this|that|it)\b|thirded\b|agreed\b|same\s+here\b|"
    r"came\s+here\s+to\s+say\s+(?:this|that)\b|what\s+(?:they|he|she|you)\s+said\b|"
    r"(?:yes|yep|yeah|absolutely|definitely|100%)[,.!\s]+(?:\w+\s+){0,2}?(?:read\s+it|"
    r"get\s+it|go\s+for\s+it|worth\s+(?:it|reading|the\s+time)|it'?s\s+(?:great|"
    r"excellent|brilliant|worth\s+it))\b)",
    re.IGNORECASE)
# An affirmative answer to a question about a work: "Yes, read it", "Definitely worth it".
AFFIRMS = re.compile(r"^\s*(?:yes|yep|yeah|absolutely|definitely|100%)\b", re.IGNORECASE)


def agrees(text: str) -> bool:
    """Does this (short) reply only agree with the post it answers?"""
    return len(text) <= 200 and AGREEMENT.match(text) is not None


@dataclass(frozen=True)
class ThreadContext:
    """What the thread says about a post.

    ``asks_for_books``: the thread (its title or opening post) asks what to read, so titles
    named in replies are answers. ``parent_asks``: the post this one answers asks for reading
    (``parent_text`` is then its text; None otherwise).
    ``is_opening``: the post opens the thread (the asker's own list is not a recommendation).
    ``by_opener``: a later post by the thread's opener (the reader gives both authors): the
    asker answering replies ("already read that one, ordered the other").
    ``memory``: what earlier posts of the thread named (titles, authors, abbreviations).
    ``parent_works``: the works the parent post named, for a reply that only agrees ("This.").
    ``many_threads``: the post comes from a dump of many threads (most of which, on a general
    forum, are not about reading), so the pre-filter asks more of a post in a thread that
    shows no interest in reading.
    """

    title: str | None = None
    asks_for_books: bool = False
    parent_text: str | None = None
    parent_asks: bool = False
    is_opening: bool = False
    by_opener: bool = False
    books_topic: bool = False
    memory: ThreadMemory | None = None
    parent_works: tuple[ParentWork, ...] = ()
    many_threads: bool = False

    @property
    def about_reading(self) -> bool:
        """Is the thread about reading: it asks for books or talks of them, the post answers a
        request for reading, or the post it answers recommended (or asked about) works?

        Works named earlier elsewhere in a dump's thread do not count: one book named in a busy
        chatter thread would open the pre-filter to its every later post. A later post that
        names them again still passes (the pre-filter's thread memory)."""
        return self.asks_for_books or self.parent_asks or self.books_topic or \
            bool(self.parent_works)

    @property
    def chatter(self) -> bool:
        """A dump's thread that shows no interest in reading (the strict pre-filter's)."""
        return self.many_threads and not self.about_reading


@dataclass
class _Thread:
    """What the tracker keeps of one thread: its opening post, recent texts, what it named."""

    first: Post | None
    last: int  # index of its latest post in the source
    # The posts that ask for reading (a few in a hundred), with their text: judged as each post
    # is recorded, so the tracker keeps no text of the rest (memory flat over a dump).
    asking: dict[int, str] = field(default_factory=dict)
    remembered: int = 0  # posts whose asking and works were considered (MAX_REMEMBERED_POSTS)
    works: dict[int, tuple[ParentWork, ...]] = field(default_factory=dict)
    memory: ThreadMemory = field(default_factory=ThreadMemory)
    # (asks for reading, about books) of the thread title and of the opening post, computed
    # once per thread rather than for every reply
    judged: dict[str, tuple[str, bool, bool]] = field(default_factory=dict)
    # A later post that answers nothing (parent None) shows the source has no opening post:
    # a comments-only export, whose first comment is nobody's question
    headless: bool = False
    # Posts that recommended a work plainly (a by-line, a possessive, a mark or an identifier,
    # not a bare capitalised phrase): one makes a thread the user chose about books, whatever
    # its title ("Comments on 'A short history of jazz'").
    recommending: int = 0


class _Packed(NamedTuple):
    """A quiet thread's ``_Thread``, packed."""

    last: int
    data: bytes

    @classmethod
    def of(cls, state: _Thread) -> _Packed:
        state.memory.cache.clear()  # (recomputed from the memory when needed)
        return cls(state.last, zlib.compress(pickle.dumps(state, pickle.HIGHEST_PROTOCOL), 1))

    def unpacked(self) -> _Thread:
        state: _Thread = pickle.loads(zlib.decompress(self.data))
        return state


class ThreadTracker:
    """Builds each post's context from the posts before it, one source (thread) at a time.

    Feed posts in reading order to :meth:`extract` (or :meth:`context_for` + :meth:`record`).
    Only the current source is remembered, so memory stays flat over many files. A source of
    many threads (a dump whose posts carry ``Post.thread``) gets one context per thread: its
    opening post is the submission (when the dump has it), and a thread unheard of for
    ``THREAD_WINDOW`` posts starts afresh, so memory stays flat over a long dump too. The
    context of a post depends only on the earlier posts of its own thread, which is what lets
    ``readlist.engines`` split a dump by thread and get the same mentions.
    """

    def __init__(self) -> None:
        self._source: str | None = None
        self._threads: dict[str | None, _Thread | _Packed] = {}
        self._current = _Thread(None, -1)
        self._swept = self._packed = 0
        self._switched: Post | None = None  # the post _switch last took


    @property
    def memory(self) -> ThreadMemory:
        return self._current.memory

    def _switch(self, post: Post) -> None:
        if post is self._switched:
            return  # record() after context_for() of the same post: nothing would change
        if post.source != self._source:
            self._source = post.source
            self._threads = {}
            self._swept = self._packed = post.index
        key = post.thread
        state = self._threads.get(key)
        if state is not None and key is not None and post.index - state.last > THREAD_WINDOW:
            state = None  # decided by this thread's own posts alone, however a dump is split
        if isinstance(state, _Packed):
            state = self._threads[key] = state.unpacked()
        if state is None:
            opening = key is None or post.id == key
            state = self._threads[key] = _Thread(post if opening else None, post.index)
        elif state.first is None and key is not None and post.id == key:
            state.first = post  # the submission came after comments (out of order)
        state.last = max(state.last, post.index)
        self._current = state
        if key is not None and post.index - self._swept > THREAD_WINDOW:
            # Only forgets threads that the rule above would restart anyway.
            self._swept = post.index
            self._threads = {k: t for k, t in self._threads.items()
                             if k is None or post.index - t.last <= THREAD_WINDOW}
        if post.index - self._packed > QUIET_POSTS:
            self._packed = post.index
            for k, t in self._threads.items():
                if isinstance(t, _Thread) and post.index - t.last > QUIET_POSTS:
                    self._threads[k] = _Packed.of(t)
        self._switched = post

    def context_for(self, post: Post) -> ThreadContext:
        self._switch(post)
        state = self._current
        first = state.first
        opening = first is post or (first is not None and post.index == first.index)
        title = post.thread_title
        asks, topic = _judged(state, "title", title, 1500) if title else (False, False)
        if first is not None and not opening:
            first_asks, first_topic = _judged(state, "first", first.text, 400)
            asks, topic = asks or first_asks, topic or first_topic
        # (not in a dump, where a busy chatter thread would open to all its later posts for
        # a few planted or mistaken recommendations: bench.dump_accuracy's chatter rate doubled)
        topic = topic or not post.thread and state.recommending > 0
        parent_text = None
        parent_asks = False
        parent_works: tuple[ParentWork, ...] = ()
        if post.parent is not None and post.parent != post.index:
            parent_text = state.asking.get(post.parent)
            parent_asks = parent_text is not None
            parent_works = state.works.get(post.parent, ())
        elif not opening and post.parent is None:
            # A top-level reply, or a flat dump: it answers the thread's question.
            parent_asks = asks
        if not opening and post.parent is None:
            state.headless = True
        by_opener = not opening and first is not None and not state.headless and \
            _same_author(first, post)
        return ThreadContext(title=title, asks_for_books=asks, parent_text=parent_text,
                             parent_asks=parent_asks, is_opening=opening, by_opener=by_opener,
                             books_topic=topic,
                             memory=state.memory, parent_works=parent_works,
                             many_threads=post.thread is not None)

    def record(self, post: Post, mentions: Iterable[Mention],
               context: ThreadContext | None = None) -> None:
        """Remember what ``post`` named, for the posts after it. With the post's ``context``,
        a dump's chatter thread is spared the search for films and games the post names: its
        later posts get no bare title through the strict pre-filter, so nothing would use it."""
        mentions = list(mentions)
        self._switch(post)
        state = self._current
        remembering = state.remembered < MAX_REMEMBERED_POSTS
        if remembering:
            state.remembered += 1
            # may_ask first: most posts of a dump have none of the words a request needs
            if may_ask_and_asks(post.text):
                state.asking[post.index] = post.text[:MAX_PARENT_CHARS]
        if not mentions:
            # (most posts of a dump): no works, titles or authors to keep, and a definition
            # "(DDIA)" abbreviates a title the post named, so there is none either
            if context is None or not context.chatter:
                self._remember_nonworks(post.text)
            return
        if remembering:
            works = tuple(ParentWork(m.kind, m.title, m.authors, m.description, m.isbn, m.doi,
                                     m.url, m.recommended, "question" in m.reasons)
                          for m in mentions if m.recommended or "question" in m.reasons)
            if works:
                state.works[post.index] = works[:MAX_PARENT_WORKS]
            if any(m.recommended and "weak title" not in m.reasons for m in mentions):
                state.recommending += 1
        for m in mentions:
            if m.title and m.kind in ("explicit", "possessive", "link", "doi", "isbn") and \
                    (m.recommended or "weak title" not in m.reasons):
                # A bare capitalised phrase nobody recommended ("Economics books ...?") is
                # not a title later posts can name by one word.
                self.memory.add_title(m.title, m.authors)
            for name in m.authors:
                self.memory.add_author(name)
        if context is None or not context.chatter:
            self._remember_nonworks(post.text)
        for found in _ABBREVIATION.finditer(post.text):
            abbreviation = found.group(1) or found.group(2)
            before = post.text[max(0, found.start() - 200):found.start()].rstrip()
            for m in mentions:
                if m.title and m.end <= found.start() and \
                        before.endswith(post.text[m.start:m.end].rstrip()) and \
                        _initials_fit(abbreviation, m.title):
                    self.memory.add_abbreviation(abbreviation, m.title, m.authors)
                    break

    def _remember_nonworks(self, text: str) -> None:
        from readlist.extract.nonworks import named_nonworks  # (it imports this module)
        for name in named_nonworks(text):
            self.memory.add_nonwork(name)

    def extract(self, post: Post,
                extractor: Callable[[Post, ThreadContext], list[Mention]] | None = None
                ) -> list[Mention]:
        if extractor is None:
            from readlist.extract import extract_mentions
            extractor = extract_mentions
        context = self.context_for(post)
        mentions = extractor(post, context)
        self.record(post, mentions, context)
        return mentions


def _judged(state: _Thread, key: str, text: str, topic_chars: int) -> tuple[bool, bool]:
    """asks_for_reading / about_books of a thread's title or opening post, once per thread."""
    got = state.judged.get(key)
    if got is None or got[0] != text:
        got = (text, asks_for_reading(text), about_books(text[:topic_chars]))
        state.judged[key] = got
    return got[1], got[2]


def _initials_fit(abbreviation: str, title: str) -> bool:
    """"DDIA" fits "Designing Data-Intensive Applications"; "HtDP" fits "How to Design Programs"."""
    letters = [c.casefold() for c in abbreviation if c.isalpha()]
    words = [w for w in re.split(r"[\s\-:,]+", title) if w]
    initials = [w[0].casefold() for w in words]
    significant = [w[0].casefold() for w in words if w[0].isupper() or w[0].isdigit()]
    return letters in (initials, significant) or (
        bool(letters) and letters[0] == initials[0] and _subsequence(letters, initials))


def _subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(c in it for c in needle)


def with_structure(post: Post, thread_title: str | None = None, parent: int | None = None,
                   community: str | None = None) -> Post:
    """The post with thread structure a structured reader would have given it."""
    changes: dict[str, object] = {}
    if thread_title is not None and post.thread_title is None:
        changes["thread_title"] = thread_title
    if parent is not None and post.parent is None:
        changes["parent"] = parent
    if community is not None and post.community is None:
        changes["community"] = community
    return replace(post, **changes) if changes else post  # type: ignore[arg-type]
