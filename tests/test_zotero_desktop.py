"""``readlist export zotero --push desktop`` against a local stand-in for Zotero's connector."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_zotero_fakes import FakeConnector, Seen

from readlist.cli import cli
from readlist.export.zotero import ZoteroOptions, export_zotero
from readlist.http import Http
from readlist.zotero.desktop import TAGS_NOTICE
from readlist.zotero.notes import note_text
from readlist.zotero.store import map_path

FIXTURES = Path(__file__).parent / "fixtures" / "zotero"
EXPECTED = Path(__file__).parent / "fixtures" / "expected" / "zotero"
RUSSIA = "Russia and the Long Transition from Capitalism to Socialism"


@pytest.fixture
def zotero(httpserver: Any, monkeypatch: pytest.MonkeyPatch) -> FakeConnector:
    fake = FakeConnector(httpserver)
    monkeypatch.setenv("READLIST_ZOTERO_CONNECTOR_URL", fake.url)
    return fake


def push(bib: str | Path, **options: Any):
    path = bib if isinstance(bib, Path) else FIXTURES / bib
    http = Http("tests@example.org", sleep=lambda s: None)
    try:
        return export_zotero(path, ZoteroOptions(push="desktop", **options), http=http)
    finally:
        http.close()


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["export", "zotero", *args])


def saves(fake: FakeConnector) -> list[Seen]:
    return [s for s in fake.seen if s.path == "/connector/saveItems"]


def test_not_running_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READLIST_ZOTERO_CONNECTOR_URL", "http://127.0.0.1:9")
    result = run(str(FIXTURES / "first.bib"), "--push", "desktop")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Zotero is not running (nothing answers at "
                                    "http://127.0.0.1:9)")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_ping_first_then_save_items_with_the_exact_json(zotero: FakeConnector) -> None:
    result = run(str(FIXTURES / "first.bib"), "--push", "desktop")
    assert result.exit_code == 0, result.stderr
    assert zotero.seen[0].method == "GET" and zotero.seen[0].path == "/connector/ping"
    [save] = saves(zotero)
    assert save.headers["Content-Type"] == "application/json"
    assert int(save.headers["X-Zotero-Connector-Api-Version"]) >= 3
    body = dict(save.body)
    assert body.pop("sessionID").startswith("readlist-")
    path = EXPECTED / "connector_save_items.json"
    text = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if os.environ.get("READLIST_REGEN_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == body
    assert TAGS_NOTICE in " ".join(result.stderr.split())
    assert "3 created" in result.stderr and "saved into 'My Library'" in result.stderr


def test_notes_links_and_attachments_reach_zotero(zotero: FakeConnector) -> None:
    push("first.bib")
    russia = next(i for i in zotero.saved if i["title"] == RUSSIA)
    [note] = russia["notes"]
    text, hrefs = note_text(note["note"])
    assert hrefs == {"https://www.reddit.com/r/communism101/comments/abc123/reading/kx1/"}
    assert text.count("Recommended in") == 2
    assert russia["attachments"] == [{
        "title": "Recommending post by u/reader_one", "mimeType": "text/html",
        "snapshot": False,
        "url": "https://www.reddit.com/r/communism101/comments/abc123/reading/kx1/"}]
    assert {t["tag"] for t in russia["tags"]} == {"readlist", "r/communism101"}


def test_pushing_twice_saves_nothing_the_second_time(zotero: FakeConnector) -> None:
    push("first.bib")
    done = push("first.bib")
    assert len(saves(zotero)) == 1
    assert done.push is not None and done.push.count("unchanged") == 3


def test_a_rescan_saves_new_works_and_says_which_back_links_need_the_web(
        zotero: FakeConnector) -> None:
    push("first.bib")
    result = run(str(FIXTURES / "second.bib"), "--push", "desktop")
    assert result.exit_code == 0, result.stderr
    second = saves(zotero)[1].body["items"]
    assert [i["title"] for i in second] == ["Eurocentrism: Modernity, Religion, and Democracy"]
    assert "1 new back-link not added" in result.stderr and "--push web" in result.stderr
    # Not marked as pushed: a later web push (or a desktop one, once possible) still adds it.
    data = json.loads(map_path("desktop").read_text(encoding="utf-8"))
    assert "https://lemmy.ml/comment/998877" not in data["items"][
        "aminRussiaLongTransition2016"]["links"]


def test_with_the_local_api_on_a_lost_map_does_not_duplicate(zotero: FakeConnector) -> None:
    zotero.local_api = True
    push("first.bib")
    map_path("desktop").unlink()
    done = push("first.bib")
    assert len(saves(zotero)) == 1
    assert done.push is not None and done.push.count("unchanged") == 3
    assert any(s.path == "/api/users/0/items/top" for s in zotero.seen)


def test_with_the_local_api_off_the_user_is_told(zotero: FakeConnector) -> None:
    done = push("first.bib")
    assert done.push is not None
    assert any("local API is off" in n for n in done.push.notices)


def test_collection_by_name_moves_the_session_there(zotero: FakeConnector) -> None:
    push("first.bib", collection="reading")
    [move] = zotero.moves
    assert move["target"] == "C7" and move["sessionID"] == saves(zotero)[0].body["sessionID"]
    assert all(it["data"].get("collections") == ["C7"] for it in zotero.library.items.values()
               if "parentItem" not in it["data"])


def test_unknown_collection_is_refused_before_saving(zotero: FakeConnector) -> None:
    result = run(str(FIXTURES / "first.bib"), "--push", "desktop", "--collection", "Nope")
    assert result.exit_code == 1 and "no collection named 'Nope'" in result.stderr
    assert saves(zotero) == []


def test_read_only_selection_is_refused(zotero: FakeConnector) -> None:
    zotero.editable = False
    result = run(str(FIXTURES / "first.bib"), "--push", "desktop")
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert saves(zotero) == []


def test_via_import_hands_zotero_the_bibtex_of_the_new_entries(zotero: FakeConnector) -> None:
    push("first.bib", via="import")
    [imp] = zotero.imports
    assert imp.headers["Content-Type"] == "application/x-bibtex"
    assert imp.query["session"].startswith("readlist-")
    text = imp.raw.decode("utf-8")
    assert text.startswith("\ufeff@book{aminRussiaLongTransition2016,")
    assert "someoneVaguelyRemembered" not in text  # unresolved: left out
    assert text.count("@book{") == 3
    done = push("first.bib", via="import")
    assert len(zotero.imports) == 1 and done.push.count("unchanged") == 3  # type: ignore


def test_a_session_zotero_already_has_counts_as_saved(zotero: FakeConnector) -> None:
    zotero.sessions["readlist-fixed"] = []
    from readlist.zotero import connector

    orig = connector.session_id
    connector.session_id = lambda: "readlist-fixed"  # type: ignore[assignment]
    try:
        http = Http("tests@example.org", sleep=lambda s: None)
        done = export_zotero(FIXTURES / "first.bib", ZoteroOptions(push="desktop"), http=http)
    finally:
        connector.session_id = orig  # type: ignore[assignment]
    assert done.push is not None and done.push.count("created") == 3
    assert not done.push.failed


def test_dry_run_prints_the_save_request_and_sends_none(zotero: FakeConnector) -> None:
    result = run(str(FIXTURES / "first.bib"), "--push", "desktop", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert saves(zotero) == []
    [planned] = json.loads(result.stdout)
    assert planned["path"] == "/connector/saveItems" and len(planned["body"]["items"]) == 3
    assert not map_path("desktop").exists()


def test_hostile_text_is_inert_in_the_saved_notes(zotero: FakeConnector) -> None:
    push("hostile.bib")
    [item] = zotero.saved
    assert "url" not in item
    note = item["notes"][0]["note"]
    _, hrefs = note_text(note)
    assert hrefs == {"https://ok.example/post?a=1&b=2"}
    for bad in ("<script", "<img", "<iframe", "<b ", 'onmouseover="', "\u202e"):
        assert bad not in note
    assert [a["url"] for a in item["attachments"]] == ["https://ok.example/post?a=1&b=2"]
    assert all(t["tag"] for t in item["tags"])  # tags are plain strings to Zotero
