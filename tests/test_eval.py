"""The evaluation library and `readlist eval`: gold loading, matching, scoring and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from readlist.cli import cli
from readlist.evaluate import (
    EvalError,
    GoldWork,
    evaluate,
    load_gold,
    match_score,
    render_text,
    score_post,
    title_similarity,
    to_json,
)
from readlist.models import Mention, Post, PostRef

REF = PostRef("t.txt", 0, 1, "t.txt#L1")


def _mention(kind: str = "explicit", title: str | None = None, authors: tuple[str, ...] = (),
             recommended: bool = True, **kw: object) -> Mention:
    surface = title or " ".join(authors) or "x"
    return Mention(REF, surface, 0, len(surface), kind, recommended, 0.9, title=title,
                   authors=authors, **kw)  # type: ignore[arg-type]


def _write_set(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "thread.txt").write_text(
        "Books on the history of anarchism?\n\n"
        "I recommend The Conquest of Bread by Peter Kropotkin.\n\n"
        "Honestly The Black Book of Communism by Stéphane Courtois is propaganda.\n\n"
        "Also check out Mutual Aid by Peter Kropotkin and Anarchy in Action by Colin Ward.\n",
        encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    lines = [
        {"source": "thread.txt", "thread_title": "Books on the history of anarchism?",
         "posts": 4},
        {"source": "thread.txt", "post": 1, "line": 3,
         "works": [{"kind": "explicit", "title": "The Conquest of Bread",
                    "authors": ["Peter Kropotkin"]}], "negatives": []},
        {"source": "thread.txt", "post": 2, "line": 5, "works": [],
         "negatives": [{"text": "The Black Book of Communism", "why": "criticised"}]},
        {"source": "thread.txt", "post": 3, "line": 7,
         "works": [{"kind": "explicit", "title": "Mutual Aid", "authors": ["Kropotkin"]},
                   {"kind": "explicit", "title": "Anarchy in Action", "authors": ["Colin Ward"]},
                   {"kind": "explicit", "title": "The Ego and Its Own"}],
         "negatives": []},
    ]
    gold.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return docs, gold


def test_titles_match_despite_case_articles_typos_and_subtitles():
    assert title_similarity("The Conquest of Bread", "conquest of bread") == 100
    assert title_similarity("How the World Really Works", "How the World Realy Works") >= 85
    assert title_similarity("SPQR: A History of Ancient Rome", "SPQR") >= 85
    assert title_similarity("Memory of Fire", "Memory of Fire trilogy") == 100
    assert title_similarity("Capital", "Capitalism and Freedom") < 85
    assert title_similarity("Small Gods", "Small Gods") == 100 > title_similarity("Dune", "Debt")
    assert title_similarity("Mutual Aid", "Mutual Aid: A Factor of Evolution") >= 85


def test_match_by_identifier_or_author_for_titleless_works():
    gold = GoldWork("isbn", isbn="9781583676011")
    assert match_score(gold, _mention("isbn", isbn="9781583676011")) == 100
    assert match_score(gold, _mention("isbn", isbn="9780000000002")) == 0
    amin = GoldWork("description", authors=("Samir Amin",), description="the transition")
    assert match_score(amin, _mention("description", authors=("Samir Amin",))) > 0
    assert match_score(amin, _mention("description", authors=("Walter Rodney",))) == 0
    # A title-less mention never matches a titled work: an author is not the book.
    titled = GoldWork("explicit", "Maldevelopment", ("Samir Amin",))
    assert match_score(titled, _mention("author_only", authors=("Samir Amin",))) == 0


def test_a_possessors_name_may_belong_to_the_title():
    gold = GoldWork("explicit", "Silman's Complete Endgame Course", ("Jeremy Silman",))
    poss = _mention("possessive", "Complete Endgame Course", ("Silman",))
    assert match_score(gold, poss) >= 85
    # the possessor in front is tried, never another author's name
    assert match_score(gold, _mention("possessive", "Complete Endgame Course", ("Pandolfini",))) \
        < match_score(gold, poss)


def test_score_post_counts_duplicates_once_and_ignores_unrecommended():
    gold = load_gold_from([{"source": "t.txt", "post": 0, "works": [
        {"kind": "explicit", "title": "Blackshirts and Reds"}],
        "negatives": [{"text": "Anna's Archive", "why": "website"}]}])
    labels = gold.posts[("t.txt", 0)]
    pairs = score_post("t.txt", 0, 1, labels, [
        _mention(title="Blackshirts and Reds"),
        _mention("link", title="Blackshirts and Reds", url="https://example.org/b"),
        _mention(title="Anna's Archive"),
        _mention(title="Settlers", recommended=False),
    ])
    assert sorted(p.status for p in pairs) == ["dup", "fp", "tp"]
    fp = next(p for p in pairs if p.status == "fp")
    assert fp.negative and "website" in fp.negative


def load_gold_from(records: list[dict[str, object]], tmp: Path | None = None):
    import tempfile

    d = Path(tmp or tempfile.mkdtemp())
    path = d / "g.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return load_gold(path)


@pytest.mark.parametrize("line, message", [
    ("not json", "not JSON"),
    ('{"post": 1}', "source"),
    ('{"source": "a.txt", "post": -1}', "0-based"),
    ('{"source": "a.txt", "post": 0, "works": [{"kind": "film", "title": "X"}]}', "unknown kind"),
    ('{"source": "a.txt", "post": 0, "works": [{"kind": "explicit"}]}', "needs a title"),
])
def test_malformed_gold_is_one_clear_error(tmp_path: Path, line: str, message: str):
    path = tmp_path / "g.jsonl"
    path.write_text('{"source": "a.txt"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=message) as err:
        load_gold(path)
    assert f"{path}:2" in str(err.value)


def test_evaluate_with_a_fixed_extractor_gives_exact_figures(tmp_path: Path):
    docs, gold = _write_set(tmp_path)

    def fake(post: Post, _ctx: object) -> list[Mention]:
        ref = post.ref()
        out = []
        for title in ("The Conquest of Bread", "Black Book of Communism", "Mutual Aid"):
            at = post.text.find(title)
            if at >= 0:
                out.append(Mention(ref, title, at, at + len(title), "explicit", True, 0.8,
                                   title=title))
        return out

    ev = evaluate(docs, gold, extractor=fake)
    o = ev.overall
    assert (o.tp, o.fp, o.fn) == (2, 1, 2)
    assert o.precision == pytest.approx(2 / 3) and o.recall == pytest.approx(0.5)
    assert ev.by_kind()["explicit"].f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    text = render_text(ev)
    assert "Black Book of Communism" in text and "labelled negative" in text
    assert "false negatives (2):" in text and "Anarchy in Action" in text
    data = to_json(ev)
    assert data["overall"]["tp"] == 2 and data["by_document"]["thread.txt"]["fn"] == 2


def test_eval_command_prints_figures_to_stdout(tmp_path: Path):
    docs, gold = _write_set(tmp_path)
    result = CliRunner().invoke(cli, ["eval", str(docs), str(gold)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("documents 1  posts 4")
    assert "precision" in result.stdout and "false positives" in result.stdout
    assert "thread.txt" in result.stdout
    # The clear "I recommend Title by Author" is found; the propaganda one is not recommended.
    data = json.loads(CliRunner().invoke(cli, ["eval", str(docs), str(gold), "--json"]).stdout)
    assert data["overall"]["tp"] >= 1
    assert not any(e["mention"] and "Black Book" in (e["mention"]["title"] or "")
                   for e in data["errors"])


def test_eval_command_bad_gold_is_a_one_line_error(tmp_path: Path):
    docs, _ = _write_set(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(docs), str(bad)])
    assert result.exit_code == 1
    assert "bad.jsonl:1: not JSON" in result.stderr
    assert "Traceback" not in result.output


def test_unlabelled_and_missing_documents_are_reported(tmp_path: Path):
    docs, gold = _write_set(tmp_path)
    (docs / "other.txt").write_text("Read Capital by Karl Marx.\n", encoding="utf-8")
    with gold.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"source": "gone.txt"}) + "\n")
    ev = evaluate(docs, gold)
    assert ev.unlabelled == ["other.txt"] and ev.missing == ["gone.txt"]
    assert ev.documents == ["thread.txt"]
