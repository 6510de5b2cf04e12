"""The back-link note as Zotero HTML: every post a paragraph, web links clickable, all else inert.

Post text is a stranger's: it is HTML-escaped everywhere, and only ``http(s)`` links with a host
become ``<a href>`` or link attachments (a ``javascript:`` or ``data:`` link stays plain text).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from urllib.parse import urlsplit

from readlist.export.library import BackLink

HEADING = "Recommending posts"
ATTACHMENT_TITLE = "Recommending post"
_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f<>\"'`\\{}|^]")


def clean(text: str) -> str:
    """No control or format characters (bidi overrides included); whitespace folded."""
    kept = "".join(" " if c.isspace() else c for c in text
                   if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
                   or c.isspace())
    return " ".join(kept.split())


def web_link(link: str) -> str | None:
    """``link`` if it is safe to make clickable (http/https with a host), else ``None``."""
    link = link.strip()
    if not link or _URL_FORBIDDEN.search(link) or any(
            unicodedata.category(c)[0] in "CZ" for c in link):  # controls, bidi, spaces
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return link


def paragraph(b: BackLink) -> str:
    """``<p>Recommended in <a href="…">…</a> by … (…): “…”</p>``, every part escaped."""
    url = web_link(b.link)
    where = (f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>' if url
             else html.escape(clean(b.link)))
    who = f" by {html.escape(clean(b.author))}" if b.author and clean(b.author) else ""
    when = f" ({html.escape(clean(b.date))})" if b.date and clean(b.date) else ""
    quote = f": “{html.escape(clean(b.quote))}”" if b.quote and clean(b.quote) else ""
    return f"<p>Recommended in {where}{who}{when}{quote}</p>"


def note_html(backlinks: Sequence[BackLink]) -> str:
    """A whole note: a heading (Zotero titles the note with it) and one paragraph per post."""
    return f"<h1>{HEADING}</h1>\n" + "\n".join(paragraph(b) for b in backlinks)


def append_html(note: str, backlinks: Sequence[BackLink]) -> str:
    """``note`` with paragraphs for ``backlinks`` added at its end, whatever the user changed."""
    extra = "\n".join(paragraph(b) for b in backlinks)
    stripped = note.rstrip()
    # Zotero's note editor wraps notes in <div data-schema-version=…>; stay inside it.
    if stripped.endswith("</div>"):
        return stripped[: -len("</div>")] + extra + "\n</div>"
    return f"{stripped}\n{extra}" if stripped else note_html(backlinks)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def note_text(note: str) -> tuple[str, set[str]]:
    """The visible text of a note and the targets of its links."""
    parser = _Text()
    parser.feed(note or "")
    parser.close()
    return " ".join("".join(parser.parts).split()), set(parser.hrefs)


def links_present(notes: Iterable[str], urls: Iterable[str], links: Iterable[str]) -> set[str]:
    """Which of ``links`` Zotero already shows: as a link, as text in a note, or as an attachment.

    Covers notes readlist wrote, notes BibTeX imports made (plain text) and notes users edited.
    """
    texts, hrefs = [], set(urls)
    for n in notes:
        text, targets = note_text(n)
        texts.append(text)
        hrefs |= targets
    blob = "\n".join(texts)
    found = set()
    for link in links:
        if link in hrefs or (link and _mentions(blob, link)):
            found.add(link)
    return found


def _mentions(text: str, link: str) -> bool:
    # "…#L1" must not count as "…#L17": the link has to end where a word would.
    for m in re.finditer(re.escape(link), text):
        end = m.end()
        if end == len(text) or not (text[end].isalnum() or text[end] in "/_-#?&=%."):
            return True
    return False


def is_readlist_note(note: str) -> bool:
    """A note readlist wrote (its heading), or one a BibTeX import made from our ``note`` field."""
    text, _ = note_text(note)
    return text.startswith(HEADING) or text.startswith("Recommended in ")


def attachment_title(b: BackLink) -> str:
    who = clean(b.author or "")
    return f"{ATTACHMENT_TITLE} by {who}"[:200] if who else ATTACHMENT_TITLE
