"""BibTeX entries: one per listed work, its fields escaped, back-links in ``note``.

Entries readlist writes carry ``readlist-*`` bookkeeping fields (ids, outcome, a hash of each
field as last written), which let :mod:`readlist.export.merge` merge a re-run into a .bib
without losing the user's edits.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry, Field
from stdnum import isbn as stdisbn

from readlist.catalogue.normalise import normalise_title, surname
from readlist.export.base import Exporter
from readlist.export.citekey import citation_key
from readlist.export.latex import (
    FieldState,
    clean_text,
    escape,
    normalise_text,
    protect_capitals,
    safe_url,
)
from readlist.models import ListedWork, Recommendation, WorkQuery

BOM = "\ufeff"
CORPORATE = re.compile(
    r"\b(?:press|institute|collective|committee|association|society|university|council|party|"
    r"organi[sz]ation|foundation|group|team|editors|inc|ltd|llc|agency|office|department|"
    r"commission|bureau|centre|center|project|network)\b", re.IGNORECASE)
PARTICLES = ("van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "wa", "al", "el",
             "bin", "ibn", "ter", "dos", "das", "del", "della")
QUOTE_MAX = 200
# Both importers turn a note starting with these into an Extra line instead of a child note.
EXTRA_PREFIXES = ("LCCN", "MR", "Zbl", "PMID", "PMCID")
# Fields whose value readlist remembers (as a hash) so a user's edit is never overwritten.
HASHED = ("author", "editor", "title", "booktitle", "journal", "year", "edition", "publisher",
          "address", "isbn", "doi", "url", "keywords", "note")
TYPE_HASH = "@type"
# readlist-* fields that describe one resolution; a later resolution replaces all of them.
RESOLUTION_FIELDS = ("readlist-outcome", "readlist-score", "readlist-id", "readlist-edition",
                     "readlist-sources", "readlist-candidates", "readlist-error")


def bibtex_name(name: str) -> str:
    """``Samir Amin`` -> ``Amin, Samir``; corporate names braced whole; never ``others``."""
    name = clean_text(name)
    if not name or name.lower() in ("others", "et al", "et al."):
        return ""
    if is_corporate(name):
        return "{" + escape(name) + "}"
    if "," in name:
        last, first = (p.strip() for p in name.split(",", 1))
        return escape(f"{last}, {first}") if first else escape(last)
    parts = name.split()
    if len(parts) == 1:
        return escape(name)
    i = len(parts) - 1
    while i > 1 and parts[i - 1].lower() in PARTICLES:
        i -= 1
    last, first = " ".join(parts[i:]), " ".join(parts[:i])
    return escape(f"{last}, {first}")


def is_corporate(name: str) -> bool:
    """An organisation, not a person: Zotero would split it into first and last name."""
    words = name.split()
    if CORPORATE.search(name) or re.search(r"\band\b|&", name, re.IGNORECASE) \
            or len(words) > 5:
        return True
    # "American Rights at Work": a lower-case word that is no name particle, between names.
    return len(words) > 2 and any(w.islower() and w not in PARTICLES for w in words[1:-1])


def list_literal(escaped: str) -> str:
    """biblatex reads publisher and address as lists split on "and": keep one item whole
    (``{Farrar, Straus and Giroux}``); both Zotero importers drop the braces."""
    return "{" + escaped + "}" if re.search(r"\band\b", escaped, re.IGNORECASE) else escaped


def query_id(query: WorkQuery) -> str:
    """A short stable id for a query, so an unresolved entry can be found again later."""
    blob = json.dumps([query.kind, normalise_title(query.title or ""),
                       [surname(a) for a in query.authors], normalise_title(query.description
                                                                            or ""),
                       query.isbn, query.doi], ensure_ascii=True)
    return hashlib.sha1(blob.encode()).hexdigest()[:10]


def field_hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]


def back_link_text(rec: Recommendation) -> str:
    """``Recommended in <link> by <author> (<date>): “<quote>”`` as plain text."""
    post = rec.post
    who = f" by {clean_text(post.author)}" if post.author and clean_text(post.author) else ""
    when = f" ({post.date[:10]})" if post.date and re.match(r"\d{4}-\d\d-\d\d", post.date) \
        else ""
    quote = clean_text(rec.quote)
    if len(quote) > QUOTE_MAX:
        quote = quote[:QUOTE_MAX].rsplit(" ", 1)[0] + "…"
    # A quote mark inside the quote would end it early for anyone reading the note back.
    quote = quote.replace("”", "″").replace("“", "″")
    return f"Recommended in {post_link(rec)}{who}{when}: “{quote}”"


def post_link(rec: Recommendation) -> str:
    """The post's link as readlist stores and compares it (one token, URLs percent-encoded)."""
    return normalise_text(clean_text(rec.post.link or rec.post.source).replace(" ", "%20"))


def back_links(recs: Sequence[Recommendation], state: FieldState) -> list[str]:
    """One escaped back-link per post, sharing ``state`` so the whole note stays safe."""
    return [escape(back_link_text(r), state) for r in recs]


def valid_isbn(value: str | None) -> str | None:
    """The ISBN-13 of ``value`` when its checksum holds (biber checks it), else None."""
    if not value:
        return None
    try:
        return stdisbn.to_isbn13(stdisbn.validate(value))
    except Exception:  # noqa: BLE001 - stdnum raises several ValidationError kinds
        return None


@dataclass
class BibEntry:
    """The fields readlist wants an entry to have, already escaped, in writing order."""

    type: str
    key: str
    fields: dict[str, str]
    links: list[str]  # post links, for telling which back-links an entry already has
    recs: list[Recommendation]
    ids: set[str] = field(default_factory=set)  # catalogue ids, ISBNs, query ids to match on
    communities: list[str] = field(default_factory=list)
    query_order: list[str] = field(default_factory=list)  # most telling query first


def _entry_type(item: ListedWork) -> str:
    work = item.match.work
    if work is None:
        return "book"
    if work.type == "chapter":
        # biber wants an editor on @incollection; @inbook says the same to both importers.
        return "inbook" if work.container else "book"
    if work.type == "article":
        return "article" if work.container else ("online" if work.url else "article")
    if work.type == "online":
        return "online"
    return "book"


def build_entry(item: ListedWork, taken: set[str] | None = None) -> BibEntry:
    match, query = item.match, item.query
    work, edition = match.work, match.edition
    f: dict[str, str] = {}
    etype = _entry_type(item)
    if work is not None:
        authors = work.authors or (edition.authors if edition else ())
        title = work.title
        subtitle = work.subtitle if work.subtitle and ":" not in work.title else None
        if edition is not None and edition.title and not subtitle and edition.subtitle and \
                normalise_title(edition.title) == normalise_title(work.title):
            subtitle = edition.subtitle
        full_title = f"{title}: {subtitle}" if subtitle else title
        year = (edition.year if edition and edition.year else work.year)
    else:
        authors = query.authors
        full_title = query.title or (
            f"{query.authors[0] if query.authors else 'A work'} on {query.description}"
            if query.description else query.url or query.isbn or query.doi or "Untitled")
        year = None
    names = [n for n in (bibtex_name(a) for a in authors) if n]
    if names:
        f["author"] = " and ".join(names)
    f["title"] = protect_capitals(escape(full_title))
    if work is not None and work.container:
        container = protect_capitals(escape(work.container))
        if etype == "inbook":
            f["booktitle"] = container
        elif etype == "article":
            f["journal"] = container
    if year:
        f["year"] = str(year)
    if edition is not None:
        if edition.edition:
            f["edition"] = escape(edition.edition)
        if edition.publisher:
            f["publisher"] = list_literal(escape(edition.publisher))
        if edition.address:
            f["address"] = list_literal(escape(edition.address))
    isbn = None
    if edition is not None:
        isbn = next((v for v in map(valid_isbn, (*edition.isbn13, *edition.isbn10)) if v), None)
    elif query.isbn:
        isbn = valid_isbn(query.isbn)
    if isbn and etype in ("book", "inbook"):
        f["isbn"] = isbn
    if work is not None and work.doi:
        f["doi"] = safe_url(work.doi)
    url = (edition.url if edition is not None and edition.url else
           work.url if work is not None else query.url)
    if url:
        f["url"] = safe_url(url)
    communities = communities_of(item.recommendations)
    f["keywords"] = keywords_value(["readlist", *communities])
    f["note"] = "; ".join(back_links(item.recommendations, FieldState()))
    ids = {f"query:{query_id(q)}" for q in item.queries}
    f["readlist-outcome"] = match.outcome if work is not None else "unresolved"
    if work is not None:
        f["readlist-score"] = f"{match.score:.2f}"
        f["readlist-id"] = f"{work.catalogue}:{work.id}"
        ids.add(f["readlist-id"])
        if edition is not None:
            f["readlist-edition"] = f"{edition.catalogue}:{edition.id}"
        if match.sources:
            f["readlist-sources"] = ", ".join(f"{k}={v}" for k, v in sorted(match.sources.items()))
    if match.outcome == "unsure" and match.candidates:
        f["readlist-candidates"] = escape("; ".join(
            f"{c.work.catalogue}:{c.work.id} {c.work.title} ({c.score:.2f})"
            for c in match.candidates[:5]))
    if match.error:
        f["readlist-error"] = escape(match.error)
    f["readlist-query"] = " ".join(sorted(i.split(":", 1)[1] for i in ids
                                          if i.startswith("query:")))
    links = list(dict.fromkeys(post_link(r) for r in item.recommendations))
    f["readlist-posts"] = escape(" ".join(links))
    if isbn:
        ids.add(f"isbn:{isbn}")
    key_authors = tuple(re.sub(r"\W+", "", a) if is_corporate(a) else a for a in authors)
    key = item.key or citation_key(key_authors, full_title, year, taken or ())
    telling = {"isbn": 0, "doi": 0, "explicit": 1, "possessive": 2, "link": 3,
               "description": 4, "author_only": 5}
    order = [f"query:{query_id(q)}" for q in sorted(
        item.queries, key=lambda q: (telling.get(q.kind, 9), not q.title))]
    return BibEntry(etype, key, f, links, list(item.recommendations), ids, communities, order)


def communities_of(recs: Sequence[Recommendation]) -> list[str]:
    out: list[str] = []
    for rec in recs:
        tag = rec.post.community or Path(rec.post.source.split("#")[0]).stem
        tag = clean_text(re.sub(r"[,;]", " ", tag))
        if tag and tag not in out:
            out.append(tag)
    return out


def keywords_value(tags: Sequence[str]) -> str:
    return ", ".join(escape(t) for t in tags)


def with_hashes(etype: str, fields: dict[str, str]) -> dict[str, str]:
    out = dict(fields)
    parts = [f"{TYPE_HASH}:{field_hash(etype)}"]
    parts += [f"{k}:{field_hash(fields[k])}" for k in HASHED if k in fields]
    out["readlist-hash"] = " ".join(parts)
    return out


def render_entry(etype: str, key: str, fields: dict[str, str], raw: bool = False,
                 newline: str = "\n") -> str:
    """One entry as text. ``raw`` values are written as found (braces, quotes, macros)."""
    lib = bibtexparser.Library()
    lib.add(Entry(etype, key, [Field(k, v if raw else "{" + v + "}")
                               for k, v in fields.items()]))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    text = bibtexparser.write_string(lib, unparse_stack=[], bibtex_format=fmt).strip() + "\n"
    return text.replace("\n", newline) if newline != "\n" else text


def build_entries(items: Sequence[ListedWork], taken: set[str]) -> tuple[list[BibEntry],
                                                                         list[str]]:
    """Entries for ``items`` with keys unique among themselves; also each one's natural key."""
    entries, natural = [], []
    for entry, key in iter_entries(items, taken):
        entries.append(entry)
        natural.append(key)
    return entries, natural


def iter_entries(items: Iterable[ListedWork], taken: set[str]
                 ) -> Iterator[tuple[BibEntry, str]]:
    """:func:`build_entries` one at a time: each entry with its natural key."""
    used: set[str] = set()
    for item in items:
        entry = build_entry(item, set())
        natural = entry.key
        if not item.key and (natural.lower() in used or natural.lower() in taken):
            entry.key = citation_key((), "", None, used | taken, base=natural)
        used.add(entry.key.lower())
        yield entry, natural


class BibTeXExporter(Exporter):
    name = "bibtex"
    description = "BibTeX for LaTeX, Zotero and Better BibTeX (written by `readlist scan`)"
    suffix = ".bib"
