"""Writing users' files safely: a lock, a temp file, fsync, rename, and a .bak of the old one."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from readlist.errors import OutputError

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _lock_wait() -> float:
    try:
        return float(os.environ.get("READLIST_LOCK_WAIT") or 10.0)
    except ValueError:
        return 10.0


@contextlib.contextmanager
def locked(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold ``<path>.lock`` so two runs never merge into the same file at once. A second run
    waits ``wait`` seconds (``READLIST_LOCK_WAIT``, default 10) for the first to finish writing;
    the lock is held only while merging and writing, never while resolving."""
    if wait is None:
        wait = _lock_wait()
    if is_special(path):  # /dev/null, a FIFO: nothing to protect, no lock file beside it
        yield
        return
    lock_path = path.with_name(path.name + ".lock")
    deadline = time.monotonic() + wait
    fd = _acquire(path, lock_path, deadline)
    try:
        # Temp files of a writer that was killed: nobody else writes this path while we
        # hold the lock, so they are garbage.
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        yield
    finally:
        # The lock file goes while still held; a run waiting on it notices it is gone (its
        # inode no longer the path's) and takes a fresh one, so no .lock is left behind.
        with contextlib.suppress(OSError):
            lock_path.unlink()
        os.close(fd)


def _acquire(path: Path, lock_path: Path, deadline: float) -> int:
    while True:
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{path}: cannot create lock file ({exc.strerror})") from exc
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise OutputError(
                            f"{path}: another readlist run is writing this file; try again "
                            "when it has finished") from exc
                    time.sleep(0.1)
            try:
                same = os.stat(lock_path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            return fd
        os.close(fd)  # the holder removed this lock file as it finished: take a new one


def _backup(path: Path) -> None:
    """``path.bak`` replaced atomically too, so a crash never leaves a torn backup."""
    bak = path.with_name(path.name + ".bak")
    fd, tmp = tempfile.mkstemp(prefix=f".{bak.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f, open(path, "rb") as src:
            shutil.copyfileobj(src, f)
            f.flush()
            os.fsync(f.fileno())
        shutil.copystat(path, tmp)
        os.replace(tmp, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def is_special(path: Path) -> bool:
    """True for an existing target that is no regular file or folder: /dev/null, a FIFO, a
    terminal. Such a target is written in place; renaming over it would replace the device."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def atomic_write(path: Path, data: bytes | Iterable[bytes], backup: bool = True,
                 unless_same: bytes | None = None) -> bool:
    """Replace ``path`` with ``data`` so a crash leaves the old or the new file, never a torn one.

    ``data`` may come in pieces (a big file is never held whole). With ``unless_same`` (the
    file's bytes now), data equal to it leaves the file untouched. Returns whether it wrote."""
    path = Path(path)
    pieces: Iterator[bytes | memoryview] = iter((data,) if isinstance(data, bytes) else data)
    if unless_same is not None:
        same = memoryview(unless_same)  # its first bytes are written again without a copy
        at = 0
        for piece in pieces:
            if not unless_same.startswith(piece, at):  # the first difference: write it all
                pieces = chain((same[:at], piece), pieces)
                break
            at += len(piece)
        else:
            if at == len(unless_same):
                return False
            pieces = iter((same[:at],))
    _replace(path, pieces, backup)
    return True


def _replace(path: Path, pieces: Iterator[bytes | memoryview], backup: bool) -> None:
    if is_special(path):
        try:
            with open(path, "wb") as f:
                for piece in pieces:
                    f.write(piece)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        return
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; name a file to write")
    if path.exists() and not os.stat(path).st_mode & 0o222:
        # rename() would replace a read-only file without asking; the user said "do not".
        raise OutputError(f"{path}: the file is read-only; it was left untouched")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in pieces:
                f.write(piece)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
            if backup:
                _backup(path)
        else:
            os.chmod(tmp, 0o666 & ~_UMASK)  # as open() would create it, not mkstemp's 0600
        os.replace(tmp, path)
        with contextlib.suppress(OSError):
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise
        what = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(f"{path}: cannot write ({what}); the previous file is intact") from exc
