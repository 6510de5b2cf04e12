"""The pre-filter (``could_mention``) skips posts cheaply and never a post the extractor would
find something in: checked against the labelled evaluation threads with the filter switched off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import readlist.extract as extract
from readlist.corpus import read_posts
from readlist.extract import ThreadContext, ThreadTracker, could_mention
from readlist.extract.context import ThreadMemory
from readlist.report import Report

EVAL = Path(__file__).resolve().parent.parent / "bench" / "eval"


def _mentions(paths: list[str]) -> list[tuple[str, int, str, bool, str]]:
    out = []
    tracker = ThreadTracker()
    for post in read_posts(paths, Report()):
        for m in tracker.extract(post):
            out.append((m.post.source, m.post.index, m.surface, m.recommended, m.kind))
    return out


@pytest.mark.parametrize("part", ["dev", "test"])
def test_filter_loses_nothing_on_the_evaluation_threads(part: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(EVAL / part)]
    filtered = _mentions(paths)
    monkeypatch.setattr(extract, "could_mention", lambda text, context=None: True)
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
