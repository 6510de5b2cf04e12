"""A dump read for some of its threads (``Reader.read_threads``, what a ``--jobs`` share
reads): exactly the posts a whole read gives for those threads, numbered as among all posts,
with the same warnings, while the other threads' posts are counted but never built."""

from __future__ import annotations

import html
import json
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from readlist.corpus import Misplaced, Reader, pushshift, read_posts
from readlist.corpus.mdtext import render, surely_has_text
from readlist.corpus.pushshift import format_id36
from readlist.engines.units import ThreadShares
from readlist.extract import context
from readlist.models import Post
from readlist.report import Report

# Bodies whose text is empty once rendered (not posts), next to bodies that only look so.
EMPTY_ONCE_RENDERED = ["---", "***", "#", ">", "![](https://i.imgur.com/x.png)", "[]()",
                       "[a]: https://example.org", "```python\n```", "~~~ruby\n~~~", "<!-- -->",
                       "<div>\n</div>", "&nbsp;", "&#32;"]
WORDS_IN_MARKUP = ["*Dune* by Frank Herbert!", "> quoted\n\nreply", "[Dune](https://x.org)",
                   "# Heading", "Q&amp;A: read `SICP`", "~~no~~ yes", "| a | b |\n|---|---|\n| c | d |",
                   "<b>bold</b> words", "1. first\n2. second", "x_y_z = 1"]


def records() -> list[dict[str, object]]:
    """Interleaved threads in time order, some spanning the whole dump; submissions with and
    without titles; deleted, removed and empty-rendering comments; replies to other threads."""
    recs: list[dict[str, object]] = []
    subs = [format_id36(46_000 + t) for t in range(24)]
    for t, sid in enumerate(subs[:6]):
        recs.append({"id": sid, "title": "" if t == 2 else f"Books on topic {t}?",
                     "selftext": "" if t == 2 else "Any ideas?", "subreddit": "books",
                     "created_utc": 1_700_000_000 + t})
    bodies = EMPTY_ONCE_RENDERED + WORDS_IN_MARKUP + ["[deleted]", "[removed]", "  ",
                                                        "Plain words, Red Plenty by Spufford."]
    made: list[tuple[str, str]] = []
    for n in range(300):
        sid = subs[(n * 7) % len(subs)]
        cid = format_id36(900_000 + n)
        parent = f"t3_{sid}"
        if made and n % 5 == 0:
            parent = f"t1_{made[-3][1]}"  # in another thread
        recs.append({"id": cid, "body": bodies[n % len(bodies)], "link_id": f"t3_{sid}",
                     "parent_id": parent, "author": f"u{n % 13}", "subreddit": "books",
                     "created_utc": 1_700_001_000 + n})
        made.append((sid, cid))
    recs.append({"id": subs[6], "title": "A late submission", "selftext": "[removed]",
                 "subreddit": "books"})
    recs.append({"id": "", "body": "No thread at all, The Dispossessed.", "link_id": ""})
    return recs


def write(path: Path, recs: list[dict[str, object]]) -> Path:
    lines = [json.dumps(r) for r in recs]
    lines[40:40] = ['{"body": "cut off', "[1, 2]", "", '{"neither": 1}']
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(zstandard.ZstdCompressor().compress(data) if path.suffix == ".zst" else data)
    return path


def read_all(source: Path) -> tuple[list[Post], Report]:
    report = Report()
    return list(read_posts([str(source)], report)), report


def read_share(source: Path, shard: int, shards: int) -> tuple[list[Post], Report]:
    report = Report()
    assign = ThreadShares(shards)
    posts = list(read_posts([str(source)], report,
                            threads=lambda t, i: assign.share(t, i) == shard))
    return posts, report


def read_shares(source: Path, shards: int) -> list[list[Post]]:
    """Each share's posts, after checking that it reported what the whole read reports."""
    _, whole_report = read_all(source)
    out = []
    for shard in range(shards):
        posts, report = read_share(source, shard, shards)
        assert report.warnings == whole_report.warnings
        out.append(posts)
    return out


def same_as_whole(shares: list[list[Post]], whole: list[Post]) -> None:
    """Together the shares are the whole read (each post once, in the same place); each
    thread is in one share."""
    assert sorted((p for share in shares for p in share), key=lambda p: p.index) == whole
    for share in shares:
        assert share == sorted(share, key=lambda p: p.index)
    owners = {p.thread: k for k, share in enumerate(shares) for p in share}
    assert all(owners[p.thread] == k for k, share in enumerate(shares) for p in share)


@pytest.mark.parametrize("name", ["RC_x.ndjson", "RC_x.zst"])
@pytest.mark.parametrize("shards", [2, 3, 5])
def test_shares_are_the_whole_reads_posts_of_their_threads(tmp_path: Path, name: str,
                                                            shards: int) -> None:
    dump = write(tmp_path / name, records())
    whole, whole_report = read_all(dump)
    assert len(whole) > 80 and whole_report.warnings
    shares = read_shares(dump, shards)
    same_as_whole(shares, whole)
    assert all(shares)


def test_the_dump_is_one_that_needs_exact_counting(tmp_path: Path) -> None:
    """The test dump above can fail: its empty-rendering and reply-to-other-thread records
    change the numbering and parents when they are miscounted."""
    whole, _ = read_all(write(tmp_path / "RC.ndjson", records()))
    threads = {p.thread for p in whole}
    assert len(threads) >= 8 and None in threads
    by_index = {p.index: p for p in whole}
    assert any(p.parent is not None and by_index[p.parent].thread != p.thread for p in whole)
    texts = {p.text for p in whole}
    assert not texts & {"", "---", "#", "1."}
    assert "Dune by Frank Herbert!" in texts and "yes" not in texts and "no yes" in texts
    assert [p.index for p in whole] == list(range(len(whole)))
    untitled = [p for p in whole if p.thread == f"t3_{format_id36(46_002)}"]
    assert untitled and all(p.thread_title is None for p in untitled)


def test_other_threads_posts_are_not_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    dump = write(tmp_path / "RC.ndjson", records())
    built: list[int] = []
    original = pushshift.make_post

    def counting(*args: object, **kwargs: object) -> Post:
        built.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pushshift, "make_post", counting)
    whole, _ = read_all(dump)
    assert len(built) == len(whole)
    built.clear()
    posts, _ = read_share(dump, 1, 4)
    assert 0 < len(built) == len(posts) < len(whole) / 2


def test_an_over_long_post_of_another_thread_still_warns(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pushshift, "MAX_POST_CHARS", 400)
    monkeypatch.setattr("readlist.corpus.base.MAX_POST_CHARS", 400)
    recs = records()
    recs[50]["body"] = "Read Red Plenty. " * 40
    dump = write(tmp_path / "RC.ndjson", recs)
    whole, whole_report = read_all(dump)
    assert any("cut to the first 400" in w.message for w in whole_report.warnings)
    same_as_whole(read_shares(dump, 3), whole)


def test_forgotten_titles_are_forgotten_alike(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Titles are kept for the last TITLES_KEPT submissions of the whole dump, whichever
    share reads it: a share counts the other threads' submissions too."""
    monkeypatch.setattr(pushshift, "TITLES_KEPT", 3)
    dump = write(tmp_path / "RC.ndjson", records())
    whole, _ = read_all(dump)
    titled = {p.thread for p in whole if p.thread_title and p.id and p.id.startswith("t1_")}
    assert f"t3_{format_id36(46_005)}" in titled
    assert f"t3_{format_id36(46_000)}" not in titled  # forgotten: 3 submissions came after it
    same_as_whole(read_shares(dump, 2), whole)


def test_readers_that_are_not_dumps_filter_their_posts(tmp_path: Path) -> None:
    """Text, Markdown and thread JSON have no thread keys: all their posts go to share 0."""
    text = tmp_path / "notes.txt"
    text.write_text("Read Red Plenty.\n\nAlso The Dispossessed by Le Guin.\n")
    thread = tmp_path / "t.json"
    thread.write_text(json.dumps([{"kind": "Listing", "data": {"children": []}}]))
    for source in (text, tmp_path / "t.json"):
        whole, _ = read_all(source)
        assert read_share(source, 0, 3)[0] == whole
        assert read_share(source, 1, 3)[0] == []
    assert read_all(text)[0]


def test_the_base_read_threads_filters_read() -> None:
    class Threads(Reader):
        name = "threads-test"

        def read(self, source: str, report: Report) -> Iterator[Post]:
            for i in range(6):
                yield Post(source, i, f"post {i}", thread=f"t3_{i % 3}")

    calls: list[tuple[str | None, int]] = []

    def keep(thread: str | None, index: int) -> bool:
        calls.append((thread, index))
        return thread == "t3_1"

    got = list(Threads().read_threads("x", Report(), keep))
    assert [p.index for p in got] == [1, 4]
    assert calls == [(f"t3_{i % 3}", i) for i in range(6)]


# -- the shortcut that decides "this post has words" without rendering -------------------------

MARKDOWNISH = st.text(alphabet=st.sampled_from(list("ab1 \n\t*_`[]()<>#&;\\|~=!-+.:/\"'xé")),
                      max_size=40)


@given(MARKDOWNISH)
def test_surely_has_text_never_claims_an_empty_rendering(src: str) -> None:
    if surely_has_text(src):
        assert render(src)[0]


@pytest.mark.parametrize("src", EMPTY_ONCE_RENDERED)
def test_renderings_that_are_empty(src: str) -> None:
    assert not render(html.unescape(src))[0] and not surely_has_text(html.unescape(src))
    assert render("x " + html.unescape(src))[0]  # (render does give text)


@pytest.mark.parametrize("src", ["Plain words.", "*Dune* by Herbert!", "> quoted", "# Title",
                                 "x = y", "1. first"])
def test_common_markup_is_decided_without_rendering(src: str) -> None:
    assert surely_has_text(src) and render(src)[0]


# -- how threads are dealt to shares -----------------------------------------------------------

def test_threads_are_dealt_to_the_least_loaded_share() -> None:
    shares = ThreadShares(3)
    # one long thread, then many short ones: the short ones fill the other shares first
    got = [shares.share("t3_big", i) for i in range(30)]
    got += [shares.share(f"t3_s{i // 3}", 30 + i) for i in range(60)]
    assert set(got[:30]) == {0}
    assert shares.load == [30, 30, 30]
    assert shares.share(None, 90) == 0 and shares.share("t3_big", 91) == 0


def test_a_thread_moves_only_when_the_tracker_would_forget_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context, "THREAD_WINDOW", 10)
    shares = ThreadShares(2)
    assert [shares.share(t, i) for i, t in enumerate(["t3_a", "t3_b", "t3_c"])] == [0, 1, 0]
    for i in range(3, 8):
        shares.share("t3_c", i)
    assert shares.share("t3_a", 8) == 0  # share 0 is the busier, but t3_a lives there
    for i in range(9, 19):
        shares.share("t3_c", i)
    assert shares.share("t3_a", 19) == 1  # 11 posts of silence: the tracker starts it afresh


def test_shares_are_even_on_a_real_shaped_dump(tmp_path: Path) -> None:
    """Threads of very different sizes: shares within 15 % of even (a hash of the thread
    gave 46/54 % on the 10 MB benchmark dump)."""
    dump = write(tmp_path / "RC.ndjson", records())
    sizes = [len(share) for share in read_shares(dump, 2)]
    assert abs(sizes[0] - sizes[1]) <= 0.15 * sum(sizes)


# -- other threads' lines placed by a look at their bytes, not decoded ---------------------------

KEY_TEXT = st.sampled_from(["", " ", "[deleted]", "[removed]", " [deleted]", "&gt; quoted",
                            "&gt;&gt; x", "&amp; more", "\\[x]", '"quoted"', "é then words"])
RECORD_TEXT = st.one_of(MARKDOWNISH, KEY_TEXT, st.tuples(KEY_TEXT, MARKDOWNISH).map("".join))
IDS = st.one_of(st.sampled_from(["", "abc", "t3_abc", " abc", "a b", "ab\\c", "é1", "9z"]),
                st.integers(0, 10**6), st.none())


@st.composite
def record_lines(draw: st.DrawFn) -> tuple[bytes, dict[str, object]]:
    rec: dict[str, object] = {}
    keys = draw(st.lists(st.sampled_from(["id", "body", "link_id", "title", "selftext", "nested",
                                          "url"]), unique=True))
    for key in keys:
        if key in ("id", "link_id"):
            rec[key] = draw(IDS)
        elif key == "nested":
            rec[key] = draw(st.sampled_from([{}, {"id": "other"}, [{"body": "x"}],
                                             {"title": "T"}]))
        else:
            rec[key] = draw(st.one_of(RECORD_TEXT, st.none()))
    compact = draw(st.booleans())
    line = json.dumps(rec, ensure_ascii=draw(st.booleans()),
                      separators=(",", ":") if compact else None)
    return line.encode(), rec


@given(record_lines())
def test_a_placed_line_is_what_decoding_it_gives(line_rec: tuple[bytes, dict[str, object]]
                                                 ) -> None:
    """Whatever a share reads off a valid record's bytes is what its owner finds on decoding
    it: kind, thread, id, whether it is a post, whether its title is remembered. (Strings with
    braces could hide a nested object from the look; its owner's check covers those.)"""
    line, rec = line_rec
    placed = pushshift._placed(line)
    kind = pushshift._kind(rec)
    if kind is None:
        assert placed is None
        return
    thread = pushshift._thread(rec, kind)
    made = pushshift._makes_post(rec, kind, OrderedDict())
    assert placed is None or placed == pushshift._facts(rec, kind, thread, made)


def test_most_plain_lines_are_placed() -> None:
    """The look is no use if it declines the lines dumps are made of."""
    recs = records()
    placed = [pushshift._placed(json.dumps(r, separators=(",", ":")).encode()) for r in recs]
    assert sum(p is not None for p in placed) > 0.9 * len(recs)
    assert any(p is not None and not p.post for p in placed)  # [deleted], ---, ...
    assert all(pushshift._placed(json.dumps(r).encode()) == p for r, p in zip(recs, placed,
                                                                             strict=True))


def test_other_threads_lines_are_not_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    lines = len(records())
    dump = write(tmp_path / "RC.ndjson", records())
    decoded: list[int] = []
    original = json.loads

    def counting(data: str | bytes, **kwargs: object) -> object:
        decoded.append(1)
        return original(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pushshift.json, "loads", counting)
    posts, _ = read_share(dump, 1, 4)
    assert 0 < len(posts) <= len(decoded) < 0.35 * lines  # its own quarter, and a few more
    decoded.clear()
    share = ThreadShares(4)
    again = list(read_posts([str(dump)], Report(), threads=lambda t, i: share.share(t, i) == 1,
                            skim=False))
    assert again == posts and len(decoded) > lines


# Lines that look like plain records but are not what they look: invalid JSON after a body that
# starts with words; a key spelt with an escape that repeats (and overrides) the body.
TRAPS = ['{"id": "zz1", "body": "Read Dune.", "link_id": "t3_%s", "x": [1,}',
         '{"id": "zz2", "body": "[deleted]", "link_id": "t3_%s", "b\\u006fdy": "Read Dune."}']


@pytest.mark.parametrize("trap", TRAPS)
def test_a_line_placed_wrongly_is_found_by_its_owner(tmp_path: Path, trap: str) -> None:
    lines = [json.dumps(r) for r in records()]
    sid = format_id36(46_003)
    lines.insert(60, trap % sid)
    dump = tmp_path / "RC.ndjson"
    dump.write_text("\n".join(lines) + "\n")
    whole, whole_report = read_all(dump)
    owner = next(k for k, share in enumerate(read_shares_unplaced(dump, 2))
                 if any(p.thread == f"t3_{sid}" for p in share))
    with pytest.raises(Misplaced) as found:
        read_share(dump, owner, 2)
    assert found.value.line == 61
    other, _ = read_share(dump, 1 - owner, 2)  # unaware, it counted the line wrongly
    threads = {p.thread for p in other}
    assert other != [p for p in whole if p.thread in threads]
    assert any("line 61" in str(w) or ":61:" in str(w) for w in whole_report.warnings) or \
        any(p.line == 61 for p in whole)


def read_shares_unplaced(source: Path, shards: int) -> list[list[Post]]:
    out = []
    for shard in range(shards):
        share = ThreadShares(shards)
        out.append(list(read_posts([str(source)], Report(), skim=False,
                                   threads=lambda t, i, k=shard, s=share: s.share(t, i) == k)))
    return out
