"""Choices the user made in ``readlist review``, remembered so every later scan honours them.

A JSON file in the user data folder maps query ids (the ``readlist-query`` of an entry) to the
chosen record (``"openlibrary:OL123W"``) or to ``"none"`` (none of the candidates).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

from readlist.config import data_dir
from readlist.models import WorkQuery

NONE = "none"


def default_path() -> Path:
    return data_dir() / "decisions.json"


class Decisions:
    def __init__(self, path: Path | None = None, choices: dict[str, str] | None = None) -> None:
        self.path = path
        self.choices = dict(choices or {})
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path | None = None) -> Decisions:
        path = path or default_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        choices = {str(k): str(v) for k, v in (raw.get("choices") or {}).items()} \
            if isinstance(raw, dict) else {}
        return cls(path, choices)

    def get(self, query: WorkQuery) -> str | None:
        if not self.choices:
            return None
        from readlist.export.bibtex import query_id

        return self.choices.get(query_id(query))

    def record(self, query_ids: list[str], choice: str) -> None:
        with self._lock:
            for qid in query_ids:
                self.choices[qid] = choice
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".decisions.")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"choices": self.choices}, f, indent=1, sort_keys=True)
        os.replace(tmp, self.path)
