"""``readlist export zotero --to``: the file for Zotero's File > Import, and the settings."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from click.testing import CliRunner
from test_zotero_fakes import FakeWebApi

from readlist.cli import cli
from readlist.config import load_settings
from readlist.export.library import load_library
from readlist.export.zotero import ZoteroOptions, export_zotero, file_name

FIXTURES = Path(__file__).parent / "fixtures" / "zotero"
DAY = date(2024, 6, 30)


def test_a_folder_gets_a_file_named_for_its_collection(tmp_path: Path) -> None:
    single = tmp_path / "readlist.bib"
    text = (FIXTURES / "first.bib").read_text(encoding="utf-8")
    single.write_text(text.replace("000\\_77b3b552e261b156", "r/communism101"),
                      encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    done = export_zotero(single, ZoteroOptions(to=out), today=DAY)
    assert done.written == out / "readlist-r-communism101-2024-06-30.bib"
    assert file_name(load_library(FIXTURES / "first.bib"), FIXTURES / "first.bib", "ris",
                     DAY) == "readlist-first-2024-06-30.ris"  # several sources: the file's name


def test_the_bibtex_file_is_the_users_own_with_a_bom(tmp_path: Path) -> None:
    done = export_zotero(FIXTURES / "first.bib",
                         ZoteroOptions(to=tmp_path / "z.bib", include_unresolved=True))
    assert done.written is not None
    raw = done.written.read_bytes()
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8")[1:] == (FIXTURES / "first.bib").read_text(encoding="utf-8")


def test_unresolved_entries_are_left_out_of_the_file_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"), "--to",
                                      str(tmp_path / "z.bib")])
    assert result.exit_code == 0, result.stderr
    assert "left out A Book on Dialectics: unresolved" in result.stderr
    lib = bibtexparser.parse_string((tmp_path / "z.bib").read_text(encoding="utf-8-sig"))
    assert not lib.failed_blocks
    assert [e.key for e in lib.entries] == ["aminRussiaLongTransition2016",
                                           "aminMaldevelopmentAnatomyGlobal1990",
                                           "collectiveHandbook2019"]


def test_ris_gives_clickable_notes_and_one_kw_per_tag(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"), "--to",
                                      str(tmp_path) + "/", "--format", "ris"])
    assert result.exit_code == 0, result.stderr
    [path] = tmp_path.glob("readlist-first-*.ris")
    text = path.read_text(encoding="utf-8")
    assert re.search(r'^N1  - <p>Recommended in <a href="https://www\.reddit\.com/r/'
                     r'communism101/comments/abc123/reading/kx1/">', text, re.MULTILINE)
    assert "KW  - readlist" in text and "KW  - r/communism101" in text


def test_ris_of_hostile_posts_is_inert(tmp_path: Path) -> None:
    export_zotero(FIXTURES / "hostile.bib", ZoteroOptions(to=tmp_path / "h.ris"))
    text = (tmp_path / "h.ris").read_text(encoding="utf-8")
    n1 = "\n".join(line for line in text.splitlines() if line.startswith("N1"))
    for bad in ("<script", "<img", "<iframe", 'href="javascript', 'href="data:'):
        assert bad not in n1


def test_dry_run_writes_no_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"), "--to",
                                      str(tmp_path / "z.bib"), "--dry-run"])
    assert result.exit_code == 0 and "would write" in result.stderr
    assert not (tmp_path / "z.bib").exists()


def test_nothing_to_do_is_bad_usage() -> None:
    result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib")])
    assert result.exit_code == 2 and "--push" in result.stderr


def test_missing_bib_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "zotero", str(tmp_path / "no.bib"), "--to",
                                      str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1


def test_api_key_and_library_from_the_config_file(httpserver: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeWebApi(httpserver, "ConfigFileKey123456789")
    monkeypatch.setenv("READLIST_ZOTERO_API_URL", fake.url)
    monkeypatch.setenv("READLIST_ZOTERO_RATE", "1000")
    monkeypatch.delenv("ZOTERO_API_KEY", raising=False)
    config = Path(os.environ["READLIST_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    path = config / "config.toml"
    path.write_text('[zotero]\napi_key = "ConfigFileKey123456789"\nlibrary = "group:456"\n',
                    encoding="utf-8")
    path.chmod(0o644)
    assert load_settings().zotero("library") == "group:456"
    result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"),
                                      "--push", "web"])
    assert result.exit_code == 0, result.stderr
    assert fake.libraries["/groups/456"].items
    assert "other users can read it: chmod 600" in result.stderr
    assert "ConfigFileKey123456789" not in result.stderr + result.stdout
    path.chmod(0o600)
    quiet = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"),
                                     "--push", "web"])
    assert quiet.exit_code == 0 and "chmod" not in quiet.stderr
