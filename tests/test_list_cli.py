"""`readlist list` through the CLI: format choice, options, files, errors and the authors sidecar."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from readlist.cli import cli
from readlist.export.listing.authors import load_authors, sidecar_path

FIXTURES = Path(__file__).parent / "fixtures" / "list"


@pytest.fixture
def bib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("reading.bib", "reading.authors.json"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "reading.bib"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_piped_output_is_plain_text(bib: Path) -> None:
    result = run("list", str(bib))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Reading list: 6 works")
    assert "\x1b" not in result.stdout and "│" not in result.stdout and "─" not in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(("suffix", "marker"), [
    (".md", "# Reading list\n"), (".html", "<!DOCTYPE html>"), (".json", '"format": "readlist-list"'),
    (".txt", "Reading list: 6 works")])
def test_output_file_format_follows_its_suffix(bib: Path, suffix: str, marker: str) -> None:
    out = bib.parent / f"out{suffix}"
    result = run("list", str(bib), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert marker in out.read_text(encoding="utf-8")
    assert f"wrote {out}" in result.stderr


def test_explicit_format_beats_the_suffix(bib: Path) -> None:
    out = bib.parent / "list.txt"
    assert run("list", str(bib), "--format", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["total_works"] == 6


def test_table_format_can_be_forced_when_piped(bib: Path) -> None:
    result = run("list", str(bib), "-f", "table")
    assert result.exit_code == 0
    # Not a terminal: 80 columns, the one-column layout, no colour codes.
    assert " #   Work " in result.stdout and "3 posts, 2 people · unsure" in result.stdout
    assert "\x1b" not in result.stdout


def test_limit_sort_group_reach_the_library(bib: Path) -> None:
    result = run("list", str(bib), "--format", "json", "--limit", "2", "--sort", "title",
                 "--group", "author")
    data = json.loads(result.stdout)
    assert [w["key"] for w in data["works"]] == ["marx1867", "fisherCapitalistRealism"]
    assert [g["label"] for g in data["groups"]] == ["Karl Marx", "Mark Fisher"]
    assert (data["sort"], data["group"], data["limit"]) == ("title", "author", 2)


def test_bad_usage_exits_2(bib: Path) -> None:
    assert run("list", str(bib), "--sort", "popularity").exit_code == 2
    assert run("list", str(bib), "--limit", "0").exit_code == 2
    assert run("list", str(bib), "--format", "pdf").exit_code == 2


def test_unknown_style_is_one_line_error(bib: Path) -> None:
    result = run("list", str(bib), "--style", "harvard-nonexistent")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "unknown citation style 'harvard-nonexistent'" in result.stderr
    assert "apa" in result.stderr and "Traceback" not in result.stderr


def test_style_from_a_csl_file_path(bib: Path) -> None:
    from importlib import resources

    csl = bib.parent / "my-style.csl"
    csl.write_bytes((resources.files("readlist") / "data" / "csl" / "apa.csl").read_bytes())
    result = run("list", str(bib), "--style", str(csl), "-f", "json")
    assert result.exit_code == 0, result.output
    works = json.loads(result.stdout)["works"]
    assert works[0]["citation"].startswith("Fanon, F. (2004). The Wretched of the Earth.")


def test_a_file_that_is_not_csl_is_one_line_error(bib: Path) -> None:
    bad = bib.parent / "bad.csl"
    bad.write_text("<html><body>not a style</body></html>")
    result = run("list", str(bib), "--style", str(bad))
    assert result.exit_code == 1 and "not a CSL style" in result.stderr
    bad.write_text("<<<")
    result = run("list", str(bib), "--style", str(bad))
    assert result.exit_code == 1 and "not a CSL style" in result.stderr


def test_missing_bib_is_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("list")
    assert result.exit_code == 1
    assert "bib/readlist.bib: no such file; run `readlist scan` first" in result.stderr


def test_covers_warn_outside_html(bib: Path) -> None:
    result = run("list", str(bib), "--covers")
    assert "--covers only applies to --format html" in result.stderr
    html = run("list", str(bib), "--covers", "-f", "html").stdout
    assert "https://covers.openlibrary.org/b/isbn/9781583676011-M.jpg" in html
    assert "covers.openlibrary.org" not in run("list", str(bib), "-f", "html").stdout.split(
        "</head>")[1]


def test_damaged_sidecar_warns_and_lists_the_works(bib: Path) -> None:
    sidecar_path(bib).write_text("{not json")
    result = run("list", str(bib))
    assert result.exit_code == 0
    assert "recommended authors not read" in result.stderr
    assert "Recommended authors" not in result.stdout
    assert "The Wretched of the Earth" in result.stdout


def test_scan_writes_recommended_authors_and_list_shows_them(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(
        "What should I read on development?\n\n"
        "I recommend anything by Walter Rodney, honestly.\n\n"
        "Read How Europe Underdeveloped Africa by Walter Rodney, it is great.\n",
        encoding="utf-8")
    result = run("scan", "t.txt", "--no-resolve")
    assert result.exit_code == 0, result.output
    saved = load_authors(tmp_path / "bib" / "readlist.bib")
    assert [a.name for a in saved] == ["Walter Rodney"]
    assert [b.link for b in saved[0].backlinks] == ["t.txt#L3"]
    # A second scan merges: no duplicate author, no duplicate post.
    assert run("scan", "t.txt", "--no-resolve").exit_code == 0
    saved = load_authors(tmp_path / "bib" / "readlist.bib")
    assert len(saved) == 1 and len(saved[0].backlinks) == 1
    listed = run("list").stdout
    assert "Recommended authors" in listed and "Walter Rodney · 1 post" in listed


def test_authors_only_scan_lists_without_a_bib(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("I recommend anything by Walter Rodney.\n", encoding="utf-8")
    assert run("scan", "t.txt", "--no-resolve").exit_code == 0
    assert not (tmp_path / "bib" / "readlist.bib").exists()
    result = run("list")
    assert result.exit_code == 0
    assert "only recommended authors" in result.stdout and "Walter Rodney" in result.stdout


def test_dry_run_writes_no_sidecar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("I recommend anything by Walter Rodney.\n", encoding="utf-8")
    assert run("scan", "t.txt", "--no-resolve", "--dry-run").exit_code == 0
    assert not sidecar_path(tmp_path / "bib" / "readlist.bib").exists()


def test_markdown_of_more_than_nine_works_stays_one_nested_list(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    from markdown_it import MarkdownIt

    entries = [
        f"@book{{w{i},\n  author = {{Writer{i}, Ann}},\n  title = {{Book {i}}},\n  year = {{2001}},\n"
        f"  note = {{Recommended in https://forum.example/t/{i}: “read Book {i}”; "
        f"Recommended in https://forum.example/t/{i}x: “yes, Book {i}”}},\n"
        f"  readlist-outcome = {{sure}}\n}}\n" for i in range(1, 13)]
    (tmp_path / "many.bib").write_text("\n".join(entries), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    md = run("list", "many.bib", "-f", "markdown").stdout
    assert "\n10. **" in md and "\n    - Recommended in 2 posts" in md  # 4 spaces under '10. '
    tokens = MarkdownIt("commonmark").parse(md)
    assert len([t for t in tokens if t.type == "ordered_list_open"]) == 1
    top = [t for t in tokens if t.type == "list_item_open" and t.level == 1]
    assert len(top) == 12
    # Every work keeps its own sub-list (status, quote, other posts) inside its item.
    assert len([t for t in tokens if t.type == "bullet_list_open" and t.level == 2]) == 12
