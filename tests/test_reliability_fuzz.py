"""Property tests over the BibTeX writer, merger and the exports made from a .bib: arbitrary
Unicode in every field a post or a catalogue fills; write-then-parse keeps every field, a re-run
keeps the first run's fields and adds the new posts, RIS and CSL-JSON hold the same works. Plus
deep JSON nesting through the CLI: one clear line, no RecursionError.

The example counts are the ``max_examples`` below; the note of issue 9 adds them up."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bibtex_factory import post, work

from readlist.cli import cli
from readlist.export.latex import normalise_text, safe_url
from readlist.export.library import parse_library
from readlist.export.merge import write_bibtex
from readlist.export.outputs import export_library

ROUND_TRIPS = 250
MERGES = 100
EXPORTS = 100
FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.function_scoped_fixture])

# Text as posts and catalogues send it: any Unicode, weighted towards what BibTeX, LaTeX and
# readlist's own note syntax care about.
SPECIAL = st.sampled_from(list("{}\\%#&$_~^@\"',;:()[]<>|`*“”″\n\t\x00\x1b\u202e\u200b")
                          + ["@comment{", "@string{", "\\input{x}", "”; Recommended in ",
                             " by ", " and ", "https://evil.example/", " (2020-01-01): “",
                             "$$", "--", "``", "{}", "ﬁ", "Ⅻ", "😀", "\ufffd", "ＡＢ"])
TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=6), SPECIAL), min_size=1,
                max_size=14).map("".join).filter(lambda t: normalise_text(t).strip() != "")
NAME_PART = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo")),
                    min_size=1, max_size=10)
NAME = st.tuples(NAME_PART, NAME_PART).map(" ".join)
LINK = st.one_of(
    # Readers build links from ids and URLs: no whitespace or control characters in them.
    st.builds(lambda p: f"https://example.org/t/{p}", st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
        max_size=20)),
    st.builds(lambda n: f"posts.txt#L{n}", st.integers(1, 10**6)))
DATE = st.none() | st.dates().map(lambda d: d.isoformat())
USER = st.none() | st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd")),
                           min_size=1, max_size=12)


@st.composite
def works(draw: st.DrawFn) -> tuple[dict[str, object], object]:
    fields = {
        "title": draw(TEXT), "subtitle": draw(st.none() | TEXT),
        "authors": tuple(draw(st.lists(NAME, min_size=1, max_size=3, unique=True))),
        "publisher": draw(TEXT), "address": draw(st.none() | TEXT),
    }
    links = draw(st.lists(LINK, min_size=1, max_size=3, unique_by=safe_url))
    recs = [(link, draw(TEXT), draw(USER), draw(DATE)) for link in links]
    item = work(str(fields["title"]), fields["authors"], subtitle=fields["subtitle"],  # type: ignore[arg-type]
                publisher=str(fields["publisher"]), address=fields["address"],  # type: ignore[arg-type]
                isbn=None, recs=[post(lk, q, author=u, date=d, index=i)
                                 for i, (lk, q, u, d) in enumerate(recs)])
    fields["recs"] = recs
    return fields, item


def quote_of(text: str) -> str:
    return normalise_text(text).replace("“", "″").replace("”", "″")


def full_title(fields: dict[str, object]) -> str:
    title = str(fields["title"])
    return normalise_text(f"{title}: {fields['subtitle']}" if fields["subtitle"] else title)


def check_record(record: object, fields: dict[str, object]) -> None:
    assert record.title == full_title(fields)  # type: ignore[attr-defined]
    assert record.authors == list(fields["authors"])  # type: ignore[attr-defined,arg-type]
    assert record.publisher == normalise_text(str(fields["publisher"]))  # type: ignore[attr-defined]
    if fields["address"]:
        assert record.address == normalise_text(str(fields["address"]))  # type: ignore[attr-defined]
    # Links are compared as URLs: a character may come back percent-encoded or not. So are
    # the links inside a quote ("see http://a.b/c}d" is written with c%7Dd, safe for LaTeX).
    got = [(unquote(b.link), unquote(b.quote), b.author, b.date)
           for b in record.backlinks]  # type: ignore[attr-defined]
    want = [(unquote(safe_url(lk)), unquote(quote_of(q)), u or None, d)
            for lk, q, u, d in fields["recs"]]  # type: ignore[attr-defined]
    assert got == want


@settings(max_examples=ROUND_TRIPS, **FUZZ)
@given(st.lists(works(), min_size=1, max_size=3))
def test_write_then_parse_keeps_every_field(drawn: list[tuple[dict[str, object], object]]
                                            ) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "lib.bib"
        items = [item for _, item in drawn]
        write_bibtex(path, items)  # type: ignore[arg-type]
        records = parse_library(path.read_text(encoding="utf-8-sig"))
    assert len(records) == len(drawn)
    by_key = {r.key: r for r in records}
    for (fields, _), item in zip(drawn, items, strict=True):
        check_record(by_key[item.key], fields)  # type: ignore[attr-defined]


@settings(max_examples=MERGES, **FUZZ)
@given(works(), LINK, TEXT)
def test_a_rerun_keeps_the_first_runs_fields_and_adds_the_new_post(
        drawn: tuple[dict[str, object], object], link: str, quote: str) -> None:
    fields, item = drawn
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "lib.bib"
        write_bibtex(path, [item])  # type: ignore[list-item]
        first = path.read_text(encoding="utf-8-sig")
        write_bibtex(path, [item])  # type: ignore[list-item]
        assert path.read_text(encoding="utf-8-sig") == first  # idempotent
        recs = list(fields["recs"])  # type: ignore[call-overload]
        new = (link, quote, None, None)
        if safe_url(link) not in {safe_url(r[0]) for r in recs}:
            recs.append(new)
        again = work(str(fields["title"]), fields["authors"],  # type: ignore[arg-type]
                     subtitle=fields["subtitle"], publisher=str(fields["publisher"]),  # type: ignore[arg-type]
                     address=fields["address"], isbn=None,  # type: ignore[arg-type]
                     recs=[post(lk, q, author=u, date=dt, index=i)
                           for i, (lk, q, u, dt) in enumerate(recs)])
        write_bibtex(path, [again])
        (record,) = parse_library(path.read_text(encoding="utf-8-sig"))
    check_record(record, {**fields, "recs": recs})


RIS_LINE = re.compile(r"^(?:[A-Z][A-Z0-9]  - .*|ER  -\s*)$")


@settings(max_examples=EXPORTS, **FUZZ)
@given(st.lists(works(), min_size=1, max_size=3))
def test_ris_and_csl_json_hold_the_same_works(drawn: list[tuple[dict[str, object], object]]
                                              ) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "lib.bib"
        write_bibtex(path, [item for _, item in drawn])  # type: ignore[misc]
        ris = export_library(path, "ris")
        csl = json.loads(export_library(path, "csljson"))
    lines = [x for x in ris.removeprefix("\ufeff").splitlines() if x.strip()]
    assert all(RIS_LINE.match(x) for x in lines), [x for x in lines if not RIS_LINE.match(x)]
    assert sum(x.startswith("TY  - ") for x in lines) == len(drawn)
    assert sum(x.startswith("ER  -") for x in lines) == len(drawn)
    assert len(csl) == len(drawn)
    titles = sorted(i["title"] for i in csl)
    want = sorted(full_title(f) for f, _ in drawn)
    assert titles == want


# -- deep nesting through the CLI -------------------------------------------------------------
DEPTH = 100_000


@pytest.mark.parametrize("fmt, name, body", [
    ("lemmy", "lemmy.json", '{"post_view": {"post": {"name": "x"}}, "comments": '
     + "[" * DEPTH + "]" * DEPTH + "}"),
    ("reddit", "reddit.json", '[{"kind": "Listing", "data": {"children": '
     + "[" * DEPTH + "]" * DEPTH + "}}]"),
    ("hackernews", "hn.json", '{"id": 1, "type": "story", "children": '
     + '[{"children": ' * DEPTH + "[]" + "}]" * DEPTH + "}"),
    ("pushshift", "dump.ndjson", '{"body": "I recommend Maldevelopment by Samir Amin."}\n'
     + '{"body": ' + "[" * DEPTH + "]" * DEPTH + "}\n"),
    ("reddit", "objects.json", '{"a": ' * DEPTH + "1" + "}" * DEPTH),
])
def test_deep_nesting_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        fmt: str, name: str, body: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(body, encoding="utf-8")
    for args in (["--format", fmt], []):  # named, and left to the readers' own sniffing
        result = CliRunner().invoke(cli, ["scan", name, "--no-resolve", "-o", "out.bib",
                                          *args])
        assert result.exit_code == 0, (result.stderr, result.exception)
        assert "Recursion" not in result.stderr and "Traceback" not in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)
        warnings = [x for x in result.stderr.splitlines() if x.startswith("warning:")]
        assert len(warnings) <= 1 and len(result.stderr.splitlines()) <= 5, result.stderr
        if args:
            assert "nested too deeply" in result.stderr, result.stderr
    strict = CliRunner().invoke(cli, ["scan", name, "--no-resolve", "-o", "out.bib",
                                      "--format", fmt, "--strict"])
    assert strict.exit_code == 1 and "Traceback" not in strict.stderr


def test_a_link_inside_a_quote_comes_back_as_the_same_url() -> None:
    """Found by the round trip above: a brace in a URL a post quotes is written percent-encoded
    (safe for LaTeX), which is the same URL."""
    quote = "see http://a.b/c}d now"
    fields: dict[str, object] = {"title": "T", "subtitle": None, "authors": ("Ann Lee",),
                                 "publisher": "P", "address": None,
                                 "recs": [("https://e.org/p", quote, None, None)]}
    item = work("T", ("Ann Lee",), subtitle=None, publisher="P", address=None, isbn=None,
                recs=[post("https://e.org/p", quote, author=None, date=None, index=0)])
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "lib.bib"
        write_bibtex(path, [item])
        (record,) = parse_library(path.read_text(encoding="utf-8-sig"))
    assert "c%7Dd" in record.backlinks[0].quote  # type: ignore[attr-defined]
    check_record(record, fields)
