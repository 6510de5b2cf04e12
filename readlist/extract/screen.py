"""Cheap necessary conditions for regular expressions, derived from the patterns themselves.

A pre-filter runs on every post of a dump, and Python's regex engine walks an alternation of
words at every position of the text: tens of microseconds for a short post. Most posts contain
none of the words, and a few substring tests (``needle in text``, a fast byte scan) say so in a
microsecond or two. :class:`Screen` reads a compiled pattern's structure and keeps literal
strings ("needles") of which every match must contain one, so the substring tests can run
first and the pattern only on a hit. Because the needles come from the pattern, the two can
never drift apart when someone adds a word to the pattern.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

__all__ = ["Screen", "needles"]

Needles = frozenset[str]


def needles(pattern: re.Pattern[str]) -> Needles | None:
    """Literal strings one of which every match of ``pattern`` contains, or None when the
    pattern can match without any literal (``\\w+``). Case-insensitive literals are left out,
    so the needles hold for the text the pattern is searched in, as it is."""
    if pattern.flags & re.IGNORECASE:
        return None
    return _of_sequence(sre_parse.parse(pattern.pattern, pattern.flags))


def _better(a: Needles | None, b: Needles | None) -> Needles | None:
    """The more selective of two sufficient needle sets: longer shortest needle, then fewer."""
    if a is None:
        return b
    if b is None:
        return a
    ka = (min(map(len, a)), -len(a))
    kb = (min(map(len, b)), -len(b))
    return a if ka >= kb else b


def _of_sequence(items: Any) -> Needles | None:
    """Items in sequence all match: any one item's needles (or a literal run) will do."""
    best: Needles | None = None
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, frozenset(["".join(run)]))
            run = []
        best = _better(best, _of_item(op, av))
    if run:
        best = _better(best, frozenset(["".join(run)]))
    return best


def _of_item(op: Any, av: Any) -> Needles | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            return None
        return _of_sequence(sub)
    if op is sre.BRANCH:
        # Every alternative must bring needles; their union is then necessary.
        found: set[str] = set()
        for alternative in av[1]:
            got = _of_sequence(alternative)
            if got is None:
                return None
            found |= got
        return _minimal(found)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _of_sequence(sub) if low >= 1 else None
    if op is sre.ATOMIC_GROUP:
        return _of_sequence(av)
    return None  # a class, \b, a lookaround, a back-reference ...: no literal to rely on


def _minimal(found: set[str]) -> Needles:
    """Drop needles that contain another ("books" when "book" is there): same condition."""
    return frozenset(n for n in found if not any(m != n and m in n for m in found))


class Screen:
    """``pattern`` with its needles: :meth:`search` tests the needles first.

    ``Screen(p).search(text)`` returns exactly what ``p.search(text)`` returns.
    """

    __slots__ = ("pattern", "needles")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        found = needles(pattern)
        # Shortest first: the commonest words fail (or hit) soonest.
        self.needles: tuple[str, ...] | None = (
            tuple(sorted(found, key=lambda n: (len(n), n))) if found else None)

    def may_match(self, text: str) -> bool:
        """False only where the pattern cannot match ``text``."""
        if self.needles is None:
            return True
        for needle in self.needles:
            if needle in text:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        if not self.may_match(text):
            return None
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)
