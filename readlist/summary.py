"""The lines a scan ends with on stderr: what was read and found, how the works resolved, catalogue
trouble, what was left out, skipped or repaired, and what was written."""

from __future__ import annotations

from collections import Counter

from readlist.pipeline import ScanResult

__all__ = ["catalogue_lines", "summary_lines"]

_UNRESOLVED = {"unreachable": "without a catalogue answer", "offline": "not in the cache (offline)",
               "invalid isbn": "with an invalid ISBN", "rate_limited": "without a catalogue answer",
               "forbidden": "without a catalogue answer", "server": "without a catalogue answer",
               "bad_response": "without a usable catalogue answer",
               "bad_request": "without a usable catalogue answer",
               "no catalogue": "with no catalogue to ask"}


def catalogue_lines(result: ScanResult) -> list[str]:
    """Catalogue trouble, one line per kind: down for the run, failed calls, not asked, and
    why unresolved works stayed unresolved."""
    lines = []
    unresolved = Counter((w.match.error or "not found") for w in result.works
                         if w.match.work is None)
    if unresolved and (set(unresolved) - {"not found"}):
        lines.append("unresolved: " + ", ".join(
            f"{n} {_UNRESOLVED.get(why, why)}"
            for why, n in unresolved.most_common()))
    if result.catalogue_down:
        lines.append("catalogue trouble, not asked again this run: "
                     + "; ".join(why for _, why in sorted(result.catalogue_down.items())))
    failed = [(name, n) for name, n in sorted(result.catalogue_failures.items())
              if name not in result.catalogue_down]
    if failed:
        lines.append("catalogue failures (the next catalogue was asked): " + ", ".join(
            f"{name} {n} request{'s' * (n != 1)}" for name, n in failed))
    for name, why in sorted(getattr(result, "catalogue_skipped", {}).items()):
        lines.append(f"catalogue {name} not asked: {why}")
    left = getattr(result, "left_out", [])
    if left:
        shown = "; ".join(w.title for w in left[:5]) + (f"; ... ({len(left) - 5} more)"
                                                        if len(left) > 5 else "")
        lines.append(f"left out {len(left)} bare capitalised phrase{'s' * (len(left) != 1)} "
                     f"no catalogue knows (--keep-unknown keeps them): {shown}")
    accepted = getattr(result, "accepted_unsure", [])
    if accepted:
        shown = "; ".join(accepted[:5]) + (f"; ... ({len(accepted) - 5} more)"
                                           if len(accepted) > 5 else "")
        lines.append(f"--accept-unsure kept the top candidate for {len(accepted)} unsure "
                     f"work{'s' * (len(accepted) != 1)}: {shown}")
    return lines


def summary_lines(result: ScanResult) -> list[str]:
    rec = result.recommended_count
    found = result.mention_count
    files = len(result.sources)
    o = result.outcomes
    lines = [
        f"read {result.posts} post{'s' * (result.posts != 1)} from {files} "
        f"source{'s' * (files != 1)}; found {found} mention"
        f"{'s' * (found != 1)} ({rec} recommended)",
        f"works: {len(result.works)} ({o['sure']} sure, {o['unsure']} unsure, "
        f"{o['unresolved'] + o['none']} unresolved)"
        + (f"; recommended authors: {len(result.authors)}" if result.authors else ""),
    ]
    lines.extend(catalogue_lines(result))
    if result.http is not None and (result.http.total_sent or result.http.total_cached):
        lines.append(f"catalogue requests: {result.http.total_sent} sent, "
                     f"{result.http.total_cached} from cache")
    skipped = result.report.skipped
    if skipped:
        lines.append("skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())))
    damaged = result.report.damaged()
    if damaged:
        lines.append(f"read in part or repaired: {len(damaged)} source{'s' * (len(damaged) != 1)}"
                     " (what could be read was kept; the warnings say where)")
    if result.merge is not None:
        m = result.merge
        parts = [f"{m.added} new", f"{m.updated} updated"]
        if m.kept_edits:
            parts.append(f"your edits kept in {m.kept_edits}")
        if m.replaced_unresolved:
            parts.append(f"{m.replaced_unresolved} unresolved replaced")
        if m.skipped_existing:
            parts.append(f"{len(m.skipped_existing)} already in the file under your own keys")
        where = result.written or "(dry run, nothing written)"
        lines.append(f"wrote {where}: " + ", ".join(parts))
    return lines
