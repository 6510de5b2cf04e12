"""``readlist export zotero``: a Zotero-ready file, or a push into Zotero desktop or a web library.

The file is the user's .bib itself (BibTeX, with a byte-order mark) or RIS with clickable links,
named so that Zotero's "new collection from file name" reads well. A push goes through the
connector of a running Zotero (``--push desktop``) or the Web API (``--push web``); both keep a
key map in the user data dir so that pushing again creates nothing twice. See readlist/zotero/.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import bibtexparser

from readlist.config import Settings, base_url, config_dir, load_settings
from readlist.errors import ReadlistError
from readlist.export.base import Exporter
from readlist.export.library import BibRecord, load_library
from readlist.files import locked
from readlist.http import Http
from readlist.zotero.connector import Connector, connector_url
from readlist.zotero.desktop import DesktopPush
from readlist.zotero.errors import ZoteroError
from readlist.zotero.items import short_title
from readlist.zotero.result import PushResult
from readlist.zotero.store import KeyMap
from readlist.zotero.web import WebPush
from readlist.zotero.webapi import API_URL, WebApi, parse_library

BOM = "\ufeff"
SUFFIX = {"bibtex": ".bib", "ris": ".ris"}
NO_KEY = ("no Zotero API key: set ZOTERO_API_KEY, or `api_key = \"...\"` under [zotero] in "
          "config.toml (create a key with write access at https://www.zotero.org/settings/keys)")


class ZoteroExporter(Exporter):
    name = "zotero"
    description = "Zotero: an import-ready file, or a push into Zotero desktop or a web library"
    suffix = ".bib"


@dataclass
class ZoteroOptions:
    to: str | Path | None = None  # a file, or a folder (existing, or ending in "/") for
    # readlist-<source>-<date>.<ext>
    fmt: str | None = None  # "bibtex" | "ris"; None: from the suffix of ``to``, else BibTeX
    push: str | None = None  # "desktop" | "web"
    library: str | None = None  # "user:ID" | "group:ID" (web)
    collection: str | None = None
    via: str = "items"  # desktop: "items" (/connector/saveItems) | "import" (/connector/import)
    include_unresolved: bool = False
    dry_run: bool = False


@dataclass
class ZoteroExport:
    written: Path | None = None
    push: PushResult | None = None
    skipped: list[str] = field(default_factory=list)  # entries left out, one line each
    notices: list[str] = field(default_factory=list)


# -- choosing and writing ------------------------------------------------------------------------
def select_records(records: Sequence[BibRecord], include_unresolved: bool = False
                   ) -> tuple[list[BibRecord], list[str]]:
    """The entries to hand to Zotero, and why the others are left out."""
    chosen, skipped = [], []
    for r in records:
        if not r.title:
            skipped.append(f"{r.key}: no title")
        elif r.outcome == "unresolved" and not include_unresolved:
            skipped.append(f"{short_title(r)}: unresolved in the catalogues "
                           "(--include-unresolved to send it anyway)")
        else:
            chosen.append(r)
    return chosen, skipped


def file_name(records: Sequence[BibRecord], bib: Path, fmt: str, today: date) -> str:
    """``readlist-<source>-<date>.bib``: Zotero names the new collection after it."""
    sources = list(dict.fromkeys(k for r in records for k in r.keywords if k != "readlist"))
    label = sources[0] if len(sources) == 1 else ("" if bib.stem == "readlist" else bib.stem)
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-.")[:60]
    return "-".join(p for p in ("readlist", slug, today.isoformat()) if p) + SUFFIX[fmt]


def subset_bibtex(text: str, keys: set[str]) -> str:
    """The entries of ``text`` whose keys are in ``keys``, as written, with @string/@preamble."""
    lib = bibtexparser.parse_string(text.removeprefix(BOM))
    blocks = [b for b in lib.blocks
              if (isinstance(b, bibtexparser.model.Entry) and b.key in keys)
              or isinstance(b, (bibtexparser.model.String, bibtexparser.model.Preamble))]
    blocks.sort(key=lambda b: b.start_line or 0)
    return BOM + "\n\n".join((b.raw or "").strip() for b in blocks) + "\n"


def render_file(bib: Path, records: Sequence[BibRecord], chosen: Sequence[BibRecord],
                fmt: str) -> str:
    if fmt == "ris":
        from readlist.export.ris import render_ris

        return render_ris(chosen)
    text = bib.read_text(encoding="utf-8-sig")
    if len(chosen) == len(records):
        return BOM + text  # the user's file as it is: every block, every byte
    return subset_bibtex(text, {r.key for r in chosen})


def target_path(to: str | Path, records: Sequence[BibRecord], bib: Path, fmt: str,
                today: date) -> Path:
    """``to`` itself, or inside the folder ``to`` names, the file named by :func:`file_name`."""
    if Path(to).is_dir() or str(to).endswith(("/", os.sep)):
        return Path(to) / file_name(records, bib, fmt, today)
    return Path(to)


# -- pushing -------------------------------------------------------------------------------------
def _api_key(settings: Settings, notices: list[str]) -> str | None:
    key = settings.zotero("api_key")
    if key and not os.environ.get("ZOTERO_API_KEY"):
        path = config_dir() / "config.toml"
        try:
            if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                notices.append(f"warning: {path} holds your Zotero API key and other users can "
                               f"read it: chmod 600 {path}")
        except OSError:
            pass
    return key


def _push_web(chosen: Sequence[BibRecord], options: ZoteroOptions, http: Http,
              settings: Settings, notices: list[str]) -> PushResult:
    key = _api_key(settings, notices)
    if not key and not options.dry_run:
        raise ZoteroError(NO_KEY)
    api_base = base_url("zotero_api", API_URL)
    rate = float(os.environ.get("READLIST_ZOTERO_RATE") or 2.0)
    library = options.library or settings.zotero("library")
    if not library:
        if not key:
            raise ZoteroError("say which library: --library user:ID or group:ID")
        info = WebApi(http, api_base, "user:0", key, per_second=rate).key_info()
        if not info.get("userID"):
            raise ZoteroError("say which library: --library user:ID or group:ID")
        library = f"user:{info['userID']}"
        notices.append(f"library: {library} (the API key's own; --library to choose another)")
    kind, ident = parse_library(library)
    library = f"{kind[:-1]}:{ident}"
    api = WebApi(http, api_base, library, key, per_second=rate)
    result = PushResult(library, dry_run=options.dry_run, collection=options.collection)
    if not key:
        result.notices.append("no API key: this dry run knows only readlist's record of "
                              "earlier pushes, not what the library holds")
    keymap = KeyMap.load(library)
    if keymap.problem:
        result.notices.append(f"warning: {keymap.problem}")
    with locked(keymap.path):
        WebPush(api, keymap, result, dry_run=options.dry_run, can_read=bool(key)).run(
            chosen, options.collection)
    return result


def _push_desktop(chosen: Sequence[BibRecord], options: ZoteroOptions, http: Http,
                  bib: Path) -> PushResult:
    base = connector_url()
    connector = Connector(http, base)
    local = WebApi(http, f"{base}/api", "user:0", None, name="Zotero local API", local=True,
                   per_second=50.0)
    result = PushResult("Zotero desktop", dry_run=options.dry_run,
                        collection=options.collection)
    keymap = KeyMap.load("desktop")
    if keymap.problem:
        result.notices.append(f"warning: {keymap.problem}")
    text = bib.read_text(encoding="utf-8-sig") if options.via == "import" else ""

    def bibtex_for(batch: Sequence[BibRecord]) -> str:
        return subset_bibtex(text, {r.key for r in batch})

    with locked(keymap.path):
        DesktopPush(connector, keymap, result, dry_run=options.dry_run, local=local,
                    via=options.via, bibtex_for=bibtex_for).run(chosen, options.collection)
    return result


def export_zotero(bib: Path, options: ZoteroOptions, *, http: Http | None = None,
                  settings: Settings | None = None, today: date | None = None) -> ZoteroExport:
    """Write the Zotero-ready file and/or push to Zotero, as ``options`` say."""
    if options.to is None and options.push is None:
        raise ReadlistError("nothing to do: give --to FILE|DIR, --push desktop or --push web")
    if options.push not in (None, "desktop", "web"):
        raise ReadlistError(f"--push must be desktop or web (got {options.push!r})")
    if options.via not in ("items", "import"):
        raise ReadlistError(f"--via must be items or import (got {options.via!r})")
    bib = Path(bib)
    records = load_library(bib)
    chosen, skipped = select_records(records, options.include_unresolved)
    out = ZoteroExport(skipped=skipped)
    if options.to is not None:
        fmt = options.fmt or ("ris" if Path(options.to).suffix.lower() == ".ris" else "bibtex")
        if fmt not in SUFFIX:
            raise ReadlistError(f"--format must be bibtex or ris (got {fmt!r})")
        path = target_path(options.to, chosen, bib, fmt, today or date.today())
        text = render_file(bib, records, chosen, fmt)
        if not options.dry_run:
            from readlist.export.outputs import write_text

            write_text(path, text)
        out.written = path
    if options.push is not None:
        settings = settings or load_settings()
        own_http = http is None
        http = http or Http(settings.contact, timeout=(5.0, 300.0))
        try:
            if options.push == "web":
                out.push = _push_web(chosen, options, http, settings, out.notices)
            else:
                out.push = _push_desktop(chosen, options, http, bib)
        finally:
            if own_http:
                http.close()
    return out
