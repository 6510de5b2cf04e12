"""Compact unit results, for a scan that keeps only the recommended mentions: a worker sends
those back whole, and every mention as its ``--mentions`` line, zlib-compressed. The parent
then holds a few dozen bytes per mention of a dump's shares, not the mentions themselves.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from readlist.export.mentions import json_line, mention_record
from readlist.models import Mention

_CHUNK = 1 << 16


class Packer:
    """Packs a unit's mentions in reading order: ``<post index>\\t<R|->\\t<line>`` a line, where
    R marks a recommended mention (sent back whole, in the same order)."""

    def __init__(self) -> None:
        self._z = zlib.compressobj(6)
        self._out: list[bytes] = []

    def add(self, m: Mention) -> None:
        line = f"{m.post.index}\t{'R' if m.recommended else '-'}\t{json_line(mention_record(m))}\n"
        self._out.append(self._z.compress(line.encode("utf-8")))

    def finish(self) -> bytes:
        self._out.append(self._z.flush())
        return b"".join(self._out)


def unpacked(packed: bytes, recommended: list[Mention]
             ) -> Iterator[tuple[int, str, Mention | None]]:
    """(post index, line, the mention if recommended) for each packed mention, in order."""
    whole = iter(recommended)
    rest = b""
    for data in _inflated(packed):
        *lines, rest = (rest + data).split(b"\n")
        for raw in lines:
            index, flag, line = raw.decode("utf-8").split("\t", 2)
            yield int(index), line, next(whole) if flag == "R" else None
    if rest:
        raise ValueError("packed mentions end in a cut line")


def _inflated(packed: bytes) -> Iterator[bytes]:
    z = zlib.decompressobj()
    for at in range(0, len(packed), _CHUNK):
        yield z.decompress(packed[at:at + _CHUNK])
    yield z.flush()
