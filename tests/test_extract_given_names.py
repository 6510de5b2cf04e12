"""The given-name lexicon (issue 3): a person whose given name comes from any naming tradition
is a person, not a recommended title ("Wisława Szymborska.", "go straight to Kenzaburō Ōe").

Fresh sentences only; none comes from bench/eval.
"""

from __future__ import annotations

from importlib import resources

import pytest
from extract_support import one, rec_authors, rec_titles, thread

from readlist.extract.names import GIVEN_NAMES, WORD_GIVEN_NAMES, ascii_form, person_score


@pytest.mark.parametrize("name", [
    "Wisława Szymborska", "Wislawa Szymborska", "Kōbō Abe", "Kobo Abe", "Halil İnalcık",
    "Chimamanda Ngozi Adichie", "Oyinkan Braithwaite", "Suraiya Faroqhi", "Yiyun Li",
    "Ngũgĩ Thiong'o", "Tsitsi Dangarembga", "Kenzaburō Ōe", "Mieko Kawakami", "Jhumpa Lahiri",
    "Kwame Nkrumah", "Dubravka Ugrešić", "Etgar Keret", "Behrouz Bahmani", "Vigdis Hjorth",
])
def test_names_of_many_traditions_are_people(name: str) -> None:
    assert person_score(name.split()) >= 0.8


@pytest.mark.parametrize("written, ascii", [
    ("Wisława", "Wislawa"), ("Kōbō", "Kobo"), ("Łukasz", "Lukasz"), ("Søren", "Soren"),
    ("İlhan", "Ilhan"), ("Đorđe", "Dorde"), ("Ngũgĩ", "Ngugi"),
])
def test_a_name_is_known_with_and_without_diacritics(written: str, ascii: str) -> None:
    assert ascii_form(written) == ascii
    assert written.casefold() in GIVEN_NAMES and ascii.casefold() in GIVEN_NAMES


def test_names_that_are_words_stay_weak() -> None:
    # a surname alone after them: a person, but weakly, as for "Will"
    assert person_score(["Lane", "Kenworthy"]) == pytest.approx(0.55)
    assert person_score(["Ocean", "Vuong"]) == pytest.approx(0.55)
    assert person_score(["Will", "Durant"]) == pytest.approx(0.55)
    # a longer run is a title with a word first
    assert person_score(["Summer", "Knight", "Falls", "Again"]) == 0.0
    assert person_score(["Rich", "Dad", "Poor", "Dad"]) == 0.0
    assert {"hope", "lane", "summer", "story"} <= WORD_GIVEN_NAMES


def test_a_long_run_opened_by_a_listed_name_is_a_title() -> None:
    assert person_score(["Tove", "Jansson"]) >= 0.8
    assert person_score(["Tove", "Finds", "the", "Summer", "Book"]) < 0.5
    assert person_score(["Tove", "Writes", "Island", "Stories"]) < 0.5


def test_the_lexicon_keeps_the_first_names_and_reads_its_file() -> None:
    for name in ("walter", "ursula", "chinua", "wang", "yoko", "will", "grace"):
        assert name in GIVEN_NAMES
    text = resources.files("readlist").joinpath("data", "given_names.txt").read_text("utf-8")
    entries = [line.strip() for line in text.splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
    assert len(entries) > 3000
    assert all(" " not in e for e in entries)  # one name a line
    for e in entries:
        assert e.rstrip("*").casefold() in GIVEN_NAMES


@pytest.mark.parametrize("posts, person", [
    (["Which poets should I start with?", ("Wisława Szymborska. Nothing else comes close.", 0)],
     "wisława szymborska"),
    (["Any novels like Kafka?", ("If you liked that, go straight to Kenzaburō Ōe.", 0)],
     "kenzaburō ōe"),
    (["Crime novels?", ("Jo Nesbø got me into it. Wislawa Szymborska too, not crime.", 0)],
     "wislawa szymborska"),
])
def test_a_person_is_no_recommended_title(posts: list, person: str) -> None:
    ms = thread(posts)[1]
    assert person not in rec_titles(ms), ms


def test_author_then_title_after_a_comma() -> None:
    ms = thread(["Books for a teenage nephew?",
                 ("Oyinkan Braithwaite, My Sister, the Serial Killer. Short and sharp.", 0)])[1]
    assert "oyinkan braithwaite" in rec_authors(ms)
    assert "oyinkan braithwaite" not in rec_titles(ms)


def test_a_surname_the_post_wrote_in_full_owns_its_possessive() -> None:
    # the first work's title is not in Latin letters, so no candidate names its author; the
    # full name before it still makes "Kirino's Grotesque" Kirino's "Grotesque"
    ms = one("Try Natsuo Kirino's 顔に降りかかる雨 or Yoko Ogawa's The Diving Pool. "
             "Kirino's Grotesque is a good one too.")
    assert "kirino's grotesque" not in {(m.title or "").casefold() for m in ms}
    m = next(m for m in ms if (m.title or "").casefold() == "grotesque")
    assert m.kind == "possessive" and m.authors == ("Kirino",)
