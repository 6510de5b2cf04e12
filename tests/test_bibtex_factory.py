"""Shared helpers for the BibTeX/RIS/CSL-JSON tests: listed works built by hand, and the real
parsers (biber, bibtexparser) run over a produced file. Holds no tests itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import bibtexparser
import pytest

from readlist.export.validate import BiberReport, bibtexparser_failures, run_biber
from readlist.models import Edition, ListedWork, Match, PostRef, Recommendation, Work, WorkQuery

EXPECTED = Path(__file__).parent / "fixtures" / "expected"
needs_biber = pytest.mark.skipif(shutil.which("biber") is None and not os.environ.get("CI"),
                                 reason="biber not installed (CI installs it)")


def post(link: str, quote: str = "a great read", author: str | None = None,
         date: str | None = None, community: str | None = None, source: str = "t.txt",
         index: int = 0) -> Recommendation:
    ref = PostRef(source=source, index=index, line=1, link=link, author=author, date=date,
                  community=community)
    return Recommendation(post=ref, quote=quote, surface=quote[:20], kind="explicit",
                          confidence=0.9)


def work(title: str, authors: tuple[str, ...] = ("Samir Amin",), year: int | None = 2016,
         recs: list[Recommendation] | None = None, *, subtitle: str | None = None,
         publisher: str | None = "Monthly Review Press", address: str | None = "New York",
         isbn: str | None = "9781583676011", wid: str = "OL1W", type: str = "book",
         container: str | None = None, edition: str | None = None, outcome: str = "sure",
         url: str | None = None) -> ListedWork:
    w = Work("openlibrary", wid, title, subtitle, authors, year=year, type=type,
             container=container, url=url or f"https://openlibrary.org/works/{wid}")
    e = Edition("openlibrary", wid.replace("W", "M"), title, subtitle, authors,
                publisher=publisher, address=address, year=year,
                isbn13=(isbn,) if isbn else (), edition=edition,
                url=url or f"https://openlibrary.org/books/{wid.replace('W', 'M')}")
    match = Match(outcome, 0.95, w, e, sources={"title": "openlibrary"})
    q = WorkQuery("explicit", title, authors)
    return ListedWork(match=match, queries=[q], recommendations=recs or [post("t.txt#L1")])


def unresolved(title: str, authors: tuple[str, ...] = ("Samir Amin",),
               recs: list[Recommendation] | None = None) -> ListedWork:
    q = WorkQuery("explicit", title, authors)
    return ListedWork(match=Match("none", 0.0), queries=[q],
                      recommendations=recs or [post("t.txt#L1")])


def entries(text: str) -> dict[str, dict[str, str]]:
    lib = bibtexparser.parse_string(text.removeprefix("\ufeff"))
    assert not lib.failed_blocks, [b.error for b in lib.failed_blocks]  # type: ignore[attr-defined]
    return {e.key: {k: v.value for k, v in e.fields_dict.items()} for e in lib.entries}


def check_file(path: Path, allow_missing_year: bool = False) -> BiberReport:
    """bibtexparser parses every block; biber validates with no error and no warning."""
    text = path.read_text(encoding="utf-8")
    assert bibtexparser_failures(text) == []
    report = run_biber(path)
    assert report.returncode == 0, report.errors
    assert report.errors == []
    warnings = report.warnings
    if allow_missing_year:
        warnings = [w for w in warnings if "one of 'date, year' must be defined" not in w]
    assert warnings == [], warnings
    return report


def golden(name: str, text: str) -> None:
    """Compare with tests/fixtures/expected/<name>; READLIST_REGEN_GOLDEN=1 rewrites it."""
    path = EXPECTED / name
    if os.environ.get("READLIST_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"missing golden {path}; run with READLIST_REGEN_GOLDEN=1 once"
    assert text == path.read_bytes().decode("utf-8")
