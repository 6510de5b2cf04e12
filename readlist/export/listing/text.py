"""The reading list as plain text: what ``readlist list`` prints when piped or with ``--format text``.

Stable and greppable: one block per work, no colour, no box drawing, nothing from a post that a
terminal would act on.
"""

from __future__ import annotations

from readlist.export.listing.escaping import terminal
from readlist.export.listing.model import AuthorItem, Item, Listing, count_people
from readlist.export.listing.words import (
    details,
    empty_message,
    excerpt,
    item_counts,
    ordering,
    outcome_word,
    plural,
    recommended_by,
    summary,
)

QUOTE_MAX = 160


def _quote(text: str) -> str:
    return f"“{terminal(excerpt(text, QUOTE_MAX))}”"


def _item(n: int, it: Item, width: int) -> list[str]:
    pad = " " * (width + 2)
    if it.citation:
        lines = [f"{n:>{width}}. {terminal(it.citation)}"]
    else:
        lines = [f"{n:>{width}}. {terminal(it.title)}", pad + terminal(details(it))]
    lines.append(pad + f"{item_counts(it)} · {outcome_word(it)}")
    if it.best is not None and it.best.quote:
        lines.append(pad + _quote(it.best.quote))
    if it.catalogue_url:
        lines.append(pad + f"catalogue: {terminal(it.catalogue_url)}")
    for i, p in enumerate(it.posts):
        who = ", ".join(x for x in (p.author, p.date) if x)
        lines.append(pad + ("posts:     " if i == 0 else " " * 11) + terminal(p.link)
                     + (f" ({terminal(who)})" if who else ""))
    return lines


def _author(n: int, a: AuthorItem, width: int) -> list[str]:
    pad = " " * (width + 2)
    counts = recommended_by(len(a.posts), count_people(a.posts))
    lines = [f"{n:>{width}}. {terminal(a.name)} · {counts}"]
    if a.best is not None and a.best.quote:
        lines.append(pad + _quote(a.best.quote))
    for i, p in enumerate(a.posts):
        lines.append(pad + ("posts:     " if i == 0 else " " * 11) + terminal(p.link))
    return lines


def render_text(listing: Listing) -> str:
    """The whole list as plain text (ends with a newline)."""
    out = [f"Reading list: {terminal(summary(listing))}",
           f"from {terminal(listing.source)}, {ordering(listing)}", ""]
    width = len(str(max(len(listing.items), len(listing.authors), 1)))
    if not listing.items:
        out += [empty_message(listing), ""]
    if listing.groups is not None:
        for g in listing.groups:
            out += [f"== {terminal(g.label)} ({plural(len(g.items), 'work')})", ""]
            for it in g.items:
                out += [*_item(listing.items.index(it) + 1, it, width), ""]
    else:
        for n, it in enumerate(listing.items, 1):
            out += [*_item(n, it, width), ""]
    if listing.authors:
        out += ["Recommended authors", ""]
        for n, a in enumerate(listing.authors, 1):
            out += [*_author(n, a, width), ""]
    return "\n".join(out).rstrip("\n") + "\n"
