"""Golden files for every format of `readlist list` on a fixed, hand-written .bib.

Regenerate on purpose only: READLIST_UPDATE_GOLDEN=1 pytest tests/test_list_formats.py
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from readlist import __version__
from readlist.export.listing import ListOptions, build_listing, render

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = FIXTURES / "expected" / "list"


@pytest.fixture
def bib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture .bib and its authors sidecar, under a relative name (stable in outputs)."""
    for name in ("reading.bib", "reading.authors.json"):
        shutil.copy(FIXTURES / "list" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return Path("reading.bib")


def golden(name: str, actual: str) -> None:
    actual = actual.replace(f"readlist {__version__}", "readlist VERSION")
    path = EXPECTED / name
    if os.environ.get("READLIST_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with READLIST_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


CASES = [
    ("text.txt", "text", ListOptions(), {}),
    ("text-group-author.txt", "text", ListOptions(group="author"), {}),
    ("text-group-source.txt", "text", ListOptions(group="source"), {}),
    ("text-sort-year-limit3.txt", "text", ListOptions(sort="year", limit=3), {}),
    ("table-150.txt", "table", ListOptions(), {"width": 150}),
    ("table-100.txt", "table", ListOptions(), {"width": 100}),
    ("table-60.txt", "table", ListOptions(), {"width": 60}),
    ("table-100-group-source.txt", "table", ListOptions(group="source"), {"width": 100}),
    ("list.md", "markdown", ListOptions(), {}),
    ("list-group-author.md", "markdown", ListOptions(group="author"), {}),
    ("list.html", "html", ListOptions(), {}),
    ("list-covers-apa.html", "html", ListOptions(covers=True, style="apa"), {}),
    ("list.json", "json", ListOptions(), {}),
    ("text-apa.txt", "text", ListOptions(style="apa"), {}),
    ("text-chicago.txt", "text", ListOptions(style="chicago-author-date"), {}),
    ("text-mla.txt", "text", ListOptions(style="mla"), {}),
    ("list-mla.md", "markdown", ListOptions(style="mla"), {}),
]


@pytest.mark.parametrize(("name", "fmt", "options", "kw"), CASES, ids=[c[0] for c in CASES])
def test_golden(bib: Path, name: str, fmt: str, options: ListOptions, kw: dict) -> None:
    golden(name, render(build_listing(bib, options), fmt, **kw))


def test_ranking_counts_people_before_posts(bib: Path) -> None:
    items = build_listing(bib).items
    # Fanon: 3 posts by 3 people; Rodney: 3 posts by 2 people (alice twice); Russia: 2 posts.
    assert [it.key for it in items[:3]] == ["fanonWretchedEarth2004",
                                            "rodneyHowEuropeUnderdeveloped2018",
                                            "aminRussiaLongTransition2016"]
    rodney = items[1]
    assert (len(rodney.posts), rodney.people) == (3, 2)
    # The entry the user added by hand has no post and comes last.
    assert items[-1].key == "marx1867" and items[-1].posts == []


def test_strongest_recommendation_is_the_quote_shown(bib: Path) -> None:
    items = {it.key: it for it in build_listing(bib).items}
    assert "must read" in items["fanonWretchedEarth2004"].best.quote
    assert items["aminRussiaLongTransition2016"].best.link.endswith("#L9")  # "I recommend"


@pytest.mark.parametrize(("sort", "first", "last"), [
    ("author", "aminMaldevelopmentAnatomyGlobal1990", "rodneyHowEuropeUnderdeveloped2018"),
    ("year", "marx1867", "fisherCapitalistRealism"),  # no year: last
    ("title", "marx1867", "fanonWretchedEarth2004"),  # "The Wretched..." files under W
])
def test_sorts(bib: Path, sort: str, first: str, last: str) -> None:
    keys = [it.key for it in build_listing(bib, ListOptions(sort=sort)).items]
    assert (keys[0], keys[-1]) == (first, last)


def test_limit_applies_to_works_and_authors(bib: Path) -> None:
    listing = build_listing(bib, ListOptions(limit=1))
    assert len(listing.items) == 1 and listing.total_works == 6
    assert [a.name for a in listing.authors] == ["Michael Parenti"]
    assert "top 1 of 6 works" in render(listing, "text")


def test_group_source_lists_a_work_under_each_source(bib: Path) -> None:
    groups = build_listing(bib, ListOptions(group="source")).groups
    labels = [g.label for g in groups]
    assert labels == ["lemmy.ml/post/1234", "reddit.com/r/books/comments/abc123",
                      "seeds/000_77b3b552e261b156.txt", "news.ycombinator.com/item?id=40001234",
                      "No recorded post"]
    seeds = next(g for g in groups if g.label.startswith("seeds/"))
    assert [it.key for it in seeds.items] == ["aminRussiaLongTransition2016",
                                              "aminMaldevelopmentAnatomyGlobal1990"]


def test_json_shape_is_the_documented_one(bib: Path) -> None:
    data = json.loads(render(build_listing(bib), "json"))
    assert set(data) >= {"format", "version", "source", "sort", "group", "limit", "style",
                         "total_works", "total_authors", "works", "authors", "groups"}
    work = data["works"][0]
    assert set(work) >= {"rank", "key", "type", "title", "authors", "year", "publisher",
                         "address", "isbn", "doi", "url", "catalogue_url", "search_url",
                         "outcome", "posts", "people", "quote", "recommendations", "citation",
                         "cover"}
    assert set(work["quote"]) == {"link", "url", "quote", "author", "date", "source"}
    assert data["authors"][0]["name"] == "Michael Parenti"
    unresolved = next(w for w in data["works"] if w["outcome"] == "unresolved")
    assert unresolved["catalogue_url"] is None
    assert unresolved["search_url"].startswith("https://openlibrary.org/search?q=Capitalist")
