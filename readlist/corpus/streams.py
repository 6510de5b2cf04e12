"""Reading big files a bounded piece at a time: plain or compressed (zstd, gzip, bzip2, xz),

split into lines that never grow past a limit, with damage (a truncated or corrupt stream)
reported by byte offset instead of raised.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import zstandard

CHUNK = 1 << 20  # bytes read from disk at a time
ZSTD_SLICE = 1 << 12  # compressed bytes fed to zstd per call: bounds what one call can emit
# Pushshift/Arctic Shift dumps are compressed with --long=31: a 2 GB window.
ZSTD_MAX_WINDOW = 1 << 31

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
GZIP_MAGIC = b"\x1f\x8b"
BZ2_MAGIC = b"BZh"
XZ_MAGIC = b"\xfd7zXZ\x00"


def compression(path: Path, head: bytes) -> str | None:
    """"zstd" | "gzip" | "bzip2" | "xz" | None, by magic bytes (the suffix can lie)."""
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(BZ2_MAGIC) and path.suffix.lower() in (".bz2", ".bz"):
        return "bzip2"
    if head.startswith(XZ_MAGIC):
        return "xz"
    return None


@dataclass
class Damage:
    """Set when a stream ended badly; ``offset`` is in compressed (file) bytes."""

    message: str = ""
    offset: int | None = None


def chunks(path: Path, damage: Damage, limit: int | None = None) -> Iterator[bytes]:
    """The file's (decompressed) bytes in bounded chunks; ``damage`` is filled on trouble.

    ``limit`` stops after that many decompressed bytes (for sniffing)."""
    with path.open("rb") as f:
        head = f.read(8)
        f.seek(0)
        kind = compression(path, head)
        if kind == "zstd":
            yield from _zstd(f, damage, limit)
            return
        if kind is None:
            while True:
                block = f.read(CHUNK if limit is None else min(CHUNK, limit))
                if not block:
                    return
                yield block
                if limit is not None:
                    limit -= len(block)
                    if limit <= 0:
                        return
        opener: dict[str, Callable[[BinaryIO], io.BufferedIOBase]] = {
            "gzip": lambda fh: gzip.GzipFile(fileobj=fh), "bzip2": bz2.BZ2File,
            "xz": lzma.LZMAFile}
        try:
            with opener[kind](f) as z:
                total = 0
                while True:
                    block = z.read(CHUNK)
                    if not block:
                        return
                    yield block
                    total += len(block)
                    if limit is not None and total >= limit:
                        return
        except EOFError:
            damage.message = f"{kind} stream is truncated"
            damage.offset = f.tell()
        except (OSError, lzma.LZMAError, zlib.error, ValueError) as exc:
            damage.message = f"{kind} stream is corrupt ({exc})"
            damage.offset = f.tell()


def _zstd(f: object, damage: Damage, limit: int | None) -> Iterator[bytes]:
    dctx = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
    obj = dctx.decompressobj()
    in_frame = False
    consumed = 0
    total = 0
    read = f.read  # type: ignore[attr-defined]
    while True:
        block = read(CHUNK)
        if not block:
            break
        view = memoryview(block)
        pos = 0
        while pos < len(view):
            piece = view[pos:pos + ZSTD_SLICE]
            pos += len(piece)
            try:
                out = obj.decompress(piece)
            except zstandard.ZstdError as exc:
                damage.message = f"zstd stream is corrupt ({exc})"
                damage.offset = consumed + pos
                return
            in_frame = True
            if obj.eof:
                # One frame done; whatever followed it starts the next frame.
                rest = obj.unused_data
                obj = dctx.decompressobj()
                in_frame = False
                if rest:
                    pos -= len(rest)
            if out:
                yield out
                total += len(out)
                if limit is not None and total >= limit:
                    return
        consumed += len(block)
    if in_frame:
        damage.message = "zstd stream is truncated (the last frame is incomplete)"
        damage.offset = consumed


@dataclass
class Line:
    number: int  # 1-based
    offset: int  # byte offset of its start in the (decompressed) stream
    data: bytes  # without the newline; only the first ``max_len`` bytes when ``cut``
    length: int  # full length in bytes
    cut: bool = False
    ended: bool = True  # False for a last line with no newline (often a truncated file)


def split_lines(source: Iterator[bytes], max_len: int, keep_prefix: bool = False
                ) -> Iterator[Line]:
    """Lines of a byte stream; a line longer than ``max_len`` is never held whole: it comes
    out ``cut``, carrying its first ``max_len`` bytes (``keep_prefix``) or none."""
    buf = bytearray()
    total = 0  # full length of the current line so far
    cut = False
    number, offset = 1, 0
    for chunk in source:
        start = 0
        n = len(chunk)
        while start < n:
            nl = chunk.find(b"\n", start)
            end = n if nl < 0 else nl
            total += end - start
            if not cut:
                if len(buf) + (end - start) <= max_len:
                    buf += chunk[start:end]
                else:
                    cut = True
                    if keep_prefix:
                        buf += chunk[start:start + max_len - len(buf)]
                    else:
                        buf.clear()
            if nl < 0:
                break
            yield Line(number, offset, bytes(buf), total, cut)
            offset += total + 1
            number += 1
            buf.clear()
            total = 0
            cut = False
            start = nl + 1
    if total or cut:
        yield Line(number, offset, bytes(buf), total, cut, ended=False)
