"""http.py against a misbehaving local server: bounded polite retries, one clear error, no
traceback, failures counted per provider, and answers cached so a re-run asks nothing."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
import requests
from werkzeug import Request, Response

from readlist.errors import CatalogueError, CatalogueUnavailable
from readlist.http import Http, _retry_after, _seconds, user_agent


class Sleeps(list):
    """An injected ``sleep`` that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def make_http(tmp_path: Path, sleeps: Sleeps, **kw) -> Http:
    kw.setdefault("max_attempts", 3)
    return Http(kw.pop("contact", "tests@example.org"), cache_path=tmp_path / "cache.sqlite",
                sleep=sleeps, backoff=0.5, **kw)


def sequence(*responses):
    """A handler answering with each of ``responses`` in turn (callables get the request)."""
    items = list(responses)
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        item = items.pop(0) if len(items) > 1 else items[0]
        return item if isinstance(item, Response) else item(request)

    handler.seen = seen  # type: ignore[attr-defined]
    return handler


def ok(body: object = None) -> Response:
    return Response(json.dumps(body if body is not None else {"ok": True}),
                    content_type="application/json")


def hang_up(request: Request) -> Response:
    """Close the connection without answering (what a reset looks like to the client)."""
    sock = request.environ["werkzeug.socket"]
    sock.shutdown(socket.SHUT_RDWR)
    return Response("")


def truncated(request: Request) -> Response:
    sock = request.environ["werkzeug.socket"]
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 100\r\n\r\n{\"docs\": [")
    sock.shutdown(socket.SHUT_RDWR)
    return Response("")


def test_user_agent_names_the_contact():
    assert user_agent("me@example.org").endswith("; me@example.org)")
    assert user_agent(None).startswith("readlist/")


def test_header_parsing():
    assert _retry_after("7") == 7.0
    assert _retry_after("garbage") is None
    assert 0 <= (_retry_after(time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                            time.gmtime(time.time() + 30))) or 0) <= 31
    assert _seconds("1s") == 1.0 and _seconds("60s") == 60.0 and _seconds("1m") == 60.0
    assert _seconds("soon") is None


def test_timeout_is_retried_then_reported_once(httpserver, tmp_path, sleeps):
    def slow(_request):
        time.sleep(0.6)
        return ok()

    httpserver.expect_request("/slow").respond_with_handler(slow)
    http = make_http(tmp_path, sleeps, timeout=(1.0, 0.2), max_attempts=2)
    with pytest.raises(CatalogueUnavailable) as err:
        http.get_json(httpserver.url_for("/slow"), provider="cat")
    assert err.value.kind == "unreachable" and "timed out after 2 attempts" in str(err.value)
    assert http.stats.failures["cat"] == 1 and http.stats.retries["cat"] == 1


def test_connection_reset_is_retried_and_recovers(httpserver, tmp_path, sleeps):
    handler = sequence(hang_up, ok({"n": 1}))
    httpserver.expect_request("/reset").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    assert http.get_json(httpserver.url_for("/reset"), provider="cat") == {"n": 1}
    assert len(handler.seen) == 2 and http.stats.retries["cat"] == 1
    assert not http.stats.failures


def test_connection_reset_for_good_is_unreachable(httpserver, tmp_path, sleeps):
    httpserver.expect_request("/reset").respond_with_handler(sequence(hang_up))
    http = make_http(tmp_path, sleeps)
    with pytest.raises(CatalogueUnavailable) as err:
        http.get_json(httpserver.url_for("/reset"), provider="cat")
    assert "connection lost after 3 attempts" in str(err.value)
    assert len(sleeps) == 2  # backoff between attempts, bounded


def test_refused_connection_gives_up_quickly(tmp_path, sleeps):
    http = make_http(tmp_path, sleeps, max_attempts=4)
    with pytest.raises(CatalogueUnavailable) as err:
        http.get("http://127.0.0.1:9/nothing", provider="cat")
    assert err.value.kind == "unreachable" and "connection failed" in str(err.value)
    assert http.stats.retries["cat"] == 1  # two attempts, not four


def test_truncated_body_is_retried(httpserver, tmp_path, sleeps):
    handler = sequence(truncated, ok({"docs": []}))
    httpserver.expect_request("/cut").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    assert http.get_json(httpserver.url_for("/cut"), provider="cat") == {"docs": []}
    assert len(handler.seen) == 2


def test_429_with_retry_after_waits_as_asked(httpserver, tmp_path, sleeps):
    handler = sequence(Response("slow down", status=429, headers={"Retry-After": "2"}), ok())
    httpserver.expect_request("/r").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    assert http.get_json(httpserver.url_for("/r"), provider="cat") == {"ok": True}
    assert any(1.5 < s <= 2.0 for s in sleeps), sleeps
    assert http.stats.retries["cat"] == 1 and not http.stats.failures


def test_429_without_retry_after_backs_off_then_reports(httpserver, tmp_path, sleeps):
    body = json.dumps({"status": 429, "message": "Too Many Requests."})
    handler = sequence(Response(body, status=429, content_type="application/json"))
    httpserver.expect_request("/r").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    with pytest.raises(CatalogueUnavailable) as err:
        http.get_json(httpserver.url_for("/r"), provider="cat")
    assert err.value.kind == "rate_limited"
    assert len(handler.seen) == 3
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0]  # exponential, bounded


def test_429_asking_for_a_long_wait_gives_up_at_once(httpserver, tmp_path, sleeps):
    handler = sequence(Response("", status=429, headers={"Retry-After": "3600"}))
    httpserver.expect_request("/r").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    with pytest.raises(CatalogueUnavailable) as err:
        http.get(httpserver.url_for("/r"), provider="cat")
    assert "try again later" in str(err.value) and len(handler.seen) == 1 and not sleeps


def test_403_is_not_retried_and_says_how_to_identify(httpserver, tmp_path, sleeps):
    handler = sequence(Response("Forbidden", status=403))
    httpserver.expect_request("/f").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps, contact=None)
    with pytest.raises(CatalogueError) as err:
        http.get(httpserver.url_for("/f"), provider="cat")
    assert err.value.kind == "forbidden" and "READLIST_CONTACT" in str(err.value)
    assert len(handler.seen) == 1 and http.stats.failures["cat"] == 1
    assert "readlist/" in handler.seen[0].headers["User-Agent"]


def test_server_error_burst_is_ridden_out(httpserver, tmp_path, sleeps):
    handler = sequence(Response("", status=503), Response("", status=500), ok())
    httpserver.expect_request("/s").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    assert http.get_json(httpserver.url_for("/s"), provider="cat") == {"ok": True}
    assert http.stats.retries["cat"] == 2


def test_server_errors_for_good_are_reported_and_not_cached(httpserver, tmp_path, sleeps):
    handler = sequence(Response("", status=500))
    httpserver.expect_request("/s").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    with pytest.raises(CatalogueUnavailable) as err:
        http.get(httpserver.url_for("/s"), provider="cat")
    assert err.value.kind == "server" and len(handler.seen) == 3
    with pytest.raises(CatalogueUnavailable):
        http.get(httpserver.url_for("/s"), provider="cat")
    assert len(handler.seen) == 6  # nothing of it was cached


def test_non_json_body_is_an_error_and_never_cached(httpserver, tmp_path, sleeps):
    handler = sequence(Response("<html>captive portal</html>", content_type="text/html"))
    httpserver.expect_request("/j").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    with pytest.raises(CatalogueError) as err:
        http.get_json(httpserver.url_for("/j"), provider="cat")
    assert err.value.kind == "bad_response" and len(handler.seen) == 2
    httpserver.clear()
    httpserver.expect_request("/j").respond_with_handler(sequence(ok({"fine": 1})))
    assert http.get_json(httpserver.url_for("/j"), provider="cat") == {"fine": 1}


def test_redirect_loop_is_one_error(httpserver, tmp_path, sleeps):
    httpserver.expect_request("/a").respond_with_response(
        Response("", status=302, headers={"Location": "/b"}))
    httpserver.expect_request("/b").respond_with_response(
        Response("", status=302, headers={"Location": "/a"}))
    http = make_http(tmp_path, sleeps)
    with pytest.raises(CatalogueError) as err:
        http.get_json(httpserver.url_for("/a"), provider="cat")
    assert "redirect" in str(err.value) and http.stats.failures["cat"] == 1


def test_redirect_is_followed_and_cached(httpserver, tmp_path, sleeps):
    handler = sequence(ok({"key": "/books/OL1M"}))
    httpserver.expect_request("/isbn/1.json").respond_with_response(
        Response("", status=302, headers={"Location": "/books/OL1M.json"}))
    httpserver.expect_request("/books/OL1M.json").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    assert http.get_json(httpserver.url_for("/isbn/1.json"))["key"] == "/books/OL1M"
    again = make_http(tmp_path, sleeps)
    assert again.get_json(httpserver.url_for("/isbn/1.json"))["key"] == "/books/OL1M"
    assert len(handler.seen) == 1 and again.stats.total_sent == 0


def test_rerun_is_answered_from_the_cache_and_offline_works(httpserver, tmp_path, sleeps):
    handler = sequence(ok({"n": 1}))
    httpserver.expect_request("/c").respond_with_handler(handler)
    url = httpserver.url_for("/c")
    make_http(tmp_path, sleeps).get_json(url, params={"q": "x", "mailto": "a@b.org"})
    second = make_http(tmp_path, sleeps)
    assert second.get_json(url, params={"q": "x", "mailto": "other@b.org"}) == {"n": 1}
    offline = make_http(tmp_path, sleeps, offline=True)
    assert offline.get_json(url, params={"q": "x", "mailto": "a@b.org"}) == {"n": 1}
    assert len(handler.seen) == 1 and second.stats.total_cached == 1
    with pytest.raises(CatalogueUnavailable) as err:
        offline.get_json(url, params={"q": "never asked"}, provider="cat")
    assert err.value.kind == "offline"


def test_secrets_stay_out_of_the_cache(httpserver, tmp_path, sleeps):
    httpserver.expect_request("/k").respond_with_handler(sequence(ok()))
    http = make_http(tmp_path, sleeps)
    http.get_json(httpserver.url_for("/k"), params={"q": "x", "key": "SECRET123",
                                                    "mailto": "private@example.org"})
    http.close()
    raw = (tmp_path / "cache.sqlite").read_bytes()
    assert b"SECRET123" not in raw and b"private@example.org" not in raw


def test_post_without_cache_still_works(httpserver, tmp_path, sleeps):
    handler = sequence(ok({"created": 1}))
    httpserver.expect_request("/p", method="POST").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    for _ in range(2):
        r = http.request("POST", httpserver.url_for("/p"), json={"a": 1}, cache=False)
        assert r.json() == {"created": 1}
    assert len(handler.seen) == 2


def test_server_rate_limit_headers_slow_us_down(httpserver, tmp_path, sleeps):
    headers = {"x-rate-limit-limit": "2", "x-rate-limit-interval": "1s",
               "x-concurrency-limit": "1", "x-api-pool": "public"}
    handler = sequence(Response("{}", content_type="application/json", headers=headers))
    httpserver.expect_request("/w").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    http.limit(httpserver.url_for("/"), per_second=1000, concurrency=3)
    host = httpserver.url_for("/").split("/")[2]
    for i in range(3):
        http.get_json(httpserver.url_for("/w"), params={"i": i})
    assert http.gate.limit_of(host) == 1
    # after the first answer every request starts at least 0.5 s after the previous one
    assert sum(1 for s in sleeps if s > 0.3) >= 1, sleeps
    # a server saying "faster" never speeds us past what we were configured to do
    assert not http.gate.pace(host, 100.0)


def test_backoff_header_holds_the_host(httpserver, tmp_path, sleeps):
    handler = sequence(Response("{}", content_type="application/json",
                                headers={"Backoff": "5"}), ok())
    httpserver.expect_request("/z").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    http.get_json(httpserver.url_for("/z"), params={"i": 1})
    http.get_json(httpserver.url_for("/z"), params={"i": 2})
    assert any(4 < s <= 5 for s in sleeps), sleeps


def test_cache_hits_never_wait(httpserver, tmp_path, sleeps):
    handler = sequence(Response("{}", content_type="application/json", headers={"Backoff": "30"}))
    httpserver.expect_request("/h").respond_with_handler(handler)
    http = make_http(tmp_path, sleeps)
    http.get_json(httpserver.url_for("/h"))
    http.get_json(httpserver.url_for("/h"))  # cached: the Backoff hold does not apply
    assert not sleeps


def test_errors_are_readlist_errors_not_requests_exceptions(httpserver, tmp_path, sleeps):
    httpserver.expect_request("/x").respond_with_response(Response("", status=418))
    http = make_http(tmp_path, sleeps)
    with pytest.raises(CatalogueError) as err:
        http.get(httpserver.url_for("/x"))
    assert not isinstance(err.value, requests.RequestException)
    assert "HTTP 418" in str(err.value)
