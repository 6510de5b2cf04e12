"""Frozen dataclasses shared by every stage: posts in, mentions, catalogue records, matches out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["explicit", "possessive", "description", "author_only", "link", "isbn", "doi"]
KINDS: tuple[str, ...] = ("explicit", "possessive", "description", "author_only", "link", "isbn", "doi")
Outcome = Literal["sure", "unsure", "none"]


@dataclass(frozen=True)
class Hint:
    """A span of a post's text that its markup singled out (italic, link, quote ...).

    Offsets index ``Post.text``; ``href`` is set for links.
    """

    start: int
    end: int
    kind: str  # "italic" | "bold" | "link" | "quote" | "cite" | "code" | "list_item" | "heading"
    href: str | None = None


@dataclass(frozen=True)
class Post:
    """One post of a thread, as any corpus reader yields it."""

    source: str  # the path as the user gave it, or the thread URL
    index: int  # 0-based position of the post within its source
    text: str
    line: int | None = None  # 1-based first line of the post in the source file
    link: str = ""  # permalink, or "<path>#L<line>"
    author: str | None = None
    date: str | None = None  # ISO 8601 where known
    id: str | None = None  # the site's own id for the post
    parent: int | None = None  # index (in the same source) of the post this one answers
    thread_title: str | None = None
    community: str | None = None  # "r/books", "lemmy.ml/c/asklemmy", "news.ycombinator.com"
    hints: tuple[Hint, ...] = ()
    # The thread a post belongs to when one source holds many threads (a Reddit dump: the
    # submission's "t3_..." id). Each thread then has its own context; None: the source is one.
    thread: str | None = None

    def ref(self) -> PostRef:
        return PostRef(self.source, self.index, self.line, self.link, self.author, self.date,
                       self.community)


@dataclass(frozen=True)
class PostRef:
    """What later stages keep of a post: where it is and who wrote it, not its text."""

    source: str
    index: int
    line: int | None
    link: str
    author: str | None = None
    date: str | None = None
    community: str | None = None


@dataclass(frozen=True)
class Mention:
    """A work (or author) a post names, recommended or not."""

    post: PostRef
    surface: str  # exact substring of the post's text
    start: int
    end: int
    kind: str  # one of KINDS
    recommended: bool
    confidence: float
    title: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None  # for kind "description": what the post says the work is about
    isbn: str | None = None  # ISBN-13, checksum-verified
    doi: str | None = None
    url: str | None = None
    quote: str = ""  # a short stretch of the post around the mention, for back-links
    reasons: tuple[str, ...] = ()  # why it was taken or not: cue words, patterns

    def query(self) -> WorkQuery:
        return WorkQuery(
            kind=self.kind,
            title=self.title,
            authors=self.authors,
            description=self.description,
            isbn=self.isbn,
            doi=self.doi,
            url=self.url,
        )


@dataclass(frozen=True)
class WorkQuery:
    """What resolution is asked: the identifying part of a mention, hashable so each is asked once."""

    kind: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None
    isbn: str | None = None
    doi: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Edition:
    """One published edition (a manifestation with an ISBN, publisher, place and year)."""

    catalogue: str
    id: str
    title: str
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    address: str | None = None
    year: int | None = None
    isbn13: tuple[str, ...] = ()
    isbn10: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-2/B three-letter code ("eng")
    edition: str | None = None
    pages: int | None = None
    physical_format: str | None = None
    url: str | None = None
    work_id: str | None = None


@dataclass(frozen=True)
class Work:
    """The abstract work, independent of any edition."""

    catalogue: str
    id: str
    title: str
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    author_ids: tuple[str, ...] = ()
    year: int | None = None  # first publication
    subjects: tuple[str, ...] = ()
    description: str | None = None
    url: str | None = None
    type: str = "book"  # "book" | "chapter" | "article" | "online"
    doi: str | None = None
    container: str | None = None  # the book a chapter is in, the journal of an article
    isbns: tuple[str, ...] = ()  # ISBNs across its editions, when the catalogue lists them
    edition_count: int | None = None
    language: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    work: Work
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """The answer to one WorkQuery: the chosen work and edition, how sure, and why."""

    outcome: str  # "sure" | "unsure" | "none"
    score: float
    work: Work | None = None
    edition: Edition | None = None
    candidates: tuple[Candidate, ...] = ()
    reasons: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)  # field -> catalogue that gave it
    error: str | None = None  # set when no answer could be had: "unreachable", "invalid isbn" ...

    @property
    def resolved(self) -> bool:
        return self.work is not None and self.outcome in ("sure", "unsure")


@dataclass
class Recommendation:
    """One post's recommendation of a listed work, as the back-link will show it."""

    post: PostRef
    quote: str
    surface: str
    kind: str
    confidence: float


@dataclass
class ListedWork:
    """A row of the reading list: one work, its match, and every post that recommended it."""

    match: Match
    queries: list[WorkQuery]
    recommendations: list[Recommendation] = field(default_factory=list)
    key: str = ""  # citation key, set by the writer

    @property
    def query(self) -> WorkQuery:
        """The most telling of the queries: a title beats a description beats an author."""
        order = {"isbn": 0, "doi": 0, "explicit": 1, "possessive": 2, "link": 3,
                 "description": 4, "author_only": 5}
        return min(self.queries, key=lambda q: (order.get(q.kind, 9), not q.title))

    @property
    def title(self) -> str:
        if self.match.work is not None:
            return self.match.work.title
        return self.query.title or self.query.description or ""


@dataclass
class RecommendedAuthor:
    """An author recommended as such ("anything by Walter Rodney"), not forced into a book."""

    name: str
    recommendations: list[Recommendation] = field(default_factory=list)


def to_jsonable(obj: Any) -> Any:
    """Dataclasses (nested) to plain JSON-ready values; tuples become lists."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    return obj
