"""Extraction engines (issue 10): ``--jobs N`` processes and a Dask cluster find exactly the
mentions one process finds, in the same order, with the same warnings and the same .bib;
a Reddit dump is split by thread, never through one; Ctrl-C stops the workers cleanly."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import zstandard
from click.testing import CliRunner

from readlist.cli import cli
from readlist.corpus import read_posts
from readlist.corpus.pushshift import format_id36
from readlist.engines import plan, resolve_jobs
from readlist.engines.units import Assembler, Notes, Unit, extract_unit
from readlist.errors import ReadlistError
from readlist.extract import ThreadTracker
from readlist.models import Post
from readlist.pipeline import ScanOptions, ScanResult, scan
from readlist.report import Report

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
SEED = Path(__file__).parent.parent / "seeds" / "000_77b3b552e261b156.txt"

BOOKS = [("The Dispossessed", "Ursula K. Le Guin"), ("Red Plenty", "Francis Spufford"),
         ("Stay With Me", "Ayobami Adebayo"), ("The Great Hunger", "Cecil Woodham-Smith"),
         ("Byzantium", "Judith Herrin"), ("Journey Through Genius", "William Dunham"),
         ("Engineering a Compiler", "Keith Cooper"), ("Lost to the West", "Lars Brownworth")]
FILLER = ("honestly I think the pacing in the middle drags a bit but the ending is worth it and "
          "the prose is clean").split()


def dump_records(threads: int = 8, comments: int = 14, seed: int = 3) -> list[dict[str, object]]:
    """A time-ordered Reddit dump: threads asking for books, their comments interleaved,
    naming titles (marked, by-lines, bare answers, seconds of an earlier title, abbreviations)."""
    rng = random.Random(seed)
    recs: list[dict[str, object]] = []
    subs = [format_id36(10_000 + t) for t in range(threads)]
    for t, sid in enumerate(subs):
        topic = ["history", "compilers", "economics", "Nigeria", "Byzantium", "maths"][t % 6]
        recs.append({"id": sid, "title": f"Books on {topic}?" if t % 3 else f"What are you "
                     f"reading this week? ({topic})", "selftext": "Looking for something good.",
                     "author": f"op{t}", "created_utc": 1_700_000_000 + t, "subreddit": "books"})
    made: dict[str, list[str]] = {sid: [] for sid in subs}
    n = 0
    for step in range(comments):
        for t, sid in enumerate(subs):
            if t % 4 == 3 and step > comments // 2:
                continue  # threads end at different times
            n += 1
            cid = format_id36(500_000 + n)
            title, author = BOOKS[(t * 3 + step) % len(BOOKS)]
            r = rng.random()
            filler = " ".join(rng.choice(FILLER) for _ in range(rng.randint(4, 20)))
            if r < 0.3:
                body = f"I'd recommend *{title}* by {author}. {filler}"
            elif r < 0.45:
                body = f"{title} by {author} ({''.join(w[0] for w in title.split())}). {filler}"
            elif r < 0.6 and made[sid]:
                body = f"Seconding {BOOKS[(t * 3) % len(BOOKS)][0]}, it wrecked me. {filler}"
            elif r < 0.7:
                body = f"{title}. Very readable."
            elif r < 0.75:
                body = "[removed]"
            else:
                body = filler.capitalize() + "."
            parent = f"t1_{rng.choice(made[sid])}" if made[sid] and r > 0.5 else f"t3_{sid}"
            recs.append({"id": cid, "body": body, "link_id": f"t3_{sid}", "parent_id": parent,
                         "author": f"user{rng.randint(1, 40)}", "subreddit": "books",
                         "created_utc": 1_700_001_000 + n})
            made[sid].append(cid)
    return recs


def write_dump(path: Path, recs: list[dict[str, object]], bad_line: int | None = None) -> Path:
    lines = [json.dumps(r) for r in recs]
    if bad_line is not None:
        lines.insert(bad_line, '{"body": "cut off')
    data = ("\n".join(lines) + "\n").encode()
    if path.suffix == ".zst":
        data = zstandard.ZstdCompressor(level=3).compress(data)
    path.write_bytes(data)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A few files of several formats, a plain and a compressed dump, and trouble to report."""
    d = tmp_path / "corpus"
    (d / "threads").mkdir(parents=True)
    (d / SEED.name).write_bytes(SEED.read_bytes())
    for name in ("thread.md", "reddit_thread.json", "hn_item.json", "pushshift_dump.ndjson"):
        (d / "threads" / name).write_bytes((FIXTURES / name).read_bytes())
    # Most of the bytes, so that it is split between workers (shares follow size).
    write_dump(d / "RC_books.ndjson", dump_records(threads=16, comments=24), bad_line=20)
    write_dump(d / "threads" / "RS_small.zst", dump_records(threads=3, comments=5, seed=9))
    (d / "threads" / "empty.txt").write_text("")
    (d / "threads" / "image.bin").write_bytes(b"\x00\x01\x02binary")
    return d


def _scan(corpus: Path, out: Path, **engine: object) -> ScanResult:
    paths = [str(corpus), str(corpus / "nothing-here.txt")]
    return scan(paths, ScanOptions(output=out, resolve=False, split_min_bytes=0,
                                   **engine))  # type: ignore[arg-type]


def assert_same(a: ScanResult, b: ScanResult) -> None:
    assert a.posts == b.posts and a.sources == b.sources
    assert b.mentions == a.mentions  # same mentions, same order: no sort needed
    assert b.report.warnings == a.report.warnings
    assert b.report.skipped == a.report.skipped
    assert [w.recommendations for w in b.works] == [w.recommendations for w in a.works]
    assert a.written is not None and b.written is not None
    assert b.written.read_bytes() == a.written.read_bytes()


@pytest.fixture
def single(corpus: Path, tmp_path: Path) -> ScanResult:
    result = _scan(corpus, tmp_path / "one.bib")
    # The corpus is worth comparing on: many mentions, dump trouble reported.
    assert result.posts > 150 and sum(m.recommended for m in result.mentions) > 40
    assert [str(w) for w in result.report.warnings if "RC_books" in w.source] == [
        f"{corpus / 'RC_books.ndjson'}:21: malformed JSON (Unterminated string starting at at "
        "column 10), line skipped"]
    assert result.report.skipped["missing"] == 1 and result.report.skipped["empty"] == 1
    return result


# -- the thread context that makes splitting possible ------------------------------------------

def test_a_dumps_threads_are_read_as_if_each_were_alone(tmp_path: Path) -> None:
    """Mentions of an interleaved dump == mentions of each thread's posts read on their own."""
    dump = write_dump(tmp_path / "RC.ndjson", dump_records())
    posts = list(read_posts([str(dump)], Report()))
    assert len({p.thread for p in posts}) == 8 and all(p.thread for p in posts)
    tracker = ThreadTracker()
    together = {p.index: tracker.extract(p) for p in posts}
    assert sum(len(ms) for ms in together.values()) > 30
    for key in {p.thread for p in posts}:
        alone = ThreadTracker()
        for p in (p for p in posts if p.thread == key):
            assert alone.extract(p) == together[p.index]


def test_a_comment_is_not_the_opening_post_of_its_thread(tmp_path: Path) -> None:
    # A comments-only dump: the first comment seen of a thread still recommends.
    recs = [r for r in dump_records() if "body" in r]
    posts = list(read_posts([str(write_dump(tmp_path / "RC.ndjson", recs))], Report()))
    tracker = ThreadTracker()
    firsts = {}
    for p in posts:
        ctx = tracker.context_for(p)
        firsts.setdefault(p.thread, ctx.is_opening)
        tracker.record(p, [])
    assert firsts and not any(firsts.values())


def test_a_thread_silent_too_long_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    import readlist.extract.context as context

    monkeypatch.setattr(context, "THREAD_WINDOW", 5)
    tracker = ThreadTracker()
    ask = Post("d.ndjson", 0, "Books on compilers?", id="t3_a", thread="t3_a")
    tracker.extract(ask)
    tracker.extract(Post("d.ndjson", 1, "Engineering a Compiler by Keith Cooper.", parent=0,
                         id="t1_b", thread="t3_a"))
    assert tracker.context_for(Post("d.ndjson", 4, "x", thread="t3_a")).memory.titles
    for i in range(5, 20):  # other threads talk; thread a is swept from memory
        tracker.extract(Post("d.ndjson", i, "Nothing here.", thread=f"t3_z{i}"))
    late = tracker.context_for(Post("d.ndjson", 20, "x", thread="t3_a"))
    assert not late.memory.titles and not late.asks_for_books


def test_quiet_threads_are_packed_and_read_on_unchanged(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread silent for QUIET_POSTS posts is kept packed until it speaks again; the
    mentions are the ones a tracker that never packs finds."""
    import readlist.extract.context as context

    source = str(write_dump(tmp_path / "RC_books.ndjson", dump_records(threads=16, comments=24)))
    posts = list(read_posts([source], Report()))
    monkeypatch.setattr(context, "QUIET_POSTS", 10**9)
    tracker = ThreadTracker()
    unpacked = [tracker.extract(p) for p in posts]
    monkeypatch.setattr(context, "QUIET_POSTS", 3)
    tracker = ThreadTracker()
    packed = []
    seen = 0
    for p in posts:
        packed.append(tracker.extract(p))
        seen = max(seen, sum(isinstance(t, context._Packed) for t in tracker._threads.values()))
    assert packed == unpacked and sum(map(len, packed)) > 40
    assert seen >= 3  # threads were packed, and came back when they spoke again


# -- planning and shares ------------------------------------------------------------------------

def test_plan_splits_only_big_dumps_and_keeps_listing_trouble_in_place(corpus: Path) -> None:
    items = plan([str(corpus / "threads"), str(corpus / "gone"), str(corpus / "RC_books.ndjson")],
                 None, shards=3, split_min_bytes=1)
    units = [it for it in items if isinstance(it, Unit)]
    assert [(u.shard, u.shards) for u in units if u.source.endswith("RC_books.ndjson")] == [
        (0, 3), (1, 3), (2, 3)]  # most of the bytes: all three shares
    assert all(u.shards == 1 for u in units if not u.source.endswith("RC_books.ndjson"))
    notes = [i for i, it in enumerate(items) if isinstance(it, Notes)]
    assert len(notes) == 1 and "gone" in items[notes[0]].warnings[0].source  # type: ignore[union-attr]
    assert items[notes[0] + 1] == units[-3]  # the missing path was named before the dump
    small = plan([str(corpus)], None, shards=3)  # below the default size: files whole
    assert all(isinstance(it, Notes) or it.shards == 1 for it in small)


def test_dumps_get_shares_in_proportion_to_their_size(tmp_path: Path) -> None:
    big = write_dump(tmp_path / "RC_big.ndjson", dump_records(threads=30, comments=30))
    write_dump(tmp_path / "RC_small.ndjson", dump_records(threads=3, comments=3))
    (tmp_path / "note.txt").write_text("x" * (big.stat().st_size // 2))
    units = [u for u in plan([str(tmp_path)], None, shards=4, split_min_bytes=1)
             if isinstance(u, Unit)]
    shares = {Path(u.source).name: u.shards for u in units}
    assert shares == {"RC_big.ndjson": 3, "RC_small.ndjson": 1, "note.txt": 1}
    many = [write_dump(tmp_path / f"RC_{k}.ndjson", dump_records(seed=k)) for k in range(8)]
    units = [u for u in plan([str(p) for p in many], None, shards=4, split_min_bytes=1)
             if isinstance(u, Unit)]
    assert len(units) == 8  # eight months keep four workers busy without re-reading any


def test_shares_partition_a_dump_by_thread(corpus: Path) -> None:
    source = str(corpus / "RC_books.ndjson")
    whole = extract_unit(Unit(source, os.getcwd()))
    shares = [extract_unit(Unit(source, os.getcwd(), None, k, 3)) for k in range(3)]
    assert sum(s.posts for s in shares) == whole.posts and all(s.posts for s in shares)
    assert sorted((m.post.index, m.start) for s in shares for m in s.mentions) == \
        sorted((m.post.index, m.start) for m in whole.mentions)
    assert shares[0].notes.warnings == whole.notes.warnings and not shares[1].notes.warnings


def test_a_line_placed_wrongly_makes_every_share_read_again(tmp_path: Path) -> None:
    """A share places the other threads' lines without decoding them; a line that is not what
    its bytes look like (here a body key spelt with an escape, overriding '[deleted]') is found
    by its owner, and the file's shares are read again, decoding every line."""
    recs = dump_records(threads=16, comments=24)
    path = write_dump(tmp_path / "RC_books.ndjson", recs)
    lines = path.read_text().splitlines()
    sid = recs[3]["id"]
    lines.insert(40, f'{{"id": "zz2", "body": "[deleted]", "link_id": "t3_{sid}", '
                     '"b\\u006fdy": "I\'d recommend *Red Plenty* by Francis Spufford."}')
    path.write_text("\n".join(lines) + "\n")
    source = str(path)
    units = [Unit(source, os.getcwd(), None, k, 2) for k in range(2)]
    results = [extract_unit(u) for u in units]
    assert sorted(r.misplaced for r in results) == [0, 41]
    asm = Assembler(Report())
    for unit, result in zip(units, results, strict=True):
        asm.add(unit, result)
    whole = extract_unit(Unit(source, os.getcwd()))
    assert asm.extraction.posts == whole.posts
    assert asm.extraction.mentions == whole.mentions
    assert any(m.post.line == 41 for m in whole.mentions)
    opts = {"resolve": False, "split_min_bytes": 0}
    one = scan([source], ScanOptions(output=tmp_path / "one.bib", **opts))  # type: ignore[arg-type]
    assert_same(one, scan([source], ScanOptions(output=tmp_path / "two.bib", jobs=2,
                                                **opts)))  # type: ignore[arg-type]


def test_jobs_option_values() -> None:
    assert resolve_jobs("3") == 3 and resolve_jobs(None) == 1
    assert resolve_jobs("auto") == resolve_jobs(0) >= 1
    for bad in ("-1", "many"):
        with pytest.raises(ReadlistError):
            resolve_jobs(bad)


# -- equality with one process ------------------------------------------------------------------

def test_jobs_give_what_one_process_gives(single: ScanResult, corpus: Path,
                                          tmp_path: Path) -> None:
    assert_same(single, _scan(corpus, tmp_path / "jobs3.bib", jobs=3))  # 3 shares, 3 workers
    assert (tmp_path / "jobs3.bib").read_bytes() == (tmp_path / "one.bib").read_bytes()


def test_relative_paths_name_posts_as_given(corpus: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)
    opts = {"output": None, "resolve": False, "split_min_bytes": 0}
    one = scan(["threads", "RC_books.ndjson"], ScanOptions(**opts))  # type: ignore[arg-type]
    two = scan(["threads", "RC_books.ndjson"], ScanOptions(jobs=2, **opts))  # type: ignore[arg-type]
    assert two.mentions == one.mentions
    assert all(not m.post.source.startswith("/") for m in two.mentions)


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=50) as cluster:
        yield cluster.scheduler_address


def test_dask_cluster_gives_what_one_process_gives(single: ScanResult, corpus: Path,
                                                   tmp_path: Path, dask_cluster: str) -> None:
    assert_same(single, _scan(corpus, tmp_path / "dask.bib", engine="dask",
                              scheduler=dask_cluster))
    assert (tmp_path / "dask.bib").read_bytes() == (tmp_path / "one.bib").read_bytes()


def test_cli_dask_scheduler_mentions_match(corpus: Path, tmp_path: Path,
                                                    dask_cluster: str) -> None:
    runner = CliRunner()
    outs = []
    for extra in ([], ["--scheduler", dask_cluster]):
        out = tmp_path / f"m{len(outs)}.jsonl"
        res = runner.invoke(cli, ["-q", "scan", str(corpus), "--no-resolve", "-o",
                                  str(tmp_path / f"b{len(outs)}.bib"), "--mentions", str(out),
                                  *extra])
        assert res.exit_code == 0, res.output
        outs.append(out.read_text())
    assert outs[0].count("\n") > 100 and outs[1] == outs[0]


def test_cli_engine_option_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["scan", str(tmp_path), "--engine", "local", "--scheduler",
                              "tcp://127.0.0.1:1"])
    assert res.exit_code == 2 and "--scheduler needs --engine dask" in res.output
    res = runner.invoke(cli, ["scan", str(tmp_path), "--jobs", "lots"])
    assert res.exit_code == 2 and "--jobs" in res.output
    dask = pytest.importorskip("dask")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        res = runner.invoke(cli, ["scan", str(tmp_path), "--no-resolve", "--scheduler",
                                  "tcp://127.0.0.1:9"])  # nothing listens there
    assert res.exit_code == 1 and "cannot reach the Dask scheduler" in res.output
    assert "Traceback" not in res.output


# -- Ctrl-C ---------------------------------------------------------------------------------------

def test_ctrl_c_stops_the_workers_cleanly(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    for k in range(4):
        write_dump(dumps / f"RC_{k}.ndjson", dump_records(threads=40, comments=40, seed=k))
    out = tmp_path / "out.bib"
    env = {**os.environ, "READLIST_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "readlist.cli", "scan", str(dumps),
                             "--no-resolve", "--jobs", "2", "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env)
    try:
        parent = psutil.Process(proc.pid)
        for _ in range(600):  # wait until the workers run (no timing is asserted)
            # (two forked workers, or a forkserver and its workers)
            if len(parent.children(recursive=True)) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.05)
        children = parent.children(recursive=True)
        assert proc.poll() is None, "the scan ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    assert not out.exists() and not list(tmp_path.glob("out.bib*"))
    psutil.wait_procs(children, timeout=10)
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
