"""The reading list as JSON for scripts: a stable, documented shape (keys are only ever added).

    {"format": "readlist-list", "version": 1, "source", "sort", "group", "limit", "style",
     "total_works", "total_authors",
     "works": [{"rank", "key", "type", "title", "authors", "year", "publisher", "address",
                "isbn", "doi", "url", "catalogue_url", "search_url", "outcome", "posts",
                "people", "quote", "recommendations", "citation", "cover"}],
     "authors": [{"rank", "name", "posts", "people", "quote", "recommendations"}],
     "groups": null | [{"label", "keys"}]}

``quote`` is the strongest recommendation ({"link", "url", "quote", "author", "date",
"source"}) or null; ``recommendations`` lists every distinct post the same way. Values are the
text as read (control characters replaced); C1 and bidi controls are written as \\u escapes.
"""

from __future__ import annotations

from typing import Any

from readlist.export.listing.escaping import clean, json_dumps
from readlist.export.listing.model import AuthorItem, Item, Listing, Post, count_people

FORMAT = "readlist-list"
VERSION = 1


def _post(p: Post | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"link": p.link, "url": p.url, "quote": p.quote, "author": p.author, "date": p.date,
            "source": p.source}


def _work(n: int, it: Item) -> dict[str, Any]:
    r = it.record
    return {
        "rank": n,
        "key": clean(it.key),
        "type": clean(r.type),
        "title": it.title,
        "authors": [clean(a) for a in r.authors],
        "year": clean(r.year) or None,
        "publisher": clean(r.publisher) or None,
        "address": clean(r.address) or None,
        "isbn": clean(r.isbn) or None,
        "doi": clean(r.doi) or None,
        "url": clean(r.url) or None,
        "catalogue_url": it.catalogue_url,
        "search_url": it.search_url,
        "outcome": it.outcome or None,
        "posts": len(it.posts),
        "people": it.people,
        "quote": _post(it.best),
        "recommendations": [_post(p) for p in it.posts],
        "citation": it.citation,
        "cover": it.cover_url,
    }


def _author(n: int, a: AuthorItem) -> dict[str, Any]:
    return {"rank": n, "name": a.name, "posts": len(a.posts), "people": count_people(a.posts),
            "quote": _post(a.best), "recommendations": [_post(p) for p in a.posts]}


def listing_data(listing: Listing) -> dict[str, Any]:
    o = listing.options
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": listing.source,
        "sort": o.sort,
        "group": o.group,
        "limit": o.limit,
        "style": o.style,
        "total_works": listing.total_works,
        "total_authors": listing.total_authors,
        "works": [_work(n, it) for n, it in enumerate(listing.items, 1)],
        "authors": [_author(n, a) for n, a in enumerate(listing.authors, 1)],
        "groups": None if listing.groups is None else [
            {"label": g.label, "keys": [clean(it.key) for it in g.items]}
            for g in listing.groups],
    }


def render_json(listing: Listing) -> str:
    return json_dumps(listing_data(listing)) + "\n"
