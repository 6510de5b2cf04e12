"""readlist's own readers, providers and exporters, registered like any third-party plugin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from readlist.hookspecs import hookimpl


@hookimpl
def register_corpus_readers(register: Callable[[Any], None]) -> None:
    from readlist.corpus.hackernews import HackerNewsReader
    from readlist.corpus.html import HtmlReader
    from readlist.corpus.lemmy import LemmyReader
    from readlist.corpus.markdown import MarkdownReader
    from readlist.corpus.pushshift import PushshiftReader
    from readlist.corpus.reddit import RedditReader
    from readlist.corpus.text import TextReader

    for reader in (TextReader, MarkdownReader, HtmlReader, LemmyReader, RedditReader,
                   PushshiftReader, HackerNewsReader):
        register(reader)


@hookimpl
def register_providers(register: Callable[[Any], None]) -> None:
    from readlist.catalogue.crossref import Crossref
    from readlist.catalogue.googlebooks import GoogleBooks
    from readlist.catalogue.loc import LibraryOfCongress
    from readlist.catalogue.local import LocalCatalogue
    from readlist.catalogue.openalex import OpenAlex
    from readlist.catalogue.openlibrary import OpenLibrary
    from readlist.catalogue.wikidata import Wikidata

    for provider in (LocalCatalogue, OpenLibrary, LibraryOfCongress, Wikidata, Crossref,
                     GoogleBooks, OpenAlex):
        register(provider)


@hookimpl
def register_exporters(register: Callable[[Any], None]) -> None:
    from readlist.export.bibtex import BibTeXExporter
    from readlist.export.csljson import CSLJSONExporter
    from readlist.export.ris import RISExporter
    from readlist.export.zotero import ZoteroExporter

    register(BibTeXExporter)
    register(RISExporter)
    register(CSLJSONExporter)
    register(ZoteroExporter)
