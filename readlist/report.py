"""What a run tells the user besides its data: warnings with file and line, skips, failures."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Warning_:
    source: str
    message: str
    line: int | None = None
    category: str = "input"  # "input" | "skipped" (a whole source) | "catalogue" | "output"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Report:
    """Collects warnings as they happen; ``on_warning`` lets the CLI print them live."""

    on_warning: Callable[[Warning_], None] | None = None
    warnings: list[Warning_] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> files
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def warn(self, source: str, message: str, line: int | None = None,
             category: str = "input") -> None:
        w = Warning_(source, " ".join(message.split()), line, category)
        with self._lock:
            self.warnings.append(w)
        if self.on_warning is not None:
            self.on_warning(w)

    def skip(self, source: str, reason: str, message: str | None = None) -> None:
        with self._lock:
            self.skipped[reason] += 1
        self.warn(source, message or f"skipped ({reason})", category="skipped")

    def damaged(self) -> list[str]:
        """Sources that were read, but only in part or with repairs (bytes replaced, a line or
        the end cut off, JSON read up to the damage): those with input warnings that were not
        skipped outright. Worked out from the warnings alone, so it survives their replay."""
        skipped = {w.source for w in self.warnings if w.category == "skipped"}
        return list(dict.fromkeys(w.source for w in self.warnings
                                  if w.category == "input" and w.source not in skipped))
