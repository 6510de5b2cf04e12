"""Ctrl-C during a scan: exit 130 with one line saying how to resume, no file half-written,
no wait for the queries not started, and a re-run answered from the cache for what was done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readlist import cli as cli_module
from readlist.cli import cli

READLIST = str(Path(sys.executable).with_name("readlist"))
WORDS = ["Amber", "Basalt", "Cobalt", "Driftwood", "Ember", "Fjord", "Granite", "Harbor",
         "Ivory", "Juniper", "Kestrel", "Lantern", "Meadow", "Nimbus", "Obsidian", "Prairie"]
NAMES = ["Ada Quist", "Bo Rennick", "Cy Sallow", "Di Tamsin", "Ed Umber", "Flo Vance",
         "Gus Wren", "Hal Yates", "Ida Zorn", "Jo Abbot", "Kit Bloom", "Lou Crane",
         "Max Dorne", "Ned Ellis", "Oz Finch", "Pia Grove"]
MINE = b"% my own notes, by hand\n@misc{mine, title = {Kept}}\n"
FAST = 6  # answers given at once; every later request hangs until the test lets it go


def posts() -> str:
    return "".join(f"I highly recommend The {w} Chronicles by {n}, it changed how I think.\n\n"
                   for w, n in zip(WORDS, NAMES, strict=True))


class SlowCatalogue:
    """An Open Library stand-in that answers ``FAST`` requests, then hangs."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.answered: list[str] = []
        self.hanging = 0
        self.release = threading.Event()
        self.fast = FAST
        self.lock = threading.Lock()

    def handle(self, request: Request) -> Response:
        url = f"{request.path}?{request.query_string.decode()}"
        with self.lock:
            self.seen.append(url)
            slow = len(self.seen) > self.fast
            if slow:
                self.hanging += 1
        if slow:
            self.release.wait(30)
        with self.lock:
            self.answered.append(url)
        return Response(json.dumps({"numFound": 0, "docs": [], "entries": []}),
                        content_type="application/json")


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowCatalogue]:
    server = HTTPServer(threaded=True)  # hung requests must not block the others
    server.start()
    cat = SlowCatalogue()
    server.expect_request(__import__("re").compile(".*")).respond_with_handler(cat.handle)
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", server.url_for("").rstrip("/"))
    try:
        yield cat
    finally:
        cat.release.set()
        server.clear()
        server.stop()


def _wait_for(condition, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def test_sigint_while_resolving_exits_130_keeps_files_and_resumes_from_cache(
        slow: SlowCatalogue, tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(posts(), encoding="utf-8")
    bib = tmp_path / "out.bib"
    bib.write_bytes(MINE)
    args = [READLIST, "scan", "t.txt", "-o", "out.bib", "--providers", "openlibrary"]
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        # Every resolver thread is stuck on a hung request: a moment a user would press Ctrl-C.
        _wait_for(lambda: slow.hanging >= 4, "four requests hanging")
        first_answered = set(slow.answered)
        assert len(first_answered) == FAST
        proc.send_signal(signal.SIGINT)
        # Bounded: the hung requests are not waited for, the queued queries never start.
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    asked_first = len(slow.seen)
    assert proc.returncode == 130, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "interrupted" in lines[0] and "run the same command again" in lines[0]
    assert "Traceback" not in err and out == ""
    assert bib.read_bytes() == MINE  # untouched: nothing was written half-way
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("_")) == \
        ["out.bib", "t.txt"]
    assert asked_first == FAST + 4  # the other queries were cancelled, not started

    # The re-run: a healthy server; what was answered before comes from the cache.
    slow.release.set()
    slow.fast = 10_000
    seen_before = len(slow.seen)
    again = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    asked_again = slow.seen[seen_before:]
    assert not first_answered & set(asked_again), "answered requests were asked again"
    assert f"catalogue requests: {len(asked_again)} sent, " in again.stderr
    cached = int(again.stderr.split(" sent, ")[1].split(" from cache")[0])
    assert cached >= FAST
    assert bib.read_bytes().startswith(MINE)
    assert bib.read_text(encoding="utf-8").count("Chronicles}}") == len(WORDS)


def test_interrupt_while_writing_keeps_the_old_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(posts(), encoding="utf-8")
    (tmp_path / "out.bib").write_bytes(MINE)
    real = os.fsync

    def ctrl_c(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", ctrl_c)
    result = CliRunner().invoke(cli, ["scan", "t.txt", "--no-resolve", "-o", "out.bib"])
    monkeypatch.setattr(os, "fsync", real)
    assert result.exit_code == 130
    assert result.stderr.count("\n") == 1 and "run the same command again" in result.stderr
    assert (tmp_path / "out.bib").read_bytes() == MINE
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("_")) == \
        ["out.bib", "t.txt"]  # no .lock left behind either


def test_interrupt_while_reading_writes_nothing(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(posts(), encoding="utf-8")
    seen = []

    def on_post(post: object) -> None:
        seen.append(post)
        if len(seen) == 3:
            raise KeyboardInterrupt

    real_scan = cli_module.scan
    monkeypatch.setattr(cli_module, "scan",
                        lambda paths, options, **kw: real_scan(paths, options,
                                                               report=kw.get("report"),
                                                               on_post=on_post))
    result = CliRunner().invoke(cli, ["scan", "t.txt", "--no-resolve", "-o", "out.bib"])
    assert result.exit_code == 130 and len(seen) == 3
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out.bib").exists()


def test_resolver_drops_queued_queries_on_interrupt() -> None:
    """resolve_all returns at once on Ctrl-C instead of resolving every queued query first."""
    from readlist.catalogue.resolve import Resolver
    from readlist.models import Work, WorkQuery

    started: list[str] = []
    hold = threading.Event()

    class Stuck:
        name = "stuck"
        batch_isbns = False

        def available(self) -> None:
            return None

        def search(self, query: WorkQuery) -> list[Work]:
            started.append(query.title or "")
            if len(started) > 2:
                hold.wait(10)  # a slow catalogue from the third query on
            return []

    resolver = Resolver([Stuck()], concurrency=2, enrich=False)  # type: ignore[list-item]
    queries = [WorkQuery("explicit", f"Title {i}", ("A B",)) for i in range(50)]

    def interrupt(_q: WorkQuery, _m: object) -> None:
        raise KeyboardInterrupt

    try:
        with pytest.raises(KeyboardInterrupt):
            resolver.resolve_all(queries, interrupt)
        assert len(started) <= 4  # the two done plus at most two picked up meanwhile
    finally:
        hold.set()
    time.sleep(0.2)
    assert len(started) <= 4  # the 46 queued queries were dropped, not run after the fact
