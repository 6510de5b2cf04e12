"""The reading list people read: ``readlist list`` as a terminal table, plain text, Markdown,
HTML or JSON, with optional CSL-formatted citations.

    from readlist.export.listing import ListOptions, build_listing, render
    print(render(build_listing(Path("bib/readlist.bib"), ListOptions(limit=10)), "markdown"))
"""

from __future__ import annotations

from pathlib import Path

from readlist.errors import ReadlistError
from readlist.export.listing.model import GROUPS, SORTS, Listing, ListOptions, build_listing

FORMATS = ("table", "text", "markdown", "html", "json")
ALIASES = {"md": "markdown", "htm": "html", "txt": "text", "plain": "text", "terminal": "table"}
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
            ".json": "json", ".txt": "text"}

__all__ = ["FORMATS", "GROUPS", "SORTS", "ListOptions", "Listing", "build_listing",
           "format_for", "render"]


def format_for(fmt: str, output: Path | None, tty: bool) -> str:
    """The format to write: as asked, or for ``auto`` from the output's suffix, else a table on
    a terminal and plain text when piped."""
    fmt = ALIASES.get(fmt, fmt)
    if fmt != "auto":
        if fmt not in FORMATS:
            raise ReadlistError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    if output is not None:
        return SUFFIXES.get(Path(output).suffix.lower(), "text")
    return "table" if tty else "text"


def render(listing: Listing, fmt: str, width: int = 100, color: bool = False) -> str:
    """The listing in ``fmt`` as a string (``table`` at ``width`` columns)."""
    fmt = ALIASES.get(fmt, fmt)
    if fmt == "text":
        from readlist.export.listing.text import render_text

        return render_text(listing)
    if fmt == "table":
        from readlist.export.listing.table import render_table

        return render_table(listing, width=width, color=color)
    if fmt == "markdown":
        from readlist.export.listing.markdown import render_markdown

        return render_markdown(listing)
    if fmt == "html":
        from readlist.export.listing.html import render_html

        return render_html(listing, listing.style_credit)
    if fmt == "json":
        from readlist.export.listing.jsonout import render_json

        return render_json(listing)
    raise ReadlistError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
