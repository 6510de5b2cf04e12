"""The reading list as a rich table for a terminal, laid out for the terminal's width.

Every cell is a ``rich.text.Text`` built from cleaned strings, never console markup, so a title
like ``[bold]`` or ``:smile:`` prints as written and no escape sequence from a post gets through.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from readlist.export.listing.escaping import terminal
from readlist.export.listing.model import AuthorItem, Item, Listing, count_people
from readlist.export.listing.words import (
    empty_message,
    excerpt,
    item_counts,
    ordering,
    outcome_word,
    plural,
    post_label,
    recommended_by,
    summary,
    year_publisher,
)

WIDE = 140  # from here on: separate author, year, title and publisher columns
MEDIUM = 90  # from here on: the quote in its own column
OUTCOME_STYLES = {"sure": "bold green", "unsure": "bold yellow", "unresolved": "bold red",
                  "unchecked": "yellow", "own entry": "dim"}


def _t(text: str | None, style: str | Style = "") -> Text:
    return Text(terminal(text), style=style)


def _title(it: Item) -> Text:
    style = Style(bold=True, link=it.catalogue_url) if it.catalogue_url else Style(bold=True)
    # A span, not the Text's base style: what is appended after the title must not inherit it.
    text = Text()
    text.append(terminal(it.title), style=style)
    return text


def _quote(it: Item | AuthorItem, limit: int) -> Text:
    best = it.best
    if best is None or not best.quote:
        return Text("")
    text = Text(f"“{terminal(excerpt(best.quote, limit))}”", style="italic")
    # A local file is named by its file name and line: the full path is in the text output.
    label = post_label(best) if best.url else best.link.rsplit("/", 1)[-1]
    if label:
        text.append("\n—\u00a0")
        text.append(terminal(label), style=Style(dim=True, link=best.url) if best.url
                    else Style(dim=True))
    return text


def _counts(it: Item) -> Text:
    text = Text(str(len(it.posts)), style="bold")
    if it.people != len(it.posts):
        text.append(f"\n{plural(it.people, 'person') if it.people == 1 else f'{it.people} people'}",
                    style="dim")
    return text


def _outcome(it: Item) -> Text:
    word = outcome_word(it)
    return Text(word, style=OUTCOME_STYLES.get(word, ""))


def _work_cell(it: Item, with_quote: bool, limit: int) -> Text:
    cell = _title(it)
    if it.citation:
        cell.append("\n")
        cell.append(terminal(it.citation))
    else:
        cell.append("\n")
        cell.append(terminal(it.byline or "Unknown author"))
        extra = year_publisher(it)
        if extra:
            cell.append(" · " + terminal(extra), style="dim")
    if with_quote:
        quote = _quote(it, limit)
        if quote.plain:
            cell.append("\n")
            cell.append_text(quote)
        cell.append("\n")
        cell.append(item_counts(it), style="dim")
        cell.append(" · ", style="dim")
        cell.append_text(_outcome(it))
    return cell


Row = tuple[int, Item] | str  # a numbered work, or the label that opens a group


def works_table(rows: list[Row], width: int, group: str | None = None) -> Table:
    items = [r[1] for r in rows if not isinstance(r, str)]
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, leading=1)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    wide = width >= WIDE and not any(it.citation for it in items)
    if wide:
        table.add_column("Posts", justify="right", no_wrap=True)
        table.add_column("Author", ratio=2)
        table.add_column("Year", no_wrap=True)
        table.add_column("Title", ratio=3)
        table.add_column("Publisher", ratio=2)
        table.add_column("Why", ratio=4)
        table.add_column("Match", no_wrap=True)
    elif width >= MEDIUM:
        table.add_column("Posts", justify="right", no_wrap=True)
        table.add_column("Work", ratio=5)
        table.add_column("Why", ratio=4)
        table.add_column("Match", no_wrap=True)
    else:
        table.add_column("Work")
    for row in rows:
        if isinstance(row, str):
            label = Text(terminal(row), style="bold underline", overflow="fold")
            # The label goes in the column it names: an author, or (long) a source.
            at = 1 if width < MEDIUM else 4 if wide and group == "source" else 2
            table.add_row(*([""] * at), label)
            continue
        n, it = row
        if wide:
            r = it.record
            pub = ", ".join(x for x in (terminal(r.publisher), terminal(r.address)) if x)
            table.add_row(str(n), _counts(it), _t(it.byline or "Unknown author"),
                          _t(r.year, "dim"), _title(it), _t(pub, "dim"), _quote(it, 140),
                          _outcome(it))
        elif width >= MEDIUM:
            table.add_row(str(n), _counts(it), _work_cell(it, False, 0), _quote(it, 120),
                          _outcome(it))
        else:
            table.add_row(str(n), _work_cell(it, True, 100))
    return table


def authors_table(authors: list[AuthorItem], width: int) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, title="Recommended authors",
                  title_justify="left", title_style="bold", pad_edge=False, leading=1)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Author", ratio=2)
    table.add_column("Posts", no_wrap=True)
    table.add_column("Why", ratio=5)
    for n, a in enumerate(authors, 1):
        table.add_row(str(n), _t(a.name, "bold"),
                      recommended_by(len(a.posts), count_people(a.posts)),
                      _quote(a, 120 if width >= MEDIUM else 60))
    return table


def print_table(listing: Listing, console: Console) -> None:
    """Print the list to ``console`` (a terminal, or a file in tests) at its width."""
    width = console.width
    header = Text("Reading list", style="bold")
    header.append(f" · {terminal(summary(listing))}")
    parts: list[Text | Table] = [header, Text(f"from {terminal(listing.source)}, "
                                              f"{ordering(listing)}", style="dim")]
    if not listing.items:
        parts.append(Text("\n" + empty_message(listing)))
    elif listing.groups is not None:
        rows: list[Row] = []
        for g in listing.groups:
            rows.append(f"{g.label} · {plural(len(g.items), 'work')}")
            rows += [(listing.items.index(it) + 1, it) for it in g.items]
        parts.append(works_table(rows, width, listing.options.group))
    else:
        parts.append(works_table(list(enumerate(listing.items, 1)), width))
    if listing.authors:
        parts.append(authors_table(listing.authors, width))
    console.print(Group(*parts), soft_wrap=False, markup=False, emoji=False, highlight=False)


def render_table(listing: Listing, width: int = 100, color: bool = False) -> str:
    """The table as a string at ``width`` columns (no colour unless asked): for tests."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system=(
        "standard" if color else None), legacy_windows=False, highlight=False, emoji=False,
        markup=False)
    print_table(listing, console)
    return buf.getvalue()
