"""The errors a Zotero push reports to the user as one line (never with the API key in them)."""

from __future__ import annotations

from readlist.errors import ReadlistError


class ZoteroError(ReadlistError):
    """Zotero could not be reached or refused the push as a whole."""


class ZoteroNotRunning(ZoteroError):
    """Nothing answers on the connector port: Zotero desktop is not running."""


class LocalApiDisabled(ZoteroError):
    """Zotero runs but its local API (read access for other programs) is switched off."""
