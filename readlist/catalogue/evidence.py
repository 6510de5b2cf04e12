"""What the catalogues' answer says about the extractor's weakest guesses.

The extractor takes some titles on their shape alone: a capitalised phrase that opens a
sentence of an answer ("Tenant Registration. Book it now"), a title-case run a cue reaches
("check out our Sunday Digest"). These are the likeliest wrong rows of a reading list, and a
catalogue is the check the extractor cannot make: a real work is in one. So a work that

- was named only that way (no author, no mark, link or identifier, no stronger form in any
  post), and
- got an answer from every catalogue asked, none of which knows it (nothing close enough even
  to be an unsure match),

is left out of the written list. The scan's summary counts and names what was left out, the
``--mentions`` file keeps every mention, and ``scan --keep-unknown`` keeps them all. A work
that stayed unresolved for want of an answer (offline, a catalogue down) is kept: silence from
a catalogue that was never heard proves nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from readlist.models import ListedWork, Match, Mention, WorkQuery

__all__ = ["WEAK_TITLE", "named_weakly", "unknown_to_catalogues", "leave_out_unknown"]

# The reason the extractor gives a title taken on its shape alone (readlist.extract).
WEAK_TITLE = "weak title"


def named_weakly(m: Mention) -> bool:
    """Is this mention a bare title taken on its shape alone, with nothing else to it?"""
    return (m.kind == "explicit" and not m.authors and not (m.isbn or m.doi or m.url)
            and WEAK_TITLE in m.reasons)


def unknown_to_catalogues(match: Match) -> bool:
    """Did the catalogues answer, and know no work like it? Candidates too far off even to be
    unsure (a search engine always finds something with the word in it) do not count."""
    return (match.outcome == "none" and match.work is None and match.error is None
            and match.sources.get("outcome") != "review")


def leave_out_unknown(works: Iterable[ListedWork], strong: Collection[WorkQuery]
                      ) -> tuple[list[ListedWork], list[ListedWork]]:
    """Split ``works`` into (kept, left out). ``strong``: the queries some mention named more
    than weakly."""
    kept: list[ListedWork] = []
    left: list[ListedWork] = []
    for work in works:
        weak = not any(q in strong for q in work.queries)
        (left if weak and unknown_to_catalogues(work.match) else kept).append(work)
    return kept, left
