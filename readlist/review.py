"""Reviewing unsure matches: the entries of a .bib that readlist was not sure of, their
candidates, and the user's choice, saved as a decision (every later scan honours it) and applied
to the .bib at once through the usual merge (the user's own edits stay).

No printing and no prompting here except :func:`render_entry`, which draws one entry on a rich
console for ``readlist review``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from readlist.catalogue import build_providers
from readlist.catalogue.decisions import NONE, Decisions
from readlist.catalogue.resolve import Resolver
from readlist.config import Settings, load_settings
from readlist.errors import ReadlistError
from readlist.export.bibtex import BOM, BibEntry, build_entries
from readlist.export.latex import escape
from readlist.export.library import BibRecord, load_library, parse_library, plain
from readlist.export.listing.escaping import clean, http_url
from readlist.export.listing.model import Post, distinct_posts, strongest
from readlist.export.merge import MergeStats, merge_text, read_existing, unified_diff
from readlist.files import atomic_write, locked
from readlist.http import Http
from readlist.models import Edition, ListedWork, Match, Work, WorkQuery
from readlist.report import Report

# "openlibrary:OL2104W Imperialism (0.90); ..." as the BibTeX writer lists candidates.
_CANDIDATE = re.compile(r"(?:^|;\s+)(?P<id>[\w.-]+:\S+) (?P<title>.*?) \((?P<score>\d+(?:\.\d+)?)\)"
                        r"(?=;\s+[\w.-]+:\S+ |\s*$)", re.DOTALL)
# Where a catalogue shows a record, for candidates known only by id (offline).
RECORD_URLS = {
    "openlibrary": "https://openlibrary.org/works/{id}",
    "wikidata": "https://www.wikidata.org/wiki/{id}",
    "loc": "https://lccn.loc.gov/{id}",
    "crossref": "https://doi.org/{id}",
    "googlebooks": "https://books.google.com/books?id={id}",
    "openalex": "https://openalex.org/{id}",
}
FETCH_WORKERS = 4  # the HTTP layer still holds each catalogue to its own rate


@dataclass
class Candidate:
    """One of an unsure entry's candidates, numbered from 1 as the user picks them."""

    number: int
    ident: str  # "<catalogue>:<id>", as a decision stores it
    title: str
    score: float | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    publisher: str | None = None
    url: str | None = None
    match: Match | None = None  # the full record, once fetched
    fetched: str = ""  # "" not asked | "ok" | "not found" | "unreachable"

    @property
    def catalogue(self) -> str:
        return self.ident.split(":", 1)[0]


@dataclass
class UnsureEntry:
    record: BibRecord
    query_ids: list[str]
    candidates: list[Candidate]
    posts: list[Post] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.record.key

    @property
    def best(self) -> Post | None:
        return strongest(self.posts)

    def candidate(self, number: int) -> Candidate:
        for c in self.candidates:
            if c.number == number:
                return c
        raise ReadlistError(f"{self.key}: no candidate {number} (it has "
                            f"{len(self.candidates)})")


@dataclass
class Choice:
    entry: UnsureEntry
    candidate: Candidate | None  # None: none of these


def parse_candidates(value: str) -> list[tuple[str, str, float | None]]:
    """``readlist-candidates`` as (ident, title, score) triples, in the writer's order."""
    text = plain(value)
    return [(m.group("id"), m.group("title").strip(), float(m.group("score")))
            for m in _CANDIDATE.finditer(text)]


def record_url(ident: str) -> str | None:
    catalogue, _, rid = ident.partition(":")
    template = RECORD_URLS.get(catalogue)
    return template.format(id=rid) if template and rid else None


def _year(value: str) -> int | None:
    m = re.search(r"\d{4}", value or "")
    return int(m.group(0)) if m else None


def unsure_entries(records: Iterable[BibRecord]) -> list[UnsureEntry]:
    """The readlist entries whose outcome is ``unsure``, with their numbered candidates.

    The entry itself stands for the candidate it was written from (``readlist-id``): that one
    is shown with the entry's author, year and publisher, and is first if the list lacks it."""
    out = []
    for r in records:
        if not r.is_readlist or r.outcome != "unsure":
            continue
        qids = plain(r.fields.get("readlist-query", "")).split()
        current = plain(r.fields.get("readlist-id", ""))
        found = parse_candidates(r.fields.get("readlist-candidates", ""))
        if current and current not in [i for i, _, _ in found]:
            own = plain(r.fields.get("readlist-score", ""))
            found.insert(0, (current, r.title, float(own) if re.fullmatch(r"\d+(\.\d+)?", own)
                             else None))
        candidates = []
        for n, (ident, title, score) in enumerate(found, 1):
            c = Candidate(n, ident, title, score, url=record_url(ident))
            if ident == current:
                c.title = r.title or title
                c.authors = tuple(r.authors)
                c.year = _year(r.year)
                c.publisher = r.publisher or None
                c.url = record_url(ident) or http_url(r.url)
            candidates.append(c)
        if qids and candidates:
            out.append(UnsureEntry(r, qids, candidates, distinct_posts(r.backlinks)))
    return out


class Review:
    """The unsure entries of one .bib, the catalogues to look their candidates up in, and the
    choices made so far."""

    def __init__(self, path: Path, *, offline: bool = False, http: Http | None = None,
                 settings: Settings | None = None, decisions: Decisions | None = None,
                 report: Report | None = None) -> None:
        self.path = Path(path)
        self.entries = unsure_entries(load_library(self.path))
        self.settings = settings or load_settings()
        self.report = report or Report()
        self.decisions = decisions if decisions is not None else Decisions.load()
        self._own_http = http is None
        self.http = http or Http(self.settings.contact, offline=offline)
        self.choices: list[Choice] = []
        self.vanished: list[str] = []  # chosen entries no longer in the file when written
        self._resolver: Resolver | None = None

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    def __enter__(self) -> Review:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def entry(self, key: str) -> UnsureEntry:
        for e in self.entries:
            if e.key == key:
                return e
        raise ReadlistError(f"{self.path}: no unsure entry {key!r} (`readlist review --list` "
                            "shows them)")

    # -- candidates' records ---------------------------------------------------------------------
    def _catalogues(self) -> Resolver:
        if self._resolver is None:
            from readlist.plugins import providers as registered

            known = registered()
            names = list(dict.fromkeys(c.catalogue for e in self.entries for c in e.candidates
                                       if c.catalogue in known))
            providers = build_providers(names, self.http, self.settings) if names else []
            # Exactly what a later scan does with the decision: the record by id and its
            # default edition, so applying a choice now and re-scanning write the same entry.
            self._resolver = Resolver(providers, self.report, decisions=Decisions(),
                                      enrich=False)
        return self._resolver

    def fetch(self, entries: Iterable[UnsureEntry]) -> None:
        """Look up each candidate's full record (cached; concurrently within each catalogue's
        limits). Candidates that cannot be had keep what the .bib says of them."""
        self._fetch([c for e in entries for c in e.candidates])

    def _fetch(self, candidates: list[Candidate]) -> None:
        todo = [c for c in candidates if not c.fetched]
        if not todo:
            return
        resolver = self._catalogues()
        idents = list(dict.fromkeys(c.ident for c in todo))
        with ThreadPoolExecutor(max_workers=FETCH_WORKERS) as pool:
            found = dict(zip(idents, pool.map(resolver.decided, idents), strict=True))
        for c in todo:
            self._fill(c, found[c.ident], resolver)

    def _fill(self, c: Candidate, match: Match | None, resolver: Resolver) -> None:
        if match is None or match.work is None:
            down = c.catalogue in resolver.down or resolver.failures.get(c.catalogue)
            c.fetched = "unreachable" if down else "not found"
            return
        c.match, c.fetched = match, "ok"
        work, edition = match.work, match.edition
        c.title = work.title + (f": {work.subtitle}" if work.subtitle and ":" not in work.title
                                else "")
        c.authors = work.authors or (edition.authors if edition else ())
        c.year = (edition.year if edition and edition.year else work.year)
        c.publisher = edition.publisher if edition else None
        c.url = http_url(work.url) or c.url

    # -- choosing ----------------------------------------------------------------------------------
    def choose(self, entry: UnsureEntry, number: int | None) -> Choice:
        """Pick candidate ``number`` (None: none of these); the decision is saved at once."""
        candidate = entry.candidate(number) if number is not None else None
        self.decisions.record(entry.query_ids, candidate.ident if candidate else NONE)
        self.choices = [c for c in self.choices if c.entry is not entry]
        choice = Choice(entry, candidate)
        self.choices.append(choice)
        return choice

    def apply(self, *, dry_run: bool = False) -> MergeStats:
        """Write the choices made into the .bib (one atomic merge; edits kept)."""
        stats = MergeStats()
        if not self.choices:
            return stats
        self._fetch([c.candidate for c in self.choices if c.candidate is not None])
        with locked(self.path):
            old_bytes, old = read_existing(self.path)
            # An entry deleted since the review began stays deleted (its decision holds).
            present = {q for r in parse_library(old) if r.is_readlist
                       for q in plain(r.fields.get("readlist-query", "")).split()}
            choices = [c for c in self.choices if set(c.entry.query_ids) & present]
            self.vanished = [c.entry.key for c in self.choices if c not in choices]
            entries, natural = build_entries([self._listed(c) for c in choices], set())
            for choice, new in zip(choices, entries, strict=True):
                _aim(new, choice)
            body = merge_text(old.removeprefix(BOM), entries, stats, natural)
            text = (BOM if old.startswith(BOM) else "") + body
            stats.diff = unified_diff(old, text, self.path)
            if not dry_run and text != old:
                atomic_write(self.path, text.encode("utf-8"), backup=bool(old_bytes))
        return stats

    def _listed(self, choice: Choice) -> ListedWork:
        entry, c = choice.entry, choice.candidate
        if c is None:
            match = Match("none", 0.0, reasons=("none of the candidates, as you chose in review",),
                          sources={"outcome": "review"})
            return ListedWork(match, [_text_query(entry)], key=entry.key)
        if c.match is not None:
            return ListedWork(c.match, [_text_query(entry)], key=entry.key)
        # The catalogue could not be asked: write what the .bib knows of the candidate; the
        # next scan with the catalogue reachable fills in the full record (the decision holds).
        catalogue, _, rid = c.ident.partition(":")
        work = Work(catalogue=catalogue, id=rid, title=c.title, authors=c.authors, year=c.year,
                    url=c.url)
        edition = None
        r = entry.record
        if c.ident == plain(r.fields.get("readlist-id", "")):
            edition = Edition(catalogue=catalogue, id=plain(r.fields.get("readlist-edition", ""))
                              .partition(":")[2] or rid, title=c.title, authors=c.authors,
                              publisher=r.publisher or None, address=r.address or None,
                              year=c.year, isbn13=(r.isbn,) if r.isbn else (),
                              edition=r.edition or None, url=http_url(r.url))
        reasons = (f"chosen in review: {c.ident}", "catalogue not reachable: from the .bib")
        match = Match("sure", 1.0, work=work, edition=edition, reasons=reasons,
                      sources={"outcome": "review"})
        return ListedWork(match, [_text_query(entry)], key=entry.key)


def _aim(new: BibEntry, choice: Choice) -> None:
    """Point a built entry at the reviewed one: matched by its own queries only (never by the
    chosen work's id or ISBN, which may be another entry's), keeping its ``readlist-query``."""
    qids = choice.entry.query_ids
    new.ids = {f"query:{q}" for q in qids}
    new.query_order = [f"query:{q}" for q in qids]
    new.fields["readlist-query"] = escape(" ".join(qids))
    if choice.candidate is None:
        # The merge keeps bookkeeping it is not given: blank the rejected candidate's identity
        # so no later scan takes this entry for that work.
        for name in ("readlist-id", "readlist-edition", "readlist-score"):
            new.fields[name] = ""
        new.fields["readlist-sources"] = "outcome=review"


def _text_query(entry: UnsureEntry) -> WorkQuery:
    """What the posts most likely named, from the entry (the queries themselves are not kept):
    the title, without a subtitle the quotes never mention, and the authors the quotes name.

    Only used as the text of an entry whose candidates were all rejected; the next scan
    rewrites it from the real query."""
    r = entry.record
    quotes = " ".join(clean(b.quote) for b in r.backlinks).casefold()
    title = r.title
    main = title.split(":", 1)[0].strip()
    if main != title and main and main.casefold() in quotes and title.casefold() not in quotes:
        title = main
    authors = tuple(a for a in r.authors if a.split() and a.split()[-1].casefold() in quotes)
    return WorkQuery("explicit", title=title or None, authors=authors)


def pick_spec(value: str) -> tuple[str, int | None]:
    """``KEY=N`` (N from 1) or ``KEY=n`` / ``KEY=none`` for none of these."""
    key, sep, what = value.rpartition("=")
    what = what.strip().lower()
    if not sep or not key.strip():
        raise ValueError(f"{value!r}: expected KEY=N or KEY=none")
    if what in ("n", "none", "0"):
        return key.strip(), None
    if not what.isdigit():
        raise ValueError(f"{value!r}: N must be a candidate number or 'none'")
    return key.strip(), int(what)


def summary(stats: MergeStats, choices: list[Choice], path: Path) -> str:
    picked = sum(1 for c in choices if c.candidate is not None)
    rejected = len(choices) - picked
    parts = [p for n, p in ((picked, f"{picked} chosen"), (rejected, f"{rejected} none of these"))
             if n]
    if stats.kept_edits:
        parts.append(f"your edits kept in {stats.kept_edits}")
    return f"{path}: {stats.updated} updated ({', '.join(parts)}); decisions saved"


def candidate_line(c: Candidate) -> str:
    """``2  Imperialism — Harold Marsh, 1961, Harvest House  0.90  https://...`` (clean text)."""
    details = ", ".join(x for x in (", ".join(clean(a) for a in c.authors[:3])
                                    + (" et al." if len(c.authors) > 3 else ""),
                                    str(c.year) if c.year else "",
                                    clean(c.publisher)) if x)
    score = f"{c.score:.2f}" if c.score is not None else "-"
    link = http_url(c.url) or c.ident
    return (f"{c.number}  {clean(c.title) or '(untitled)'}"
            + (f" — {details}" if details else "") + f"  {score}  {clean(link)}")


def as_json(entry: UnsureEntry) -> dict[str, object]:
    best = entry.best
    return {
        "key": entry.key,
        "title": clean(entry.record.title),
        "queries": entry.query_ids,
        "quote": best.quote if best else None,
        "link": best.link if best else None,
        "candidates": [{
            "number": c.number, "id": c.ident, "title": c.title, "authors": list(c.authors),
            "year": c.year, "publisher": c.publisher, "score": c.score, "url": c.url,
            "record": c.fetched or "not asked",
        } for c in entry.candidates],
    }


def render_entry(console: object, entry: UnsureEntry, index: int, total: int) -> None:
    """One entry on a rich console: the recommending quote, then the numbered candidates.

    Everything is ``rich.text.Text`` built from cleaned strings, never console markup."""
    from rich.console import Console
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    assert isinstance(console, Console)
    head = Text(f"[{index}/{total}] ", style="dim")
    head.append(clean(entry.key), style="bold")
    head.append(f"  {clean(entry.record.title)}")
    console.print()
    console.print(head)
    best = entry.best
    if best is not None and best.quote:
        quote = Text(f"  “{clean(best.quote)}”", style="italic")
        quote.append(f"\n  — {clean(best.link)}", style=Style(dim=True, link=best.url)
                     if best.url else "dim")
        console.print(quote)
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1))
    for name, kw in (("#", {"justify": "right", "style": "bold"}), ("title", {"ratio": 3}),
                     ("author", {"ratio": 2}), ("year", {}), ("publisher", {"ratio": 2}),
                     ("score", {"justify": "right"}), ("catalogue", {})):
        table.add_column(name, **kw)  # type: ignore[arg-type]
    for c in entry.candidates:
        url = http_url(c.url)  # the id is shorter than the URL; terminals that can, link it
        link = Text(clean(c.ident), style=Style(link=url) if url else "")
        table.add_row(str(c.number), Text(clean(c.title) or "(untitled)"),
                      Text(", ".join(clean(a) for a in c.authors)),
                      Text(str(c.year) if c.year else ""), Text(clean(c.publisher)),
                      Text(f"{c.score:.2f}" if c.score is not None else ""), link)
    console.print(table)



PROMPT = "number, n (none of these), s (skip), q (quit)"


def interactive(review: Review, show: Callable[[UnsureEntry, int, int], None],
                ask: Callable[[str], str], say: Callable[[str], None]) -> bool:
    """Walk the unsure entries: show each (its candidates' records fetched first) and ask.

    Returns False when the user quit before the end. Choices are kept in ``review.choices``
    (decisions are saved as they are made); the caller writes the .bib with :meth:`apply`."""
    total = len(review.entries)
    # The next entry's candidates are looked up while the user reads this one.
    with ThreadPoolExecutor(max_workers=1) as ahead:
        coming: Future[None] | None = None
        for index, entry in enumerate(review.entries, 1):
            if coming is not None:
                coming.result()
            else:
                review.fetch([entry])
            coming = (ahead.submit(review.fetch, [review.entries[index]]) if index < total
                      else None)
            show(entry, index, total)
            if not _ask(review, entry, ask, say):
                return False
    return True


def _ask(review: Review, entry: UnsureEntry, ask: Callable[[str], str],
         say: Callable[[str], None]) -> bool:
    while True:
        answer = ask(PROMPT).strip().lower()
        if answer in ("q", "quit"):
            return False
        if answer in ("", "s", "skip"):
            return True
        if answer in ("n", "none"):
            review.choose(entry, None)
            return True
        if answer.isdigit() and 1 <= int(answer) <= len(entry.candidates):
            review.choose(entry, int(answer))
            return True
        say(f"answer 1-{len(entry.candidates)}, n, s or q")
