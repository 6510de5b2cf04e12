"""CSL-JSON out: the citation data citeproc processors and Zotero's CSL JSON importer read.

Zotero puts CSL ``note`` into Extra rather than a child note, so the back-links are there one
per line; CSL has no tags field Zotero reads, so ``keyword`` serves other processors only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from readlist.export.base import Exporter
from readlist.export.library import BibRecord

CSL_TYPES = {"book": "book", "mvbook": "book", "collection": "book", "manual": "book",
             "inbook": "chapter", "incollection": "chapter", "bookinbook": "chapter",
             "article": "article-journal", "online": "webpage", "www": "webpage",
             "inproceedings": "paper-conference", "proceedings": "book", "thesis": "thesis",
             "phdthesis": "thesis", "mastersthesis": "thesis", "report": "report",
             "techreport": "report", "unpublished": "manuscript", "misc": "document"}


def _backlink_line(b: Any) -> str:
    who = f" by {b.author}" if b.author else ""
    when = f" ({b.date})" if b.date else ""
    quote = f": “{b.quote}”" if b.quote else ""
    return f"Recommended in {b.link}{who}{when}{quote}"


def csl_item(r: BibRecord) -> dict[str, Any]:
    item: dict[str, Any] = {"id": r.key, "citation-key": r.key,
                            "type": CSL_TYPES.get(r.type, "document")}
    if r.title:
        item["title"] = r.title
    if r.names:
        item["author"] = [{"literal": n.literal} if n.literal else
                          {k: v for k, v in (("family", n.family), ("given", n.given)) if v}
                          for n in r.names]
    if r.container:
        item["container-title"] = r.container
    if re.fullmatch(r"-?\d{1,4}", r.year or ""):
        item["issued"] = {"date-parts": [[int(r.year)]]}
    elif r.year:
        item["issued"] = {"literal": r.year}
    for key, value in (("publisher", r.publisher), ("publisher-place", r.address),
                       ("edition", r.edition), ("ISBN", r.isbn), ("DOI", r.doi),
                       ("URL", r.url)):
        if value:
            item[key] = value
    if r.keywords:
        item["keyword"] = ", ".join(r.keywords)
    if r.is_readlist and r.backlinks:
        item["note"] = "\n".join(_backlink_line(b) for b in r.backlinks)
    elif r.note:
        item["note"] = r.note
    return item


def render_csljson(records: Sequence[BibRecord]) -> str:
    return json.dumps([csl_item(r) for r in records], ensure_ascii=False, indent=2) + "\n"


class CSLJSONExporter(Exporter):
    name = "csljson"
    description = "CSL-JSON for citeproc and Zotero (back-links in the note, i.e. Extra)"
    suffix = ".json"

    @staticmethod
    def render(records: Sequence[BibRecord]) -> str:
        return render_csljson(records)
