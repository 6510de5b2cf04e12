"""Bad input never stops a scan: each case gives a warning with file and line (or offset),
keeps what could be read, and the summary counts what was skipped and why."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import zstandard
from click.testing import CliRunner

from readlist.cli import cli
from readlist.corpus import read_posts
from readlist.corpus.jsonfile import salvage
from readlist.corpus.streams import split_lines
from readlist.models import Post
from readlist.report import Report

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
GOOD = "Read *Capital* by Karl Marx.\n"


def read(*paths: Path | str, fmt: str | None = None) -> tuple[list[Post], Report]:
    report = Report()
    return list(read_posts([str(p) for p in paths], report, fmt)), report


def messages(report: Report) -> list[str]:
    return [str(w) for w in report.warnings]


def test_undecodable_bytes_are_replaced_with_one_warning_per_file(tmp_path: Path) -> None:
    for name in ("a.txt", "a.md", "a.html"):
        (tmp_path / name).write_bytes(b"Read \xff\xfe Capital.\n\nAlso \xc3( Grundrisse.\n")
    posts, report = read(tmp_path)
    assert len(report.warnings) == 3
    assert all("undecodable bytes" in m and "U+FFFD" in m for m in messages(report))
    assert sorted({w.source for w in report.warnings}) == sorted(str(p) for p in
                                                                tmp_path.iterdir())
    assert all("\ufffd" in p.text for p in posts if "Capital" in p.text)
    assert not report.skipped


def test_undecodable_bytes_in_ndjson(tmp_path: Path) -> None:
    f = tmp_path / "RC.ndjson"
    rec = b'{"id": "a1", "body": "read \xff Capital", "subreddit": "books", "created_utc": 1}\n'
    f.write_bytes(rec * 3)
    posts, report = read(f)
    assert len(posts) == 3 and len(report.warnings) == 1
    assert report.warnings[0].line == 1


def test_binary_and_empty_files_are_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(GOOD)
    posts, report = read(tmp_path)
    assert [p.text for p in posts] == [GOOD.strip()]
    assert report.skipped == {"binary": 1, "empty": 2}


def test_whitespace_only_json_is_empty(tmp_path: Path) -> None:
    f = tmp_path / "thread.json"
    f.write_text("  \n\n")
    _, report = read(f, fmt="lemmy")
    assert report.skipped == {"empty": 1}


def test_truncated_json_keeps_the_complete_posts(tmp_path: Path) -> None:
    text = (CORPUS / "lemmy_comments.json").read_text()
    cut = text.index('"id": 1005')  # the last comment is cut off mid-object
    f = tmp_path / "comments.json"
    f.write_text(text[:cut])
    posts, report = read(f)
    assert [p.id for p in posts] == ["comment/1001", "comment/1002", "comment/1003"]
    assert len(report.warnings) == 1
    w = report.warnings[0]
    assert w.line == text[:cut].count("\n") + 1
    assert "malformed JSON at line" in w.message and "kept what was read" in w.message


def test_json_with_nothing_usable_is_skipped_with_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "thread.json"
    f.write_text('{\n  "kind": "Listing", oops\n')
    posts, report = read(f)
    assert posts == []
    assert report.skipped == {"malformed": 1}
    assert "line 2 column 22" in report.warnings[0].message


def test_deeply_nested_json_is_skipped_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "deep.json"
    f.write_text('{"kind": "Listing", "data": ' + "[" * 200_000 + "]" * 200_000 + "}")
    posts, report = read(f, fmt="reddit")
    assert posts == [] and sum(report.skipped.values()) == 1


def test_deeply_nested_replies_are_read_without_recursion(tmp_path: Path) -> None:
    # 3000 levels of replies: readers walk trees with their own stack, not Python's.
    node: dict = {"kind": "t1", "data": {"id": "z", "body": "leaf", "replies": ""}}
    for i in range(3000):
        node = {"kind": "t1", "data": {"id": f"c{i}", "body": f"level {i}",
                                        "replies": {"kind": "Listing",
                                                    "data": {"children": [node]}}}}
    f = tmp_path / "deep_thread.json"
    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(100_000)  # json itself needs the depth; the walk must not
    try:
        f.write_text(json.dumps([{"kind": "Listing", "data": {"children": [node]}}]))
        posts, report = read(f)
    finally:
        sys.setrecursionlimit(old)
    assert len(posts) == 3001 and posts[-1].text == "leaf" and posts[-1].parent == 2999


def test_malformed_ndjson_lines_warn_with_their_line_and_the_rest_is_read(tmp_path: Path) -> None:
    good = json.dumps({"id": "a", "body": "Read *Capital*.", "subreddit": "books",
                       "created_utc": 1700000000})
    lines = [good, "{not json", "[1, 2]", good, "", '{"id": "b"}'] + ["{bad"] * 10 + [good]
    f = tmp_path / "dump.ndjson"
    f.write_text("\n".join(lines) + "\n")
    posts, report = read(f)
    assert [p.line for p in posts] == [1, 4, 17]
    warned = [w.line for w in report.warnings if w.line]
    assert warned == [2, 3, 6, 7, 8]  # the first five in full ...
    assert messages(report)[-1].endswith("... and 8 more lines like these")  # ... then a count


def test_truncated_zst_keeps_what_was_read_and_says_where(tmp_path: Path) -> None:
    rows = [json.dumps({"id": f"c{i}", "body": f"Post {i} recommends *Book {i}*.",
                        "subreddit": "books", "created_utc": 1700000000 + i,
                        "link_id": "t3_x", "parent_id": "t3_x"}) for i in range(20_000)]
    data = ("\n".join(rows) + "\n").encode()
    packed = zstandard.ZstdCompressor(level=3).compress(data)
    f = tmp_path / "RC_2023-01.zst"
    f.write_bytes(packed[: len(packed) // 2])
    posts, report = read(f)
    assert 1000 < len(posts) < 20_000
    assert [p.line for p in posts] == list(range(1, len(posts) + 1))
    text = " | ".join(messages(report))
    assert "zstd stream is truncated" in text and f"compressed byte {len(packed) // 2:,}" in text
    assert f"kept the {len(posts):,} posts read (lines 1-" in text
    assert "cut short" in text  # the half line at the break


def test_corrupt_zst(tmp_path: Path) -> None:
    data = b"".join(json.dumps({"id": f"c{i}", "body": "x y z", "subreddit": "books",
                                "created_utc": 1}).encode() + b"\n" for i in range(5000))
    packed = bytearray(zstandard.ZstdCompressor(write_checksum=True).compress(data))
    packed[len(packed) // 2: len(packed) // 2 + 64] = bytes(64)
    f = tmp_path / "RS.zst"
    f.write_bytes(bytes(packed))
    posts, report = read(f)
    assert 0 < len(posts) < 5000
    assert any("zstd stream is corrupt" in m and "kept the" in m for m in messages(report))


def test_a_50_mb_line(tmp_path: Path) -> None:
    huge = "word " * (10 * 1024 * 1024)  # 50 MB on one line
    (tmp_path / "huge.txt").write_text("Read *Capital*.\n\n" + huge + "\n\nRead *Grundrisse*.\n")
    record = json.dumps({"id": "h", "body": huge, "subreddit": "books", "created_utc": 1})
    good = json.dumps({"id": "g", "body": "Read *Capital*.", "subreddit": "books",
                       "created_utc": 1})
    (tmp_path / "huge.ndjson").write_text(good + "\n" + record + "\n" + good + "\n")
    posts, report = read(tmp_path)
    text_posts = [p for p in posts if p.source.endswith(".txt")]
    assert len(text_posts) == 3
    assert len(text_posts[1].text) <= 1_000_000  # cut, not dropped
    assert text_posts[2].line == 5
    dump = [p for p in posts if p.source.endswith(".ndjson")]
    assert [p.line for p in dump] == [1, 3]
    assert any("huge.ndjson:2" in m and "skipped" in m for m in messages(report))
    assert any("huge.txt:3" in m for m in messages(report))


def test_split_lines_never_holds_more_than_the_limit() -> None:
    chunks = [b"a" * 1000] * 1000 + [b"\nok\n"]
    lines = list(split_lines(iter(chunks), 100))
    assert [(ln.number, ln.cut, ln.length, len(ln.data)) for ln in lines] == [
        (1, True, 1_000_000, 0), (2, False, 2, 2)]
    assert lines[1].offset == 1_000_001


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text(GOOD)
    f.chmod(0)
    (tmp_path / "ok.txt").write_text(GOOD)
    posts, report = read(tmp_path)
    assert len(posts) == 1 and report.skipped == {"unreadable": 1}


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path when running as root: opening raises PermissionError."""
    f = tmp_path / "secret.json"
    f.write_text("{}")
    (tmp_path / "ok.txt").write_text(GOOD)
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "secret.json":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    posts, report = read(tmp_path)
    assert len(posts) == 1
    assert report.skipped == {"unreadable": 1}
    assert messages(report) == [f"{f}: permission denied, skipped"]


def test_broken_symlinks_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text(GOOD)
    posts, report = read(tmp_path, tmp_path / "dangling.txt", tmp_path / "missing.txt")
    assert len(posts) == 1
    assert report.skipped == {"broken link": 2, "missing": 1}


def test_a_reader_bug_does_not_end_the_scan(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from readlist.corpus.markdown import MarkdownReader

    def broken(self: object, source: str, report: Report):  # type: ignore[no-untyped-def]
        yield Post(source=source, index=0, text="first", link=f"{source}#L1")
        raise ValueError("boom")

    monkeypatch.setattr(MarkdownReader, "read", broken)
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b.txt").write_text(GOOD)
    posts, report = read(tmp_path)
    assert [p.text for p in posts] == ["first", GOOD.strip()]
    assert report.skipped == {"reader error": 1}
    assert "markdown reader failed (ValueError: boom)" in messages(report)[0]


def test_directory_order_is_stable_and_sorted(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/c.txt", "A.txt", ".hidden.txt", ".git/x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"post in {name}\n")
    posts, _ = read(tmp_path)
    assert [Path(p.source).relative_to(tmp_path).as_posix() for p in posts] == [
        "A.txt", "a.txt", "b.txt", "sub/c.txt"]


def test_a_folder_scan_passes_over_readlists_own_outputs(tmp_path: Path) -> None:
    (tmp_path / "thread.txt").write_text(GOOD)
    for name in ("out.bib", "out.bib.bak", "out.bib.lock", "list.RIS",
                 "out.authors.json", "x.bibtex"):
        (tmp_path / name).write_text("@book{k, title = {Read Capital by Karl Marx}}\n")
    posts, report = read(tmp_path)
    assert [Path(p.source).name for p in posts] == ["thread.txt"]
    assert not report.warnings
    # Named on the command line, a .bib is still read: the user asked for it.
    posts, _ = read(tmp_path / "out.bib")
    assert posts and posts[0].source.endswith("out.bib")


def test_rescanning_a_folder_that_holds_the_output_is_clean_with_strict(tmp_path: Path) -> None:
    (tmp_path / "threads").mkdir()
    (tmp_path / "threads" / "t.txt").write_text(GOOD)
    os.chdir(tmp_path)
    args = ["scan", "threads", "--no-resolve", "-o", "threads/out.bib", "--strict"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0, second.output
    assert "read 1 post from 1 source" in second.stderr


def test_salvage_closes_what_was_open() -> None:
    assert salvage('{"a": [1, 2, {"b": 3}, {"c"', 27) == {"a": [1, 2, {"b": 3}]}
    assert salvage("[", 1) is None
    assert salvage('"just a string', 5) is None


# -- the CLI: summary and --strict ----------------------------------------------------------------

def _scan(tmp_path: Path, *args: str) -> object:
    os.chdir(tmp_path)
    return CliRunner().invoke(cli, ["scan", *args, "--no-resolve", "-o", "out.bib"])


def test_summary_counts_skips_and_strict_fails_on_warnings(tmp_path: Path) -> None:
    data = tmp_path / "threads"
    data.mkdir()
    (data / "ok.txt").write_text(GOOD)
    (data / "bin.dat").write_bytes(bytes(range(256)))
    (data / "empty.md").write_text("")
    (data / "bad.json").write_text('{"kind": "Listing", oops')
    (data / "dead.txt").symlink_to(data / "gone")
    result = _scan(tmp_path, "threads")
    assert result.exit_code == 0, result.output
    assert ("skipped: 1 binary, 1 broken link, 1 empty, 1 malformed" in result.stderr)
    assert "threads/bad.json:1: malformed JSON at line 1 column 21" in result.stderr
    assert "read in part" not in result.stderr  # every damaged file here was skipped whole
    strict = _scan(tmp_path, "threads", "--strict")
    assert strict.exit_code == 1
    assert "warning(s) with --strict" in strict.stderr


def test_summary_counts_sources_read_in_part(tmp_path: Path) -> None:
    data = tmp_path / "threads"
    data.mkdir()
    (data / "ok.txt").write_text(GOOD)
    (data / "bytes.txt").write_bytes(b"Read Capital \xff by Karl Marx.\n\nAnd \xfe again.\n")
    lines = [json.dumps({"id": f"c{i}", "author": "u", "body": GOOD, "created_utc": 1700000000,
                         "link_id": "t3_x", "subreddit": "books",
                         "permalink": f"/r/books/comments/x/_/c{i}/"}) for i in range(3)]
    (data / "RC_dump.ndjson").write_text("\n".join(lines) + "\n{oops\n" + lines[0][:20])
    (data / "empty.txt").write_text("")
    result = _scan(tmp_path, "threads")
    assert result.exit_code == 0, result.output
    assert "skipped: 1 empty" in result.stderr
    assert ("read in part or repaired: 2 sources (what could be read was kept; the warnings "
            "say where)") in result.stderr
    assert "read 6 posts from 3 sources" in result.stderr  # 1 + 2 + 3
    strict = _scan(tmp_path, "threads", "--strict")
    assert strict.exit_code == 1
    assert "warning(s) with --strict" in strict.stderr


def test_strict_passes_on_clean_input(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "hn_item.json", tmp_path / "hn.json")
    assert _scan(tmp_path, "hn.json", "--strict").exit_code == 0


def test_strict_fails_on_a_single_undecodable_byte(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_bytes(b"Read Capital \xff.\n")
    result = _scan(tmp_path, "t.txt", "--strict")
    assert result.exit_code == 1 and "t.txt:1: undecodable bytes" in result.stderr


def test_format_forces_a_reader_and_unknown_format_is_usage_error(tmp_path: Path) -> None:
    f = tmp_path / "thread.txt"
    shutil.copy(CORPUS / "hn_item.json", f)
    os.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["scan", "thread.txt", "--format", "hackernews", "--no-resolve",
                                   "-o", "o.bib", "--mentions", "-"])
    assert out.exit_code == 0
    assert "news.ycombinator.com/item?id=38000001" in out.stdout
    bad = CliRunner().invoke(cli, ["scan", "thread.txt", "--format", "nope", "--no-resolve"])
    assert bad.exit_code == 1 and "unknown format 'nope'" in bad.stderr


def test_json_that_no_reader_claims_is_read_as_text_with_a_warning(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"comments": [{"text": "Read Capital"},\n', encoding="utf-8")
    odd = tmp_path / "odd.json"
    odd.write_text('{"rows": [{"body": "Read Capital by Karl Marx"}]}', encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    posts, report = read(broken, odd, deep)
    assert len(posts) == 3  # the text is still searched
    said = messages(report)
    assert len(said) == 3
    assert "not valid JSON (Expecting value at line 2, column 1)" in said[0] and \
        "broken.json" in said[0]
    assert "odd.json" in said[1] and "shape no reader knows" in said[1]
    assert "deep.json" in said[2] and "nested too deeply" in said[2]
    assert all("--format" in m for m in said)
    _, forced = read(odd, fmt="text")
    assert not forced.warnings  # the user chose: no warning
