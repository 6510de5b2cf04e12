"""Entries as Zotero, Better BibTeX and biber need them: types, names, titles, keys, notes."""

from __future__ import annotations

import re

from test_bibtex_factory import check_file, entries, golden, needs_biber, post, unresolved, work

from readlist.export.bibtex import BOM, bibtex_name, build_entry
from readlist.export.citekey import citation_key
from readlist.export.merge import write_bibtex


def _sample():
    return [
        work("Russia and the Long Transition from Capitalism to Socialism", wid="OL1W",
             recs=[post("https://lemmy.ml/post/1#c_2", "Read Amin on the USSR -- 100% worth it",
                        author="u/some_user", date="2024-05-01T10:00:00Z",
                        community="lemmy.ml/c/books"),
                   post("seeds/t.txt#L17", "get Russia and the Long Transition", index=1)]),
        work("Maldevelopment", subtitle="Anatomy of a Global Failure", year=1990, wid="OL2W",
             isbn="9780862329495", publisher="Zed Books", address="London", edition="2nd",
             recs=[post("https://www.reddit.com/r/books/comments/1abc2d/x/~u?x=1&y=2#c",
                        "costs $5 <maybe> -- ''really''", community="r/books")]),
        work("The Long Chapter", ("Walter Rodney",), year=1972, wid="OL3W", type="chapter",
             container="How Europe Underdeveloped Africa", isbn=None, publisher="Bogle",
             address="London"),
        work("A Web Essay", ("Monthly Review Collective",), year=2020, wid="OL4W",
             type="online", isbn=None, publisher=None, address=None,
             url="https://monthlyreview.org/essay"),
        work("Capital", ("Karl Marx", "Friedrich Engels"), year=1867, wid="OL5W",
             isbn="0140445684", publisher="Penguin", address="London"),
    ]


def test_golden_file_and_real_parsers(tmp_path):
    path = tmp_path / "out.bib"
    stats = write_bibtex(path, _sample())
    assert stats.added == 5
    assert path.read_bytes().startswith(BOM.encode("utf-8"))
    golden("bibtex/sample.bib", path.read_bytes().decode("utf-8"))


@needs_biber
def test_golden_file_passes_biber_and_bibtexparser(tmp_path):
    path = tmp_path / "out.bib"
    write_bibtex(path, _sample())
    report = check_file(path)
    assert set(report.entries) == set(entries(path.read_text(encoding="utf-8-sig")))
    types = {k: t for k, (t, _) in report.entries.items()}
    assert sorted(types.values()) == ["book", "book", "book", "inbook", "online"]


def test_types_fields_and_forms(tmp_path):
    path = tmp_path / "out.bib"
    write_bibtex(path, _sample())
    text = path.read_text(encoding="utf-8-sig")
    e = entries(text)
    russia = e["aminRussiaLongTransition2016"]
    assert russia["author"] == "Amin, Samir"
    assert russia["title"] == ("{Russia} and the {Long} {Transition} from {Capitalism} to "
                               "{Socialism}")
    assert russia["url"] == "https://openlibrary.org/books/OL1M"
    assert russia["keywords"] == "readlist, lemmy.ml/c/books, t"
    assert russia["note"] == (
        r"Recommended in https://lemmy.ml/post/1\#c\_2 by u/some\_user (2024-05-01): "
        r"“Read Amin on the USSR -{}- 100\% worth it”; "
        r"Recommended in seeds/t.txt\#L17: “get Russia and the Long Transition”")
    mal = e["aminMaldevelopmentAnatomyGlobal1990"]
    assert mal["title"] == "{Maldevelopment}: {Anatomy} of a {Global} {Failure}"
    assert mal["edition"] == "2nd"
    assert r"\%7Eu?x=1\&y=2\#c" in mal["note"] and "~" not in mal["note"]
    assert mal["note"].count(r"\$") == 1 and "＜maybe＞" in mal["note"]  # no $<$ beside \$
    assert "'{}'really'{}'" in mal["note"]
    assert re.search(r"@inbook\{rodneyLongChapter1972,", text)
    chapter = e["rodneyLongChapter1972"]
    assert chapter["booktitle"] == "{How} {Europe} {Underdeveloped} {Africa}"
    assert "booktitle" not in russia and "booktitle" not in mal  # never on @book
    assert re.search(r"@online\{monthlyreviewcollectiveWebEssay2020,", text)
    assert e["monthlyreviewcollectiveWebEssay2020"]["author"] == "{Monthly Review Collective}"
    capital = e["marxCapital1867"]
    assert capital["author"] == "Marx, Karl and Engels, Friedrich"
    assert capital["isbn"] == "9780140445688"  # ISBN-10 given, ISBN-13 written
    assert "@misc" not in text
    for fields in e.values():
        assert not fields["note"].startswith(("LCCN", "MR", "Zbl", "PMID", "PMCID"))
        assert "\\href" not in fields["note"] and "\n" not in fields["note"]
        assert all(k in ("author", "title", "booktitle", "journal", "year", "edition",
                         "publisher", "address", "isbn", "doi", "url", "keywords", "note")
                   or k.startswith("readlist-") for k in fields)


def test_names():
    assert bibtex_name("Samir Amin") == "Amin, Samir"
    assert bibtex_name("Ludwig von Mises") == "von Mises, Ludwig"
    assert bibtex_name("Amin, Samir") == "Amin, Samir"
    assert bibtex_name("American Rights at Work") == "{American Rights at Work}"
    assert bibtex_name("Addison-Wesley Editorial Team") == "{Addison-Wesley Editorial Team}"
    assert bibtex_name("Marx and Engels Institute") == "{Marx and Engels Institute}"
    assert bibtex_name("others") == "" and bibtex_name("et al.") == ""
    e = build_entry(work("X", ("Samir Amin", "others")))
    assert e.fields["author"] == "Amin, Samir"


def test_invalid_isbn_is_dropped_rather_than_written():
    e = build_entry(work("X", isbn="9781583676012"))  # bad checksum: biber would warn
    assert "isbn" not in e.fields


def test_citation_keys_follow_better_bibtex_and_get_suffixes():
    assert citation_key(("Samir Amin",), "Russia and the Long Transition", 2016) == \
        "aminRussiaLongTransition2016"
    assert citation_key(("Donald E. Knuth",), "The Art of Computer Programming", 1997) == \
        "knuthArtComputerProgramming1997"
    assert citation_key(("Søren Kierkegaard",), "Frygt og Bæven", 1843) == \
        "kierkegaardFrygtOgBaeven1843"
    taken = {"AMINRUSSIALONGTRANSITION2016"}  # case-insensitive, as Better BibTeX compares
    assert citation_key(("Samir Amin",), "Russia and the Long Transition", 2016, taken) == \
        "aminRussiaLongTransition2016a"
    taken |= {"aminRussiaLongTransition2016a"}
    assert citation_key(("Samir Amin",), "Russia and the Long Transition", 2016, taken) == \
        "aminRussiaLongTransition2016b"
    key = citation_key(("Лев Толстой",), "Война и мир 日本", 1869)
    assert key.isascii() and key


def test_colliding_works_in_one_run_get_a_and_b(tmp_path):
    path = tmp_path / "o.bib"
    write_bibtex(path, [work("Capital", ("Karl Marx",), 1867, wid="OL7W", isbn=None),
                        work("Capital", ("Karl Marx",), 1867, wid="OL8W", isbn=None)])
    assert sorted(entries(path.read_text(encoding="utf-8-sig"))) == \
        ["marxCapital1867", "marxCapital1867a"]


def test_keys_are_stable_across_runs(tmp_path):
    path = tmp_path / "o.bib"
    items = _sample()
    write_bibtex(path, items)
    first = path.read_bytes()
    write_bibtex(path, _sample())
    assert path.read_bytes() == first


@needs_biber
def test_unresolved_entries_only_lack_the_year(tmp_path):
    """An unresolved work has no known year: biber's one complaint, and nothing else."""
    path = tmp_path / "o.bib"
    write_bibtex(path, [unresolved("Maldevelopment")])
    report = check_file(path, allow_missing_year=True)
    assert list(report.entries) == ["aminMaldevelopment"]


@needs_biber
def test_the_seed_scan_passes_biber_with_no_warning(openlibrary, seed_dir, monkeypatch):
    from click.testing import CliRunner

    from readlist.cli import cli

    monkeypatch.chdir(seed_dir.parent)
    assert CliRunner().invoke(cli, ["scan", "seeds/"]).exit_code == 0
    report = check_file(seed_dir.parent / "bib" / "readlist.bib")
    assert sorted(report.entries) == ["aminMaldevelopmentAnatomyGlobal1990",
                                      "aminRussiaLongTransition2016"]
