"""Catalogues: providers (one module each), matching and resolution."""

from __future__ import annotations

from readlist.catalogue.base import Provider
from readlist.config import Settings
from readlist.errors import ReadlistError
from readlist.http import Http

__all__ = ["Provider", "build_providers", "DEFAULT_ORDER"]

DEFAULT_ORDER = ("openlibrary",)


def build_providers(names: list[str] | None, http: Http, settings: Settings) -> list[Provider]:
    """Instantiate providers in the order asked (``--providers``, config, else the default)."""
    from readlist.plugins import providers as registered

    known = registered()
    order = names or settings.providers or [
        name for name, reg in known.items() if getattr(reg.obj, "on_by_default", True)
    ] or list(DEFAULT_ORDER)
    if not names and not settings.providers:
        # Open Library first, the rest in registration order.
        order = sorted(order, key=lambda n: (n != "openlibrary",))
    unknown = [n for n in order if n not in known]
    if unknown:
        raise ReadlistError(f"unknown provider(s): {', '.join(unknown)}; known: "
                            f"{', '.join(sorted(known))}")
    return [known[name].obj(http, settings) for name in order]
