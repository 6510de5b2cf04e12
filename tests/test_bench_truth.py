"""The generated benchmark dump and its truth: recording which comments carry a planted mention
(bench/dump_accuracy.py) must not change a byte of the corpus bench/run.py measures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_recording_the_truth_changes_no_byte(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    from bench.dump_accuracy import planted
    from bench.generate import MENTIONS, SEED, generate

    size = 1_500_000
    entry = generate(tmp_path / "plain.ndjson", size)
    truth = planted(tmp_path / "truth.ndjson", size, SEED)
    assert (tmp_path / "plain.ndjson").read_bytes() == (tmp_path / "truth.ndjson").read_bytes()
    assert len(truth) == entry["mention_posts"] > 5
    bodies = {}
    for line in (tmp_path / "truth.ndjson").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        bodies[record["id"]] = record["body"]
    templates = dict(MENTIONS)
    for comment, (template, recommends, title) in truth.items():
        assert templates[template] is recommends
        body = bodies[comment]
        fixed = template.split("{")[0]
        assert (fixed and fixed in body) or title in body or title.lower() in body, body
