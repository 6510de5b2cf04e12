"""Resolution cost: each distinct work asked for once however often (and however) it is
mentioned, ISBNs in one batch, a re-run answered from the cache. Counts, never timings
(bench/resolve_latency.py measures time)."""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest
import test_catalogue_support
from test_catalogue_support import make_http, make_resolver

from readlist.catalogue.decisions import Decisions
from readlist.config import Settings
from readlist.export.bibtex import query_id
from readlist.models import WorkQuery
from readlist.pipeline import ScanOptions, scan

BENCH = Path(__file__).parent.parent / "bench" / "resolve_latency.py"
HOBSON = WorkQuery("explicit", title="Imperialism", authors=("J. A. Hobson",))
BARE = WorkQuery("explicit", title="Imperialism")
serve = test_catalogue_support.serve  # the fixture: one local server per catalogue


def searches(cat) -> list[dict[str, str]]:
    return [dict(r.args) for r in cat.requests if r.path == "/search.json"]


def test_a_bare_title_takes_the_work_another_post_names_with_its_author(serve, tmp_path):
    ol = serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False)
    found = r.resolve_all([BARE, HOBSON, BARE])
    assert found[HOBSON].outcome == "sure" and found[HOBSON].work.id == "OL2101W"
    assert found[BARE].work.id == "OL2101W" and found[BARE].outcome == "sure"
    assert "the work another post names with its author" in found[BARE].reasons
    assert [s.get("author") for s in searches(ol)] == ["J. A. Hobson"]  # no bare search


def test_a_bare_title_on_its_own_is_searched_and_stays_unsure(serve, tmp_path):
    ol = serve("openlibrary")
    found = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False).resolve_all([BARE])
    assert found[BARE].outcome == "unsure" and len(found[BARE].candidates) >= 2
    assert [s.get("author") for s in searches(ol)] == [None]


def test_two_authors_for_one_title_leave_the_bare_title_to_its_own_search(serve, tmp_path):
    ol = serve("openlibrary")
    other = WorkQuery("explicit", title="Imperialism", authors=("Harold Marsh",))
    found = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False).resolve_all(
        [HOBSON, other, BARE])
    assert found[BARE].outcome == "unsure"  # which of the two? the user decides
    assert {"title": "Imperialism", "fields": searches(ol)[0]["fields"], "limit": "10"} in \
        searches(ol)


def test_the_users_decision_on_a_bare_title_wins_over_the_named_work(serve, tmp_path):
    serve("openlibrary")
    decisions = Decisions(choices={query_id(BARE): "openlibrary:OL2104W"})
    found = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False,
                          decisions=decisions).resolve_all([HOBSON, BARE])
    assert found[HOBSON].work.id == "OL2101W"
    assert found[BARE].work.id == "OL2104W" and found[BARE].sources["outcome"] == "review"


# -- a generated list, end to end through scan ---------------------------------------------------
@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("resolve_latency", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["resolve_latency"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def generated(bench, monkeypatch) -> Iterator[tuple[ModuleType, object]]:
    cat = bench.Catalogue(bench.catalogue(24), latency=0.0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), cat.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", f"http://127.0.0.1:{server.server_port}")
    yield bench, cat
    server.shutdown()
    server.server_close()


def test_each_work_is_asked_for_once_and_a_rerun_asks_nothing(generated, tmp_path):
    bench, cat = generated
    works = cat.works
    thread = tmp_path / "thread.txt"
    thread.write_text("\n\n".join(bench.thread_posts(works)) + "\n", encoding="utf-8")

    def run() -> object:
        options = ScanOptions(output=None, providers=["openlibrary"],
                              http=make_http(tmp_path), settings=Settings(contact="t@x.org"))
        return scan([str(thread)], options)

    cold = run()
    asked = list(cat.requests)
    mentions = Counter(m.title for m in cold.mentions if m.recommended and m.title)
    assert len(mentions) == len(works) and max(mentions.values()) == 4  # up to 4 mentions each
    assert {m.kind for m in cold.mentions} >= {"explicit", "link"}
    assert sorted(w.match.work.id for w in cold.works) == sorted(w.id for w in works)
    kinds = Counter(bench.kind_of(r) for r in asked)
    # One search and one editions list per work, all ISBN links in one batch (+ its search).
    assert kinds == {"search title/author": len(works), "/works/{id}/editions.json": len(works),
                     "/api/books": 1, "search isbn:(...)": 1}
    assert set(bench.asked_per_work(asked, works).values()) == {2}

    cat.requests.clear()
    again = run()
    assert cat.requests == [] and again.http.total_sent == 0
    assert again.http.total_cached == len(asked)
