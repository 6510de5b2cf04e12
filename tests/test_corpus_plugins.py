"""A third-party package adds a reader through the plugin registry; `readlist plugins` lists
every reader; `--format` forces one."""

from __future__ import annotations

import os
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from readlist.cli import cli
from readlist.corpus import choose_reader, read_posts
from readlist.corpus.base import Reader
from readlist.hookspecs import hookimpl
from readlist.models import Post
from readlist.plugins import plugin_manager
from readlist.report import Report

BUILT_IN = ["text", "markdown", "html", "lemmy", "reddit", "pushshift", "hackernews"]


class GuestbookReader(Reader):
    """One post per ``name: message`` line of a .guestbook file."""

    name: ClassVar[str] = "guestbook"
    description: ClassVar[str] = "guestbook lines (test plugin)"
    suffixes: ClassVar[tuple[str, ...]] = (".guestbook",)
    priority: ClassVar[int] = 50

    def read(self, source: str, report: Report) -> Iterator[Post]:
        for n, line in enumerate(Path(source).read_text().splitlines(), start=1):
            who, _, text = line.partition(":")
            yield Post(source=source, index=n - 1, text=text.strip(), line=n,
                       link=f"{source}#L{n}", author=who.strip())


@pytest.fixture
def guestbook_plugin() -> Iterator[types.ModuleType]:
    module = types.ModuleType("readlist_guestbook")

    @hookimpl
    def register_corpus_readers(register: Any) -> None:
        register(GuestbookReader)

    module.register_corpus_readers = register_corpus_readers  # type: ignore[attr-defined]
    pm = plugin_manager()
    pm.register(module, name="readlist_guestbook")
    try:
        yield module
    finally:
        pm.unregister(module)


def test_plugins_command_lists_every_reader() -> None:
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0
    readers = [line.split()[1] for line in result.stdout.splitlines()
               if line.startswith("reader")]
    assert readers[:len(BUILT_IN)] == BUILT_IN


def test_a_plugin_reader_is_listed_chosen_and_used(guestbook_plugin: types.ModuleType,
                                                   tmp_path: Path) -> None:
    listing = CliRunner().invoke(cli, ["plugins"]).stdout
    assert any(line.split()[:3] == ["reader", "guestbook", "readlist_guestbook"]
               for line in listing.splitlines())
    f = tmp_path / "visitors.guestbook"
    f.write_text("ana: Read *Capital* by Karl Marx.\nbo: I recommend Maldevelopment by Samir Amin\n")
    assert choose_reader(str(f)).name == "guestbook"
    report = Report()
    posts = list(read_posts([str(f)], report))
    assert [(p.author, p.line) for p in posts] == [("ana", 1), ("bo", 2)]
    os.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["scan", "visitors.guestbook", "--no-resolve", "-o", "o.bib",
                                      "--mentions", "-"])
    assert result.exit_code == 0
    assert "visitors.guestbook#L2" in result.stdout


def test_plugin_is_gone_once_unregistered(tmp_path: Path) -> None:
    f = tmp_path / "visitors.guestbook"
    f.write_text("ana: hello\n")
    assert choose_reader(str(f)).name == "text"


def test_format_can_force_a_plugin_reader(guestbook_plugin: types.ModuleType,
                                          tmp_path: Path) -> None:
    f = tmp_path / "visitors.txt"
    f.write_text("ana: hello\n")
    posts = list(read_posts([str(f)], Report(), fmt="guestbook"))
    assert posts[0].author == "ana"
