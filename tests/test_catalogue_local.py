"""The local catalogue: Open Library dump files into SQLite, and the ``local`` provider on it.

The dump files in ``fixtures/ol_dumps`` are written for these tests in the five-column dump
format (type, key, revision, last_modified, JSON): a few authors (one with a duplicate record),
works with distractors (the same title by another author, other works of the same author, a
ghost with no author, an author missing from the dump), several editions per work, an orphan
edition, a redirect, a record of another type and two malformed lines.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import sqlite3
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import isbn as stdnum_isbn

from readlist.catalogue import provider_order
from readlist.catalogue.decisions import Decisions
from readlist.catalogue.dumps import (
    describe,
    import_dumps,
    normal_isbn,
    normal_isbns,
    parse_line,
    run_import,
    title_key,
)
from readlist.catalogue.local import LocalCatalogue, fts_terms
from readlist.catalogue.normalise import main_title, normalise_title
from readlist.catalogue.resolve import Resolver
from readlist.cli import cli
from readlist.config import Settings
from readlist.models import WorkQuery

DUMPS = Path(__file__).parent / "fixtures" / "ol_dumps"
AUTHORS = DUMPS / "ol_dump_authors_2024-01-31.txt"
WORKS = DUMPS / "ol_dump_works_2024-01-31.txt"
EDITIONS = DUMPS / "ol_dump_editions_2024-01-31.txt"
OTHER = DUMPS / "ol_dump_other_2024-01-31.txt"


def gz(src: Path, folder: Path, name: str | None = None) -> Path:
    out = folder / (name or src.name + ".gz")
    with gzip.open(out, "wb") as f:
        f.write(src.read_bytes())
    return out


@pytest.fixture
def dumps(tmp_path: Path) -> list[Path]:
    """Authors as plain text, works and editions gzipped (as Open Library ships them)."""
    folder = tmp_path / "dumps"
    folder.mkdir()
    plain = folder / AUTHORS.name
    shutil.copy(AUTHORS, plain)
    return [plain, gz(WORKS, folder), gz(EDITIONS, folder), gz(OTHER, folder)]


@pytest.fixture
def db(tmp_path: Path, dumps: list[Path]) -> Path:
    path = tmp_path / "catalogue.sqlite"
    import_dumps(dumps, path)
    return path


@pytest.fixture
def local(db: Path) -> LocalCatalogue:
    provider = LocalCatalogue(None, Settings(), db=db)
    assert provider.available() is None
    return provider


def resolver(*providers: LocalCatalogue) -> Resolver:
    return Resolver(list(providers), decisions=Decisions())


# -- import -------------------------------------------------------------------------------------
def test_import_keeps_records_and_reports_bad_lines_by_file_and_line(tmp_path, dumps):
    bad: list[tuple[str, int, str]] = []
    stats = import_dumps(dumps, tmp_path / "c.sqlite", on_bad=lambda f, n, why: bad.append(
        (Path(f).name, n, why)))
    assert [(b[0], b[1]) for b in bad] == [(EDITIONS.name + ".gz", 6),
                                           (EDITIONS.name + ".gz", 7)]
    assert "JSON" in bad[0][2] and "columns" in bad[1][2]
    by_name = {Path(f.path).name: f for f in stats.files}
    assert by_name[AUTHORS.name].rows == {"author": 8}
    assert by_name[WORKS.name + ".gz"].rows == {"work": 15, "redirect": 1}
    assert by_name[EDITIONS.name + ".gz"].rows == {"edition": 20}
    assert by_name[EDITIONS.name + ".gz"].bad == 2
    assert by_name[OTHER.name + ".gz"].other == 1 and not by_name[OTHER.name + ".gz"].rows
    info = describe(tmp_path / "c.sqlite")
    assert info["counts"] == {"authors": 8, "works": 15, "editions": 20, "isbns": 15,
                              "redirects": 1}
    assert all(f["complete"] for f in info["files"])


def test_kind_comes_from_the_type_column_not_the_file_name(tmp_path):
    mixed = tmp_path / "everything.dat"
    mixed.write_bytes(EDITIONS.read_bytes() + WORKS.read_bytes() + AUTHORS.read_bytes())
    packed = gz(mixed, tmp_path, "ol_dump_authors_misnamed.txt")  # gzip, whatever the name
    import_dumps([packed], tmp_path / "c.sqlite")
    counts = describe(tmp_path / "c.sqlite")["counts"]
    assert (counts["authors"], counts["works"], counts["editions"]) == (8, 15, 20)


def test_isbns_are_indexed_normalised_and_invalid_ones_left_out():
    assert normal_isbns(["978-1-59605-237-6", "0380003821", "9780061054885", 7, "x",
                         "0-19-852663-6 (pbk.)"]) == {9781596052376, 9780380003822,
                                                      9780198526636}


@settings(max_examples=400)
@given(st.one_of(
    st.text(alphabet="0123456789Xx -", max_size=20),
    st.from_regex(r"97[89][0-9]{10}", fullmatch=True),
    st.from_regex(r"[0-9]{9}[0-9X]", fullmatch=True),
))
def test_isbn_normalisation_agrees_with_python_stdnum(value):
    # (to_isbn13 is given the compact form: on "505303345-" stdnum's own returns 14 digits)
    expected = int(stdnum_isbn.to_isbn13(stdnum_isbn.compact(value))) \
        if stdnum_isbn.is_valid(value) else None
    assert normal_isbn(value) == expected


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_the_title_index_key_is_matchings_normalised_main_title(title):
    # Keys live in databases built earlier: if matching's normalisation changes, this fails,
    # and SCHEMA_VERSION must change with it (users then import again).
    assert title_key(title) == normalise_title(main_title(title))


def test_parse_line_rejects_what_is_not_a_record():
    with pytest.raises(ValueError, match="columns"):
        parse_line(b"/type/work\t/works/OL1W\n")
    with pytest.raises(ValueError, match="UTF-8"):
        parse_line(b"/type/work\t/works/OL1W\t1\tx\t{\"title\": \"\xff\"}\n")
    with pytest.raises(ValueError, match="not an object"):
        parse_line(b"/type/work\t/works/OL1W\t1\tx\t[1, 2]\n")
    assert parse_line(b"/type/list\t/people/a/lists/OL1L\t1\tx\tnot even json\n").kind == "other"


def test_reimport_replaces_rows_instead_of_adding_them(tmp_path, dumps, local, db):
    again = import_dumps(dumps, db)
    assert all(f.status == "already imported" for f in again.files)
    import_dumps(dumps, db, again=True)  # read once more: the same rows, not twice as many
    assert describe(db)["counts"]["works"] == 15
    assert describe(db)["counts"]["isbns"] == 15
    # A newer dump renames a work and gives an edition another ISBN.
    works = [json.loads(line.split("\t")[4]) for line in WORKS.read_text().splitlines()]
    rec = next(w for w in works if w["key"] == "/works/OL1010W")
    rec["title"] = "The Left Hand of Darkness (50th anniversary)"
    newer = tmp_path / "newer.txt"
    newer.write_text("\t".join(["/type/work", rec["key"], "4", "2025-01-01T00:00:00",
                                json.dumps(rec)]) + "\n"
                     + "\t".join(["/type/edition", "/books/OL2013M", "9", "2025-01-01T00:00:00",
                                  json.dumps({"key": "/books/OL2013M", "title": "The Dispossessed",
                                              "works": [{"key": "/works/OL1009W"}],
                                              "isbn_13": ["9780060912345"]})]) + "\n")
    import_dumps([newer], db)
    fresh = LocalCatalogue(None, Settings(), db=db)
    found = fresh.search(WorkQuery("explicit", title="Left Hand of Darkness anniversary"))
    assert [w.id for w in found] == ["OL1010W"]
    assert fresh.by_isbn("0060125632") is None  # the old ISBN went with the old record
    hit = fresh.by_isbn("9780060912345")
    assert hit is not None and hit[1].id == "OL2013M"
    assert describe(db)["counts"]["works"] == 15


def test_an_interrupted_import_resumes_after_the_last_committed_batch(tmp_path, dumps):
    path = tmp_path / "c.sqlite"
    editions = dumps[2]
    calls = []

    def stop_after_first_batch(name: str, done: int, total: int, rows: int) -> None:
        calls.append(rows)
        if len(calls) == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_dumps([editions], path, batch=8, on_progress=stop_after_first_batch)
    partial = describe(path)
    assert partial["files"][0]["complete"] is False
    assert 0 < partial["counts"]["editions"] < 20
    stats = import_dumps([editions], path, batch=8)
    assert stats.files[0].status == "resumed" and stats.files[0].skipped_lines == 8
    assert describe(path)["counts"]["editions"] == 20
    assert describe(path)["files"][0]["complete"] is True
    assert describe(path)["files"][0]["bad"] == 2  # each bad line counted once


def test_a_truncated_gzip_keeps_what_was_read_and_says_where_it_stopped(tmp_path):
    whole = gz(EDITIONS, tmp_path).read_bytes()
    cut = tmp_path / "ol_dump_editions_cut.txt.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    stats = import_dumps([cut], tmp_path / "c.sqlite")
    f = stats.files[0]
    assert f.status == "damaged" and f.problem and "unreadable after line" in f.problem
    assert 0 < describe(tmp_path / "c.sqlite")["counts"]["editions"] < 20


def test_cli_import_and_info(tmp_path, dumps):
    db = tmp_path / "c.sqlite"
    result = CliRunner().invoke(cli, ["catalogue", "import", *map(str, dumps), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{EDITIONS.name}.gz:6: bad JSON" in result.stderr
    assert f"{EDITIONS.name}.gz:7: 3 tab-separated columns" in result.stderr
    assert "15 works" in result.stderr and "20 editions" in result.stderr
    assert "rows/s" in result.stderr
    info = CliRunner().invoke(cli, ["catalogue", "info", "--db", str(db), "--json"])
    assert info.exit_code == 0
    assert json.loads(info.stdout)["counts"]["authors"] == 8


def test_the_progress_bar_path_reports_bad_lines_and_a_summary(tmp_path, dumps, capsys):
    said: list[str] = []
    run_import(dumps, tmp_path / "c.sqlite", again=False, say=said.append, progress=True)
    err = capsys.readouterr().err  # bad lines go above the live bar, through rich
    assert f"{EDITIONS.name}.gz:6: bad JSON" in err
    assert any(line.startswith(f"{WORKS.name}.gz: 1 redirect, 15 works") for line in said)


def test_cli_import_of_damaged_and_empty_files_is_one_line_each_never_a_traceback(tmp_path):
    junk = tmp_path / "junk.txt.gz"
    junk.write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate")
    (tmp_path / "nothing.txt").write_text("")
    empty = gz(tmp_path / "nothing.txt", tmp_path, "ol_dump_works_empty.txt.gz")
    result = CliRunner().invoke(cli, ["catalogue", "import", str(junk), str(empty),
                                      "--db", str(tmp_path / "c.sqlite")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "junk.txt.gz: " in result.stderr and "could not be read to the end" in result.stderr
    assert "holds no records" in result.stderr


def test_cli_import_into_something_that_is_not_a_catalogue_is_one_line(tmp_path):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("my reading notes, not a database\n" * 100)
    result = CliRunner().invoke(cli, ["catalogue", "import", str(AUTHORS), "--db", str(not_db)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot open the local catalogue" in result.stderr
    assert not_db.read_text().startswith("my reading notes")


def test_cli_info_without_a_catalogue_says_how_to_build_one(tmp_path):
    result = CliRunner().invoke(cli, ["catalogue", "info", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "readlist catalogue import" in result.stderr


# -- the provider -------------------------------------------------------------------------------
def test_search_returns_the_title_with_its_distractors_and_matching_picks_by_author(local):
    found = local.search(WorkQuery("explicit", title="Imperialism", authors=("Hobson",)))
    ids = [w.id for w in found]
    assert ids[:2] == ["OL1006W", "OL1008W"]  # same title, other author: for the veto to see
    hobson = found[0]
    assert hobson.authors == ("J. A. Hobson",) and hobson.author_ids == ("OL102A",)
    assert hobson.url == "https://openlibrary.org/works/OL1006W"
    assert hobson.edition_count == 3 and hobson.year == 1902
    match = resolver(local).resolve(WorkQuery("explicit", title="Imperialism",
                                              authors=("J. A. Hobson",)))
    assert match.outcome == "sure" and match.work is not None and match.work.id == "OL1006W"
    vetoed = resolver(local).resolve(WorkQuery("explicit", title="Imperialism",
                                               authors=("Karl Marx",)))
    assert vetoed.outcome == "none" and vetoed.work is None
    assert {c.work.id for c in vetoed.candidates} >= {"OL1006W", "OL1008W"}


def test_same_title_without_an_author_is_unsure_with_the_candidates(local):
    match = resolver(local).resolve(WorkQuery("explicit", title="The Dispossessed"))
    assert match.outcome == "unsure"
    assert {c.work.id for c in match.candidates} == {"OL1009W", "OL1013W"}  # and the ghost
    ghost = next(c.work for c in match.candidates if c.work.id == "OL1013W")
    assert ghost.authors == ()


def test_a_title_shared_by_more_works_than_are_read_keeps_the_most_published(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr("readlist.catalogue.local.SAME_TITLE_POOL", 3)
    lines = []
    for n in range(1, 11):  # ten works called "Poems"; OL9W has the most editions
        lines.append("\t".join(["/type/work", f"/works/OL{n}W", "1", "2024-01-01T00:00:00",
                                 json.dumps({"key": f"/works/OL{n}W", "title": "Poems"})]))
        for e in range(5 if n == 9 else 1):
            key = f"/books/OL{n * 10 + e}M"
            lines.append("\t".join(["/type/edition", key, "1", "2024-01-01T00:00:00",
                                     json.dumps({"key": key, "title": "Poems",
                                                 "works": [{"key": f"/works/OL{n}W"}]})]))
    dump = tmp_path / "poems.txt"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_dumps([dump], tmp_path / "p.sqlite")
    found = LocalCatalogue(None, Settings(), db=tmp_path / "p.sqlite").search(
        WorkQuery("explicit", title="Poems"))
    assert len(found) == 3 and found[0].id == "OL9W" and found[0].edition_count == 5


def test_misspelled_title_is_found_through_any_word_and_the_authors_works(local):
    match = resolver(local).resolve(WorkQuery("explicit", title="Maldevelopement",
                                              authors=("Samir Amin",)))
    assert match.outcome == "sure" and match.work is not None and match.work.id == "OL1002W"
    assert match.edition is not None and match.edition.id == "OL2003M"  # English, with ISBN


def test_diacritics_and_alternate_names_find_the_author(local):
    assert [w.id for w in local.author_works("Emile Zola")] == ["OL1014W"]
    assert "OL1007W" in [w.id for w in local.author_works("V. I. Lenin")]
    assert local.author_works("Nobody Atall") == []


def test_author_bibliography_gathers_duplicate_author_records(local):
    works = local.author_works("Samir Amin")
    assert {w.id for w in works} == {"OL1001W", "OL1002W", "OL1003W", "OL1004W", "OL1005W"}
    russia = next(w for w in works if w.id == "OL1001W")
    assert russia.description and "Soviet experiment" in russia.description
    assert "Soviet Union" in russia.subjects


@pytest.mark.parametrize(("description", "expected"), [
    # the seed thread's wording, and others: the provider only supplies the author's works
    ("the transition to and out of the Soviet mode of production", "OL1001W"),
    ("how Russia went from the Soviet system to capitalism", "OL1001W"),
    ("the law of value on a world scale", "OL1005W"),
    ("the western view of history", "OL1003W"),
])
def test_descriptions_resolve_through_the_authors_works(local, description, expected):
    match = resolver(local).resolve(WorkQuery("description", authors=("Samir Amin",),
                                              description=description))
    assert match.work is not None and match.work.id == expected, match.reasons
    assert match.outcome == "sure"
    assert match.sources["title"] == "local"


def test_isbn_lookup_finds_the_edition_and_its_work(local):
    hit = local.by_isbn("9780380003822")  # listed as ISBN-10 0380003821 in the dump
    assert hit is not None
    work, edition = hit
    assert work is not None and work.id == "OL1009W"
    assert (edition.id, edition.publisher, edition.year) == ("OL2014M", "Avon", 1975)
    assert edition.url == "https://openlibrary.org/books/OL2014M"
    assert edition.authors == ("Ursula K. Le Guin",)
    hyphenated = local.by_isbn("9781596052376")
    assert hyphenated is not None and hyphenated[1].id == "OL2008M"
    assert local.by_isbn("9780061054885") is None  # bad checksum in the record: not indexed
    orphan = local.by_isbn("0865430950")
    assert orphan is not None and orphan[0] is None
    assert orphan[1].authors == ("Walter Rodney",)
    assert set(local.by_isbns(["9780380003822", "9780000000026"])) == {"9780380003822"}


def test_an_isbn_in_a_post_picks_that_edition(local):
    match = resolver(local).resolve(WorkQuery("isbn", isbn="9780380003822"))
    assert match.outcome == "sure" and match.edition is not None
    assert match.edition.id == "OL2014M"


def test_editions_put_those_with_an_isbn_and_a_year_first(local):
    work = local.by_id("OL1006W")
    assert work is not None
    eds = local.editions(work)
    assert [e.id for e in eds] == ["OL2007M", "OL2008M", "OL2006M"]
    assert eds[0].isbn10 == ("0472061038",) and eds[0].address == "Ann Arbor"
    assert eds[1].isbn13 == ("9781596052376",)  # hyphens gone
    assert local.editions(work, limit=1)[0].id == "OL2007M"


def test_by_id_follows_redirects_and_unknown_ids_are_not_found(local):
    work = local.by_id("OL1099W")
    assert work is not None and work.id == "OL1009W"
    assert local.by_id("OL424242W") is None
    assert local.by_id("not-an-id") is None


def test_query_syntax_in_a_post_is_only_ever_words(local):
    assert fts_terms('NEAR("a" b) OR title:* -x') == ['"near"', '"a"', '"b"', '"or"',
                                                      '"title"', '"x"']
    for title in ['"', "*", "AND", "NEAR(", "title:x", "'); DROP TABLE works; --", "\u0000"]:
        local.search(WorkQuery("explicit", title=title, authors=(title,)))  # no error


def test_a_missing_or_foreign_database_is_not_available(tmp_path):
    missing = LocalCatalogue(None, Settings(), db=tmp_path / "none.sqlite")
    assert "readlist catalogue import" in (missing.available() or "")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert "not a readable local catalogue" in (LocalCatalogue(None, db=other).available() or "")


def test_on_by_default_only_when_the_database_exists(tmp_path, dumps):
    assert "local" not in provider_order(None, Settings())
    import_dumps(dumps[:1], Path(os.environ["READLIST_DATA_DIR"]) / "catalogue.sqlite")
    order = provider_order(None, Settings())
    assert order[0] == "local" and "openlibrary" in order
    assert provider_order(["openlibrary"], Settings()) == ["openlibrary"]


def test_the_database_path_comes_from_the_environment_or_config(tmp_path, monkeypatch, db):
    monkeypatch.setenv("READLIST_LOCAL_DB", str(db))
    assert LocalCatalogue(None, Settings()).db == db
    monkeypatch.delenv("READLIST_LOCAL_DB")
    assert LocalCatalogue(None, Settings(raw={"local": {"db": str(db)}})).db == db


# -- a whole scan without the network -----------------------------------------------------------
THREAD = """\
What should I read to understand imperialism?
I would start with Imperialism: A Study by Hobson, which Lenin drew on.
For fiction I recommend The Dispossessed by Ursula Le Guin, it changed how I think about property.
Also Samir Amin's book on how Russia went from the Soviet system to capitalism is worth reading.
And Walter Rodney's book about how Europe drained Africa is essential.
Nobody mentioned Germinal by Zola yet, read it.
"""


def test_scan_with_the_local_provider_resolves_a_thread_offline(tmp_path, db, monkeypatch):
    monkeypatch.setenv("READLIST_LOCAL_DB", str(db))
    (tmp_path / "thread.txt").write_text(THREAD, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(cli, ["scan", "thread.txt", "--providers", "local",
                                          "--mentions", "mentions.jsonl"])
    assert result.exit_code == 0, result.output
    assert "catalogue requests" not in result.stderr  # not one HTTP request
    lines = [json.loads(x) for x in (tmp_path / "mentions.jsonl").read_text().splitlines()]
    resolved = {m["resolved"]["id"]: m["resolved"] for m in lines if m["resolved"]}
    assert set(resolved) == {"OL1006W", "OL1009W", "OL1001W", "OL1011W", "OL1014W"}
    assert all(r["catalogue"] == "local" for r in resolved.values())
    assert resolved["OL1001W"]["outcome"] == "sure"  # through the author's works
    lib = bibtexparser.parse_string((tmp_path / "bib" / "readlist.bib").read_text("utf-8-sig"))
    entries = {e.fields_dict["url"].value: e for e in lib.entries}
    rodney = entries["https://openlibrary.org/books/OL2016M"]  # the edition with an ISBN
    assert rodney.fields_dict["publisher"].value == "Howard University Press"
    assert "https://openlibrary.org/books/OL2001M" in entries


def test_scan_asking_for_local_without_a_database_says_so(tmp_path, monkeypatch):
    (tmp_path / "thread.txt").write_text(THREAD, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(cli, ["scan", "thread.txt", "--providers", "local"])
    assert result.exit_code == 0, result.output
    assert "catalogue local not asked: no local catalogue" in result.stderr


def test_by_default_the_local_catalogue_answers_first_and_the_network_is_not_asked(
        tmp_path, dumps, openlibrary):
    # Built at the default place: `scan` without --providers puts it first; works it resolves
    # for sure with complete editions never reach Open Library (a local test server here).
    import_dumps(dumps, Path(os.environ["READLIST_DATA_DIR"]) / "catalogue.sqlite")
    (tmp_path / "thread.txt").write_text(
        "For fiction I recommend The Dispossessed by Ursula Le Guin.\n"
        "I would start with Imperialism: A Study by Hobson, which Lenin drew on.\n",
        encoding="utf-8")
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(cli, ["scan", "thread.txt", "--mentions", "m.jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert {m["resolved"]["id"] for m in lines if m["resolved"]} == {"OL1009W", "OL1006W"}
    assert openlibrary.requests == []
