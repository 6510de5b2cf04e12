"""API keys (Google Books, OpenAlex, Zotero) are sent to their catalogue and nowhere else: not in
the cache database (nor its journal files), the .bib or any export, the mentions file, stderr,
stdout, log records, error messages or a ``--traceback``."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, Catalogue
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readlist.cli import cli
from readlist.http import Http, redact

GKEY = "AIzaSyGOOGLEBOOKS-secret-7731"
OKEY = "oa-secret-key-55d0e1"
ZKEY = "ZoteroKeyShouldNeverLeak99"
SECRETS = (GKEY, OKEY, ZKEY)
POSTS = ("I recommend Maldevelopment by Samir Amin.\n\n"
         "You should read The Cobalt Chronicles by Cy Sallow.\n")


class Refusing:
    """An OpenAlex stand-in that fails: a reset, then 403s that echo the key back."""

    def __init__(self) -> None:
        self.seen: list[Request] = []

    def handle(self, request: Request) -> Response:
        self.seen.append(request)
        key = parse_qs(request.query_string.decode()).get("api_key", ["?"])[0]
        return Response(json.dumps({"error": f"api_key {key} is not valid for {request.url}"}),
                        status=403, content_type="application/json")


@pytest.fixture
def servers(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> Iterator[tuple[Catalogue, Refusing]]:
    books = Catalogue(httpserver, FIXTURES / "googlebooks")
    monkeypatch.setenv("READLIST_GOOGLEBOOKS_URL", books.url)
    other = HTTPServer()
    other.start()
    refusing = Refusing()
    other.expect_request(__import__("re").compile(".*")).respond_with_handler(refusing.handle)
    monkeypatch.setenv("READLIST_OPENALEX_URL", other.url_for("").rstrip("/"))
    # One key from the config file, one from the environment, the Zotero key from both.
    config = tmp_path / "_config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(
        f'[keys]\ngooglebooks = "{GKEY}"\n[zotero]\napi_key = "{ZKEY}"\n', encoding="utf-8")
    monkeypatch.setenv("READLIST_OPENALEX_KEY", OKEY)
    monkeypatch.setenv("ZOTERO_API_KEY", ZKEY)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(POSTS, encoding="utf-8")
    try:
        yield books, refusing
    finally:
        other.clear()
        other.stop()


def leaks(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [s for s in SECRETS if s.encode() in data]


def test_keys_reach_their_catalogue_and_nothing_else(
        servers: tuple[Catalogue, Refusing], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    books, refusing = servers
    caplog.set_level(logging.DEBUG)
    runner = CliRunner()
    results = [runner.invoke(cli, ["scan", "t.txt", "-o", "out.bib", "--providers",
                                   "googlebooks,openalex", "--mentions", "mentions.jsonl"])]
    assert results[0].exit_code == 0, results[0].stderr
    assert "works: 2 (1 sure" in results[0].stderr
    assert "openalex: access refused (HTTP 403)" in results[0].stderr  # an error was shown
    # Every output a user may make from the .bib.
    for args in (["export", "ris", "out.bib", "--to", "out.ris"],
                 ["export", "csljson", "out.bib", "--to", "out.json"],
                 ["list", "out.bib", "-f", "html", "-o", "list.html"],
                 ["list", "out.bib", "-f", "markdown"], ["list", "out.bib", "-f", "json"],
                 ["export", "zotero", "out.bib", "--to", "zotero.bib"],
                 ["scan", "t.txt", "-o", "again.bib", "--offline", "--providers",
                  "googlebooks,openalex"],
                 ["--traceback", "scan", "t.txt", "-o", "again.bib", "--providers",
                  "googlebooks,openalex", "--dry-run"]):
        results.append(runner.invoke(cli, args))
        assert results[-1].exit_code == 0, (args, results[-1].stderr)

    # The keys really were sent, to their own catalogue only.
    assert {parse_qs(r.query_string.decode()).get("key", [""])[0] for r in books.requests} \
        == {GKEY}
    assert {parse_qs(r.query_string.decode()).get("api_key", [""])[0]
            for r in refusing.seen} == {OKEY}
    assert all(ZKEY not in str(r.headers) + r.query_string.decode()
               for r in [*books.requests, *refusing.seen])
    # ... and nowhere else.
    for result in results:
        assert not leaks(result.stdout) and not leaks(result.stderr), result.stderr
    ours = [r for r in caplog.records if not r.name.startswith("werkzeug")]  # the test server's
    assert any(r.name.startswith("urllib3") for r in ours)  # request lines were logged ...
    bad = [(r.name, r.getMessage()[:300]) for r in ours if leaks(r.getMessage())]
    assert not bad, bad  # ... with the keys hidden
    files = [f for f in tmp_path.rglob("*") if f.is_file() and f.name != "config.toml"]
    assert any(f.name.startswith("http_cache.sqlite") for f in files)
    assert {"out.bib", "out.ris", "out.json", "list.html", "mentions.jsonl", "zotero.bib"} \
        <= {f.name for f in files}
    for f in files:
        assert not leaks(f.read_bytes()), f  # the cache db, -wal/-shm, outputs, backups


def test_the_cache_keeps_neither_secret_headers_nor_the_contact(httpserver: HTTPServer,
                                                                tmp_path: Path) -> None:
    httpserver.expect_request("/x").respond_with_json({"ok": 1})
    http = Http("private-person@example.org", cache_path=tmp_path / "c.sqlite")
    headers = {"X-API-KEY": GKEY, "Authorization": f"Bearer {OKEY}", "Zotero-API-Key": ZKEY}
    assert http.get_json(httpserver.url_for("/x"), params={"access_token": "tok-123456"},
                         headers=headers) == {"ok": 1}
    again = Http("someone-else@example.org", cache_path=tmp_path / "c.sqlite")
    assert again.get_json(httpserver.url_for("/x"), params={"access_token": "tok-999999"},
                          headers={"X-API-KEY": "other"}) == {"ok": 1}
    assert again.stats.total_cached == 1  # keys are not part of the cache key either
    http.close()
    again.close()
    for f in tmp_path.iterdir():
        data = f.read_bytes()
        assert not leaks(data) and b"tok-123456" not in data, f
        assert b"private-person" not in data, f


def test_redact_hides_configured_keys_and_key_parameters(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setenv("READLIST_GOOGLEBOOKS_KEY", GKEY)
    text = (f"HTTPConnectionPool(host='x', port=1): Max retries exceeded with url: "
            f"/books/v1/volumes?q=a&key={GKEY}&printType=books (Caused by ...) "
            f"/works?api_key=unknown-one&search=x access_token%3Dabc {GKEY}")
    clean = redact(text)
    assert GKEY not in clean and "unknown-one" not in clean and "abc" not in clean
    assert "key=***&printType=books" in clean and "api_key=***&search=x" in clean
    assert redact("monkey=1 turkey=2") == "monkey=1 turkey=2"


def test_traceback_output_is_redacted_too(tmp_path: Path) -> None:
    """``--traceback`` shows the chain of exceptions, whose texts can hold request URLs."""
    script = textwrap.dedent(f"""
        import sys, requests
        from readlist import cli
        @cli.cli.command("boom")
        def boom():
            try:
                raise requests.ConnectionError(
                    "Max retries exceeded with url: /volumes?q=x&key={GKEY}&api_key={OKEY}")
            except requests.ConnectionError as exc:
                raise RuntimeError("catalogue said: token {ZKEY} refused") from exc
        sys.argv = ["readlist", "--traceback", "boom"]
        cli.main()
    """)
    env = {**os.environ, "ZOTERO_API_KEY": ZKEY}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "RuntimeError" in done.stderr  # still useful ...
    assert "key=***" in done.stderr
    assert not leaks(done.stderr), done.stderr  # ... and safe to paste into a bug report
    without = subprocess.run([sys.executable, "-c", script.replace('"--traceback", ', "")],
                             capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert without.returncode == 1 and "Traceback" not in without.stderr
    assert without.stderr.count("\n") == 1 and "internal error: RuntimeError" in without.stderr


def test_error_messages_and_warnings_hide_keys(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --traceback too: an unexpected error's one line, a domain error's line and a
    warning may all quote a request URL."""
    import requests

    from readlist import cli as cli_module
    from readlist.errors import CatalogueError
    from readlist.report import Report

    monkeypatch.setenv("READLIST_GOOGLEBOOKS_KEY", GKEY)
    monkeypatch.setenv("ZOTERO_API_KEY", ZKEY)
    url = f"/books/v1/volumes?q=x&key={GKEY}"

    def boom(*_a: object, **_k: object) -> None:
        raise requests.ConnectionError(f"Max retries exceeded with url: {url}")

    monkeypatch.setattr(cli_module, "scan", boom)
    internal = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert internal.exit_code == 1 and "internal error: ConnectionError" in internal.stderr

    def refused(*_a: object, **_k: object) -> None:
        raise CatalogueError(f"zotero: refused the key {ZKEY} at {url}", "zotero", "forbidden")

    monkeypatch.setattr(cli_module, "scan", refused)
    domain = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert domain.exit_code == 1 and "zotero: refused the key ***" in domain.stderr

    def warns(*_a: object, report: Report, **_k: object) -> None:
        report.warn("", f"googlebooks failed at {url}", category="catalogue")
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "scan", warns)
    warned = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert warned.exit_code == 130 and "googlebooks failed at /books/v1/volumes?q=x&key=***" \
        in warned.stderr
    for result in (internal, domain, warned):
        assert not leaks(result.stderr) and not leaks(result.stdout), result.stderr
