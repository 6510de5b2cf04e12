"""Making text from posts inert for each target: terminal, Markdown, HTML, URLs and JSON.

Every renderer of the reading list goes through these functions; nothing from a .bib or a post
reaches the output without one of them.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

REPLACEMENT = "\ufffd"
# Bidirectional embeddings, overrides and isolates, and the invisible direction marks: they can
# make a title or a link read differently from what it is ("Trojan source" tricks).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
_WS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029")


_WS_TO_SPACE = {ord(c): " " for c in _WS}
# Every C0/C1 control (category Cc) that is not whitespace, bidi controls, lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")


_URL_UNSAFE = re.compile(r"\s|" + _UNSAFE.pattern)


def clean(text: str | None) -> str:
    """One line of displayable text: whitespace folded; C0/C1 controls (ESC included), bidi
    controls and lone surrogates shown as U+FFFD so that tampering stays visible."""
    if not text:
        return ""
    return " ".join(_UNSAFE.sub(REPLACEMENT, str(text).translate(_WS_TO_SPACE)).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def http_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, cleaned for use in an href; else None.

    Anything else (javascript:, data:, file paths, relative links) is never made a link.
    """
    if not url:
        return None
    url = url.strip()
    if _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # Characters that would end or bend an href or a Markdown link destination, encoded.
    return quote(url, safe="/:?#[]@!$&*+,;=%~-._'")


def host_of(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


# -- terminal ------------------------------------------------------------------------------------
def terminal(text: str | None) -> str:
    """Text for a terminal: no escape sequence, control character or direction override."""
    return clean(text)


# -- HTML ----------------------------------------------------------------------------------------
def html_text(text: str | None) -> str:
    """Text content or attribute value for HTML: cleaned, then every markup character escaped."""
    return html.escape(clean(text), quote=True)


def html_href(url: str | None) -> str | None:
    """An http(s) URL escaped for an ``href="..."`` attribute, or None."""
    ok = http_url(url)
    return html.escape(ok, quote=True) if ok else None


# -- Markdown ------------------------------------------------------------------------------------
# The ASCII punctuation (all of it escapable in CommonMark) that could start markup anywhere in
# a line in CommonMark, GFM, Reddit or Lemmy: emphasis, code, links and images (no "[" means no
# link, so "(" and "!" may stay), raw HTML and entities, tables, strikethrough, superscript,
# math, @mentions and #issue references.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$&@])")
# What only matters where a line begins: lists, block quotes, setext underlines.
_MD_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+(?=[.)]))")


def md_text(text: str | None) -> str:
    """Inline Markdown text that renders exactly as written, on one line."""
    out = _MD_SPECIAL.sub(r"\\\1", clean(text))
    # A leading "-", "+", ">" or "1." would start a list or quote where a line begins.
    out = _MD_LINE_START.sub(lambda m: m.group(1) + (
        m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), out)
    return out


def md_url(url: str | None) -> str | None:
    """An http(s) URL safe as a Markdown link destination (no space or parenthesis left raw)."""
    ok = http_url(url)
    if ok is None:
        return None
    return ok.replace("(", "%28").replace(")", "%29")


def md_code(text: str | None) -> str:
    """``text`` as an inline code span that no backtick inside can close early."""
    text = clean(text)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# -- JSON ----------------------------------------------------------------------------------------
_JSON_RISKY = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_dumps(data: Any) -> str:
    """JSON with the data unchanged, but C1 controls and bidi controls written as ``\\uXXXX``
    escapes (still the same strings to a parser) so that printing it to a terminal is safe."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_RISKY.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
