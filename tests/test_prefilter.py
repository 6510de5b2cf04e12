"""The pre-filter (``could_mention``) skips posts cheaply and never a post the extractor would
find something in: checked against the labelled evaluation threads with the filter switched off.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import readlist.extract as extract
from readlist.corpus import read_posts
from readlist.extract import ThreadContext, ThreadTracker, could_mention
from readlist.extract.context import ParentWork, ThreadMemory
from readlist.models import Hint, Post
from readlist.report import Report

EVAL = Path(__file__).resolve().parent.parent / "bench" / "eval"


def _mentions(paths: list[str]) -> list[tuple[str, int, str, bool, str]]:
    out = []
    tracker = ThreadTracker()
    for post in read_posts(paths, Report()):
        for m in tracker.extract(post):
            out.append((m.post.source, m.post.index, m.surface, m.recommended, m.kind))
    return out


@pytest.mark.parametrize("part", ["dev", "test", "test2"])
def test_filter_loses_nothing_on_the_evaluation_threads(part: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(EVAL / part)]
    filtered = _mentions(paths)
    monkeypatch.setattr(extract, "could_mention", lambda *args, **kwargs: True)
    unfiltered = _mentions(paths)
    assert len(unfiltered) > 50
    assert filtered == unfiltered


def test_contractions_alone_do_not_pass() -> None:
    # Case matters after an apostrophe: "it's a" is chatter, "Marx's Capital" a candidate.
    ctx = ThreadContext()
    for chatter in ("it's a shame, that's all", "yeah he's right, they're wrong",
                    "lol it's over", "Here's hoping they fix it"):
        assert not could_mention(chatter, ctx), chatter
    for text in ("Marx's Capital changed me", "try Dune", "get \"Dune\"",
                 "Designing Data-Intensive Applications (DDIA) is the one",
                 "Dickens' Bleak House", "READ THIS", "my favourite"):
        assert could_mention(text, ctx), text


def test_thread_memory_lets_only_posts_naming_it_through() -> None:
    memory = ThreadMemory()
    memory.add_abbreviation("DDIA", "Designing Data-Intensive Applications")
    memory.add_author("Walter Rodney")
    quiet = ThreadContext(memory=memory)
    assert could_mention("ddia is overrated imo", quiet)
    assert could_mention("rodney though", quiet)
    assert not could_mention("the weather is nice today", quiet)
    # Once the thread has named a work, a capitalised word may be a bare title.
    memory.add_title("Blindsight", ("Peter Watts",))
    assert could_mention("Echopraxia too", quiet)
    assert could_mention("blindsight, obviously", quiet)
    assert not could_mention("lol same", quiet)


def test_memory_pattern_follows_new_titles() -> None:
    memory = ThreadMemory()
    memory.add_author("Ursula K. Le Guin")
    ctx = ThreadContext(memory=memory)
    assert not could_mention("the dispossessed, obviously", ctx)
    memory.add_title("The Dispossessed")
    assert could_mention("the dispossessed, obviously", ctx)


def test_a_chatter_thread_knows_the_initials_of_a_title_it_named() -> None:
    """The remembered names are matched lazily, once a post holds one of their words: the
    initials a reader writes for a long title count as such a word."""
    memory = ThreadMemory()
    ctx = ThreadContext(memory=memory, many_threads=True)
    assert not could_mention("sfah changed how I cook", ctx)
    memory.add_title("Salt, Fat, Acid, Heat", ("Samin Nosrat",))
    assert could_mention("sfah changed how I cook", ctx)
    assert not could_mention("nosrat again", ctx)
    memory.add_author("Samin Nosrat")
    assert could_mention("nosrat again", ctx)
    assert not could_mention("how I cook changed", ctx)


# --- the strict gate: a dump's threads that show no interest in reading ----------------------

DUMP = ThreadContext(memory=ThreadMemory(), many_threads=True)


def test_in_a_dumps_chatter_thread_a_post_needs_a_strong_signal() -> None:
    for chatter in ("Real Madrid is the best team in Europe", "Marx's Capital changed me",
                    "Went to Paris last week, The Louvre was packed",
                    "I read the news this morning", "my favourite", "try Dune",
                    "it was made by apple", "nearby Paris is nicer",
                    "that trilogy of his is fine"):
        assert not could_mention(chatter, DUMP), chatter
    for text in ("I read Dune twice", "the best book I know is The Road",
                 "Blood Meridian by Cormac McCarthy", "anything by Walter Rodney",
                 "this novel, \"the stranger\", is short",
                 "ISBN 978-0-14-044913-6", "https://www.goodreads.com/book/show/1.Dune",
                 "see https://www.amazon.com/dp/0441013597", "doi 10.1145/359545.359563",
                 "9780140449136", "the book of proof by hammack is gentler"):
        assert could_mention(text, DUMP), text
    # A marked span (italic, link, ...) counts as a title beside a reading word.
    text = "loved reading that one, it stays with you"
    assert not could_mention(text, DUMP)
    assert could_mention(text, DUMP, marks=((0, 5),))


def test_a_dump_thread_about_reading_keeps_the_permissive_gate() -> None:
    for ctx in (dataclasses.replace(DUMP, asks_for_books=True),
                dataclasses.replace(DUMP, parent_asks=True),
                dataclasses.replace(DUMP, books_topic=True)):
        assert ctx.about_reading
        assert could_mention("Lost to the West", ctx)
    # A single thread (not a dump) is one the user chose: permissive too.
    assert could_mention("Marx's Capital changed me", ThreadContext(memory=ThreadMemory()))


def test_a_dump_thread_remembers_what_it_named_without_opening_the_gate() -> None:
    memory = ThreadMemory()
    memory.add_title("Blindsight", ("Peter Watts",))
    memory.add_author("Peter Watts")
    ctx = ThreadContext(memory=memory, many_threads=True)
    assert not ctx.about_reading
    assert could_mention("blindsight, obviously", ctx)
    assert could_mention("Watts again", ctx)
    assert not could_mention("Echopraxia too", ctx)  # a bare title needs a reading thread
    # "This." answering a post that recommended a work
    answering = dataclasses.replace(ctx, parent_works=(ParentWork("explicit", "Blindsight",
                                                                  recommended=True),))
    assert could_mention("This.", answering)


@pytest.mark.parametrize("part", ["dev", "test", "test2"])
def test_the_strict_gate_loses_no_recommendation_on_the_evaluation_threads_as_a_dump(
        part: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The evaluation threads read as if each were one thread of a dump: the strict gate (where
    the thread's opening shows no interest in reading) drops no recommended work."""
    def as_dump() -> list[tuple[str, int, str, bool, str]]:
        out = []
        tracker = ThreadTracker()
        for post in read_posts([str(EVAL / part)], Report()):
            key = f"t3_{post.source}"
            opening = post.index == 0 or post.id == key
            post = dataclasses.replace(post, thread=key, id=key if opening else post.id)
            out += [(m.post.source, m.post.index, m.surface, m.kind)
                    for m in tracker.extract(post) if m.recommended]
        return out

    filtered = as_dump()
    monkeypatch.setattr(extract, "could_mention", lambda *args, **kwargs: True)
    unfiltered = as_dump()
    assert len(unfiltered) > 30
    assert filtered == unfiltered


def test_whether_a_post_asks_is_judged_once_and_only_if_it_may(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Judged as the post is recorded (the tracker then keeps the text of askers alone), never
    again for its replies, and never for a post without the words a request needs."""
    calls: list[str] = []
    import readlist.extract.context as context

    judge = context._asks

    def counting(head: str) -> bool:
        calls.append(head)
        return judge(head)

    monkeypatch.setattr(context, "_asks", counting)
    context.may_ask_and_asks.cache_clear()
    tracker = ThreadTracker()
    ask = Post("d.ndjson", 0, "Any good books on the Meiji era?", id="t1_a", thread="t3_x")
    tracker.extract(ask)
    for i in range(1, 4):
        tracker.extract(Post("d.ndjson", i, "lol same", id=f"t1_{i}", thread="t3_x"))
    reply = Post("d.ndjson", 4, "Try Jansen", id="t1_r", thread="t3_x", parent=0)
    assert tracker.context_for(reply).parent_asks
    assert tracker.context_for(reply).parent_asks
    assert calls.count("any good books on the meiji era?") == 1
    assert "lol same" not in calls  # no word a request needs: never judged


def test_common_words_and_link_texts_never_enter_thread_memory() -> None:
    # "**This** is the answer", "[Source](url)": were they remembered as titles, every later
    # post saying "this" would be let through (and read) as naming a work.
    tracker = ThreadTracker()
    posts = [
        Post("d.ndjson", 0, "This is the answer. Honestly the best book on it.",
             hints=(Hint(0, 4, "bold"),), id="t1_a", thread="t3_x"),
        Post("d.ndjson", 1, "Source: I read it in a book once", id="t1_b", thread="t3_x",
             hints=(Hint(0, 6, "link", href="https://example.com/a"),)),
        Post("d.ndjson", 2, "*Here* is *the* recommended book, *Source*.", id="t1_c",
             thread="t3_x", hints=(Hint(1, 5, "italic"), Hint(36, 42, "italic"))),
    ]
    for post in posts:
        tracker.extract(post)
    assert not {"this", "source", "here"} & set(tracker.memory.titles)
    later = tracker.context_for(Post("d.ndjson", 3, "this is a long reply about the weather "
                                     "and Source code, nothing else", id="t1_d",
                                     thread="t3_x"))
    assert not could_mention("this is a long reply about the weather and Source code, "
                             "nothing else", later)
    memory = ThreadMemory()
    for word in ("This", "Source", "Here", "Link", "Edit"):
        memory.add_title(word)
    assert not memory.titles
