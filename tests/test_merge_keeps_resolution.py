"""A re-run that cannot resolve (offline, --no-resolve, a catalogue down) never undoes one that did."""

from __future__ import annotations

import contextlib
from pathlib import Path

import bibtexparser
from click.testing import CliRunner

from readlist.cli import cli


def _scan(args: list[str], cwd: Path) -> str:
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _fields(path: Path) -> dict[str, dict[str, str]]:
    lib = bibtexparser.parse_string(path.read_text(encoding="utf-8-sig"))
    return {e.key: {k: v.value for k, v in e.fields_dict.items()} for e in lib.entries}


def test_unresolved_rerun_only_adds_back_links(openlibrary, seed_dir: Path) -> None:
    root = seed_dir.parent
    _scan(["scan", "seeds/"], root)
    bib = root / "bib" / "readlist.bib"
    before = bib.read_text(encoding="utf-8")
    _scan(["scan", "seeds/", "--no-resolve"], root)
    assert bib.read_text(encoding="utf-8") == before  # the same posts: nothing to add

    # A new post names the resolved work again; the run cannot resolve it.
    (seed_dir / "more.txt").write_text(
        "Seconding Russia and the Long Transition from Capitalism to Socialism by Samir Amin, "
        "I recommend it to everyone.\n", encoding="utf-8")
    _scan(["scan", "seeds/", "--no-resolve"], root)
    after = _fields(bib)
    assert sorted(after) == sorted(_fields_of(before))
    russia = after["aminRussiaLongTransition2016"]
    assert russia["year"] == "2016" and russia["readlist-outcome"] == "sure"
    assert russia["title"].startswith("{Russia} and the {Long}")
    assert "more.txt" in russia["note"] and r"\#L9" in russia["note"]
    assert "more.txt" in russia["readlist-posts"]


def _fields_of(text: str) -> dict[str, dict[str, str]]:
    lib = bibtexparser.parse_string(text)
    return {e.key: {k: v.value for k, v in e.fields_dict.items()} for e in lib.entries}


def test_a_later_resolution_drops_stale_bookkeeping(openlibrary, seed_dir: Path,
                                                    monkeypatch) -> None:
    root = seed_dir.parent
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", "http://127.0.0.1:9")
    _scan(["scan", "seeds/"], root)  # catalogue unreachable: entries from the text
    bib = root / "bib" / "readlist.bib"
    assert "readlist-error" in bib.read_text(encoding="utf-8")
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", openlibrary.url)
    _scan(["scan", "seeds/"], root)
    entries = _fields(bib)
    assert len(entries) == 2
    for fields in entries.values():
        assert fields["readlist-outcome"] == "sure"
        assert "readlist-error" not in fields
