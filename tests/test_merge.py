"""Merging into a .bib the user owns: edits kept, other blocks byte for byte, never clobbered."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bibtex_factory import check_file, entries, needs_biber, post, work

from readlist.cli import cli
from readlist.errors import MergeError
from readlist.export.merge import write_bibtex

USER_BLOCKS = """% my own library, hand-written
@string{mrp = "Monthly Review Press"}

@preamble{"\\newcommand{\\noopsort}[1]{}"}

@comment{jabref-meta: databaseType:bibtex;}

@book{mine2001,
  author    = "Doe, Jane",
  title     = {My {Own} Book},
  publisher = mrp,
  year      = 2001,
}
"""


def _first(recs=None):
    return [work("Russia and the Long Transition", wid="OL1W",
                 recs=recs or [post("t.txt#L1", "first post")])]


def _body(path):
    return path.read_text(encoding="utf-8-sig")


def test_user_blocks_survive_byte_for_byte(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_text(USER_BLOCKS, encoding="utf-8")
    write_bibtex(path, _first())
    write_bibtex(path, _first([post("t.txt#L1", "first post"), post("t.txt#L9", "second")]))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(USER_BLOCKS)  # no BOM forced on a file the user made without one
    assert (tmp_path / "lib.bib.bak").exists()


def test_hand_edit_survives_a_rescan_and_new_posts_are_appended(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, _first())
    text = _body(path).replace("publisher = {Monthly Review Press}",
                               "publisher = {MR Press, my edit}")
    path.write_text(text, encoding="utf-8")
    stats = write_bibtex(path, _first([post("t.txt#L1", "first post"),
                                          post("t.txt#L9", "second post")]))
    e = entries(_body(path))["aminRussiaLongTransition2016"]
    assert e["publisher"] == "MR Press, my edit"
    assert e["note"] == (r"Recommended in t.txt\#L1: “first post”; "
                         r"Recommended in t.txt\#L9: “second post”")
    assert stats.kept_edits == 1 and stats.updated == 1
    # ... and on every later run too, even when the catalogue's value changes.
    write_bibtex(path, [work("Russia and the Long Transition", wid="OL1W",
                             publisher="Another Press")])
    assert entries(_body(path))["aminRussiaLongTransition2016"]["publisher"] == \
        "MR Press, my edit"


def test_untouched_fields_follow_the_catalogue(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, _first())
    write_bibtex(path, [work("Russia and the Long Transition", wid="OL1W",
                             publisher="Another Press")])
    assert entries(_body(path))["aminRussiaLongTransition2016"]["publisher"] == "Another Press"


def test_edited_note_keeps_the_edit_and_still_gets_new_posts(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, _first())
    path.write_text(_body(path).replace("“first post”", "“first post” (my comment)"),
                    encoding="utf-8")
    write_bibtex(path, _first([post("t.txt#L9", "second")]))
    note = entries(_body(path))["aminRussiaLongTransition2016"]["note"]
    assert note == (r"Recommended in t.txt\#L1: “first post” (my comment); "
                    r"Recommended in t.txt\#L9: “second”")


def test_deleted_field_stays_deleted(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, _first())
    path.write_text(re.sub(r"  address = \{New York\},\n", "", _body(path)), encoding="utf-8")
    write_bibtex(path, _first())
    assert "address" not in entries(_body(path))["aminRussiaLongTransition2016"]


def test_reordered_fields_and_entries_are_kept(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, [work("Alpha Book", wid="OL1W"), work("Beta Book", wid="OL2W",
                                                            isbn="9780862329495")])
    text = _body(path)
    blocks = text.strip().split("\n\n")
    blocks.reverse()
    alpha = blocks[1].split("\n")
    alpha[1], alpha[2] = alpha[2], alpha[1]  # title before author
    blocks[1] = "\n".join(alpha)
    reordered = "\n\n".join(blocks) + "\n"
    path.write_text(reordered, encoding="utf-8")
    write_bibtex(path, [work("Alpha Book", wid="OL1W", recs=[post("t.txt#L1"),
                                                             post("t.txt#L5", "more")]),
                        work("Beta Book", wid="OL2W", isbn="9780862329495")])
    after = _body(path)
    assert after.index("@book{aminBetaBook2016") < after.index("@book{aminAlphaBook2016")
    entry = after[after.index("@book{aminAlphaBook2016"):]
    assert entry.index("title =") < entry.index("author =")
    assert r"t.txt\#L5" in entry


def test_user_comments_between_entries_are_kept(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, [work("Alpha Book", wid="OL1W"), work("Beta Book", wid="OL2W",
                                                            isbn="9780862329495")])
    text = _body(path).replace("\n\n@book{aminBetaBook2016",
                               "\n\nThis line is my note between entries.\n% and a comment\n\n"
                               "@book{aminBetaBook2016")
    path.write_text(text, encoding="utf-8")
    write_bibtex(path, [work("Alpha Book", wid="OL1W", recs=[post("t.txt#L1"),
                                                             post("t.txt#L7", "new")])])
    after = _body(path)
    assert "\n\nThis line is my note between entries.\n% and a comment\n\n@book{aminBetaBook" \
        in after
    assert r"t.txt\#L7" in after


def test_crlf_file_stays_crlf(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_bytes(USER_BLOCKS.replace("\n", "\r\n").encode())
    write_bibtex(path, _first())
    write_bibtex(path, _first([post("t.txt#L1", "first post"), post("t.txt#L3", "x")]))
    raw = path.read_bytes()
    assert raw.startswith(USER_BLOCKS.replace("\n", "\r\n").encode())
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert r"t.txt\#L3" in raw.decode()


@pytest.mark.parametrize("broken", [
    "@book{bad,\n  title = {Unclosed,\n  year = 2001\n\n@book{ok, title={x}}\n",
    "@book{dup, title={a}}\n@book{dup, title={b}}\n",
    "@book{nokey title = {x}}\n",
])
def test_a_file_that_does_not_parse_is_never_clobbered(tmp_path, broken):
    path = tmp_path / "lib.bib"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(MergeError, match=r"line \d+.*left untouched"):
        write_bibtex(path, _first())
    assert path.read_text(encoding="utf-8") == broken
    assert not (tmp_path / "lib.bib.bak").exists()


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_bytes(b"@book{x, title={Caf\xe9}}\n")
    with pytest.raises(MergeError, match="not UTF-8"):
        write_bibtex(path, _first())
    assert path.read_bytes() == b"@book{x, title={Caf\xe9}}\n"


def test_matching_by_isbn_leaves_the_users_own_entry_alone(tmp_path):
    path = tmp_path / "lib.bib"
    mine = "@book{myRussia,\n  title = {Russia},\n  isbn = {978-1-58367-601-1},\n}\n"
    path.write_text(mine, encoding="utf-8")
    stats = write_bibtex(path, _first())
    assert path.read_text(encoding="utf-8") == mine  # nothing to add, nothing written
    assert stats.skipped_existing == ["myRussia"]


def test_matching_by_key_when_the_title_agrees(tmp_path):
    path = tmp_path / "lib.bib"
    mine = "@book{aminRussiaLongTransition2016,\n  title = {Russia and the Long Transition},\n}\n"
    path.write_text(mine, encoding="utf-8")
    write_bibtex(path, [work("Russia and the Long Transition", isbn=None)])
    assert path.read_text(encoding="utf-8") == mine
    other = "@book{aminRussiaLongTransition2016,\n  title = {Something Else},\n}\n"
    path.write_text(other, encoding="utf-8")
    write_bibtex(path, [work("Russia and the Long Transition", isbn=None)])
    keys = entries(path.read_text(encoding="utf-8"))
    assert sorted(keys) == ["aminRussiaLongTransition2016", "aminRussiaLongTransition2016a"]


def test_matching_by_catalogue_id_survives_a_changed_key_and_isbn(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, _first())
    path.write_text(_body(path).replace("@book{aminRussiaLongTransition2016,", "@book{amin16,")
                    .replace("9781583676011", "9780862329495"), encoding="utf-8")
    write_bibtex(path, _first([post("t.txt#L4", "again")]))
    e = entries(_body(path))
    assert list(e) == ["amin16"] and r"t.txt\#L4" in e["amin16"]["note"]


def test_dry_run_prints_a_unified_diff_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("I recommend Maldevelopment by Samir Amin.\n")
    bib = tmp_path / "lib.bib"
    bib.write_text(USER_BLOCKS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", "t.txt", "--no-resolve", "-o", "lib.bib",
                                      "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- lib.bib (now)\n+++ lib.bib (after readlist)\n@@")
    assert "+@book{aminMaldevelopment," in result.stdout
    assert bib.read_text(encoding="utf-8") == USER_BLOCKS
    assert not (tmp_path / "lib.bib.bak").exists()


@needs_biber
def test_merged_file_still_passes_biber(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, _first())
    path.write_text(_body(path).replace("New York", "NYC"), encoding="utf-8")
    write_bibtex(path, _first([post("https://x.org/a?b=$1", "costs $5"),
                               post("https://x.org/c", "a <b> tag")]))
    note = entries(_body(path))["aminRussiaLongTransition2016"]["note"]
    assert note.count(r"\$") == 1 and "$<$" not in note
    check_file(path)


# -- property: whatever the user wrote outside readlist's entries is kept ----------------------
USER_TEXT = st.text(alphabet=st.characters(blacklist_characters="@{}\x00",
                                           blacklist_categories=("Cs",)), max_size=40)
USER_ENTRY = st.builds(
    lambda k, t: f"@book{{u{k},\n  title = {{{t}}},\n}}\n",
    st.integers(0, 10**6), st.text(alphabet=st.characters(
        blacklist_characters="{}\\@\x00", blacklist_categories=("Cs",)), max_size=30))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(USER_TEXT.map(lambda t: "% " + t.replace("\n", " ") + "\n"),
                          USER_ENTRY, st.just("@comment{kept as is}\n"),
                          st.just("@string{pub = \"P\"}\n"), st.just("\r\n"), st.just("\n")),
                max_size=8), st.booleans())
def test_merge_never_loses_a_user_byte(tmp_path, blocks, crlf):
    user = "".join(blocks)
    if crlf:
        user = user.replace("\r\n", "\n").replace("\n", "\r\n")
    path = tmp_path / "prop.bib"
    for leftover in tmp_path.glob("prop.bib*"):
        leftover.unlink()
    path.write_bytes(user.encode("utf-8"))
    try:
        write_bibtex(path, _first())
    except MergeError:
        assert path.read_bytes() == user.encode("utf-8")
        return
    write_bibtex(path, _first([post("t.txt#L1", "first post"), post("t.txt#L2", "more")]))
    after = path.read_bytes().decode("utf-8")
    assert after.startswith(user)
    assert "aminRussiaLongTransition2016" in after
