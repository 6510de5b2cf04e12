"""The seed thread end to end into the reading list: scan on the local Open Library, then list."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from readlist.cli import cli


def _run(args: list[str], cwd: Path) -> object:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_seed_scan_then_list(openlibrary, seed_dir: Path) -> None:
    root = seed_dir.parent
    assert _run(["scan", "seeds/"], root).exit_code == 0
    data = json.loads(_run(["list", "--format", "json"], root).stdout)
    works = data["works"]
    assert [w["title"] for w in works] == [
        "Russia and the Long Transition from Capitalism to Socialism",
        "Maldevelopment: Anatomy of a Global Failure"]
    russia = works[0]
    assert (russia["posts"], russia["outcome"]) == (2, "sure")
    assert [r["link"] for r in russia["recommendations"]] == [
        "seeds/000_77b3b552e261b156.txt#L9", "seeds/000_77b3b552e261b156.txt#L17"]
    assert "I recommend Samir Amin" in russia["quote"]["quote"]
    assert russia["catalogue_url"].startswith("https://openlibrary.org/")
    md = _run(["list", "--format", "markdown", "--style", "chicago"], root).stdout
    assert md.splitlines()[4].startswith(
        "1. Amin, Samir. 2016. *Russia and the Long Transition from Capitalism to Socialism*. "
        "Monthly Review Press.")
