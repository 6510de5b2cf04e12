"""A title taken on its shape alone that every catalogue asked says it does not know is left out
of the written list, named in the summary; anything stronger, or unanswered, stays."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner, Result

import readlist.extract as extract
from readlist.catalogue.evidence import leave_out_unknown, named_weakly, unknown_to_catalogues
from readlist.cli import cli
from readlist.extract import ThreadContext
from readlist.models import (
    Candidate,
    ListedWork,
    Match,
    Mention,
    Post,
    PostRef,
    Work,
    WorkQuery,
)

THREAD = (
    "What should I read to understand imperialism? Any books?\n\n"
    "Tenant Registration. You need it before anything else, honestly.\n\n"
    "Imperialism. Short and still the clearest.\n\n"
    "Maldevelopment by Samir Amin is great.\n"
)


@pytest.fixture(autouse=True)
def weak_title_planted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the extractor makes of it today, the post opening with "Tenant Registration."
    yields a title taken on its shape alone: this file tests what resolution does with one."""
    real = extract.extract_mentions
    weak = "Tenant Registration"

    def extractor(post: Post, context: ThreadContext) -> list[Mention]:
        found = [m for m in real(post, context) if weak not in m.surface]
        if post.text.startswith(weak + "."):
            found.append(Mention(post=post.ref(), surface=weak, start=0, end=len(weak),
                                 kind="explicit", recommended=True, confidence=0.67,
                                 title=weak, quote=weak + ".",
                                 reasons=("opens a sentence", "named in an answer",
                                          "weak title")))
        return found

    monkeypatch.setattr(extract, "extract_mentions", extractor)


def _scan(tmp_path: Path, *args: str) -> Result:
    folder = tmp_path / "thread"
    folder.mkdir(exist_ok=True)
    (folder / "t.txt").write_text(THREAD, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        return CliRunner().invoke(cli, ["scan", "thread", "--providers", "openlibrary",
                                        "--mentions", "m.jsonl", *args],
                                  catch_exceptions=False)


def _titles(tmp_path: Path) -> set[str]:
    lib = bibtexparser.parse_string((tmp_path / "bib" / "readlist.bib").read_text("utf-8-sig"))
    return {e.fields_dict["title"].value.replace("{", "").replace("}", "") for e in lib.entries}


def test_a_weak_title_no_catalogue_knows_is_left_out(openlibrary, tmp_path: Path) -> None:
    result = _scan(tmp_path)
    assert result.exit_code == 0, result.output
    titles = _titles(tmp_path)
    assert "Tenant Registration" not in titles
    # A weak title the catalogue knows stays (unsure here: two authors), and so does a by-line.
    assert any(t.startswith("Imperialism") for t in titles)
    assert any(t.startswith("Maldevelopment") for t in titles)
    assert "left out 1 bare capitalised phrase no catalogue knows" in result.stderr
    assert "Tenant Registration" in result.stderr
    # The mention itself is still reported, unresolved.
    lines = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text().splitlines()]
    weak = next(m for m in lines if m["surface"] == "Tenant Registration")
    assert weak["recommended"] is True and weak["resolved"] is None
    openlibrary.assert_all_expected()


def test_keep_unknown_keeps_it(openlibrary, tmp_path: Path) -> None:
    result = _scan(tmp_path, "--keep-unknown")
    assert result.exit_code == 0, result.output
    assert "Tenant Registration" in _titles(tmp_path)
    assert "left out" not in result.stderr


def test_without_an_answer_nothing_is_left_out(tmp_path: Path) -> None:
    """Offline, or with the catalogue down, silence proves nothing: every work is kept."""
    result = _scan(tmp_path)  # the catalogue URL points at a closed port
    assert result.exit_code == 0, result.output
    assert "Tenant Registration" in _titles(tmp_path)
    assert "left out" not in result.stderr


def _mention(**kw: object) -> Mention:
    base: dict[str, object] = dict(post=PostRef("t.txt", 1, 3, "t.txt#L3"), surface="X", start=0, end=1,
                                   kind="explicit", recommended=True, confidence=0.7, title="X",
                                   reasons=("opens a sentence", "weak title"))
    base.update(kw)
    return Mention(**base)  # type: ignore[arg-type]


def test_what_counts_as_named_weakly() -> None:
    assert named_weakly(_mention())
    assert not named_weakly(_mention(reasons=("title by author",)))
    assert not named_weakly(_mention(authors=("Ann Author",)))
    assert not named_weakly(_mention(isbn="9780862329242"))
    assert not named_weakly(_mention(kind="possessive"))


def test_what_counts_as_unknown_to_the_catalogues() -> None:
    work = Work(catalogue="openlibrary", id="OL1W", title="X")
    assert unknown_to_catalogues(Match("none", 0.0))
    assert not unknown_to_catalogues(Match("none", 0.0, error="unreachable"))
    assert not unknown_to_catalogues(Match("none", 0.0, error="no catalogue"))
    assert not unknown_to_catalogues(Match("unsure", 0.7, work=work))
    # Far-off candidates (a search always finds the word somewhere) are no knowledge.
    assert unknown_to_catalogues(Match("none", 0.3, candidates=(Candidate(work, 0.3),)))
    assert not unknown_to_catalogues(Match("none", 0.0, sources={"outcome": "review"}))


def test_a_work_also_named_strongly_stays() -> None:
    weak, strong = WorkQuery("explicit", title="Dune"), WorkQuery("explicit", title="Emma")
    works = [ListedWork(Match("none", 0.0), [weak]), ListedWork(Match("none", 0.0), [strong])]
    kept, left = leave_out_unknown(works, {strong})
    assert [w.queries for w in kept] == [[strong]]
    assert [w.queries for w in left] == [[weak]]
