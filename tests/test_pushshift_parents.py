"""The dump reader's parent index is bounded: it forgets threads silent for PARENT_WINDOW
posts (as the thread tracker does), yet still links every reply in a thread that is alive."""

from __future__ import annotations

import json
from pathlib import Path

from readlist.corpus import pushshift
from readlist.corpus.pushshift import ParentIndex, PushshiftReader, format_id36
from readlist.extract import ThreadTracker, context
from readlist.models import Post
from readlist.report import Report


def _comment(cid: str, thread: str, parent: str, body: str = "a comment") -> dict[str, object]:
    return {"id": cid, "body": body, "link_id": f"t3_{thread}", "parent_id": parent,
            "author": "someone", "created_utc": 1_700_000_000}


def _read(path: Path) -> list[Post]:
    return list(PushshiftReader().read(str(path), Report()))


def _write(path: Path, recs: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def test_the_reader_forgets_no_thread_before_the_tracker_does():
    assert pushshift.PARENT_WINDOW >= context.THREAD_WINDOW


def test_a_live_thread_keeps_its_links_and_a_silent_one_is_forgotten(tmp_path, monkeypatch):
    monkeypatch.setattr(pushshift, "PARENT_WINDOW", 10)
    recs: list[dict[str, object]] = [
        {"id": "live", "title": "Books?", "selftext": "What to read?", "author": "op"},
        _comment("c1", "live", "t3_live"),
        {"id": "gone", "title": "Other", "selftext": "Anything.", "author": "op"},
        _comment("g1", "gone", "t3_gone"),
    ]
    n = 100
    for step in range(40):  # 40 filler threads of one comment each; "live" speaks every 4th
        n += 1
        recs.append(_comment(format_id36(10_000 + n), format_id36(5_000 + step), "t3_x"))
        if step % 4 == 0:
            n += 1
            recs.append(_comment(format_id36(10_000 + n), "live", "t1_c1", "still here"))
    recs.append(_comment("zz1", "live", "t1_c1", "a late reply to an old comment"))
    recs.append(_comment("zz2", "gone", "t1_g1", "a late reply in a silent thread"))
    recs.append(_comment("zz3", "live", "t3_live", "a late top-level reply"))
    posts = {p.id: p for p in _read(_write(tmp_path / "RC.ndjson", recs))}
    assert posts["t1_zz1"].parent == posts["t1_c1"].index  # 45 posts later: thread alive
    assert posts["t1_zz3"].parent == posts["t3_live"].index
    assert posts["t1_zz2"].parent is None  # read as a reply to a post outside the dump
    monkeypatch.setattr(pushshift, "PARENT_WINDOW", 1000)
    posts = {p.id: p for p in _read(tmp_path / "RC.ndjson")}
    assert posts["t1_zz2"].parent == posts["t1_g1"].index


def test_memory_stays_flat_over_many_threads():
    index = ParentIndex(window=50)
    for n in range(3000):  # 1000 threads of three posts each, one after another
        thread = format_id36(1_000 + n // 3)
        index.add("t3" if n % 3 == 0 else "t1", format_id36(100_000 + n), n, f"t3_{thread}")
    kept = len(index.comments.ids) + len(index.submissions.ids)
    assert kept <= 3 * 50 and len(index.last) <= 2 * 50 // 3 + 2
    assert index.comments.get(format_id36(100_000 + 2999)) == 2999
    assert index.comments.get(format_id36(100_000 + 1)) is None


def test_ids_out_of_order_are_forgotten_with_their_thread():
    index = ParentIndex(window=5)
    index.add("t1", "b", 0, "t3_x")
    index.add("t1", "a", 1, "t3_y")  # lower id after a higher one: kept aside
    assert index.parent("t1_a") == 1 and index.parent("t1_b") == 0
    for n in range(2, 14):  # swept at post 12: "y" silent for 11 posts
        index.add("t1", format_id36(1000 + n), n, "t3_x")
    assert index.parent("t1_a") is None and index.parent("t1_b") == 0


def _chat_dump(threads: int = 6, rounds: int = 12) -> list[dict[str, object]]:
    """Chat threads where a comment asks for books and the answers ("Red Plenty.", "This.")
    come long after, between posts of other threads; a third of the threads end half-way."""
    recs: list[dict[str, object]] = []
    ids = iter(range(100_000, 200_000))
    asks: dict[str, str] = {}
    answers: dict[str, str] = {}
    books = ["Red Plenty", "The Dispossessed", "Stay With Me", "Byzantium"]
    for t in range(threads):
        sid = format_id36(5_000 + t)
        recs.append({"id": sid, "title": f"Weekend chat {t}", "selftext": "How was your week?"})
        asks[sid] = format_id36(next(ids))
        recs.append(_comment(asks[sid], sid, f"t3_{sid}",
                             "Can anyone recommend books on Soviet planning?"))
    for r in range(rounds):
        for t in range(threads):
            sid = format_id36(5_000 + t)
            for _ in range(3):  # other threads speak in between
                cid = format_id36(next(ids))
                recs.append(_comment(cid, format_id36(90_000 + int(cid, 36)), "t3_x",
                                     "Nice weather today, went for a walk."))
            if t % 3 == 2 and r > rounds // 2:
                continue
            cid = format_id36(next(ids))
            if r % 2 == 0:
                recs.append(_comment(cid, sid, f"t1_{asks[sid]}", f"{books[(t + r) % 4]}."))
                answers[sid] = cid
            else:
                recs.append(_comment(cid, sid, f"t1_{answers[sid]}", "This."))
    return recs


def test_forgetting_changes_no_mention_when_threads_do_not_come_back(tmp_path, monkeypatch):
    """A live thread speaks every 24 posts; answers come up to 300 posts after the question."""
    path = _write(tmp_path / "RC_chat.ndjson", _chat_dump())
    monkeypatch.setattr(context, "THREAD_WINDOW", 40)

    def mentions(window: int) -> list[tuple[int, str, bool]]:
        monkeypatch.setattr(pushshift, "PARENT_WINDOW", window)
        tracker = ThreadTracker()
        return [(m.post.index, m.surface, m.recommended)
                for p in _read(path) for m in tracker.extract(p)]

    unbounded = mentions(10**9)
    assert sum(rec for *_, rec in unbounded) > 40  # the answers are read as answers
    assert mentions(40) == unbounded
    assert mentions(20) != unbounded  # forgetting live threads would lose them
