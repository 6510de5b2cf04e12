"""The scan pipeline as a library call: read posts, find mentions, resolve works, write BibTeX.

No printing and no click here; progress and warnings reach the caller through callbacks and
the :class:`~readlist.report.Report`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, NamedTuple

from readlist.catalogue import build_providers
from readlist.catalogue.evidence import leave_out_unknown, named_weakly
from readlist.catalogue.normalise import normalise_title, surname
from readlist.catalogue.resolve import Resolver
from readlist.config import Settings, load_settings
from readlist.corpus import read_posts
from readlist.export.bibtex import query_id
from readlist.export.mentions import MentionLog
from readlist.export.merge import MergeStats
from readlist.export.outputs import infer_format, write_works
from readlist.extract import ThreadTracker
from readlist.files import is_special
from readlist.http import Http, HttpStats
from readlist.models import (
    ListedWork,
    Match,
    Mention,
    Post,
    PostRef,
    Recommendation,
    RecommendedAuthor,
    WorkQuery,
)
from readlist.report import Report
from readlist.spill import Spill

DEFAULT_OUTPUT = Path("bib") / "readlist.bib"


@dataclass
class ScanOptions:
    output: Path | None = DEFAULT_OUTPUT  # None: do not write BibTeX
    offline: bool = False
    resolve: bool = True
    providers: list[str] | None = None
    fmt: str | None = None  # force a corpus reader
    dry_run: bool = False
    output_format: str | None = None  # bibtex | ris | csljson; None: from the output's suffix
    concurrency: int = 4
    accept_unsure: bool = False  # keep the top candidate of unsure matches (said in the summary)
    settings: Settings | None = None
    http: Http | None = None  # injected by tests and long-lived callers
    jobs: int = 1  # extraction processes (readlist.engines); 1: in this process
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None  # Dask scheduler address; None: a LocalCluster of `jobs`
    split_min_bytes: int | None = None  # dumps this big are split by thread (engines default)
    # Every mention as JSON Lines (readlist.export.mentions), streamed through a spill file:
    # a path, or an open text stream such as sys.stdout. None: not written.
    mentions_out: Path | IO[str] | None = None
    keep_mentions: bool = True  # also keep them in ScanResult.mentions (memory grows with them)
    # Keep titles taken on their shape alone that every catalogue asked said it does not know
    # (readlist.catalogue.evidence); by default they are left out and counted in the summary.
    keep_unknown: bool = False


@dataclass
class ScanResult:
    posts: int = 0
    sources: set[str] = field(default_factory=set)
    # Every mention in reading order, only with ScanOptions.keep_mentions (a dump's millions
    # would not fit); the counts are always there.
    mentions: list[Mention] = field(default_factory=list)
    mention_count: int = 0
    recommended_count: int = 0
    works: list[ListedWork] = field(default_factory=list)
    authors: list[RecommendedAuthor] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    http: HttpStats | None = None
    catalogue_down: dict[str, str] = field(default_factory=dict)
    catalogue_failures: Counter[str] = field(default_factory=Counter)
    catalogue_skipped: dict[str, str] = field(default_factory=dict)  # asked for, not usable
    accepted_unsure: list[str] = field(default_factory=list)  # titles kept by --accept-unsure
    left_out: list[ListedWork] = field(default_factory=list)  # weak titles no catalogue knows
    written: Path | None = None
    merge: MergeStats | None = None  # with a dry run's diff
    # mention number (0-based, reading order: an index of ``mentions``) -> its listed work
    resolved_for: dict[int, ListedWork] = field(default_factory=dict)

    @property
    def outcomes(self) -> Counter[str]:
        return Counter(w.match.outcome if w.match.work is not None else "unresolved"
                       for w in self.works)


class Kept(NamedTuple):
    """What resolution and the back-links need of a recommended work mention."""

    number: int  # the mention's number in reading order
    qid: str  # query_id of its query
    post: PostRef
    quote: str
    surface: str
    kind: str
    confidence: float


class _Collector:
    """Takes the mentions as they are found: counts them, spills them to ``--mentions``, and
    keeps only what resolution needs (recommended work mentions, compactly; authors merged)."""

    def __init__(self, result: ScanResult, keep: bool, log: MentionLog | None) -> None:
        self.result = result
        self.keep = keep
        self.log = log
        self.kept: Spill[Kept] = Spill()  # one a recommended work mention: on disk, not here
        self.queries: dict[str, WorkQuery] = {}
        self.strong: set[WorkQuery] = set()  # queries some mention named more than weakly
        self._qids: dict[str, str] = {}
        self.authors = _Authors()

    def __call__(self, m: Mention) -> None:
        number = self.result.mention_count
        self.result.mention_count += 1
        if self.keep:
            self.result.mentions.append(m)
        if self.log is not None:
            self.log.add(m)
        self._recommended(m, number)

    def add_line(self, line: str, m: Mention | None) -> None:
        """A mention as its ``--mentions`` line, with the mention itself if recommended."""
        number = self.result.mention_count
        self.result.mention_count += 1
        if self.log is not None:
            self.log.add_line(line)
        if m is not None:
            self._recommended(m, number)

    def _recommended(self, m: Mention, number: int) -> None:
        result = self.result
        if not m.recommended:
            return
        result.recommended_count += 1
        if m.kind == "author_only":
            self.authors.add(m)
            return
        query = m.query()
        qid = query_id(query)
        qid = self._qids.setdefault(qid, qid)  # one string per query, shared by its mentions
        query = self.queries.setdefault(qid, query)
        if not named_weakly(m):
            self.strong.add(query)
        self.kept.append(Kept(number, qid, m.post, m.quote, m.surface, m.kind, m.confidence))


def find_mentions(posts: Iterable[Post], result: ScanResult,
                  on_post: Callable[[Post], None] | None = None) -> Iterator[Mention]:
    tracker = ThreadTracker()  # each post's thread context (readlist.extract.context)
    for post in posts:
        result.posts += 1
        result.sources.add(post.source)
        if on_post is not None:
            on_post(post)
        yield from tracker.extract(post)


def _extract_elsewhere(paths: list[str], options: ScanOptions, result: ScanResult,
                       http: Http | None, collect: _Collector) -> None:
    """Extraction by ``--jobs`` processes or a Dask cluster: the same mentions, same order.
    Without ``keep_mentions``, workers send back compact results."""
    from readlist.engines import SPLIT_MIN_BYTES, extract

    done = extract(paths, result.report, jobs=options.jobs, engine=options.engine,
                   scheduler=options.scheduler, fmt=options.fmt, http=http,
                   split_min_bytes=(SPLIT_MIN_BYTES if options.split_min_bytes is None
                                    else options.split_min_bytes),
                   on_mention=collect if options.keep_mentions else None,
                   on_line=None if options.keep_mentions else collect.add_line)
    result.posts += done.posts
    result.sources |= done.sources


def group_works(kept: Iterable[Kept], matches: dict[str, Match],
                queries: dict[str, WorkQuery]) -> tuple[list[ListedWork], dict[int, ListedWork]]:
    """One listed work per catalogue work (or, unresolved, per query); posts deduplicated.
    Also returns each mention's listed work by mention number."""
    groups: dict[str, ListedWork] = {}
    of_mention: dict[int, ListedWork] = {}
    sure_works = {f"{m.work.catalogue}:{m.work.id}": m for m in matches.values()
                  if m.work is not None and m.outcome == "sure"}
    for mention in kept:
        qid = mention.qid
        match = matches.get(qid, Match("none", 0.0))
        # An unsure description whose candidate another post names outright is that work.
        if match.outcome == "unsure" and match.work is not None:
            for cand in match.candidates:
                ident = f"{cand.work.catalogue}:{cand.work.id}"
                if ident in sure_works:
                    named = sure_works[ident]
                    match = replace(named, reasons=(*match.reasons,
                                                    "named outright in another post"))
                    break
        if match.work is not None:
            ident = f"{match.work.catalogue}:{match.work.id}"
        else:
            q = queries[qid]
            ident = "text:" + (f"{normalise_title(q.title)}|{surname(q.authors[0]) if q.authors else ''}"
                               if q.title else qid)
        item = groups.get(ident)
        if item is None:
            item = groups[ident] = ListedWork(match=match, queries=[])
        elif _better(match, item.match):
            item.match = match
        if queries[qid] not in item.queries:
            item.queries.append(queries[qid])
        rec = Recommendation(post=mention.post, quote=mention.quote, surface=mention.surface,
                             kind=mention.kind, confidence=mention.confidence)
        same = next((r for r in item.recommendations if r.post.link == mention.post.link), None)
        if same is None:
            item.recommendations.append(rec)
        elif rec.confidence > same.confidence:
            item.recommendations[item.recommendations.index(same)] = rec
        of_mention[mention.number] = item
    return list(groups.values()), of_mention


def _better(a: Match, b: Match) -> bool:
    rank = {"sure": 2, "unsure": 1, "none": 0}
    return (rank[a.outcome], a.edition is not None, a.score) > (
        rank[b.outcome], b.edition is not None, b.score)


class _Authors:
    """Authors recommended as such, merged as their mentions come (one entry per name)."""

    def __init__(self) -> None:
        self.by_name: dict[str, RecommendedAuthor] = {}

    def add(self, m: Mention) -> None:
        if m.kind != "author_only" or not m.recommended or not m.authors:
            return
        name = m.authors[0]
        entry = self.by_name.setdefault(surname(name) + "|" + name.casefold(),
                                        RecommendedAuthor(name))
        if all(r.post.link != m.post.link for r in entry.recommendations):
            entry.recommendations.append(Recommendation(m.post, m.quote, m.surface, m.kind,
                                                        m.confidence))


def recommended_authors(mentions: Iterable[Mention]) -> list[RecommendedAuthor]:
    authors = _Authors()
    for m in mentions:
        authors.add(m)
    return list(authors.by_name.values())


def scan(paths: Iterable[str], options: ScanOptions | None = None, *,
         report: Report | None = None,
         on_post: Callable[[Post], None] | None = None,
         on_resolved: Callable[[int, int], None] | None = None) -> ScanResult:
    """Run the whole job over ``paths`` (files, directories, thread URLs)."""
    options = options or ScanOptions()
    settings = options.settings or load_settings()
    result = ScanResult(report=report or Report())
    http = options.http
    own_http = http is None and (options.resolve or any(
        str(p).startswith(("http://", "https://")) for p in paths))
    if own_http:
        http = Http(settings.contact, offline=options.offline)
    log: MentionLog | None = None
    try:
        if options.mentions_out is not None:
            log = MentionLog(options.mentions_out)
        collect = _Collector(result, options.keep_mentions, log)
        if options.jobs == 1 and options.engine == "local":
            posts = read_posts(paths, result.report, options.fmt, http=http)
            for mention in find_mentions(posts, result, on_post):
                collect(mention)
        else:
            _extract_elsewhere(list(paths), options, result, http, collect)
        result.authors = list(collect.authors.by_name.values())
        queries = collect.queries
        matches: dict[str, Match] = {}
        asked = False  # did catalogues answer (so that their silence means something)?
        if options.resolve and queries and http is not None:
            asked = True
            providers = build_providers(options.providers, http, settings)
            resolver = Resolver(providers, result.report, concurrency=options.concurrency,
                                accept_unsure=options.accept_unsure)
            done = 0

            def tick(_q: WorkQuery, _m: Match) -> None:
                nonlocal done
                done += 1
                if on_resolved is not None:
                    on_resolved(done, len(queries))

            by_query = resolver.resolve_all(queries.values(), tick)
            matches = {qid: by_query[q] for qid, q in queries.items()}
            result.catalogue_down = dict(resolver.down)
            result.catalogue_failures = resolver.failures
            result.catalogue_skipped = dict(resolver.skipped)
            result.accepted_unsure = [m.work.title for m in resolver.accepted if m.work]
        else:
            matches = {qid: Match("none", 0.0, reasons=("not resolved",)) for qid in queries}
        result.works, result.resolved_for = group_works(collect.kept, matches, queries)
        collect.kept.close()
        if asked and not options.keep_unknown:
            result.works, result.left_out = leave_out_unknown(result.works, collect.strong)
            if result.left_out:
                gone = {id(w) for w in result.left_out}
                result.resolved_for = {n: w for n, w in result.resolved_for.items()
                                       if id(w) not in gone}
        del collect
        if options.output is not None and (result.works or Path(options.output).exists()):
            out_fmt = infer_format(Path(options.output), options.output_format)
            result.merge = write_works(Path(options.output), result.works, out_fmt,
                                       dry_run=options.dry_run)
            result.written = None if options.dry_run else Path(options.output)
        if options.output is not None and result.authors and not options.dry_run \
                and not is_special(Path(options.output)):  # no sidecar beside /dev/null
            # Author-only recommendations have no BibTeX entry: `list` reads them from a sidecar.
            from readlist.export.listing.authors import write_authors

            write_authors(Path(options.output), result.authors)
        if log is not None:
            log.finish(result.resolved_for)  # after the writer, which sets the citation keys
    except KeyboardInterrupt:
        if http is not None:
            http.cancel()  # resolver threads still running stop at their next request
        raise
    finally:
        if log is not None:
            log.close()  # the spill goes, however the scan ended
        if http is not None:
            result.http = http.stats
            if own_http:
                http.close()
    return result
