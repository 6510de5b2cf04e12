"""The .bib is streamed to its temp file entry by entry: the bytes equal the text built whole,
an unchanged file is not rewritten, and an error half-way leaves the old file as it was."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_bibtex_factory import post, unresolved, work

from readlist.export.bibtex import BOM, build_entries, render_entry, with_hashes
from readlist.export.merge import MergeStats, _pieces, merge_text, write_bibtex
from readlist.files import atomic_write

MINE = ("% my notes\r\n@string{mrp = \"Monthly Review Press\"}\r\n\r\n"
        "@book{aminBookNumber12016,\r\n  title = {Book Number 1 of the Series},\r\n}\r\n"
        "@book{aminBookNumber22016,\r\n  title = {Another Book},\r\n}\r\n"
        "@book{mine2001,\r\n  title = {My Own Book},\r\n  year = 2001,\r\n}")  # no last newline


def _items(n: int) -> list:
    return [work(f"Book Number {i} of the Series", wid=f"OL{i}W", isbn=None,
                 recs=[post(f"https://x.org/p/{i}", f"read book {i}")]) for i in range(n)] + \
        [unresolved("An Unresolved Title", recs=[post("https://x.org/p/u", "look for it")])]


def entries_of(text: str, items: list) -> list:
    """The entries of ``items`` as the text built whole names them."""
    entries, natural = build_entries(items, set())
    merge_text(text.removeprefix(BOM), entries, MergeStats(), natural)
    return entries


def _expected(old: str, items: list) -> bytes:
    """What write_bibtex wrote before it streamed: the merged text, built whole."""
    entries, natural = build_entries(items, set())
    body = merge_text(old.removeprefix(BOM), entries, MergeStats(), natural)
    return ((BOM if old.startswith(BOM) or not old else "") + body).encode("utf-8")


@pytest.mark.parametrize("old", ["", MINE, BOM + MINE.replace("\r\n", "\n") + "\n"])
def test_streamed_file_equals_the_text_built_whole(tmp_path, old):
    """The first run (no readlist entries yet) makes each entry as it writes it; the second
    merges new posts into the entries just written and appends new works."""
    path = tmp_path / "lib.bib"
    if old:
        path.write_bytes(old.encode("utf-8"))
    items = _items(3)
    want = _expected(old, _items(3))
    stats = write_bibtex(path, items)
    assert path.read_bytes() == want
    first = path.read_bytes().decode("utf-8")
    assert [i.key for i in items] == [e.key for e in entries_of(old, _items(3))]
    # MINE has the user's own entry of book 1 (kept, ours skipped) and a key of book 2's.
    assert stats.added == (3 if "aminBookNumber1" in old else 4)
    assert stats.skipped_existing == (["aminBookNumber12016"] if "aminBookNumber1" in old else [])
    more = _items(5)
    more[0].recommendations.append(post("https://x.org/p/again", "read it again"))
    want = _expected(first, more)
    write_bibtex(path, more)
    assert path.read_bytes() == want


def _old_tail(kept: list[str], appended: list[str], newline: str) -> str:
    """How the appended entries were joined to the existing text before streaming."""
    merged = "".join(kept)
    if appended:
        if merged and not merged.endswith("\n"):
            merged += newline
        if merged.strip():
            merged += newline
        merged += newline.join(appended)
    return merged


@given(kept=st.lists(st.sampled_from(["", " ", "\n", "\r\n", "x", "@book{a,}\n", "\t"]),
                     min_size=1, max_size=5),
       appended=st.integers(0, 3), newline=st.sampled_from(["\n", "\r\n"]))
def test_pieces_join_as_the_whole_text_did(kept, appended, newline):
    entries, _ = build_entries(_items(appended)[:appended], set())
    rendered = [render_entry(e.type, e.key, with_hashes(e.type, e.fields), newline=newline)
                for e in entries]
    assert "".join(_pieces(kept, entries, newline)) == _old_tail(kept, rendered, newline)


def test_an_unchanged_file_is_not_rewritten(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, _items(2))
    before = os.stat(path)
    stats = write_bibtex(path, _items(2))
    after = os.stat(path)
    assert stats.unchanged == 3 and stats.added == stats.updated == 0
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not (tmp_path / "lib.bib.bak").exists()


def test_a_dry_run_gives_the_diff_and_writes_nothing(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, _items(1))
    old = path.read_bytes()
    stats = write_bibtex(path, _items(2), dry_run=True)
    assert path.read_bytes() == old
    assert "\n+@book{aminBookNumber12016,\n" in stats.diff and stats.added == 1
    assert write_bibtex(path, _items(1)).diff == ""  # a real run keeps no diff in memory


@pytest.mark.parametrize("new", [[b"ab", b"c"], [b"abc", b"d"], [b"a", b"b"], [b"", b"xbc"],
                                 [b"abc"], []])
def test_pieces_written_unless_the_same(tmp_path, new):
    path = tmp_path / "f"
    path.write_bytes(b"abc")
    wrote = atomic_write(path, iter(new), backup=True, unless_same=b"abc")
    assert path.read_bytes() == b"".join(new)
    assert wrote == (b"".join(new) != b"abc")
    assert (tmp_path / "f.bak").exists() == wrote


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_an_error_while_streaming_leaves_the_old_file(tmp_path, error):
    path = tmp_path / "f.bib"
    path.write_bytes(b"old contents\n")

    def pieces():
        yield b"new contents, first part\n"
        raise error("stop")

    with pytest.raises(error):
        atomic_write(path, pieces(), unless_same=b"old contents\n")
    assert path.read_bytes() == b"old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.bib"]  # no temp file, no .bak
