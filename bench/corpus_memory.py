"""Peak memory of reading a Reddit dump: does the NDJSON/.zst reader hold memory flat?

Generates Pushshift-style comment dumps of the sizes asked (words, Markdown, book
recommendations, reply chains), optionally zstd-compresses them, then measures the peak RSS of
a fresh process that
  - ``read``: only reads the posts (``readlist.corpus.read_posts``), and
  - ``scan``: runs the scan without catalogues (``readlist scan DUMP --no-resolve -o /dev/null``),
    which also finds mentions (the pipeline keeps every mention, so this grows with mentions).

    python bench/corpus_memory.py --sizes 50,500 --dir /tmp/readlist-bench

Numbers are printed as a table; nothing is written outside ``--dir``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from readlist.corpus.pushshift import format_id36

WORDS = ("the of and to a in is it that for was on are with as this be at have from or one had "
         "by but not what all were when we there can an your which their said if do will each "
         "about how up out them then she many some so these would other into has more her two "
         "like him see time could no make than first been its who now people my made over did "
         "down only way find use may water long little very after called just where most know "
         "history economy planning market soviet state capital labour class theory read book").split()
BOOKS = [("Russia and the Long Transition from Capitalism to Socialism", "Samir Amin"),
         ("Maldevelopment", "Samir Amin"), ("An Economic History of the USSR", "Alec Nove"),
         ("Red Plenty", "Francis Spufford"), ("Towards a New Socialism", "Paul Cockshott"),
         ("The Wretched of the Earth", "Frantz Fanon"), ("How Europe Underdeveloped Africa",
                                                           "Walter Rodney")]


def generate(path: Path, megabytes: int, seed: int = 7) -> int:
    """Write a dump of about ``megabytes`` MB; returns the number of lines."""
    rng = random.Random(seed)
    target = megabytes * 1024 * 1024
    written = lines = 0
    base = 36 ** 6
    thread = format_id36(base // 7)
    with path.open("w", encoding="utf-8") as f:
        while written < target:
            n = base + lines
            if lines % 200 == 0:
                thread = format_id36(base // 7 + lines)
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 90)))
            r = rng.random()
            if r < 0.05:
                title, author = rng.choice(BOOKS)
                body += f". I recommend *{title}* by {author}."
            elif r < 0.08:
                body = "&gt; " + body + "\n\nAgreed, **really** good [link](https://example.org)."
            parent = f"t1_{format_id36(n - rng.randint(1, 50))}" if lines % 200 and r < 0.5 \
                else f"t3_{thread}"
            rec = {"all_awardings": [], "author": f"user{rng.randint(1, 50000)}",
                   "author_flair_text": None, "body": body, "controversiality": 0,
                   "created_utc": 1672531200 + lines, "distinguished": None, "edited": False,
                   "gilded": 0, "id": format_id36(n), "is_submitter": False, "link_id": f"t3_{thread}",
                   "parent_id": parent, "permalink": f"/r/books/comments/{thread}/_/{format_id36(n)}/",
                   "retrieved_on": 1672617600, "score": rng.randint(-5, 500), "stickied": False,
                   "subreddit": "books", "subreddit_id": "t5_2qh4i"}
            line = json.dumps(rec) + "\n"
            f.write(line)
            written += len(line.encode())
            lines += 1
    return lines


def compress(src: Path, dst: Path) -> None:
    import zstandard

    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=27)
    with src.open("rb") as fin, dst.open("wb") as fout:
        zstandard.ZstdCompressor(compression_params=params).copy_stream(fin, fout)


READ_ONLY = """
import sys
from readlist.corpus import read_posts
from readlist.report import Report
report = Report()
n = sum(1 for _ in read_posts([sys.argv[1]], report))
print(n, len(report.warnings))
"""


def measure(args: list[str]) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, stdout) of a fresh child process."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    said = done.stdout.strip() or " / ".join(done.stderr.strip().splitlines()[:2])
    return peak / 1024, seconds, said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500", help="dump sizes in MB (comma-separated)")
    parser.add_argument("--dir", default="/tmp/readlist-bench", type=Path)
    parser.add_argument("--modes", default="read,read-zst,scan")
    opts = parser.parse_args()
    opts.dir.mkdir(parents=True, exist_ok=True)
    modes = opts.modes.split(",")
    rows = []
    # RUSAGE_CHILDREN keeps the largest child a process has waited for, so each measurement
    # runs under its own wrapper process (this script with --one).
    for size in (int(s) for s in opts.sizes.split(",")):
        dump = opts.dir / f"RC_bench_{size}MB.ndjson"
        if not dump.exists():
            lines = generate(dump, size)
            print(f"generated {dump} ({lines:,} lines)", file=sys.stderr)
        zst = dump.with_suffix(".ndjson.zst")
        if "read-zst" in modes and not zst.exists():
            compress(dump, zst)
        for mode in modes:
            target = zst if mode == "read-zst" else dump
            if mode.startswith("read"):
                cmd = [sys.executable, "-c", READ_ONLY, str(target)]
            else:
                cmd = [sys.executable, "-m", "readlist.cli", "scan", str(dump),
                       "--no-resolve", "-o", "/dev/null"]
            wrapped = [sys.executable, __file__, "--one", "--", *cmd]
            done = subprocess.run(wrapped, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise SystemExit(done.stderr.strip() or f"{' '.join(cmd)} failed")
            out = done.stdout
            peak, seconds, what = json.loads(out)
            rows.append((mode, size, target.stat().st_size / 2**20, peak, seconds, what))
            print(f"{mode:<9} {size:>5} MB dump ({rows[-1][2]:,.0f} MB file): peak RSS "
                  f"{peak:,.1f} MB, {seconds:,.1f} s  [{what}]", flush=True)


def one() -> None:
    cmd = sys.argv[sys.argv.index("--") + 1:]
    peak, seconds, what = measure(cmd)
    print(json.dumps([peak, seconds, what]))


if __name__ == "__main__":
    if "--one" in sys.argv:
        one()
    else:
        main()
