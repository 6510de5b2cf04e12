"""The CLI's contract: help everywhere, one-line errors, exit codes, stdout for data only."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

import readlist.cli as cli_module
from readlist.cli import cli
from readlist.errors import ReadlistError


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def test_every_command_has_help_text():
    runner = CliRunner()
    for path, cmd in _commands(cli):
        assert (cmd.help or "").strip(), f"`readlist {' '.join(path)}` has no help text"
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output


def test_root_help_shows_a_runnable_example():
    result = CliRunner().invoke(cli, ["--help"])
    assert "readlist scan seeds/" in result.output


def test_domain_error_is_one_line_exit_1(monkeypatch, tmp_path):
    def boom(*_a, **_k):
        raise ReadlistError("something precise went wrong")

    monkeypatch.setattr(cli_module, "scan", boom)
    result = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: something precise went wrong"
    assert "Traceback" not in result.output


def test_unexpected_error_has_no_traceback_unless_asked(monkeypatch, tmp_path):
    def boom(*_a, **_k):
        raise ValueError("bad thing")

    monkeypatch.setattr(cli_module, "scan", boom)
    result = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert result.exit_code == 1
    assert "internal error: ValueError: bad thing" in result.stderr
    assert "--traceback" in result.stderr
    assert "Traceback" not in result.stderr
    result = CliRunner().invoke(cli, ["--traceback", "scan", str(tmp_path)])
    assert isinstance(result.exception, ValueError)


def test_interrupt_exits_130_and_says_how_to_resume(monkeypatch, tmp_path):
    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "scan", interrupted)
    result = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert result.exit_code == 130
    assert "run the same command again" in result.stderr


def test_bad_usage_exits_2():
    assert CliRunner().invoke(cli, ["scan"]).exit_code == 2
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2


@pytest.mark.parametrize("flag", ["--no-resolve"])
def test_stdout_is_data_only(seed_dir, tmp_path, flag):
    out = tmp_path / "out.bib"
    result = CliRunner().invoke(cli, ["scan", str(seed_dir), "-o", str(out), flag,
                                      "--mentions", "-"])
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        assert line.startswith("{"), line  # JSON Lines only; chatter went to stderr
    assert "read 17 posts" in result.stderr


def test_quiet_silences_stderr(seed_dir, tmp_path):
    result = CliRunner().invoke(cli, ["-q", "scan", str(seed_dir), "-o",
                                      str(tmp_path / "o.bib"), "--no-resolve"])
    assert result.exit_code == 0
    assert result.stderr == ""
