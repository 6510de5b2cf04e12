"""The hooks a plugin may implement; built-ins implement them exactly as a third party would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("readlist")
hookimpl = pluggy.HookimplMarker("readlist")


@hookspec
def register_corpus_readers(register: Callable[[Any], None]) -> None:
    """Register corpus reader classes (see ``readlist.corpus.base.Reader``)."""


@hookspec
def register_providers(register: Callable[[Any], None]) -> None:
    """Register catalogue provider classes (see ``readlist.catalogue.base.Provider``)."""


@hookspec
def register_exporters(register: Callable[[Any], None]) -> None:
    """Register exporter classes (see ``readlist.export.base.Exporter``)."""


@hookspec
def register_commands(cli: Any) -> None:
    """Add click commands to the ``readlist`` group."""
