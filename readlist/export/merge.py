"""Merging entries into a .bib that loses nothing, and writing the file.

On a re-run, a field whose value no longer matches the hash readlist wrote was edited by the
user and is left alone; new back-links are appended to ``note``; every block readlist did not
write (other entries, ``@string``, ``@preamble``, comments) is kept byte for byte.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry

from readlist.catalogue.normalise import normalise_title
from readlist.errors import MergeError
from readlist.export.bibtex import (
    BOM,
    HASHED,
    RESOLUTION_FIELDS,
    TYPE_HASH,
    BibEntry,
    back_links,
    build_entries,
    communities_of,
    field_hash,
    iter_entries,
    keywords_value,
    post_link,
    render_entry,
    valid_isbn,
    with_hashes,
)
from readlist.export.citekey import citation_key
from readlist.export.latex import FieldState, decode, escape
from readlist.files import atomic_write, locked
from readlist.models import ListedWork


@dataclass
class MergeStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edits: int = 0
    replaced_unresolved: int = 0
    skipped_existing: list[str] = field(default_factory=list)
    diff: str = ""  # unified diff of the file, old -> new (dry runs only)


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
        if name in hashes and (name not in val or hashes[name] != field_hash(val[name])):
            touched.add(name)
        elif name not in hashes and name in val:
            touched.add(name)  # the user added it: theirs
    etype = entry.entry_type
    type_touched = TYPE_HASH in hashes and hashes[TYPE_HASH] != field_hash(etype.lower())
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
                          communities_of(fresh))
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
    new_hashes = [f"{TYPE_HASH}:{hashes[TYPE_HASH] if type_touched else field_hash(etype.lower())}"]
    for name in HASHED:
        k = lower.get(name, name)
        if name in touched:
            if name in hashes:
                new_hashes.append(f"{name}:{hashes[name]}")  # stays "edited" on later runs
        elif k in out:
            new_hashes.append(f"{name}:{field_hash(content(out[k]))}")
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
    return "".join(_merged(existing, _Existing(existing), entries, stats, natural_keys))


def merge_items(existing: str, items: Sequence[ListedWork], stats: MergeStats) -> Iterator[str]:
    """The new file text for ``items`` in pieces, so a big file is never built whole; sets
    each item's citation key. Into a file without readlist entries (a first run), each entry
    is made, placed and rendered as the pieces are taken; ``stats`` and the keys are complete
    once they all are."""
    old = _Existing(existing)
    if old.ours:
        entries, natural = build_entries(items, set())
        parts = _merged(existing, old, entries, stats, natural)
        for item, entry in zip(items, entries, strict=True):
            item.key = entry.key
        return parts

    def new_entries() -> Iterator[BibEntry]:
        for item, (new, natural) in zip(items, iter_entries(items, set()), strict=True):
            placed = _place_new(new, natural.lower(), old, stats)
            item.key = new.key
            if placed:
                yield new

    return _pieces([existing], new_entries(), old.newline)


class _Existing:
    """The file being merged into: its entries, readlist's among them, the keys taken."""

    def __init__(self, text: str) -> None:
        self.lib = parse_existing(text)
        self.newline = "\r\n" if text.count("\r\n") > text.count("\n") / 2 and text else "\n"
        self.ours = [e for e in self.lib.entries if _is_ours(e)]
        self.theirs = [e for e in self.lib.entries if not _is_ours(e)]
        self.ids_of = {id(e): _entry_ids(e) for e in self.lib.entries}
        self.taken = {e.key.lower() for e in self.lib.entries} | {
            k.lower() for k in re.findall(r"@\w+\s*[{(]\s*([^,\s]+)\s*,", text)}


def _place_new(new: BibEntry, natural: str, old: _Existing, stats: MergeStats) -> bool:
    """A new entry no readlist entry is: the user's own entry of its work takes its place
    (False), or it is appended under a free key (True)."""
    theirs = _find(old.theirs, old.ids_of, new, natural, set(), title=new.fields.get("title"))
    if theirs is not None:
        stats.skipped_existing.append(theirs.key)
        new.key = theirs.key
        return False
    key = new.key
    if key.lower() in old.taken:
        key = citation_key((), "", None, old.taken, base=key)
    new.key = key
    old.taken.add(key.lower())
    stats.added += 1
    return True


def _merged(existing: str, old: _Existing, entries: Sequence[BibEntry], stats: MergeStats,
            natural_keys: Sequence[str] | None = None) -> Iterator[str]:
    """The merge decided (keys set, ``stats`` counted) before this returns; the pieces of the
    new text then, new entries rendered one at a time as they are taken."""
    lib, ours, ids_of, newline = old.lib, old.ours, old.ids_of, old.newline
    replacements: dict[int, str] = {}  # id(entry) -> new raw text ("" removes it)
    appended: list[BibEntry] = []  # rendered as the pieces are taken
    used: set[int] = set()
    left = _keep_resolutions(entries, ours, ids_of, replacements, used, stats, newline)
    for n, new in enumerate(entries):
        if n not in left:
            continue
        natural = (natural_keys[n] if natural_keys else new.key).lower()
        match = _find(ours, ids_of, new, natural, used)
        if match is None:
            if _place_new(new, natural, old, stats):
                appended.append(new)
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
        untouched = all(hashes.get(k) == field_hash(v) for k, v in fd.items() if k in HASHED) and \
            all(k in fd for k in hashes if k in HASHED)
        if untouched:
            replacements[id(entry)] = ""
            stats.replaced_unresolved += 1
    return _spliced(existing, lib.entries, replacements, appended, newline)


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


def _spliced(text: str, entries: Sequence[Entry], replacements: dict[int, str],
             appended: list[BibEntry], newline: str) -> Iterator[str]:
    """``text`` with the replacements made, then the appended entries after a blank line."""
    kept: list[str] = []  # the existing text's pieces: located before anything is given out
    pos = 0
    for entry in entries:
        if id(entry) not in replacements:
            continue
        raw = entry.raw or ""
        at = text.find(raw, pos)
        if at == -1:
            raise MergeError(f"entry {entry.key!r} could not be located; file left untouched")
        kept.append(text[pos:at])
        new = replacements[id(entry)]
        pos = at + len(raw)
        if new:
            kept.append(new.rstrip("\r\n"))
        else:
            while pos < len(text) and text[pos] in "\r\n":  # drop the emptied entry's lines
                pos += 1
    kept.append(text[pos:])
    return _pieces(kept, appended, newline)


def _pieces(kept: list[str], appended: Iterable[BibEntry], newline: str) -> Iterator[str]:
    yield from kept
    for n, new in enumerate(appended):
        if n:
            yield newline
        else:  # a blank line between the existing text and the first new entry
            last = next((k for k in reversed(kept) if k), "")
            if last and not last.endswith("\n"):
                yield newline
            if any(k.strip() for k in kept):
                yield newline
        yield render_entry(new.type, new.key, with_hashes(new.type, new.fields),
                           newline=newline)


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


def write_bibtex(path: Path, items: Sequence[ListedWork], *, dry_run: bool = False
                 ) -> MergeStats:
    """Write or merge ``items`` into ``path``; returns what changed (a dry run: and the diff).

    The file is streamed to its temp file entry by entry, never built whole in memory; an
    unchanged file is not rewritten."""
    path = Path(path)
    stats = MergeStats()
    with locked(path):
        old_bytes, old = read_existing(path)
        bom = BOM if old.startswith(BOM) or not old_bytes else ""
        parts = merge_items(old.removeprefix(BOM), items, stats)
        if dry_run:
            stats.diff = unified_diff(old, bom + "".join(parts), path)
        else:
            atomic_write(path, (p.encode("utf-8") for p in chain((bom,), parts)),
                         backup=bool(old_bytes), unless_same=old_bytes)
    return stats


def render_new(items: Sequence[ListedWork]) -> str:
    """The BibTeX a fresh file would hold for ``items`` (no BOM); used by other formats."""
    return "".join(merge_items("", items, MergeStats()))

