"""RIS and CSL-JSON: made from the user's .bib (edits included), golden files, CLI wiring."""

from __future__ import annotations

import json

from click.testing import CliRunner
from test_bibtex_factory import golden, post, work

from readlist.cli import cli
from readlist.export.library import load_library
from readlist.export.merge import write_bibtex
from readlist.export.ris import render_ris


def _bib(tmp_path):
    path = tmp_path / "lib.bib"
    write_bibtex(path, [
        work("Russia and the Long Transition", wid="OL1W",
             recs=[post("https://lemmy.ml/post/1?a=1&b=<2>", "a <classic> & more",
                        author="u/x", date="2024-05-01", community="lemmy.ml/c/books"),
                   post("seeds/t.txt#L17", "second post")]),
        work("The Long Chapter", ("Walter Rodney",), year=1972, wid="OL3W", type="chapter",
             container="How Europe Underdeveloped Africa", isbn=None),
    ])
    return path


def test_ris_golden_notes_links_and_tags(tmp_path):
    path = _bib(tmp_path)
    text = render_ris(load_library(path))
    golden("ris/sample.ris", text)
    lines = text.split("\r\n")
    assert lines[0] == "TY  - BOOK"
    assert "AU  - Amin, Samir" in lines and "KW  - readlist" in lines
    assert "KW  - lemmy.ml/c/books" in lines
    n1 = [x for x in lines if x.startswith("N1  - ")]
    assert n1[0] == ('N1  - <p>Recommended in <a href="https://lemmy.ml/post/1?a=1&amp;b=%3C2%3E">'
                     'https://lemmy.ml/post/1?a=1&amp;b=%3C2%3E</a> by u/x (2024-05-01): '
                     '“a &lt;classic&gt; &amp; more”</p>')
    assert n1[1] == "N1  - <p>Recommended in seeds/t.txt#L17: “second post”</p>"
    assert "TY  - CHAP" in lines and "T2  - How Europe Underdeveloped Africa" in lines


def test_csljson_golden(tmp_path):
    path = _bib(tmp_path)
    result = CliRunner().invoke(cli, ["export", "csljson", str(path)])
    assert result.exit_code == 0, result.output
    golden("csljson/sample.json", result.stdout)
    items = json.loads(result.stdout)
    assert [i["type"] for i in items] == ["book", "chapter"]
    assert items[0]["author"] == [{"family": "Amin", "given": "Samir"}]
    assert items[0]["ISBN"] == "9781583676011"
    assert items[0]["note"].splitlines()[1] == "Recommended in seeds/t.txt#L17: “second post”"


def test_export_carries_the_users_edits(tmp_path):
    path = _bib(tmp_path)
    text = path.read_text(encoding="utf-8-sig").replace("Monthly Review Press", "My Press")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.ris"
    result = CliRunner().invoke(cli, ["export", "ris", str(path), "--to", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "PB  - My Press" in out.read_text(encoding="utf-8")


def test_scan_infers_the_format_from_the_suffix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("I recommend Maldevelopment by Samir Amin.\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["scan", "t.txt", "--no-resolve", "-o", "x.ris"]).exit_code == 0
    assert (tmp_path / "x.ris").read_text().startswith("TY  - BOOK")
    assert runner.invoke(cli, ["scan", "t.txt", "--no-resolve", "-o", "x.json"]).exit_code == 0
    assert json.loads((tmp_path / "x.json").read_text())[0]["title"] == "Maldevelopment"
    result = runner.invoke(cli, ["scan", "t.txt", "--no-resolve", "-o", "x.txt",
                                 "--output-format", "ris"])
    assert result.exit_code == 0 and (tmp_path / "x.txt").read_text().startswith("TY  - ")
    assert not (tmp_path / "bib").exists()


def test_exporters_are_registered_as_plugins():
    from readlist.plugins import exporters

    assert {"bibtex", "ris", "csljson"} <= set(exporters())
