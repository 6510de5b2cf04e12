"""Catalogues: providers (one module each), matching and resolution."""

from __future__ import annotations

from readlist.catalogue.base import Provider
from readlist.config import Settings
from readlist.errors import ReadlistError
from readlist.http import Http

__all__ = ["Provider", "build_providers", "DEFAULT_ORDER", "provider_order"]

# The local catalogue (when built) answers without the network; then Open Library; Library of
# Congress and Wikidata for what it lacks or gets thin; Crossref and OpenAlex for DOIs. Google
# Books only when asked for (its data is not open). Third-party providers follow, in
# registration order, when they are on by default.
DEFAULT_ORDER = ("local", "openlibrary", "loc", "wikidata", "crossref", "openalex",
                 "googlebooks")


def provider_order(names: list[str] | None, settings: Settings) -> list[str]:
    """The catalogues to ask, in order: ``--providers``, else config/READLIST_PROVIDERS, else the
    default order of those on by default."""
    from readlist.plugins import providers as registered

    known = registered()
    order = names or settings.providers
    if not order:
        on = [name for name, reg in known.items() if _default_on(reg.obj, settings)]
        rank = {name: i for i, name in enumerate(DEFAULT_ORDER)}
        order = sorted(on, key=lambda n: rank.get(n, len(rank))) or ["openlibrary"]
    order = list(dict.fromkeys(order))
    unknown = [n for n in order if n not in known]
    if unknown:
        raise ReadlistError(f"unknown provider(s): {', '.join(unknown)}; known: "
                            f"{', '.join(sorted(known))}")
    return order


def build_providers(names: list[str] | None, http: Http, settings: Settings) -> list[Provider]:
    """Instantiate providers in the order asked (``--providers``, config, else the default)."""
    from readlist.plugins import providers as registered

    known = registered()
    return [known[name].obj(http, settings) for name in provider_order(names, settings)]


def _default_on(cls: type, settings: Settings) -> bool:
    check = getattr(cls, "default_on", None)
    if callable(check):
        return bool(check(settings))
    return bool(getattr(cls, "on_by_default", True))
