"""readlist.spill: rows kept on disk while a scan streams, read back in order, unchanged."""

from __future__ import annotations

import os

import pytest

from readlist.models import PostRef
from readlist.pipeline import Kept
from readlist.spill import Spill


def kept(n: int) -> Kept:
    post = PostRef("dump.ndjson", n, n + 1, f"https://www.reddit.com/r/x/comments/a/_/{n}/",
                   author=None if n % 3 else f"user{n}", date="2024-06-01T00:00:00Z")
    return Kept(n, f"q{n % 7}", post, f"quote \u2028 {n}\n\t\x00 \U0001F4DA", "Red Plenty",
                "explicit", 0.5 + n / 1000)


def test_rows_come_back_equal_and_in_order() -> None:
    spill: Spill[Kept] = Spill()
    rows = [kept(n) for n in range(500)]
    for row in rows:
        spill.append(row)
    assert len(spill) == 500
    assert list(spill) == rows
    assert list(spill) == rows  # read again
    spill.append(kept(500))  # and appended to after reading
    assert list(spill)[-1] == kept(500) and len(list(spill)) == 501
    spill.close()


def test_rows_share_nothing_with_what_was_appended() -> None:
    spill: Spill[Kept] = Spill()
    row = kept(1)
    spill.append(row)
    back = next(iter(spill))
    assert back == row and back.post is not row.post


def test_the_file_leaves_no_trace() -> None:
    spill: Spill[int] = Spill()
    spill.append(1)
    fd = spill._file.fileno()
    assert os.fstat(fd).st_nlink == 0  # never had a name in the folder
    spill.close()
    with pytest.raises(ValueError):
        list(spill)
