"""Resolution across catalogues: failures isolated (one warning, the next catalogue asked),
"not found" kept apart from "invalid ISBN" and "unreachable", thin records filled from another
catalogue with provenance, each work resolved once, the user's choices honoured."""

from __future__ import annotations

import time

import pytest
from pytest_httpserver import HTTPServer
from test_catalogue_support import CONTACT, make_http, make_resolver, serve  # noqa: F401
from werkzeug import Response

from readlist.catalogue.base import Provider
from readlist.catalogue.decisions import Decisions
from readlist.catalogue.resolve import Resolver
from readlist.config import Settings
from readlist.export.bibtex import query_id
from readlist.models import Edition, Work, WorkQuery
from readlist.report import Report

HOBSON = WorkQuery("explicit", title="Imperialism", authors=("J. A. Hobson",))
MALDEV = WorkQuery("explicit", title="Maldevelopment", authors=("Samir Amin",))


def catalogue_warnings(report: Report) -> list[str]:
    return [str(w) for w in report.warnings if w.category == "catalogue"]


def test_thin_edition_is_filled_from_another_catalogue_with_provenance(serve, tmp_path):
    serve("openlibrary")
    loc = serve("loc")
    r = make_resolver(["openlibrary", "loc"], make_http(tmp_path))
    found = r.resolve_all([WorkQuery("isbn", isbn="9780999000045"),
                           WorkQuery("isbn", isbn="9781583676011")])
    m = found[WorkQuery("isbn", isbn="9780999000045")]
    # Open Library knows the edition the post names but not where it was published.
    assert m.work.catalogue == "openlibrary" and m.edition.id == "OL3105M"
    assert m.edition.address == "London"
    assert m.sources["address"] == "loc" and m.sources["publisher"] == "openlibrary"
    assert m.sources["title"] == "openlibrary"
    assert any("filled from loc" in r_ for r_ in m.reasons)
    # The complete record (Russia ...) cost Library of Congress nothing.
    assert [q.args.get("q") for q in loc.requests] == ["9780999000045"]


def test_a_failing_catalogue_is_one_warning_and_the_next_is_asked(serve, tmp_path):
    ol = serve("openlibrary")
    serve("loc")
    ol.overrides["/search.json"] = Response("<html>oops</html>", status=200,
                                            content_type="text/html")
    report = Report()
    r = make_resolver(["openlibrary", "loc"], make_http(tmp_path), report)
    m = r.resolve(MALDEV)
    assert m.outcome == "sure" and m.work.catalogue == "loc"
    r.resolve(WorkQuery("explicit", title="Something Else", authors=("Samir Amin",)))
    warnings = catalogue_warnings(report)
    assert len(warnings) == 1 and "openlibrary" in warnings[0] and "not JSON" in warnings[0]
    assert r.failures["openlibrary"] == 2


@pytest.mark.parametrize("status,kind", [(403, "forbidden"), (429, "rate_limited"),
                                         (503, "server")])
def test_refusals_and_outages_take_the_catalogue_out_of_the_run(serve, tmp_path, status, kind):
    ol = serve("openlibrary")
    serve("loc")
    ol.overrides["/search.json"] = Response("{}", status=status,
                                            content_type="application/json")
    r = make_resolver(["openlibrary", "loc"], make_http(tmp_path, max_attempts=2))
    m = r.resolve(MALDEV)
    assert m.work is not None and m.work.catalogue == "loc"
    for i in range(3):
        r.resolve(WorkQuery("explicit", title=f"Another Book {i}", authors=("X Y",)))
    assert "openlibrary" in r.down
    asked = len([q for q in ol.requests if q.path == "/search.json"])
    assert asked <= 6  # not asked again once down (503: after three failures in a row)
    if status == 403:
        assert "access refused (HTTP 403)" in r.down["openlibrary"]


def test_timeouts_fall_through_to_the_next_catalogue(serve, tmp_path, monkeypatch):
    slow = HTTPServer(host="127.0.0.1", port=0)
    slow.start()
    try:
        slow.expect_request("/search.json").respond_with_handler(
            lambda _r: (time.sleep(0.5), Response("{}", content_type="application/json"))[1])
        monkeypatch.setenv("READLIST_OPENLIBRARY_URL", slow.url_for("").rstrip("/"))
        serve("loc")
        http = make_http(tmp_path, timeout=(1.0, 0.1), max_attempts=2)
        r = make_resolver(["openlibrary", "loc"], http)
        m = r.resolve(MALDEV)
        assert m.work.catalogue == "loc"
        assert "timed out" in r.down["openlibrary"]
        assert http.stats.failures["openlibrary"] == 1
    finally:
        slow.clear()
        slow.stop()


def test_not_found_invalid_isbn_and_unreachable_are_told_apart(serve, tmp_path, monkeypatch):
    serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path))
    invalid = r.resolve(WorkQuery("isbn", isbn="9781583676012"))
    assert invalid.error == "invalid isbn" and invalid.outcome == "none"
    missing = r.resolve(WorkQuery("explicit", title="No Such Book", authors=("Nobody",)))
    assert missing.outcome == "none" and missing.error is None
    monkeypatch.setenv("READLIST_OPENLIBRARY_URL", "http://127.0.0.1:9")
    down = make_resolver(["openlibrary"], make_http(tmp_path / "other"))
    first = down.resolve(HOBSON)
    later = down.resolve(WorkQuery("explicit", title="No Such Book", authors=("Nobody",)))
    assert first.error == later.error == "unreachable"


def test_an_invalid_isbn_beside_a_title_still_resolves_the_title(serve, tmp_path):
    serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False)
    m = r.resolve(WorkQuery("link", title="Imperialism", authors=("J. A. Hobson",),
                            isbn="9780999000010"))
    assert m.outcome == "sure" and m.work.id == "OL2101W"
    assert "ignored invalid ISBN 9780999000010" in m.reasons


def test_each_distinct_work_is_resolved_once(serve, tmp_path):
    ol = serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False)
    r.resolve_all([HOBSON, HOBSON, WorkQuery("explicit", title="Imperialism",
                                             authors=("J. A. Hobson",))])
    assert [q.path for q in ol.requests] == ["/search.json", "/works/OL2101W/editions.json"]


def test_accept_unsure_keeps_the_top_candidate_visibly(serve, tmp_path):
    serve("openlibrary")
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False, accept_unsure=True)
    m = r.resolve(WorkQuery("explicit", title="Imperialism"))
    assert m.outcome == "sure" and m.sources["outcome"] == "accepted-unsure"
    assert "top candidate accepted (--accept-unsure)" in m.reasons
    assert r.accepted == [m]
    assert len(m.candidates) >= 2  # the alternatives are still there


def test_a_choice_made_in_review_is_honoured(serve, tmp_path):
    ol = serve("openlibrary")
    q = WorkQuery("explicit", title="Imperialism")
    decisions = Decisions(choices={query_id(q): "openlibrary:OL2104W"})
    r = make_resolver(["openlibrary"], make_http(tmp_path), enrich=False, decisions=decisions)
    m = r.resolve(q)
    assert m.outcome == "sure" and m.work.id == "OL2104W"
    assert m.work.authors == ("Harold Marsh",) and m.edition.publisher == "Harvest House"
    assert m.sources["outcome"] == "review"
    assert "/search.json" not in [x.path for x in ol.requests]
    rejected = Decisions(choices={query_id(q): "none"})
    m2 = make_resolver(["openlibrary"], make_http(tmp_path), decisions=rejected).resolve(q)
    assert m2.outcome == "none" and m2.work is None


class Broken(Provider):
    name = "broken"

    def __init__(self) -> None:  # no HTTP at all
        from readlist.catalogue.base import Once

        self.settings = Settings()
        self.memo = Once()

    def search(self, query, limit=10):
        raise ValueError("a bug in a plugin")


class Fixed(Broken):
    name = "fixed"

    def search(self, query, limit=10):
        return [Work("fixed", "W1", "Imperialism", authors=("J. A. Hobson",))]

    def editions(self, work, limit=100):
        return [Edition("fixed", "E1", "Imperialism", publisher="P", address="A", year=1902,
                        isbn13=("9780999000014",))]


def test_a_buggy_provider_plugin_does_not_take_the_run_down():
    report = Report()
    r = Resolver([Broken(), Fixed()], report, decisions=Decisions())
    m = r.resolve(HOBSON)
    assert m.outcome == "sure" and m.work.catalogue == "fixed"
    assert any("broken: failed (ValueError: a bug in a plugin)" in w
               for w in catalogue_warnings(report))


def test_providers_without_a_key_are_skipped_and_said_so(tmp_path):
    from readlist.catalogue import build_providers, provider_order

    settings = Settings(contact=CONTACT)
    assert "openalex" not in provider_order(None, settings)
    assert "googlebooks" not in provider_order(None, settings)
    assert provider_order(None, settings)[:2] == ["openlibrary", "loc"]
    keyed = Settings(contact=CONTACT, keys={"openalex": "k"})
    assert "openalex" in provider_order(None, keyed)
    providers = build_providers(["openalex"], make_http(tmp_path), settings)
    r = Resolver(providers, Report(), decisions=Decisions())
    assert r.resolve(HOBSON).outcome == "none"
    assert "READLIST_OPENALEX_KEY" in r.skipped["openalex"]


def test_unknown_provider_is_a_clear_error():
    from readlist.catalogue import provider_order
    from readlist.errors import ReadlistError

    with pytest.raises(ReadlistError, match="unknown provider"):
        provider_order(["openlibrary", "nope"], Settings())


def test_summary_reports_failures_by_provider(serve, seed_dir, monkeypatch):
    """Through the CLI: Open Library answers garbage, the scan goes on and says so."""
    import os

    from click.testing import CliRunner

    from readlist.cli import cli

    ol = serve("openlibrary")
    for path in ("/search.json", "/search/authors.json"):
        ol.overrides[path] = Response("not json", status=200, content_type="text/plain")
    old = os.getcwd()
    os.chdir(seed_dir.parent)
    try:
        result = CliRunner().invoke(cli, ["scan", "seeds/", "--providers", "openlibrary"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "openlibrary" in result.stderr and "not JSON" in result.stderr
    assert "unresolved: " in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len([w for w in warnings if "openlibrary" in w]) == 1
