"""How the extractor does on a dump's chatter, where the generator knows the truth.

    python -m bench.dump_accuracy [--size 10MB] [--seed 20240601]

Writes (to a temporary file) the corpus ``bench.generate`` makes for that size and seed,
recording which comments carry a planted mention and whether it recommends; reads it back with
the Pushshift reader and runs the extractor as a scan does. The filler sentences are chatter,
so any recommended work outside a planted mention is wrong. Prints:

- the share of posts the pre-filter lets through;
- recall: planted recommending mentions found recommended (the planted title, or for links,
  ISBNs and "anything by" a recommended mention of that kind);
- planted dismissals ("couldn't finish X", "X is overrated") taken as recommendations;
- false positives: recommended mentions on posts with no planted mention, per 1,000 posts;
- extraction CPU per post (context, pre-filter, extraction, record), beside the per-post time
  of spaCy's blank tokenizer when spaCy is installed.

This is a synthetic check of the pre-filter and of chatter, not of extraction quality in
general: ``readlist eval`` over the labelled threads in bench/eval measures that.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bench.generate import MENTIONS, SEED, Generator, parse_size
from readlist.corpus import read_posts
from readlist.extract import ThreadTracker, could_mention, marks_of
from readlist.models import Mention
from readlist.report import Report

UNTITLED = ("link", "isbn", "doi", "author_only")


def planted(path: Path, size: int, seed: int) -> dict[str, tuple[str, bool, str]]:
    """Write the corpus to ``path``; comment id -> (template, recommends?, title) of its
    planted mention."""
    gen = Generator(seed)
    gen.truth = {}
    written = 0
    with path.open("w", encoding="utf-8") as f:
        while written < size:
            line = json.dumps(gen.record(), ensure_ascii=False, separators=(",", ":")) + "\n"
            f.write(line)
            written += len(line.encode())
    return gen.truth


def truth_recommends(template: str) -> bool:
    return dict(MENTIONS)[template]


def found(mentions: list[Mention], title: str) -> bool:
    want = title.casefold()
    return any(m.recommended and (m.kind in UNTITLED or (m.title is not None and fuzz.ratio(
        m.title.casefold(), want) >= 85)) for m in mentions)


def tokenizer_us(texts: list[str]) -> float | None:
    try:
        import spacy
    except ImportError:
        return None
    tok: Any = spacy.blank("en").tokenizer
    start = time.process_time()
    for _doc in tok.pipe(texts, batch_size=1000):
        pass
    return (time.process_time() - start) / max(len(texts), 1) * 1e6


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="10MB")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"RC_truth_{args.size}.ndjson"
        truth = planted(path, parse_size(args.size), args.seed)
        posts = list(read_posts([str(path)], Report()))
    tracker = ThreadTracker()
    passed = false_pos = 0
    cpu = 0.0
    by_template: dict[str, list[int]] = {}  # template -> [found, planted, passed the filter]
    for post in posts:
        # Counted outside the clock: the extractor asks the same question again inside.
        ok = bool(post.text) and could_mention(post.text, tracker.context_for(post),
                                               marks_of(post.hints))
        passed += ok
        start = time.process_time()
        mentions = tracker.extract(post)
        cpu += time.process_time() - start
        plant = truth.get((post.id or "").removeprefix("t1_"))
        if plant is None:
            false_pos += sum(1 for m in mentions if m.recommended and m.kind != "author_only")
            continue
        row = by_template.setdefault(plant[0], [0, 0, 0])
        row[0] += found(mentions, plant[2])
        row[1] += 1
        row[2] += ok
    recommending = {t: r for t, r in by_template.items() if truth_recommends(t)}
    hits = sum(r[0] for r in recommending.values())
    total = sum(r[1] for r in recommending.values())
    dismissed = sum(r[1] for t, r in by_template.items() if t not in recommending)
    dismissed_taken = sum(r[0] for t, r in by_template.items() if t not in recommending)
    n = len(posts)
    tok = tokenizer_us([p.text for p in posts])
    per_post = cpu / n * 1e6
    print(f"posts {n}, planted mentions {len(truth)} "
          f"({total} recommending, {dismissed} dismissive)")
    print(f"pre-filter passes {passed} posts ({passed / n:.1%})")
    print(f"recall of planted recommendations: {hits}/{total} = {hits / max(total, 1):.3f}")
    for template, (hit, planted_n, through) in sorted(by_template.items(), key=lambda kv: kv[0]):
        kind = "recommends" if template in recommending else "dismisses "
        print(f"  {kind} {hit:3d} found / {planted_n:3d} planted, {through:3d} past the "
              f"filter: {template[:60]!r}")
    print(f"planted dismissals taken as recommendations: {dismissed_taken}/{dismissed}")
    print(f"recommended works on chatter posts (all wrong): {false_pos} "
          f"({false_pos / n * 1000:.2f} per 1,000 posts)")
    print(f"extraction CPU: {per_post:.1f} us/post"
          + (f"; spaCy blank tokenizer {tok:.1f} us/post: extraction is "
             f"{tok / per_post:.2f}x the tokenizer's speed" if tok else ""))


if __name__ == "__main__":
    main()
