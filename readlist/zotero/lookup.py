"""Reading what a Zotero library holds, with whichever costs fewer requests.

One quick search per work costs up to three requests; reading the whole library costs one
request per 100 items. With many works to look up in a small library, read it once. The same
goes for the notes and attachments of the items a push must look into.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from readlist.export.library import BibRecord
from readlist.zotero.matching import LibraryIndex, find_by_search
from readlist.zotero.webapi import WebApi


class Lookup:
    def __init__(self, api: WebApi, expected: int) -> None:
        """``expected``: how many works will be looked up (those not in the key map)."""
        self.api = api
        self.expected = expected
        self.index: LibraryIndex | None = None
        self._decided = False

    def _decide(self) -> None:
        self._decided = True
        if self.expected < 2:
            return
        first, total = self.api.top_items(0, 100)
        if math.ceil(total / 100) <= self.expected:
            self.index = LibraryIndex(self.api.all_top_items(first, total))

    def find(self, record: BibRecord) -> Mapping[str, Any] | None:
        if not self._decided:
            self._decide()
        if self.index is not None:
            return self.index.find(record)
        return find_by_search(record, lambda q, everything: self.api.search(
            q, everything=everything))

    def forget(self) -> None:
        """The library changed under us (a replayed write): search from now on."""
        self.index = None
        self._decided = True


class Children:
    """The notes and link attachments of ``parents``: asked per item, or all read at once."""

    def __init__(self, api: WebApi, parents: list[str]) -> None:
        self.api = api
        self.by_parent: dict[str, list[dict[str, Any]]] | None = None
        if len(parents) < 2:
            return
        notes, n_notes = api.page("items", "note")
        links, n_links = api.page("items", "attachment")
        if math.ceil(n_notes / 100) + math.ceil(n_links / 100) <= len(parents):
            self.by_parent = {}
            for kid in (api.rest("items", "note", notes, n_notes)
                        + api.rest("items", "attachment", links, n_links)):
                parent = (kid.get("data") or {}).get("parentItem")
                if parent and not (kid.get("data") or {}).get("deleted"):
                    self.by_parent.setdefault(str(parent), []).append(kid)

    def of(self, key: str) -> list[dict[str, Any]]:
        if self.by_parent is not None:
            return self.by_parent.get(key, [])
        return self.api.children(key) or []
