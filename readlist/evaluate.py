"""Measure extraction against a labelled set: precision, recall and F1 of recommended works.

The gold file is JSON Lines (see bench/eval/README.md): one record per document (its thread
title) and one per labelled post (its recommended works and its labelled negatives). A post
with no record recommends nothing, so every recommendation the extractor finds there is a
false positive.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from readlist.catalogue.normalise import main_title, normalise_title, surname
from readlist.corpus import read_posts
from readlist.errors import ReadlistError
from readlist.extract import ThreadContext, extract_mentions
from readlist.extract.context import ThreadTracker, with_structure
from readlist.models import KINDS, Mention, Post
from readlist.report import Report

TITLE_MATCH = 85.0  # rapidfuzz ratio (0-100) on normalised titles: tolerates typos, not swaps
_SERIES_WORDS = ("trilogy", "series", "books", "novels", "saga", "quartet", "cycle")


class EvalError(ReadlistError):
    """The gold file is missing or malformed."""


@dataclass(frozen=True)
class GoldWork:
    """One recommended work as the labeller wrote it down."""

    kind: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    aka: tuple[str, ...] = ()
    isbn: str | None = None
    doi: str | None = None
    url: str | None = None
    description: str | None = None

    def label(self) -> str:
        parts = [self.title or (f"[{self.description}]" if self.description else "[author]")]
        if self.authors:
            parts.append("by " + "; ".join(self.authors))
        for key in ("isbn", "doi", "url"):
            value = getattr(self, key)
            if value and not self.title:
                parts.append(f"{key} {value}")
        return " ".join(parts)


@dataclass
class GoldPost:
    source: str
    post: int
    line: int | None = None
    parent: int | None = None
    works: list[GoldWork] = field(default_factory=list)
    negatives: list[dict[str, str]] = field(default_factory=list)


@dataclass
class GoldDoc:
    source: str
    thread_title: str | None = None
    community: str | None = None
    posts: int | None = None


@dataclass
class GoldSet:
    docs: dict[str, GoldDoc] = field(default_factory=dict)
    posts: dict[tuple[str, int], GoldPost] = field(default_factory=dict)


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise EvalError(f"{where}: expected a list of strings, got {value!r}")


def _gold_work(raw: Any, where: str) -> GoldWork:
    if not isinstance(raw, dict):
        raise EvalError(f"{where}: a work must be an object")
    kind = raw.get("kind", "explicit")
    if kind not in KINDS:
        raise EvalError(f"{where}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    work = GoldWork(kind=kind, title=raw.get("title") or None,
                    authors=_str_list(raw.get("authors"), where),
                    aka=_str_list(raw.get("aka"), where), isbn=raw.get("isbn") or None,
                    doi=raw.get("doi") or None, url=raw.get("url") or None,
                    description=raw.get("description") or None)
    if not (work.title or work.authors or work.isbn or work.doi or work.url):
        raise EvalError(f"{where}: a work needs a title, an author or an identifier")
    return work


def load_gold(path: Path) -> GoldSet:
    """Read a gold JSONL file; a malformed line is an error naming the file and line."""
    gold = GoldSet()
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise EvalError(f"{path}: cannot read gold file ({exc.strerror or exc})") from exc
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(rec, dict) or not isinstance(rec.get("source"), str):
            raise EvalError(f"{where}: each record needs a \"source\"")
        source = rec["source"]
        if "post" not in rec:
            gold.docs[source] = GoldDoc(source, rec.get("thread_title"), rec.get("community"),
                                        rec.get("posts"))
            continue
        if not isinstance(rec["post"], int) or rec["post"] < 0:
            raise EvalError(f"{where}: \"post\" must be a 0-based index")
        works = [_gold_work(w, where) for w in rec.get("works", [])]
        negatives = [n if isinstance(n, dict) else {"text": str(n)}
                     for n in rec.get("negatives", [])]
        gold.posts[(source, rec["post"])] = GoldPost(source, rec["post"], rec.get("line"),
                                                     rec.get("parent"), works, negatives)
        gold.docs.setdefault(source, GoldDoc(source))
    return gold


# --- matching ----------------------------------------------------------------------------

def _norm(title: str) -> str:
    t = normalise_title(title)
    words = t.split()
    while len(words) > 1 and words[-1] in _SERIES_WORDS:
        words.pop()
    return " ".join(words)


def title_similarity(a: str, b: str) -> float:
    """0-100: how alike two titles are, forgiving case, articles, subtitles and small typos."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    best = fuzz.ratio(na, nb)
    for x, y in ((_norm(main_title(a)), nb), (na, _norm(main_title(b)))):
        if x and y and x == y:
            best = max(best, 95.0)
    return best


def _surnames(names: Iterable[str]) -> set[str]:
    return {s for s in (surname(n) for n in names) if s}


def match_score(gold: GoldWork, m: Mention) -> float:
    """How well a predicted mention matches a gold work: 0 for no match, else 0-100."""
    if gold.isbn and m.isbn and gold.isbn.replace("-", "") == m.isbn:
        return 100.0
    if gold.doi and m.doi and gold.doi.casefold() == m.doi.casefold():
        return 100.0
    if gold.url and m.url and gold.url.rstrip("/") == m.url.rstrip("/"):
        return 100.0
    if m.title:
        titles = [t for t in (gold.title, *gold.aka) if t]
        # "Silman's Complete Endgame Course": the possessor may be part of the title itself
        forms = [m.title, *(f"{a}'s {m.title}" for a in m.authors[:1] if m.kind == "possessive")]
        best = max((title_similarity(t, f) for t in titles for f in forms), default=0.0)
        return best if best >= TITLE_MATCH else 0.0
    # A mention without a title (an author, a description) matches a work without one.
    if not gold.title and m.authors and gold.authors and \
            _surnames(gold.authors) & _surnames(m.authors):
        return 90.0
    return 0.0


# --- scoring -----------------------------------------------------------------------------

@dataclass
class Pair:
    """One line of the evaluation: a gold work, a predicted mention, or both."""

    status: str  # "tp" | "fp" | "fn" | "dup" (a second mention of a work already found)
    source: str
    post: int
    line: int | None
    gold: GoldWork | None = None
    mention: Mention | None = None
    negative: str | None = None  # for fp: the labelled negative it hit, with why


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class Evaluation:
    pairs: list[Pair] = field(default_factory=list)
    posts: int = 0
    documents: list[str] = field(default_factory=list)
    mentions: int = 0  # every mention found, recommended or not
    unlabelled: list[str] = field(default_factory=list)  # documents with no gold record
    missing: list[str] = field(default_factory=list)  # gold documents not found in DIR

    @property
    def overall(self) -> Counts:
        c = Counts()
        for p in self.pairs:
            if p.status in ("tp", "fp", "fn"):
                setattr(c, p.status, getattr(c, p.status) + 1)
        return c

    def by_kind(self) -> dict[str, KindCounts]:
        """Recall by the gold kind, precision by the predicted kind (a tp counts in both)."""
        out = {k: KindCounts() for k in KINDS}
        for p in self.pairs:
            if p.status == "tp" and p.gold and p.mention:
                out[p.gold.kind].tp += 1
                out[p.mention.kind].tp_predicted += 1
            elif p.status == "fn" and p.gold:
                out[p.gold.kind].fn += 1
            elif p.status == "fp" and p.mention:
                out[p.mention.kind].fp += 1
        return out

    def by_document(self) -> dict[str, Counts]:
        out: dict[str, Counts] = {d: Counts() for d in self.documents}
        for p in self.pairs:
            if p.status in ("tp", "fp", "fn"):
                c = out.setdefault(p.source, Counts())
                setattr(c, p.status, getattr(c, p.status) + 1)
        return out


@dataclass
class KindCounts(Counts):
    """Per kind: ``tp``/``fn`` by the gold kind, ``tp_predicted``/``fp`` by the predicted kind."""

    tp_predicted: int = 0

    @property
    def precision(self) -> float:
        n = self.tp_predicted + self.fp
        return self.tp_predicted / n if n else 1.0

    def as_dict(self) -> dict[str, float | int]:
        d = super().as_dict()
        d["tp_predicted"] = self.tp_predicted
        return d


def score_post(source: str, post: int, line: int | None, gold: GoldPost | None,
               mentions: list[Mention]) -> list[Pair]:
    """Pair the recommended mentions of one post with its gold works, best matches first."""
    works = gold.works if gold else []
    recommended = [m for m in mentions if m.recommended]
    scores = sorted(((match_score(g, m), gi, mi) for gi, g in enumerate(works)
                     for mi, m in enumerate(recommended)), key=lambda t: (-t[0], t[1], t[2]))
    gold_taken: dict[int, int] = {}
    mention_taken: dict[int, int] = {}
    for s, gi, mi in scores:
        if s <= 0:
            break
        if gi not in gold_taken and mi not in mention_taken:
            gold_taken[gi] = mi
            mention_taken[mi] = gi
    pairs: list[Pair] = []
    for gi, g in enumerate(works):
        if gi in gold_taken:
            pairs.append(Pair("tp", source, post, line, g, recommended[gold_taken[gi]]))
        else:
            pairs.append(Pair("fn", source, post, line, g))
    for mi, m in enumerate(recommended):
        if mi in mention_taken:
            continue
        if any(match_score(g, m) > 0 for g in works):
            pairs.append(Pair("dup", source, post, line, None, m))
            continue
        hit = None
        for neg in gold.negatives if gold else []:
            text = neg.get("text", "")
            if text and (title_similarity(text, m.title or m.surface) >= TITLE_MATCH
                         or text.casefold() in m.surface.casefold()
                         or m.surface.casefold() in text.casefold()):
                hit = f"{text} ({neg.get('why', '')})".strip()
                break
        pairs.append(Pair("fp", source, post, line, None, m, hit))
    return pairs


def _relative(source: str, directory: Path) -> str:
    try:
        return Path(source).resolve().relative_to(directory.resolve()).as_posix()
    except ValueError:
        return Path(source).as_posix()


def evaluate(directory: Path, gold_path: Path, *, report: Report | None = None,
             extractor: Callable[[Post, ThreadContext], list[Mention]] | None = None
             ) -> Evaluation:
    """Extract from every document under ``directory`` and score against ``gold_path``."""
    report = report or Report()
    directory = Path(directory)
    if not directory.is_dir():
        raise EvalError(f"{directory}: not a directory")
    gold = load_gold(Path(gold_path))
    ev = Evaluation()
    tracker = ThreadTracker()
    seen_docs: dict[str, int] = {}
    for post in read_posts([str(directory)], report):
        rel = _relative(post.source, directory)
        doc = gold.docs.get(rel)
        if doc is None:
            if rel not in ev.unlabelled:
                ev.unlabelled.append(rel)
                report.warn(post.source, "no gold record for this document; not scored")
            continue
        labels = gold.posts.get((rel, post.index))
        post = with_structure(post, doc.thread_title,
                              labels.parent if labels is not None else None, doc.community)
        if labels is not None and labels.line is not None and post.line is not None \
                and labels.line != post.line:
            report.warn(post.source, f"gold says post {post.index} starts on line {labels.line}, "
                        f"the reader says {post.line}", post.line)
        if rel not in seen_docs:
            ev.documents.append(rel)
        seen_docs[rel] = seen_docs.get(rel, 0) + 1
        ev.posts += 1
        mentions = tracker.extract(post, extractor or extract_mentions)
        ev.mentions += len(mentions)
        ev.pairs.extend(score_post(rel, post.index, post.line, labels, mentions))
    for source, doc in gold.docs.items():
        if source not in seen_docs:
            ev.missing.append(source)
            report.warn(str(directory / source), "in the gold file but not found; not scored")
        elif doc.posts is not None and doc.posts != seen_docs[source]:
            report.warn(str(directory / source), f"gold counts {doc.posts} posts, the reader "
                        f"found {seen_docs[source]}")
    return ev


# --- output ------------------------------------------------------------------------------

def _row(name: str, c: Counts, width: int) -> str:
    return (f"{name:<{width}} {c.tp:>4} {c.fp:>4} {c.fn:>4}  {c.precision:>6.3f} "
            f"{c.recall:>6.3f} {c.f1:>6.3f}")


def _mention_label(m: Mention) -> str:
    what = m.title or (f"[{m.description}]" if m.description else "")
    if m.authors:
        what = f"{what} by {'; '.join(m.authors)}".strip()
    return what or m.surface


def render_text(ev: Evaluation, lists: bool = True) -> str:
    """The evaluation as plain text: totals, per kind, per document, then the errors."""
    o = ev.overall
    out = [f"documents {len(ev.documents)}  posts {ev.posts}  mentions found {ev.mentions}  "
           f"gold works {o.tp + o.fn}  recommended found {o.tp + o.fp}",
           f"overall  precision {o.precision:.3f}  recall {o.recall:.3f}  F1 {o.f1:.3f}  "
           f"(tp {o.tp}, fp {o.fp}, fn {o.fn})", ""]
    out.append(f"{'kind':<12}   tp   fp   fn  precis recall     F1")
    for kind, c in ev.by_kind().items():
        if c.tp or c.fp or c.fn:
            out.append(_row(kind, c, 12))
    out.append("  (recall by the gold kind, precision by the predicted kind)")
    out.append("")
    width = max([len(d) for d in ev.documents] + [8])
    out.append(f"{'document':<{width}}   tp   fp   fn  precis recall     F1")
    for doc, counts in ev.by_document().items():
        out.append(_row(doc, counts, width))
    if lists:
        fps = [p for p in ev.pairs if p.status == "fp"]
        fns = [p for p in ev.pairs if p.status == "fn"]
        out.append("")
        out.append(f"false positives ({len(fps)}):")
        for p in fps:
            m = p.mention
            assert m is not None
            hit = f"  [labelled negative: {p.negative}]" if p.negative else ""
            out.append(f"  {p.source}#L{p.line} post {p.post}: {m.kind} {_mention_label(m)!r} "
                       f"conf {m.confidence:.2f} <- {m.surface!r}{hit}")
            if m.reasons:
                out.append(f"      reasons: {'; '.join(m.reasons)}")
        out.append("")
        out.append(f"false negatives ({len(fns)}):")
        for p in fns:
            assert p.gold is not None
            out.append(f"  {p.source}#L{p.line} post {p.post}: {p.gold.kind} {p.gold.label()!r}")
    return "\n".join(_safe(line) for line in out) + "\n"


def _safe(text: str) -> str:
    return "".join(c if c.isprintable() or c == " " else "\ufffd" for c in text)


def to_json(ev: Evaluation) -> dict[str, Any]:
    def mention(m: Mention | None) -> dict[str, Any] | None:
        if m is None:
            return None
        return {"surface": m.surface, "kind": m.kind, "title": m.title,
                "authors": list(m.authors), "confidence": m.confidence,
                "reasons": list(m.reasons)}

    def gold(g: GoldWork | None) -> dict[str, Any] | None:
        if g is None:
            return None
        return {"kind": g.kind, "title": g.title, "authors": list(g.authors)}

    return {
        "documents": len(ev.documents), "posts": ev.posts, "mentions": ev.mentions,
        "overall": ev.overall.as_dict(),
        "by_kind": {k: c.as_dict() for k, c in ev.by_kind().items()},
        "by_document": {d: c.as_dict() for d, c in ev.by_document().items()},
        "errors": [{"status": p.status, "source": p.source, "post": p.post, "line": p.line,
                    "gold": gold(p.gold), "mention": mention(p.mention),
                    "negative": p.negative}
                   for p in ev.pairs if p.status in ("fp", "fn")],
        "unlabelled": ev.unlabelled, "missing": ev.missing,
    }
