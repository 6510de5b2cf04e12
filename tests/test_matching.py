"""Matching rules, one by one: normalisation, title similarity, the author veto that never
rescues a bad title, no year filter, work identity, the default edition, descriptions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from readlist.catalogue.matching import (
    SURE,
    UNSURE,
    author_agreement,
    choose_described,
    choose_edition,
    choose_work,
    collapse_duplicates,
    group_editions,
    identity,
    score_work,
    title_similarity,
)
from readlist.catalogue.merge import fill, missing, same_edition
from readlist.catalogue.normalise import (
    fold,
    isbn_lists,
    language_code,
    main_title,
    normalise_name,
    normalise_title,
    surname,
)
from readlist.models import Edition, Work, WorkQuery


def work(title, *authors, wid="W1", subtitle=None, year=None, count=None, subjects=(),
         description=None):
    return Work("test", wid, title, subtitle=subtitle, authors=authors, year=year,
                edition_count=count, subjects=subjects, description=description)


def q(title, *authors):
    return WorkQuery("explicit", title=title, authors=authors)


# -- normalisation -------------------------------------------------------------------------------
def test_normalise_case_punctuation_diacritics_articles():
    assert fold("Émile Zola") == "emile zola"
    assert normalise_title("The Wretched of the Earth!") == "wretched of the earth"
    assert normalise_title("Les Damnés de la Terre") == "damnes de la terre"
    assert normalise_title("Guns, Germs & Steel") == "guns germs and steel"
    assert main_title("Maldevelopment: Anatomy of a Global Failure") == "Maldevelopment"
    assert main_title("Capital - Volume One") == "Capital"


def test_names_and_surnames():
    assert normalise_name("Amin, Samir") == "samir amin"
    assert surname("Samir Amin") == surname("Amin, Samir") == "amin"
    assert surname("Martin Luther King Jr.") == "king"
    assert surname("Frantz Fanon") == "fanon"


def test_isbns_and_languages():
    assert isbn_lists(["978-1-906387-79-2", "0-86232-924-8 (pbk.)", "12345"]) == (
        ("9781906387792",), ("0862329248",))
    assert language_code("English") == language_code("en") == "eng"
    assert language_code("un") is None


@given(st.text(max_size=60))
def test_normalised_titles_are_stable(text):
    once = normalise_title(text)
    assert normalise_title(once) == normalise_title(normalise_title(once))
    assert once == once.strip() and "  " not in once


# -- titles and authors --------------------------------------------------------------------------
def test_subtitles_match_with_or_without():
    w = work("Maldevelopment", "Samir Amin", subtitle="Anatomy of a Global Failure")
    assert title_similarity("Maldevelopment", w)[0] == 1.0
    assert title_similarity("Maldevelopment: Anatomy of a Global Failure", w)[0] == 1.0
    assert title_similarity("The Maldevelopment", w)[0] == 1.0  # leading article


def test_author_veto_and_ghosts():
    assert author_agreement(["Samir Amin"], ["Amin, Samir"])[0] == 1.0
    assert author_agreement(["Amin"], ["Samir Amin"])[0] == 1.0
    assert author_agreement(["Samir Amin"], ["Hans Weber"])[0] == 0.0
    assert author_agreement(["Samir Amin"], [])[0] < SURE  # a ghost record is never sure
    assert author_agreement([], ["Samir Amin"])[0] < 1.0


def test_an_author_match_never_rescues_a_bad_title():
    bad = score_work(q("Eurocentrism", "Samir Amin"), work("Maldevelopment", "Samir Amin"))
    assert bad.score < UNSURE
    m = choose_work(q("Eurocentrism", "Samir Amin"),
                    [work("Maldevelopment", "Samir Amin"), work("Unequal Development",
                                                                "Samir Amin", wid="W2")])
    assert m.outcome == "none" and m.work is None and m.candidates


def test_same_title_other_author_is_vetoed():
    m = choose_work(q("Maldevelopment", "Samir Amin"),
                    [work("Maldevelopment", "Hans Weber", wid="W9", count=40),
                     work("Maldevelopment", "Samir Amin", wid="W1", count=3)])
    assert m.outcome == "sure" and m.work.id == "W1"


def test_no_year_filter_for_reprints():
    m = choose_work(q("The Wretched of the Earth", "Frantz Fanon"),
                    [work("Les Damnés de la Terre", "Frantz Fanon", wid="W0", year=1961),
                     work("The Wretched of the Earth", "Frantz Fanon", year=1963)])
    assert m.outcome == "sure" and m.work.year == 1963


def test_ghost_record_loses_to_the_real_one_and_alone_is_unsure():
    real, ghost = work("Imperialism", "J. A. Hobson"), work("Imperialism", wid="G")
    assert choose_work(q("Imperialism", "Hobson"), [ghost, real]).work.id == "W1"
    alone = choose_work(q("Imperialism", "Hobson"), [ghost])
    assert alone.outcome == "unsure"


def test_same_title_no_author_needs_a_clear_favourite():
    a = work("Imperialism", "J. A. Hobson", count=40)
    b = work("Imperialism", "Harold Marsh", wid="W2", count=12)
    assert choose_work(q("Imperialism"), [a, b]).outcome == "unsure"
    c = work("Imperialism", "Harold Marsh", wid="W2", count=2)
    clear = choose_work(q("Imperialism"), [a, c])
    assert clear.outcome == "sure" and clear.work.id == "W1"


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
def test_a_named_author_who_disagrees_never_scores_higher(title, name):
    w = work(title, "Samir Amin")
    agree = score_work(q(title, "Samir Amin"), w).score
    other = score_work(q(title, "Zzyzx Qwerty"), w).score
    assert other <= agree
    assert 0.0 <= agree <= 1.0


def test_duplicates_collapse_to_the_most_published_and_editions_group():
    dupes = [work("Eurocentrism", "Samir Amin", wid="A", count=2),
             work("Eurocentrism", "Amin, Samir", wid="B", count=9)]
    assert [w.id for w in collapse_duplicates(dupes)] == ["B"]
    e1 = Edition("t", "E1", "Eurocentrism", year=1989)
    e2 = Edition("t", "E2", "Eurocentrism", year=2009)
    groups = group_editions([(work("Eurocentrism", "Samir Amin", wid="A", year=2009), e2),
                             (work("Eurocentrism", "Amin, Samir", wid="B", year=1989), e1)])
    assert len(groups) == 1 and groups[0][0].year == 1989 and len(groups[0][1]) == 2
    assert identity(groups[0][0]) == ("eurocentrism", "amin")


# -- editions -----------------------------------------------------------------------------------
def ed(eid, year, *, i13=(), i10=(), lang="eng", fmt=None, publisher="P", place="X"):
    return Edition("t", eid, "T", year=year, isbn13=i13, isbn10=i10, language=lang,
                   physical_format=fmt, publisher=publisher, address=place)


def test_the_named_isbn_wins_even_as_isbn10():
    eds = [ed("A", 1990, i13=("9780999000014",)), ed("B", 2011, i10=("0999000020",))]
    chosen, why = choose_edition(eds, "9780999000021")
    assert chosen.id == "B" and "names by ISBN" in why


def test_default_edition_rule():
    eds = [ed("noisbn", 1902), ed("spanish", 1950, i13=("9780999000038",), lang="spa"),
           ed("ebook", 1960, i13=("9780999000021",), fmt="ebook"),
           ed("print", 1965, i13=("9780999000014",), fmt="Paperback"),
           ed("later", 1990, i13=("9780999000045",))]
    assert choose_edition(eds)[0].id == "print"
    assert choose_edition(eds, language="spa")[0].id == "spanish"
    assert choose_edition([ed("only", 1902)])[0].id == "only"
    assert choose_edition([]) == (None, "no editions listed")


# -- descriptions ---------------------------------------------------------------------------------
def test_description_prefers_the_work_whose_fields_cover_it():
    works = [
        work("Russia and the Long Transition from Capitalism to Socialism", "Samir Amin",
             wid="R", description="The rise and fall of the Soviet system."),
        work("Eurocentrism", "Samir Amin", wid="E", subjects=("Ideology",)),
        work("The Law of Worldwide Value", "Samir Amin", wid="L", subjects=("Value",)),
    ]
    m = choose_described("his book on the transition out of the Soviet system", works)
    assert m.work.id == "R" and m.outcome == "sure"
    assert "transit" in m.reasons[0]


def test_description_abstains_when_nothing_fits():
    works = [work("Eurocentrism", "Samir Amin", wid="E")]
    m = choose_described("a cookbook about Sicilian pastries", works)
    assert m.outcome == "none" and m.work is None


# -- merging --------------------------------------------------------------------------------------
def test_fields_are_only_merged_from_the_same_edition():
    thin = Edition("ol", "M1", "T", publisher="Unwin Hyman", year=1988, isbn13=("9780999000045",))
    same = Edition("loc", "L1", "T", publisher="Unwin Hyman", address="London", year=1988,
                   isbn13=("9780999000045",), pages=320)
    other = Edition("loc", "L2", "T", publisher="Verso", address="New York", year=2018,
                    isbn13=("9780999000052",))
    assert missing(thin) == {"address"}
    assert same_edition(thin, same) and not same_edition(thin, other)
    filled, fields = fill(thin, same, {"address", "pages"})
    assert filled.address == "London" and filled.pages == 320 and fields == {"address", "pages"}
    assert filled.publisher == "Unwin Hyman"  # what was there stays
