"""Properties of extraction (hypothesis): it never crashes, offsets index the post, it is a pure
and deterministic function of (post, context), and the pre-filter only skips hopeless posts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.extract import ThreadContext, could_mention, extract_mentions
from readlist.extract.context import ThreadMemory
from readlist.models import KINDS, Post

_WORDS = st.sampled_from([
    "I", "recommend", "read", "The", "Road", "by", "Cormac", "McCarthy", "Marx's", "Capital",
    "anything", "book", "on", "Africa", "\"Dune\"", "*Kindred*", "https://doi.org/10.1/x",
    "ISBN", "978-0-14-044913-6", "don't", "bother", "with", "?", ".", ",", "\n", "- ", "1.",
    "Stalins", "little", "red", "-tier", ":emoji:", "Anna's", "Archive", "[a](http://x.y)",
    "((", "**", "_", "’s", "Über", "Straße", "ДЖ", "書", "\u202e", "\x00", "😀",
])
_POSTY = st.lists(_WORDS, max_size=60).map(" ".join)
_ANY_TEXT = st.one_of(st.text(max_size=400), _POSTY)
_CONTEXT = st.builds(ThreadContext, title=st.none() | st.text(max_size=40),
                     asks_for_books=st.booleans(), parent_asks=st.booleans(),
                     is_opening=st.booleans(), books_topic=st.booleans())


def _check(text: str, ctx: ThreadContext) -> None:
    ms = extract_mentions(Post("t.txt", 1, text), ctx)
    for m in ms:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        assert m.kind in KINDS
        assert 0.0 <= m.confidence <= 1.0
        assert m.isbn is None or (len(m.isbn) == 13 and m.isbn.isdigit())
    assert [m.start for m in ms] == sorted(m.start for m in ms)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_ANY_TEXT, _CONTEXT)
def test_never_crashes_and_offsets_hold(text: str, ctx: ThreadContext) -> None:
    _check(text, ctx)


@settings(max_examples=60, deadline=None)
@given(_POSTY, _CONTEXT)
def test_deterministic_and_pure(text: str, ctx: ThreadContext) -> None:
    post = Post("t.txt", 1, text)
    first = extract_mentions(post, ctx)
    # Something else extracted in between must not change the answer (no hidden state).
    extract_mentions(Post("u.txt", 0, "I recommend Kindred by Octavia Butler."), ctx)
    assert extract_mentions(post, ctx) == first
    assert extract_mentions(Post("t.txt", 1, text), ctx) == first


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=30))
def test_thread_memory_in_the_context_is_not_changed(text: str) -> None:
    memory = ThreadMemory()
    memory.add_title("The Dispossessed", ("Ursula K. Le Guin",))
    before = (dict(memory.titles), dict(memory.authors), dict(memory.abbreviations),
              memory.version)
    ctx = ThreadContext(asks_for_books=True, parent_asks=True, memory=memory)
    extract_mentions(Post("t.txt", 1, text + " The Dispossessed"), ctx)
    assert (memory.titles, memory.authors, memory.abbreviations, memory.version) == before


def test_huge_lines_and_huge_posts() -> None:
    line = ("The Road by Cormac McCarthy, " * 150) + "x" * 200_000
    _check(line, ThreadContext(asks_for_books=True, parent_asks=True))
    _check("A" * 300_000, ThreadContext())
    _check("(" * 50_000 + "by " * 50_000, ThreadContext())
    _check("*" * 100_000 + '"' * 100_000, ThreadContext(asks_for_books=True))


@settings(max_examples=150, deadline=None)
@given(_ANY_TEXT, _CONTEXT)
def test_prefilter_only_skips_posts_with_nothing_in_them(text: str, ctx: ThreadContext) -> None:
    if not could_mention(text, ctx):
        assert extract_mentions(Post("t.txt", 1, text), ctx) == []


def test_prefilter_skips_chatter_and_keeps_candidates() -> None:
    ctx = ThreadContext()
    for chatter in ("lol same", "thanks, this is really helpful!", "agreed 100%",
                    "what time is the meeting tomorrow", "nice"):
        assert not could_mention(chatter, ctx)
    for text in ("I recommend Kindred", "https://doi.org/10.1/x", "ISBN 9780140449136",
                 'you must try "Dune"', "Marx's Capital", "anything by Rodney"):
        assert could_mention(text, ctx)
    asked = ThreadContext(asks_for_books=True, parent_asks=True)
    assert could_mention("Lost to the West", asked)
    assert not could_mention("lol same", asked)


def test_everyday_reading_words_need_a_title_shape() -> None:
    ctx = ThreadContext()
    for chatter in ("loved it, thanks", "worth it honestly", "everything is fine here",
                    "I read that too", "Loved it."):
        assert not could_mention(chatter, ctx), chatter
    for text in ("loved The Road", "I read Dune twice", "worth it for THE KITE RUNNER alone"):
        assert could_mention(text, ctx), text


def test_a_chatter_thread_that_once_named_a_book_is_not_a_book_thread() -> None:
    memory = ThreadMemory()
    memory.add_title("Blindsight", ("Peter Watts",))
    ctx = ThreadContext(memory=memory)
    long_chatter = ("We moved to Denver in March and honestly the weather there is wild, "
                    "Priya says Boulder is even worse in winter.")
    assert not could_mention(long_chatter, ctx)
    assert could_mention("Echopraxia too", ctx)  # short: may be a bare title
    assert could_mention("Watts wrote Echopraxia after that, and it is even stranger, "
                         "a sequel in all but name.", ctx)
