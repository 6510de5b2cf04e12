"""The first corpus end to end: scan the seed thread, resolve on a local Open Library, check BibTeX."""

from __future__ import annotations

import json
import os
from pathlib import Path

import bibtexparser
from click.testing import CliRunner

from readlist.cli import cli


def _scan(args: list[str], cwd: Path) -> object:
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def _entries(path: Path) -> dict[str, dict[str, str]]:
    lib = bibtexparser.parse_string(path.read_text(encoding="utf-8-sig"))
    assert not lib.failed_blocks
    return {e.key: {k: v.value for k, v in e.fields_dict.items()} for e in lib.entries}


def test_seed_resolves_to_two_works_with_back_links(openlibrary, seed_dir):
    result = _scan(["scan", "seeds/", "--mentions", "mentions.jsonl"], seed_dir.parent)
    assert result.exit_code == 0, result.output
    entries = _entries(seed_dir.parent / "bib" / "readlist.bib")
    assert len(entries) == 2, list(entries)

    russia = entries["aminRussiaLongTransition2016"]
    assert russia["author"] == "Amin, Samir"
    assert russia["title"] == ("{Russia} and the {Long} {Transition} from {Capitalism} to "
                               "{Socialism}")
    assert russia["publisher"] == "Monthly Review Press"
    assert russia["address"] == "New York"
    assert russia["year"] == "2016"
    assert russia["isbn"] == "9781583676011"
    assert russia["url"] == "https://openlibrary.org/books/OL2001M"
    # Both recommending posts, line 9 (the description) and line 17 (the title), in one note.
    note = russia["note"]
    assert note.startswith(r"Recommended in seeds/000\_77b3b552e261b156.txt\#L9: “")
    assert r"seeds/000\_77b3b552e261b156.txt\#L17: “" in note
    assert "Soviet mode of production" in note

    mal = entries["aminMaldevelopmentAnatomyGlobal1990"]
    assert mal["title"] == "{Maldevelopment}: {Anatomy} of a {Global} {Failure}"
    assert r"\#L17" in mal["note"] and r"\#L9" not in mal["note"]
    openlibrary.assert_all_expected()

    lines = [json.loads(x) for x in (seed_dir.parent / "mentions.jsonl").read_text().splitlines()]
    described = next(m for m in lines if m["kind"] == "description")
    assert described["line"] == 9 and described["recommended"] is True
    assert described["resolved"]["title"] == ("Russia and the Long Transition from Capitalism "
                                              "to Socialism")
    assert described["resolved"]["key"] == "aminRussiaLongTransition2016"
    assert described["resolved"]["isbn"][0] == "9781583676011"
    dismissed = [m for m in lines if "Solzhenitsyn" in m["surface"]]
    assert dismissed and not dismissed[0]["recommended"]
    assert not any("Anna" in (m["title"] or "") for m in lines)


def test_rerun_makes_no_requests_and_changes_nothing(openlibrary, seed_dir):
    assert _scan(["scan", "seeds/"], seed_dir.parent).exit_code == 0
    bib = seed_dir.parent / "bib" / "readlist.bib"
    first = bib.read_bytes()
    sent = len(openlibrary.requests)
    result = _scan(["scan", "seeds/"], seed_dir.parent)
    assert result.exit_code == 0
    assert len(openlibrary.requests) == sent  # everything came from the cache
    assert bib.read_bytes() == first
    assert "0 sent" in result.stderr


def test_offline_without_network_still_writes_unresolved_entries(seed_dir):
    # READLIST_OPENLIBRARY_URL points at a closed port (conftest): the catalogue is unreachable.
    result = _scan(["scan", "seeds/"], seed_dir.parent)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    unreachable = [line for line in result.stderr.splitlines() if "unreachable" in line]
    assert len(unreachable) == 1, result.stderr
    entries = _entries(seed_dir.parent / "bib" / "readlist.bib")
    assert entries and all(e["readlist-outcome"] == "unresolved" for e in entries.values())
    titles = {e["title"] for e in entries.values()}
    assert "{Maldevelopment}" in titles


def test_unresolved_entries_give_way_when_the_catalogue_answers(openlibrary, seed_dir,
                                                                monkeypatch):
    good = os.environ["READLIST_OPENLIBRARY_URL"]
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", "http://127.0.0.1:9")
    assert _scan(["scan", "seeds/"], seed_dir.parent).exit_code == 0
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", good)
    result = _scan(["scan", "seeds/"], seed_dir.parent)
    assert result.exit_code == 0
    entries = _entries(seed_dir.parent / "bib" / "readlist.bib")
    # Two entries now; keys stay what the first run gave them (they may already be cited).
    assert sorted(entries) == ["aminMaldevelopment", "aminRussiaLongTransition"], result.stderr
    russia = entries["aminRussiaLongTransition"]
    assert russia["readlist-outcome"] == "sure"
    assert russia["isbn"] == "9781583676011"
    assert r"\#L9" in russia["note"] and r"\#L17" in russia["note"]
    assert "1 unresolved replaced" in result.stderr
