"""BibTeX out: one entry per listed work, back-links in ``note``, merges that lose nothing.

Entries readlist writes carry ``readlist-*`` bookkeeping fields (ids, outcome, a hash of each
field as last written). On a re-run, a field whose value no longer matches its hash was edited
by the user and is left alone; new back-links are appended to ``note``; every block readlist did
not write (other entries, ``@string``, ``@preamble``, comments) is kept byte for byte.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry, Field
from stdnum import isbn as stdisbn

from readlist.catalogue.normalise import normalise_title, surname
from readlist.errors import MergeError
from readlist.export.base import Exporter
from readlist.export.citekey import citation_key
from readlist.export.latex import (
    FieldState,
    clean_text,
    decode,
    escape,
    normalise_text,
    protect_capitals,
    safe_url,
)
from readlist.files import atomic_write, locked
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


# -- building entries ---------------------------------------------------------------------------
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


def _hash(value: str) -> str:
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
    communities = _communities(item.recommendations)
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


def _communities(recs: Sequence[Recommendation]) -> list[str]:
    out: list[str] = []
    for rec in recs:
        tag = rec.post.community or Path(rec.post.source.split("#")[0]).stem
        tag = clean_text(re.sub(r"[,;]", " ", tag))
        if tag and tag not in out:
            out.append(tag)
    return out


def keywords_value(tags: Sequence[str]) -> str:
    return ", ".join(escape(t) for t in tags)


def _with_hash(etype: str, fields: dict[str, str]) -> dict[str, str]:
    out = dict(fields)
    parts = [f"{TYPE_HASH}:{_hash(etype)}"]
    parts += [f"{k}:{_hash(fields[k])}" for k in HASHED if k in fields]
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


# -- merging ------------------------------------------------------------------------------------
@dataclass
class MergeStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edits: int = 0
    replaced_unresolved: int = 0
    skipped_existing: list[str] = field(default_factory=list)
    diff: str = ""  # unified diff of the file, old -> new


def _parse_hashes(value: str) -> dict[str, str]:
    return dict(p.split(":", 1) for p in value.split() if ":" in p)


def content(raw: str) -> str:
    """A raw field value without its one pair of delimiters (``{x}`` or ``"x"``)."""
    raw = raw.strip()
    if len(raw) >= 2 and ((raw[0] == "{" and raw[-1] == "}" and _one_group(raw))
                          or (raw[0] == '"' and raw[-1] == '"' and '"' not in raw[1:-1])):
        return raw[1:-1]
    return raw


def _one_group(raw: str) -> bool:
    depth = 0
    for i, c in enumerate(raw):
        depth += (c == "{") - (c == "}")
        if depth == 0 and i < len(raw) - 1:
            return False
    return depth == 0


def _fields(entry: Entry) -> dict[str, str]:
    """Field name (lower case) -> raw value as written."""
    return {k.lower(): v.value for k, v in entry.fields_dict.items()}


def _entry_ids(entry: Entry) -> set[str]:
    fd = {k: content(v) for k, v in _fields(entry).items()}
    ids = set()
    if fd.get("readlist-id"):
        ids.add(fd["readlist-id"].strip())
    for q in (fd.get("readlist-query") or "").split():
        ids.add(f"query:{q}")
    isbn = valid_isbn(re.sub(r"[^0-9Xx]", "", fd.get("isbn", "")))
    if isbn:
        ids.add("isbn:" + isbn)
    return ids


def _is_ours(entry: Entry) -> bool:
    return "readlist-hash" in _fields(entry)


def _merge_entry(entry: Entry, new: BibEntry, stats: MergeStats
                 ) -> tuple[str, dict[str, str], bool]:
    """Type and raw fields for an existing readlist entry: user edits kept, back-links added."""
    current = {k: v.value for k, v in entry.fields_dict.items()}  # original names and order
    lower = {k.lower(): k for k in current}
    val = {k.lower(): content(v) for k, v in current.items()}
    hashes = _parse_hashes(val.get("readlist-hash", ""))
    out: dict[str, str] = dict(current)
    touched: set[str] = set()  # fields the user edited or deleted
    for name in HASHED:
        if name in hashes and (name not in val or hashes[name] != _hash(val[name])):
            touched.add(name)
        elif name not in hashes and name in val:
            touched.add(name)  # the user added it: theirs
    etype = entry.entry_type
    type_touched = TYPE_HASH in hashes and hashes[TYPE_HASH] != _hash(etype.lower())
    if not type_touched and etype.lower() != new.type:
        etype = new.type
    known = set(decode(val.get("readlist-posts", "")).split())
    fresh = [r for r in new.recs if post_link(r) not in known]
    for name, value in new.fields.items():
        have = lower.get(name, name)
        if name == "note":
            if name in val:
                if fresh:
                    old = val[name]
                    parts = back_links(fresh, FieldState.of(old))
                    out[have] = "{" + (old + "; " if old.strip() else "") + "; ".join(parts) + "}"
            elif "note" not in hashes:
                out[have] = "{" + value + "}"
            continue
        if name == "keywords":
            if name in val:
                tags = [t.strip() for t in re.split(r"[,;]", decode(val[name])) if t.strip()]
                wanted = (["readlist", *new.communities] if name not in touched else
                          _communities(fresh))
                extra = [t for t in wanted if t not in tags]
                if extra:
                    out[have] = "{" + (val[name] + ", " if val[name].strip() else "") \
                        + keywords_value(extra) + "}"
            elif "keywords" not in hashes:
                out[have] = "{" + value + "}"
            continue
        if name == "readlist-posts":
            links = list(dict.fromkeys([*decode(val.get(name, "")).split(), *new.links]))
            out[have] = "{" + escape(" ".join(links)) + "}"
            continue
        if name == "readlist-query":  # every query that ever led here, so later runs find it
            qids = sorted({*val.get(name, "").split(), *value.split()})
            out[have] = "{" + " ".join(qids) + "}"
            continue
        if name in HASHED:
            if name not in touched and (name in val or name not in hashes):
                out[have] = "{" + value + "}"
            continue
        out[have] = "{" + value + "}"  # readlist-* bookkeeping is always refreshed
    # Fields readlist wrote before but no longer has a value for (and the user left alone) go,
    # and so does bookkeeping of an earlier resolution (an error, candidates of an unsure match).
    for name in HASHED:
        if name in hashes and name in val and name not in touched and name not in new.fields:
            del out[lower[name]]
    for name in RESOLUTION_FIELDS:
        if name in val and name not in new.fields:
            del out[lower[name]]
    new_hashes = [f"{TYPE_HASH}:{hashes[TYPE_HASH] if type_touched else _hash(etype.lower())}"]
    for name in HASHED:
        k = lower.get(name, name)
        if name in touched:
            if name in hashes:
                new_hashes.append(f"{name}:{hashes[name]}")  # stays "edited" on later runs
        elif k in out:
            new_hashes.append(f"{name}:{_hash(content(out[k]))}")
    out[lower.get("readlist-hash", "readlist-hash")] = "{" + " ".join(new_hashes) + "}"
    if touched or type_touched:
        stats.kept_edits += 1
    return etype, out, (out != current or etype != entry.entry_type)


def parse_existing(text: str, where: str = "the existing file") -> bibtexparser.Library:
    """Parse ``text`` keeping raw values; any block that fails stops the merge."""
    try:
        lib = bibtexparser.parse_string(text, parse_stack=[])
    except Exception as exc:  # noqa: BLE001 - any parser failure means: do not touch the file
        raise MergeError(f"{where}: cannot parse ({exc}); it was left untouched") from exc
    if lib.failed_blocks:
        first = lib.failed_blocks[0]
        line = (first.start_line or 0) + 1
        why = str(getattr(first, "error", "")) or type(first).__name__
        raise MergeError(
            f"{where}, line {line}: readlist cannot parse this block ({why}); fix it or write "
            "elsewhere with -o; the file was left untouched")
    return lib


def merge_text(existing: str, entries: Sequence[BibEntry], stats: MergeStats,
               natural_keys: Sequence[str] | None = None) -> str:
    """The new file text: ``existing`` with readlist's entries updated and new ones appended.

    Entries are matched by catalogue id, then ISBN, then citation key (and for unresolved
    entries by the query that made them)."""
    lib = parse_existing(existing)
    newline = "\r\n" if existing.count("\r\n") > existing.count("\n") / 2 and existing else "\n"
    ours = [e for e in lib.entries if _is_ours(e)]
    ids_of = {id(e): _entry_ids(e) for e in lib.entries}
    taken = {e.key.lower() for e in lib.entries} | {
        k.lower() for k in re.findall(r"@\w+\s*[{(]\s*([^,\s]+)\s*,", existing)}
    replacements: dict[int, str] = {}  # id(entry) -> new raw text ("" removes it)
    appended: list[str] = []
    used: set[int] = set()
    left = _keep_resolutions(entries, ours, ids_of, replacements, used, stats, newline)
    for n, new in enumerate(entries):
        if n not in left:
            continue
        natural = (natural_keys[n] if natural_keys else new.key).lower()
        match = _find(ours, ids_of, new, natural, used)
        if match is None:
            theirs = _find([e for e in lib.entries if not _is_ours(e)], ids_of, new, natural,
                           used, title=new.fields.get("title"))
            if theirs is not None:
                stats.skipped_existing.append(theirs.key)
                new.key = theirs.key
                continue
            key = new.key
            if key.lower() in taken:
                key = citation_key((), "", None, taken, base=key)
            new.key = key
            taken.add(key.lower())
            appended.append(render_entry(new.type, key, _with_hash(new.type, new.fields),
                                         newline=newline))
            stats.added += 1
            continue
        used.add(id(match))
        new.key = match.key
        _update(match, new, stats, replacements, newline)
    # Unresolved entries whose query has now been resolved into another entry: drop them when
    # the user never touched them.
    resolved_queries = {i for new in entries if "readlist-id" in new.fields for i in new.ids
                        if i.startswith("query:")}
    for entry in ours:
        if id(entry) in used:
            continue
        fd = {k: content(v) for k, v in _fields(entry).items()}
        if fd.get("readlist-outcome") != "unresolved":
            continue
        if not (ids_of[id(entry)] & resolved_queries):
            continue
        hashes = _parse_hashes(fd.get("readlist-hash", ""))
        untouched = all(hashes.get(k) == _hash(v) for k, v in fd.items() if k in HASHED) and \
            all(k in fd for k in hashes if k in HASHED)
        if untouched:
            replacements[id(entry)] = ""
            stats.replaced_unresolved += 1
    return _splice(existing, lib.entries, replacements, appended, newline)


def _resolved(entry: Entry) -> bool:
    return bool(content(_fields(entry).get("readlist-id", "")).strip())


def _keep_resolutions(entries: Sequence[BibEntry], ours: Sequence[Entry],
                      ids_of: dict[int, set[str]], replacements: dict[int, str],
                      used: set[int], stats: MergeStats, newline: str) -> set[int]:
    """Unresolved new entries (offline, --no-resolve, a catalogue down) whose query or ISBN an
    existing resolved entry already answers only add their back-links to it: a run that could
    not resolve never undoes one that did. Several such entries may meet in one existing entry
    (a description and a title of the same work). Returns the indices left to merge."""
    resolved = [e for e in ours if _resolved(e)]
    # Works this run did resolve: an unresolved sibling's back-links ride along with them.
    by_work = {new.fields["readlist-id"]: new for new in entries if "readlist-id" in new.fields}
    groups: dict[int, tuple[Entry, list[BibEntry]]] = {}
    rest: set[int] = set()
    for n, new in enumerate(entries):
        wanted = {i for i in new.ids if i.startswith(("query:", "isbn:"))}
        hit = None if "readlist-id" in new.fields else next(
            (e for e in resolved if wanted & ids_of[id(e)]), None)
        if hit is None:
            rest.add(n)
            continue
        sibling = by_work.get(content(_fields(hit)["readlist-id"]).strip())
        if sibling is not None:
            _absorb(sibling, new)
        else:
            groups.setdefault(id(hit), (hit, []))[1].append(new)
    for entry, news in groups.values():
        used.add(id(entry))
        current = {k.lower(): content(v) for k, v in _fields(entry).items()}
        combined = BibEntry(
            entry.entry_type.lower(), entry.key,
            {k: v for k, v in current.items()
             if (k in HASHED or k.startswith("readlist-")) and k != "readlist-hash"},
            [], [], set())
        combined.fields["note"] = news[0].fields.get("note", "")
        combined.fields["keywords"] = news[0].fields.get("keywords", "")
        for b in news:
            _absorb(combined, b)
        _update(entry, combined, stats, replacements, newline)
    return rest


def _update(entry: Entry, new: BibEntry, stats: MergeStats, replacements: dict[int, str],
            newline: str) -> None:
    """Merge ``new`` into the existing ``entry``; its new text goes in ``replacements``."""
    etype, fields, changed = _merge_entry(entry, new, stats)
    if changed:
        replacements[id(entry)] = render_entry(etype, entry.key, fields, raw=True,
                                               newline=newline)
        stats.updated += 1
    else:
        stats.unchanged += 1


def _absorb(into: BibEntry, other: BibEntry) -> None:
    """Add ``other``'s posts, ids and communities to ``into`` (the same work)."""
    known = {post_link(r) for r in into.recs}
    into.recs.extend(r for r in other.recs if post_link(r) not in known)
    into.links = list(dict.fromkeys([*into.links, *other.links]))
    into.ids |= other.ids
    into.communities = list(dict.fromkeys([*into.communities, *other.communities]))
    into.fields["readlist-query"] = " ".join(sorted(
        {*into.fields.get("readlist-query", "").split(),
         *(i.split(":", 1)[1] for i in other.ids if i.startswith("query:"))}))
    other.key = into.key


def _find(candidates: Sequence[Entry], ids_of: dict[int, set[str]], new: BibEntry,
          natural: str, used: set[int], title: str | None = None) -> Entry | None:
    """The entry that is ``new``'s work: catalogue id, then ISBN, then query id, then key."""
    free = [e for e in candidates if id(e) not in used]
    for kind in ("cat", "isbn:"):
        wanted = {i for i in new.ids if (i.startswith(kind) if kind != "cat"
                                         else not i.startswith(("isbn:", "query:")))}
        for e in free:
            if wanted & ids_of[id(e)]:
                return e
    for qid in new.query_order:  # an unresolved entry made from the most telling query wins
        for e in free:
            if qid in ids_of[id(e)]:
                return e
    for e in free:
        if e.key.lower() != natural:
            continue
        if title is None:
            return e
        # Someone else's entry under the same key is the same work only if the title agrees.
        theirs = normalise_title(decode(content(_fields(e).get("title", ""))))
        if theirs and theirs == normalise_title(decode(title)):
            return e
    return None


def _splice(text: str, entries: Sequence[Entry], replacements: dict[int, str],
            appended: list[str], newline: str) -> str:
    out = []
    pos = 0
    for entry in entries:
        if id(entry) not in replacements:
            continue
        raw = entry.raw or ""
        at = text.find(raw, pos)
        if at == -1:
            raise MergeError(f"entry {entry.key!r} could not be located; file left untouched")
        out.append(text[pos:at])
        new = replacements[id(entry)]
        pos = at + len(raw)
        if new:
            out.append(new.rstrip("\r\n"))
        else:
            while pos < len(text) and text[pos] in "\r\n":  # drop the emptied entry's lines
                pos += 1
    out.append(text[pos:])
    merged = "".join(out)
    if appended:
        if merged and not merged.endswith("\n"):
            merged += newline
        if merged.strip():
            merged += newline
        merged += newline.join(appended)
    return merged


# -- the file -----------------------------------------------------------------------------------
def unified_diff(old: str, new: str, path: Path) -> str:
    return "".join(difflib.unified_diff(
        old.removeprefix(BOM).splitlines(keepends=True),
        new.removeprefix(BOM).splitlines(keepends=True),
        fromfile=f"{path} (now)", tofile=f"{path} (after readlist)"))


def read_existing(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text (BOM kept); a file that is not UTF-8 is refused."""
    old_bytes = path.read_bytes() if path.exists() else b""
    try:
        return old_bytes, old_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MergeError(f"{path}: not UTF-8 (byte {exc.start}); it was left untouched") \
            from exc


def build_entries(items: Sequence[ListedWork], taken: set[str]) -> tuple[list[BibEntry],
                                                                         list[str]]:
    """Entries for ``items`` with keys unique among themselves; also each one's natural key."""
    entries, natural = [], []
    used: set[str] = set()
    for item in items:
        entry = build_entry(item, set())
        natural.append(entry.key)
        if not item.key and entry.key.lower() in (used | taken):
            entry.key = citation_key((), "", None, used | taken, base=entry.key)
        used.add(entry.key.lower())
        entries.append(entry)
    return entries, natural


def write_bibtex(path: Path, items: Sequence[ListedWork], *, dry_run: bool = False
                 ) -> tuple[str, MergeStats]:
    """Write or merge ``items`` into ``path``; returns the new text and what changed."""
    path = Path(path)
    stats = MergeStats()
    with locked(path):
        old_bytes, old = read_existing(path)
        has_bom = old.startswith(BOM) or not old_bytes
        body = old.removeprefix(BOM)
        entries, natural = build_entries(items, set())
        new = merge_text(body, entries, stats, natural)
        for item, entry in zip(items, entries, strict=True):
            item.key = entry.key
        text = (BOM if has_bom else "") + new
        stats.diff = unified_diff(old, text, path)
        if not dry_run and text != old:
            atomic_write(path, text.encode("utf-8"), backup=bool(old_bytes))
    return text, stats


def render_new(items: Sequence[ListedWork]) -> str:
    """The BibTeX a fresh file would hold for ``items`` (no BOM); used by other formats."""
    entries, natural = build_entries(items, set())
    text = merge_text("", entries, MergeStats(), natural)
    for item, entry in zip(items, entries, strict=True):
        item.key = entry.key
    return text


class BibTeXExporter(Exporter):
    name = "bibtex"
    description = "BibTeX for LaTeX, Zotero and Better BibTeX (written by `readlist scan`)"
    suffix = ".bib"
