"""What a push did, work by work, and the summary the user reads on stderr."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

ACTIONS = ("created", "updated", "unchanged", "skipped", "failed")


@dataclass
class Outcome:
    action: str  # one of ACTIONS
    key: str  # citation key
    title: str
    detail: str = ""
    zotero_key: str | None = None
    new_links: int = 0


@dataclass
class PushResult:
    target: str  # "Zotero desktop" | "user:123"
    dry_run: bool = False
    outcomes: list[Outcome] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # things the user should know, one line each
    planned: list[dict[str, Any]] = field(default_factory=list)  # --dry-run: requests not sent
    collection: str | None = None

    def add(self, action: str, key: str, title: str, detail: str = "",
            zotero_key: str | None = None, new_links: int = 0) -> Outcome:
        o = Outcome(action, key, title, detail, zotero_key, new_links)
        self.outcomes.append(o)
        return o

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def failed(self) -> bool:
        return any(o.action == "failed" for o in self.outcomes)

    def lines(self) -> list[str]:
        verb = "would be " if self.dry_run else ""
        out = list(self.notices)
        for o in self.outcomes:
            if o.action == "unchanged":
                continue
            ref = f" [{o.zotero_key}]" if o.zotero_key and not self.dry_run else ""
            why = f": {o.detail}" if o.detail else ""
            out.append(f"  {verb}{o.action:<8} {o.title}{ref}{why}")
        c = Counter(o.action for o in self.outcomes)
        links = sum(o.new_links for o in self.outcomes if o.action in ("created", "updated"))
        parts = [f"{c['created']} {verb}created", f"{c['updated']} {verb}updated",
                 f"{c['unchanged']} unchanged", f"{c['skipped']} skipped"]
        if c["failed"]:
            parts.append(f"{c['failed']} failed")
        where = self.target + (f", collection {self.collection!r}" if self.collection else "")
        out.append(f"zotero ({where}): " + ", ".join(parts)
                   + (f"; {links} back-link{'s' * (links != 1)} {verb}added" if links else ""))
        if self.dry_run:
            out.append("dry run: nothing was sent; the requests that would be are on stdout")
        return out
