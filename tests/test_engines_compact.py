"""Compact unit results: workers send back the recommended mentions whole and the others as
their packed --mentions lines; unpacked, they are exactly what the full results give."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from test_engines import dump_records, write_dump

from readlist.engines.compact import Packer, unpacked
from readlist.engines.units import Assembler, Unit, extract_unit
from readlist.export.mentions import json_line, mention_record
from readlist.models import Mention, PostRef
from readlist.report import Report

HOSTILE = "tab\there, new\nline, \u2028 sep, \x1b[31m esc, \u202e bidi, 📚, \\ back\\slash"


def _mention(i: int, surface: str, recommended: bool) -> Mention:
    post = PostRef("RC.ndjson", i, i + 1, f"https://x.org/{i}", "u\tser", None)
    return Mention(post, surface, 0, len(surface), "explicit", recommended, 0.5, surface)


def test_lines_and_recommended_mentions_come_back_as_they_were():
    ms = [_mention(i, f"{HOSTILE} {i}" * (1 + i % 3), i % 3 == 0) for i in range(500)]
    packer = Packer()
    for m in ms:
        packer.add(m)
    packed = packer.finish()
    back = list(unpacked(packed, [m for m in ms if m.recommended]))
    assert [line for _, line, _ in back] == [json_line(mention_record(m)) for m in ms]
    assert [m for _, _, m in back] == [m if m.recommended else None for m in ms]
    assert [i for i, _, _ in back] == [m.post.index for m in ms]


def test_a_compact_unit_equals_the_full_one_in_much_less(tmp_path: Path):
    source = str(write_dump(tmp_path / "RC.ndjson", dump_records(threads=12, comments=20)))
    whole = extract_unit(Unit(source, os.getcwd()))
    compact = extract_unit(Unit(source, os.getcwd()), compact=True)
    assert compact.mentions == [m for m in whole.mentions if m.recommended]
    assert len(whole.mentions) > len(compact.mentions) > 10
    assert [line for _, line, _ in unpacked(compact.packed, compact.mentions)] == \
        [json_line(mention_record(m)) for m in whole.mentions]
    # What crosses the process line for the mentions no one keeps whole.
    assert len(compact.packed) * 4 < len(pickle.dumps(whole.mentions))


def test_shares_are_put_back_in_reading_order(tmp_path: Path):
    source = str(write_dump(tmp_path / "RC.ndjson", dump_records(threads=12, comments=20)))
    whole = extract_unit(Unit(source, os.getcwd()))
    got: list[tuple[str, Mention | None]] = []
    asm = Assembler(Report(), on_line=lambda line, m: got.append((line, m)))
    for k in range(3):
        asm.add(Unit(source, os.getcwd(), None, k, 3),
                extract_unit(Unit(source, os.getcwd(), None, k, 3), compact=True))
    assert [line for line, _ in got] == [json_line(mention_record(m)) for m in whole.mentions]
    assert [m for _, m in got] == [m if m.recommended else None for m in whole.mentions]
