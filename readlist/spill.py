"""Rows that grow with the corpus, kept on disk instead of in memory while a scan streams: each
appended as it comes (pickled on its own, so nothing is shared or held between rows), read back
in order. The file is anonymous: it goes when closed, however the process ends.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Spill(Generic[T]):
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._rows = 0

    def append(self, row: T) -> None:
        pickle.dump(row, self._file, pickle.HIGHEST_PROTOCOL)
        self._rows += 1

    def __len__(self) -> int:
        return self._rows

    def __iter__(self) -> Iterator[T]:
        """The rows in the order they came (once appending is over)."""
        end = self._file.tell()
        self._file.seek(0)
        try:
            for _ in range(self._rows):
                yield pickle.load(self._file)  # noqa: S301 - our own file, written just now
        finally:
            self._file.seek(end)

    def close(self) -> None:
        self._file.close()
