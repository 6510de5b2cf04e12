"""Escaping for BibTeX field values that Zotero, Better BibTeX, biber and bibtex all read alike.

Text from posts must stay inert: no LaTeX command, brace or math from a stranger survives.
The rules follow what both Zotero importers were seen to do (shared/reference/zotero.md §0.6):
``\\_ \\% \\& \\# \\$`` escaped, one ``\\$`` per field at most, ``~`` in URLs percent-encoded,
ligature sequences broken with ``{}``, ``<``/``>`` as ``$<$``/``$>$``, no ``\\href``.
"""

from __future__ import annotations

import re
import unicodedata

URL_IN_TEXT = re.compile(r"https?://[^\s]+")
# Characters a URL may not carry raw into a BibTeX value; percent-encoded instead.
_URL_UNSAFE = {c: f"%{ord(c):02X}" for c in '{}\\^~<>"|` $'}
# Stand-ins for characters that would be live LaTeX; they read the same to a person.
_INERT = {"\\": "＼", "{": "｛", "}": "｝", "^": "＾", "~": "～"}
_SIMPLE = {"%": r"\%", "_": r"\_", "&": r"\&", "#": r"\#"}


def clean_text(text: str) -> str:
    """Drop control characters (NUL included) and fold all whitespace to single spaces."""
    text = "".join(
        " " if unicodedata.category(c) in ("Zl", "Zp") or c in "\t\n\r\x0b\x0c" else c
        for c in text
        if unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn") or c in "\t\n\r"
    )
    return " ".join(text.split())


def _break_ligatures(text: str) -> str:
    text = re.sub(r"-(?=-)", "-{}", text)
    text = re.sub(r"'(?=')", "'{}", text)
    text = re.sub(r"`(?=`)", "`{}", text)
    text = re.sub(r"!(?=[!?])", "!{}", text)
    return re.sub(r"\?(?=!)", "?{}", text)


def safe_url(url: str) -> str:
    """A URL with nothing BibTeX or the importers would mangle: unsafe characters encoded."""
    url = clean_text(url).replace(" ", "")
    return "".join(_URL_UNSAFE.get(c, c) for c in url)


def _escape_plain(text: str, dollars: list[int], has_dollar: bool) -> str:
    out = []
    for c in text:
        if c in _INERT:
            out.append(_INERT[c])
        elif c in _SIMPLE:
            out.append(_SIMPLE[c])
        elif c == "$":
            dollars[0] += 1
            out.append(r"\$" if dollars[0] == 1 else "＄")
        elif c in "<>":
            # "$<$" is what both importers turn back into "<"; with a "\$" in the field the
            # math-stripping goes wrong, so fall back to look-alikes.
            out.append(("＜" if c == "<" else "＞") if has_dollar else f"${c}$")
        else:
            out.append(c)
    return "".join(out)


def escape(text: str) -> str:
    """Escape free text (a quote, a title, a name) for a braced BibTeX value."""
    text = clean_text(text)
    has_dollar = "$" in text
    dollars = [0]
    out = []
    pos = 0
    for m in URL_IN_TEXT.finditer(text):
        out.append(_escape_plain(text[pos:m.start()], dollars, has_dollar))
        url = safe_url(m.group(0))
        out.append("".join(_SIMPLE.get(c, c) for c in url))
        pos = m.end()
    out.append(_escape_plain(text[pos:], dollars, has_dollar))
    return _break_ligatures("".join(out))


def protect_capitals(escaped: str) -> str:
    """Brace each word that has a capital so sentence-casing keeps it: ``{Russia} and the
    {Long} {Transition}`` (outer double braces do not protect in Better BibTeX)."""
    def wrap(m: re.Match[str]) -> str:
        lead, word, trail = m.group(1), m.group(2), m.group(3)
        return f"{lead}{{{word}}}{trail}" if any(c.isupper() for c in word) else m.group(0)

    # A word keeps its inner escapes (\&) but leaves its punctuation outside the braces.
    return re.sub(r"([(\[\"'“‘]*)([^\s{}]+?)([)\]\"'”’:;,.!?]*)(?=\s|$)", wrap, escaped)


_UNESCAPE = [(r"\%", "%"), (r"\_", "_"), (r"\&", "&"), (r"\#", "#"), (r"\$", "$"), ("$<$", "<"),
             ("$>$", ">"), ("-{}", "-"), ("'{}", "'"), ("`{}", "`"), ("!{}", "!"), ("?{}", "?")]


def unescape(value: str) -> str:
    """Undo :func:`escape` for readlist's own bookkeeping fields (not a LaTeX decoder)."""
    for a, b in _UNESCAPE:
        value = value.replace(a, b)
    return value
