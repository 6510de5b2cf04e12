"""BibTeX out: one entry per listed work, back-links in ``note``, merges that lose nothing.

Entries readlist writes carry ``readlist-*`` bookkeeping fields (ids, outcome, a hash of each
field as last written). On a re-run, a field whose value no longer matches its hash was edited
by the user and is left alone; new back-links are appended to ``note``; every block readlist did
not write (other entries, ``@string``, ``@preamble``, comments) is kept byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry, Field

from readlist.catalogue.normalise import normalise_title, surname
from readlist.errors import MergeError
from readlist.export.base import Exporter
from readlist.export.citekey import citation_key
from readlist.export.latex import clean_text, escape, protect_capitals, safe_url, unescape
from readlist.files import atomic_write, locked
from readlist.models import ListedWork, Recommendation, WorkQuery

BOM = "\ufeff"
ENTRY_TYPES = {"book": "book", "chapter": "incollection", "article": "article",
               "online": "online"}
CORPORATE = re.compile(
    r"\b(?:press|institute|collective|committee|association|society|university|council|party|"
    r"organi[sz]ation|foundation|group|team|editors|inc|ltd|llc|agency|office|department|"
    r"commission|bureau|centre|center|project|network)\b", re.IGNORECASE)
PARTICLES = ("van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "wa", "al", "el",
             "bin", "ibn", "ter", "dos", "das", "del", "della")
QUOTE_MAX = 200


# -- building entries ---------------------------------------------------------------------------
def bibtex_name(name: str) -> str:
    """``Samir Amin`` -> ``Amin, Samir``; corporate names braced whole; never ``others``."""
    name = clean_text(name)
    if not name or name.lower() == "others":
        return ""
    if CORPORATE.search(name) or " and " in name or len(name.split()) > 5:
        return "{" + escape(name) + "}"
    if "," in name:
        return escape(name)
    parts = name.split()
    if len(parts) == 1:
        return escape(name)
    i = len(parts) - 1
    while i > 1 and parts[i - 1].lower() in PARTICLES:
        i -= 1
    last, first = " ".join(parts[i:]), " ".join(parts[:i])
    return escape(f"{last}, {first}")


def query_id(query: WorkQuery) -> str:
    """A short stable id for a query, so an unresolved entry can be found again later."""
    blob = json.dumps([query.kind, normalise_title(query.title or ""),
                       [surname(a) for a in query.authors], normalise_title(query.description
                                                                            or ""),
                       query.isbn, query.doi], ensure_ascii=True)
    return hashlib.sha1(blob.encode()).hexdigest()[:10]


def _hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]


def back_link(rec: Recommendation) -> str:
    """``Recommended in <link> by <author> (<date>): “<quote>”``, escaped for both importers."""
    post = rec.post
    who = f" by {post.author}" if post.author else ""
    when = f" ({post.date[:10]})" if post.date else ""
    quote = clean_text(rec.quote)
    if len(quote) > QUOTE_MAX:
        quote = quote[:QUOTE_MAX].rsplit(" ", 1)[0] + "…"
    link = safe_url(post.link) if post.link.startswith(("http://", "https://")) else post.link
    return escape(f"Recommended in {link}{who}{when}: “{quote}”")


@dataclass
class BibEntry:
    """The fields readlist wants an entry to have, already escaped, in writing order."""

    type: str
    key: str
    fields: dict[str, str]
    links: list[str]  # post links, for telling which back-links an entry already has
    notes: list[str]  # one escaped back-link per recommending post
    ids: set[str] = field(default_factory=set)  # catalogue ids, ISBNs, query ids to match on


def build_entry(item: ListedWork, taken: set[str]) -> BibEntry:
    match, query = item.match, item.query
    work, edition = match.work, match.edition
    f: dict[str, str] = {}
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
    if year:
        f["year"] = str(year)
    if edition is not None:
        if edition.publisher:
            f["publisher"] = escape(edition.publisher)
        if edition.address:
            f["address"] = escape(edition.address)
        if edition.edition:
            f["edition"] = escape(edition.edition)
        isbn = (edition.isbn13 or edition.isbn10 or (None,))[0]
        if isbn:
            f["isbn"] = isbn
    elif query.isbn:
        f["isbn"] = query.isbn
    if work is not None and work.doi:
        f["doi"] = safe_url(work.doi)
    url = (edition.url if edition is not None and edition.url else
           work.url if work is not None else query.url)
    if url:
        f["url"] = safe_url(url)
    communities = []
    for rec in item.recommendations:
        tag = rec.post.community or Path(rec.post.source.split("#")[0]).stem
        tag = re.sub(r"[,;{}\\]", " ", tag).strip()
        if tag and tag not in communities:
            communities.append(tag)
    f["keywords"] = ", ".join(["readlist", *(escape(c) for c in communities)])
    notes = [back_link(r) for r in item.recommendations]
    f["note"] = "; ".join(notes)
    ids = {f"query:{query_id(q)}" for q in item.queries}
    outcome = match.outcome if match.work is not None else "unresolved"
    f["readlist-outcome"] = outcome
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
    links = [r.post.link for r in item.recommendations]
    f["readlist-posts"] = escape(" ".join(dict.fromkeys(links)))
    if "isbn" in f:
        ids.add(f"isbn:{f['isbn']}")
    key = item.key or citation_key(tuple(authors), full_title, year, taken)
    etype = ENTRY_TYPES.get(work.type if work is not None else "book", "book")
    return BibEntry(etype, key, f, links, notes, ids)


HASHED = ("author", "title", "year", "publisher", "address", "edition", "isbn", "doi", "url",
          "keywords", "note")


def _with_hash(fields: dict[str, str]) -> dict[str, str]:
    out = dict(fields)
    out["readlist-hash"] = " ".join(f"{k}:{_hash(fields[k])}" for k in HASHED if k in fields)
    return out


def render_entry(etype: str, key: str, fields: dict[str, str]) -> str:
    lib = bibtexparser.Library()
    lib.add(Entry(etype, key, [Field(k, v) for k, v in fields.items()]))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    return bibtexparser.write_string(lib, bibtex_format=fmt).strip() + "\n"


# -- merging ------------------------------------------------------------------------------------
@dataclass
class MergeStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edits: int = 0
    replaced_unresolved: int = 0
    skipped_existing: list[str] = field(default_factory=list)


def _parse_hashes(value: str) -> dict[str, str]:
    return dict(p.split(":", 1) for p in value.split() if ":" in p)


def _entry_ids(entry: Entry) -> set[str]:
    fd = {k.lower(): v.value for k, v in entry.fields_dict.items()}
    ids = set()
    if fd.get("readlist-id"):
        ids.add(fd["readlist-id"].strip())
    for q in (fd.get("readlist-query") or "").split():
        ids.add(f"query:{q}")
    if fd.get("isbn"):
        ids.add("isbn:" + re.sub(r"[^0-9Xx]", "", fd["isbn"]))
    return ids


def _merge_entry(entry: Entry, new: BibEntry, stats: MergeStats) -> tuple[dict[str, str], bool]:
    """Fields for an existing readlist entry: user edits kept, back-links appended."""
    current = {k: v.value for k, v in entry.fields_dict.items()}
    lower = {k.lower(): k for k in current}
    hashes = _parse_hashes(current.get(lower.get("readlist-hash", ""), ""))
    out: dict[str, str] = dict(current)
    edited = False
    known_links = set(unescape(current.get(lower.get("readlist-posts", ""), "")).split())
    fresh = [(link, note) for link, note in zip(new.links, new.notes, strict=True)
             if link not in known_links]
    for name, value in new.fields.items():
        have_key = lower.get(name)
        if name == "note":
            if have_key is None:
                if "note" in hashes:
                    edited = True  # the user deleted the note; leave it deleted
                    continue
                out[name] = value
                continue
            if fresh:
                out[have_key] = current[have_key] + "; " + "; ".join(n for _, n in fresh)
            if hashes.get("note") != _hash(current[have_key]):
                edited = True
            continue
        if name == "readlist-posts":
            links = list(dict.fromkeys([*unescape(current.get(lower.get(name, ""), "")).split(),
                                        *new.links]))
            out[lower.get(name, name)] = escape(" ".join(links))
            continue
        if name == "keywords" and have_key is not None:
            tags = [t.strip() for t in re.split(r"[,;]", current[have_key]) if t.strip()]
            for t in (t.strip() for t in value.split(",")):
                if t and t not in tags:
                    tags.append(t)
            if hashes.get("keywords") != _hash(current[have_key]):
                edited = True
            out[have_key] = ", ".join(tags)
            continue
        if name in HASHED:
            if have_key is None:
                if name in hashes:
                    edited = True  # deleted by the user
                    continue
                out[name] = value
            elif hashes.get(name) == _hash(current[have_key]):
                out[have_key] = value
            else:
                edited = True
            continue
        out[lower.get(name, name)] = value  # readlist-* bookkeeping is always refreshed
    # New hashes: for fields the user left alone, the new value; for edited ones, the old hash,
    # so that they stay "edited" on every later run.
    new_hashes = {}
    for name in HASHED:
        k = lower.get(name, name)
        if k not in out:
            if name in hashes:
                new_hashes[name] = hashes[name]
            continue
        user_touched = name in hashes and (k not in current or hashes[name] != _hash(current[k]))
        new_hashes[name] = hashes[name] if user_touched else _hash(out[k])
    out[lower.get("readlist-hash", "readlist-hash")] = " ".join(
        f"{k}:{v}" for k, v in new_hashes.items())
    if edited:
        stats.kept_edits += 1
    return out, out != current


def merge_text(existing: str, entries: Sequence[BibEntry], stats: MergeStats) -> str:
    """The new file text: ``existing`` with readlist's entries updated and new ones appended."""
    try:
        lib = bibtexparser.parse_string(existing)
    except Exception as exc:  # noqa: BLE001 - any parser failure means: do not touch the file
        raise MergeError(f"cannot parse the existing file ({exc}); it was left untouched") from exc
    if lib.failed_blocks:
        first = lib.failed_blocks[0]
        raise MergeError(
            f"line {(first.start_line or 0) + 1}: the existing file has a block readlist cannot parse "
            f"({type(first).__name__}); fix it or write elsewhere with -o; it was left untouched")
    ours: list[Entry] = []
    by_id: dict[str, Entry] = {}
    theirs_ids: dict[str, str] = {}
    for entry in lib.entries:
        is_ours = any(k.lower() == "readlist-hash" for k in entry.fields_dict)
        for i in _entry_ids(entry):
            if is_ours:
                by_id.setdefault(i, entry)
            elif i.startswith("isbn:"):
                theirs_ids[i] = entry.key
        if is_ours:
            ours.append(entry)
    replacements: dict[int, str] = {}  # id(entry) -> new raw text ("" removes it)
    appended: list[str] = []
    used: set[int] = set()
    for new in entries:
        match = next((by_id[i] for i in _ordered_ids(new.ids) if i in by_id
                      and id(by_id[i]) not in used), None)
        if match is None:
            dup = next((theirs_ids[i] for i in new.ids if i in theirs_ids), None)
            if dup:
                stats.skipped_existing.append(dup)
                continue
            appended.append(render_entry(new.type, new.key, _with_hash(new.fields)))
            stats.added += 1
            continue
        used.add(id(match))
        fields, changed = _merge_entry(match, new, stats)
        if changed:
            replacements[id(match)] = render_entry(match.entry_type, match.key, fields)
            stats.updated += 1
        else:
            stats.unchanged += 1
    # Unresolved entries whose query has now been resolved into another entry: drop them when
    # the user never touched them.
    resolved_queries = {i for new in entries if "readlist-id" in new.fields for i in new.ids
                        if i.startswith("query:")}
    for entry in ours:
        if id(entry) in used:
            continue
        fd = {k.lower(): v.value for k, v in entry.fields_dict.items()}
        if fd.get("readlist-outcome") != "unresolved":
            continue
        if not (_entry_ids(entry) & resolved_queries):
            continue
        hashes = _parse_hashes(fd.get("readlist-hash", ""))
        untouched = all(hashes.get(k) == _hash(v) for k, v in fd.items() if k in HASHED)
        if untouched:
            replacements[id(entry)] = ""
            stats.replaced_unresolved += 1
    return _splice(existing, lib.entries, replacements, appended)


def _ordered_ids(ids: set[str]) -> list[str]:
    """Catalogue id first, then ISBN, then the query id."""
    return sorted(ids, key=lambda i: (i.startswith("query:"), i.startswith("isbn:"), i))


def _splice(text: str, entries: Iterable[Entry], replacements: dict[int, str],
            appended: list[str]) -> str:
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
        if new:
            out.append(new.rstrip("\n"))
            pos = at + len(raw)
        else:
            pos = at + len(raw)
            while pos < len(text) and text[pos] in "\r\n":  # drop the emptied entry's lines
                pos += 1
    out.append(text[pos:])
    merged = "".join(out)
    if appended:
        if merged and not merged.endswith("\n"):
            merged += "\n"
        if merged.strip():
            merged += "\n"
        merged += "\n".join(appended)
    return merged


# -- the file -----------------------------------------------------------------------------------
def existing_keys(text: str) -> set[str]:
    return set(re.findall(r"@\w+\s*[{(]\s*([^,\s]+)\s*,", text))


def write_bibtex(path: Path, items: Sequence[ListedWork], *, dry_run: bool = False
                 ) -> tuple[str, MergeStats]:
    """Write or merge ``items`` into ``path``; returns the new text and what changed."""
    path = Path(path)
    stats = MergeStats()
    with locked(path):
        old_bytes = path.read_bytes() if path.exists() else b""
        try:
            old = old_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MergeError(f"{path}: not UTF-8 (byte {exc.start}); it was left untouched") \
                from exc
        has_bom = old.startswith(BOM) or not old_bytes
        body = old.removeprefix(BOM)
        taken = existing_keys(body)
        entries = []
        for item in items:
            entry = build_entry(item, taken)
            taken.add(entry.key)
            item.key = entry.key
            entries.append(entry)
        new = merge_text(body, entries, stats)
        _adopt_existing_keys(items, entries, body)
        text = (BOM if has_bom else "") + new
        if not dry_run and text != old:
            atomic_write(path, text.encode("utf-8"), backup=bool(old_bytes))
    return text, stats


def _adopt_existing_keys(items: Sequence[ListedWork], entries: Sequence[BibEntry],
                         body: str) -> None:
    """After a merge, a listed work keeps the key its existing entry already had."""
    if not body:
        return
    lib = bibtexparser.parse_string(body)
    index: dict[str, str] = {}
    for e in lib.entries:
        for i in _entry_ids(e):
            index.setdefault(i, e.key)
    for item, entry in zip(items, entries, strict=True):
        for i in _ordered_ids(entry.ids):
            if i in index:
                item.key = index[i]
                break


class BibTeXExporter(Exporter):
    name = "bibtex"
    description = "BibTeX for LaTeX, Zotero and Better BibTeX (written by `readlist scan`)"
    suffix = ".bib"
