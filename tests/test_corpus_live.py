"""Live thread URLs (Lemmy, Reddit, Hacker News) fetched from a local server standing in for
each site's API, through the shared HTTP client (User-Agent, cache, failures)."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from werkzeug import Request, Response

from readlist.cli import cli
from readlist.corpus import choose_reader, read_posts
from readlist.http import Http
from readlist.report import Report

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
REDDIT_URL = "https://www.reddit.com/r/booksuggestions/comments/1abcde/books_on_the_soviet_economy/"
HN_URL = "https://news.ycombinator.com/item?id=38000000"


class Site:
    """Answers a site's API paths from a routing function; records what was asked."""

    def __init__(self, httpserver: Any, route: Any) -> None:
        self.requests: list[Request] = []
        self.route = route
        self.url = httpserver.url_for("").rstrip("/")
        httpserver.expect_request(__import__("re").compile(".*")).respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        self.requests.append(request)
        args = {k: v[0] for k, v in parse_qs(request.query_string.decode()).items()}
        answer = self.route(request.path, args)
        if isinstance(answer, Response):
            return answer
        if answer is None:
            return Response('{"error": "couldnt_find_object"}', status=404,
                            content_type="application/json")
        return Response(json.dumps(answer), content_type="application/json")

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


def posts_of(source: str, http: Http | None = None) -> tuple[list[Any], Report]:
    report = Report()
    return list(read_posts([source], report, http=http)), report


# -- Lemmy ----------------------------------------------------------------------------------------

def lemmy_comments(n: int) -> list[dict[str, Any]]:
    """n comments shaped like the sample's, numbered 5000.., every third a reply."""
    template = json.loads((CORPUS / "lemmy_comments.json").read_text())["comments"][1]
    out = []
    for i in range(n):
        view = copy.deepcopy(template)
        cid = 5000 + i
        parent = 5000 + i - 1 if i % 3 == 2 else None
        view["comment"].update(id=cid, path=f"0.{parent}.{cid}" if parent else f"0.{cid}",
                               ap_id=f"https://lemmy.ml/comment/{cid}",
                               content=f"Comment {i}: read *Book {i}*.")
        out.append(view)
    return out


@pytest.fixture
def lemmy(httpserver: Any, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.setenv("READLIST_LEMMY_RATE", "1000")
    post = json.loads((CORPUS / "lemmy_post.json").read_text())
    comments = lemmy_comments(120)

    def route(path: str, args: dict[str, str]) -> Any:
        if path == "/api/v3/post" and args.get("id") == "59308":
            return post
        if path == "/api/v3/comment/list" and args.get("post_id") == "59308":
            page, limit = int(args.get("page", 1)), int(args.get("limit", 10))
            return {"comments": comments[(page - 1) * limit: page * limit]}
        return None

    return Site(httpserver, route)


def test_lemmy_post_url_reads_the_post_and_every_page_of_comments(lemmy: Site) -> None:
    url = f"{lemmy.url}/post/59308"
    assert choose_reader(url).name == "lemmy"
    posts, report = posts_of(url)
    assert not report.warnings
    assert len(posts) == 121
    assert posts[0].link == "https://lemmy.ml/post/59308" and posts[0].source == url
    assert posts[1].link == "https://lemmy.ml/comment/5000"
    # every third comment answers the one before it
    assert posts[3].id == "comment/5002" and posts[3].parent == 2
    assert posts[1].parent == 0 and posts[1].text == "Comment 0: read Book 0."
    pages = [r.args.get("page") for r in lemmy.requests if r.path == "/api/v3/comment/list"]
    assert pages == ["1", "2", "3"]
    assert all(r.args["limit"] == "50" and r.args["sort"] == "Old" for r in lemmy.requests
               if r.path == "/api/v3/comment/list")
    assert all(r.headers["User-Agent"].startswith("readlist/") for r in lemmy.requests)


def test_live_answers_are_cached(lemmy: Site) -> None:
    url = f"{lemmy.url}/post/59308"
    first, _ = posts_of(url)
    asked = len(lemmy.requests)
    again, _ = posts_of(url)
    assert len(lemmy.requests) == asked  # a re-run asks nothing again
    assert [p.text for p in again] == [p.text for p in first]


def test_lemmy_comment_page_failing_keeps_the_rest(httpserver: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READLIST_LEMMY_RATE", "1000")
    post = json.loads((CORPUS / "lemmy_post.json").read_text())
    comments = lemmy_comments(60)

    def route(path: str, args: dict[str, str]) -> Any:
        if path == "/api/v3/post":
            return post
        if args.get("page") == "1":
            return {"comments": comments[:50]}
        return Response("down", status=503)

    site = Site(httpserver, route)
    posts, report = posts_of(f"{site.url}/post/59308")
    assert len(posts) == 51
    assert [w.message for w in report.warnings] == [
        "thread is incomplete: lemmy: server error (HTTP 503 after 4 attempts)"]


def test_a_post_url_on_a_site_that_is_not_lemmy(httpserver: Any) -> None:
    site = Site(httpserver, lambda path, args: None)
    posts, report = posts_of(f"{site.url}/post/12")
    assert posts == []
    assert report.skipped == {"unsupported": 1}


def test_unreachable_instance_is_one_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    posts, report = posts_of("http://127.0.0.1:9/post/59308")
    assert posts == []
    assert report.skipped == {"unreachable": 1}
    assert len(report.warnings) == 1 and "cannot fetch the thread" in report.warnings[0].message


# -- Reddit ---------------------------------------------------------------------------------------

@pytest.fixture
def reddit(httpserver: Any, monkeypatch: pytest.MonkeyPatch) -> Site:
    thread = json.loads((CORPUS / "reddit_thread.json").read_text())
    more = json.loads((CORPUS / "reddit_morechildren.json").read_text())

    def route(path: str, args: dict[str, str]) -> Any:
        if path == "/comments/1abcde/.json":
            return thread
        if path == "/comments/1abcde/_/kc3/.json":
            return json.loads((CORPUS / "reddit_continue_kc3.json").read_text())
        if path == "/api/morechildren.json" and args.get("link_id") == "t3_1abcde":
            wanted = set(args["children"].split(","))
            answer = copy.deepcopy(more)
            answer["json"]["data"]["things"] = [t for t in answer["json"]["data"]["things"]
                                                if t["data"]["id"] in wanted]
            return answer
        return None

    site = Site(httpserver, route)
    monkeypatch.setenv("READLIST_REDDIT_URL", site.url)
    monkeypatch.setenv("READLIST_REDDIT_RATE", "1000")
    return site


def test_reddit_thread_url_fetches_json_and_expands_more_stubs(reddit: Site) -> None:
    assert choose_reader(REDDIT_URL).name == "reddit"
    posts, report = posts_of(REDDIT_URL)
    assert not report.warnings
    assert [p.id for p in posts] == ["t3_1abcde", "t1_kc1", "t1_kc2", "t1_kc3", "t1_kce",
                                     "t1_kc9", "t1_kca", "t1_kc5", "t1_kcb", "t1_kcc"]
    assert [p.parent for p in posts] == [None, 0, 1, 2, 3, 1, 5, 0, 0, 0]
    assert posts[4].text == "Deep in the thread: Capital volume one."  # "continue this thread"
    assert posts[4].link.startswith("https://www.reddit.com/r/booksuggestions/")  # real links
    asked = {r.path: r.args for r in reddit.requests}
    assert asked["/comments/1abcde/.json"]["limit"] == "500"
    kids = sorted(r.args["children"] for r in reddit.requests
                  if r.path == "/api/morechildren.json")
    assert kids == ["kc9,kca", "kcb,kcc,kcd"]


@pytest.mark.parametrize("url", [
    "https://old.reddit.com/r/booksuggestions/comments/1abcde/",
    "https://redd.it/1abcde",
    "https://www.reddit.com/comments/1abcde",
])
def test_other_reddit_url_shapes(reddit: Site, url: str) -> None:
    posts, _ = posts_of(url)
    assert posts[0].id == "t3_1abcde"


def test_reddit_refusing_clients_is_reported(httpserver: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    site = Site(httpserver, lambda path, args: Response("blocked", status=403))
    monkeypatch.setenv("READLIST_REDDIT_URL", site.url)
    monkeypatch.setenv("READLIST_REDDIT_RATE", "1000")
    posts, report = posts_of(REDDIT_URL)
    assert posts == [] and report.skipped == {"unreachable": 1}
    assert "access refused (HTTP 403)" in report.warnings[0].message


# -- Hacker News ----------------------------------------------------------------------------------

@pytest.fixture
def hn(httpserver: Any, monkeypatch: pytest.MonkeyPatch) -> Site:
    item = json.loads((CORPUS / "hn_item.json").read_text())
    site = Site(httpserver, lambda path, args: item if path == "/items/38000000" else None)
    monkeypatch.setenv("READLIST_HN_URL", site.url)
    monkeypatch.setenv("READLIST_HN_RATE", "1000")
    return site


def test_hacker_news_item_url_uses_the_algolia_items_api(hn: Site) -> None:
    assert choose_reader(HN_URL).name == "hackernews"
    posts, report = posts_of(HN_URL)
    assert not report.warnings
    assert hn.paths() == ["/items/38000000"]
    assert [p.link for p in posts][:2] == ["https://news.ycombinator.com/item?id=38000000",
                                          "https://news.ycombinator.com/item?id=38000001"]
    assert posts[1].source == HN_URL and posts[1].author == "reader1"


def test_unknown_hacker_news_item(hn: Site) -> None:
    posts, report = posts_of("https://news.ycombinator.com/item?id=1")
    assert posts == [] and report.skipped == {"not found": 1}


# -- through the CLI ------------------------------------------------------------------------------

def test_cli_scans_urls_and_writes_permalinks_into_mentions(
        httpserver: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    item = json.loads((CORPUS / "hn_item.json").read_text())
    post = json.loads((CORPUS / "lemmy_post.json").read_text())
    comments = json.loads((CORPUS / "lemmy_comments.json").read_text())

    def route(path: str, args: dict[str, str]) -> Any:
        return {"/items/38000000": item, "/api/v3/post": post,
                "/api/v3/comment/list": comments}.get(path)

    site = Site(httpserver, route)
    for name in ("HN", "LEMMY"):
        monkeypatch.setenv(f"READLIST_{name}_URL", site.url)
        monkeypatch.setenv(f"READLIST_{name}_RATE", "1000")
    lemmy_url = f"{site.url}/post/59308"
    os.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["scan", HN_URL, lemmy_url, "--no-resolve",
                                      "--mentions", "-", "-o", "out.bib"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    links = {m["link"] for m in lines}
    assert "https://news.ycombinator.com/item?id=38000001" in links
    assert "https://lemmy.ml/comment/1001" in links  # the ap_id, not the server we asked
    assert {m["source"] for m in lines} == {HN_URL, lemmy_url}
    assert "read 10 posts from 2 sources" in result.stderr


def test_cli_offline_with_nothing_cached_skips_the_url(tmp_path: Path, hn: Site) -> None:
    os.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["scan", HN_URL, "--offline", "--no-resolve",
                                      "-o", "out.bib"])
    assert result.exit_code == 0
    assert hn.requests == []
    assert "skipped: 1 offline" in result.stderr
