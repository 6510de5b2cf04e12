"""The HTML reading list in a real browser: Debian's headless Chromium renders the page and the
test reads the DOM it built (titles, links, quotes), checks that nothing from the posts ran, and
that the layout fits a phone and a desktop without sideways scrolling.

Skips only when Chromium is not installed (CI installs Debian's `chromium` through .ci/run).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from readlist.export.listing import ListOptions, build_listing, render

sys.path.insert(0, str(Path(__file__).parent))
from test_list_injection import AUTHORS, HOSTILE_BIB  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "list"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian package `chromium`; .ci/run "
                             "installs it): the HTML list was not checked in a browser")
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
# Test-only probe appended to a copy of the page: records the layout for the assertions.
PROBE = """<script>
document.documentElement.setAttribute("data-probe", JSON.stringify({
  scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
  works: document.querySelectorAll("li.work").length,
  titleHeights: [...document.querySelectorAll("h3.title")].map(e => e.getBoundingClientRect().height),
  ranksVisible: [...document.querySelectorAll(".rank")].every(e => e.getBoundingClientRect().width > 0)
}));
</script>"""


def chromium(tmp_path: Path, page: Path, *args: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--disable-extensions", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(tmp_path: Path, html: str, name: str, width: int = 1200) -> LexborHTMLParser:
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    out = chromium(tmp_path, page, f"--window-size={width},900", "--dump-dom")
    assert "<html" in out, "Chromium printed no DOM"
    return LexborHTMLParser(out)


@pytest.fixture
def reading(tmp_path: Path) -> Path:
    for name in ("reading.bib", "reading.authors.json"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path / "reading.bib"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    bib = tmp_path / "evil.bib"
    bib.write_text(HOSTILE_BIB, encoding="utf-8")
    (tmp_path / "evil.authors.json").write_text(json.dumps(AUTHORS), encoding="utf-8")
    return bib


def test_rendered_page_shows_the_ranked_list(tmp_path: Path, reading: Path) -> None:
    dom = dump_dom(tmp_path, render(build_listing(reading, ListOptions(style="apa")), "html"),
                   "list.html")
    titles = [h.text() for h in dom.css("li.work h3.title")]
    assert titles == ["The Wretched of the Earth", "How Europe Underdeveloped Africa",
                      "Russia and the Long Transition from Capitalism to Socialism",
                      "Maldevelopment: Anatomy of a Global Failure", "Capitalist Realism",
                      "Capital: A Critique of Political Economy"]
    assert [r.text() for r in dom.css("li.work .rank")] == ["1", "2", "3", "4", "5", "6"]
    assert [b.text() for b in dom.css("li.work .badge")] == [
        "sure", "unsure", "sure", "sure", "unresolved", "own entry"]
    first = dom.css_first("li.work")
    link = first.css_first("h3.title a")
    assert link.attributes["href"] == "https://openlibrary.org/books/OL3003M"
    assert set(link.attributes["rel"].split()) >= {"noopener", "noreferrer"}
    assert "must read" in first.css_first("blockquote").text()
    posts = [a.attributes["href"] for a in first.css("details ul.posts a")]
    assert posts == [f"https://lemmy.ml/post/1234/comment/{n}" for n in (501, 517, 530)]
    assert first.css_first(".citation i").text() == "The Wretched of the Earth"
    assert [n.text() for n in dom.css("li.author .name")] == ["Michael Parenti",
                                                               "Domenico Losurdo"]
    # Local post links are shown, not linked; nothing on the page is fetched.
    assert "seeds/000_77b3b552e261b156.txt#L9" in dom.body.text()
    assert not dom.css("img") and not dom.css("script") and not dom.css("link")


def test_nothing_from_the_posts_runs_even_without_the_csp(tmp_path: Path, hostile: Path) -> None:
    html = render(build_listing(hostile, ListOptions(style="apa")), "html")
    # The page forbids scripts; take that away to prove the escaping alone holds.
    dom = dump_dom(tmp_path, CSP.sub("", html), "evil.html")
    assert dom.css_first("body").attributes.get("data-pwned") is None
    assert not dom.css("script") and not dom.css("img") and not dom.css("svg")
    for node in dom.css("*"):
        assert not any(k.lower().startswith("on") for k in node.attributes), node.html
    for a in dom.css("a"):
        assert a.attributes["href"].startswith(("https://", "http://")), a.attributes
    text = dom.body.text()
    assert '<script>alert("t")</script>' in text
    assert "<script>document.body.dataset.pwned=1</script>" in text
    assert dom.css_first("h3.title").text().startswith('<script>alert("t")</script>')


# 500 px is the narrowest window headless Chromium draws; the phone layout starts below 560.
@pytest.mark.parametrize("width", [500, 1280])
@pytest.mark.parametrize("which", ["reading", "hostile"])
def test_layout_fits_phone_and_desktop(tmp_path: Path, reading: Path, hostile: Path,
                                       width: int, which: str) -> None:
    bib = reading if which == "reading" else hostile
    html = render(build_listing(bib, ListOptions(style="mla")), "html")
    probe = CSP.sub("", html).replace("</body>", PROBE + "</body>")
    dom = dump_dom(tmp_path, probe, f"probe-{which}-{width}.html", width=width)
    data = json.loads(dom.css_first("html").attributes["data-probe"])
    assert data["scrollWidth"] <= data["innerWidth"], data  # no sideways scrolling
    assert data["works"] == (6 if which == "reading" else 2)
    assert data["ranksVisible"]
    assert all(h > 0 for h in data["titleHeights"])


def test_screenshot_is_drawn(tmp_path: Path, reading: Path) -> None:
    page = tmp_path / "shot.html"
    page.write_text(render(build_listing(reading), "html"), encoding="utf-8")
    png = tmp_path / "shot.png"
    chromium(tmp_path, page, "--window-size=1100,1400", f"--screenshot={png}")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1100, 1400)
    assert len(data) > 20_000  # a drawn page, not a blank one
