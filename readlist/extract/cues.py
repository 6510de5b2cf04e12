"""Is a mention a recommendation? Cue words in scope, negation, questions, dismissals."""

from __future__ import annotations

import re
from dataclasses import dataclass

from readlist.extract.lexicon import NEGATIVE_RE, RECOMMEND_RE, STRONG_RECOMMEND_RE

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n+")
NEGATION = re.compile(r"\b(?:not|never|don't|dont|do not|wouldn't|wouldnt|can't|cannot|no)\s+"
                      r"(?:\w+\s+){0,2}$")


@dataclass(frozen=True)
class Verdict:
    recommended: bool
    confidence: float
    reasons: tuple[str, ...]


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    end = SENTENCE_END.search(text, pos)
    return start, (end.start() if end else len(text))


def judge(text: str, start: int, end: int, strength: float, negative: bool = False,
          post_has_cue: bool = False) -> Verdict:
    """Decide from the words around [start, end) in the lower-cased, quote-normalised text."""
    s_start, s_end = sentence_bounds(text, start)
    before = text[s_start:start]
    after = text[end:s_end]
    near_after = after[:60]
    reasons: list[str] = []
    if negative:
        return Verdict(False, 0.85, ("dismissive",))
    neg = NEGATIVE_RE.search(near_after) or NEGATIVE_RE.search(before[-60:])
    cue = None
    for m in RECOMMEND_RE.finditer(before):
        cue = m
    if cue is not None:
        # "don't read X", "I wouldn't recommend X"
        if NEGATION.search(before[: cue.start()]):
            return Verdict(False, 0.8, (f"negated cue '{cue.group(0)}'",))
        strong = STRONG_RECOMMEND_RE.search(cue.group(0)) is not None
        reasons.append(f"cue '{cue.group(0)}'")
        if neg:
            return Verdict(False, 0.6, (*reasons, f"but '{neg.group(0)}'"))
        conf = min(0.97, (0.9 if strong else 0.75) * (0.7 + 0.3 * strength) + 0.1)
        return Verdict(True, round(conf, 2), tuple(reasons))
    if neg:
        return Verdict(False, 0.75, (f"negative '{neg.group(0)}'",))
    after_cue = RECOMMEND_RE.search(near_after)
    if after_cue and re.search(r"\b(?:is|was|are)\b", near_after[: after_cue.start() + 1]):
        return Verdict(True, round(0.6 + 0.3 * strength, 2), (f"praise '{after_cue.group(0)}'",))
    if text[s_end - 1: s_end] == "?" or text[s_start:s_end].rstrip().endswith("?"):
        return Verdict(False, 0.6, ("question",))
    base = 0.35 + 0.4 * strength + (0.1 if post_has_cue else 0.0)
    return Verdict(base >= 0.6, round(base, 2), ("no cue",) if base < 0.6 else ("work named",))
