"""Text normalisation for matching: case, punctuation, diacritics, leading articles, subtitles."""

from __future__ import annotations

import re
import threading
import unicodedata

import snowballstemmer

LEADING_ARTICLES = ("the ", "a ", "an ", "le ", "la ", "les ", "l ", "el ", "los ", "las ",
                    "der ", "die ", "das ", "il ", "lo ", "gli ", "i ", "de ", "het ", "een ")
STOPWORDS = frozenset(
    """a an the and or of in on at to for from with without into onto about abt by as is are was
    were be been being it its this that these those his her their our your my which who whom
    what how why when where out up down over under between through during after before than
    then so such not no nor but if also very more most much many some any all both each other
    own same too just can will would should could may might must shall do does did done has
    have had having book books work works novel text one two really great good""".split()
)


def fold(text: str) -> str:
    """Lower case without diacritics: "Émile Zola" -> "emile zola"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise_title(title: str) -> str:
    t = fold(title).replace("&", " and ")
    t = re.sub(r"[^\w\s]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    for article in LEADING_ARTICLES:
        if t.startswith(article) and len(t) > len(article):
            t = t[len(article):]
            break
    return t


def main_title(title: str) -> str:
    """The title without its subtitle ("Maldevelopment: Anatomy of ..." -> "Maldevelopment")."""
    return re.split(r"\s*[:;]\s+|\s+[-–—]\s+|\.\s+", title, maxsplit=1)[0]


def normalise_name(name: str) -> str:
    n = fold(name)
    if "," in n:  # "Amin, Samir" -> "samir amin"
        last, _, first = n.partition(",")
        n = f"{first} {last}"
    n = re.sub(r"[^\w\s]", " ", n)
    return re.sub(r"\s+", " ", n).strip()


def surname(name: str) -> str:
    """The family name, for author checks: "Samir Amin" -> "amin", "Amin, Samir" -> "amin"."""
    if "," in name:
        return normalise_name(name.split(",", 1)[0])
    parts = normalise_name(name).split()
    while len(parts) > 1 and parts[-1] in ("jr", "sr", "ii", "iii", "iv"):
        parts.pop()
    return parts[-1] if parts else ""


_local = threading.local()


def _stemmer(language: str) -> snowballstemmer.stemmer:
    # Snowball stemmers keep state while they work: one per thread, or concurrent
    # resolution garbles words (and raises IndexError).
    cache = _local.__dict__.setdefault("stemmers", {})
    if language not in cache:
        cache[language] = snowballstemmer.stemmer(language)
    return cache[language]


def terms(text: str, language: str = "english") -> list[str]:
    """Content-word stems of a text, for description matching."""
    words = re.findall(r"\w+", fold(text))
    return _stemmer(language).stemWords([w for w in words if w not in STOPWORDS and len(w) > 1])


# -- identifiers and codes shared by the providers' mappings -------------------------------------
_ISBN_CHUNK = re.compile(r"(?<![0-9])(97[89][0-9\- ]{10,16}|[0-9][0-9\- ]{8,11}[0-9Xx])(?![0-9])")
LANGUAGES = {
    "en": "eng", "english": "eng", "eng": "eng",
    "fr": "fre", "french": "fre", "fre": "fre", "fra": "fre",
    "de": "ger", "german": "ger", "ger": "ger", "deu": "ger",
    "es": "spa", "spanish": "spa", "spa": "spa",
    "it": "ita", "italian": "ita", "ita": "ita",
    "pt": "por", "portuguese": "por", "por": "por",
    "ru": "rus", "russian": "rus", "rus": "rus",
    "ar": "ara", "arabic": "ara", "ara": "ara",
    "zh": "chi", "chinese": "chi", "chi": "chi", "zho": "chi",
    "ja": "jpn", "japanese": "jpn", "jpn": "jpn",
    "nl": "dut", "dutch": "dut", "dut": "dut", "nld": "dut",
}


def language_code(value: object) -> str | None:
    """"en", "English", "eng", "fra" -> the MARC code Open Library uses ("eng", "fre")."""
    if not isinstance(value, str):
        return None
    return LANGUAGES.get(value.strip().casefold())


def isbn_lists(values: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Valid ISBN-13s and ISBN-10s in strings such as ``"978-1-58367-601-1 (pbk.)"``."""
    from stdnum import isbn as stdnum_isbn

    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)):
        return (), ()
    i13: list[str] = []
    i10: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        for chunk in _ISBN_CHUNK.findall(value):
            compact = re.sub(r"[^0-9Xx]", "", chunk).upper()
            if not stdnum_isbn.is_valid(compact):
                continue
            target = i13 if len(compact) == 13 else i10
            if compact not in target:
                target.append(compact)
    return tuple(i13), tuple(i10)
