"""`readlist scan` against an Open Library stand-in that injects faults: resets, cut-off and
non-JSON bodies, 429 with and without Retry-After, 403, 5xx bursts, redirect loops, answers
slower than the read timeout. Retries are bounded (requests are counted), the run finishes with
what it could resolve, the summary names what failed, a re-run is answered from the cache, and
no traceback reaches the user."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES, Catalogue
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readlist.cli import cli

POSTS = ("I recommend Maldevelopment by Samir Amin.\n\n"
         "Also read Russia and the Long Transition from Capitalism to Socialism by Samir Amin, "
         "great book.\n")
HEALTHY_REQUESTS = 4  # two searches, two edition lists (see test_healthy_run_baseline)
READ_TIMEOUT = "0.3"


# -- faults ------------------------------------------------------------------------------------
def reset(request: Request) -> Response:
    request.environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
    return Response("")


def cut_off(request: Request) -> Response:
    sock = request.environ["werkzeug.socket"]
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 500\r\n\r\n{\"numFound\": 1, \"docs\": [{\"key\"")
    sock.shutdown(socket.SHUT_RDWR)
    return Response("")


def slow(request: Request) -> Response:
    time.sleep(float(READ_TIMEOUT) * 4)  # the client has given up long before
    return Response(json.dumps({"numFound": 0, "docs": []}), content_type="application/json")


def drip(request: Request) -> Response:
    """A byte every 50 ms: each read is within the timeout, the whole answer never comes."""
    sock = request.environ["werkzeug.socket"]
    try:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000\r\n\r\n")
        for _ in range(2000):
            sock.sendall(b" ")
            time.sleep(0.05)
    except OSError:
        pass  # the client hung up, as it should
    sock.close()
    return Response("")


def status(code: int, headers: dict[str, str] | None = None,
           body: str = "") -> Callable[[Request], Response]:
    return lambda _r: Response(body or f"error {code}", status=code, headers=headers or {})


def not_json(_r: Request) -> Response:
    return Response("<html><body>Service temporarily unavailable</body></html>", status=200,
                    content_type="text/html")


def redirect_loop(request: Request) -> Response:
    return Response("", status=302, headers={"Location": request.full_path})


FAULTS: dict[str, Callable[[Request], Response]] = {
    "connection reset": reset,
    "truncated body": cut_off,
    "slow answer (read timeout)": slow,
    "body dripping forever": drip,
    "500": status(500),
    "503": status(503),
    "502 HTML page": status(502, body="<html>Bad gateway</html>"),
    "429 without Retry-After": status(429),
    "429 Retry-After: 1": status(429, {"Retry-After": "1"}),
    "non-JSON 200": not_json,
}


class FaultyCatalogue(Catalogue):
    """Open Library fixtures behind a fault plan: ``plan(request, attempt)`` returns a fault
    (or None to answer normally); ``attempt`` counts this URL's requests from 1."""

    def __init__(self, server: HTTPServer) -> None:
        self.plan: Callable[[Request, int], Callable[[Request], Response] | None] = \
            lambda _r, _n: None
        self.attempts: Counter[str] = Counter()
        self.answered: list[str] = []
        self._lock = threading.Lock()
        super().__init__(server, FIXTURES / "openlibrary")

    def handle(self, request: Request) -> Response:
        url = f"{request.path}?{request.query_string.decode()}"
        with self._lock:
            self.attempts[url] += 1
            n = self.attempts[url]
        fault = self.plan(request, n)
        if fault is not None:
            self.requests.append(request)
            return fault(request)
        response = super().handle(request)
        with self._lock:
            self.answered.append(url)
        return response

    @property
    def total(self) -> int:
        return sum(self.attempts.values())


@pytest.fixture
def faulty(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FaultyCatalogue]:
    server = HTTPServer(threaded=True)  # a hung answer must not hold up the retry behind it
    server.start()
    cat = FaultyCatalogue(server)
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", cat.url)
    monkeypatch.setenv("READLIST_HTTP_TIMEOUT", READ_TIMEOUT)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(POSTS, encoding="utf-8")
    try:
        yield cat
    finally:
        server.clear()
        server.stop()


def scan(*extra: str) -> Result:
    return CliRunner().invoke(cli, ["scan", "t.txt", "-o", "out.bib", "--providers",
                                    "openlibrary", *extra])


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception


def sent(result: Result) -> tuple[int, int]:
    m = re.search(r"catalogue requests: (\d+) sent, (\d+) from cache", result.stderr)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


# -- tests -------------------------------------------------------------------------------------
def test_healthy_run_baseline(faulty: FaultyCatalogue) -> None:
    result = scan()
    assert result.exit_code == 0, result.stderr
    assert "works: 2 (2 sure" in result.stderr
    assert faulty.total == HEALTHY_REQUESTS
    faulty.assert_all_expected()


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_burst_of_faults_is_ridden_out(faulty: FaultyCatalogue, name: str) -> None:
    """Every URL fails twice (non-JSON: once, it gets one retry), then answers."""
    bursts = 1 if name == "non-JSON 200" else 2
    fault = FAULTS[name]
    faulty.plan = lambda _r, n: fault if n <= bursts else None
    result = scan()
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert "works: 2 (2 sure" in result.stderr, result.stderr
    assert faulty.total == HEALTHY_REQUESTS * (bursts + 1)  # bounded: retried, not hammered
    assert "unresolved:" not in result.stderr


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_catalogue_that_never_recovers(faulty: FaultyCatalogue, name: str) -> None:
    fault = FAULTS[name]
    faulty.plan = lambda _r, _n: fault
    result = scan()
    print(f"[{name}] {faulty.total} requests; {result.stderr}")  # the note quotes these
    no_traceback(result)
    assert result.exit_code == 0, result.stderr  # the run finishes ...
    assert "works: 2 (0 sure, 0 unsure, 2 unresolved)" in result.stderr
    # ... and says what failed, naming the catalogue.
    assert re.search(r"unresolved: 2 without (a|a usable) catalogue answer", result.stderr), \
        result.stderr
    assert "openlibrary" in result.stderr
    # Bounded: at most 4 attempts for each of the two searches.
    assert faulty.total <= 8, (faulty.total, faulty.attempts)
    assert max(faulty.attempts.values()) <= 4
    # The unresolved works are still written, from the posts alone.
    assert Path("out.bib").read_text(encoding="utf-8").count("readlist-outcome = {unresolved}") \
        == 2


def test_429_asking_for_an_hour_is_not_waited_for(faulty: FaultyCatalogue) -> None:
    faulty.plan = lambda _r, _n: status(429, {"Retry-After": "3600"})
    result = scan()
    no_traceback(result)
    assert result.exit_code == 0
    assert "asks to wait 3600 s" in result.stderr
    assert faulty.total <= 2  # one request per search in flight, then openlibrary is left alone


def test_403_says_how_to_set_a_contact(faulty: FaultyCatalogue,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READLIST_CONTACT")
    faulty.plan = lambda _r, _n: status(403, body="Forbidden: identify yourself")
    result = scan()
    no_traceback(result)
    assert result.exit_code == 0
    assert "access refused (HTTP 403)" in result.stderr
    assert "READLIST_CONTACT=you@example.org" in result.stderr and "config.toml" in result.stderr
    assert faulty.total <= 2  # a 403 is never retried
    assert faulty.requests[0].headers["User-Agent"].startswith("readlist/")


def test_403_with_a_contact_names_it(faulty: FaultyCatalogue) -> None:
    faulty.plan = lambda _r, _n: status(403)
    result = scan()
    assert "identified itself with the contact tests@example.org" in result.stderr
    assert "tests@example.org" in faulty.requests[0].headers["User-Agent"]


def test_redirect_loop(faulty: FaultyCatalogue) -> None:
    faulty.plan = lambda _r, _n: redirect_loop
    result = scan()
    no_traceback(result)
    assert result.exit_code == 0
    assert "works: 2 (0 sure, 0 unsure, 2 unresolved)" in result.stderr
    assert "redirect" in result.stderr
    assert faulty.total <= 2 * 11  # requests' own limit of redirects, once per search


def test_failed_work_is_retried_and_done_work_comes_from_the_cache(
        faulty: FaultyCatalogue) -> None:
    """One search keeps failing: the other work resolves, the summary says what failed, and
    the re-run asks only for what is still missing."""
    faulty.plan = lambda r, _n: status(503) if "Maldevelopment" in r.query_string.decode() \
        else None
    first = scan()
    no_traceback(first)
    assert first.exit_code == 0
    assert "works: 2 (1 sure, 0 unsure, 1 unresolved)" in first.stderr
    assert "unresolved: 1 without a catalogue answer" in first.stderr
    assert "openlibrary" in first.stderr and "503" in first.stderr
    answered = set(faulty.answered)
    assert len(answered) == 2  # Russia's search and editions

    faulty.plan = lambda _r, _n: None
    before = Counter(faulty.attempts)
    second = scan()
    assert second.exit_code == 0, second.stderr
    assert "works: 2 (2 sure" in second.stderr
    asked = faulty.attempts - before
    assert not answered & set(asked), "a cached answer was asked for again"
    assert sum(asked.values()) == 2  # Maldevelopment's search and editions
    assert sent(second) == (2, 2)
    assert "0 new, 1 updated" in second.stderr  # the unresolved entry now has its record
    third = scan("--offline")
    assert third.exit_code == 0 and sent(third) == (0, 4)

