"""Fields across catalogues: which catalogue gave each field, and filling a thin edition from
the same edition (or, with none, the same work) in another catalogue.

Fields are only taken from a record that is demonstrably the same edition (a shared ISBN) or,
for an edition without ISBN, one with the same year and publisher; never mixed across editions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz
from stdnum import isbn as stdnum_isbn

from readlist.catalogue.normalise import fold
from readlist.models import Edition, Work

WANTED = ("publisher", "address", "year", "isbn")  # what a thin record lacks, for a @book
FILLABLE = (*WANTED, "pages", "edition", "language")


def isbn13s(edition: Edition | None) -> set[str]:
    if edition is None:
        return set()
    out = {i for i in edition.isbn13 if stdnum_isbn.is_valid(i)}
    for i10 in edition.isbn10:
        if stdnum_isbn.is_valid(i10):
            out.add(stdnum_isbn.to_isbn13(i10))
    return out


def present(edition: Edition | None) -> set[str]:
    if edition is None:
        return set()
    have = {
        "publisher": bool(edition.publisher),
        "address": bool(edition.address),
        "year": bool(edition.year),
        "isbn": bool(edition.isbn13 or edition.isbn10),
        "pages": bool(edition.pages),
        "edition": bool(edition.edition),
        "language": bool(edition.language),
    }
    return {k for k, v in have.items() if v}


def missing(edition: Edition | None) -> set[str]:
    """What a BibTeX @book would still lack."""
    return set(WANTED) - present(edition)


def provenance(work: Work, edition: Edition | None) -> dict[str, str]:
    """field -> catalogue, for a work and edition taken whole from their catalogues."""
    src = {"title": work.catalogue, "authors": work.catalogue}
    if edition is not None:
        src["url"] = edition.catalogue if edition.url else work.catalogue
        for f in present(edition):
            src[f] = edition.catalogue
    else:
        src["url"] = work.catalogue
        if work.year:
            src["year"] = work.catalogue
    if work.doi:
        src["doi"] = work.catalogue
    return src


def _similar_publisher(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return fuzz.token_set_ratio(fold(a), fold(b)) >= 80


def same_edition(base: Edition, other: Edition) -> bool:
    """A shared ISBN; or, when ``base`` has none, the same year and a similar publisher."""
    mine, theirs = isbn13s(base), isbn13s(other)
    if mine:
        return bool(mine & theirs)
    if base.year and other.year and base.year != other.year:
        return False
    if not base.year and not base.publisher:
        return False  # nothing to recognise the edition by
    return _similar_publisher(base.publisher, other.publisher)


def fill(base: Edition, other: Edition, fields: set[str]) -> tuple[Edition, set[str]]:
    """``base`` with the wanted ``fields`` it lacks taken from ``other`` (the same edition)."""
    changes: dict[str, Any] = {}
    if "publisher" in fields and not base.publisher and other.publisher:
        changes["publisher"] = other.publisher
    if "address" in fields and not base.address and other.address:
        changes["address"] = other.address
    if "year" in fields and not base.year and other.year:
        changes["year"] = other.year
    if "isbn" in fields and not (base.isbn13 or base.isbn10) and (other.isbn13 or other.isbn10):
        changes["isbn13"], changes["isbn10"] = other.isbn13, other.isbn10
    if "pages" in fields and not base.pages and other.pages:
        changes["pages"] = other.pages
    if "edition" in fields and not base.edition and other.edition:
        changes["edition"] = other.edition
    if "language" in fields and not base.language and other.language:
        changes["language"] = other.language
    filled = {"isbn" if k in ("isbn13", "isbn10") else k for k in changes}
    return (replace(base, **changes) if changes else base), filled
