"""Citation keys in Better BibTeX's default form: ``auth.lower + shorttitle(3,3) + year``."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Collection

from readlist.catalogue.normalise import surname

# Better BibTeX's default skipWords (preferences: citekeySkipWords).
SKIP_WORDS = frozenset(
    """a ab aboard about above across after against al along amid among an and anti around as at
    before behind below beneath beside besides between beyond but by d da das de del dell dello
    dei degli della delle dem den der des despite die do down du during ein eine einem einen
    einer eines el en et except for from gli i il in inside into is l la las le les like lo los
    near nor of off on onto or over past per plus round save since so some sur than the through
    to toward towards un una unas under underneath une unlike uno unos until up upon versus via
    von while with within without yet zu zum""".split()
)


_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe",
                       "Œ": "OE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th",
                       "ð": "d", "Ð": "D", "ı": "i"})


def ascii_fold(text: str) -> str:
    """ASCII letters, digits, spaces: accents dropped, a few letters transliterated."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if c in string.ascii_letters + string.digits + " -'")


def citation_key(authors: tuple[str, ...], title: str, year: int | None,
                 taken: Collection[str] = (), base: str | None = None) -> str:
    """``aminRussiaLongTransition2016``; ``a``, ``b`` ... appended when the key is taken
    (compared case-insensitively, as Better BibTeX does). ``base`` skips building the key."""
    if base is None:
        auth = re.sub(r"[^a-z0-9]", "", ascii_fold(surname(authors[0])).lower()) if authors \
            else ""
        words = [w for w in re.split(r"[^A-Za-z0-9]+", ascii_fold(title)) if w]
        short = [w for w in words if w.lower() not in SKIP_WORDS][:3]
        # Better BibTeX sets no limit; a 10,000-letter "word" from a post would make a key no
        # tool handles well, so the title part stops at 40 characters.
        title_part = "".join(w[:1].upper() + w[1:] for w in short)[:40]
        base = auth[:30] + title_part + (str(year) if year else "")
        base = base or "readlist"
        if base[0].isdigit():
            base = "x" + base
    key = base
    suffix = 0
    used = {k.lower() for k in taken}  # Better BibTeX compares keys case-insensitively
    while key.lower() in used:
        key = base + _letters(suffix)
        suffix += 1
    return key


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out
