"""ReadlistError and its few subclasses; the CLI turns them into one-line messages."""

from __future__ import annotations


class ReadlistError(Exception):
    """Base of every error readlist reports to the user as a one-line message."""

    exit_code = 1


class InputError(ReadlistError):
    """A corpus file or URL could not be read at all."""


class CatalogueError(ReadlistError):
    """A catalogue answered with something unusable or not at all."""

    def __init__(self, message: str, provider: str = "", kind: str = "error") -> None:
        super().__init__(message)
        self.provider = provider
        # "unreachable" | "forbidden" | "rate_limited" | "server" | "bad_response" | "offline"
        self.kind = kind


class CatalogueUnavailable(CatalogueError):
    """No answer: network down, timeouts, offline mode with nothing cached."""


class OutputError(ReadlistError):
    """An output file could not be written (read-only, disk full, locked)."""


class MergeError(OutputError):
    """An existing .bib could not be merged safely; it was left untouched."""
