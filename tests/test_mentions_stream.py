"""``--mentions`` streamed through a spill file (issue 10, memory flat in corpus size): the file
is the one an in-memory run would write, byte for byte, with every engine; resolved works are
joined by mention number; an interrupted scan leaves neither the spill nor a torn target."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from test_engines import dump_records, write_dump

import readlist.pipeline as pipeline
from readlist.errors import OutputError
from readlist.export.mentions import MentionLog, json_line, mention_record
from readlist.models import Edition, ListedWork, Match, Mention, PostRef, Work
from readlist.pipeline import ScanOptions, ScanResult, scan

SEED = Path(__file__).parent.parent / "seeds" / "000_77b3b552e261b156.txt"


def _mention(i: int, text: str = "Red Plenty") -> Mention:
    post = PostRef("RC.ndjson", i, i + 1, f"https://r/{i}", author="u\u202eser", date="2024")
    return Mention(post, text, 0, len(text), "explicit", i % 2 == 0, 0.1 * (i % 10) + 0.05,
                   title=text, authors=("Francis Spufford",), quote=f"> {text}\x85",
                   reasons=("cue: recommend", "line\u2028sep"))


def _work() -> ListedWork:
    work = Work("openlibrary", "OL1W", "Red Plenty \u00e9\u2066", authors=("Francis Spufford",),
                year=2010, isbns=("9781555976040",))
    edition = Edition("openlibrary", "OL1M", "Red Plenty", publisher="Graywolf\x9b",
                      year=2012, isbn13=("9781555976040",))
    return ListedWork(Match("sure", 0.93, work, edition), [], key="spuffordRedPlenty2010")


def _expected(mentions: list[Mention], resolved: dict[int, ListedWork]) -> str:
    return "".join(json_line(mention_record(m, resolved.get(i))) + "\n"
                   for i, m in enumerate(mentions))


@pytest.mark.parametrize("resolved", [{}, {0: "w", 3: "w", 4: "w"}])
def test_log_writes_what_direct_records_would(tmp_path: Path, resolved: dict[int, str]) -> None:
    mentions = [_mention(i, t) for i, t in enumerate(
        ["Red Plenty", "Ça \U0001f4da", 'The "Quoted" One', "Tab\there", "\x1b[31mred"])]
    items = {n: _work() for n in resolved}
    target = tmp_path / "out" / "m.jsonl"
    with MentionLog(target) as log:
        numbers = [log.add(m) for m in mentions]
        spill = log.path
        assert spill.parent == target.parent and spill.exists()
        log.finish(items)
    assert numbers == list(range(len(mentions)))
    assert target.read_text(encoding="utf-8") == _expected(mentions, items)
    assert not spill.exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["m.jsonl"]
    lines = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert [ln["resolved"] is not None for ln in lines] == [n in resolved for n in range(5)]
    assert all("\x85" not in x and "\u202e" not in x for x in target.read_text().splitlines())


def test_log_to_a_stream_and_over_an_existing_file(tmp_path: Path) -> None:
    mentions = [_mention(i) for i in range(3)]
    out = io.StringIO()
    with MentionLog(out) as log:
        for m in mentions:
            log.add(m)
        log.finish({1: _work()})
        spill = log.path
    assert out.getvalue() == _expected(mentions, {1: _work()})
    assert not spill.exists()
    target = tmp_path / "m.jsonl"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    with MentionLog(target) as log:
        log.add(mentions[0])
        log.finish({})
    assert target.read_text() == _expected(mentions[:1], {})
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_folder_target_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        MentionLog(tmp_path)


def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / SEED.name).write_bytes(SEED.read_bytes())
    write_dump(d / "RC_books.ndjson", dump_records(threads=10, comments=16))
    return d


@pytest.mark.parametrize("jobs", [1, 2])
def test_streamed_file_equals_the_in_memory_one(tmp_path: Path, jobs: int) -> None:
    corpus = _corpus(tmp_path)
    kept = scan([str(corpus)], ScanOptions(output=tmp_path / "a.bib", resolve=False))
    target = tmp_path / "m.jsonl"
    streamed = scan([str(corpus)], ScanOptions(
        output=tmp_path / "b.bib", resolve=False, mentions_out=target, keep_mentions=False,
        jobs=jobs, split_min_bytes=0))
    assert streamed.mentions == [] and streamed.mention_count == len(kept.mentions) > 50
    assert streamed.recommended_count == sum(m.recommended for m in kept.mentions)
    assert target.read_text(encoding="utf-8") == _expected(kept.mentions, kept.resolved_for)
    assert (tmp_path / "b.bib").read_text() == (tmp_path / "a.bib").read_text()
    assert [w.recommendations for w in streamed.works] == [w.recommendations for w in kept.works]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bib", "b.bib", "corpus", "m.jsonl"]


def test_resolved_for_is_by_mention_number(tmp_path: Path) -> None:
    result = scan([str(_corpus(tmp_path))], ScanOptions(output=None, resolve=False))
    assert result.resolved_for
    for n, item in result.resolved_for.items():
        m = result.mentions[n]
        assert m.recommended and m.kind != "author_only"
        assert any(r.post.link == m.post.link for r in item.recommendations)


def test_interrupt_leaves_no_spill_and_no_target(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    seen: list[Path] = []
    real = pipeline.group_works

    def ctrl_c(*args: object, **kwargs: object) -> object:
        seen.extend(out.iterdir())  # the spill exists while the scan runs
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "group_works", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        scan([str(corpus)], ScanOptions(output=out / "x.bib", resolve=False,
                                        mentions_out=out / "m.jsonl", keep_mentions=False))
    assert [p.name.endswith(".spill.tmp") for p in seen] == [True]
    assert list(out.iterdir()) == []
    monkeypatch.setattr(pipeline, "group_works", real)
    done: ScanResult = scan([str(corpus)], ScanOptions(
        output=out / "x.bib", resolve=False, mentions_out=out / "m.jsonl", keep_mentions=False))
    assert done.mention_count == len((out / "m.jsonl").read_text().splitlines())
