"""The ``readlist`` command: options in, library calls, data to stdout, chatter to stderr.

Exit codes: 0 success; 1 a ReadlistError (one-line message) or, with ``--strict``, warnings;
2 bad usage; 130 interrupted.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from readlist import __version__
from readlist.errors import ReadlistError
from readlist.export.mentions import open_target
from readlist.pipeline import DEFAULT_OUTPUT, ScanOptions, scan
from readlist.report import Report, Warning_
from readlist.summary import summary_lines

EXIT_INTERRUPTED = 130


class Console:
    """stderr chatter: hidden by --quiet, progress bars only on a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self._secrets: list[str] | None = None

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def warn(self, w: Warning_) -> None:
        if not self.quiet:
            click.echo(f"warning: {_safe(self.redact(str(w)))}", err=True)

    def redact(self, text: str) -> str:
        """``text`` without the user's API keys (read once per run, not per warning)."""
        from readlist.http import known_secrets, redact

        if self._secrets is None:
            self._secrets = known_secrets()
        return redact(text, self._secrets)


def _safe(text: str) -> str:
    """No escape sequences or control characters from posts reach the terminal."""
    return "".join(c if c.isprintable() or c == " " else "\ufffd" for c in text)


class ReadlistGroup(click.Group):
    """Turns domain errors into one-line messages; tracebacks only with --traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReadlistError as exc:
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            raise click.ClickException(_redact(str(exc))) from exc
        except KeyboardInterrupt:
            console = ctx.obj.get("console") if ctx.obj else None
            if console is not None:
                console.quiet = True  # threads still winding down must not add warnings
            click.echo("interrupted: nothing half-written was kept; run the same command again "
                       "to resume (responses so far are cached)", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place an unexpected error is shown
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            raise click.ClickException(_redact(
                f"internal error: {type(exc).__name__}: {exc} (run with --traceback for details "
                "and please report it)")) from exc


def _redact(message: str) -> str:
    """An error message may quote a request URL: keys in it never reach the terminal."""
    from readlist.http import redact

    return redact(message)


@click.group(cls=ReadlistGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="readlist")
@click.option("-q", "--quiet", is_flag=True, help="No progress or warnings on stderr.")
@click.option("--traceback", is_flag=True, help="Show the full traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, traceback: bool) -> None:
    """Turn the books people recommend in discussion threads into a cited reading list.

    Example:

        readlist scan seeds/ && readlist list
    """
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet
    ctx.obj["traceback"] = traceback
    ctx.obj["console"] = Console(quiet)


def _progress(console: Console) -> tuple[Callable[..., None], Callable[[int, int], None], Any]:
    if console.quiet or not console.tty:
        return (lambda _p: None), (lambda _d, _t: None), None
    from rich.console import Console as RichConsole
    from rich.progress import Progress, SpinnerColumn, TextColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                        console=RichConsole(stderr=True), transient=True)
    reading = progress.add_task("reading posts", total=None)
    resolving = progress.add_task("resolving", total=None, visible=False)

    def on_post(_post: object) -> None:
        progress.update(reading, advance=1,
                        description=f"reading posts ({progress.tasks[reading].completed + 1:.0f})")

    def on_resolved(done: int, total: int) -> None:
        progress.update(resolving, visible=True, description=f"resolving works {done}/{total}")

    return on_post, on_resolved, progress


def _engine_options(jobs: str | None, engine: str | None, scheduler: str | None
                    ) -> tuple[str, int]:
    from readlist.engines import cores, resolve_jobs

    engine = engine or ("dask" if scheduler else "local")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if jobs is None:
        return engine, (cores() if engine == "dask" else 1)
    try:
        return engine, resolve_jobs(jobs)
    except ReadlistError as exc:
        raise click.BadParameter(str(exc), param_hint="--jobs") from None


@cli.command("scan")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=str(DEFAULT_OUTPUT),
              show_default=True,
              help="File to write: .bib is merged into (your edits kept); .ris / .json "
                   "(CSL-JSON) are replaced.")
@click.option("--output-format", type=click.Choice(["bibtex", "ris", "csljson"]),
              help="Format of -o when its suffix does not say (default: from the suffix).")
@click.option("--mentions", "mentions_out", metavar="FILE",
              help="Write every mention as JSON Lines to FILE ('-' for stdout).")
@click.option("--offline", is_flag=True, help="Use cached catalogue answers only.")
@click.option("--no-resolve", is_flag=True, help="Do not ask any catalogue.")
@click.option("--providers", metavar="LIST",
              help="Comma-separated catalogue order, e.g. openlibrary,loc.")
@click.option("--accept-unsure", is_flag=True,
              help="Keep the top candidate of unsure matches (listed in the summary; "
                   "`readlist review` lets you choose instead).")
@click.option("--keep-unknown", is_flag=True,
              help="Keep titles taken on their shape alone (a capitalised phrase, nothing "
                   "else) that no catalogue asked knows; by default they are left out and "
                   "named in the summary.")
@click.option("--format", "fmt", metavar="NAME", help="Force a corpus reader (see `plugins`).")
@click.option("--dry-run", is_flag=True,
              help="Print a unified diff of what would change; write nothing.")
@click.option("--strict", is_flag=True, help="Exit 1 when any input was skipped or warned about.")
@click.option("-j", "--jobs", metavar="N|auto",
              help="Find mentions in N processes (0 or auto: one per core); default 1, or one "
                   "per core for a local Dask cluster. Same results as one process.")
@click.option("--engine", type=click.Choice(["local", "dask"]),
              help="Where mentions are found: local processes (default) or a Dask cluster "
                   "(needs readlist[dask]).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler to use, e.g. tcp://10.0.0.5:8786 (implies --engine dask); "
                   "without it --engine dask starts a cluster on this machine.")
@click.pass_context
def scan_cmd(ctx: click.Context, paths: tuple[str, ...], output: str,
             output_format: str | None, mentions_out: str | None,
             offline: bool, no_resolve: bool, providers: str | None, fmt: str | None,
             dry_run: bool, strict: bool, accept_unsure: bool = False, jobs: str | None = None,
             engine: str | None = None, scheduler: str | None = None,
             keep_unknown: bool = False) -> None:
    """Find the works recommended in PATHS (files, folders, thread URLs) and write BibTeX."""
    console: Console = ctx.obj["console"]
    engine, n_jobs = _engine_options(jobs, engine, scheduler)
    report = Report(on_warning=console.warn)
    options = ScanOptions(
        output=Path(output), offline=offline, resolve=not no_resolve,
        providers=[p.strip() for p in providers.split(",") if p.strip()] if providers else None,
        fmt=fmt, dry_run=dry_run, output_format=output_format, accept_unsure=accept_unsure,
        keep_unknown=keep_unknown, jobs=n_jobs, engine=engine, scheduler=scheduler,
        # --mentions is streamed through a spill file: memory stays flat however many there are
        mentions_out=open_target(mentions_out) if mentions_out else None, keep_mentions=False,
    )
    on_post, on_resolved, progress = _progress(console)
    if progress is not None:
        with progress:
            result = scan(list(paths), options, report=report, on_post=on_post,
                          on_resolved=on_resolved)
    else:
        result = scan(list(paths), options, report=report)
    if dry_run and result.merge is not None:
        click.echo(result.merge.diff, nl=False)
    for line in summary_lines(result):
        console.say(line)
    if strict and report.warnings:
        raise click.ClickException(f"{len(report.warnings)} warning(s) with --strict")


@cli.command("list")
@click.argument("bib", required=False, type=click.Path(dir_okay=False),
                default=str(DEFAULT_OUTPUT))
@click.option("-f", "--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "table", "text", "markdown", "md", "html", "json"]),
              help="auto: a table on a terminal, plain text when piped, or from -o's suffix.")
@click.option("--sort", type=click.Choice(["count", "author", "year", "title"]),
              default="count", show_default=True,
              help="count: most people, then most posts, first.")
@click.option("--group", type=click.Choice(["author", "source"]),
              help="Group works by first author or by the file/thread that recommended them.")
@click.option("-n", "--limit", type=click.IntRange(min=1), metavar="N",
              help="Only the first N works (and N recommended authors).")
@click.option("--style", metavar="NAME|FILE",
              help="Formatted citations: apa, chicago-author-date, mla, or a .csl file.")
@click.option("--covers", is_flag=True,
              help="HTML: show Open Library cover images (the page then loads them).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE instead of stdout.")
@click.pass_context
def list_cmd(ctx: click.Context, bib: str, fmt: str, sort: str, group: str | None,
             limit: int | None, style: str | None, covers: bool, output: str | None) -> None:
    """Print the reading list held in BIB (default bib/readlist.bib), most recommended first.

    Example: readlist list --format html --style apa -o reading.html
    """
    from readlist.export.listing import ListOptions, build_listing, format_for, render

    console: Console = ctx.obj["console"]
    listing = build_listing(Path(bib), ListOptions(sort=sort, group=group, limit=limit,
                                                   covers=covers, style=style))
    for w in listing.warnings:
        console.say(f"warning: {_safe(w)}")
    fmt = format_for(fmt, Path(output) if output else None, sys.stdout.isatty())
    if covers and fmt not in ("html", "json"):
        console.say("warning: --covers only applies to --format html (and json)")
    if fmt == "table" and output is None:
        from rich.console import Console as RichConsole

        from readlist.export.listing.table import print_table

        print_table(listing, RichConsole(highlight=False, markup=False, emoji=False))
        return
    text = render(listing, fmt, width=100)
    if output is None:
        click.echo(text, nl=False)
        return
    from readlist.files import atomic_write

    atomic_write(Path(output), text.encode("utf-8"), backup=False)
    console.say(f"wrote {_safe(output)} ({fmt}, {len(listing.items)} works)")


def _safe_block(text: str) -> str:
    return "\n".join(_safe(line) for line in text.split("\n"))


@cli.command("eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--no-lists", is_flag=True, help="Figures only, without the false positives and "
              "false negatives.")
@click.pass_context
def eval_cmd(ctx: click.Context, directory: str, gold: str, as_json: bool,
             no_lists: bool) -> None:
    """Score extraction on the threads in DIRECTORY against the labels in GOLD (JSON Lines).

    Prints precision, recall and F1 of recommended works overall, per kind and per document,
    then the false positives and false negatives. Example:

        readlist eval bench/eval/dev bench/eval/dev.gold.jsonl
    """
    from readlist.evaluate import evaluate, render_text, to_json

    console: Console = ctx.obj["console"]
    ev = evaluate(Path(directory), Path(gold), report=Report(on_warning=console.warn))
    if as_json:
        click.echo(json.dumps(to_json(ev), ensure_ascii=False, indent=1))
    else:
        click.echo(render_text(ev, lists=not no_lists), nl=False)


@cli.group("export")
def export_group() -> None:
    """Export the works of a .bib to other tools (see `readlist export --help`)."""


def _export_cmd(fmt: str, what: str) -> None:
    @export_group.command(fmt, short_help=f"Convert a .bib to {fmt}.", help=f"Convert BIB (default bib/readlist.bib), your edits "
                          f"included, to {what}; to stdout unless --to FILE.")
    @click.argument("bib", required=False, type=click.Path(dir_okay=False),
                    default=str(DEFAULT_OUTPUT))
    @click.option("--to", "to", type=click.Path(dir_okay=False), metavar="FILE",
                  help="Write FILE (atomically, keeping FILE.bak) instead of stdout.")
    def command(bib: str, to: str | None) -> None:
        from readlist.export.outputs import export_library, write_text

        text = export_library(Path(bib), fmt)
        if to:
            write_text(Path(to), text)
        else:
            click.echo(text, nl=False)


_export_cmd("ris", "RIS (back-links as N1 notes with links, one KW line per tag)")
_export_cmd("csljson", "CSL-JSON")


@export_group.command("zotero")
@click.argument("bib", required=False, type=click.Path(dir_okay=False),
                default=str(DEFAULT_OUTPUT))
@click.option("--to", "to", type=click.Path(), metavar="FILE|DIR",
              help="Write a file for Zotero's File > Import (a folder gets "
                   "readlist-<source>-<date>.bib, which names the new collection).")
@click.option("--format", "fmt", type=click.Choice(["bibtex", "ris"]),
              help="File format for --to (RIS gives clickable links in notes).")
@click.option("--push", type=click.Choice(["desktop", "web"]),
              help="Send to a running Zotero (desktop) or a zotero.org library (web).")
@click.option("--library", metavar="user:ID|group:ID",
              help="Web library (default: [zotero] library in config, else the key's own).")
@click.option("--collection", metavar="NAME", help="Put the works in this collection.")
@click.option("--via", type=click.Choice(["items", "import"]), default="items",
              show_default=True, help="Desktop: save items with linked notes, or hand the "
              ".bib to Zotero's importer (keeps citation keys with Better BibTeX).")
@click.option("--include-unresolved", is_flag=True,
              help="Also send entries no catalogue confirmed.")
@click.option("--dry-run", is_flag=True, help="Send and write nothing; print the requests.")
@click.pass_context
def export_zotero_cmd(ctx: click.Context, bib: str, to: str | None, fmt: str | None,
                      push: str | None, library: str | None, collection: str | None, via: str,
                      include_unresolved: bool, dry_run: bool) -> None:
    """Get BIB (default bib/readlist.bib) into Zotero: a file to import, or a push.

    Pushing again creates nothing twice: new works are added, new back-links appended.
    The Web API key comes from ZOTERO_API_KEY or [zotero] api_key in config.toml.
    """
    from readlist.export.zotero import ZoteroOptions, export_zotero

    console: Console = ctx.obj["console"]
    if to is None and push is None:
        raise click.UsageError("give --to FILE|DIR, --push desktop or --push web")
    options = ZoteroOptions(to=to, fmt=fmt, push=push, library=library,
                            collection=collection, via=via,
                            include_unresolved=include_unresolved, dry_run=dry_run)
    done = export_zotero(Path(bib), options)
    for line in done.skipped:
        console.say(_safe(f"left out {line}"))
    if done.written is not None:
        verb = "would write" if dry_run else "wrote"
        console.say(_safe(f"{verb} {done.written} (Zotero: File > Import)"))
    for line in done.notices:
        console.say(_safe(line))
    if done.push is not None:
        if dry_run:
            click.echo(json.dumps(done.push.planned, ensure_ascii=False, indent=2))
        for line in done.push.lines():
            console.say(_safe(line))
        if done.push.failed:
            raise click.ClickException("some works did not reach Zotero (see above); run the "
                                       "same command again to retry them")


@cli.command("review")
@click.argument("bib", required=False, type=click.Path(dir_okay=False),
                default=str(DEFAULT_OUTPUT))
@click.option("--pick", "picks", multiple=True, metavar="KEY=N",
              help="Choose candidate N for entry KEY (KEY=none: none of them); repeatable.")
@click.option("--accept-top", is_flag=True,
              help="Choose the first candidate of every unsure entry not picked otherwise.")
@click.option("--list", "list_only", is_flag=True,
              help="Print the unsure entries and their candidates on stdout; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="With --list: one JSON object a line.")
@click.option("--offline", is_flag=True,
              help="Cached catalogue answers only (candidates show what the .bib holds).")
@click.pass_context
def review_cmd(ctx: click.Context, bib: str, picks: tuple[str, ...], accept_top: bool,
               list_only: bool, as_json: bool, offline: bool) -> None:
    """Decide the works readlist was unsure of in BIB (default bib/readlist.bib).

    Shows each unsure entry with its recommending quote and numbered candidates; answer a
    number, n (none of these), s (skip) or q (quit; what you chose is saved). Choices are
    remembered for every later scan and written into BIB at once (your edits are kept).

    Example:

        readlist review --pick hobsonImperialismStudy1965=2
    """
    from readlist import review as rv

    console: Console = ctx.obj["console"]
    if as_json and not list_only:
        raise click.UsageError("--json goes with --list")
    try:
        wanted = [rv.pick_spec(p) for p in picks]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--pick") from exc
    with rv.Review(Path(bib), offline=offline,
                   report=Report(on_warning=console.warn)) as review:
        if not review.entries:
            console.say(_safe(f"{bib}: no unsure entries to review"))
            return
        if list_only:
            if not offline:
                console.say("looking up the candidates' records (cached for later runs; "
                            "--offline shows what the .bib holds)")
            review.fetch(review.entries)
            for entry in review.entries:
                if as_json:
                    click.echo(json.dumps(rv.as_json(entry), ensure_ascii=False))
                    continue
                best = entry.best
                click.echo(_safe(f"{entry.key}  {entry.record.title}"))
                if best is not None and best.quote:
                    click.echo(_safe(f"   “{best.quote}” ({best.link})"))
                for c in entry.candidates:
                    click.echo("   " + rv.candidate_line(c))
            return
        finished = True
        if wanted or accept_top:
            for key, number in wanted:
                review.choose(review.entry(key), number)
            if accept_top:
                chosen = {c.entry.key for c in review.choices}
                for entry in review.entries:
                    if entry.key not in chosen:
                        review.choose(entry, 1)
        else:
            from rich.console import Console as RichConsole

            screen = RichConsole(stderr=True, highlight=False, markup=False, emoji=False)
            try:
                finished = rv.interactive(
                    review, lambda e, i, n: rv.render_entry(screen, e, i, n),
                    lambda text: str(click.prompt(text, default="s", show_default=False,
                                                  err=True)),
                    lambda text: click.echo(text, err=True))
            except (click.Abort, KeyboardInterrupt, EOFError):
                finished = False  # end of input or Ctrl-C: keep what was chosen
        stats = review.apply()
        if review.vanished:
            console.say(_safe(f"not written, no longer in {bib}: {', '.join(review.vanished)} "
                              "(the choice is still remembered for later scans)"))
        if review.choices:
            console.say(_safe(rv.summary(stats, review.choices, Path(bib))))
        left = len(review.entries) - len(review.choices)
        if left:
            console.say(f"{left} unsure entr{'y' if left == 1 else 'ies'} left"
                        + ("" if finished else " (stopped early)")
                        + f"; run `readlist review {_safe(bib)}` again to decide them")


@cli.group("catalogue")
def catalogue_group() -> None:
    """A local catalogue from Open Library's bulk dumps, for resolving offline.

    Once built, `scan` asks it first (no network for what it knows for sure).
    """


@catalogue_group.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--db", type=click.Path(dir_okay=False), metavar="FILE",
              help="SQLite file to build or update (default: catalogue.sqlite in the user data "
                   "folder, or [local] db / READLIST_LOCAL_DB).")
@click.option("--again", is_flag=True, help="Read files already imported completely once more.")
@click.pass_context
def catalogue_import_cmd(ctx: click.Context, files: tuple[str, ...], db: str | None,
                         again: bool) -> None:
    """Import ol_dump_{authors,works,editions}_*.txt.gz (gzip or plain) into the local catalogue.

    Streamed and resumable: run the same command again after an interruption. Example:

        readlist catalogue import ol_dump_authors_latest.txt.gz ol_dump_works_latest.txt.gz
    """
    from readlist.catalogue.dumps import default_db_path, run_import
    from readlist.config import load_settings

    console: Console = ctx.obj["console"]
    path = Path(db) if db else default_db_path(load_settings())
    stats = run_import([Path(f) for f in files], path, again=again, say=console.say,
                       progress=console.tty and not console.quiet)
    damaged = [f.path for f in stats.files if f.status == "damaged"]
    if damaged:
        raise click.ClickException(f"{len(damaged)} file(s) could not be read to the end: "
                                   f"{_safe(', '.join(damaged))}")


@catalogue_group.command("info")
@click.option("--db", type=click.Path(dir_okay=False), metavar="FILE",
              help="The catalogue to describe (default: the one `scan` uses).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def catalogue_info_cmd(db: str | None, as_json: bool) -> None:
    """What the local catalogue holds: counts and the dump files imported."""
    from readlist.catalogue.dumps import default_db_path, describe
    from readlist.config import load_settings

    info = describe(Path(db) if db else default_db_path(load_settings()))
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    click.echo(_safe(f"{info['db']} ({info['bytes'] / 1e6:,.1f} MB)"))
    click.echo(", ".join(f"{n:,} {t}" for t, n in info["counts"].items()))
    for f in info["files"]:
        state = "complete" if f["complete"] else "partial (import again to resume)"
        click.echo(_safe(f"{f['path']}: {f['lines']:,} lines, {f['bad']:,} bad, {state}"))


@cli.command("plugins")
def plugins_cmd() -> None:
    """List corpus readers, catalogue providers and exporters, and the plugin providing each."""
    from readlist.plugins import all_registered

    for reg in all_registered():
        desc = getattr(reg.obj, "description", "") or ""
        click.echo(f"{reg.kind:<9} {reg.name:<14} {reg.plugin:<10} {desc}")


def main() -> None:
    from readlist.plugins import plugin_manager

    plugin_manager().hook.register_commands(cli=cli)
    try:
        cli(prog_name="readlist")
    except SystemExit as exc:
        if exc.code == EXIT_INTERRUPTED:
            _exit_now(EXIT_INTERRUPTED)
        raise
    except KeyboardInterrupt:  # pragma: no cover - outside click's own handling
        click.echo("interrupted", err=True)
        _exit_now(EXIT_INTERRUPTED)
    except Exception:  # pragma: no cover - only with --traceback
        from readlist.http import redact

        # Exception texts can hold request URLs: a key in a query string stays out of sight.
        sys.stderr.write(redact("".join(traceback.format_exc())))
        sys.exit(1)


def _exit_now(code: int) -> None:
    """Leave at once after Ctrl-C: catalogue threads still waiting on a slow server are not
    waited for (our files are written atomically, the cache is an SQLite transaction)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    if threading.active_count() > 1:
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
