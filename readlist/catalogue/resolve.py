"""Resolution: ask the providers in order, match, pick an edition, isolate failures.

Each distinct :class:`WorkQuery` is resolved once per run; independent queries run in a small
thread pool while the HTTP layer holds every host to its own rate limit.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from readlist.catalogue.base import Provider
from readlist.catalogue.matching import choose_described, choose_edition, choose_work
from readlist.errors import CatalogueError
from readlist.models import Match, Work, WorkQuery
from readlist.report import Report

# Failures after which a provider is not asked again in this run: it will not get better.
FATAL_KINDS = ("unreachable", "rate_limited", "forbidden")


class Resolver:
    def __init__(self, providers: list[Provider], report: Report | None = None,
                 concurrency: int = 4, language: str | None = "eng") -> None:
        self.providers = providers
        self.report = report or Report()
        self.concurrency = max(1, concurrency)
        self.language = language
        self.failures: Counter[str] = Counter()  # provider -> failed calls
        self.down: dict[str, str] = {}  # provider -> why it is no longer asked
        self._author_works: dict[tuple[str, str], list[Work]] = {}
        self._lock = threading.Lock()

    # -- bookkeeping -----------------------------------------------------------------------------
    def _usable(self) -> list[Provider]:
        return [p for p in self.providers if p.name not in self.down]

    def _failed(self, provider: Provider, exc: CatalogueError) -> None:
        with self._lock:
            self.failures[provider.name] += 1
            first = self.failures[provider.name] == 1
            if exc.kind in FATAL_KINDS and provider.name not in self.down:
                self.down[provider.name] = str(exc)
                return  # the summary says it once; no need for a warning too
        if first:
            self.report.warn("", str(exc), category="catalogue")

    def _call(self, provider: Provider, fn: Callable[[], object]) -> object | None:
        try:
            return fn()
        except CatalogueError as exc:
            self._failed(provider, exc)
            raise

    # -- resolution ------------------------------------------------------------------------------
    def resolve_all(self, queries: Iterable[WorkQuery],
                    on_done: Callable[[WorkQuery, Match], None] | None = None
                    ) -> dict[WorkQuery, Match]:
        unique = list(dict.fromkeys(queries))
        results: dict[WorkQuery, Match] = {}
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            for query, match in zip(unique, pool.map(self.resolve, unique), strict=True):
                results[query] = match
                if on_done is not None:
                    on_done(query, match)
        return results

    def resolve(self, query: WorkQuery) -> Match:
        best = Match("none", 0.0, reasons=("no catalogue asked",))
        errors: list[str] = []
        for provider in self._usable():
            if provider.available() is not None:
                continue
            try:
                match = self._resolve_with(provider, query)
            except CatalogueError as exc:
                if provider.name not in self.down:
                    self._failed(provider, exc)
                errors.append(exc.kind)
                continue
            if match.outcome == "sure":
                return match
            if _rank(match) > _rank(best):
                best = match
        if best.outcome == "none" and errors:
            kind = "unreachable" if any(e in FATAL_KINDS or e == "offline" for e in errors) \
                else errors[0]
            return replace(best, error=kind, reasons=(*best.reasons, f"catalogue {kind}"))
        return best

    def _resolve_with(self, provider: Provider, query: WorkQuery) -> Match:
        if query.isbn:
            found = provider.by_isbn(query.isbn)
            if found is None:
                return Match("none", 0.0, reasons=(f"ISBN {query.isbn} not in {provider.name}",))
            work, found_edition = found
            if work is None:
                e = found_edition
                work = Work(catalogue=provider.name, id=e.id, title=e.title, subtitle=e.subtitle,
                            authors=e.authors, year=e.year, url=e.url)
            return Match("sure", 1.0, work=work, edition=found_edition,
                         reasons=(f"ISBN {query.isbn}",), sources=_sources(provider.name))
        if query.doi:
            work = provider.by_doi(query.doi)
            if work is None:
                return Match("none", 0.0, reasons=(f"DOI {query.doi} not in {provider.name}",))
            return Match("sure", 1.0, work=work, reasons=(f"DOI {query.doi}",),
                         sources=_sources(provider.name))
        if query.kind == "description" and query.authors and query.description:
            works = self._bibliography(provider, query.authors[0])
            match = choose_described(query.description, works)
        elif query.kind == "author_only" or not query.title:
            return Match("none", 0.0, reasons=("a recommended author, not a work",))
        else:
            match = choose_work(query, provider.search(query))
        if match.work is None:
            return match
        work = match.work
        editions = provider.editions(work)
        edition, why = choose_edition(editions, query.isbn, self.language)
        reasons = (*match.reasons, why) if edition else match.reasons
        return replace(match, edition=edition, reasons=reasons, sources=_sources(provider.name))

    def _bibliography(self, provider: Provider, author: str) -> list[Work]:
        key = (provider.name, author.casefold())
        with self._lock:
            cached = self._author_works.get(key)
        if cached is not None:
            return cached
        works = provider.author_works(author)
        with self._lock:
            self._author_works[key] = works
        return works


def _rank(match: Match) -> tuple[int, float]:
    return ({"sure": 2, "unsure": 1}.get(match.outcome, 0), match.score)


def _sources(provider: str) -> dict[str, str]:
    return {f: provider for f in ("title", "authors", "year", "publisher", "address", "isbn",
                                  "url")}
