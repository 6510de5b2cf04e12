"""`readlist review`: unsure entries shown with their quote and numbered candidates; a choice is
saved as a decision (later scans honour it) and written into the .bib at once, edits kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner, Result

from readlist.cli import cli
from readlist.export.merge import write_bibtex
from readlist.models import (
    Candidate,
    Edition,
    ListedWork,
    Match,
    PostRef,
    Recommendation,
    Work,
    WorkQuery,
)
from readlist.review import Review, parse_candidates, pick_spec

THREAD = ("You should read Imperialism, it's a must read.\n\n"
          "Also I recommend *Imperialism* strongly.\n")
HOBSON = Work("openlibrary", "OL2101W", "Imperialism", subtitle="A Study",
              authors=("J. A. Hobson",), year=1902, url="https://openlibrary.org/works/OL2101W")
MARSH = Work("openlibrary", "OL2104W", "Imperialism", authors=("Harold Marsh",), year=1961,
             url="https://openlibrary.org/works/OL2104W")
LENIN = Work("openlibrary", "OL2100W", "Imperialism, the Highest Stage of Capitalism",
             authors=("V. I. Lenin",), year=1917)
HOBSON_1965 = Edition("openlibrary", "OL3102M", "Imperialism", subtitle="A Study",
                      authors=("J. A. Hobson",), publisher="University of Michigan Press",
                      address="Ann Arbor", year=1965, isbn13=("9780999000014",),
                      url="https://openlibrary.org/books/OL3102M")


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def entries(path: Path) -> dict[str, dict[str, str]]:
    lib = bibtexparser.parse_string(path.read_text(encoding="utf-8-sig"))
    return {e.key: {k.lower(): v.value for k, v in e.fields_dict.items()} for e in lib.entries}


def decisions(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "_data" / "decisions.json"
    return json.loads(path.read_text())["choices"] if path.exists() else {}


def scanned(tmp_path: Path) -> tuple[Path, Path]:
    """The thread scanned against the Open Library fixtures: one unsure entry (two books are
    called Imperialism and the posts name no author)."""
    thread = tmp_path / "thread.txt"
    thread.write_text(THREAD, encoding="utf-8")
    bib = tmp_path / "out.bib"
    result = run("scan", str(thread), "-o", str(bib), "--providers", "openlibrary")
    assert result.exit_code == 0, result.output
    (key, fields), = entries(bib).items()
    assert fields["readlist-outcome"] == "unsure" and key == "hobsonImperialismStudy1965"
    return thread, bib


def edit(bib: Path, old: str, new: str) -> None:
    text = bib.read_text(encoding="utf-8")
    assert old in text
    bib.write_text(text.replace(old, new, 1), encoding="utf-8")


def synthetic(tmp_path: Path, n: int = 3, quote: str = "read Imperialism, a must read",
              titles: tuple[str, ...] = ()) -> Path:
    """A .bib with ``n`` unsure entries as the writer makes them (no catalogue involved)."""
    items = []
    for i in range(n):
        post = PostRef(f"t{i}.txt", 0, 1, f"t{i}.txt#L1", author=f"user{i}")
        top = HOBSON if not titles else Work("openlibrary", "OL2101W", titles[0])
        cands = (Candidate(top, 0.9), Candidate(MARSH, 0.88), Candidate(LENIN, 0.3))
        match = Match("unsure", 0.9, work=top, edition=HOBSON_1965, candidates=cands,
                      sources={"title": "openlibrary"})
        items.append(ListedWork(match, [WorkQuery("explicit", title=f"Imperialism {i}")],
                                [Recommendation(post, quote, "Imperialism", "explicit", 0.9)]))
    bib = tmp_path / "synthetic.bib"
    write_bibtex(bib, items)
    return bib


# -- the interactive walk ------------------------------------------------------------------------
def test_a_number_picks_that_work_in_the_bib_and_decisions_and_a_rescan_keeps_it(
        openlibrary, tmp_path):
    thread, bib = scanned(tmp_path)
    edit(bib, "keywords = {readlist, thread}", "keywords = {readlist, thread, empire}")
    edit(bib, "  readlist-outcome", "  annote = {Ask Sam which one he meant},\n  readlist-outcome")

    result = run("review", str(bib), input="7\n2\n")
    assert result.exit_code == 0
    assert result.stdout == ""  # the walk is chatter: all on stderr
    err = result.stderr
    assert "You should read Imperialism, it's a must read." in err
    assert re.search(r"2\s+Imperialism\s+Harold Marsh\s+1961\s+Harvest House\s+0\.90", err)
    assert re.search(r"1\s+Imperialism: A\s+J\. A\. Hobson\s+1965", err)
    assert "answer 1-4, n, s or q" in err  # 7 is not a candidate: asked again
    assert "1 updated (1 chosen, your edits kept in 1)" in err

    (key, f), = entries(bib).items()
    assert key == "hobsonImperialismStudy1965"  # the citation key never changes
    assert f["author"] == "Marsh, Harold" and f["publisher"] == "Harvest House"
    assert f["year"] == "1961" and f["isbn"] == "9780999000069"
    assert f["readlist-id"] == "openlibrary:OL2104W" and f["readlist-outcome"] == "sure"
    assert "outcome=review" in f["readlist-sources"]
    assert f["annote"] == "Ask Sam which one he meant"  # the user's own field and edit stay
    assert f["keywords"] == "readlist, thread, empire"
    assert "it's a must read" in f["note"] and "strongly" in f["note"]
    assert decisions(tmp_path) == {f["readlist-query"]: "openlibrary:OL2104W"}
    assert Path(str(bib) + ".bak").exists()  # written through the usual atomic merge

    before = bib.read_text(encoding="utf-8")
    searches = len([r for r in openlibrary.requests if r.path == "/search.json"])
    again = run("scan", str(thread), "-o", str(bib), "--providers", "openlibrary")
    assert again.exit_code == 0
    assert "1 sure, 0 unsure" in again.stderr and "0 new, 0 updated" in again.stderr
    assert bib.read_text(encoding="utf-8") == before
    assert len([r for r in openlibrary.requests if r.path == "/search.json"]) == searches
    assert run("review", str(bib)).stderr.strip().endswith("no unsure entries to review")


def test_none_of_these_writes_the_entry_from_the_posts_and_a_rescan_keeps_it(openlibrary,
                                                                              tmp_path):
    thread, bib = scanned(tmp_path)
    result = run("review", str(bib), input="n\n")
    assert "1 updated (1 none of these)" in result.stderr
    (key, f), = entries(bib).items()
    assert f["readlist-outcome"] == "unresolved" and key == "hobsonImperialismStudy1965"
    assert f["title"] == "{Imperialism}"  # the subtitle no post mentions is gone
    for name in ("author", "year", "publisher", "isbn", "url"):
        assert name not in f, name  # all of them belonged to the rejected work
    assert f["readlist-id"] == "" and f["readlist-sources"] == "outcome=review"
    assert decisions(tmp_path) == {f["readlist-query"]: "none"}

    again = run("scan", str(thread), "-o", str(bib), "--providers", "openlibrary")
    assert "0 sure, 0 unsure, 1 unresolved" in again.stderr
    (key2, f2), = entries(bib).items()
    assert key2 == key and f2["readlist-outcome"] == "unresolved" and "author" not in f2
    assert "OL2101W" not in f2.get("readlist-id", "")  # stale bookkeeping goes


def test_skip_and_quit_keep_what_was_chosen_so_far(tmp_path):
    bib = synthetic(tmp_path, 3)
    keys = list(entries(bib))
    result = run("review", str(bib), "--offline", input="s\n2\nq\n")
    assert result.exit_code == 0
    assert "[3/3]" in result.stderr  # shown, then quit
    assert "2 unsure entries left (stopped early)" in result.stderr
    after = entries(bib)
    assert [after[k]["readlist-outcome"] for k in keys] == ["unsure", "sure", "unsure"]
    picked = after[keys[1]]
    assert picked["readlist-id"] == "openlibrary:OL2104W"
    # Offline, with nothing cached: what the .bib knows of candidate 2 (its title) and
    # nothing of the rejected top candidate (Hobson, his publisher).
    assert picked["title"] == "{Imperialism}"
    assert "author" not in picked and "publisher" not in picked
    assert decisions(tmp_path) == {picked["readlist-query"]: "openlibrary:OL2104W"}
    assert "offline and not in the cache" in result.stderr


def test_end_of_input_is_a_quit_that_saves(tmp_path):
    bib = synthetic(tmp_path, 2)
    result = run("review", str(bib), "--offline", input="1\n")
    assert result.exit_code == 0
    assert "1 chosen" in result.stderr and "1 unsure entry left (stopped early)" in result.stderr
    outcomes = [f["readlist-outcome"] for f in entries(bib).values()]
    assert outcomes == ["sure", "unsure"]


def test_an_offline_choice_is_completed_by_the_next_scan(openlibrary, tmp_path):
    thread, bib = scanned(tmp_path)
    key = next(iter(entries(bib)))
    result = run("review", str(bib), "--offline", "--pick", f"{key}=2")
    assert result.exit_code == 0
    f = entries(bib)[key]
    assert f["readlist-id"] == "openlibrary:OL2104W" and "author" not in f
    run("scan", str(thread), "-o", str(bib), "--providers", "openlibrary")
    f = entries(bib)[key]
    assert f["author"] == "Marsh, Harold" and f["publisher"] == "Harvest House"
    assert f["readlist-outcome"] == "sure"


# -- for scripts ---------------------------------------------------------------------------------
def test_pick_and_accept_top_without_asking(openlibrary, tmp_path):
    bib = synthetic(tmp_path, 3)
    keys = list(entries(bib))
    result = run("review", str(bib), "--pick", f"{keys[0]}=2", "--accept-top")
    assert result.exit_code == 0 and result.stdout == ""
    assert "3 updated (3 chosen)" in result.stderr
    after = entries(bib)
    assert after[keys[0]]["author"] == "Marsh, Harold"  # the full record, from the catalogue
    assert after[keys[0]]["publisher"] == "Harvest House"
    for k in keys[1:]:
        assert after[k]["readlist-id"] == "openlibrary:OL2101W"
        assert after[k]["author"] == "Hobson, J. A." and after[k]["readlist-outcome"] == "sure"
    chosen = decisions(tmp_path)
    assert sorted(chosen.values()) == ["openlibrary:OL2101W"] * 2 + ["openlibrary:OL2104W"]


def test_list_prints_entries_and_candidates_on_stdout_and_changes_nothing(openlibrary,
                                                                          tmp_path):
    _, bib = scanned(tmp_path)
    before = bib.read_bytes()
    text = run("review", str(bib), "--list")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].startswith("hobsonImperialismStudy1965  Imperialism: A Study")
    assert "“You should read Imperialism, it's a must read.”" in lines[1]
    assert lines[3] == ("   2  Imperialism — Harold Marsh, 1961, Harvest House  0.90  "
                        "https://openlibrary.org/works/OL2104W")
    as_json = run("review", str(bib), "--list", "--json", "--offline")
    (record,) = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert record["key"] == "hobsonImperialismStudy1965"
    assert [c["id"] for c in record["candidates"]] == [
        "openlibrary:OL2101W", "openlibrary:OL2104W", "openlibrary:OL2103W",
        "openlibrary:OL2100W"]
    assert record["candidates"][1]["authors"] == ["Harold Marsh"]  # cached by --list above
    assert bib.read_bytes() == before and decisions(tmp_path) == {}


@pytest.mark.parametrize("args,code,message", [
    (["--pick", "nokey"], 2, "expected KEY=N"),
    (["--pick", "k=x"], 2, "candidate number or 'none'"),
    (["--pick", "nosuchkey=1"], 1, "no unsure entry 'nosuchkey'"),
    (["--json"], 2, "--json goes with --list"),
])
def test_bad_picks_are_one_line_errors(tmp_path, args, code, message):
    bib = synthetic(tmp_path, 1)
    before = bib.read_bytes()
    result = CliRunner().invoke(cli, ["review", str(bib), "--offline", *args])
    assert result.exit_code == code and message in result.stderr
    assert "Traceback" not in result.output and bib.read_bytes() == before


def test_a_candidate_number_out_of_range_changes_nothing(tmp_path):
    bib = synthetic(tmp_path, 1)
    key = next(iter(entries(bib)))
    before = bib.read_bytes()
    result = CliRunner().invoke(cli, ["review", str(bib), "--offline", "--pick", f"{key}=9"])
    assert result.exit_code == 1 and "no candidate 9 (it has 3)" in result.stderr
    assert bib.read_bytes() == before and decisions(tmp_path) == {}


def test_no_file_and_no_unsure_entries(tmp_path):
    missing = CliRunner().invoke(cli, ["review", str(tmp_path / "none.bib")])
    assert missing.exit_code == 1 and "run `readlist scan` first" in missing.stderr
    plain = tmp_path / "mine.bib"
    plain.write_text("@book{k, title = {Mine}}\n", encoding="utf-8")
    result = run("review", str(plain))
    assert result.exit_code == 0 and "no unsure entries" in result.stderr


def test_text_from_posts_and_catalogues_never_drives_the_terminal(tmp_path):
    hostile = "Imperialism\x1b[2J\x1b]8;;http://evil\x07 \u202eevil"
    bib = synthetic(tmp_path, 1, quote="read this \x1b[31m now \u202e!", titles=(hostile,))
    # The writer already drops controls; a .bib edited by hand (or shared) may still hold them.
    edit(bib, "now !", "now \x1b[31m\u202e!")
    walked = run("review", str(bib), "--offline", input="s\n")
    listed = run("review", str(bib), "--offline", "--list")
    for out in (walked.stderr, listed.stdout):
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
        assert "Imperialism" in out and "\ufffd" in out


# -- pieces --------------------------------------------------------------------------------------
def test_candidate_lists_parse_with_awkward_titles():
    value = (r"openlibrary:OL1W Capital; or, Critique (Vol. 1) (0.91); "
             r"wikidata:Q42 100\% Pure (1984) (0.50); loc:2001012345 A (b) c (0.07)")
    assert parse_candidates(value) == [
        ("openlibrary:OL1W", "Capital; or, Critique (Vol. 1)", 0.91),
        ("wikidata:Q42", "100% Pure (1984)", 0.5),
        ("loc:2001012345", "A (b) c", 0.07)]


def test_pick_spec():
    assert pick_spec("k=2") == ("k", 2)
    assert pick_spec("a=b=none") == ("a=b", None)
    with pytest.raises(ValueError):
        pick_spec("=2")


def test_a_pick_looks_up_only_the_chosen_record(openlibrary, tmp_path):
    _, bib = scanned(tmp_path)
    openlibrary.requests.clear()
    run("review", str(bib), "--pick", "hobsonImperialismStudy1965=2")
    assert sorted(r.path for r in openlibrary.requests) == [
        "/authors/OL2202A.json", "/works/OL2104W.json", "/works/OL2104W/editions.json"]


def test_an_entry_deleted_during_the_review_is_not_written_back(tmp_path):
    bib = synthetic(tmp_path, 2)
    first, second = list(entries(bib))
    with Review(bib, offline=True) as review:
        review.choose(review.entry(first), 2)
        review.choose(review.entry(second), 2)
        text = bib.read_text(encoding="utf-8")
        start = text.index(f"@book{{{first},")
        bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3:], encoding="utf-8")
        stats = review.apply()
    assert review.vanished == [first] and stats.updated == 1
    assert list(entries(bib)) == [second]
    assert len(decisions(tmp_path)) == 2  # the decision itself is kept for later scans
