"""The user's .bib through real `readlist scan` processes: two at once (the lock makes one wait,
nothing is lost), a lock held too long (one clear line, file untouched), SIGKILL at any moment
of a run (the old file or the new one, never a torn one), and a hand-made library with
comments, @string, @preamble, foreign entries and edits that survives every re-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner
from test_bibtex_factory import entries

from readlist.cli import cli

READLIST = str(Path(sys.executable).with_name("readlist"))
KILLS = 12
FIRST = ["Amber", "Basalt", "Cobalt", "Driftwood", "Ember", "Fjord", "Granite", "Harbor"]
SECOND = ["Ivory", "Juniper", "Kestrel", "Lantern", "Meadow", "Nimbus", "Obsidian", "Prairie"]
USER = textwrap.dedent("""\
    % My own library. Keep this comment exactly here.
    @string{mrp = "Monthly Review Press"}
    @preamble{"\\providecommand{\\noopsort}[1]{}"}

    @comment{jabref-meta: databaseType:bibtex;}

    @article{friend2020,
      author = {Friend, A.},
      title = {Not from readlist},
      journal = {Journal of Things},
      year = 2020,
      publisher = mrp # " (reprint)"
    }
    """)


def posts(words: list[str]) -> str:
    return "".join(f"I highly recommend The {w} Chronicles by Ann {w}son, it changed how I "
                   "think.\n\n" for w in words)


def scan_proc(tmp_path: Path, src: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([READLIST, "scan", src, "--no-resolve", "-o", "out.bib", *extra],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from readlist.files import locked
        with locked(Path({str(path)!r}), wait=30):
            print("locked", flush=True)
            time.sleep({seconds})
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def titles(path: Path) -> set[str]:
    return {f["title"] for f in entries(path.read_text(encoding="utf-8-sig")).values()}


def test_two_scans_into_one_file_at_once_both_land(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(posts(FIRST), encoding="utf-8")
    (tmp_path / "b.txt").write_text(posts(SECOND), encoding="utf-8")
    bib = tmp_path / "out.bib"
    bib.write_text(USER, encoding="utf-8")
    # A third writer holds the file while both start: both must wait, then merge in turn.
    holder = hold_lock(bib, 3.0)
    try:
        runs = [scan_proc(tmp_path, "a.txt"), scan_proc(tmp_path, "b.txt")]
        done = [r.communicate(timeout=120) for r in runs]
    finally:
        holder.kill()
        holder.wait()
    for run, (_out, err) in zip(runs, done, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    text = bib.read_text(encoding="utf-8")
    assert text.startswith(USER)  # the user's blocks, byte for byte
    want = {f"{{The}} {{{w}}} {{Chronicles}}" for w in FIRST + SECOND}
    assert want <= titles(bib)  # neither run's works were lost to the other
    assert "friend2020" in entries(text)


def test_a_lock_held_too_long_is_one_clear_line_and_nothing_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(posts(FIRST), encoding="utf-8")
    bib = tmp_path / "out.bib"
    bib.write_text(USER, encoding="utf-8")
    monkeypatch.setenv("READLIST_LOCK_WAIT", "0.5")
    holder = hold_lock(bib, 60)
    try:
        run = scan_proc(tmp_path, "a.txt")
        _out, err = run.communicate(timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 1
    assert err.strip().splitlines()[-1] == \
        "Error: out.bib: another readlist run is writing this file; try again when it has " \
        "finished"
    assert "Traceback" not in err
    assert bib.read_text(encoding="utf-8") == USER
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".bak"))]


def test_sigkill_at_any_moment_of_a_real_scan_never_tears_the_bib(tmp_path: Path) -> None:
    """Kills spread over a whole run, from start-up to the last write (the 200 kills inside
    atomic_write itself are in test_files.py)."""
    (tmp_path / "a.txt").write_text(posts(FIRST * 4), encoding="utf-8")
    bib = tmp_path / "out.bib"
    bib.write_text(USER, encoding="utf-8")
    started = time.monotonic()
    full = scan_proc(tmp_path, "a.txt")
    _out, err = full.communicate(timeout=300)
    assert full.returncode == 0, err
    duration = time.monotonic() - started
    new = bib.read_bytes()
    assert new != USER.encode()
    outcomes = []
    for n in range(KILLS):
        bib.write_text(USER, encoding="utf-8")
        for leftover in tmp_path.glob("out.bib.bak"):
            leftover.unlink()
        run = scan_proc(tmp_path, "a.txt")
        time.sleep(duration * (n + 0.5) / KILLS)
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=60)
        data = bib.read_bytes()
        assert data in (USER.encode(), new), f"torn .bib after kill {n}"
        bak = tmp_path / "out.bib.bak"
        if bak.exists():
            assert bak.read_bytes() == USER.encode(), f"torn backup after kill {n}"
        outcomes.append("new" if data == new else "old")
        lib = bibtexparser.parse_string(data.decode("utf-8-sig"))
        assert not lib.failed_blocks
    print(f"{KILLS} kills over a {duration:.1f} s run: {outcomes.count('old')} old, "
          f"{outcomes.count('new')} new")
    # The next run clears what killed writers left and finishes the job.
    again = scan_proc(tmp_path, "a.txt")
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert bib.read_bytes() == new
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_hand_made_library_survives_every_rerun(openlibrary, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(
        "I recommend Maldevelopment by Samir Amin.\n\n"
        "Also read Russia and the Long Transition from Capitalism to Socialism by Samir Amin, "
        "great book.\n", encoding="utf-8")
    bib = tmp_path / "out.bib"
    bib.write_text(USER, encoding="utf-8")
    args = ["scan", "t.txt", "-o", "out.bib", "--providers", "openlibrary"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    first = bib.read_text(encoding="utf-8")
    assert first.startswith(USER)
    # The user edits readlist's entry by hand and adds a remark between entries.
    key = next(k for k in entries(first) if k.startswith("aminMaldevelopment"))
    edited = first.replace("title = {{Maldevelopment}", "title = {{Maldevelopment} (my copy)", 1)
    assert edited != first
    edited = edited.replace(f"@book{{{key},", f"% lent to Sam in May\n@book{{{key},", 1)
    bib.write_text(edited, encoding="utf-8")
    (tmp_path / "t.txt").write_text(
        (tmp_path / "t.txt").read_text(encoding="utf-8")
        + "\nSeconding Maldevelopment by Samir Amin, a classic.\n", encoding="utf-8")
    for _ in range(2):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.stderr
    final = bib.read_text(encoding="utf-8")
    assert final.startswith(USER)
    assert "% lent to Sam in May\n@book{" + key in final
    assert "(my copy)" in entries(final)[key]["title"]
    assert "Seconding Maldevelopment" in entries(final)[key]["note"]  # the new post arrived
    assert "your edits kept in 1" in result.stderr
    assert os.path.exists(tmp_path / "out.bib.bak")
