"""``readlist export zotero --push web`` against a local stand-in for api.zotero.org."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_zotero_fakes import FakeWebApi, Seen

from readlist.cli import cli
from readlist.export.zotero import ZoteroOptions, export_zotero
from readlist.http import Http
from readlist.zotero.notes import note_text
from readlist.zotero.store import map_path

FIXTURES = Path(__file__).parent / "fixtures" / "zotero"
EXPECTED = Path(__file__).parent / "fixtures" / "expected" / "zotero"
API_KEY = "Zk7pQ2sVw9XcR4tYb8NmL3eH"


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def web(httpserver: Any, monkeypatch: pytest.MonkeyPatch) -> FakeWebApi:
    fake = FakeWebApi(httpserver, API_KEY)
    monkeypatch.setenv("READLIST_ZOTERO_API_URL", fake.url)
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    monkeypatch.setenv("READLIST_ZOTERO_RATE", "1000")
    return fake


def push(bib: str | Path, sleeps: Sleeps | None = None, **options: Any):
    path = bib if isinstance(bib, Path) else FIXTURES / bib
    options.setdefault("library", "user:123")
    http = Http("tests@example.org", sleep=sleeps if sleeps is not None else Sleeps())
    try:
        return export_zotero(path, ZoteroOptions(push="web", **options), http=http)
    finally:
        http.close()


def golden(name: str, data: Any) -> None:
    """Compare with tests/fixtures/expected/zotero/<name>; READLIST_REGEN_GOLDEN=1 rewrites it."""
    path = EXPECTED / name
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if os.environ.get("READLIST_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with READLIST_REGEN_GOLDEN=1 once"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)


def posts(fake: FakeWebApi, end: str = "/items") -> list[Seen]:
    return [s for s in fake.seen if s.method == "POST" and s.path.endswith(end)]


def top_items(fake: FakeWebApi) -> list[dict[str, Any]]:
    return [it["data"] for it in fake.user.items.values() if "parentItem" not in it["data"]]


def children_of(fake: FakeWebApi, title: str) -> list[dict[str, Any]]:
    parent = next(k for k, it in fake.user.items.items() if it["data"].get("title") == title)
    return [it["data"] for it in fake.user.items.values()
            if it["data"].get("parentItem") == parent]


RUSSIA = "Russia and the Long Transition from Capitalism to Socialism"


# -- the first push --------------------------------------------------------------------------------
def test_first_push_sends_exactly_the_documented_json(web: FakeWebApi) -> None:
    done = push("first.bib")
    creates = posts(web)
    assert len(creates) == 2  # the works, then their notes and link attachments
    golden("web_create_items.json", creates[0].body)
    golden("web_create_children.json", creates[1].body)
    for s in creates:
        assert s.headers["Zotero-Api-Version"] == "3"
        assert s.headers["Content-Type"] == "application/json"
        assert re.fullmatch(r"[0-9a-f]{32}", s.headers["Zotero-Write-Token"])
    assert creates[0].headers["Zotero-Write-Token"] != creates[1].headers["Zotero-Write-Token"]
    # Children point at the keys the first call returned.
    parents = {it["key"] for it in top_items(web)}
    assert {c["parentItem"] for c in creates[1].body} <= parents
    assert done.push is not None and done.push.count("created") == 3
    # The unresolved entry stays out, and says why.
    assert any("unresolved" in s for s in done.skipped)
    assert "A Book on Dialectics" not in {d["title"] for d in top_items(web)}


def test_notes_carry_clickable_links_and_every_post(web: FakeWebApi) -> None:
    push("first.bib")
    kids = children_of(web, RUSSIA)
    notes = [k["note"] for k in kids if k["itemType"] == "note"]
    assert len(notes) == 1
    text, hrefs = note_text(notes[0])
    assert hrefs == {"https://www.reddit.com/r/communism101/comments/abc123/reading/kx1/"}
    assert "seeds/000_77b3b552e261b156.txt#L17" in text and "by u/reader_one (2024-03-02)" in text
    links = [k for k in kids if k["itemType"] == "attachment"]
    assert [(a["linkMode"], a["url"]) for a in links] == [
        ("linked_url", "https://www.reddit.com/r/communism101/comments/abc123/reading/kx1/")]


def test_map_is_written_to_the_data_dir_and_names_every_item(web: FakeWebApi) -> None:
    push("first.bib")
    data = json.loads(map_path("user:123").read_text(encoding="utf-8"))
    assert data["library"] == "user:123"
    russia = data["items"]["aminRussiaLongTransition2016"]
    assert russia["item"] in web.user.items and russia["note"] in web.user.items
    assert len(russia["links"]) == 2


# -- idempotence -----------------------------------------------------------------------------------
def test_pushing_the_same_bib_twice_writes_nothing(web: FakeWebApi) -> None:
    push("first.bib")
    before = len(web.user.items)
    n = len(web.writes())
    done = push("first.bib")
    assert web.writes()[n:] == []
    assert len(web.user.items) == before
    assert done.push is not None and done.push.count("unchanged") == 3


def test_a_rescan_adds_new_works_and_appends_new_back_links(web: FakeWebApi) -> None:
    push("first.bib")
    n = len(web.writes())
    done = push("second.bib")
    new = web.writes()[n:]
    titles = [d["title"] for d in top_items(web)]
    assert titles.count(RUSSIA) == 1 and "Eurocentrism: Modernity, Religion, and Democracy" \
        in titles
    patches = [s for s in new if s.method == "PATCH"]
    assert len(patches) == 1  # Russia's note, appended to, with the version it was read at
    note_key = patches[0].path.rsplit("/", 1)[1]
    assert patches[0].headers["If-Unmodified-Since-Version"].isdigit()
    text, hrefs = note_text(web.user.items[note_key]["data"]["note"])
    assert "https://lemmy.ml/comment/998877" in hrefs
    assert text.count("Recommended in") == 3  # the two it had, and the new one, once
    assert done.push is not None
    assert [o.title for o in done.push.outcomes if o.action == "updated"] == [RUSSIA]
    assert done.push.count("created") == 1


def test_a_lost_map_does_not_duplicate(web: FakeWebApi) -> None:
    push("first.bib")
    map_path("user:123").unlink()
    before = len(web.user.items)
    done = push("first.bib")
    assert len(web.user.items) == before
    assert done.push is not None and done.push.count("created") == 0
    assert not [s for s in web.writes() if s.method == "PATCH"]  # links found in the notes


def test_a_lost_map_then_a_rescan_still_appends_only_the_new_link(web: FakeWebApi) -> None:
    push("first.bib")
    map_path("user:123").unlink()
    push("second.bib")
    notes = [k["note"] for k in children_of(web, RUSSIA) if k["itemType"] == "note"]
    assert len(notes) == 1
    assert note_text(notes[0])[0].count("Recommended in") == 3


def test_items_already_in_the_library_are_matched_by_isbn_not_duplicated(
        web: FakeWebApi) -> None:
    # The user imported Maldevelopment by hand long ago: ISBN-13 here, ISBN-10 in the .bib.
    web.user.add_item({"itemType": "book", "title": "Maldevelopment",
                       "creators": [{"creatorType": "author", "firstName": "S.",
                                     "lastName": "Amin"}], "ISBN": "978-0-86232-924-2"})
    push("first.bib")
    titles = [d["title"] for d in top_items(web)]
    assert "Maldevelopment: Anatomy of a Global Failure" not in titles
    notes = [k for k in children_of(web, "Maldevelopment") if k["itemType"] == "note"]
    assert len(notes) == 1 and "#L17" in note_text(notes[0]["note"])[0]


def test_a_changed_citation_key_is_found_in_the_map(web: FakeWebApi, tmp_path: Path) -> None:
    push("first.bib")
    text = (FIXTURES / "first.bib").read_text(encoding="utf-8")
    renamed = tmp_path / "renamed.bib"
    renamed.write_text(text.replace("aminRussiaLongTransition2016", "aminRussia2016"),
                       encoding="utf-8")
    n = len(web.writes())
    push(renamed)
    assert web.writes()[n:] == []
    data = json.loads(map_path("user:123").read_text(encoding="utf-8"))
    assert "aminRussia2016" in data["items"] and "aminRussiaLongTransition2016" not in data["items"]


def test_user_edits_to_the_note_are_kept_when_links_are_appended(web: FakeWebApi) -> None:
    push("first.bib")
    note_key = json.loads(map_path("user:123").read_text())["items"][
        "aminRussiaLongTransition2016"]["note"]
    edited = ('<div data-schema-version="9"><p>MY OWN THOUGHTS</p>'
              + web.user.items[note_key]["data"]["note"] + "</div>")
    web.user.touch(note_key, {"note": edited})
    push("second.bib")
    note = web.user.items[note_key]["data"]["note"]
    assert "MY OWN THOUGHTS" in note and "https://lemmy.ml/comment/998877" in note
    assert note.endswith("</div>") and note.count("<div") == 1


def test_a_deleted_note_gets_a_new_one_with_the_new_links_only(web: FakeWebApi) -> None:
    push("first.bib")
    note_key = json.loads(map_path("user:123").read_text())["items"][
        "aminRussiaLongTransition2016"]["note"]
    del web.user.items[note_key]
    push("second.bib")
    notes = [k["note"] for k in children_of(web, RUSSIA) if k["itemType"] == "note"]
    assert len(notes) == 1
    text, hrefs = note_text(notes[0])
    assert hrefs == {"https://lemmy.ml/comment/998877"} and text.count("Recommended in") == 1


def test_items_the_user_deleted_are_not_recreated(web: FakeWebApi) -> None:
    push("first.bib")
    key = json.loads(map_path("user:123").read_text())["items"][
        "aminRussiaLongTransition2016"]["item"]
    web.user.touch(key, {"deleted": 1})
    done = push("second.bib")
    assert [d["title"] for d in top_items(web)].count(RUSSIA) == 1
    assert done.push is not None
    skipped = [o for o in done.push.outcomes if o.action == "skipped"]
    assert [o.title for o in skipped] == [RUSSIA] and "trash" in skipped[0].detail


# -- batches, rate limits, replays -----------------------------------------------------------------
def _many(tmp_path: Path, n: int) -> Path:
    entries = []
    for i in range(n):
        entries.append(
            f"@book{{author{i}Book{i},\n  author = {{Writer{i}, Ann}},\n"
            f"  title = {{Book Number {i}}},\n  year = {{2001}},\n"
            f"  keywords = {{readlist, t}},\n"
            f"  note = {{Recommended in https://forum.example/t/{i} by u{i}: “read {i}”}},\n"
            f"  readlist-outcome = {{sure}},\n  readlist-hash = {{x:0}}\n}}\n")
    path = tmp_path / "many.bib"
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def test_works_go_in_batches_of_at_most_50_each_with_its_own_token(
        web: FakeWebApi, tmp_path: Path) -> None:
    done = push(_many(tmp_path, 120))
    creates = posts(web)
    sizes = [len(s.body) for s in creates]
    assert sizes == [50, 50, 20, 50, 50, 50, 50, 40]  # works; then a note and a link each
    tokens = [s.headers["Zotero-Write-Token"] for s in creates]
    assert len(set(tokens)) == len(tokens)
    assert done.push is not None and done.push.count("created") == 120
    assert len(top_items(web)) == 120


def test_429_with_retry_after_is_waited_out_and_retried(web: FakeWebApi) -> None:
    web.fail_next("POST", "/items", 429, {"Retry-After": "7"}, "Too Many Requests")
    sleeps = Sleeps()
    done = push("first.bib", sleeps)
    assert any(6.5 <= s <= 7.5 for s in sleeps), sleeps
    assert done.push is not None and done.push.count("created") == 3
    tokens = [s.headers.get("Zotero-Write-Token") for s in posts(web)]
    assert tokens[0] == tokens[1]  # the refused request is repeated as it was


def test_backoff_header_pauses_the_next_request(web: FakeWebApi) -> None:
    web.backoff = "12"
    sleeps = Sleeps()
    push("first.bib", sleeps)
    assert any(11 <= s <= 12.5 for s in sleeps), sleeps


def test_a_lost_answer_then_412_on_the_reused_token_does_not_duplicate(
        web: FakeWebApi) -> None:
    # The server writes the batch, the answer is lost (503), the retry reuses the token: 412.
    web.lose_answers.append(("POST", "/items"))
    done = push("first.bib")
    statuses = [s for s in posts(web)]
    assert statuses[0].headers["Zotero-Write-Token"] == statuses[1].headers["Zotero-Write-Token"]
    assert sorted(d["title"] for d in top_items(web)).count(RUSSIA) == 1
    assert len(top_items(web)) == 3
    assert done.push is not None and done.push.count("created") == 3
    data = json.loads(map_path("user:123").read_text())
    assert all(v["item"] in web.user.items for v in data["items"].values())
    notes = [k for k in children_of(web, RUSSIA) if k["itemType"] == "note"]
    assert len(notes) == 1


def test_412_on_a_stale_note_version_rereads_and_merges(web: FakeWebApi) -> None:
    push("first.bib")
    note_key = json.loads(map_path("user:123").read_text())["items"][
        "aminRussiaLongTransition2016"]["note"]

    def user_edits_meanwhile(key: str) -> None:
        note = web.user.items[note_key]["data"]["note"]
        web.user.touch(note_key, {"note": note + "<p>EDITED ON ANOTHER COMPUTER</p>"})

    web.before_patch = user_edits_meanwhile
    push("second.bib")
    patches = [s for s in web.seen if s.method == "PATCH"]
    assert len(patches) == 2  # refused with 412, read again, sent again
    note = web.user.items[note_key]["data"]["note"]
    assert "EDITED ON ANOTHER COMPUTER" in note and "https://lemmy.ml/comment/998877" in note


def test_failed_items_are_reported_one_by_one_and_retried_next_time(
        web: FakeWebApi, tmp_path: Path) -> None:
    text = (FIXTURES / "first.bib").read_text(encoding="utf-8")
    bib = tmp_path / "bad.bib"
    bib.write_text(text.replace("{Handbook}", "{Handbook} REJECT-ME"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "zotero", str(bib), "--push", "web",
                                 "--library", "user:123"])
    assert result.exit_code == 1
    assert re.search(r"\n  failed\s+A Handbook REJECT-ME of Political Economy: HTTP 400: "
                     r"Title rejected by the test server\n", result.stderr), result.stderr
    assert "2 created" in result.stderr and "1 failed" in result.stderr
    assert "Traceback" not in result.output
    bib.write_text(text, encoding="utf-8")
    again = runner.invoke(cli, ["export", "zotero", str(bib), "--push", "web",
                                "--library", "user:123"])
    assert again.exit_code == 0, again.stderr
    assert "1 created" in again.stderr and "2 unchanged" in again.stderr


# -- collections, libraries ------------------------------------------------------------------------
def test_collection_is_created_once_and_items_put_in_it(web: FakeWebApi) -> None:
    push("first.bib", collection="Amin reading")
    cols = list(web.user.collections.values())
    assert [c["data"]["name"] for c in cols] == ["Amin reading"]
    ckey = cols[0]["key"]
    assert all(d["collections"] == [ckey] for d in top_items(web))
    push("second.bib", collection="Amin reading")
    assert len(web.user.collections) == 1
    assert len(posts(web, "/collections")) == 1
    assert all(d["collections"] == [ckey] for d in top_items(web))


def test_existing_items_are_added_to_a_new_collection(web: FakeWebApi) -> None:
    push("first.bib")
    done = push("first.bib", collection="Later")
    ckey = next(iter(web.user.collections))
    assert all(ckey in d["collections"] for d in top_items(web))
    assert done.push is not None and done.push.count("updated") == 3


def test_group_libraries_use_the_group_prefix(web: FakeWebApi) -> None:
    push("first.bib", library="group:456")
    assert posts(web)[0].path == "/groups/456/items"
    assert len(web.libraries["/groups/456"].items) > 3
    assert map_path("group:456").exists()


def test_library_defaults_to_the_keys_own_user(web: FakeWebApi) -> None:
    done = push("first.bib", library=None)
    assert posts(web)[0].path == "/users/123/items"
    assert any("user:123" in n for n in done.notices)


def test_a_key_without_write_access_is_refused_before_anything_is_sent(
        web: FakeWebApi) -> None:
    web.write_access = False
    result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"),
                                      "--push", "web", "--library", "user:123"])
    assert result.exit_code == 1 and "may not write to user:123" in result.stderr
    assert web.writes() == []


# -- dry run ---------------------------------------------------------------------------------------
def test_dry_run_prints_the_requests_and_sends_no_write(web: FakeWebApi) -> None:
    result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"),
                                      "--push", "web", "--library", "user:123", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert web.writes() == []
    planned = json.loads(result.stdout)
    assert [p["method"] for p in planned] == ["POST", "POST"]
    assert planned[0]["path"] == "/users/123/items" and len(planned[0]["body"]) == 3
    assert "3 would be created" in result.stderr
    assert not map_path("user:123").exists()


def test_dry_run_without_a_key_uses_the_map_alone(web: FakeWebApi,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    push("first.bib")
    monkeypatch.delenv("ZOTERO_API_KEY")
    n = len(web.seen)
    done = push("second.bib", dry_run=True)
    assert web.seen[n:] == []
    assert done.push is not None
    assert [p["method"] for p in done.push.planned] == ["POST", "PATCH", "POST"]


def test_no_key_is_a_one_line_error(web: FakeWebApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZOTERO_API_KEY")
    result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"),
                                      "--push", "web", "--library", "user:123"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "ZOTERO_API_KEY" in result.stderr


# -- the key stays secret --------------------------------------------------------------------------
def test_the_api_key_reaches_no_file_log_output_or_message(
        web: FakeWebApi, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    runner = CliRunner()
    out = tmp_path / "out"
    out.mkdir()
    ok = runner.invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"), "--push", "web",
                             "--library", "user:123", "--to", str(out), "--collection", "C"])
    assert ok.exit_code == 0, ok.stderr
    web.fail_next("GET", "/keys/current", 403, body=f"Invalid key {API_KEY}")
    refused = runner.invoke(cli, ["export", "zotero", str(FIXTURES / "second.bib"),
                                  "--push", "web", "--library", "user:123"])
    assert refused.exit_code == 1
    dry = runner.invoke(cli, ["export", "zotero", str(FIXTURES / "second.bib"), "--push", "web",
                              "--library", "user:123", "--dry-run"])
    assert dry.exit_code == 0
    assert all(s.headers.get("Zotero-Api-Key") == API_KEY for s in web.seen)  # it was sent
    for result in (ok, refused, dry):
        assert API_KEY not in result.stdout and API_KEY not in result.stderr
    assert API_KEY not in caplog.text
    for d in ("_cache", "_data", "_config"):
        for f in (tmp_path / d).rglob("*"):
            if f.is_file():
                assert API_KEY.encode() not in f.read_bytes(), f
    for f in out.iterdir():
        assert API_KEY.encode() not in f.read_bytes()


# -- hostile posts ---------------------------------------------------------------------------------
def test_hostile_post_text_arrives_inert(web: FakeWebApi) -> None:
    push("hostile.bib")
    item = top_items(web)[0]
    assert "url" not in item  # javascript: is no URL for Zotero
    kids = [it["data"] for it in web.user.items.values() if it["data"].get("parentItem")]
    note = next(k["note"] for k in kids if k["itemType"] == "note")
    text, hrefs = note_text(note)
    # Exactly one clickable link: the one plain https URL; the rest are text.
    assert hrefs == {"https://ok.example/post?a=1&b=2"}
    assert 'href="https://ok.example/post?a=1&amp;b=2"' in note
    assert "<script" not in note and "<iframe" not in note and "<img" not in note
    assert "onmouseover=\"" not in note and "javascript:" not in "".join(hrefs)
    assert "javascript:alert(document.cookie)" in text  # shown, not followed
    assert "\u202e" not in note  # no bidi override to disguise a link
    attachments = [k for k in kids if k["itemType"] == "attachment"]
    assert all(a["url"].startswith("https://") and '"' not in a["url"] for a in attachments)


def test_the_map_survives_being_corrupted(web: FakeWebApi) -> None:
    push("first.bib")
    path = map_path("user:123")
    path.write_text("{not json", encoding="utf-8")
    done = push("first.bib")
    assert len(top_items(web)) == 3  # matched in the library instead
    assert any("unreadable key map" in n for n in done.push.notices)  # type: ignore[union-attr]
    assert path.with_name(path.name + ".unreadable").exists()
    shutil.rmtree(path.parent, ignore_errors=True)


def test_a_big_library_is_searched_and_a_small_one_read_once(web: FakeWebApi) -> None:
    for i in range(350):
        web.user.add_item({"itemType": "book", "title": f"Unrelated {i}"})
    # Known only by its ISBN (a translated title): the title search misses, the ISBN finds it.
    web.user.add_item({"itemType": "book", "title": "Le mal-développement",
                       "creators": [{"creatorType": "author", "lastName": "Amin"}],
                       "ISBN": "9780862329242"})
    push("first.bib")
    gets = [s for s in web.seen if s.method == "GET" and s.path.endswith("/items/top")]
    assert [g.query.get("start") for g in gets if "q" not in g.query] == ["0"]  # no full read
    assert any(g.query.get("q") == "9780862329242" and g.query["qmode"] == "everything"
               for g in gets)
    titles = [d["title"] for d in top_items(web)]
    assert "Maldevelopment: Anatomy of a Global Failure" not in titles
    assert len(titles) == 351 + 2


def test_a_small_library_is_read_in_pages_instead_of_searched(web: FakeWebApi) -> None:
    for i in range(150):
        web.user.add_item({"itemType": "book", "title": f"Unrelated {i}"})
    web.user.add_item({"itemType": "book", "title": "Maldevelopment",
                       "creators": [{"creatorType": "author", "lastName": "Amin"}]})
    push("first.bib")
    gets = [s for s in web.seen if s.method == "GET" and s.path.endswith("/items/top")]
    assert [g.query.get("start") for g in gets] == ["0", "100"] and all(
        "q" not in g.query for g in gets)
    assert "Maldevelopment: Anatomy of a Global Failure" not in [
        d["title"] for d in top_items(web)]


def test_a_redirect_never_carries_the_key_elsewhere(web: FakeWebApi) -> None:
    from pytest_httpserver import HTTPServer

    elsewhere = HTTPServer(port=0)
    elsewhere.expect_request("/steal").respond_with_data("thanks")
    elsewhere.start()
    try:
        web.fail_next("GET", "/keys/current", 302,
                      {"Location": elsewhere.url_for("/steal")})
        result = CliRunner().invoke(cli, ["export", "zotero", str(FIXTURES / "first.bib"),
                                          "--push", "web", "--library", "user:123"])
        assert result.exit_code == 1 and "302" in result.stderr
        assert elsewhere.log == []
    finally:
        elsewhere.stop()
