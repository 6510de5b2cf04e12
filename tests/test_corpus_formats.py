"""Each input format, read from a small sample in the real shape: text, hints, permalinks,
authors, dates, reply structure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readlist.corpus import choose_reader, read_posts
from readlist.models import Post
from readlist.report import Report

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def read(path: Path | str, fmt: str | None = None) -> tuple[list[Post], Report]:
    report = Report()
    return list(read_posts([str(path)], report, fmt)), report


def spans(post: Post, kind: str) -> list[str]:
    return [post.text[h.start:h.end] for h in post.hints if h.kind == kind]


def check_contract(posts: list[Post]) -> None:
    """What every reader promises: 0-based consecutive indexes, parents earlier in the same
    source, hints inside the text, a link."""
    by_source: dict[str, int] = {}
    for p in posts:
        assert p.index == by_source.get(p.source, 0)
        by_source[p.source] = p.index + 1
        assert p.text and p.text == p.text.strip()
        assert p.link
        assert p.line is None or p.line >= 1
        assert p.parent is None or 0 <= p.parent < p.index
        for h in p.hints:
            assert 0 <= h.start < h.end <= len(p.text)


# -- choosing a reader ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, reader", [
    ("lemmy_thread.json", "lemmy"), ("lemmy_post.json", "lemmy"),
    ("lemmy_comments.json", "lemmy"), ("reddit_thread.json", "reddit"),
    ("reddit_morechildren.json", "reddit"), ("reddit_continue_kc3.json", "reddit"),
    ("hn_item.json", "hackernews"),
    ("pushshift_dump.ndjson", "pushshift"), ("thread.md", "markdown"),
    ("old_reddit.html", "html"), ("blog.html", "html"),
])
def test_reader_is_chosen_by_suffix_and_content(name: str, reader: str) -> None:
    chosen = choose_reader(str(CORPUS / name))
    assert chosen is not None and chosen.name == reader


@pytest.mark.parametrize("name, reader", [
    ("pushshift_dump.ndjson", "pushshift"), ("hn_item.json", "hackernews"),
    ("old_reddit.html", "html"), ("lemmy_thread.json", "lemmy"),
])
def test_content_sniffing_without_a_telling_suffix(tmp_path: Path, name: str,
                                                   reader: str) -> None:
    # Dumps are often named RC_2023-01 or books_comments; saved pages lose their suffix.
    target = tmp_path / ("RC_2023-01" if reader == "pushshift" else "saved")
    if reader in ("hackernews", "lemmy"):
        target = tmp_path / "thread.json"
    shutil.copy(CORPUS / name, target)
    chosen = choose_reader(str(target))
    assert chosen is not None and chosen.name == reader


def test_unknown_json_falls_back_to_text(tmp_path: Path) -> None:
    f = tmp_path / "config.json"
    f.write_text('{"theme": "dark"}\n')
    assert choose_reader(str(f)).name == "text"


# -- Markdown -------------------------------------------------------------------------------------

def test_markdown_posts_split_at_breaks_with_hints_and_front_matter() -> None:
    posts, report = read(CORPUS / "thread.md")
    check_contract(posts)
    assert not report.warnings
    assert [p.line for p in posts] == [7, 12, 21]
    first = posts[0]
    assert "*" not in first.text and "[" not in first.text
    assert first.text.startswith("I'd recommend Russia and the Long Transition")
    assert spans(first, "italic") == ["Russia and the Long Transition from Capitalism to Socialism"]
    assert spans(first, "bold") == ["Samir Amin"]
    link = next(h for h in first.hints if h.kind == "link")
    assert first.text[link.start:link.end] == "the publisher"
    assert link.href == "https://monthlyreview.org/"
    assert first.link.endswith("thread.md#L7")
    assert first.thread_title == "Books on the Soviet economy"
    assert first.author == "exporter" and first.date == "2024-01-05T00:00:00Z"
    second = posts[1]
    assert spans(second, "quote") == ["Is it readable?"]
    assert "Maldevelopment" in spans(second, "italic")
    assert spans(second, "list_item") == ["An Economic History of the USSR", "Red Plenty"]
    # Code keeps its characters (it is not prose) and says it is code.
    assert spans(posts[2], "code") == ["not a *title*"]


def test_markdown_headings_split_posts_and_a_lone_title_names_the_thread() -> None:
    posts, _ = read(CORPUS / "headings.md")
    check_contract(posts)
    assert [p.text.split("\n")[0] for p in posts] == ["Intro text before the comments.", "alice",
                                                       "bob"]
    assert {p.thread_title for p in posts} == {"Reading thread"}
    assert spans(posts[2], "cite") == ["Grundrisse"]  # inline HTML in Markdown


def test_markdown_without_breaks_or_repeated_headings_is_one_post(tmp_path: Path) -> None:
    f = tmp_path / "note.md"
    f.write_text("# Notes\n\nRead _Capital_.\n\nThen *Grundrisse*.\n")
    posts, _ = read(f)
    assert len(posts) == 1 and posts[0].line == 1
    assert spans(posts[0], "italic") == ["Capital", "Grundrisse"]


# -- HTML -----------------------------------------------------------------------------------------

def test_old_reddit_page() -> None:
    posts, _ = read(CORPUS / "old_reddit.html")
    check_contract(posts)
    assert len(posts) == 3
    op, first, reply = posts
    assert op.text.startswith("Books on the Soviet economy?\n\n")
    assert op.link == ("https://www.reddit.com/r/booksuggestions/comments/1abcde/"
                       "books_on_the_soviet_economy/")
    assert op.author == "curious_reader" and op.date == "2023-11-14T22:13:20Z"
    assert "permalink" not in first.text and "reply" not in first.text  # buttons are chrome
    assert spans(first, "bold") == ["Russia and the Long Transition from Capitalism to Socialism"]
    assert spans(first, "quote") == ["not polemics"]
    assert "Is it readable" not in first.text  # the reply is its own post
    assert first.parent == 0 and reply.parent == 1
    assert reply.link.endswith("/kc2/") and reply.author == "second_person"
    assert first.community == "r/booksuggestions"
    assert all(p.line is not None for p in posts) and first.line < reply.line
    assert "not text" not in " ".join(p.text for p in posts)  # scripts dropped


def test_new_reddit_page() -> None:
    posts, _ = read(CORPUS / "new_reddit.html")
    check_contract(posts)
    assert [p.author for p in posts] == ["curious_reader", "first_person", "second_person",
                                         "third_person"]
    assert [p.parent for p in posts] == [None, 0, 1, 0]
    assert posts[1].link == "https://www.reddit.com/r/booksuggestions/comments/1abcde/comment/kc1/"
    assert spans(posts[1], "italic") == ["Russia and the Long Transition from Capitalism to Socialism"]
    assert "Reply" not in posts[2].text
    assert posts[3].hints[0].href == "https://openlibrary.org/works/OL1002W"
    assert posts[1].date == "2023-11-14T22:30:00Z"
    assert {p.community for p in posts} == {"r/booksuggestions"}


def test_hacker_news_page() -> None:
    posts, _ = read(CORPUS / "hn.html")
    check_contract(posts)
    assert [p.link for p in posts] == [f"https://news.ycombinator.com/item?id={n}"
                                       for n in (38000000, 38000001, 38000002, 38000004)]
    assert [p.parent for p in posts] == [None, 0, 1, 0]
    assert posts[1].author == "reader1" and posts[1].date == "2023-11-14T23:00:00Z"
    assert "reply" not in posts[1].text
    assert posts[2].text == "Samir Amin\n\nIs it readable?"  # "> " quoting became a hint
    assert spans(posts[2], "quote") == ["Samir Amin"]
    assert posts[0].author == "pg_fan" and spans(posts[0], "italic") == ["serious"]


def test_lemmy_page() -> None:
    posts, _ = read(CORPUS / "lemmy.html")
    check_contract(posts)
    assert [p.parent for p in posts] == [None, 0, 1, 0]
    assert posts[1].link == "https://lemmy.ml/comment/1001"
    assert posts[2].author == "bob@hexbear.net"
    assert "reply" not in posts[1].text


@pytest.mark.parametrize("name, links", [
    ("discourse.html", ["https://forum.example.org/t/reading-list-for-planning-debates/1234/1",
                        "https://forum.example.org/t/reading-list-for-planning-debates/1234/2"]),
    ("phpbb.html", ["https://history.example.net/viewtopic.php?p=101#p101",
                    "https://history.example.net/viewtopic.php?p=102#p102"]),
    ("xenforo.html", ["https://boards.example.com/threads/economic-history-recommendations.77/post-501",
                      "https://boards.example.com/threads/economic-history-recommendations.77/post-502"]),
])
def test_forum_pages(name: str, links: list[str]) -> None:
    posts, _ = read(CORPUS / name)
    check_contract(posts)
    assert [p.link for p in posts] == links
    assert all(p.author and p.date for p in posts)


def test_forum_hints() -> None:
    discourse, _ = read(CORPUS / "discourse.html")
    assert spans(discourse[1], "italic") == ["Towards a New Socialism"]
    assert spans(discourse[1], "cite") == ["The Socialist Calculation Debate"]
    phpbb, _ = read(CORPUS / "phpbb.html")
    assert spans(phpbb[1], "cite")[0] == "Russia and the Long Transition from Capitalism to Socialism"
    assert phpbb[1].author == "economist"


def test_comment_list_page_with_nested_replies() -> None:
    posts, _ = read(CORPUS / "blog.html")
    check_contract(posts)
    assert [p.text for p in posts] == ["My reading year\n\nThis year I finally read Capital.",
                                       "You should read Maldevelopment next.", "Agreed!"]
    assert [p.parent for p in posts] == [None, 0, 1]
    assert posts[1].link == "https://blog.example.com/2024/reading-year/#comment-11"
    assert posts[1].author == "Dana" and posts[1].date == "2024-01-02T10:00:00Z"
    assert "injected" not in " ".join(p.text for p in posts)


def test_page_without_marked_posts_is_one_post_of_its_main_text() -> None:
    posts, _ = read(CORPUS / "plain_page.html")
    assert len(posts) == 1
    post = posts[0]
    assert post.text == "Notes on reading\n\nRead Dune by Frank Herbert and this one."
    assert "Site chrome" not in post.text and "alert" not in post.text
    assert spans(post, "italic") == ["Dune"]
    assert [h.href for h in post.hints if h.kind == "link"] == ["https://example.org/book"]
    assert post.link.endswith("plain_page.html#L1")


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    f = tmp_path / "old.html"
    f.write_bytes('<html><head><meta charset="windows-1252"></head><body><article><p>'
                  'Lisez <i>Les Misérables</i> – “classique”</p></article></body></html>'
                  .encode("cp1252"))
    posts, report = read(f)
    assert posts[0].text == "Lisez Les Misérables – “classique”"
    assert not report.warnings


# -- Lemmy API JSON ------------------------------------------------------------------------------

def test_lemmy_thread_json() -> None:
    posts, report = read(CORPUS / "lemmy_thread.json")
    check_contract(posts)
    assert not report.warnings
    op = posts[0]
    assert op.link == "https://lemmy.ml/post/59308" and op.id == "post/59308"
    assert op.text.startswith("What should I read to understand the Soviet economy?\n\n")
    assert op.author == "asker" and op.date == "2023-06-10T12:34:56Z"
    assert op.community == "lemmy.ml/c/books"
    # Tree order from `path`, parents resolved; the deleted comment 1004 is gone and its reply
    # hangs under the post.
    assert [p.id for p in posts[1:]] == ["comment/1001", "comment/1002", "comment/1003",
                                         "comment/1005"]
    assert [p.parent for p in posts] == [None, 0, 1, 2, 0]
    first = posts[1]
    assert first.link == "https://lemmy.ml/comment/1001"
    assert first.text.startswith("I recommend Samir Amin's Russia and the Long Transition")
    assert spans(first, "italic") == ["Russia and the Long Transition from Capitalism to Socialism"]
    assert spans(first, "quote") == ["serious history"]
    assert posts[2].author == "bob@hexbear.net"  # from another instance
    assert posts[2].link == "https://hexbear.net/comment/1002"
    assert {p.thread_title for p in posts} == {"What should I read to understand the Soviet economy?"}


def test_lemmy_answers_in_separate_files() -> None:
    post, _ = read(CORPUS / "lemmy_post.json")
    assert len(post) == 1 and post[0].link == "https://lemmy.ml/post/59308"
    comments, _ = read(CORPUS / "lemmy_comments.json")
    assert [p.parent for p in comments] == [None, 0, 1, None]
    assert comments[0].thread_title == "What should I read to understand the Soviet economy?"
    assert comments[0].community == "lemmy.ml/c/books"


# -- Reddit thread JSON ---------------------------------------------------------------------------

def test_reddit_thread_json() -> None:
    posts, report = read(CORPUS / "reddit_thread.json")
    check_contract(posts)
    op = posts[0]
    assert op.id == "t3_1abcde" and op.author == "curious_reader"
    assert op.date == "2023-11-14T22:13:20Z"
    assert "&amp;" not in op.text and "history & economics" in op.text
    assert [p.id for p in posts[1:]] == ["t1_kc1", "t1_kc2", "t1_kc3", "t1_kc5"]
    assert [p.parent for p in posts] == [None, 0, 1, 2, 0]  # kc5 answers a deleted comment
    first = posts[1]
    assert first.link == ("https://www.reddit.com/r/booksuggestions/comments/1abcde/"
                          "books_on_the_soviet_economy/kc1/")
    assert spans(first, "quote") == ["not polemics"]  # "&gt; " was a Markdown quote
    assert spans(first, "bold") == ["Russia and the Long Transition from Capitalism to Socialism"]
    assert first.community == "r/booksuggestions"
    assert first.thread_title == "Books on the Soviet economy?"
    assert [w.message for w in report.warnings] == [
        "6 replies are only 'more' stubs in this file; scan the thread URL to fetch them"]


# -- Pushshift NDJSON -----------------------------------------------------------------------------

def test_pushshift_ndjson() -> None:
    posts, report = read(CORPUS / "pushshift_dump.ndjson")
    check_contract(posts)
    assert not report.warnings
    assert [p.line for p in posts] == [1, 2, 3, 5, 6]  # line 4 is a removed comment
    assert [p.id for p in posts] == ["t3_1abcde", "t1_kc1", "t1_kc2", "t1_kc4", "t1_kc5"]
    assert [p.parent for p in posts] == [None, 0, 1, 2, None]
    kc1 = posts[1]
    # No permalink field: built from subreddit, link id and comment id.
    assert kc1.link == "https://www.reddit.com/r/booksuggestions/comments/1abcde/_/kc1/"
    assert kc1.date == "2023-11-14T22:30:00Z"  # created_utc given as a string
    assert kc1.thread_title == "Books on the Soviet economy?"
    assert posts[2].link.endswith("/books_on_the_soviet_economy/kc2/")  # the permalink field
    assert spans(posts[2], "quote") == ["Samir Amin"]
    assert posts[4].community == "r/books" and posts[4].thread_title is None


@pytest.mark.parametrize("kind", ["zst", "gz", "bz2", "xz"])
def test_pushshift_compressed(tmp_path: Path, kind: str) -> None:
    import bz2
    import gzip
    import lzma

    import zstandard

    raw = (CORPUS / "pushshift_dump.ndjson").read_bytes()
    pack = {"zst": lambda b: zstandard.ZstdCompressor(level=3).compress(b),
            "gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}[kind]
    f = tmp_path / f"RC_2023-11.{kind}"
    f.write_bytes(pack(raw))
    posts, report = read(f)
    plain, _ = read(CORPUS / "pushshift_dump.ndjson")
    assert [(p.text, p.line, p.link, p.parent) for p in posts] == \
        [(p.text, p.line, p.link, p.parent) for p in plain]
    assert not report.warnings


def test_zst_with_a_long_window_and_several_frames(tmp_path: Path) -> None:
    import zstandard

    raw = (CORPUS / "pushshift_dump.ndjson").read_bytes()
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=31)
    long = zstandard.ZstdCompressor(compression_params=params).compress(raw)
    f = tmp_path / "books_comments.zst"
    f.write_bytes(long + zstandard.ZstdCompressor().compress(raw))
    posts, report = read(f)
    assert len(posts) == 10 and not report.warnings
    assert [p.line for p in posts[5:]] == [7, 8, 9, 11, 12]


# -- Hacker News ---------------------------------------------------------------------------------

def test_hacker_news_algolia_item() -> None:
    posts, report = read(CORPUS / "hn_item.json")
    check_contract(posts)
    assert not report.warnings
    assert [p.link for p in posts] == [f"https://news.ycombinator.com/item?id={n}"
                                       for n in (38000000, 38000001, 38000002, 38000003, 38000005)]
    assert [p.parent for p in posts] == [None, 0, 1, 2, 0]
    assert posts[0].text == "Ask HN: Books on the Soviet economy?\n\nLooking for serious history."
    assert posts[1].author == "reader1" and posts[1].date == "2023-11-14T23:00:00Z"
    assert spans(posts[1], "italic") == ["Russia and the Long Transition from Capitalism to Socialism"]
    assert [h.href for h in posts[1].hints if h.kind == "link"] == ["https://monthlyreview.org/"]
    assert posts[4].text == "Nove's An Economic History of the USSR."  # entities decoded
    assert all(p.community == "news.ycombinator.com" for p in posts)


def test_hacker_news_search_hits(tmp_path: Path) -> None:
    f = tmp_path / "search.json"
    f.write_text('{"hits": [{"objectID": "901", "comment_text": "Read <i>SICP</i>.", '
                 '"author": "x", "created_at": "2020-01-01T00:00:00Z", "created_at_i": 1577836800,'
                 ' "story_id": 900, "story_title": "Favourite books?", "parent_id": 900}], '
                 '"nbHits": 1}')
    posts, _ = read(f)
    assert posts[0].text == "Read SICP." and posts[0].link.endswith("item?id=901")
    assert posts[0].thread_title == "Favourite books?"


# -- the scan end to end --------------------------------------------------------------------------

def test_a_folder_of_every_format_scans_in_a_stable_order(tmp_path: Path) -> None:
    from readlist.pipeline import ScanOptions, scan

    folder = tmp_path / "threads"
    shutil.copytree(CORPUS, folder)
    result = scan([str(folder)], ScanOptions(output=None, resolve=False))
    again = scan([str(folder)], ScanOptions(output=None, resolve=False))
    assert result.posts == again.posts > 40
    assert sorted(result.sources) == sorted(str(p) for p in folder.iterdir())
    links = [(m.post.source, m.post.link) for m in result.mentions]
    assert links == [(m.post.source, m.post.link) for m in again.mentions]
    assert any(m.post.link == "https://lemmy.ml/comment/1001" for m in result.mentions)


# -- hints reach extraction ----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "body"), [
    ("t.md", "I'd recommend **Red Plenty** by Francis Spufford.\n"),
    ("t.html", "<article><p>I'd recommend <i>Red Plenty</i> by Francis Spufford.</p></article>"),
])
def test_a_marked_title_keeps_its_exact_surface_and_by_line(tmp_path: Path, name: str,
                                                             body: str) -> None:
    from readlist.extract import extract_mentions

    (tmp_path / name).write_text(body)
    posts, _ = read(tmp_path / name)
    assert spans(posts[0], "bold" if name.endswith(".md") else "italic") == ["Red Plenty"]
    mentions = [m for p in posts for m in extract_mentions(p)]
    titled = [m for m in mentions if m.title == "Red Plenty"]
    assert titled and titled[0].surface.startswith("Red Plenty")
    assert list(titled[0].authors) == ["Francis Spufford"]
    assert not [m for m in mentions if m.kind == "author_only"]
