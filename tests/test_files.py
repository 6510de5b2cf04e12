"""Writing users' files: atomic under SIGKILL, locked against a second writer, clear errors."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from readlist.errors import OutputError
from readlist.files import atomic_write, locked

KILLS = 200
BLOCK = 20000  # repeats of "version N ": ~240 kB, so a kill often lands mid-write


def _writer(path: Path, ready: int) -> None:
    """Child process: rewrite ``path`` again and again until killed."""
    os.write(ready, b"r")
    i = 0
    while True:
        i += 1
        atomic_write(path, f"version {i} ".encode() * BLOCK + b"END\n")


def test_sigkill_mid_write_leaves_old_or_new_never_torn(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_bytes(b"original\nEND\n")
    bak = path.with_name("lib.bib.bak")
    seen = set()
    for n in range(KILLS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into pytest
            try:
                os.close(r)
                _writer(path, w)
            finally:
                os._exit(1)
        os.close(w)
        assert os.read(r, 1) == b"r"
        os.close(r)
        time.sleep((n % 20) * 0.001)  # kill at varied points of the write cycle
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        data = path.read_bytes()
        assert data.endswith(b"END\n"), f"torn file after kill {n}: {data[-40:]!r}"
        if data != b"original\nEND\n":
            v = data.split(b" ", 2)[1]
            assert data == (b"version " + v + b" ") * BLOCK + b"END\n", f"mixed after kill {n}"
            seen.add(v)
        if bak.exists():
            assert bak.read_bytes().endswith(b"END\n"), f"torn backup after kill {n}"
    # A killed write can leave its temp file behind; it never replaces the real one.
    assert all(p.name.startswith((".lib.bib", "lib.bib")) for p in tmp_path.iterdir())
    assert seen  # the children really got through some writes
    with locked(path):  # the next locked writer clears what killed writers left
        pass
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_second_writer_waits_for_the_lock_then_fails_clearly(tmp_path):
    path = tmp_path / "lib.bib"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from pathlib import Path
            from readlist.files import locked
            with locked(Path({str(path)!r})):
                print("locked", flush=True)
                time.sleep(30)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(OutputError, match="another readlist run is writing this file"), \
                locked(path, wait=0.3):
            pass
    finally:
        holder.kill()
        holder.wait()
    with locked(path, wait=5):  # the lock is released when its holder dies
        pass


def test_second_writer_waits_and_then_merges(tmp_path):
    """Two scans into one file: the second waits for the first and keeps its entries."""
    from test_bibtex_factory import entries, work

    from readlist.export.merge import write_bibtex

    path = tmp_path / "lib.bib"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            sys.path.insert(0, {str(Path(__file__).parent)!r})
            from pathlib import Path
            from readlist.files import locked
            from readlist.export import merge
            from test_bibtex_factory import work
            path = Path({str(path)!r})
            with locked(path):
                print("locked", flush=True)
                time.sleep(1.0)
            merge.write_bibtex(path, [work("Alpha Book", wid="OL1W")])
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        write_bibtex(path, [work("Beta Book", wid="OL2W", isbn="9780862329495")])
        holder.wait(timeout=30)
        assert holder.returncode == 0
    finally:
        holder.kill()
    assert sorted(entries(path.read_text(encoding="utf-8-sig"))) == \
        ["aminAlphaBook2016", "aminBetaBook2016"]


def test_read_only_file_is_refused_and_kept(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_gives_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "lib.bib").write_bytes(b"old")
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="cannot write"):
            atomic_write(folder / "lib.bib", b"new")
        assert (folder / "lib.bib").read_bytes() == b"old"
    finally:
        folder.chmod(0o755)


def test_disk_full_gives_a_clear_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "lib.bib"
    path.write_bytes(b"old contents")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match=r"disk full.*previous file is intact"):
        atomic_write(path, b"new contents")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert path.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["lib.bib"]  # no temp file left behind


def test_backup_holds_the_previous_version(tmp_path):
    path = tmp_path / "lib.bib"
    atomic_write(path, b"one")
    atomic_write(path, b"two")
    atomic_write(path, b"three")
    assert path.read_bytes() == b"three"
    assert path.with_name("lib.bib.bak").read_bytes() == b"two"


def test_cli_reports_a_read_only_target_in_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from readlist.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("I recommend Maldevelopment by Samir Amin.\n")
    (tmp_path / "lib.bib").write_text("% mine\n")
    (tmp_path / "lib.bib").chmod(0o444)
    result = CliRunner().invoke(cli, ["scan", "t.txt", "--no-resolve", "-o", "lib.bib"])
    assert result.exit_code == 1
    assert "read-only" in result.stderr and "Traceback" not in result.output
    assert (tmp_path / "lib.bib").read_text() == "% mine\n"


def test_new_files_follow_the_umask_and_no_lock_file_stays(tmp_path: Path) -> None:
    from readlist import files

    target = tmp_path / "new.bib"
    with locked(target):
        atomic_write(target, b"@comment{x}\n")
    # The process umask (read at import) applies, as open() would, not mkstemp's private 0600.
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~files._UMASK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.bib"]
    target.chmod(0o640)
    with locked(target):
        atomic_write(target, b"@comment{y}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # an existing file keeps its mode


def test_a_device_or_fifo_target_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = __import__("threading").Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with locked(fifo):
        atomic_write(fifo, b"@comment{through a pipe}\n")
    reader.join(10)
    assert got == [b"@comment{through a pipe}\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no .lock, .bak, temp


def test_scan_to_dev_null_leaves_dev_null_alone(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("You should read Capital by Karl Marx.\n")
    before = os.stat("/dev/null")
    run = subprocess.run([sys.executable, "-m", "readlist.cli", "scan", "t.txt", "--no-resolve",
                          "-o", "/dev/null"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert not Path("/dev/null.lock").exists() and not Path("/dev/null.bak").exists()
