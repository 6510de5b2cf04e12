"""The reading list as data: works of a .bib ranked, sorted, limited and grouped for rendering.

Ranking: by distinct people who recommended a work (posts whose author is unknown count as one
person each), then distinct posts, then how sure the catalogue match is, then author and title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

from stdnum import isbn as stdnum_isbn

from readlist.errors import ReadlistError
from readlist.export.library import BackLink, BibRecord, load_library
from readlist.export.listing.escaping import clean, host_of, http_url
from readlist.extract.lexicon import RECOMMEND_RE, STRONG_RECOMMEND_RE

SORTS = ("count", "author", "year", "title")
GROUPS = ("author", "source")
OUTCOMES = ("sure", "unsure", "unresolved")
_OUTCOME_RANK = {"sure": 0, "unsure": 1, "unresolved": 2}
_ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
COVER_URL = "https://covers.openlibrary.org/b/isbn/{isbn}-M.jpg"
SEARCH_URL = "https://openlibrary.org/search?q={q}"
CATALOGUES = {"openlibrary.org": "Open Library", "doi.org": "DOI", "books.google.com":
              "Google Books", "loc.gov": "Library of Congress", "catalog.loc.gov":
              "Library of Congress", "worldcat.org": "WorldCat", "wikidata.org": "Wikidata",
              "openalex.org": "OpenAlex", "api.crossref.org": "Crossref"}


@dataclass
class ListOptions:
    sort: str = "count"  # one of SORTS
    group: str | None = None  # one of GROUPS
    limit: int | None = None  # at most this many works (and recommended authors)
    covers: bool = False  # cover image URLs (Open Library, by ISBN)
    style: str | None = None  # CSL style name or path: formatted citations


@dataclass
class Post:
    """One recommending post as the list shows it."""

    link: str
    quote: str
    author: str | None
    date: str | None
    url: str | None  # ``link`` when it is an http(s) URL, else None (local files are not links)
    source: str  # the file or thread the post is in (for --group source)


@dataclass
class Item:
    """One work of the list."""

    key: str
    record: BibRecord
    posts: list[Post]
    people: int
    best: Post | None  # the strongest recommendation: its quote is the one shown
    catalogue_url: str | None
    catalogue_name: str
    search_url: str | None  # an Open Library search, for works no catalogue resolved
    cover_url: str | None = None
    citation: str | None = None  # plain text, with --style
    citation_html: str | None = None  # the same, HTML-formatted (italics), escaped

    @property
    def outcome(self) -> str:
        return self.record.outcome if self.record.outcome in OUTCOMES else ""

    @property
    def title(self) -> str:
        return clean(self.record.title) or "(untitled)"

    @property
    def byline(self) -> str:
        return ", ".join(clean(a) for a in self.record.authors)


@dataclass
class AuthorItem:
    """A recommended author (an author-only mention: "anything by Walter Rodney")."""

    name: str
    posts: list[Post]
    best: Post | None


@dataclass
class Group:
    label: str
    items: list[Item]


@dataclass
class Listing:
    source: str  # the .bib, as the user named it
    items: list[Item]  # sorted and limited
    authors: list[AuthorItem]
    total_works: int  # before --limit
    total_authors: int
    options: ListOptions
    groups: list[Group] | None = None
    warnings: list[str] = field(default_factory=list)
    style_credit: str | None = None  # title and licence of the CSL style used


# -- pieces --------------------------------------------------------------------------------------
def source_of(link: str) -> str:
    """The file or thread a post link belongs to: the path before ``#L..`` for files; for URLs
    the thread part where the site's links show it (Reddit, Lemmy, HN items), else the host."""
    if not http_url(link):
        return link.split("#", 1)[0] or link
    parts = urlsplit(link)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("old.")
    m = re.match(r"(/r/[^/]+/comments/[^/]+)", parts.path)
    if m and host.endswith("reddit.com"):
        return f"{host}{m.group(1)}"
    m = re.match(r"(/post/\d+)", parts.path)
    if m:
        return f"{host}{m.group(1)}"
    if host == "news.ycombinator.com" and parts.query:
        return f"{host}/item?{parts.query}"
    return host or link


def _post(b: BackLink) -> Post:
    link = clean(b.link)
    return Post(link=link, quote=clean(b.quote), author=clean(b.author) or None,
                date=clean(b.date) or None, url=http_url(b.link), source=source_of(link))


def _strength(p: Post) -> tuple[int, int]:
    text = p.quote.lower().replace("’", "'")
    cue = 2 if STRONG_RECOMMEND_RE.search(text) else 1 if RECOMMEND_RE.search(text) else 0
    return cue, min(len(text), 160)


def strongest(posts: list[Post]) -> Post | None:
    """The recommendation whose quote says it most plainly (a strong cue beats a weak one beats
    none; then the fuller quote; then the earlier post)."""
    best: Post | None = None
    for p in posts:
        if best is None or _strength(p) > _strength(best):
            best = p
    return best


def count_people(posts: list[Post]) -> int:
    known = {p.author.casefold() for p in posts if p.author}
    return len(known) + sum(1 for p in posts if not p.author)


def distinct_posts(backlinks: list[BackLink]) -> list[Post]:
    seen: dict[str, Post] = {}
    for b in backlinks:
        p = _post(b)
        if p.link and p.link not in seen:
            seen[p.link] = p
        elif p.link in seen and not seen[p.link].quote and p.quote:
            seen[p.link] = p
    return list(seen.values())


def valid_isbn(value: str) -> str | None:
    """The first checksum-valid ISBN in ``value`` as ISBN-13, else None."""
    for part in re.split(r"[,;\s]+(?=[0-9])", value or ""):
        compact = stdnum_isbn.compact(part.strip())
        if compact and stdnum_isbn.is_valid(compact):
            return stdnum_isbn.to_isbn13(compact)
    return None


def catalogue_link(r: BibRecord) -> tuple[str | None, str]:
    url = http_url(r.url)
    if url is None and r.doi:
        doi = r.doi.strip()
        doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)
        url = http_url("https://doi.org/" + doi) if doi.startswith("10.") else None
    if url is None:
        return None, ""
    host = host_of(url)
    name = CATALOGUES.get(host) or next((v for k, v in CATALOGUES.items()
                                         if host.endswith("." + k)), host)
    return url, name


def search_link(r: BibRecord) -> str:
    q = " ".join([clean(r.title), *(clean(a) for a in r.authors[:1])])
    return SEARCH_URL.format(q=quote_plus(q))


def surname_key(name: str) -> tuple[str, str]:
    parts = clean(name).split()
    return (parts[-1].casefold(), " ".join(parts[:-1]).casefold()) if parts else ("", "")


def make_item(r: BibRecord, covers: bool) -> Item:
    posts = distinct_posts(r.backlinks)
    url, name = catalogue_link(r)
    isbn = valid_isbn(r.isbn) if covers else None
    return Item(key=r.key, record=r, posts=posts, people=count_people(posts),
                best=strongest(posts), catalogue_url=url, catalogue_name=name,
                search_url=None if url else search_link(r),
                cover_url=COVER_URL.format(isbn=isbn) if isbn else None)


# -- order ---------------------------------------------------------------------------------------
def _title_key(it: Item) -> str:
    return _ARTICLES.sub("", it.title.casefold())


def _author_key(it: Item) -> tuple[int, tuple[str, str]]:
    return (0, surname_key(it.record.authors[0])) if it.record.authors else (1, ("", ""))


def _year(it: Item) -> int | None:
    m = re.search(r"\d{4}", it.record.year or "")
    return int(m.group(0)) if m else None


SORT_KEYS: dict[str, Callable[[Item], tuple[object, ...]]] = {
    "count": lambda it: (-it.people, -len(it.posts), _OUTCOME_RANK.get(it.outcome, 3),
                         _author_key(it), _title_key(it)),
    "author": lambda it: (_author_key(it), _year(it) or 9999, _title_key(it)),
    "year": lambda it: (_year(it) is None, _year(it) or 0, _author_key(it), _title_key(it)),
    "title": lambda it: (_title_key(it), _author_key(it), _year(it) or 9999),
}


def group_items(items: list[Item], how: str) -> list[Group]:
    """Groups in the order their first work appears; a work recommended in several sources is
    listed under each."""
    groups: dict[str, Group] = {}
    for it in items:
        if how == "author":
            labels = [clean(it.record.authors[0])] if it.record.authors else ["Unknown author"]
        else:
            labels = list(dict.fromkeys(p.source for p in it.posts)) or ["No recorded post"]
        for label in labels:
            groups.setdefault(label, Group(label, [])).items.append(it)
    return list(groups.values())


# -- the list ------------------------------------------------------------------------------------
def build_listing(path: Path, options: ListOptions | None = None) -> Listing:
    """Read ``path`` (and its recommended-authors sidecar) into a sorted, limited listing."""
    from readlist.export.listing.authors import load_authors, sidecar_path

    options = options or ListOptions()
    if options.sort not in SORTS:
        raise ReadlistError(f"unknown sort {options.sort!r}; use one of {', '.join(SORTS)}")
    if options.group is not None and options.group not in GROUPS:
        raise ReadlistError(f"unknown grouping {options.group!r}; use one of {', '.join(GROUPS)}")
    if options.limit is not None and options.limit < 0:
        raise ReadlistError("--limit must be 0 or more")
    # A scan that found only recommended authors writes no .bib, just the sidecar.
    only_authors = not Path(path).exists() and sidecar_path(Path(path)).exists()
    records = [] if only_authors else load_library(Path(path))
    items = sorted((make_item(r, options.covers) for r in records), key=SORT_KEYS[options.sort])
    warnings: list[str] = []
    authors_found = load_authors(Path(path), warnings.append)
    authors = []
    for a in authors_found:
        posts = distinct_posts(a.backlinks)
        authors.append(AuthorItem(clean(a.name), posts, strongest(posts)))
    authors.sort(key=lambda a: (-count_people(a.posts), -len(a.posts), surname_key(a.name)))
    total, total_authors = len(items), len(authors)
    if options.limit is not None:
        items, authors = items[: options.limit], authors[: options.limit]
    listing = Listing(source=str(path), items=items, authors=authors, total_works=total,
                      total_authors=total_authors, options=options, warnings=warnings)
    if options.style:
        from readlist.export.listing.citations import add_citations

        listing.style_credit = add_citations(items, options.style)
    if options.group:
        listing.groups = group_items(items, options.group)
    return listing
