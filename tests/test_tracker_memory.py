"""ThreadTracker memory (issue 10): a post that cannot ask for reading keeps no text in the
tracker, and that changes no decision: ``may_ask`` is False only where ``asks_for_reading`` is."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.corpus import read_posts
from readlist.extract.context import ThreadTracker, asks_for_reading, may_ask, may_ask_and_asks
from readlist.models import Post
from readlist.report import Report

ROOT = Path(__file__).resolve().parent.parent
ASKING = ["Any good books on Byzantium?", "What should I read next?", "Where do I start?",
          "what next", "Looking for some novels about the sea", "Any suggestions",
          "Recommend me sci-fi that is hopeful, please", "Craving a thriller, any ideas",
          "In the mood for a memoir. Thoughts?", "Share your favourite textbooks on rings",
          "Intros to category theory?", "Reading for a long flight?", "name 3 books you love",
          "Hit me with your best fantasy series", "Primers on Marx?", "sources on this?"]
WORDS = ["any", "good", "what", "should", "i", "where", "how", "do", "to", "start", "next",
         "looking", "for", "recommend", "me", "suggest", "some", "books", "novel", "read",
         "reading", "ideas", "pointers", "craving", "fiction", "sf", "the", "is", "?", "\n",
         "share", "name", "on", "about", "authors", "would", "you", "if", "anyone's", "Title",
         "thread", "ready", "bookshelf", "İ", "ß", "series", "in", "mood", "hit", "with"]


def test_the_asking_examples_may_ask() -> None:
    for text in ASKING:
        assert asks_for_reading(text), text
        assert may_ask(text), text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from(["", " ", "  ", "\t"]))
def test_may_ask_is_never_false_where_asks_is_true(words: list[str], sep: str) -> None:
    text = (sep or " ").join(words)
    if asks_for_reading(text):
        assert may_ask(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14))
def test_may_ask_and_asks_is_the_two_questions_at_once(words: list[str]) -> None:
    text = " ".join(words)
    assert may_ask_and_asks(text) == (may_ask(text) and asks_for_reading(text))


def test_no_post_of_the_evaluation_threads_or_seeds_asks_without_may_ask() -> None:
    texts = [p.text for part in ("dev", "test", "test2")
             for p in read_posts([str(ROOT / "bench" / "eval" / part)], Report())]
    texts += [p.text for p in read_posts([str(ROOT / "seeds")], Report())]
    assert sum(asks_for_reading(t) for t in texts) > 10
    assert all(may_ask(t) for t in texts if asks_for_reading(t))


def _post(i: int, text: str, parent: int | None) -> Post:
    return Post("RC.ndjson", i, text, id=f"c{i}", parent=parent, thread="t3_x")


def test_chatter_keeps_no_text_and_a_reply_to_a_question_still_sees_it() -> None:
    tracker = ThreadTracker()
    posts = [_post(0, "Looking for books on the history of Algeria?", None),
             _post(1, "The match last night was wild, what a goal by Salah.", 0),
             _post(2, "Agreed, the referee was awful.", 1),
             _post(3, "Try A Savage War of Peace.", 0)]
    contexts = []
    for p in posts:
        contexts.append(tracker.context_for(p))
        tracker.record(p, [])
    kept = tracker._threads["t3_x"].asking
    assert sorted(kept) == [0]
    assert [c.parent_asks for c in contexts] == [False, True, False, True]


def test_a_dumps_chatter_thread_is_spared_the_search_for_films_and_games() -> None:
    """Naming a film in a thread about reading is remembered (a later bare "Senna" is the film);
    in a dump's chatter thread nothing later could use it, so the post is not searched."""
    from readlist.extract.context import ThreadContext
    from readlist.models import Post

    text = "Also watch Senna, the documentary, it is brilliant."
    for context, remembered in ((ThreadContext(many_threads=True), False),
                                (ThreadContext(many_threads=True, asks_for_books=True), True),
                                (ThreadContext(), True)):
        tracker = ThreadTracker()
        post = Post("d.ndjson", 0, text, id="t1_a", thread="t3_x")
        tracker.context_for(post)
        tracker.record(post, [], context)
        assert bool(tracker.memory.nonworks) is remembered, context
