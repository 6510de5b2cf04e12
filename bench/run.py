"""Extraction speed and memory over generated Reddit dumps, beside the I/O floor and spaCy.

    python -m bench.run [--sizes 10MB,100MB,1GB] [--jobs 1,2] [--out /tmp/readlist-bench]

For each size, over the corpus ``bench.generate`` makes (plain NDJSON and .zst), each in a
fresh child process whose CPU time and peak RSS come from ``os.wait4``:

- ``scan``: ``readlist -q scan FILE --no-resolve -o OUT.bib --mentions OUT.jsonl`` end to end
  (reading, Markdown, extraction, writing), plain and .zst;
- ``phases``: the library calls in one process, reading (``read_posts``) and extraction
  (``ThreadTracker.extract``) timed apart, and how many posts pass ``could_mention``;
- ``zstd -dc FILE.zst | wc -l``: the I/O floor;
- ``tokenizer``: ``spacy.blank("en")``'s tokenizer over the same posts' bodies (only the
  tokenizer calls are timed, not the JSON reading);
- ``--jobs N`` runs of the scan, when ``readlist scan --help`` offers ``--jobs``.

Throughputs use CPU seconds (user + system) of the child, so other load on a shared machine
costs less than it would in wall time; wall seconds are printed too. MB = 10**6 bytes of the
uncompressed dump. A JSON copy of every figure goes to ``OUT/results-<time>.json``.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.generate import DEFAULT_OUT, SEED, ensure, parse_size, size_label

TARGET_RATIO = 5.0  # extraction at least 5x faster than the bare tokenizer
TARGET_RSS = 1.2  # peak RSS of the biggest run within 1.2x of the smallest


@dataclass
class Run:
    what: str
    size: str
    file_mb: float  # size of the file read (compressed for .zst)
    data_mb: float  # uncompressed dump
    posts: int
    wall: float
    cpu: float
    rss_mb: float
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def mb_s(self) -> float:
        return self.data_mb / self.cpu if self.cpu else 0.0

    @property
    def posts_s(self) -> float:
        return self.posts / self.cpu if self.cpu else 0.0


def adopt_orphans() -> bool:
    """Make this process the reaper of its descendants' orphans (Linux prctl
    PR_SET_CHILD_SUBREAPER). ``--jobs`` workers are children of multiprocessing's forkserver,
    which outlives the scan's own process: whoever reaps the forkserver learns their CPU time,
    and without this that is init, so wait4 on the scan sees its main process alone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(36, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def reap_adopted(timeout: float = 30.0) -> tuple[float, float]:
    """Wait for the orphans adopted from the last run (the forkserver ends when the scan's
    process has gone): (their CPU seconds with their reaped children's, peak RSS MB)."""
    cpu = rss = 0.0
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.01)
            continue
        cpu += usage.ru_utime + usage.ru_stime
        rss = max(rss, usage.ru_maxrss / 1024)
    return cpu, rss


def per_process(pid: int, stop: threading.Event, seen: dict[int, tuple[str, float]]) -> None:
    """Sample the CPU seconds of ``pid`` and each of its descendants (psutil) until ``stop``:
    the last sample of each process (a process's last 0.2 s can be missed)."""
    try:
        import psutil
    except ImportError:
        return
    try:
        top = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.wait(0.2):
        try:
            procs = [top, *top.children(recursive=True)]
        except psutil.Error:
            return
        for p in procs:
            try:
                cpu = p.cpu_times()
                role = "main" if p.pid == pid else \
                    "forkserver" if "forkserver" in " ".join(p.cmdline()) and \
                    p.ppid() == pid else "worker"
                seen[p.pid] = (role, cpu.user + cpu.system)
            except psutil.Error:
                continue


def wrapped(cmd: list[str], shell: bool = False, parts: dict[str, object] | None = None
            ) -> tuple[float, float, float, str]:
    """Run ``cmd`` under os.wait4 in this process: (wall, cpu, peak RSS MB, stdout). The CPU
    seconds are the command's and all its descendants' (``--jobs`` workers included: forked
    workers are reaped by the command, a forkserver by this process, see ``adopt_orphans``);
    the peak RSS is its main process's. ``parts`` gets the CPU seconds per process, sampled
    (psutil, when installed)."""
    start = time.perf_counter()
    seen: dict[int, tuple[str, float]] = {}
    stop = threading.Event()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=devnull, shell=shell)
        sampler = threading.Thread(target=per_process, args=(proc.pid, stop, seen), daemon=True)
        if parts is not None:
            sampler.start()
        assert proc.stdout is not None
        out = proc.stdout.read()
        stop.set()
        if parts is not None:
            sampler.join()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    others, _ = reap_adopted()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {cmd}")
    if parts is not None:
        parts["cpu_sampled"] = [[role, round(cpu, 2)] for role, cpu in seen.values()]
    return wall, usage.ru_utime + usage.ru_stime + others, usage.ru_maxrss / 1024, out.decode()


PHASES = r"""
import json, sys, time
from readlist.corpus import read_posts
from readlist.extract import ThreadTracker, could_mention, marks_of
from readlist.report import Report
tracker = ThreadTracker()
posts = passed = mentions = 0
t_read = t_extract = 0.0
it = iter(read_posts([sys.argv[1]], Report()))
clock = time.process_time
while True:
    t0 = clock()
    post = next(it, None)
    t_read += clock() - t0
    if post is None:
        break
    posts += 1
    # Counted outside the clock: the extractor asks the same question again inside.
    passed += bool(post.text) and could_mention(post.text, tracker.context_for(post),
                                                marks_of(post.hints))
    t1 = clock()
    found = tracker.extract(post)
    t_extract += clock() - t1
    mentions += len(found)
print(json.dumps({"posts": posts, "passed": passed, "mentions": mentions,
                  "read_s": t_read, "extract_s": t_extract}))
"""

TOKENIZE = r"""
import json, sys, time
import spacy
nlp = spacy.blank("en")
tok = nlp.tokenizer
posts = tokens = chars = 0
t_tok = 0.0
clock = time.process_time


def tokenize(batch):
    global posts, tokens, chars, t_tok
    t0 = clock()
    for doc in tok.pipe(batch):
        tokens += len(doc)
    t_tok += clock() - t0
    posts += len(batch)
    chars += sum(map(len, batch))


with open(sys.argv[1], "rb") as f:
    batch = []
    for line in f:
        body = json.loads(line).get("body") or ""
        if body in ("[deleted]", "[removed]") or not body.strip():
            continue
        batch.append(body)
        if len(batch) == 2000:
            tokenize(batch)
            batch = []
    tokenize(batch)
print(json.dumps({"posts": posts, "tokens": tokens, "chars": chars, "tokenize_s": t_tok,
                  "spacy": spacy.__version__}))
"""


def has_jobs_option() -> bool:
    try:
        out = subprocess.run([sys.executable, "-m", "readlist.cli", "scan", "--help"],
                             capture_output=True, text=True, check=False, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "--jobs" in out


def zstd_floor(zst: Path) -> tuple[float, float, float, str, str]:
    """(wall, cpu, rss, line count, how) of decompressing to wc -l."""
    if shutil.which("zstd"):
        cmd = f"zstd -dc --long=31 {_q(zst)} | wc -l"
        how = "zstd -dc | wc -l"
    else:
        code = ("import sys, zstandard; d = zstandard.ZstdDecompressor(max_window_size=2**31);"
                "r = d.stream_reader(open(sys.argv[1], 'rb')); n = 0\n"
                "for b in iter(lambda: r.read(1 << 20), b''): n += b.count(b'\\n')\nprint(n)")
        cmd = f"{_q(sys.executable)} -c {_q(code)} {_q(zst)}"
        how = "python zstandard (no zstd binary)"
    wall, cpu, rss, out = wrapped(["bash", "-c", cmd])
    return wall, cpu, rss, out.strip(), how


def _q(s: object) -> str:
    import shlex

    return shlex.quote(str(s))


def scan_cmd(path: Path, scratch: Path, extra: list[str] | None = None) -> list[str]:
    return [sys.executable, "-m", "readlist.cli", "-q", "scan", str(path), "--no-resolve",
            "-o", str(scratch / "bench-out.bib"), "--mentions",
            str(scratch / "bench-mentions.jsonl"), *(extra or [])]


def count_lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def bench_size(size: int, out: Path, jobs: list[int], jobs_ok: bool, skip: set[str]
               ) -> list[Run]:
    entry = ensure(out, size, SEED)
    plain, zst = Path(str(entry["path"])), Path(str(entry["zst_path"]))
    label = size_label(size)
    data_mb = int(entry["bytes"]) / 1e6  # type: ignore[call-overload]
    scratch = out / f"scratch-{label}"
    scratch.mkdir(exist_ok=True)
    runs: list[Run] = []

    def note(run: Run) -> None:
        runs.append(run)
        print(f"  {run.size:>6} {run.what:<22} {run.wall:8.1f} s wall {run.cpu:8.1f} s cpu "
              f"{run.mb_s:8.2f} MB/s {run.posts_s:10,.0f} posts/s {run.rss_mb:7.1f} MB RSS "
              f"{json.dumps(run.extra) if run.extra else ''}", file=sys.stderr, flush=True)

    if "phases" not in skip:
        wall, cpu, rss, text = wrapped([sys.executable, "-c", PHASES, str(plain)])
        ph = json.loads(text)
        note(Run("phases: read+extract", label, data_mb, data_mb, ph["posts"], wall, cpu, rss,
                 extra=ph))
        posts = int(ph["posts"])
    else:
        posts = int(entry["lines"])  # type: ignore[call-overload]
    for path, what in ((plain, "scan plain"), (zst, "scan .zst")):
        if what.replace(" ", "-") in skip:
            continue
        wall, cpu, rss, _ = wrapped(scan_cmd(path, scratch))
        mentions = count_lines(scratch / "bench-mentions.jsonl")
        note(Run(what, label, path.stat().st_size / 1e6, data_mb, posts, wall, cpu, rss,
                 extra={"mentions": mentions}))
    if "zstd" not in skip:
        wall, cpu, rss, lines, how = zstd_floor(zst)
        note(Run("zstd -dc | wc -l", label, zst.stat().st_size / 1e6, data_mb, posts, wall, cpu,
                 rss, extra={"lines": int(lines), "how": how}))
    if "tokenizer" not in skip:
        wall, cpu, rss, text = wrapped([sys.executable, "-c", TOKENIZE, str(plain)])
        tk = json.loads(text)
        note(Run("spaCy blank tokenizer", label, data_mb, data_mb, tk["posts"], wall, cpu, rss,
                 extra=tk))
    if jobs and jobs_ok:
        for n in jobs:
            parts: dict[str, object] = {"load_before": round(os.getloadavg()[0], 2)}
            wall, cpu, rss, _ = wrapped(scan_cmd(plain, scratch, ["--jobs", str(n)]), parts=parts)
            parts["load_after"] = round(os.getloadavg()[0], 2)
            note(Run(f"scan plain --jobs {n}", label, data_mb, data_mb, posts, wall, cpu, rss,
                     extra=parts))
    return runs


def table(runs: list[Run]) -> list[str]:
    lines = ["| size | run | wall s | CPU s | MB/s (CPU) | posts/s (CPU) | peak RSS MB |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in runs:
        lines.append(f"| {r.size} | {r.what} | {r.wall:.1f} | {r.cpu:.1f} | {r.mb_s:.2f} | "
                     f"{r.posts_s:,.0f} | {r.rss_mb:.0f} |")
    return lines


def verdicts(runs: list[Run], jobs_ok: bool) -> list[str]:
    out = []
    by = {(r.size, r.what): r for r in runs}
    sizes = list(dict.fromkeys(r.size for r in runs))
    for s in sizes:
        tok, ph = by.get((s, "spaCy blank tokenizer")), by.get((s, "phases: read+extract"))
        scan = by.get((s, "scan plain"))
        if tok and ph:
            t = float(tok.extra["tokenize_s"])  # type: ignore[arg-type]
            e = float(ph.extra["extract_s"])  # type: ignore[arg-type]
            ratio = t / e if e else float("inf")
            passed = int(ph.extra["passed"]) / max(1, int(ph.extra["posts"]))  # type: ignore[call-overload]
            out.append(f"{s}: tokenizer {t:.1f} s vs extraction {e:.1f} s (reading "
                       f"{float(ph.extra['read_s']):.1f} s, {passed:.0%} of posts pass "  # type: ignore[arg-type]
                       f"could_mention): extraction is {ratio:.2f}x the tokenizer's speed "
                       f"(target >= {TARGET_RATIO:g}x: {'met' if ratio >= TARGET_RATIO else 'MISSED'})")
            if scan:
                whole = t / scan.cpu if scan.cpu else 0
                out.append(f"{s}: whole scan (reading, Markdown, extraction, writing) "
                           f"{scan.cpu:.1f} s CPU: {whole:.2f}x the tokenizer's speed")
        z = by.get((s, "zstd -dc | wc -l"))
        zs = by.get((s, "scan .zst"))
        if z and zs:
            out.append(f"{s}: I/O floor zstd -dc | wc -l {z.wall:.2f} s wall "
                       f"({z.data_mb / max(z.wall, 1e-9):.0f} MB/s); scan .zst is "
                       f"{zs.wall / max(z.wall, 1e-9):.0f}x slower")
        # Speed-up against --jobs 1, or the plain scan (one process) when --jobs 1 was not run.
        j1 = by.get((s, "scan plain --jobs 1")) or scan
        for r in runs:
            if j1 and r is not j1 and r.size == s and r.what.startswith("scan plain --jobs "):
                out.append(f"{s}: {r.what}: {j1.wall / r.wall:.2f}x the speed of {j1.what} "
                           f"(wall; {r.cpu / j1.cpu:.2f}x its CPU seconds)")
    if not jobs_ok:
        out.append("--jobs: `readlist scan --help` has no --jobs yet; speed-up not measured")
    for what in ("scan plain", "scan .zst"):
        rs = [r for r in runs if r.what == what]
        if len(rs) >= 2:
            lo, hi = rs[0], rs[-1]
            ratio = hi.rss_mb / lo.rss_mb
            out.append(f"{what}: peak RSS {hi.size} {hi.rss_mb:.0f} MB vs {lo.size} "
                       f"{lo.rss_mb:.0f} MB = {ratio:.2f}x (target <= {TARGET_RSS:g}x: "
                       f"{'met' if ratio <= TARGET_RSS else 'MISSED'})")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10MB,100MB,1GB")
    parser.add_argument("--jobs", default="1,2",
                        help="--jobs values to time the scan with ('' to skip)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="scratch directory")
    parser.add_argument("--skip", default="",
                        help="comma-separated: phases, scan-plain, scan-.zst, zstd, tokenizer")
    opts = parser.parse_args(argv)
    sizes = [parse_size(s) for s in opts.sizes.split(",") if s.strip()]
    jobs = [int(j) for j in opts.jobs.split(",") if j.strip()]
    skip = {s.strip() for s in opts.skip.split(",") if s.strip()}
    jobs_ok = bool(jobs) and has_jobs_option()
    if jobs and not jobs_ok:
        print("readlist scan has no --jobs option yet: the --jobs runs are skipped",
              file=sys.stderr)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"python {sys.version.split()[0]}", file=sys.stderr)
    if not adopt_orphans():
        print("cannot adopt orphaned processes here: --jobs CPU counts the main process only",
              file=sys.stderr)
    runs: list[Run] = []
    for size in sizes:
        runs += bench_size(size, opts.out, jobs, jobs_ok, skip)
    lines = table(runs) + [""] + verdicts(runs, jobs_ok)
    print("\n".join(lines))
    stamp = time.strftime("%Y%m%dT%H%M%S")
    dump = opts.out / f"results-{stamp}.json"
    dump.write_text(json.dumps({"runs": [asdict(r) for r in runs], "summary": lines,
                                "cpus": os.cpu_count(), "load": os.getloadavg()}, indent=1))
    print(f"\n(figures also in {dump})", file=sys.stderr)


if __name__ == "__main__":
    main()
