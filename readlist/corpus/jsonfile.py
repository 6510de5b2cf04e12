"""Whole-document JSON for thread files: load with every failure turned into a warning,

salvage what precedes a syntax error (a truncated download keeps its complete posts), and
cheap shape checks on the first bytes for sniffing ``.json`` files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readlist.corpus.base import MAX_DOCUMENT_BYTES, decode, too_large
from readlist.report import Report

MAX_REPAIR_CHARS = 64 * 1024 * 1024
MAX_REPAIR_DEPTH = 2000
_OPENERS = {"{": "}", "[": "]"}


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def salvage(text: str, error_at: int) -> Any | None:
    """The document cut back to the last complete element before ``error_at``, with its open
    brackets closed; None when nothing usable precedes the error."""
    if error_at > MAX_REPAIR_CHARS:
        return None
    stack: list[str] = []
    good: tuple[int, str] | None = None
    in_string = escaped = False
    i = 0
    limit = min(error_at, len(text))
    while i < limit:
        c = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in _OPENERS:
            stack.append(_OPENERS[c])
            if len(stack) > MAX_REPAIR_DEPTH:
                return None
        elif c in "}]":
            if not stack:
                break
            stack.pop()
            if stack:
                good = (i + 1, "".join(reversed(stack)))
        elif c == "," and stack:
            good = (i, "".join(reversed(stack)))
        i += 1
    if good is None:
        return None
    cut, closers = good
    try:
        return json.loads(text[:cut] + closers)
    except (ValueError, RecursionError):
        return None


@dataclass
class Loaded:
    doc: Any
    damaged: bool = False  # only what preceded a syntax error was kept

    def reject(self, source: str, report: Report, what: str) -> None:
        """Report a document no posts could be taken from."""
        if self.damaged:
            report.skip(source, "malformed", "nothing usable before the damage, skipped")
        else:
            report.skip(source, "unknown shape", f"JSON is not {what}, skipped")


def load_json(path: Path, source: str, report: Report, what: str) -> Loaded | None:
    """The parsed document, or None (reported). Damaged JSON keeps what was read before the
    damage, with a warning giving line and column."""
    if too_large(path, source, report, what, MAX_DOCUMENT_BYTES):
        return None
    text = decode(path.read_bytes(), source, report)
    if not text.strip():
        report.skip(source, "empty", "empty file, skipped")
        return None
    try:
        return Loaded(json.loads(text))
    except RecursionError:
        report.skip(source, "malformed", "JSON nested too deeply to read, skipped")
        return None
    except json.JSONDecodeError as exc:
        line, col = _position(text, exc.pos)
        kept = salvage(text, exc.pos)
        if kept is None:
            report.skip(source, "malformed",
                        f"malformed JSON at line {line} column {col} ({exc.msg}); nothing "
                        "usable before it, skipped")
            return None
        report.warn(source, f"malformed JSON at line {line} column {col} ({exc.msg}); kept "
                    "what was read before it", line)
        return Loaded(kept, damaged=True)


# -- sniffing: cheap looks at the first bytes -----------------------------------------------------

_LEMMY = re.compile(rb'"(?:post_view|comment_view|comments|posts)"\s*:\s*[\[{]')
_LEMMY_FIELDS = re.compile(rb'"(?:ap_id|path|counts|creator_id|community_id)"\s*:')
_REDDIT = re.compile(rb'"kind"\s*:\s*"(?:Listing|t1|t3|more)"')
_HN = re.compile(rb'"(?:created_at_i|story_id)"\s*:|"children"\s*:\s*\[')
_HN_TYPE = re.compile(rb'"type"\s*:\s*"(?:story|comment|poll|job|pollopt)"|"hits"\s*:\s*\[')
_REDDIT_RECORD = re.compile(rb'"(?:subreddit|subreddit_id)"\s*:')
_REDDIT_TIME = re.compile(rb'"created_utc"\s*:')


def first_char(head: bytes) -> str:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return chr(stripped[0]) if stripped else ""


def looks_lemmy(head: bytes) -> bool:
    return first_char(head) in "{[" and bool(_LEMMY.search(head)) \
        and bool(_LEMMY_FIELDS.search(head))


def looks_reddit_thread(head: bytes) -> bool:
    return first_char(head) in "{[" and bool(_REDDIT.search(head))


def looks_hn(head: bytes) -> bool:
    return first_char(head) in "{[" and bool(_HN.search(head)) and bool(_HN_TYPE.search(head))


def looks_reddit_records(head: bytes) -> bool:
    """NDJSON (or one JSON object) of Pushshift-style Reddit comments/submissions."""
    return first_char(head) == "{" and bool(_REDDIT_RECORD.search(head)) \
        and bool(_REDDIT_TIME.search(head)) and not _REDDIT.search(head)
