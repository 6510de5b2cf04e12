"""User directories and settings: one function per directory, READLIST_* environment overrides.

Settings come from ``config.toml`` in the config directory, then the environment, which wins::

    contact = "you@example.org"          # READLIST_CONTACT
    providers = ["openlibrary", "loc"]   # READLIST_PROVIDERS (comma-separated)
    [keys]
    googlebooks = "..."                  # READLIST_GOOGLEBOOKS_KEY
    openalex = "..."                     # READLIST_OPENALEX_KEY
    [zotero]
    api_key = "..."                      # ZOTERO_API_KEY (keep config.toml private: chmod 600)
    library = "user:123456"              # ZOTERO_LIBRARY
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP = "readlist"


def _dir(env: str, default: str) -> Path:
    path = Path(os.environ.get(env) or default)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Where HTTP responses are cached (``READLIST_CACHE_DIR`` overrides)."""
    return _dir("READLIST_CACHE_DIR", platformdirs.user_cache_dir(APP))


def config_dir() -> Path:
    """Where ``config.toml`` lives (``READLIST_CONFIG_DIR`` overrides)."""
    return _dir("READLIST_CONFIG_DIR", platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    """Where lasting state lives: the local catalogue, Zotero key maps (``READLIST_DATA_DIR``)."""
    return _dir("READLIST_DATA_DIR", platformdirs.user_data_dir(APP))


@dataclass
class Settings:
    contact: str | None = None
    providers: list[str] | None = None
    keys: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    def key(self, name: str) -> str | None:
        """An API key: ``READLIST_<NAME>_KEY`` or ``[keys] name`` in the config file."""
        return os.environ.get(f"READLIST_{name.upper()}_KEY") or self.keys.get(name) or None

    def zotero(self, name: str) -> str | None:
        """A ``[zotero]`` setting (``api_key``, ``library``); ``ZOTERO_API_KEY`` and
        ``ZOTERO_LIBRARY`` in the environment win."""
        table = self.raw.get("zotero")
        value = os.environ.get(f"ZOTERO_{name.upper()}") or (
            table.get(name) if isinstance(table, dict) else None)
        return str(value).strip() or None if value else None


def load_settings() -> Settings:
    raw: dict[str, Any] = {}
    path = Path(os.environ.get("READLIST_CONFIG_DIR") or platformdirs.user_config_dir(APP))
    path = path / "config.toml"
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            from readlist.errors import ReadlistError

            raise ReadlistError(f"{path}: cannot read settings: {exc}") from exc
    contact = os.environ.get("READLIST_CONTACT") or raw.get("contact") or None
    providers_env = os.environ.get("READLIST_PROVIDERS")
    providers = (
        [p.strip() for p in providers_env.split(",") if p.strip()]
        if providers_env
        else raw.get("providers")
    )
    keys = {str(k): str(v) for k, v in (raw.get("keys") or {}).items()}
    return Settings(contact=contact, providers=providers, keys=keys, raw=raw)


def base_url(name: str, default: str) -> str:
    """A catalogue's base URL, overridable by ``READLIST_<NAME>_URL`` (for tests and mirrors)."""
    return (os.environ.get(f"READLIST_{name.upper()}_URL") or default).rstrip("/")
