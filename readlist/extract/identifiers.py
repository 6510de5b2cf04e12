"""Works named by an identifier: ISBNs (checksum-verified), DOIs and links to book pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from stdnum import isbn as stdnum_isbn

URL_RE = re.compile(r"https?://[^\s<>\"'\]\)}|]+", re.IGNORECASE)
ISBN_RE = re.compile(
    r"(?<![\w/.-])(?:ISBN(?:-1[03])?:?\s*)?((?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx])(?![\w-])"
)
DOI_RE = re.compile(r"(?<![\w/])(10\.\d{4,9}/[^\s\"<>,;\]\)}]+)", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Identified:
    start: int
    end: int
    kind: str  # "isbn" | "doi" | "link"
    isbn: str | None = None
    doi: str | None = None
    url: str | None = None
    title_hint: str | None = None  # a title read from the URL slug (Goodreads, publisher pages)
    catalogue_id: str | None = None  # "openlibrary:/works/OL..W", "worldcat:123"


def valid_isbn13(raw: str) -> str | None:
    """The ISBN-13 for a valid ISBN-10 or -13, else None (python-stdnum checks the checksum)."""
    compact = re.sub(r"[\s-]", "", raw)
    if not stdnum_isbn.is_valid(compact):
        return None
    return stdnum_isbn.to_isbn13(compact)


def _strip_url(url: str) -> str:
    return url.rstrip(".,;:!?*_")


def _slug_title(slug: str) -> str | None:
    slug = unquote(slug)
    slug = re.sub(r"^\d+[-._]", "", slug)  # goodreads "1234.Title" / "1234-title"
    words = [w for w in re.split(r"[-_+.]+", slug) if w]
    if not words or all(w.isdigit() for w in words):
        return None
    return " ".join(words)


def classify_url(url: str) -> Identified | None:
    """What book a URL points to, when it is a page about one book."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path
    if host in ("amzn.to", "a.co"):
        return Identified(0, 0, "link", url=url)
    if host.startswith("amazon.") or ".amazon." in host:
        m = re.search(r"/(?:dp|gp/product|exec/obidos/ASIN|o/ASIN)/([0-9X]{10})(?:[/?]|$)", path,
                      re.IGNORECASE)
        if m:
            isbn = valid_isbn13(m.group(1))
            slug_m = re.match(r"/([^/]+)/dp/", path)
            return Identified(0, 0, "link", isbn=isbn, url=url,
                              title_hint=_slug_title(slug_m.group(1)) if slug_m else None)
        return None
    if host == "openlibrary.org":
        m = re.match(r"/(works|books)/(OL\d+[WM])(?:/([^/?#]+))?", path)
        if m:
            return Identified(0, 0, "link", url=url, catalogue_id=f"openlibrary:/{m.group(1)}/"
                              f"{m.group(2)}", title_hint=_slug_title(m.group(3) or ""))
        m = re.match(r"/isbn/([0-9Xx-]+)", path)
        if m:
            return Identified(0, 0, "link", isbn=valid_isbn13(m.group(1)), url=url)
        return None
    if host == "goodreads.com":
        m = re.match(r"/(?:en/)?book/show/(\d+)(?:[-.]([^/?#]+))?", path)
        if m:
            return Identified(0, 0, "link", url=url, title_hint=_slug_title(m.group(2) or ""),
                              catalogue_id=f"goodreads:{m.group(1)}")
        return None
    if host == "worldcat.org" or host.endswith(".worldcat.org"):
        m = re.search(r"/(?:oclc|title)/(?:[^/]+/)?(\d+)", path)
        if m:
            return Identified(0, 0, "link", url=url, catalogue_id=f"oclc:{m.group(1)}")
        m = re.search(r"/isbn/([0-9Xx-]+)", path)
        if m:
            return Identified(0, 0, "link", isbn=valid_isbn13(m.group(1)), url=url)
        return None
    if host in ("doi.org", "dx.doi.org"):
        doi = unquote(path.lstrip("/"))
        return Identified(0, 0, "doi", doi=doi, url=url) if doi.startswith("10.") else None
    if host == "books.google.com" or host.startswith("books.google."):
        return Identified(0, 0, "link", url=url)
    if host in ("bookshop.org", "barnesandnoble.com", "press.uchicago.edu", "versobooks.com",
                "monthlyreview.org", "haymarketbooks.org", "plutobooks.com", "akpress.org",
                "penguinrandomhouse.com", "mitpress.mit.edu", "press.princeton.edu",
                "global.oup.com", "cambridge.org", "ucpress.edu", "dukeupress.edu"):
        m = re.search(r"(97[89]\d{10})", path)
        isbn = valid_isbn13(m.group(1)) if m else None
        segs = [s for s in path.split("/") if s]
        slug = next((s for s in reversed(segs) if re.search(r"[a-z]-[a-z]", s)), None)
        if isbn or slug:
            return Identified(0, 0, "link", isbn=isbn, url=url,
                              title_hint=_slug_title(slug) if slug else None)
    return None


def find_identifiers(text: str) -> list[Identified]:
    """ISBNs, DOIs and book links in a post, in order; invalid ISBN checksums are not taken."""
    found: list[Identified] = []
    taken: list[tuple[int, int]] = []
    # Each scan only where its matches can be: a URL has "://", a DOI "10." and an ISBN nine
    # digits at least (most posts have none; the lookbehinds make the scans slow).
    for m in URL_RE.finditer(text) if "://" in text else ():
        url = _strip_url(m.group(0))
        end = m.start() + len(url)
        taken.append((m.start(), end))
        ident = classify_url(url)
        if ident is not None:
            found.append(Identified(m.start(), end, ident.kind, ident.isbn, ident.doi, url,
                                    ident.title_hint, ident.catalogue_id))

    def inside_url(pos: int) -> bool:
        return any(a <= pos < b for a, b in taken)

    for m in DOI_RE.finditer(text) if "10." in text else ():
        if inside_url(m.start()):
            continue
        doi = m.group(1).rstrip(".")
        found.append(Identified(m.start(), m.start() + len(doi), "doi", doi=doi))
    for m in ISBN_RE.finditer(text) if len(_DIGIT.findall(text)) >= 9 else ():
        if inside_url(m.start()):
            continue
        isbn = valid_isbn13(m.group(1))
        if isbn:
            found.append(Identified(m.start(), m.end(), "isbn", isbn=isbn))
    found.sort(key=lambda i: i.start)
    return found
