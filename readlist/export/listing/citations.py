"""Formatted citations through citeproc-py with real CSL styles: the shipped APA, Chicago
author-date and MLA, or any ``.csl`` file by path. No network: styles and locales are local.
"""

from __future__ import annotations

import copy
import html
import io
import re
import warnings
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from lxml import etree

from readlist.errors import ReadlistError
from readlist.export.library import plain
from readlist.export.listing.escaping import clean, http_url
from readlist.export.listing.model import Item

CSL_NS = "http://purl.org/net/xbiblio/csl"
STYLES = {"apa": "apa.csl", "chicago-author-date": "chicago-author-date.csl",
          "modern-language-association": "modern-language-association.csl"}
ALIASES = {"chicago": "chicago-author-date", "mla": "modern-language-association",
           "apa7": "apa"}
CSL_TYPES = {"book": "book", "incollection": "chapter", "inbook": "chapter", "article": "article-journal",
             "online": "webpage", "misc": "document", "thesis": "thesis", "phdthesis": "thesis",
             "mastersthesis": "thesis", "report": "report", "techreport": "report"}


def style_names() -> list[str]:
    return sorted([*STYLES, *ALIASES])


def style_source(name: str) -> bytes:
    """The CSL text for a shipped style name (or alias) or a path to a .csl file."""
    key = ALIASES.get(name.lower(), name.lower())
    if key in STYLES:
        return (resources.files("readlist") / "data" / "csl" / STYLES[key]).read_bytes()
    path = Path(name).expanduser()
    if path.is_file():
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ReadlistError(f"{path}: cannot read the style ({exc.strerror})") from exc
    raise ReadlistError(f"unknown citation style {name!r}: use one of "
                        f"{', '.join(style_names())} or the path of a .csl file")


def fix_initialize(root: Any) -> None:
    """Make ``initialize="false"`` on a ``cs:name`` work under citeproc-py, which ignores it.

    The inherited ``initialize-with`` is moved from the style onto every name that initialises,
    so names marked ``initialize="false"`` (Chicago and MLA bibliographies) keep full given names.
    """
    names = root.iter(f"{{{CSL_NS}}}name")
    keep_full = [n for n in names if n.get("initialize") == "false"]
    mark = root.get("initialize-with")
    scoped = [e for tag in ("citation", "bibliography")
              for e in root.iter(f"{{{CSL_NS}}}{tag}") if e.get("initialize-with") is not None]
    if not keep_full or mark is None or scoped:
        return
    del root.attrib["initialize-with"]
    for n in root.iter(f"{{{CSL_NS}}}name"):
        if n.get("initialize") != "false" and n.get("initialize-with") is None:
            n.set("initialize-with", mark)


def load_style(name: str) -> tuple[Any, str]:
    """A citeproc style and a one-line credit (title, licence) for it."""
    from citeproc import CitationStylesStyle

    data = style_source(name)
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(no_network=True,
                                                             resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise ReadlistError(f"{name}: not a CSL style ({exc})") from exc
    if root.tag != f"{{{CSL_NS}}}style":
        raise ReadlistError(f"{name}: not a CSL style (root element is {root.tag!r})")
    fixed = copy.deepcopy(root)
    fix_initialize(fixed)
    title = clean(fixed.findtext(f"{{{CSL_NS}}}info/{{{CSL_NS}}}title") or name)
    rights = fixed.find(f"{{{CSL_NS}}}info/{{{CSL_NS}}}rights")
    licence = rights.get("license", "") if rights is not None else ""
    credit = f"Citations: {title}; CSL style" + (
        ", CC BY-SA 3.0" if "by-sa/3.0" in licence else f", {clean(licence)}" if licence else ""
    ) + "."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            style = CitationStylesStyle(io.BytesIO(etree.tostring(fixed)), validate=False)
    except Exception as exc:  # noqa: BLE001 - citeproc raises bare errors on odd styles
        raise ReadlistError(f"{name}: citeproc-py cannot use this style ({exc})") from exc
    if not style.has_bibliography():
        raise ReadlistError(f"{name}: the style has no bibliography layout")
    return style, credit


def csl_names(raw: str) -> list[dict[str, str]]:
    """BibTeX ``Amin, Samir and {Monthly Review}`` as CSL names (family/given or literal)."""
    out: list[dict[str, str]] = []
    for name in re.split(r"\s+and\s+", raw.strip()) if raw.strip() else []:
        name = name.strip()
        corporate = name.startswith("{") and name.endswith("}")
        text = clean(plain(name))
        if not text:
            continue
        if corporate:
            out.append({"literal": text})
        elif "," in text:
            family, given = (p.strip() for p in text.split(",", 1))
            out.append({"family": family, "given": given} if given else {"family": family})
        elif len(text.split()) > 1:
            parts = text.split()
            out.append({"family": parts[-1], "given": " ".join(parts[:-1])})
        else:
            out.append({"literal": text})
    return out


def csl_item(it: Item, key: str) -> dict[str, Any]:
    """A .bib entry as a CSL-JSON item (what citeproc-py reads); no marker characters."""
    r = it.record
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES.get(r.type, "book"),
                            "title": clean(r.title) or "Untitled"}
    for field, csl in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        names = csl_names(r.fields.get(field, ""))
        if names:
            item[csl] = names
    m = re.search(r"\d{4}", r.year or "")
    if m:
        item["issued"] = {"date-parts": [[int(m.group(0))]]}
    for field, value in (("publisher", r.publisher), ("publisher-place", r.address),
                         ("ISBN", r.isbn), ("edition", r.edition)):
        if clean(value):
            item[field] = clean(value)
    if r.doi:
        item["DOI"] = clean(r.doi)
    url = http_url(r.url)
    if url:
        item["URL"] = url
    container = clean(r.fields.get("journal") or r.fields.get("booktitle") or "")
    if container:
        item["container-title"] = container
    return _unmarked(item)


def _unmarked(value: Any) -> Any:
    """``value`` with the formatting markers removed from every string (they are ours alone)."""
    if isinstance(value, str):
        return value.translate(_NO_MARKERS)
    if isinstance(value, dict):
        return {k: _unmarked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unmarked(v) for v in value]
    return value


# citeproc-py's own HTML formatter passes markup inside names and titles through unescaped, so
# it is not used: italics and bold come out as private-use markers, everything else is escaped
# by readlist, and only the markers become tags.
_MARKERS = {"\ue000": "<i>", "\ue001": "</i>", "\ue002": "<b>", "\ue003": "</b>"}
_NO_MARKERS = str.maketrans({c: None for c in _MARKERS})


def _wrapper(opening: str, closing: str) -> type[str]:
    class Wrapped(str):
        def __new__(cls, text: str) -> Wrapped:
            return super().__new__(cls, f"{opening}{text}{closing}")

    return Wrapped


MARKED = SimpleNamespace(
    preformat=lambda text: str(text).translate(_NO_MARKERS),
    Italic=_wrapper("\ue000", "\ue001"), Oblique=_wrapper("\ue000", "\ue001"),
    Bold=_wrapper("\ue002", "\ue003"), Light=str, Underline=str, Superscript=str,
    Subscript=str, SmallCaps=str)


def marked_to_html(text: str) -> str:
    """citeproc output made with :data:`MARKED` as safe HTML: all escaped but <i> and <b>."""
    out = html.escape(clean(text), quote=True)
    for marker, tag in _MARKERS.items():
        out = out.replace(marker, tag)
    return out


def add_citations(items: list[Item], style_name: str) -> str:
    """Set ``citation`` (plain) and ``citation_html`` on each item; returns the style's credit.

    Items keep the list's own order (no style sorting), and the HTML is citeproc's escaped output.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    style, credit = load_style(style_name)
    if not items:
        return credit
    # Our own ids: .bib keys may repeat or differ only in case, which citeproc would merge.
    ids = [f"item{i}" for i in range(len(items))]
    data = [csl_item(it, k) for it, k in zip(items, ids, strict=True)]
    for fmt, attr in ((formatter.plain, "citation"), (MARKED, "citation_html")):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bib = CitationStylesBibliography(style, CiteProcJSON(copy.deepcopy(data)), fmt)
                for k in ids:
                    bib.register(Citation([CitationItem(k)]))
                rendered = [str(x) for x in bib.bibliography()]
        except Exception as exc:  # noqa: BLE001 - a style that breaks citeproc mid-way
            raise ReadlistError(f"{style_name}: citeproc-py failed on this style ({exc})") from exc
        for it, text in zip(items, rendered, strict=True):
            setattr(it, attr, marked_to_html(text) if fmt is MARKED else clean(text))
    return credit
