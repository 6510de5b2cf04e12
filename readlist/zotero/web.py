"""Pushing a .bib into a Zotero web library: create what is new, append what is new, nothing twice.

Works are found by the key map first, then in the library itself (ISBN, or title and author),
so a lost map does not duplicate. New works are created in batches of 50; their back-link note
and link attachments follow in a second call, as children of the keys that came back. For works
already there, new back-links are appended to readlist's note (a PATCH that carries the note's
version, retried on 412) or, if the user deleted that note, a new note holds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from readlist.export.library import BackLink, BibRecord
from readlist.zotero.errors import ZoteroError
from readlist.zotero.items import short_title, web_attachment, web_item, web_note
from readlist.zotero.lookup import Children, Lookup
from readlist.zotero.notes import (
    append_html,
    attachment_title,
    is_readlist_note,
    links_present,
    note_html,
    web_link,
)
from readlist.zotero.result import PushResult
from readlist.zotero.store import KeyMap, Pushed
from readlist.zotero.webapi import WebApi, WriteResult

PATCH_TRIES = 3


class Writer:
    """Writes go through here so that ``--dry-run`` records them instead of sending them."""

    def __init__(self, api: WebApi, result: PushResult, dry_run: bool) -> None:
        self.api, self.result, self.dry_run = api, result, dry_run
        self._placeholder = 0

    def _path(self, url: str) -> str:
        return url[len(self.api.base):] if url.startswith(self.api.base) else url

    def create(self, kind: str, objects: Sequence[dict[str, Any]]) -> WriteResult:
        if not objects:
            return WriteResult()
        if not self.dry_run:
            return self.api.create(kind, objects)
        res = WriteResult()
        for start in range(0, len(objects), 50):
            batch = list(objects[start:start + 50])
            self.result.planned.append({"method": "POST",
                                        "path": self._path(f"{self.api.prefix}/{kind}"),
                                        "body": batch})
            for i in range(len(batch)):
                self._placeholder += 1
                res.keys[start + i] = f"<new {kind[:-1]} {self._placeholder}>"
        return res

    def patch(self, key: str, changes: dict[str, Any], version: int | None) -> bool:
        if not self.dry_run:
            assert version is not None
            return self.api.patch(key, changes, version)
        self.result.planned.append({"method": "PATCH",
                                    "path": self._path(f"{self.api.prefix}/items/{key}"),
                                    "if_unmodified_since_version": version, "body": changes})
        return True


@dataclass
class _Existing:
    record: BibRecord
    old_key: str | None
    pushed: Pushed
    adopted: bool  # found in the library, not in the map: its notes must be read


@dataclass
class _Child:
    record: BibRecord
    pushed: Pushed
    kind: str  # "note" | "attachment"
    links: list[str] = field(default_factory=list)


class WebPush:
    def __init__(self, api: WebApi, keymap: KeyMap, result: PushResult, *, dry_run: bool,
                 can_read: bool) -> None:
        self.api, self.keymap, self.result = api, keymap, result
        self.dry_run, self.can_read = dry_run, can_read
        self.writer = Writer(api, result, dry_run)
        self.lookup: Lookup | None = None
        self.live: dict[str, dict[str, Any]] = {}
        self.kids: Children | None = None

    # -- the whole push ------------------------------------------------------------------------
    def run(self, records: Sequence[BibRecord], collection: str | None) -> PushResult:
        if self.can_read:
            self._check_access()
        ckey = self._collection(collection) if collection else None
        new, existing = self._plan(records)
        created = self._create(new, ckey)
        children: list[_Child] = []
        objects: list[dict[str, Any]] = []
        for record, pushed in created:
            self._queue_children(record, pushed, record.backlinks, set(), None, children, objects)
        if self.can_read:
            self._prefetch(existing, ckey)
        for e in existing:
            self._update(e, ckey, children, objects)
        self._create_children(children, objects)
        self._save()
        return self.result

    def _save(self) -> None:
        if not self.dry_run:
            self.keymap.save()

    def _check_access(self) -> None:
        info = self.api.key_info()
        kind, _, ident = self.api.library.partition(":")
        access = info.get("access") or {}
        if kind == "user":
            if str(info.get("userID", ident)) != ident:
                raise ZoteroError(f"this API key belongs to user:{info.get('userID')}, not "
                                  f"{self.api.library}")
            rights = access.get("user") or {}
        else:
            groups = access.get("groups") or {}
            rights = groups.get(ident) or groups.get("all") or {}
        if not access:  # an answer without access details: let the writes speak for themselves
            return
        if not rights:
            raise ZoteroError(f"this API key has no access to {self.api.library}")
        if not self.dry_run and not rights.get("write"):
            raise ZoteroError(f"this API key may not write to {self.api.library}: give it write "
                              "access at https://www.zotero.org/settings/keys")

    # -- finding what is there -----------------------------------------------------------------
    def _plan(self, records: Sequence[BibRecord]) -> tuple[list[BibRecord], list[_Existing]]:
        new: list[BibRecord] = []
        existing: list[_Existing] = []
        unmapped: list[tuple[BibRecord, tuple[str, Pushed] | None]] = []
        for record in records:
            found = self.keymap.find(record)
            if found and found[1].deleted:
                self.result.add("skipped", record.key, short_title(record),
                                "you deleted it in Zotero; not re-created", found[1].item)
            elif found and found[1].item:
                existing.append(_Existing(record, found[0], found[1], adopted=False))
            else:
                unmapped.append((record, found))
        if self.can_read and unmapped:
            self.lookup = Lookup(self.api, len(unmapped))
        for record, found in unmapped:
            match = self.lookup.find(record) if self.lookup is not None else None
            if match is None:
                new.append(record)
                continue
            pushed = found[1] if found else Pushed()
            pushed.item = str(match["key"])
            existing.append(_Existing(record, found[0] if found else None, pushed, adopted=True))
        return new, existing

    def _collection(self, name: str) -> str | None:
        known = self.keymap.collections.get(name)
        if self.can_read:
            live = [c for c in self.api.collections() if not (c.get("data") or {}).get("deleted")]
            if known and any(c.get("key") == known for c in live):
                return known
            named = [c for c in live if (c.get("data") or {}).get("name") == name]
            named.sort(key=lambda c: bool((c.get("data") or {}).get("parentCollection")))
            if named:
                self.keymap.collections[name] = str(named[0]["key"])
                return self.keymap.collections[name]
        elif known:
            return known
        res = self.writer.create("collections", [{"name": name}])
        if 0 in res.keys:
            if not self.dry_run:
                self.keymap.collections[name] = res.keys[0]
                self.result.notices.append(f"created collection {name!r} in {self.api.library}")
            return res.keys[0]
        if res.replayed:
            for c in self.api.collections():
                if (c.get("data") or {}).get("name") == name:
                    self.keymap.collections[name] = str(c["key"])
                    return self.keymap.collections[name]
        raise ZoteroError(f"could not create the collection {name!r}: "
                          f"{res.failed.get(0, 'no answer')}")

    # -- new works -----------------------------------------------------------------------------
    def _create(self, new: list[BibRecord], ckey: str | None) -> list[tuple[BibRecord, Pushed]]:
        created: list[tuple[BibRecord, Pushed]] = []
        for start in range(0, len(new), 50):
            batch = new[start:start + 50]
            res = self.writer.create("items", [web_item(r, [ckey] if ckey else [])
                                               for r in batch])
            for i, record in enumerate(batch):
                key = res.keys.get(i)
                if key is None and i in res.replayed and self.lookup is not None:
                    self.lookup.forget()  # the library changed: ask it afresh
                    match = self.lookup.find(record)
                    key = str(match["key"]) if match else None
                    if key is None:
                        self.result.add("failed", record.key, short_title(record),
                                        "Zotero says this batch was sent before but the item "
                                        "is not in the library; run the push again")
                        continue
                if key is None:
                    self.result.add("failed", record.key, short_title(record),
                                    res.failed.get(i, "no answer for this item"))
                    continue
                pushed = Pushed.for_record(record, key)
                if not self.dry_run:
                    self.keymap.put(record, pushed)
                created.append((record, pushed))
                self.result.add("created", record.key, short_title(record), zotero_key=key,
                                new_links=len(record.backlinks))
            self._save()  # after every batch: a crash now must not lead to duplicates later
        return created

    def _queue_children(self, record: BibRecord, pushed: Pushed, backlinks: Sequence[BackLink],
                        attached: set[str], note: dict[str, Any] | None,
                        children: list[_Child], objects: list[dict[str, Any]]) -> int:
        """Queue a note (unless ``note`` is readlist's existing one, patched instead) and link
        attachments for ``backlinks``; returns how many back-links were added."""
        assert pushed.item is not None
        added = 0
        if backlinks and note is None:
            children.append(_Child(record, pushed, "note", [b.link for b in backlinks]))
            objects.append(web_note(pushed.item, note_html(backlinks)))
            added = len(backlinks)
        for b in backlinks:
            url = web_link(b.link)
            if url and url not in attached and url not in pushed.attachments:
                attached.add(url)
                children.append(_Child(record, pushed, "attachment", [url]))
                objects.append(web_attachment(pushed.item, url, attachment_title(b)))
        return added

    def _create_children(self, children: list[_Child], objects: list[dict[str, Any]]) -> None:
        res = self.writer.create("items", objects)
        by_key = {o.key: o for o in self.result.outcomes}
        replayed_parents: set[str] = set()
        for i, child in enumerate(children):
            key = res.keys.get(i)
            if key is None and i in res.replayed and child.pushed.item:
                replayed_parents.add(child.pushed.item)
                continue
            if key is None:
                outcome = by_key.get(child.record.key)
                if outcome is not None:
                    reason = res.failed.get(i, "no answer")
                    if child.kind == "note":
                        # The back-links are the point: say it failed; a re-run adds the note.
                        outcome.action, outcome.new_links = "failed", 0
                        outcome.detail = (f"saved, but its back-link note was not ({reason}); "
                                          "run the push again to add it")
                    else:
                        outcome.detail = ", ".join(filter(None, [
                            outcome.detail, f"a link attachment was not saved ({reason})"]))
                continue
            self._mark(child, key)
        for parent in replayed_parents:  # written by a try whose answer was lost: look them up
            kids = self.api.children(parent) or []
            for i, child in enumerate(children):
                if child.pushed.item == parent and i in res.replayed:
                    notes = [str((k.get("data") or {}).get("note", "")) for k in kids]
                    urls = [str((k.get("data") or {}).get("url", "")) for k in kids]
                    if set(child.links) <= links_present(notes, urls, child.links):
                        self._mark(child, None)
        self._save()

    def _mark(self, child: _Child, key: str | None) -> None:
        p = child.pushed
        if child.kind == "note":
            if key and not key.startswith("<"):
                p.note = p.note or key
            p.links = list(dict.fromkeys([*p.links, *child.links]))
        else:
            p.attachments = list(dict.fromkeys([*p.attachments, *child.links]))

    # -- works already there -------------------------------------------------------------------
    @staticmethod
    def _wanted(e: _Existing) -> list[BackLink]:
        return [b for b in e.record.backlinks if e.adopted or b.link not in e.pushed.links]

    def _prefetch(self, existing: list[_Existing], ckey: str | None) -> None:
        """Read, in as few requests as will do, the items and children ``_update`` looks at."""
        needs = [e for e in existing if ckey or self._wanted(e)]
        keys = list(dict.fromkeys(str(e.pushed.item) for e in needs))
        self.live = {str(it.get("key")): it for it in self.api.items(keys)}
        self.kids = Children(self.api, list(dict.fromkeys(
            str(e.pushed.item) for e in needs if self._wanted(e))))

    def _update(self, e: _Existing, ckey: str | None, children: list[_Child],
                objects: list[dict[str, Any]]) -> None:
        record, pushed = e.record, e.pushed
        assert pushed.item is not None
        title = short_title(record)
        wanted = self._wanted(e)
        if not self.can_read:  # dry run without a key: the map is all we know
            added = self._dry_update(record, pushed, wanted, ckey, children, objects)
            self._outcome(e, added, ckey is not None and not e.adopted)
            return
        if not wanted and not ckey:
            if not self.dry_run:
                self.keymap.put(record, pushed, e.old_key)
            self.result.add("unchanged", record.key, title, zotero_key=pushed.item)
            return
        item = self.live.get(pushed.item)
        if item is None or (item.get("data") or {}).get("deleted"):
            pushed.deleted = True
            if not self.dry_run:
                self.keymap.put(record, pushed, e.old_key)
            where = "is gone from" if item is None else "is in the trash of"
            self.result.add("skipped", record.key, title,
                            f"{where} {self.api.library}; left alone", pushed.item)
            return
        moved = False
        if ckey and ckey not in ((item.get("data") or {}).get("collections") or []):
            moved = self._add_to_collection(item, ckey)
        added = 0
        if wanted:
            assert self.kids is not None
            kids = self.kids.of(pushed.item)
            notes = [k for k in kids if (k.get("data") or {}).get("itemType") == "note"]
            urls = [str((k.get("data") or {}).get("url", "")) for k in kids
                    if (k.get("data") or {}).get("itemType") == "attachment"]
            present = links_present([str(n["data"].get("note", "")) for n in notes], urls,
                                    [b.link for b in wanted])
            pushed.attachments = list(dict.fromkeys(
                [*pushed.attachments, *(u for u in urls if u)]))
            pushed.links = list(dict.fromkeys([*pushed.links, *present]))
            missing = [b for b in wanted if b.link not in present]
            ours = self._our_note(notes, pushed)
            if missing and ours is not None:
                added = self._append(ours, missing, pushed)
                self._queue_children(record, pushed, missing, set(urls), ours["data"],
                                     children, objects)
            elif missing:
                added = self._queue_children(record, pushed, missing, set(urls), None,
                                             children, objects)
        if not self.dry_run:
            self.keymap.put(record, pushed, e.old_key)
        self._outcome(e, added, moved)

    def _outcome(self, e: _Existing, added: int, moved: bool) -> None:
        parts = []
        if added:
            parts.append(f"+{added} back-link{'s' * (added != 1)}")
        if moved:
            parts.append("added to the collection")
        if e.adopted:
            parts.append("found in the library")
        action = "updated" if added or moved else "unchanged"
        self.result.add(action, e.record.key, short_title(e.record), ", ".join(parts),
                        e.pushed.item, new_links=added)

    def _our_note(self, notes: list[dict[str, Any]], pushed: Pushed) -> dict[str, Any] | None:
        for n in notes:
            if n.get("key") == pushed.note:
                return n
        for n in notes:
            if is_readlist_note(str((n.get("data") or {}).get("note", ""))):
                return n
        return None

    def _append(self, note: dict[str, Any], missing: list[BackLink], pushed: Pushed) -> int:
        """Append paragraphs to readlist's note; on 412 read it again and retry."""
        for _ in range(PATCH_TRIES):
            data = note.get("data") or {}
            current = str(data.get("note", ""))
            present = links_present([current], [], [b.link for b in missing])
            todo = [b for b in missing if b.link not in present]
            if not todo:
                break
            version = note.get("version", data.get("version"))
            if self.writer.patch(str(note["key"]), {"note": append_html(current, todo)},
                                 int(version) if version is not None else None):
                pushed.note = str(note["key"])
                pushed.links = list(dict.fromkeys([*pushed.links, *(b.link for b in todo)]))
                return len(todo)
            fresh = self.api.item(str(note["key"]))  # changed meanwhile: merge with the new text
            if fresh is None:
                return 0
            note = fresh
        return 0

    def _add_to_collection(self, item: dict[str, Any], ckey: str) -> bool:
        for _ in range(PATCH_TRIES):
            data = item.get("data") or {}
            cols = list(data.get("collections") or [])
            if ckey in cols:
                return False
            version = item.get("version", data.get("version"))
            if self.writer.patch(str(item["key"]), {"collections": [*cols, ckey]},
                                 int(version) if version is not None else None):
                return True
            fresh = self.api.item(str(item["key"]))
            if fresh is None:
                return False
            item = fresh
        return False

    def _dry_update(self, record: BibRecord, pushed: Pushed, wanted: list[BackLink],
                    ckey: str | None, children: list[_Child], objects: list[dict[str, Any]]
                    ) -> int:
        if not wanted:
            return 0
        if pushed.note:
            self.writer.patch(pushed.note, {"note": append_html("…existing note…", wanted)},
                              None)
            self._queue_children(record, pushed, wanted, set(), {}, children, objects)
            return len(wanted)
        return self._queue_children(record, pushed, wanted, set(), None, children, objects)
