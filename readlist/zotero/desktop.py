"""Pushing a .bib into a running Zotero through its connector server, without duplicates.

The connector can only add: it saves new items (with their back-link note, link attachments
and tags) into what is selected in Zotero, and returns no item keys. So idempotence rests on the
key map, plus Zotero's local API when the user has switched it on (then items already in the
library are found by ISBN or title and author, even with no map). New back-links for works
already in Zotero cannot be added this way; they are reported, and ``--push web`` adds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from readlist.export.library import BibRecord
from readlist.zotero.connector import Connector, SaveTarget
from readlist.zotero.errors import LocalApiDisabled, ZoteroError, ZoteroNotRunning
from readlist.zotero.items import connector_item, short_title
from readlist.zotero.lookup import Lookup
from readlist.zotero.notes import links_present, web_link
from readlist.zotero.result import PushResult
from readlist.zotero.store import KeyMap, Pushed
from readlist.zotero.webapi import WebApi

BATCH = 50
TAGS_NOTICE = ("note: Zotero stores tags saved through the connector as automatic tags, and drops "
               "them if 'Automatically tag items with keywords and subject headings' is off in "
               "Zotero's settings (General); the back-links are in notes either way")
LOCAL_API_NOTICE = ("note: Zotero's local API is off, so only readlist's own record of earlier "
                    "pushes prevents duplicates; switch on Settings > Advanced > 'Allow other "
                    "applications on this computer to communicate with Zotero' so readlist can "
                    "also find works already in your library")


class DesktopPush:
    def __init__(self, connector: Connector, keymap: KeyMap, result: PushResult, *,
                 dry_run: bool, local: WebApi | None, via: str = "items",
                 bibtex_for: Callable[[Sequence[BibRecord]], str] | None = None) -> None:
        self.connector, self.keymap, self.result = connector, keymap, result
        self.dry_run, self.local, self.via = dry_run, local, via
        self.bibtex_for = bibtex_for

    def run(self, records: Sequence[BibRecord], collection: str | None) -> PushResult:
        running = True
        try:
            self.connector.ping()
        except ZoteroNotRunning:
            if not self.dry_run:
                raise
            running, self.local = False, None
            self.result.notices.append("Zotero is not running: this dry run knows only "
                                       "readlist's record of earlier pushes")
        target = self.connector.save_target() if running else None
        move_to = self._target(target, collection) if running else None
        self._check_local()
        new = self._plan(records)
        if new:
            self._save_new(new, move_to)
            where = collection or (target.name if target else "")
            if where and not self.dry_run:
                self.result.notices.append(f"saved into {where!r} in Zotero")
            if self.via == "items" and any(r.keywords for r in new):
                self.result.notices.append(TAGS_NOTICE)
        if not self.dry_run:
            self.keymap.save()
        return self.result

    def _target(self, target: SaveTarget | None, collection: str | None) -> str | None:
        if not collection:
            if target is not None and not target.editable:
                raise ZoteroError(f"{target.name!r} is selected in Zotero and is read-only: "
                                  "select My Library or an editable collection")
            return None
        if target is None:
            raise ZoteroError("this Zotero cannot list its collections: select the collection "
                              "in Zotero and push without --collection")
        found = target.find(collection)
        if found is None:
            raise ZoteroError(f"Zotero has no collection named {collection!r} and the connector "
                              "cannot create one: create it in Zotero (or use --push web)")
        return found.id

    def _check_local(self) -> None:
        if self.local is None:
            return
        try:
            self.local.search("readlist-probe", limit=1)
        except LocalApiDisabled:
            self.local = None
            self.result.notices.append(LOCAL_API_NOTICE)
        except ZoteroError:
            self.local = None

    def _plan(self, records: Sequence[BibRecord]) -> list[BibRecord]:
        new = []
        lookup = None
        if self.local is not None:
            lookup = Lookup(self.local, sum(1 for r in records if not self.keymap.find(r)))
        for record in records:
            found = self.keymap.find(record)
            old_key, pushed = found if found else (None, None)
            if pushed is None and lookup is not None:
                match = lookup.find(record)
                if match is not None:
                    pushed = Pushed(item=str(match["key"]))
                    pushed.links = sorted(self._links_in_zotero(str(match["key"]), record))
            if pushed is None:
                new.append(record)
                continue
            missing = [b for b in record.backlinks if b.link not in pushed.links]
            if missing and pushed.item and self.local is not None:
                # Maybe the user (or a web push, synced here) added them since.
                have = self._links_in_zotero(pushed.item, record)
                pushed.links = sorted(set(pushed.links) | have)
                missing = [b for b in missing if b.link not in have]
            if not self.dry_run:
                self.keymap.put(record, pushed, old_key)
            title = short_title(record)
            if missing:
                n = len(missing)
                self.result.add("skipped", record.key, title,
                                f"already in Zotero; {n} new back-link{'s' * (n != 1)} not "
                                "added (the connector cannot change existing items: use "
                                "--push web)", pushed.item)
            else:
                self.result.add("unchanged", record.key, title, zotero_key=pushed.item)
        return new

    def _links_in_zotero(self, key: str, record: BibRecord) -> set[str]:
        assert self.local is not None
        kids = self.local.children(key) or []
        notes = [str((k.get("data") or {}).get("note", "")) for k in kids]
        urls = [str((k.get("data") or {}).get("url", "")) for k in kids]
        return links_present(notes, urls, [b.link for b in record.backlinks])

    def _save_new(self, new: list[BibRecord], move_to: str | None) -> None:
        for start in range(0, len(new), BATCH):
            batch = new[start:start + BATCH]
            session = self.connector.session_factory()
            try:
                self._send(batch, session)
            except ZoteroError as exc:
                # Zotero refused or broke: earlier batches are saved and recorded; stop here.
                for record in new[start:]:
                    self.result.add("failed", record.key, short_title(record), str(exc))
                return
            for record in batch:
                pushed = Pushed(links=[b.link for b in record.backlinks])
                if self.via == "items":
                    pushed.attachments = [u for u in (web_link(b.link) for b in
                                                      record.backlinks) if u]
                if not self.dry_run:
                    self.keymap.put(record, pushed)
                self.result.add("created", record.key, short_title(record),
                                new_links=len(record.backlinks))
            if not self.dry_run:
                self.keymap.save()  # after every batch: a crash now must not duplicate later
            if move_to:
                self._move(session, move_to)

    def _send(self, batch: list[BibRecord], session: str) -> None:
        if self.via == "import":
            assert self.bibtex_for is not None
            text = self.bibtex_for(batch)
            if self.dry_run:
                self.result.planned.append({"method": "POST", "path": "/connector/import",
                                            "params": {"session": session}, "body": text})
            else:
                self.connector.import_file(text, session, "application/x-bibtex")
        else:
            items = [connector_item(r, r.key) for r in batch]
            if self.dry_run:
                self.result.planned.append({"method": "POST", "path": "/connector/saveItems",
                                            "body": {"items": items, "sessionID": session}})
            else:
                self.connector.save_items(items, session)

    def _move(self, session: str, target: str) -> None:
        body = {"sessionID": session, "target": target, "tags": []}
        if self.dry_run:
            self.result.planned.append({"method": "POST", "path": "/connector/updateSession",
                                        "body": body})
            return
        try:
            self.connector.move_session(session, target)
        except ZoteroError as exc:  # the items are saved; only their place is wrong
            self.result.notices.append(str(exc))
