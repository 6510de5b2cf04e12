"""Speed and peak memory of ``readlist catalogue import`` on generated Open Library dumps.

Writes deterministic dump files in the real five-column format (type, key, revision,
last_modified, JSON; gzip) with realistic record shapes -- authors, works (title, subtitle,
subjects, a description on some), editions (publishers, places, dates, ISBN-10/13, languages)
at about 1.5 editions a work -- then imports them in a fresh process (the command itself) and
reports rows/s and that process's peak RSS. Several sizes show whether memory stays flat.
Afterwards a few look-ups through the ``local`` provider are timed (title search, author
bibliography, ISBN) on the finished database.

    python bench/catalogue_import.py --works 50000,200000 --dir /tmp/readlist-catalogue-bench

Nothing is written outside ``--dir``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

WORDS = ("history economy planning market soviet state capital labour class theory war peace "
         "river city empire revolution garden machine night winter summer letters ocean stone "
         "silver light shadow kingdom people land money power science mind body children "
         "island road house memory republic world africa europe asia america russia china "
         "india moon star fire water iron glass bread freedom justice reason nature time").split()
FIRST = "Samir Walter Ursula Alec Francis Paul Frantz Rosa Karl Emma Jane John Maria Li Wei " \
        "Amina Kwame Olga Ivan Chen Ana Pedro Fatima Yusuf Hannah David Sara Omar Nina".split()
LAST = "Amin Rodney Guin Nove Spufford Cockshott Fanon Luxemburg Smith Jones Garcia Chen " \
       "Okafor Ivanova Petrov Silva Haddad Cohen Novak Sato Kim Nguyen Mensah Diallo".split()
PUBLISHERS = ["Monthly Review Press", "Verso", "Penguin", "Zed Books", "Pluto Press",
              "Oxford University Press", "Haymarket Books", "Vintage", "Harper & Row"]
PLACES = ["New York", "London", "Oxford", "Chicago", "Paris", "Berlin"]
LANGS = ["eng"] * 6 + ["fre", "ger", "spa"]
STAMP = "2024-01-31T00:00:00.000000"


def _line(kind: str, key: str, rec: dict[str, object]) -> str:
    rec = {"key": key, "type": {"key": kind}, **rec, "revision": 3,
           "latest_revision": 3, "created": {"type": "/type/datetime", "value": STAMP},
           "last_modified": {"type": "/type/datetime", "value": STAMP}}
    return f"{kind}\t{key}\t3\t{STAMP}\t{json.dumps(rec, ensure_ascii=False)}\n"


def _isbn13(rng: random.Random) -> str:
    digits = "978" + "".join(str(rng.randrange(10)) for _ in range(9))
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def _isbn10(isbn13: str) -> str:
    core = isbn13[3:12]
    check = (11 - sum(int(d) * (10 - i) for i, d in enumerate(core)) % 11) % 11
    return core + ("X" if check == 10 else str(check))


def _title(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 6))]
    return " ".join(w.capitalize() if i == 0 or rng.random() < 0.5 else w
                    for i, w in enumerate(words))


def generate(folder: Path, works: int, seed: int = 11) -> dict[str, int]:
    """Write ol_dump_{authors,works,editions}_bench.txt.gz; returns lines per kind."""
    rng = random.Random(seed)
    authors = max(1, works // 4)
    counts = {"authors": authors, "works": works, "editions": 0}
    with gzip.open(folder / "ol_dump_authors_bench.txt.gz", "wt", encoding="utf-8") as f:
        for n in range(1, authors + 1):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            rec: dict[str, object] = {"name": name, "personal_name": name}
            if n % 5 == 0:
                rec["alternate_names"] = [name.split()[-1] + ", " + name.split()[0]]
                rec["birth_date"] = str(rng.randint(1800, 1990))
            f.write(_line("/type/author", f"/authors/OL{n}A", rec))
    with gzip.open(folder / "ol_dump_works_bench.txt.gz", "wt", encoding="utf-8") as f:
        for n in range(1, works + 1):
            rec = {"title": _title(rng),
                   "authors": [{"type": {"key": "/type/author_role"},
                                "author": {"key": f"/authors/OL{rng.randint(1, authors)}A"}}
                               for _ in range(1 if rng.random() < 0.9 else 2)],
                   "subjects": [_title(rng) for _ in range(rng.randint(0, 8))]}
            if rng.random() < 0.4:
                rec["subtitle"] = _title(rng)
            if rng.random() < 0.3:
                rec["description"] = {"type": "/type/text", "value": " ".join(
                    rng.choice(WORDS) for _ in range(rng.randint(20, 120)))}
            if rng.random() < 0.3:
                rec["first_publish_date"] = str(rng.randint(1850, 2024))
            f.write(_line("/type/work", f"/works/OL{n}W", rec))
    edition = 0
    with gzip.open(folder / "ol_dump_editions_bench.txt.gz", "wt", encoding="utf-8") as f:
        for n in range(1, works + 1):
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                edition += 1
                i13 = _isbn13(rng)
                rec = {"title": _title(rng), "works": [{"key": f"/works/OL{n}W"}],
                       "publishers": [rng.choice(PUBLISHERS)],
                       "publish_places": [rng.choice(PLACES)],
                       "publish_date": str(rng.randint(1900, 2024)),
                       "languages": [{"key": f"/languages/{rng.choice(LANGS)}"}],
                       "number_of_pages": rng.randint(80, 900),
                       "source_records": [f"marc:bench/{edition}"]}
                if rng.random() < 0.7:
                    rec["isbn_13"] = [i13]
                if rng.random() < 0.5:
                    rec["isbn_10"] = [_isbn10(i13)]
                f.write(_line("/type/edition", f"/books/OL{edition}M", rec))
    counts["editions"] = edition
    return counts


def run_import(folder: Path, db: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in KiB) of ``readlist catalogue import`` in a fresh
    process (CPU time says what the code costs on a busy machine; wall time what you wait)."""
    files = [str(folder / f"ol_dump_{k}_bench.txt.gz") for k in ("authors", "works", "editions")]
    script = ("import resource, sys; from readlist.cli import main; sys.argv = ['readlist', "
              "'catalogue', 'import', *sys.argv[1:]]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "u = resource.getrusage(resource.RUSAGE_SELF)\n"
              "print('MAXRSS', u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *files, "--db", str(db)],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    usage = next((line.split() for line in done.stderr.splitlines()
                  if line.startswith("MAXRSS")), None)
    if done.returncode != 0 or usage is None:
        sys.exit(f"import failed: {done.stderr}")
    return seconds, float(usage[2]), int(usage[1])


def lookups(db: Path, rounds: int = 200) -> dict[str, float]:
    """Milliseconds per look-up through the provider, on titles/authors/ISBNs of the db."""
    import sqlite3

    from readlist.catalogue.local import LocalCatalogue
    from readlist.config import Settings
    from readlist.models import WorkQuery

    provider = LocalCatalogue(None, Settings(), db=db)
    conn = sqlite3.connect(db)
    rng = random.Random(5)
    top = conn.execute("SELECT MAX(n) FROM works").fetchone()[0]
    sample = []
    while len(sample) < rounds:
        row = conn.execute("SELECT w.title, a.name FROM works w JOIN work_authors wa ON "
                           "wa.work = w.n JOIN authors a ON a.n = wa.author WHERE w.n = ?",
                           (rng.randint(1, top),)).fetchone()
        if row:
            sample.append(row)
    isbns = [str(r[0]) for r in conn.execute("SELECT isbn FROM isbns LIMIT ?", (rounds,))]
    out = {}
    started = time.perf_counter()
    for title, name in sample:
        provider.search(WorkQuery("explicit", title=title, authors=(name,)))
    out["search title+author"] = (time.perf_counter() - started) * 1000 / len(sample)
    started = time.perf_counter()
    for _, name in sample[:50]:
        provider.author_works(name)
    out["author bibliography"] = (time.perf_counter() - started) * 1000 / 50
    started = time.perf_counter()
    for isbn in isbns:
        provider.by_isbn(isbn)
    out["isbn"] = (time.perf_counter() - started) * 1000 / max(1, len(isbns))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", default="50000,200000",
                        help="comma-separated numbers of works to generate (default 50000,200000)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/readlist-catalogue-bench"))
    parser.add_argument("--no-lookups", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"{'works':>8} {'authors':>8} {'editions':>9} {'rows':>9} {'dump MB':>8} "
          f"{'wall s':>7} {'rows/s':>8} {'CPU s':>6} {'rows/CPU s':>10} {'peak RSS MB':>12} "
          f"{'db MB':>7}")
    last_db = None
    for size in (int(s) for s in args.works.split(",")):
        folder = args.dir / f"w{size}"
        folder.mkdir(exist_ok=True)
        counts = generate(folder, size)
        dump_mb = sum(p.stat().st_size for p in folder.glob("*.gz")) / 1e6
        db = folder / "catalogue.sqlite"
        if db.exists():
            db.unlink()
        seconds, cpu, rss = run_import(folder, db)
        rows = sum(counts.values())
        print(f"{size:>8} {counts['authors']:>8} {counts['editions']:>9} {rows:>9} "
              f"{dump_mb:>8.1f} {seconds:>7.1f} {rows / seconds:>8,.0f} {cpu:>6.1f} "
              f"{rows / cpu:>10,.0f} {rss / 1024:>12.1f} {db.stat().st_size / 1e6:>7.1f}")
        last_db = db
    if last_db is not None and not args.no_lookups:
        for what, ms in lookups(last_db).items():
            print(f"{what}: {ms:.2f} ms per look-up")
    print(f"python {sys.version.split()[0]}, sqlite {__import__('sqlite3').sqlite_version}, "
          f"{os.cpu_count()} cpus")


if __name__ == "__main__":
    main()
