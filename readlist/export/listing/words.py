"""The phrases every format shares, so a list reads the same in a terminal, Markdown and HTML.

Everything returned here is plain, cleaned text; each renderer escapes it for its target.
"""

from __future__ import annotations

from readlist.export.listing.escaping import clean, host_of, shorten
from readlist.export.listing.model import Item, Listing, Post
from readlist.extract.lexicon import RECOMMEND_RE, STRONG_RECOMMEND_RE

SORT_NAMES = {"count": "ranked by how many people and posts recommended each work",
              "author": "sorted by author", "year": "sorted by year",
              "title": "sorted by title"}
OUTCOME_HELP = {"sure": "the catalogue record matches",
                "unsure": "a likely catalogue match; check it",
                "unresolved": "not found in a catalogue; written from the post's text"}


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def recommended_by(posts: int, people: int) -> str:
    """``2 posts, 2 people`` (people only where it says something new)."""
    text = plural(posts, "post")
    if people != posts:
        text += f", {plural(people, 'person') if people == 1 else f'{people} people'}"
    return text


def item_counts(it: Item) -> str:
    return recommended_by(len(it.posts), it.people) if it.posts else "no recorded post"


def year_publisher(it: Item) -> str:
    r = it.record
    pub = ", ".join(x for x in (clean(r.publisher), clean(r.address)) if x)
    return " · ".join(x for x in (clean(r.year), pub) if x)


def details(it: Item) -> str:
    """``Samir Amin · 2016 · Monthly Review Press, New York``."""
    return " · ".join(x for x in (it.byline or "Unknown author", year_publisher(it)) if x)


def post_label(p: Post) -> str:
    """How a recommending post is named: ``alice, 2024-03-01, lemmy.ml`` or its file link."""
    where = host_of(p.url) if p.url else p.link
    return ", ".join(x for x in (p.author, p.date, where) if x)


def summary(listing: Listing) -> str:
    n = listing.total_works
    shown = len(listing.items)
    works = (f"top {shown} of {plural(n, 'work')}" if shown < n else plural(n, "work"))
    counts: dict[str, int] = {}
    for it in listing.items:
        counts[outcome_word(it)] = counts.get(outcome_word(it), 0) + 1
    parts = [f"{counts[o]} {o}" for o in ("sure", "unsure", "unresolved", "unchecked", "own entry")
             if counts.get(o)]
    text = works + (f" ({', '.join(parts)})" if parts else "")
    if listing.total_authors:
        a = listing.total_authors
        text += (f" and {plural(a, 'recommended author')}" if len(listing.authors) == a else
                 f" and top {len(listing.authors)} of {plural(a, 'recommended author')}")
    return text


def ordering(listing: Listing) -> str:
    text = SORT_NAMES[listing.options.sort]
    if listing.options.group:
        text += f", grouped by {listing.options.group}"
    return text


def outcome_word(it: Item) -> str:
    """sure / unsure / unresolved; entries readlist did not write are the user's own."""
    if it.outcome:
        return it.outcome
    return "unchecked" if it.record.is_readlist else "own entry"


def empty_message(listing: Listing) -> str:
    if listing.authors:
        return "No works yet, only recommended authors (below)."
    return "No works yet: run `readlist scan` on a thread first."


def excerpt(quote: str, limit: int) -> str:
    """``quote`` in at most ``limit`` characters, keeping the words that recommend: a long quote
    whose cue ("I recommend", "must read") comes late starts shortly before the cue."""
    text = clean(quote)
    if len(text) <= limit:
        return text
    low = text.lower().replace("’", "'")  # same length: offsets stay valid
    cue = STRONG_RECOMMEND_RE.search(low) or RECOMMEND_RE.search(low)
    if cue is not None and cue.start() > limit // 3:
        start = max(0, cue.start() - limit // 4)
        space = text.rfind(" ", 0, start)
        text = "…" + text[space + 1 if space > 0 else start:].lstrip("…")
    return shorten(text, limit)
