"""Pushshift-style Reddit dumps: NDJSON of comments and/or submissions, one object a line,

plain or compressed (.zst as the Pushshift/Arctic Shift dumps are, with a 2 GB window; also
.gz, .bz2, .xz). Streamed: memory stays flat however big the dump (parent links cost 12 bytes
a post). Each post's line is its line in the (decompressed) file. A zstd frame needs its whole
window in memory, whatever the dump's size: up to 2 GB for dumps made with --long=31.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from readlist.corpus.base import FileWarnings, Reader, clean, iso_date, make_post
from readlist.corpus.jsonfile import looks_reddit_records
from readlist.corpus.reddit import GONE, author_of, markdown_body, permalink, submission_text
from readlist.corpus.streams import Damage, chunks, compression, split_lines
from readlist.models import Post
from readlist.report import Report

MAX_LINE_BYTES = 4 * 1024 * 1024  # Reddit caps a post at 40,000 characters; 4 MB is not a post
SUFFIXES = (".ndjson", ".jsonl", ".zst", ".ndjson.zst", ".jsonl.zst", ".json.zst", ".gz", ".bz2",
            ".xz")
TITLES_KEPT = 100_000  # submission titles remembered for the comments that follow them


def _id36(value: str) -> int | None:
    try:
        return int(value, 36) if value and len(value) <= 12 else None
    except ValueError:
        return None


def format_id36(n: int) -> str:
    """A Reddit id from its number (the inverse of ``int(id, 36)``): 1295 -> ``"zz"``."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


class IdIndex:
    """Reddit id -> post index in 12 bytes a post: ids in a dump rise with time, so they go
    in sorted arrays searched by bisection; the few that arrive out of order go in a dict."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.index = array("I")
        self.late: dict[int, int] = {}

    def add(self, ident: str, index: int) -> None:
        key = _id36(ident)
        if key is None:
            return
        if not self.ids or key > self.ids[-1]:
            self.ids.append(key)
            self.index.append(index)
        else:
            self.late[key] = index

    def get(self, ident: str) -> int | None:
        key = _id36(ident)
        if key is None:
            return None
        i = bisect_left(self.ids, key)
        if i < len(self.ids) and self.ids[i] == key:
            return self.index[i]
        return self.late.get(key)


def _kind(rec: dict[str, Any]) -> str | None:
    if "body" in rec:
        return "t1"
    if "title" in rec or "selftext" in rec:
        return "t3"
    return None


class PushshiftReader(Reader):
    name: ClassVar[str] = "pushshift"
    description: ClassVar[str] = ("Reddit dumps: NDJSON comments/submissions (Pushshift, Arctic "
                                  "Shift), plain or .zst/.gz/.bz2/.xz, streamed")
    suffixes: ClassVar[tuple[str, ...]] = SUFFIXES
    priority: ClassVar[int] = 20
    splittable: ClassVar[bool] = True

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        name = path.name.lower()
        if compression(path, head) is not None:
            try:
                head = b"".join(chunks(path, Damage(), limit=8192))[:8192]
            except Exception:  # noqa: BLE001 - a damaged archive is simply not ours to claim
                return False
        elif not name.endswith((".ndjson", ".jsonl", ".json", ".txt")) and path.suffix:
            return False
        return looks_reddit_records(head)

    def read(self, source: str, report: Report) -> Iterator[Post]:
        path = Path(source)
        damage = Damage()
        problems = FileWarnings(report, source)
        undecodable = False
        comments, submissions = IdIndex(), IdIndex()
        titles: OrderedDict[str, str] = OrderedDict()
        index = 0
        last = None
        for line in split_lines(chunks(path, damage), MAX_LINE_BYTES):
            last = line
            if line.cut:
                problems.warn(f"line of {line.length:,} bytes skipped (longer than "
                              f"{MAX_LINE_BYTES // 2**20} MB: not a Reddit record)", line.number)
                continue
            raw = line.data
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except UnicodeDecodeError:
                if not undecodable:
                    report.warn(source, "undecodable bytes replaced with U+FFFD", line.number)
                    undecodable = True
                try:
                    rec = json.loads(raw.decode("utf-8", errors="replace"))
                except (ValueError, RecursionError) as exc:
                    problems.warn(f"malformed JSON ({_why(exc)}), line skipped", line.number)
                    continue
            except (ValueError, RecursionError) as exc:
                if not line.ended:
                    problems.warn(f"last line is cut short at byte {line.offset + line.length:,}"
                                  " (truncated file?), skipped", line.number)
                else:
                    problems.warn(f"malformed JSON ({_why(exc)}), line skipped", line.number)
                continue
            if not isinstance(rec, dict) or (kind := _kind(rec)) is None:
                problems.warn("not a Reddit comment or submission, line skipped", line.number)
                continue
            post = self._post(rec, kind, source, index, line.number, report, comments,
                              submissions, titles)
            if post is None:
                continue
            (submissions if kind == "t3" else comments).add(clean(rec.get("id")), index)
            yield post
            index += 1
        problems.finish("lines like these")
        if damage.message:
            where = f" (lines 1-{last.number:,})" if last is not None else ""
            report.warn(source, f"{damage.message} at compressed byte {damage.offset:,}; kept "
                        f"the {index:,} posts read{where}")

    def _post(self, rec: dict[str, Any], kind: str, source: str, index: int, number: int,
              report: Report, comments: IdIndex, submissions: IdIndex,
              titles: OrderedDict[str, str]) -> Post | None:
        ident = clean(rec.get("id")).strip()
        sub = clean(rec.get("subreddit")).strip()
        community = f"r/{sub}" if sub else None
        if kind == "t3":
            text, hints = submission_text(rec)
            title = clean(rec.get("title")).strip() or None
            if title and ident:
                titles[ident] = title
                if len(titles) > TITLES_KEPT:
                    titles.popitem(last=False)
            parent = None
            thread = f"t3_{ident}" if ident else None
        else:
            body = clean(rec.get("body")).strip()
            if body in GONE:
                return None
            text, hints = markdown_body(body)
            link = clean(rec.get("link_id")).strip()
            thread = (link if link.startswith("t3_") else f"t3_{link}") if link else None
            title = titles.get(link[3:] if link.startswith("t3_") else link)
            pid = clean(rec.get("parent_id"))
            parent = None
            if pid.startswith("t1_"):
                parent = comments.get(pid[3:])
            elif pid.startswith("t3_"):
                parent = submissions.get(pid[3:])
        if not text:
            return None
        return make_post(source, index, text, hints, report, line=number,
                         link=permalink(rec, kind) or f"{source}#L{number}",
                         author=author_of(rec), date=iso_date(rec.get("created_utc")),
                         id=f"{kind}_{ident}" if ident else None, parent=parent,
                         thread_title=title, community=community, thread=thread)


def _why(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return type(exc).__name__
