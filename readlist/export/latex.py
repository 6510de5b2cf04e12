"""Escaping for BibTeX field values that Zotero, Better BibTeX, biber and bibtex all read alike.

Text from posts must stay inert: no LaTeX command, brace or math from a stranger survives.
The rules follow what both Zotero importers were seen to do (shared/reference/zotero.md §0.6):

- ``_ % & #`` become ``\\_ \\% \\& \\#``; one ``$`` per *field* may become ``\\$``;
- ``<``/``>`` become ``$<$``/``$>$`` unless the field holds a ``\\$`` (Zotero's math stripping
  ignores the backslash and would pair them up);
- characters no escape carries through both importers (``\\ { } ^ ~``, a second ``$``, ``<>``
  beside a ``\\$``) become full-width look-alikes (``＼ ｛ ｝ ＾ ～ ＄ ＜ ＞``). ``\\textbackslash``
  and friends are not decoded by Zotero, ``\\{`` breaks bibtex's brace count when unbalanced,
  and ``\\^{}``/``\\~{}`` turn into accents or U+223C; a look-alike reads the same and is inert;
- a look-alike that was already in the post is written in braces (``{～}``) so :func:`decode`
  can tell it from a replaced ASCII character; both importers drop the braces;
- in URLs, those characters (and ``~``, spaces, quotes) are percent-encoded (``~`` -> ``\\%7E``);
- ligature sequences are broken with ``{}``: ``-{}-``, ``'{}'``, ```{}```, ``!{}!``, ``?{}!``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

URL_IN_TEXT = re.compile(r"https?://[^\s]+")
# Characters a URL may not carry raw into a BibTeX value; percent-encoded instead.
_URL_UNSAFE = {c: f"%{ord(c):02X}" for c in '{}\\^~<>"|` $'}
# ASCII that would be live LaTeX -> a look-alike that reads the same to a person.
LOOKALIKE = {"\\": "＼", "{": "｛", "}": "｝", "^": "＾", "~": "～", "$": "＄", "<": "＜",
             ">": "＞"}
_BACK = {v: k for k, v in LOOKALIKE.items()}
# ... and in a URL a look-alike is percent-encoded too, so decoding never mistakes it.
_URL_UNSAFE.update({c: "".join(f"%{b:02X}" for b in c.encode()) for c in _BACK})
_SIMPLE = {"%": r"\%", "_": r"\_", "&": r"\&", "#": r"\#"}
_URL_TABLE = str.maketrans(_URL_UNSAFE)
_SIMPLE_TABLE = str.maketrans(_SIMPLE)
_TRAILING = ".,;:!?)]}”’\"'»"


@dataclass
class FieldState:
    """What a field already holds that limits later escapes: a ``\\$`` or a ``$<$``/``$>$``."""

    dollar: bool = False
    math: bool = False

    @classmethod
    def of(cls, escaped: str) -> FieldState:
        return cls(dollar=r"\$" in escaped, math=bool(re.search(r"(?<!\\)\$[<>]\$", escaped)))


# Bidirectional overrides and isolates: a post could reorder how a reference manager shows
# the text around them ("Trojan Source"); they carry no meaning in a bibliography.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class _Cleaning(dict[int, int | str | None]):
    """``str.translate`` table for :func:`clean_text`, filled in as characters are met: control,
    surrogate, private-use, unassigned and bidi characters go, line and paragraph separators
    and ASCII whitespace controls become spaces, the rest stays."""

    def __missing__(self, code: int) -> int | str | None:
        c = chr(code)
        if c in "\t\n\r\x0b\x0c" or unicodedata.category(c) in ("Zl", "Zp"):
            out: int | str | None = " "
        elif c in _BIDI or unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn"):
            out = None
        else:
            out = code
        self[code] = out
        return out


_CLEANING = _Cleaning()


def clean_text(text: str) -> str:
    """Drop control characters (NUL included) and bidi controls; fold whitespace to one space."""
    return " ".join(text.translate(_CLEANING).split())


def _break_ligatures(text: str) -> str:
    text = re.sub(r"-(?=-)", "-{}", text)
    text = re.sub(r"'(?=')", "'{}", text)
    text = re.sub(r"`(?=`)", "`{}", text)
    text = re.sub(r"!(?=[!?`])", "!{}", text)
    return re.sub(r"\?(?=[!`])", "?{}", text)


def safe_url(url: str) -> str:
    """A URL with nothing BibTeX or the importers would mangle: unsafe characters encoded.

    This is the raw form for the ``url`` field (Zotero keeps it verbatim, so no ``\\%``)."""
    return clean_text(url).replace(" ", "").translate(_URL_TABLE)


def _split_url(match: str) -> str:
    """A URL found in prose without the punctuation that ends the sentence around it."""
    url = match
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _escape_plain(text: str, state: FieldState, wants_dollar: bool) -> str:
    out = []
    for c in text:
        if c in _BACK:
            out.append("{" + c + "}")  # a look-alike the post really had
        elif c in _SIMPLE:
            out.append(_SIMPLE[c])
        elif c == "$":
            if not state.dollar and not state.math:
                state.dollar = True
                out.append(r"\$")
            else:
                out.append(LOOKALIKE["$"])
        elif c in "<>":
            if state.dollar or wants_dollar:
                out.append(LOOKALIKE[c])
            else:
                state.math = True
                out.append(f"${c}$")
        elif c in LOOKALIKE:
            out.append(LOOKALIKE[c])
        else:
            out.append(c)
    return "".join(out)


def escape(text: str, state: FieldState | None = None) -> str:
    """Escape free text (a quote, a title, a name) for a braced BibTeX value.

    ``state`` carries what earlier parts of the same field used, so a field built in pieces
    (a note with several back-links, or one appended to on a later run) still holds at most
    one ``\\$`` and never mixes it with ``$<$``."""
    state = state if state is not None else FieldState()
    text = clean_text(text)
    # A "$" in this text gets the one "\$" only if no "$<$" came first in the field.
    wants_dollar = "$" in text and not state.dollar and not state.math
    out = []
    pos = 0
    for m in URL_IN_TEXT.finditer(text):
        url = _split_url(m.group(0))
        out.append(_escape_plain(text[pos:m.start()], state, wants_dollar))
        out.append(safe_url(url).translate(_SIMPLE_TABLE))
        pos = m.start() + len(url)
    out.append(_escape_plain(text[pos:], state, wants_dollar))
    return _break_ligatures("".join(out))


def protect_capitals(escaped: str) -> str:
    """Brace each word that has a capital so sentence-casing keeps it: ``{Russia} and the
    {Long} {Transition}`` (outer double braces do not protect in Better BibTeX)."""
    out = []
    for word in escaped.split(" "):
        core = word
        lead = re.match(r"[(\[\"'“‘]*", core).group(0)  # type: ignore[union-attr]
        core = core[len(lead):]
        trail = re.search(r"[)\]\"'”’:;,.!?]*$", core).group(0)  # type: ignore[union-attr]
        core = core[:len(core) - len(trail)]
        if "://" not in core and any(c.isupper() for c in core) and not (core.startswith("{") and core.endswith("}")
                                                   and _balanced(core[1:-1])):
            out.append(f"{lead}{{{core}}}{trail}")
        else:
            out.append(word)
    return " ".join(out)


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0


def normalise_text(text: str) -> str:
    """What :func:`escape` keeps of ``text``: whitespace folded, URLs percent-encoded."""
    text = clean_text(text)
    out, pos = [], 0
    for m in URL_IN_TEXT.finditer(text):
        url = _split_url(m.group(0))
        out.append(text[pos:m.start()])
        out.append(safe_url(url))
        pos = m.start() + len(url)
    out.append(text[pos:])
    return "".join(out)


_ESCAPED = re.compile(r"\\([%_&#$])|\$([<>])\$|\{([^{}])\}|[{}]|(.)", re.DOTALL)


def decode(value: str) -> str:
    """Undo :func:`escape` exactly; for a hand-written value, also drop grouping braces.

    ``decode(escape(s)) == normalise_text(s)`` for every string ``s``. LaTeX commands a user typed
    (``\\'e``) are left as they are: this is not a LaTeX renderer."""
    def one(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)
        if m.group(2):
            return m.group(2)
        if m.group(3) is not None:
            c = m.group(3)
            return c if c in _BACK else _BACK.get(c, c)
        if m.group(4) is not None:
            return _BACK.get(m.group(4), m.group(4))
        return ""
    return _ESCAPED.sub(one, value)


def unescape(value: str) -> str:
    """Decode readlist's own bookkeeping fields (kept for callers of the older name)."""
    return decode(value)
