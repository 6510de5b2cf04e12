"""The reading list as Markdown to paste into a post or a wiki (CommonMark, GFM, Reddit, Lemmy).

Nested lists only (no tables, no raw HTML, no trailing-space line breaks), so it survives every
flavour. Text from posts is backslash-escaped; only http(s) URLs become links; local post links
are shown as code.
"""

from __future__ import annotations

import html
import re

from readlist.export.listing.escaping import md_code, md_text, md_url
from readlist.export.listing.model import AuthorItem, Item, Listing, Post, count_people
from readlist.export.listing.words import (
    excerpt,
    item_counts,
    ordering,
    outcome_word,
    plural,
    post_label,
    recommended_by,
    summary,
    year_publisher,
)

QUOTE_MAX = 200


def link(text: str, url: str | None) -> str:
    """``[text](url)`` for an http(s) URL, else the escaped text alone."""
    safe = md_url(url)
    return f"[{md_text(text)}]({safe})" if safe else md_text(text)


def citation_markdown(citation_html: str) -> str:
    """citeproc's HTML (text escaped, ``<i>``/``<b>`` only) as Markdown emphasis."""
    out = []
    for token in re.split(r"(<[^>]*>)", citation_html):
        if token in ("<i>", "</i>"):
            out.append("*")
        elif token in ("<b>", "</b>"):
            out.append("**")
        elif token and not token.startswith("<"):
            text = html.unescape(token)
            # md_text trims; the spaces around an emphasised title must stay.
            lead = " " if text[:1].isspace() else ""
            trail = " " if text[-1:].isspace() and text.strip() else ""
            out.append(lead + md_text(text) + trail)
    return "".join(out)


def post_ref(p: Post) -> str:
    if p.url:
        return link(post_label(p) or "post", p.url)
    who = ", ".join(x for x in (p.author, p.date) if x)
    return md_code(p.link) + (f" ({md_text(who)})" if who else "")


def _quote(p: Post | None) -> str | None:
    if p is None or not p.quote:
        return None
    return f"*“{md_text(excerpt(p.quote, QUOTE_MAX))}”* — {post_ref(p)}"


def _sub(n: int) -> str:
    """The start of a sub-item under ``n. ``: indented to the item's text (CommonMark puts a
    less indented line outside the item, so '10. ' needs four spaces where '9. ' needs three)."""
    return " " * len(f"{n}. ") + "- "


def _item(n: int, it: Item) -> list[str]:
    sub = _sub(n)
    title = f"**{link(it.title, it.catalogue_url)}**"
    if it.citation_html:
        lines = [f"{n}. {citation_markdown(it.citation_html)}"]
    else:
        by = md_text(it.byline) if it.byline else "unknown author"
        extra = year_publisher(it)
        lines = [f"{n}. {title} by {by}" + (f" ({md_text(extra)})" if extra else "")]
    counts = f"Recommended in {item_counts(it)}" if it.posts else "No recorded post"
    status = f"{counts} · {md_text(outcome_word(it))}"
    if it.catalogue_url:
        status += f" · {link(it.catalogue_name or 'catalogue', it.catalogue_url)}"
    elif it.search_url:
        status += f" · {link('search Open Library', it.search_url)}"
    lines.append(f"{sub}{status}")
    quote = _quote(it.best)
    if quote:
        lines.append(f"{sub}{quote}")
    others = [p for p in it.posts if p is not it.best]
    if others:
        lines.append(f"{sub}Also: " + ", ".join(post_ref(p) for p in others))
    return lines


def _author(n: int, a: AuthorItem) -> list[str]:
    sub = _sub(n)
    lines = [f"{n}. **{md_text(a.name)}**, recommended in "
             f"{recommended_by(len(a.posts), count_people(a.posts))}"]
    quote = _quote(a.best)
    if quote:
        lines.append(f"{sub}{quote}")
    others = [p for p in a.posts if p is not a.best]
    if others:
        lines.append(f"{sub}Also: " + ", ".join(post_ref(p) for p in others))
    return lines


def render_markdown(listing: Listing) -> str:
    out = ["# Reading list", "",
           f"{md_text(summary(listing))}, {md_text(ordering(listing))}.", ""]
    if not listing.items:
        out += ["No works yet.", ""]
    if listing.groups is not None:
        for g in listing.groups:
            out += [f"## {md_text(g.label)} ({plural(len(g.items), 'work')})", ""]
            for it in g.items:
                out += [*_item(listing.items.index(it) + 1, it), ""]
    else:
        for n, it in enumerate(listing.items, 1):
            out += [*_item(n, it), ""]
    if listing.authors:
        out += ["## Recommended authors", ""]
        for n, a in enumerate(listing.authors, 1):
            out += [*_author(n, a), ""]
    out.append(f"*Made with readlist from {md_code(listing.source)}.*")
    return "\n".join(out) + "\n"
