"""The plugin manager: built-ins and third-party packages register through the same entry point.

Third-party packages declare ``[project.entry-points.readlist] name = "module"``; the module
implements hooks from :mod:`readlist.hookspecs`. Nothing is loaded until first asked for.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

import pluggy

from readlist import hookspecs

log = logging.getLogger(__name__)


@functools.cache
def plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("readlist")
    pm.add_hookspecs(hookspecs)
    # Built-ins come through the same entry point group as third-party plugins; when readlist
    # runs from a source tree that was never installed, fall back to importing them directly.
    loaded = pm.load_setuptools_entrypoints("readlist")
    if not any(name == "builtins" for name, _ in pm.list_name_plugin()):
        from readlist import builtins

        pm.register(builtins, name="builtins")
    log.debug("loaded %d plugin module(s) from entry points", loaded)
    return pm


@dataclass(frozen=True)
class Registered:
    kind: str  # "reader" | "provider" | "exporter"
    name: str
    obj: Any
    plugin: str


def _collect(hook_name: str, kind: str) -> dict[str, Registered]:
    pm = plugin_manager()
    found: dict[str, Registered] = {}
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        items: list[Any] = []
        impl.function(register=items.append)
        for obj in items:
            name = getattr(obj, "name", None) or obj.__name__
            if name in found:
                log.warning("%s %r from %s replaces the one from %s", kind, name,
                            impl.plugin_name, found[name].plugin)
            found[name] = Registered(kind, name, obj, impl.plugin_name)
    return found


def corpus_readers() -> dict[str, Registered]:
    return _collect("register_corpus_readers", "reader")


def providers() -> dict[str, Registered]:
    return _collect("register_providers", "provider")


def exporters() -> dict[str, Registered]:
    return _collect("register_exporters", "exporter")


def all_registered() -> list[Registered]:
    return [*corpus_readers().values(), *providers().values(), *exporters().values()]
