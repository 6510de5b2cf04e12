"""RIS out: what Zotero's RIS importer turns into items, notes with clickable links, and tags.

Each back-link is its own ``N1`` note in HTML (Zotero keeps an ``N1`` that holds a tag as HTML,
so the ``<a href>`` stays a link; plain text would be neither escaped nor linked). Tags are one
``KW`` line each, since Zotero splits a lone ``KW`` value on commas.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from readlist.export.base import Exporter
from readlist.export.library import BackLink, BibRecord

RIS_TYPES = {"book": "BOOK", "mvbook": "BOOK", "collection": "EDBOOK", "inbook": "CHAP",
             "incollection": "CHAP", "bookinbook": "CHAP", "article": "JOUR", "online": "ELEC",
             "www": "ELEC", "inproceedings": "CPAPER", "conference": "CPAPER",
             "proceedings": "CONF", "thesis": "THES", "phdthesis": "THES",
             "mastersthesis": "THES", "report": "RPRT", "techreport": "RPRT",
             "unpublished": "UNPB", "misc": "GEN", "manual": "BOOK", "booklet": "PAMP"}
EOL = "\r\n"  # what the RIS specification and older reference managers expect


def _line(tag: str, value: str) -> str:
    value = " ".join(value.split())  # one line per value, whatever the .bib held
    return f"{tag}  - {value}"


def note_html(b: BackLink) -> str:
    """``<p>Recommended in <a href="…">…</a> by … (…): “…”</p>``, every part escaped."""
    if b.link.startswith(("http://", "https://")):
        link = f'<a href="{html.escape(b.link, quote=True)}">{html.escape(b.link)}</a>'
    else:
        link = html.escape(b.link)
    who = f" by {html.escape(b.author)}" if b.author else ""
    when = f" ({html.escape(b.date)})" if b.date else ""
    quote = f": “{html.escape(b.quote)}”" if b.quote else ""
    return f"<p>Recommended in {link}{who}{when}{quote}</p>"


def render_record(r: BibRecord) -> list[str]:
    ty = RIS_TYPES.get(r.type, "GEN")
    lines = [_line("TY", ty), _line("ID", r.key)]
    for n in r.names:
        lines.append(_line("AU", n.literal or (f"{n.family}, {n.given}" if n.given else n.family)))
    if r.title:
        lines.append(_line("TI", r.title))
    if r.container:
        lines.append(_line("T2", r.container))
    if r.year:
        lines.append(_line("PY", r.year))
    for tag, value in (("ET", r.edition), ("PB", r.publisher), ("CY", r.address),
                       ("SN", r.isbn), ("DO", r.doi), ("UR", r.url)):
        if value:
            lines.append(_line(tag, value))
    for kw in r.keywords:
        lines.append(_line("KW", kw))
    if r.is_readlist:
        lines.extend(_line("N1", note_html(b)) for b in r.backlinks)
    elif r.note:
        lines.append(_line("N1", f"<p>{html.escape(r.note)}</p>"))
    lines.append("ER  - ")
    return lines


def render_ris(records: Sequence[BibRecord]) -> str:
    out: list[str] = []
    for r in records:
        out.extend(render_record(r))
        out.append("")
    return EOL.join(out)


class RISExporter(Exporter):
    name = "ris"
    description = "RIS for Zotero, EndNote and others; each back-link a note with a link"
    suffix = ".ris"

    @staticmethod
    def render(records: Sequence[BibRecord]) -> str:
        return render_ris(records)
