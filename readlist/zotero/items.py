"""A .bib entry as a Zotero item: Web API JSON and the connector's translator JSON.

Only fields valid for the item type in every Zotero schema are set; anything else goes to Extra
as ``Field: value`` lines, which Zotero moves into the field when the schema has it. The Web API
answers 400 for an invalid field, so this table is the difference between saved and failed.
"""

from __future__ import annotations

from typing import Any

from readlist.export.library import BibRecord, parse_names, plain
from readlist.zotero.notes import attachment_title, clean, note_html, web_link

# BibTeX type -> Zotero item type (both importers agree on these; see zotero.md §1.1, §2.3).
ITEM_TYPES = {
    "book": "book", "mvbook": "book", "collection": "book", "proceedings": "book",
    "booklet": "book", "inbook": "bookSection", "incollection": "bookSection",
    "article": "journalArticle", "online": "webpage", "electronic": "webpage",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "unpublished": "manuscript",
}
# Fields valid for each type since schema 33 (Zotero 7.0.0); DOI only on journal articles there.
VALID = {
    "book": {"title", "edition", "date", "publisher", "place", "ISBN", "url", "series",
             "volume", "numPages", "language", "extra"},
    "bookSection": {"title", "bookTitle", "edition", "date", "publisher", "place", "ISBN",
                    "url", "pages", "series", "volume", "language", "extra"},
    "journalArticle": {"title", "publicationTitle", "volume", "issue", "pages", "date", "DOI",
                       "ISSN", "url", "language", "extra"},
    "webpage": {"title", "websiteTitle", "date", "url", "language", "extra"},
    "thesis": {"title", "university", "place", "date", "url", "language", "extra"},
    "report": {"title", "institution", "place", "date", "url", "pages", "language", "extra"},
    "manuscript": {"title", "place", "date", "url", "language", "extra"},
    "document": {"title", "publisher", "date", "url", "language", "extra"},
}
EXTRA_LABELS = {"ISBN": "ISBN", "DOI": "DOI", "place": "Place", "publisher": "Publisher",
                "edition": "Edition", "bookTitle": "Book Title", "publicationTitle":
                "Publication Title", "pages": "Pages", "numPages": "# of Pages"}
_CREATOR_FIELDS = (("author", "author"), ("editor", "editor"), ("translator", "translator"))


def item_type(record: BibRecord) -> str:
    return ITEM_TYPES.get(record.type, "document")


def creators(record: BibRecord) -> list[dict[str, str]]:
    """Zotero creators from the name fields: ``{Corp}`` single-field, persons in two fields."""
    out: list[dict[str, str]] = []
    for field, ctype in _CREATOR_FIELDS:
        for n in parse_names(record.fields.get(field, "")):
            if n.literal:
                out.append({"creatorType": ctype, "name": clean(n.literal)})
            elif clean(n.family).lower() == "others" and not n.given:
                continue  # BibTeX's "and others": not a person
            elif n.given:
                out.append({"creatorType": ctype, "firstName": clean(n.given),
                            "lastName": clean(n.family)})
            elif clean(n.family):
                out.append({"creatorType": ctype, "name": clean(n.family)})
    return out


def _fields(record: BibRecord, itype: str) -> dict[str, str]:
    f = record.fields
    date = plain(f.get("date", "")) or record.year
    wanted: dict[str, str] = {
        "title": record.title,
        "date": date,
        "publisher": record.publisher,
        "place": record.address,
        "edition": record.edition,
        "ISBN": record.isbn,
        "DOI": record.doi,
        "url": web_link(record.url) or "",
        "series": plain(f.get("series", "")),
        "volume": plain(f.get("volume", "")),
        "numPages": plain(f.get("pagetotal", "")),
        "language": plain(f.get("language", "") or f.get("langid", "")),
        "pages": plain(f.get("pages", "")),
        "bookTitle": plain(f.get("booktitle", "")),
        "publicationTitle": plain(f.get("journal", "") or f.get("journaltitle", "")),
        "issue": plain(f.get("number", "")),
        "websiteTitle": "",
        "university": plain(f.get("school", "")) or record.publisher,
        "institution": plain(f.get("institution", "")) or record.publisher,
    }
    if itype == "journalArticle":
        wanted["issue"] = plain(f.get("number", "") or f.get("issue", ""))
    valid = VALID.get(itype, VALID["document"])
    out: dict[str, str] = {}
    extra: list[str] = []
    for name, value in wanted.items():
        value = clean(value)
        if not value:
            continue
        if name in valid:
            out[name] = value
        elif name in EXTRA_LABELS and name not in ("university", "institution"):
            extra.append(f"{EXTRA_LABELS[name]}: {value}")
    # Zotero (and Better BibTeX) read the citation key from Extra; it keeps \cite{} working.
    extra.insert(0, f"Citation Key: {record.key}")
    out["extra"] = "\n".join(extra)
    return out


def tags(record: BibRecord) -> list[dict[str, str]]:
    seen: list[str] = []
    for k in record.keywords:
        k = clean(k)
        if k and k not in seen:
            seen.append(k)
    return [{"tag": k} for k in seen]


def web_item(record: BibRecord, collections: list[str] | None = None) -> dict[str, Any]:
    """The Web API JSON for a new top-level item."""
    itype = item_type(record)
    item: dict[str, Any] = {"itemType": itype}
    fields = _fields(record, itype)
    item["title"] = fields.pop("title", "") or "Untitled"
    item["creators"] = creators(record)
    item.update(fields)
    item["tags"] = tags(record)
    item["collections"] = list(collections or [])
    item["relations"] = {}
    return item


def web_note(parent: str, html_text: str) -> dict[str, Any]:
    return {"itemType": "note", "parentItem": parent, "note": html_text, "tags": [],
            "relations": {}}


def web_attachment(parent: str, link: str, title: str) -> dict[str, Any]:
    """A linked-URL attachment (no file: Zotero stores only the link)."""
    return {"itemType": "attachment", "parentItem": parent, "linkMode": "linked_url",
            "title": title, "url": link, "contentType": "text/html", "tags": [],
            "relations": {}}


def connector_item(record: BibRecord, local_id: str) -> dict[str, Any]:
    """Translator JSON for ``/connector/saveItems``: the item, its note and link attachments."""
    item = web_item(record)
    del item["collections"], item["relations"]
    item = {"id": local_id, **item}
    if record.backlinks:
        item["notes"] = [{"note": note_html(record.backlinks)}]
    attachments: list[dict[str, Any]] = []
    for b in record.backlinks:
        url = web_link(b.link)
        if url and all(a["url"] != url for a in attachments):
            attachments.append({"title": attachment_title(b), "url": url,
                                "mimeType": "text/html", "snapshot": False})
    item["attachments"] = attachments
    return item


def short_title(record: BibRecord, width: int = 60) -> str:
    t = clean(record.title) or record.key
    return t if len(t) <= width else t[: width - 1].rstrip() + "…"

