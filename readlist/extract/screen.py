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
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, cast

__all__ = ["Screen", "heads", "needles"]

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


# --- heads: the literal strings every match begins with ---------------------------------

# Longer heads are rarer in a text, but each branch after the first characters multiplies
# them: the longest of these lengths that gives few enough heads is taken.
HEAD_CHARS = (12, 8, 6, 4, 3)
_MAX_HEADS = 96  # more, and looking each up costs more than the regex scan it spares
_MAX_CLASS = 8  # a character class of up to this many characters is spelt out

_Cont = Any  # Callable[[str], frozenset[str] | None]: what follows the item walked


def heads(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings, one of which every match of ``pattern`` begins with (up to
    ``HEAD_CHARS`` characters of it), or None where no small such set can be read from the
    pattern: a class of many characters first (``\\w``), ``.``, case-insensitive parts, or
    too many ways to begin. Zero-width assertions (``\\b``, lookarounds) take no
    characters, so ``\\b(?:book|novel)s?\\b`` begins with "book" or "nove"."""
    if pattern.flags & re.IGNORECASE:
        return None
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    for length in HEAD_CHARS:
        try:
            found = _walk(items, 0, "", _end, length)
            break
        except _TooMany:
            continue
    else:
        return None
    if not found:
        return None
    # "re" makes "read" redundant: every occurrence of "read" is one of "re"
    return tuple(sorted(h for h in found if not any(o != h and h.startswith(o) for o in found)))


class _TooMany(Exception):
    pass


def _end(prefix: str) -> frozenset[str] | None:
    return frozenset([prefix]) if prefix else None


def _union(*sets: frozenset[str] | None) -> frozenset[str] | None:
    out: set[str] = set()
    for s in sets:
        if s is None:
            return None
        out |= s
    if len(out) > _MAX_HEADS:
        raise _TooMany
    return frozenset(out)


def _walk(items: list[Any], i: int, prefix: str, cont: _Cont,
          length: int) -> frozenset[str] | None:
    """The heads (``length`` characters at most) of the matches of ``items[i:]`` followed by
    whatever ``cont`` walks, each after ``prefix``."""
    if len(prefix) >= length:
        return frozenset([prefix])
    if i == len(items):
        return cast(frozenset[str] | None, cont(prefix))
    op, av = items[i]

    def rest(p: str) -> frozenset[str] | None:
        return _walk(items, i + 1, p, cont, length)

    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return rest(prefix)  # zero-width: the match begins where the next item does
    if op is sre.LITERAL:
        return rest(prefix + chr(av))
    if op is sre.IN:
        chars = _class_chars(av)
        if chars is None:
            return _end(prefix)
        return _union(*(rest(prefix + c) for c in chars))
    if op is sre.BRANCH:
        return _union(*(_walk(list(alternative), 0, prefix, rest, length) for alternative in av[1]))
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            return _end(prefix)
        return _walk(list(sub), 0, prefix, rest, length)
    if op is sre.ATOMIC_GROUP:
        return _walk(list(av), 0, prefix, rest, length)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        if high == 0:
            return rest(prefix)
        # One time through: what follows is the rest only if it cannot repeat.
        once = _walk(list(sub), 0, prefix, rest if high == 1 else _end, length)
        return _union(rest(prefix), once) if low == 0 else once
    return _end(prefix)  # ".", a category, a back-reference ...: the head ends here


def _class_chars(av: Any) -> list[str] | None:
    """The characters of a small class of literals (``[\"“*_]``), or None."""
    chars: list[str] = []
    for op, value in av:
        if op is sre.LITERAL:
            chars.append(chr(value))
        elif op is sre.RANGE and value[1] - value[0] < _MAX_CLASS:
            chars.extend(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None  # a negated class, a category (\\w, \\s) ...
    return chars if len(chars) <= _MAX_CLASS else None


def _minimal(found: set[str]) -> Needles:
    """Drop needles that contain another ("books" when "book" is there): same condition."""
    return frozenset(n for n in found if not any(m != n and m in n for m in found))


class Screen:
    """``pattern`` with its needles: :meth:`search` tests the needles first.

    ``Screen(p).search(text)`` returns exactly what ``p.search(text)`` returns, and
    :meth:`finditer` what ``p.finditer(text)`` does.

    A pattern that is an alternation (or holds one group that is, as ``\\b(?:book|novel)\\b``
    does) is also screened alternative by alternative: Python's regex engine tries every
    alternative at every position of the text, and an alternative whose needles the text
    lacks can match nowhere in it, so the pattern without it finds the same matches. The
    alternatives that may match are compiled together once and kept.
    """

    __slots__ = ("pattern", "needles", "heads", "_parts", "_pruned")

    def __init__(self, pattern: re.Pattern[str], prune: bool = True,
                 anchor: bool = True) -> None:
        """``prune``: screen alternative by alternative too. Worth it where alternatives cost
        more to try than their needles (``[^?\\n]{0,160}\\?`` after a word), not for a list of
        words, whose cost is testing ``\\b`` at every position. ``anchor``: where the
        pattern's :func:`heads` are known, try it only where one of them stands."""
        self.pattern = pattern
        found = needles(pattern)
        # Shortest first: the commonest words fail (or hit) soonest.
        self.needles: tuple[str, ...] | None = (
            tuple(sorted(found, key=lambda n: (len(n), n))) if found else None)
        self._parts = _alternatives(pattern) if prune else None
        self._pruned: dict[tuple[int, ...], re.Pattern[str]] = {}
        # Where a match can only begin at one of a few literals, the pattern is tried there
        # alone (:meth:`_starts`) instead of at every position of the text.
        self.heads = heads(pattern) if anchor else None

    def may_match(self, text: str) -> bool:
        """False only where the pattern cannot match ``text``."""
        if self.needles is None:
            return True
        for needle in self.needles:
            if needle in text:
                return True
        return False

    def searcher(self, text: str) -> re.Pattern[str] | None:
        """A pattern that matches ``text`` exactly where :attr:`pattern` does (None if it
        matches nowhere): :attr:`pattern` without the alternatives that cannot match."""
        if not self.may_match(text):
            return None
        parts = self._parts
        if parts is None:
            return self.pattern
        head, alternatives, tail, always, by_needle = parts
        keep = set(always)
        for needle, which in by_needle:
            if needle in text:
                keep.update(which)
        if not keep:
            return None
        if len(keep) == len(alternatives):
            return self.pattern
        key = tuple(sorted(keep))
        pruned = self._pruned.get(key)
        if pruned is None:
            if len(self._pruned) >= _MAX_PRUNED:
                self._pruned.clear()  # (texts rarely hold more than a few needles)
            pruned = self._pruned[key] = re.compile(
                head + "|".join(alternatives[i] for i in key) + tail, self.pattern.flags)
        return pruned

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        if self.heads is not None:
            match = self.pattern.match
            for start in self._starts(text, pos, end):
                found = match(text, start, end)
                if found is not None:
                    return found
            return None
        pattern = self.searcher(text)
        if pattern is None:
            return None
        return pattern.search(text, pos, end)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.heads is not None:
            return self._anchored_iter(text)
        pattern = self.searcher(text)
        return iter(()) if pattern is None else pattern.finditer(text)

    def _starts(self, text: str, pos: int, end: int) -> list[int]:
        """Where a match may begin, in order: the positions of the heads. The pattern's
        search tries every position from the left and returns the first match, and no other
        position can begin one, so trying these in order finds the same match. (A
        lookbehind or ``\\b`` sees the text before ``pos`` in both.)"""
        starts = []
        find = text.find
        for head in self.heads:  # type: ignore[union-attr]
            if head not in text:
                continue  # (most are not: "in" costs less than a call of find)
            at = find(head, pos, end)
            while at != -1:
                starts.append(at)
                at = find(head, at + 1, end)
        if len(starts) > 1:
            starts.sort()  # (heads are no prefix of one another: no position twice)
        return starts

    def _anchored_iter(self, text: str) -> Iterator[re.Match[str]]:
        """``finditer`` as repeated :meth:`search` from the end of the last match (a match
        begins with a head, so it is never empty)."""
        match = self.pattern.match
        end = len(text)
        after = 0
        for start in self._starts(text, 0, end):
            if start < after:
                continue
            found = match(text, start, end)
            if found is not None:
                yield found
                after = found.end()


_MAX_PRUNED = 256

# (head, alternatives, tail, those without needles, (needle, the alternatives it is in) ...)
Alternatives = tuple[str, list[str], str, tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]]


def _alternatives(pattern: re.Pattern[str]) -> Alternatives | None:
    """How to write the pattern with only some of its alternatives: ``head + "|".join(some
    alternatives) + tail``, where the alternatives are the pattern's own top-level ones, or
    those of its (largest) parenthesised alternation ``(?:...)``; and which alternatives
    each needle may let match. None when there is nothing to prune by: no alternation,
    groups that capture (pruning would renumber them), a verbose or case-insensitive
    pattern, or no alternative with needles."""
    if pattern.groups or pattern.flags & (re.VERBOSE | re.IGNORECASE):
        return None
    source = pattern.pattern
    spans = _split(source, 0, len(source))
    head = tail = ""
    if len(spans) == 1:
        groups = [g for g in _groups(source) if len(_split(source, g[0], g[1])) > 1]
        if not groups:
            return None
        start, end = max(groups, key=lambda g: len(_split(source, g[0], g[1])))
        spans = _split(source, start, end)
        head, tail = source[:start] + "(?:", ")" + source[end:]
    alternatives = [source[a:b] for a, b in spans]
    always: list[int] = []
    by_needle: dict[str, list[int]] = {}
    for i, alternative in enumerate(alternatives):
        found = needles(re.compile(alternative, pattern.flags))
        if found is None:
            always.append(i)
        for needle in sorted(found or ()):
            by_needle.setdefault(needle, []).append(i)
    if not by_needle:
        return None
    return head, alternatives, tail, tuple(always), tuple(
        (needle, tuple(which)) for needle, which in sorted(by_needle.items(),
                                                           key=lambda kv: (len(kv[0]), kv[0])))


def _scan(source: str, start: int, end: int) -> Iterator[tuple[int, str, int]]:
    """(position, character, depth of parentheses) of the pattern's syntax between ``start``
    and ``end``: escaped characters and the insides of character classes are skipped."""
    depth = 0
    i = start
    while i < end:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = i + 1
            if j < end and source[j] == "^":
                j += 1
            if j < end and source[j] == "]":
                j += 1  # "[]...]": a literal bracket first
            while j < end and source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            yield i, c, depth
            depth += 1
        elif c == ")":
            depth -= 1
            yield i, c, depth
        elif c == "|":
            yield i, c, depth
        i += 1


def _split(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the top-level alternatives between ``start`` and ``end``."""
    spans = []
    a = start
    for i, c, depth in _scan(source, start, end):
        if c == "|" and depth == 0:
            spans.append((a, i))
            a = i + 1
    spans.append((a, end))
    return spans


def _groups(source: str) -> list[tuple[int, int]]:
    """The insides of the top-level non-capturing groups ``(?:...)``."""
    out = []
    opened = -1
    for i, c, depth in _scan(source, 0, len(source)):
        if c == "(" and depth == 0:
            opened = i + 3 if source.startswith("(?:", i) else -1
        elif c == ")" and depth == 0 and opened != -1:
            out.append((opened, i))
            opened = -1
    return out
