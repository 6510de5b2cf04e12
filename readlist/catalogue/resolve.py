"""Resolution: ask the providers in order, match, pick an edition, fill thin records from other
catalogues, isolate failures.

Each distinct :class:`WorkQuery` is resolved once per run (a bare title that another query
names with its author takes that query's work, without a search of its own); ISBNs are looked
up in batches before anything else; independent queries run in a small thread pool while the
HTTP layer holds every host to its own rate limit. Nothing here raises for a catalogue's trouble: failures become
warnings (one per catalogue), a per-catalogue count, and ``Match.error`` on what stayed unresolved.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace

from stdnum import isbn as stdnum_isbn

from readlist.catalogue.base import Once, Provider, T
from readlist.catalogue.decisions import NONE, Decisions
from readlist.catalogue.matching import (
    TITLE_FLOOR,
    choose_described,
    choose_edition,
    choose_work,
    title_similarity,
)
from readlist.catalogue.merge import fill, isbn13s, missing, present, provenance, same_edition
from readlist.catalogue.normalise import normalise_title, surname
from readlist.errors import CatalogueError
from readlist.models import Edition, Match, Work, WorkQuery
from readlist.report import Report

log = logging.getLogger(__name__)

# Failures after which a provider is not asked again in this run: it will not get better.
FATAL_KINDS = ("unreachable", "rate_limited", "forbidden")
# A catalogue that keeps answering 5xx or garbage is left alone after this many in a row.
FAILURES_IN_A_ROW = 3
DETAIL_TOP = 3  # candidates whose full record is fetched when a description match is unsure


class Resolver:
    def __init__(self, providers: list[Provider], report: Report | None = None,
                 concurrency: int = 4, language: str | None = "eng", *,
                 enrich: bool = True, accept_unsure: bool = False,
                 decisions: Decisions | None = None) -> None:
        self.providers = providers
        self.report = report or Report()
        self.concurrency = max(1, concurrency)
        self.language = language
        self.enrich = enrich
        self.accept_unsure = accept_unsure
        self.decisions = decisions if decisions is not None else Decisions.load()
        self.failures: Counter[str] = Counter()  # provider -> failed calls
        self.down: dict[str, str] = {}  # provider -> why it is no longer asked
        self.skipped: dict[str, str] = {}  # provider -> why it was never asked (no key ...)
        self.accepted: list[Match] = []  # unsure matches kept by --accept-unsure
        self.memo = Once()
        self._in_a_row: Counter[str] = Counter()
        self._lock = threading.Lock()

    # -- bookkeeping -----------------------------------------------------------------------------
    def _usable(self) -> list[Provider]:
        out = []
        for p in self.providers:
            why = p.available()
            if why is not None:
                with self._lock:
                    self.skipped.setdefault(p.name, why)
                continue
            if p.name not in self.down:
                out.append(p)
        return out

    def _failed(self, provider: Provider, exc: CatalogueError) -> None:
        with self._lock:
            self.failures[provider.name] += 1
            self._in_a_row[provider.name] += 1
            first = self.failures[provider.name] == 1
            if provider.name not in self.down and (
                    exc.kind in FATAL_KINDS or self._in_a_row[provider.name] >= FAILURES_IN_A_ROW):
                self.down[provider.name] = str(exc) if exc.kind in FATAL_KINDS else \
                    f"{exc} ({self._in_a_row[provider.name]} failures in a row)"
                return  # the summary says it once; no need for a warning too
        if first:
            self.report.warn("", str(exc), category="catalogue")

    def _guard(self, provider: Provider, fn: Callable[[], T]) -> T:
        """Run a provider call; a plugin's bug counts as that catalogue failing, not the run."""
        try:
            return fn()
        except CatalogueError:
            raise
        except Exception as exc:  # noqa: BLE001 - a provider must never take the run down
            log.debug("provider %s failed", provider.name, exc_info=True)
            raise CatalogueError(f"{provider.name}: failed ({type(exc).__name__}: {exc})",
                                 provider.name, "bad_response") from exc

    # -- memoised provider calls: each asked once per run ---------------------------------------
    def _search(self, p: Provider, query: WorkQuery) -> list[Work]:
        key = (p.name, "search", query.title, query.authors[:1])
        return self.memo.get(key, lambda: self._guard(p, lambda: p.search(query)))

    def _editions(self, p: Provider, work: Work) -> list[Edition]:
        return self.memo.get((p.name, "editions", work.id),
                             lambda: self._guard(p, lambda: p.editions(work)))

    def _isbn(self, p: Provider, isbn: str) -> tuple[Work | None, Edition] | None:
        return self.memo.get((p.name, "isbn", isbn),
                             lambda: self._guard(p, lambda: p.by_isbn(isbn)))

    def _bibliography(self, p: Provider, author: str) -> list[Work]:
        return self.memo.get((p.name, "author", author.casefold()),
                             lambda: self._guard(p, lambda: p.author_works(author)))

    def _details(self, p: Provider, work: Work) -> Work:
        detail = self.memo.get((p.name, "details", work.id),
                               lambda: self._guard(p, lambda: p.work_details(work)))
        return detail if isinstance(detail, Work) else work

    # -- resolution ------------------------------------------------------------------------------
    def resolve_all(self, queries: Iterable[WorkQuery],
                    on_done: Callable[[WorkQuery, Match], None] | None = None
                    ) -> dict[WorkQuery, Match]:
        unique = list(dict.fromkeys(queries))
        self.prefetch_isbns([q.isbn for q in unique if q.isbn])
        results: dict[WorkQuery, Match] = {}
        # A bare title another post names with its author ("+1 for Imperialism" beside
        # "Imperialism by Hobson") waits for that query and takes its work: no search of its own.
        named = {normalise_title(q.title or "") for q in unique if q.title and q.authors}
        later = [q for q in unique if _bare_title(q) and not self.decisions.get(q)
                 and normalise_title(q.title or "") in named]
        waiting = set(later)
        pool = ThreadPoolExecutor(max_workers=self.concurrency)
        try:
            self._run(pool, [q for q in unique if q not in waiting], results, on_done)
            rest = []
            for query in later:
                match = _named_with_author(query, results)
                if match is None:
                    rest.append(query)
                    continue
                results[query] = match
                if on_done is not None:
                    on_done(query, match)
            self._run(pool, rest, results, on_done)
        except BaseException:
            # Ctrl-C (or a bug): drop the queries not started instead of resolving them all
            # before the exception may leave; the caller closes the HTTP client.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return {q: results[q] for q in unique}

    def _run(self, pool: ThreadPoolExecutor, queries: list[WorkQuery],
             results: dict[WorkQuery, Match],
             on_done: Callable[[WorkQuery, Match], None] | None) -> None:
        futures = {pool.submit(self.resolve, q): q for q in queries}
        for future in as_completed(futures):
            query = futures[future]
            results[query] = future.result()
            if on_done is not None:
                on_done(query, results[query])

    def prefetch_isbns(self, isbns: list[str]) -> None:
        """Ask the first catalogue that can take many ISBNs at once for all of them."""
        wanted = [i for i in dict.fromkeys(isbns) if stdnum_isbn.is_valid(i)]
        if not wanted:
            return
        for p in self._usable():
            if not p.batch_isbns:
                continue
            todo = [i for i in wanted if self.memo.peek((p.name, "isbn", i), False) is False]
            if not todo:
                return
            try:
                found = self._guard(p, functools.partial(p.by_isbns, todo))
            except CatalogueError as exc:
                self._failed(p, exc)
                continue
            for isbn in todo:
                self.memo.put((p.name, "isbn", isbn), found.get(isbn))
            return

    def resolve(self, query: WorkQuery) -> Match:
        choice = self.decisions.get(query)
        if choice:
            decided = self.decided(choice)
            if decided is not None:
                return decided
        notes: tuple[str, ...] = ()
        if query.isbn and not stdnum_isbn.is_valid(query.isbn):
            if not query.title:
                return Match("none", 0.0, error="invalid isbn",
                             reasons=(f"{query.isbn} is not a valid ISBN (checksum)",))
            notes = (f"ignored invalid ISBN {query.isbn}",)
            query = replace(query, isbn=None)
        best: Match | None = None
        origin = ""
        errors: list[str] = []
        for provider in self.providers:
            if provider.available() is not None:
                with self._lock:
                    self.skipped.setdefault(provider.name, provider.available() or "")
                continue
            if provider.name in self.down:
                errors.append("unreachable")
                continue
            try:
                match = self._resolve_with(provider, query)
            except CatalogueError as exc:
                if provider.name not in self.down:
                    self._failed(provider, exc)
                errors.append(exc.kind)
                continue
            with self._lock:
                self._in_a_row[provider.name] = 0
            if best is None or _rank(match) > _rank(best):
                best, origin = match, provider.name
            if match.outcome == "sure":
                break
        if best is None:
            best = Match("none", 0.0, reasons=("no catalogue asked",), error="no catalogue")
        if notes:
            best = replace(best, reasons=(*notes, *best.reasons))
        if best.outcome == "none" and errors:
            kind = "unreachable" if any(e in FATAL_KINDS or e == "offline" for e in errors) \
                else errors[0]
            return replace(best, error=kind, reasons=(*best.reasons, f"catalogue {kind}"))
        if best.resolved and self.enrich:
            best = self._enrich(best, origin)
        if best.outcome == "unsure" and self.accept_unsure:
            best = replace(best, outcome="sure",
                           sources={**best.sources, "outcome": "accepted-unsure"},
                           reasons=(*best.reasons, "top candidate accepted (--accept-unsure)"))
            with self._lock:
                self.accepted.append(best)
        return best

    def _resolve_with(self, provider: Provider, query: WorkQuery) -> Match:
        if query.isbn:
            found = self._isbn(provider, query.isbn)
            if found is not None:
                return self._isbn_match(provider, query, *found)
            if not query.title:
                return Match("none", 0.0, reasons=(f"ISBN {query.isbn} not in {provider.name}",))
        if query.doi:
            work = self._guard(provider, lambda: provider.by_doi(query.doi or ""))
            if isinstance(work, Work):
                return self._with_edition(provider, Match("sure", 1.0, work=work,
                                                          reasons=(f"DOI {query.doi}",)), query)
            if not query.title:
                return Match("none", 0.0, reasons=(f"DOI {query.doi} not in {provider.name}",))
        if query.kind == "description" and query.authors and query.description:
            match = self._described(provider, query)
        elif query.kind == "author_only" or not query.title:
            return Match("none", 0.0, reasons=("a recommended author, not a work",))
        else:
            match = choose_work(query, self._search(provider, query))
        if match.work is None:
            return match
        return self._with_edition(provider, match, query)

    def _isbn_match(self, provider: Provider, query: WorkQuery, work: Work | None,
                    edition: Edition) -> Match:
        if work is None:
            work = Work(catalogue=provider.name, id=edition.id, title=edition.title,
                        subtitle=edition.subtitle, authors=edition.authors, year=edition.year,
                        url=edition.url)
        outcome, reasons = "sure", [f"ISBN {query.isbn}", "the edition the post names by ISBN"]
        if query.title:
            similarity, why = title_similarity(query.title, work)
            if similarity < TITLE_FLOOR:
                # An ISBN that names another book than the post's title: let the user decide.
                outcome = "unsure"
                reasons.append(f"but the post's title differs ({why})")
        return Match(outcome, 1.0 if outcome == "sure" else 0.8, work=work, edition=edition,
                     reasons=tuple(reasons), sources=provenance(work, edition))

    def _described(self, provider: Provider, query: WorkQuery) -> Match:
        description = query.description or ""
        works = self._bibliography(provider, query.authors[0])
        match = choose_described(description, works)
        if match.outcome == "sure" or not match.candidates:
            return match
        # Author works lists often leave out descriptions: fetch the full record of the top few
        # candidates, once each, and decide again.
        top = [c.work for c in match.candidates[:DETAIL_TOP] if not c.work.description]
        if not top:
            return match
        detailed = {w.id: self._details(provider, w) for w in top}
        if all(detailed[w.id] is w for w in top):
            return match
        again = choose_described(description, [detailed.get(w.id, w) for w in works])
        return replace(again, reasons=(*again.reasons, "after fetching full work records"))

    def _with_edition(self, provider: Provider, match: Match, query: WorkQuery) -> Match:
        assert match.work is not None
        work = match.work
        edition, why = choose_edition(self._editions(provider, work), query.isbn,
                                      query.language or self.language)
        reasons = (*match.reasons, why) if edition else match.reasons
        if edition is not None and not edition.authors and work.authors:
            edition = replace(edition, authors=work.authors)
        return replace(match, edition=edition, reasons=reasons,
                       sources=provenance(work, edition))

    # -- merging across catalogues ---------------------------------------------------------------
    def _enrich(self, match: Match, origin: str) -> Match:
        need = missing(match.edition)
        if not need or match.work is None:
            return match
        edition, sources = match.edition, dict(match.sources)
        used = []
        for p in self._usable():
            if p.name == origin:
                continue
            try:
                other = self._counterpart(p, match.work, edition)
            except CatalogueError as exc:
                if p.name not in self.down:
                    self._failed(p, exc)
                continue
            if other is None:
                continue
            if edition is None:
                edition, filled = other, present(other)
            elif same_edition(edition, other):
                edition, filled = fill(edition, other, need | {"pages", "edition", "language"})
            else:
                continue
            if filled:
                used.append(p.name)
                sources.update({f: p.name for f in filled})
                if "publisher" in filled or edition is other:
                    sources.setdefault("url", origin)
            need = missing(edition)
            if not need:
                break
        if not used:
            return match
        return replace(match, edition=edition, sources=sources,
                       reasons=(*match.reasons, f"fields filled from {', '.join(used)}"))

    def _counterpart(self, p: Provider, work: Work, edition: Edition | None) -> Edition | None:
        """The same edition in catalogue ``p`` (by ISBN), or with none, the same work's default."""
        isbns = sorted(isbn13s(edition))
        for isbn in isbns[:2]:
            found = self._isbn(p, isbn)
            if found is not None:
                return found[1]
        if isbns:
            return None  # the edition we have is not in ``p``; another would mix editions
        query = WorkQuery(kind="explicit", title=work.title, authors=work.authors[:1])
        match = choose_work(query, self._search(p, query))
        if match.outcome != "sure" or match.work is None:
            return None
        chosen, _ = choose_edition(self._editions(p, match.work), None, self.language)
        return chosen

    # -- the user's own choices ------------------------------------------------------------------
    def decided(self, choice: str) -> Match | None:
        """The match a choice made in review stands for (``"none"`` or ``"<catalogue>:<id>"``),
        or None when that catalogue is not in use or cannot say (then resolve as usual)."""
        if choice == NONE:
            return Match("none", 0.0, reasons=("none of the candidates, as you chose in review",),
                         sources={"outcome": "review"})
        name, _, work_id = choice.partition(":")
        provider = next((p for p in self._usable() if p.name == name), None)
        if provider is None or not work_id:
            return None  # that catalogue is not in use: resolve as usual
        try:
            work = self._guard(provider, lambda: provider.by_id(work_id))
        except CatalogueError as exc:
            self._failed(provider, exc)
            return None
        if not isinstance(work, Work):
            return None
        match = Match("sure", 1.0, work=work, reasons=(f"chosen in review: {choice}",))
        try:
            match = self._with_edition(provider, match, WorkQuery(kind="explicit"))
        except CatalogueError as exc:
            self._failed(provider, exc)
        return replace(match, sources={**match.sources, "outcome": "review"})


def _bare_title(query: WorkQuery) -> bool:
    return query.kind == "explicit" and bool(query.title) and not (
        query.authors or query.isbn or query.doi or query.description)


def _named_with_author(query: WorkQuery, results: dict[WorkQuery, Match]) -> Match | None:
    """The work the queries with ``query``'s title and an author were surely resolved to, when
    they all name one author and agree; None (resolve it on its own) otherwise."""
    title = normalise_title(query.title or "")
    same = [(q, m) for q, m in results.items()
            if q.title and q.authors and normalise_title(q.title) == title]
    surnames = {surname(q.authors[0]) for q, _ in same}
    works = {(m.work.catalogue, m.work.id) for _, m in same
             if m.outcome == "sure" and m.work is not None}
    if len(surnames) != 1 or len(works) != 1 or any(m.outcome != "sure" for _, m in same):
        return None
    match = next(m for _, m in same if m.outcome == "sure")
    return replace(match, reasons=(*match.reasons,
                                   "the work another post names with its author"))


def _rank(match: Match) -> tuple[int, float]:
    return ({"sure": 2, "unsure": 1}.get(match.outcome, 0), match.score)
