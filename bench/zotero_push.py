"""How many requests a Zotero web push costs, against the local stand-in used by the tests.

    python bench/zotero_push.py [N]

Pushes N works (default 300; two back-links each, one a web link) into an empty library, pushes
the same again, pushes a re-scan (10% new works, 10% with a new back-link), pushes again with the
key map deleted, and pushes N works into a library holding 5000 unrelated items. Prints requests
by method and the client's own time (the server answers at once and the rate limit is lifted;
at Zotero's pace of READLIST_ZOTERO_RATE=2/s, time is about requests / 2 seconds).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pytest_httpserver import HTTPServer  # noqa: E402
from test_zotero_fakes import FakeWebApi  # noqa: E402

from readlist.export.zotero import ZoteroOptions, export_zotero  # noqa: E402
from readlist.http import Http  # noqa: E402
from readlist.zotero.store import map_path  # noqa: E402

logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request

KEY = "BenchKey0123456789abcdef"


def bib(n: int, extra_link_every: int = 0, new_every: int = 0) -> str:
    out = []
    count = n + (n // new_every if new_every else 0)
    for i in range(count):
        links = [f"Recommended in https://forum.example/t/{i} by u{i} (2024-01-01): “read {i}”",
                 f"Recommended in threads/{i % 7}.txt\\#L{i + 1}: “also {i}”"]
        if extra_link_every and i % extra_link_every == 0:
            links.append(f"Recommended in https://other.example/c/{i}: “again {i}”")
        out.append(
            f"@book{{writer{i}Book{i},\n  author = {{Writer{i}, Ann}},\n"
            f"  title = {{Book Number {i}: A Study}},\n  year = {{2001}},\n"
            f"  isbn = {{}},\n  keywords = {{readlist, forum}},\n"
            f"  note = {{{'; '.join(links)}}},\n  readlist-outcome = {{sure}},\n"
            f"  readlist-hash = {{x:0}}\n}}\n")
    return "\n".join(out)


def run(fake: FakeWebApi, path: Path, label: str) -> None:
    before = len(fake.seen)
    http = Http("bench@example.org", sleep=lambda s: None)
    start = time.perf_counter()
    done = export_zotero(path, ZoteroOptions(push="web", library="user:123"), http=http)
    took = time.perf_counter() - start
    http.close()
    seen = fake.seen[before:]
    methods = Counter(s.method for s in seen)
    assert done.push is not None
    c = Counter(o.action for o in done.push.outcomes)
    print(f"{label:<34} {len(seen):>5} requests ({', '.join(f'{m} {n}' for m, n in sorted(methods.items()))}); "
          f"{took:6.2f} s; created {c['created']}, updated {c['updated']}, unchanged "
          f"{c['unchanged']}, failed {c['failed']}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("CACHE", "CONFIG", "DATA"):
            os.environ[f"READLIST_{name}_DIR"] = f"{tmp}/_{name.lower()}"
        os.environ["READLIST_ZOTERO_RATE"] = "100000"
        os.environ["ZOTERO_API_KEY"] = KEY
        first, again = Path(tmp, "first.bib"), Path(tmp, "rescan.bib")
        first.write_text(bib(n), encoding="utf-8")
        again.write_text(bib(n, extra_link_every=10, new_every=10), encoding="utf-8")
        for scenario in ("empty", "big"):
            server = HTTPServer(port=0)
            server.start()
            try:
                fake = FakeWebApi(server, KEY)
                os.environ["READLIST_ZOTERO_API_URL"] = fake.url
                map_path("user:123").unlink(missing_ok=True)
                if scenario == "big":
                    for i in range(5000):
                        fake.user.add_item({"itemType": "book", "title": f"Other {i}"})
                    run(fake, first, f"{n} works, library of 5000 others")
                    continue
                run(fake, first, f"first push of {n} works")
                run(fake, first, "same .bib again")
                run(fake, again, "re-scan (+10% works, +10% links)")
                map_path("user:123").unlink()
                run(fake, again, "again with the key map deleted")
            finally:
                server.stop()


if __name__ == "__main__":
    main()
