"""Pushshift-style Reddit dumps: NDJSON of comments and/or submissions, one object a line,

plain or compressed (.zst as the Pushshift/Arctic Shift dumps are, with a 2 GB window; also
.gz, .bz2, .xz). Streamed: memory stays flat however big the dump (parent links cost 20 bytes
a post of the threads heard from lately). Each post's line is its line in the (decompressed)
file. A zstd frame needs its whole
window in memory, whatever the dump's size: up to 2 GB for dumps made with --long=31.
"""

from __future__ import annotations

import html
import json
import re
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from readlist.corpus.base import (
    MAX_POST_CHARS,
    FileWarnings,
    Misplaced,
    Reader,
    ThreadFilter,
    clean,
    iso_date,
    make_post,
)
from readlist.corpus.jsonfile import looks_reddit_records
from readlist.corpus.mdtext import render, surely_has_text
from readlist.corpus.reddit import (
    GONE,
    author_of,
    markdown_body,
    markdown_source,
    permalink,
    submission_text,
)
from readlist.corpus.streams import Damage, chunks, compression, split_lines
from readlist.models import Post
from readlist.report import Report

MAX_LINE_BYTES = 4 * 1024 * 1024  # Reddit caps a post at 40,000 characters; 4 MB is not a post
SUFFIXES = (".ndjson", ".jsonl", ".zst", ".ndjson.zst", ".jsonl.zst", ".json.zst", ".gz", ".bz2",
            ".xz")
TITLES_KEPT = 100_000  # submission titles remembered for the comments that follow them
# A thread silent for this many posts is forgotten by the parent index: a reply that comes
# later to one of its posts is read as a reply to a post outside the dump. At least the thread
# tracker's THREAD_WINDOW (readlist.extract.context), which forgets such a thread too.
PARENT_WINDOW = 100_000
NO_THREAD = -1
_NOTHING = object()  # a line that is no JSON at all (already warned about)


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
    """Reddit id -> post index (and its thread) in 20 bytes a post: ids in a dump rise with
    time, so they go in sorted arrays searched by bisection; the few that arrive out of order
    go in a dict."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.index = array("I")
        self.thread = array("q")
        self.late: dict[int, tuple[int, int]] = {}

    def add(self, ident: str, index: int, thread: int = NO_THREAD) -> None:
        key = _id36(ident)
        if key is None:
            return
        if not self.ids or key > self.ids[-1]:
            self.ids.append(key)
            self.index.append(index)
            self.thread.append(thread)
        else:
            self.late[key] = (index, thread)

    def get(self, ident: str) -> int | None:
        key = _id36(ident)
        if key is None:
            return None
        i = bisect_left(self.ids, key)
        if i < len(self.ids) and self.ids[i] == key:
            return self.index[i]
        got = self.late.get(key)
        return None if got is None else got[0]

    def forget(self, threads: set[int]) -> None:
        """Drop the posts of ``threads`` (the arrays stay sorted: a subsequence is)."""
        keep = [i for i, t in enumerate(self.thread) if t not in threads]
        if len(keep) < len(self.thread):
            self.ids = array("q", (self.ids[i] for i in keep))
            self.index = array("I", (self.index[i] for i in keep))
            self.thread = array("q", (self.thread[i] for i in keep))
        self.late = {k: v for k, v in self.late.items() if v[1] not in threads}


class ParentIndex:
    """Which post a reply answers: comment and submission ids -> post index, kept for the
    threads heard from in the last ``window`` posts, so memory stays flat over a long dump."""

    def __init__(self, window: int | None = None) -> None:
        self.comments, self.submissions = IdIndex(), IdIndex()
        self.window = PARENT_WINDOW if window is None else window
        self.last: dict[int, int] = {}  # thread -> index of its latest post
        self._swept = 0

    def parent(self, parent_id: str) -> int | None:
        if parent_id.startswith("t1_"):
            return self.comments.get(parent_id[3:])
        if parent_id.startswith("t3_"):
            return self.submissions.get(parent_id[3:])
        return None

    def add(self, kind: str, ident: str, index: int, thread: str | None) -> None:
        number = _id36(thread[3:]) if thread and thread.startswith("t3_") else None
        if number is None:
            number = NO_THREAD  # never forgotten, as the tracker never forgets such posts
        else:
            self.last[number] = index
        (self.submissions if kind == "t3" else self.comments).add(ident, index, number)
        if index - self._swept > self.window:
            self._swept = index
            silent = {t for t, last in self.last.items() if index - last > self.window}
            if silent:
                for t in silent:
                    del self.last[t]
                self.comments.forget(silent)
                self.submissions.forget(silent)


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
        return self._read(source, report, None)

    def read_threads(self, source: str, report: Report, keep: ThreadFilter,
                     skim: bool = True) -> Iterator[Post]:
        """The other threads' posts are only counted, not built: no Markdown rendered, no
        Post. With ``skim`` most of their lines are not even decoded but placed by a look at
        their bytes (``_placed``); the share that owns such a line decodes it and raises
        Misplaced if the look was wrong. Without, every line is decoded (post numbers and
        warnings depend on every record)."""
        return self._read(source, report, keep, skim)

    def _read(self, source: str, report: Report, keep: ThreadFilter | None,
              skim: bool = False) -> Iterator[Post]:
        path = Path(source)
        damage = Damage()
        problems = FileWarnings(report, source)
        undecodable = False
        parents = ParentIndex()
        titles: OrderedDict[str, str | None] = OrderedDict()
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
            # (an over-long post is decoded by every share, for the warning its cut gives)
            placed = None
            if skim and keep is not None and line.ended and len(raw) * 4 < MAX_POST_CHARS:
                placed = _placed(raw)
                if placed is not None and not keep(placed.thread, index):
                    if placed.titled:
                        _remember(titles, placed.ident, None)
                    if placed.post:
                        parents.add(placed.kind, placed.ident, index, placed.thread)
                        index += 1
                    continue
            rec: Any = None
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
                    rec = _NOTHING
            except (ValueError, RecursionError) as exc:
                if not line.ended:
                    problems.warn(f"last line is cut short at byte {line.offset + line.length:,}"
                                  " (truncated file?), skipped", line.number)
                else:
                    problems.warn(f"malformed JSON ({_why(exc)}), line skipped", line.number)
                rec = _NOTHING
            kind = _kind(rec) if isinstance(rec, dict) else None
            if kind is None:
                if placed is not None:
                    raise Misplaced(source, line.number)
                if rec is not _NOTHING:
                    problems.warn("not a Reddit comment or submission, line skipped",
                                  line.number)
                continue
            thread = _thread(rec, kind)
            mine = placed is not None or keep is None or keep(thread, index)
            post = None
            if mine or len(raw) * 4 >= MAX_POST_CHARS:
                # (another thread's post this long is built for the warning its cut gives)
                post = self._post(rec, kind, source, index, line.number, report, parents, titles,
                                  thread)
                made = post is not None
            else:
                made = _makes_post(rec, kind, titles)
            if placed is not None and placed != _facts(rec, kind, thread, made):
                raise Misplaced(source, line.number)
            if not made:
                continue
            parents.add(kind, clean(rec.get("id")), index, thread)
            if mine and post is not None:
                yield post
            index += 1
        problems.finish("lines like these")
        if damage.message:
            where = f" (lines 1-{last.number:,})" if last is not None else ""
            report.warn(source, f"{damage.message} at compressed byte {damage.offset:,}; kept "
                        f"the {index:,} posts read{where}")

    def _post(self, rec: dict[str, Any], kind: str, source: str, index: int, number: int,
              report: Report, parents: ParentIndex, titles: OrderedDict[str, str | None],
              thread: str | None) -> Post | None:
        ident = clean(rec.get("id")).strip()
        sub = clean(rec.get("subreddit")).strip()
        community = f"r/{sub}" if sub else None
        if kind == "t3":
            text, hints = submission_text(rec)
            title = clean(rec.get("title")).strip() or None
            if title and ident:
                _remember(titles, ident, title)
            parent = None
        else:
            body = clean(rec.get("body")).strip()
            if body in GONE:
                return None
            text, hints = markdown_body(body)
            title = titles.get(thread[3:]) if thread else None
            parent = parents.parent(clean(rec.get("parent_id")))
        if not text:
            return None
        return make_post(source, index, text, hints, report, line=number,
                         link=permalink(rec, kind) or f"{source}#L{number}",
                         author=author_of(rec), date=iso_date(rec.get("created_utc")),
                         id=f"{kind}_{ident}" if ident else None, parent=parent,
                         thread_title=title, community=community, thread=thread)


def _thread(rec: dict[str, Any], kind: str) -> str | None:
    """``t3_<submission id>``: the thread a record belongs to."""
    if kind == "t3":
        ident = clean(rec.get("id")).strip()
        return f"t3_{ident}" if ident else None
    link = clean(rec.get("link_id")).strip()
    return (link if link.startswith("t3_") else f"t3_{link}") if link else None


def _remember(titles: OrderedDict[str, str | None], ident: str, title: str | None) -> None:
    titles[ident] = title
    if len(titles) > TITLES_KEPT:
        titles.popitem(last=False)


def _makes_post(rec: dict[str, Any], kind: str, titles: OrderedDict[str, str | None]) -> bool:
    """Whether ``_post`` would make a post of the record (and its bookkeeping of titles), for
    another thread's record: decided without rendering where the text surely has words."""
    if kind == "t3":
        ident = clean(rec.get("id")).strip()
        if ident and clean(rec.get("title")).strip():
            _remember(titles, ident, None)  # the title is for that thread's reader alone
        return bool(html.unescape(clean(rec.get("title"))).strip()) or \
            bool(submission_text(rec)[0])
    return _body_makes_post(rec.get("body"))


def _body_makes_post(value: Any) -> bool:
    """Whether a comment's body gives a post (some text once rendered)."""
    body = clean(value).strip()
    if body in GONE:
        return False
    src = markdown_source(body)
    return surely_has_text(src) or bool(render(src)[0])


class Placed(NamedTuple):
    """What the other shares need of a record: its kind and thread, its ``id`` as the parent
    index reads it, whether it gives a post, and whether its title is remembered."""

    kind: str
    thread: str | None
    ident: str
    post: bool
    titled: bool


# A plain string value (ids, link ids): no escapes, nothing that ``clean`` or ``strip`` change.
_PLAIN = re.compile(rb' ?"([0-9A-Za-z_]*)"')
_STRING = re.compile(rb' ?"')
# A string value whose first ASCII letter comes before its end and before anything that could
# hide or change letters (a JSON escape; mdtext.surely_has_text's markup; an entity other than
# the API's ``&gt;`` for a quote's ``>``): its text surely has words, and it is none of GONE.
_LETTER_FIRST = re.compile(rb' ?"(?:&gt;|[^"\\<&\[`~A-Za-z\x00-\x1f])*[A-Za-z]')
_GONE = re.compile(rb' ?"\[(?:deleted|removed)\]"')  # a body that is not a post


def _flat(raw: bytes) -> bool:
    """Whether the line holds no object but the record and empty ones (``"gildings":{}``): then
    a key's first ``"name":`` is the record's own (in valid JSON, a string cannot hold it)."""
    at = raw.find(b"{", 1)
    while at >= 0:
        if raw[at + 1:at + 2] != b"}":
            return False
        at = raw.find(b"{", at + 2)
    return True


def _first(raw: bytes, key: bytes) -> int:
    """Where the value of ``key`` (``b'"name":'``) starts in a flat line, -1 when it is absent."""
    at = raw.find(key)
    return at if at < 0 else at + len(key)


def _after(raw: bytes, key: bytes) -> int:
    """Where the value of ``key`` (``b'"name":'``) starts in a line with nested objects: -1
    when it is absent, -2 when it is there more than once (a nested object's, or a repeated
    key) or once but not at the top level, as far as the brackets before it tell."""
    at = raw.find(key)
    if at < 0:
        return -1
    if raw.count(b"{", 0, at) - raw.count(b"}", 0, at) != 1 or \
            raw.count(b"[", 0, at) != raw.count(b"]", 0, at):
        return -2
    at += len(key)
    return -2 if raw.find(key, at) >= 0 else at


def _placed(raw: bytes) -> Placed | None:
    """A record's ``Placed`` facts read off its bytes, without decoding it, for the plain
    shapes of Pushshift and Arctic Shift lines (each key once, ids plain strings, a body or
    title that starts with a letter); None for anything else, which is then decoded. The
    look cannot see whether the line is valid JSON: its owner checks that on decoding it."""
    if not (raw.startswith(b"{") and raw.endswith(b"}")):
        return None
    if not raw.isascii():
        try:
            raw.decode()
        except UnicodeDecodeError:
            return None
    key = _first if _flat(raw) else _after
    at = key(raw, b'"id":')
    ident = _PLAIN.match(raw, at) if at >= 0 else None
    if ident is None:
        return None
    name = ident.group(1).decode()
    body = key(raw, b'"body":')
    if body == -2:
        return None
    if body == -1:
        title = key(raw, b'"title":')
        if title < 0 or not _LETTER_FIRST.match(raw, title):
            return None
        return Placed("t3", f"t3_{name}" if name else None, name, True, bool(name))
    at = key(raw, b'"link_id":')
    link = _PLAIN.match(raw, at) if at >= 0 else None
    if link is None or not link.group(1):
        return None
    thread = link.group(1).decode()
    if _LETTER_FIRST.match(raw, body):
        post = True
    elif _GONE.match(raw, body):
        post = False
    else:
        opened = _STRING.match(raw, body)
        if opened is None:
            return None
        try:
            text, _ = scanstring(raw[opened.end():].decode(), 0)
        except ValueError:
            return None
        post = _body_makes_post(text)
    return Placed("t1", thread if thread.startswith("t3_") else f"t3_{thread}", name, post,
                  False)


def _facts(rec: dict[str, Any], kind: str, thread: str | None, post: bool) -> Placed:
    """The ``Placed`` facts of a decoded record (that ``post`` says whether it gave a post)."""
    ident = clean(rec.get("id"))
    titled = kind == "t3" and bool(ident.strip() and clean(rec.get("title")).strip())
    return Placed(kind, thread, ident, post, titled)


def _why(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return type(exc).__name__
