"""The reading list: the works a .bib holds, ranked by how many posts recommended them."""

from __future__ import annotations

from pathlib import Path

from readlist.export.library import BibRecord, load_library


def ranked(path: Path) -> list[BibRecord]:
    """Entries of ``path`` ranked by the number of recommending posts, then by title."""
    records = load_library(path)
    records.sort(key=lambda r: (-len(r.backlinks), r.title.casefold()))
    return records


def render_text(records: list[BibRecord]) -> str:
    lines = []
    for i, r in enumerate(records, 1):
        who = ", ".join(r.authors) or "unknown author"
        year = f" ({r.year})" if r.year else ""
        flag = f" [{r.outcome}]" if r.outcome and r.outcome != "sure" else ""
        n = len(r.backlinks)
        lines.append(f"{i}. {r.title} - {who}{year}{flag} - recommended in {n} "
                     f"post{'s' * (n != 1)}")
        for b in r.backlinks:
            lines.append(f"     {b.link}")
    return "\n".join(lines) + ("\n" if lines else "")
