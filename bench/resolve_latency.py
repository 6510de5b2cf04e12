"""Resolution cost on a 100-work list against a local Open Library with 100 ms latency.

    python bench/resolve_latency.py [--works 100] [--latency 0.1] [--rate R] [--concurrency N]

Serves Open Library shaped answers (search, works, editions, authors, /isbn, the batch
/api/books) for works generated deterministically, writes a thread that recommends each work
one to four times (full name, surname, possessive, some by ISBN link), and runs ``scan`` on it
twice with one cache: cold, then again. Reports requests per distinct work (the server's count
and readlist's), requests per kind, how often each work was asked for, and wall time. The rate
is Open Library's documented 3/s unless ``--rate`` (READLIST_OPENLIBRARY_RATE) says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from stdnum import ean

FIRST = ["Mara", "Tomas", "Ines", "Kofi", "Lena", "Arjun", "Sofia", "Emeka", "Yara", "Pavel",
         "Noor", "Hugo", "Amaya", "Jonas", "Leila", "Dmitri", "Clara", "Tariq", "Elif", "Rafael"]
SYLLABLES = ["kor", "van", "del", "mir", "sto", "ran", "bel", "tha", "gun", "ler", "os", "wick",
             "hal", "dren", "ma", "sik", "tor", "ley", "quist", "bra"]
ADJECTIVES = ["Silent", "Broken", "Hidden", "Long", "Burning", "Quiet", "Iron", "Glass",
              "Distant", "Red", "Hollow", "Golden", "Winter", "Restless", "Forgotten"]
NOUNS = ["Harbour", "River", "Republic", "Orchard", "Frontier", "Engine", "Archive", "Tide",
         "Garden", "Lantern", "Mountain", "Bridge", "Machine", "Kingdom", "Library", "Valley"]
PUBLISHERS = [("Verso", "London"), ("Monthly Review Press", "New York"), ("Pluto Press",
              "London"), ("Haymarket Books", "Chicago"), ("Zed Books", "London"),
              ("Penguin", "Harmondsworth"), ("Vintage", "New York"), ("Beacon Press", "Boston")]


@dataclass
class FakeEdition:
    id: str
    year: int
    publisher: str
    place: str
    isbn13: str
    language: str = "eng"
    physical_format: str = "Paperback"


@dataclass
class FakeWork:
    id: str
    title: str
    author: str
    author_id: str
    year: int
    editions: list[FakeEdition] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.author.split()[-1]


def _isbn(rng: random.Random) -> str:
    body = "9781" + "".join(rng.choice("0123456789") for _ in range(8))
    return body + ean.calc_check_digit(body)


def catalogue(n: int, seed: int = 4) -> list[FakeWork]:
    """``n`` works with distinct titles and surnames, three editions each (one e-book)."""
    rng = random.Random(seed)
    titles: set[str] = set()
    surnames: set[str] = set()
    works: list[FakeWork] = []
    while len(works) < n:
        shape = rng.randrange(3)
        adj, noun, noun2 = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
        title = (f"The {adj} {noun}" if shape == 0 else f"{adj} {noun}s and the {noun2}"
                 if shape == 1 else f"A History of the {adj} {noun}")
        surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
        if title in titles or surname in surnames or noun == noun2:
            continue
        titles.add(title)
        surnames.add(surname)
        i = len(works)
        year = rng.randrange(1950, 2015)
        work = FakeWork(f"OL{9000 + i}W", title, f"{rng.choice(FIRST)} {surname}",
                        f"OL{7000 + i}A", year)
        for j, (offset, fmt) in enumerate(((0, "Hardcover"), (rng.randrange(2, 9), "Paperback"),
                                           (rng.randrange(10, 20), "E-book"))):
            publisher, place = rng.choice(PUBLISHERS)
            work.editions.append(FakeEdition(f"OL{50000 + 10 * i + j}M", year + offset,
                                             publisher, place, _isbn(rng),
                                             physical_format=fmt))
        works.append(work)
    return works


def thread_posts(works: list[FakeWork], seed: int = 5) -> list[str]:
    """Posts recommending each work 1-4 times in varied words (the fourth names no author);
    every tenth work is also recommended by an ISBN link."""
    rng = random.Random(seed)
    forms = [
        lambda w: f"I highly recommend *{w.title}* by {w.author}, a must read.",
        lambda w: f"Seconding *{w.title}* by {w.surname}, you should read it.",
        lambda w: f"You must read *{w.title}* by {w.author}. It is essential.",
        lambda w: f"+1 for *{w.title}*, a must read.",  # no author: a query of its own
    ]
    posts = []
    for i, w in enumerate(works):
        for k in range(1 + i % 4):
            posts.append(forms[k](w))
        if i % 10 == 0:
            posts.append(f"Highly recommended, this edition: "
                         f"https://openlibrary.org/isbn/{w.editions[1].isbn13}")
    rng.shuffle(posts)
    return posts


# -- the server ----------------------------------------------------------------------------------
def _norm(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


class Catalogue:
    def __init__(self, works: list[FakeWork], latency: float) -> None:
        self.works = works
        self.latency = latency
        self.by_id = {w.id: w for w in works}
        self.by_author = {w.author_id: w for w in works}
        self.by_isbn = {e.isbn13: (w, e) for w in works for e in w.editions}
        self.requests: list[str] = []
        self.lock = threading.Lock()

    def search_doc(self, w: FakeWork) -> dict[str, Any]:
        return {"key": f"/works/{w.id}", "title": w.title, "author_name": [w.author],
                "author_key": [w.author_id], "first_publish_year": w.year,
                "edition_count": len(w.editions), "isbn": [e.isbn13 for e in w.editions],
                "language": ["eng"]}

    def edition_record(self, w: FakeWork, e: FakeEdition) -> dict[str, Any]:
        return {"key": f"/books/{e.id}", "title": w.title, "publishers": [e.publisher],
                "publish_places": [e.place], "publish_date": str(e.year),
                "isbn_13": [e.isbn13], "languages": [{"key": f"/languages/{e.language}"}],
                "number_of_pages": 200 + e.year % 100, "physical_format": e.physical_format,
                "works": [{"key": f"/works/{w.id}"}],
                "authors": [{"key": f"/authors/{w.author_id}"}]}

    def answer(self, path: str, args: dict[str, str]) -> Any | None:
        if path == "/search.json":
            q = args.get("q", "")
            m = re.fullmatch(r"isbn:\((.*)\)", q)
            if m:
                wanted = set(m.group(1).split(" OR "))
                docs = [w for w in self.works if wanted & {e.isbn13 for e in w.editions}]
            else:
                title = set(_norm(args.get("title") or q))
                author = set(_norm(args.get("author", "")))
                docs = [w for w in self.works if title and title <= set(_norm(w.title))
                        and (not author or author & set(_norm(w.author)))]
                if not docs and title:  # a distractor, as catalogues do: shares a word
                    docs = [w for w in self.works if title & set(_norm(w.title))][:3]
            return {"numFound": len(docs), "docs": [self.search_doc(w) for w in docs[:10]]}
        m = re.fullmatch(r"/works/(OL\d+W)(/editions)?\.json", path)
        if m and m.group(1) in self.by_id:
            w = self.by_id[m.group(1)]
            if m.group(2):
                return {"size": len(w.editions),
                        "entries": [self.edition_record(w, e) for e in w.editions]}
            return {"key": f"/works/{w.id}", "title": w.title, "type": {"key": "/type/work"},
                    "first_publish_date": str(w.year),
                    "authors": [{"author": {"key": f"/authors/{w.author_id}"}}]}
        m = re.fullmatch(r"/authors/(OL\d+A)\.json", path)
        if m and m.group(1) in self.by_author:
            return {"key": f"/authors/{m.group(1)}", "name": self.by_author[m.group(1)].author}
        m = re.fullmatch(r"/isbn/(\d{13})\.json", path)
        if m and m.group(1) in self.by_isbn:
            return self.edition_record(*self.by_isbn[m.group(1)])
        if path == "/api/books":
            out = {}
            for key in args.get("bibkeys", "").split(","):
                found = self.by_isbn.get(key.removeprefix("ISBN:"))
                if found:
                    w, e = found
                    out[key] = {"key": f"/books/{e.id}", "title": w.title,
                                "authors": [{"name": w.author}], "publishers": [{"name":
                                                                                  e.publisher}],
                                "publish_places": [{"name": e.place}],
                                "publish_date": str(e.year),
                                "identifiers": {"isbn_13": [e.isbn13]}}
            return out
        return None

    def handler(self) -> type[BaseHTTPRequestHandler]:
        cat = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                parts = urlsplit(self.path)
                args = {k: v[0] for k, v in parse_qs(parts.query).items()}
                with cat.lock:
                    cat.requests.append(f"{parts.path}?{parts.query}")
                time.sleep(cat.latency)
                body = cat.answer(parts.path, args)
                data = json.dumps(body if body is not None else {"error": "notfound"}).encode()
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def kind_of(request: str) -> str:
    path, _, query = request.partition("?")
    if path == "/search.json":
        return "search isbn:(...)" if "q=isbn" in query else (
            "search q=" if "q=" in query else "search title/author")
    return re.sub(r"OL\d+[WAM]|\d{13}", "{id}", path)


def asked_per_work(requests: list[str], works: list[FakeWork]) -> Counter[str]:
    """How many requests named each work (its search by title, its record, its editions)."""
    per: Counter[str] = Counter()
    by_title = {" ".join(_norm(w.title)): w.id for w in works}
    for r in requests:
        path, _, query = r.partition("?")
        m = re.search(r"/works/(OL\d+W)", path)
        if m:
            per[m.group(1)] += 1
            continue
        if path == "/search.json" and "q=isbn" not in query:
            args = {k: v[0] for k, v in parse_qs(query).items()}
            key = " ".join(_norm(args.get("title") or args.get("q", "")))
            for title, wid in by_title.items():
                if key.startswith(title):
                    per[wid] += 1
    return per


def run_scan(thread: Path, cache: Path, concurrency: int) -> tuple[float, Any]:
    from readlist.config import Settings
    from readlist.http import Http
    from readlist.pipeline import ScanOptions, scan

    http = Http("bench@example.org", cache_path=cache)
    try:
        options = ScanOptions(output=None, providers=["openlibrary"], http=http,
                              concurrency=concurrency, settings=Settings(contact="bench@x.org"))
        start = time.perf_counter()
        result = scan([str(thread)], options)
        return time.perf_counter() - start, result
    finally:
        http.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request")
    parser.add_argument("--rate", type=float, help="Open Library requests/s (default: 3, "
                        "its documented limit)")
    parser.add_argument("--concurrency", type=int, default=None,
                        help="resolver threads (default: the scan default)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    from readlist.pipeline import ScanOptions

    concurrency = args.concurrency or ScanOptions().concurrency
    works = catalogue(args.works)
    cat = Catalogue(works, args.latency)
    server = ThreadingHTTPServer(("127.0.0.1", 0), cat.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="readlist-bench-") as tmp:
        os.environ["READLIST_OPENLIBRARY_URL"] = f"http://127.0.0.1:{server.server_port}"
        os.environ["READLIST_DATA_DIR"] = str(Path(tmp) / "data")  # no decisions of the user's
        if args.rate:
            os.environ["READLIST_OPENLIBRARY_RATE"] = str(args.rate)
        thread = Path(tmp) / "thread.txt"
        posts = thread_posts(works)
        thread.write_text("\n\n".join(posts) + "\n", encoding="utf-8")
        cache = Path(tmp) / "http.sqlite"

        cold_time, cold = run_scan(thread, cache, concurrency)
        cold_requests = list(cat.requests)
        cat.requests.clear()
        warm_time, warm = run_scan(thread, cache, concurrency)
        warm_requests = list(cat.requests)
    server.shutdown()

    resolved = {f"{w.match.work.catalogue}:{w.match.work.id}" for w in cold.works
                if w.match.work is not None}
    expected = {f"openlibrary:{w.id}" for w in works}
    mentions = [m for m in cold.mentions if m.recommended]
    per_work = asked_per_work(cold_requests, works)
    mentioned: Counter[str] = Counter()
    for m in mentions:
        for w in works:
            if m.title and _norm(m.title) == _norm(w.title):
                mentioned[w.id] += 1
    figures = {
        "works": len(works), "posts": len(posts), "recommended_mentions": len(mentions),
        "distinct_queries": len({(m.kind, m.title, m.isbn) for m in mentions}),
        "works_listed": len(cold.works), "works_resolved_right": len(resolved & expected),
        "outcomes": dict(cold.outcomes),
        "rate_per_s": float(os.environ.get("READLIST_OPENLIBRARY_RATE") or 3.0),
        "latency_s": args.latency, "concurrency": concurrency,
        "cold": {"wall_s": round(cold_time, 2), "server_requests": len(cold_requests),
                 "sent": cold.http.total_sent if cold.http else None,
                 "requests_per_work": round(len(cold_requests) / len(works), 2),
                 "by_kind": dict(Counter(kind_of(r) for r in cold_requests).most_common())},
        "rerun": {"wall_s": round(warm_time, 2), "server_requests": len(warm_requests),
                  "sent": warm.http.total_sent if warm.http else None,
                  "from_cache": warm.http.total_cached if warm.http else None,
                  "requests_per_work": round(len(warm_requests) / len(works), 2)},
        "asked_per_work": {"max": max(per_work.values(), default=0),
                           "histogram": dict(sorted(Counter(per_work.values()).items()))},
        "mentions_per_work": dict(sorted(Counter(mentioned.values()).items())),
    }
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        c, r = figures["cold"], figures["rerun"]
        print(f"{figures['works']} works, {figures['posts']} posts, "
              f"{figures['recommended_mentions']} recommended mentions "
              f"(per work: {figures['mentions_per_work']}); listed {figures['works_listed']}, "
              f"right work for {figures['works_resolved_right']}; outcomes "
              f"{figures['outcomes']}")
        print(f"Open Library at {figures['rate_per_s']:g}/s, {args.latency * 1000:.0f} ms a "
              f"request, {concurrency} resolver threads")
        print(f"cold:   {c['wall_s']:.1f} s, {c['server_requests']} requests "
              f"({c['requests_per_work']} per work): {c['by_kind']}")
        print(f"re-run: {r['wall_s']:.1f} s, {r['server_requests']} requests "
              f"({r['from_cache']} answered from the cache)")
        print(f"requests naming one work (search, record, editions): "
              f"{figures['asked_per_work']['histogram']} (max {figures['asked_per_work']['max']})")
    return 0 if figures["rerun"]["server_requests"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
