"""Possessives, descriptions and recommended authors (issue 3): "Le Guin's The Lathe of Heaven",
"Stalins book ...", "Mao's little red book", "Fanon's book on Algeria", "anything by X".

Fresh sentences only; none comes from bench/eval.
"""

from __future__ import annotations

import pytest
from extract_support import by_title, one, rec_authors, rec_titles, recommended, thread

from readlist.extract.names import person_score


@pytest.mark.parametrize("text, title, author", [
    ("Le Guin's The Lathe of Heaven is a must-read.", "The Lathe of Heaven", "Le Guin"),
    ("Read Rosa Luxemburg's The Accumulation of Capital, it's dense but worth it.",
     "The Accumulation of Capital", "Rosa Luxemburg"),
    ("Honestly Kropotkin's Fields, Factories and Workshops is underrated.",
     "Fields, Factories and Workshops", "Kropotkin"),
])
def test_author_possessive_title(text: str, title: str, author: str) -> None:
    m = by_title(one(text), title)
    assert m is not None, one(text)
    assert m.kind == "possessive" and m.recommended
    assert m.authors == (author,)


def test_possessive_without_apostrophe() -> None:
    ms = one("Trotskys book The Revolution Betrayed is a good read even if you disagree.")
    m = by_title(ms, "The Revolution Betrayed")
    assert m is not None and m.recommended
    assert m.authors == ("Trotsky",)


def test_named_book_by_its_nickname() -> None:
    ms = one("You should read Mao's little red book at least once.")
    m = next(iter(recommended(ms)), None)
    assert m is not None and m.kind == "possessive"
    assert m.authors == ("Mao",) and (m.title or "").casefold() == "little red book"


@pytest.mark.parametrize("text, author, about", [
    ("Fanon's book on Algeria is essential.", "Fanon", "algeria"),
    ("Stalins book on the national question is worth reading.", "Stalin", "the national question"),
    ("honestly graeber's book about bullshit jobs changed how I see work",
     "graeber", "bullshit jobs"),
])
def test_description_hands_over_author_and_topic(text: str, author: str, about: str) -> None:
    ms = recommended(one(text))
    assert len(ms) == 1, one(text)
    m = ms[0]
    assert m.kind == "description" and m.title is None
    assert m.authors == (author,)
    assert about in (m.description or "").casefold()


def test_description_with_the_title_in_brackets_is_that_title() -> None:
    ms = recommended(one("Eric Hobsbawm's book on the industrial revolution (Industry and "
                         "Empire) is the one you want."))
    assert len(ms) == 1
    assert ms[0].title == "Industry and Empire" and ms[0].authors == ("Eric Hobsbawm",)


@pytest.mark.parametrize("text, author", [
    ("Read anything by Ursula K. Le Guin.", "Ursula K. Le Guin"),
    ("Honestly, anything by Terry Pratchett will cheer you up.", "Terry Pratchett"),
    ("Read Gramsci's prison writings before the secondary literature.", "Gramsci"),
    ("Check out Zadie Smith's essays.", "Zadie Smith"),
    ("I recommend reading some Orwell before the modern stuff.", "Orwell"),
    ("Read Lenin's shorter works first.", "Lenin"),
])
def test_recommended_authors(text: str, author: str) -> None:
    ms = one(text)
    assert author.casefold() in rec_authors(ms, "author_only"), ms
    m = next(m for m in ms if m.kind == "author_only")
    assert m.title is None


def test_a_recommended_surname_is_an_author_not_a_title() -> None:
    # A lone unknown capitalised word after "start with" may be a title ("start with Dune");
    # once the thread has named the person, it is that person.
    posts = thread([
        "Where do I start with the Annales historians?",
        ("The Identity of France by Fernand Braudel is a gentle way in.", 0),
        ("I'd start with Braudel. The Mediterranean is long but rewarding.", 0),
    ])
    posts = posts[0:1] + posts[2:]
    assert "braudel" in rec_authors(posts[1])
    assert by_title(posts[1], "Braudel") is None


def test_seconding_an_author_named_before() -> None:
    posts = thread([
        "Popular science books about evolution?",
        ("The Selfish Gene by Richard Dawkins, still the clearest.", 0),
        ("Seconding Dawkins, and his Climbing Mount Improbable too.", 1),
    ])
    assert "dawkins" in rec_authors(posts[2])
    assert by_title(posts[2], "Dawkins") is None


def test_an_adjective_ending_in_s_is_no_author() -> None:
    ms = one("Italo Calvino, Se una notte d'inverno un viaggiatore. Gorgeous book.")
    assert all("Gorgeou" not in a for m in ms for a in m.authors), ms


def test_possessive_coordination_splits_into_titles() -> None:
    ms = one("Mishima's Spring Snow and Runaway Horses are both gorgeous.")
    titles = {(m.title or "").casefold() for m in recommended(ms)}
    assert titles == {"spring snow", "runaway horses"}, ms
    assert all(m.authors == ("Mishima",) for m in recommended(ms))


def test_a_later_cue_starts_a_new_scope_after_a_warning() -> None:
    posts = thread([
        "Books on the Spanish Civil War?",
        ("Homage to Catalonia by George Orwell.", 0),
        ("The Spanish Holocaust by Paul Preston, grim but thorough.", 0),
        ("I wouldn't start with Preston, start with Orwell then read him.", 0),
    ])
    ms = posts[3]
    assert "orwell" in rec_authors(ms)
    assert "preston" not in {a.casefold() for m in recommended(ms) for a in m.authors}


def test_name_comma_article_title_is_a_byline() -> None:
    posts = thread([
        "Books about Reconstruction?",
        ("Tiya Miles, The Dawn of Detroit. Short and clear.", 0),
        ("Red Mars, The Years of Rice and Salt and Aurora are all great.", 0),
    ])
    m = by_title(posts[1], "The Dawn of Detroit")
    assert m is not None and m.recommended and m.authors == ("Tiya Miles",)
    assert all(m.authors != ("Red Mars",) for m in posts[2])


def test_title_in_apposition_after_a_description() -> None:
    posts = thread(["Books on the French colonial wars?",
                    ("Alistair Horne's big one about Algeria, A Savage War of Peace. Superb.", 0)])
    rec = recommended(posts[1])
    assert [(m.kind, m.title, m.authors) for m in rec] == [
        ("possessive", "A Savage War of Peace", ("Alistair Horne",))]


def test_lower_case_name_after_anything_by() -> None:
    posts = thread(["Books on decolonisation?", ("anything by fanon tbh", 0),
                    ("Russia doesn't gain anything by splitting with China now", 0)])
    assert rec_authors(posts[1], "author_only") == {"fanon"}
    assert recommended(posts[2]) == []


def test_an_authors_writings_listed_in_an_answer_but_not_a_remark_about_them() -> None:
    posts = thread(["Books on decolonisation?",
                    ("Fanon's essays, and Memmi's book on the colonizer and the colonized.", 0),
                    ("Taleb's books are 20% idea and 80% insulting people.", 0)])
    assert "fanon" in rec_authors(posts[1], "author_only")
    assert recommended(posts[2]) == []


def test_possessive_foreign_title_goes_on_in_capitals_after_a_particle() -> None:
    ms = one("If your French is good, Paul Martin's Les gens du Grand Nord is a lovely book.")
    m = by_title(ms, "Les gens du Grand Nord")
    assert m is not None and m.recommended and m.authors == ("Paul Martin",), ms


def test_a_name_has_no_lower_case_word_but_particles() -> None:
    assert person_score(["Les", "gens", "du", "Nord"]) == 0.0
    assert person_score(["Ludwig", "van", "Beethoven"]) >= 0.5


def test_two_owners_joined_by_ampersand_are_both_authors() -> None:
    ms = one("Smith & Okafor's Tidal Futures is the best short book on sea-level risk.")
    m = by_title(ms, "Tidal Futures")
    assert m is not None and m.recommended and m.authors == ("Smith", "Okafor"), ms


def test_owner_of_a_paper_named_by_its_topic_is_its_author() -> None:
    ms = one("Read Castellan's Gossip paper first, then the textbook.")
    m = next((m for m in ms if m.kind == "description"), None)
    assert m is not None and m.authors == ("Castellan",) and m.title is None, ms
    assert m.recommended


def _answer(text: str) -> list:
    return thread(["What should I read about the middle ages?", (text, 0)])[1]


def test_one_word_name_then_a_particle_is_a_person_not_a_byline() -> None:
    ms = _answer("Montaillou is good, it's very much about one village (it follows Pierre de "
                 "Clergue). Also good on the Cathars.")
    assert by_title(ms, "Pierre") is None, ms
    assert rec_titles(_answer("Try L'Étranger de Camus, it's short.")) == {"l'étranger"}


def test_a_name_before_translation_is_the_translator() -> None:
    ms = _answer("Yes, get the Margaret Jull Costa translation of it, it's excellent.")
    assert rec_authors(ms) == set(), ms


def test_a_one_word_name_the_next_sentence_calls_him_is_a_person() -> None:
    ms = one("Honestly, read Epictetus. The Handbook is short and everyone after him borrows "
             "from it.")
    assert rec_authors(ms, "author_only") == {"epictetus"}
    assert by_title(ms, "Epictetus") is None


# --- lower-case possessives (issue 3, second pass) -----------------------------------------

def test_a_whole_name_in_lower_case_and_its_lower_case_title() -> None:
    posts = thread([
        "books on the american west?",
        ("joan didion's slouching towards bethlehem. essays that still hold up.", 0),
        ("ivan doig's this house of sky is a quiet masterpiece", 0),
        ("Seconding Doig, and his novels too.", 2),
    ])
    didion = by_title(posts[1], "slouching towards bethlehem")
    assert didion is not None and didion.recommended and didion.authors == ("Joan Didion",)
    doig = by_title(posts[2], "this house of sky")
    assert doig is not None and doig.recommended and doig.authors == ("Ivan Doig",)
    assert "doig" in rec_authors(posts[3], "author_only")


@pytest.mark.parametrize("text", [
    "mary beard's take on rome is that the republic was always violent.",
    "john gray's views on progress are bleak. i disagree with him.",
])
def test_what_a_person_has_in_lower_case_is_no_title(text: str) -> None:
    posts = thread(["books on ancient rome?", (text, 0)])
    assert all(m.kind != "possessive" for m in posts[1]), posts[1]


def test_one_surname_a_comma_and_an_articles_title_is_a_byline() -> None:
    posts = thread(["Where to start with the philosophy of science?",
                    ("Okasha, A Very Short Introduction to Philosophy of Science. Tiny and "
                     "clear.", 0)])
    m = by_title(posts[1], "A Very Short Introduction to Philosophy of Science")
    assert m is not None and m.recommended and m.authors == ("Okasha",)


def test_an_authors_book_the_thread_named_is_that_title() -> None:
    posts = thread(["Books on central banking?",
                    ("Walter Bagehot's Lombard Street, still the classic.", 0),
                    ("Bagehot's book for sure, it holds up.", 0)])
    m = next((x for x in posts[2] if x.recommended), None)
    assert m is not None and m.title == "Lombard Street", posts[2]


def test_an_authors_series_named_in_apposition() -> None:
    posts = thread(["Fantasy books for a teenager?",
                    ("Tamora Pierce's other series, The Immortals, if she likes horses.", 0)])
    assert "the immortals" in rec_titles(posts[1]), posts[1]


def test_a_lower_case_title_before_if_you() -> None:
    posts = thread(["what to read on the dust bowl?",
                    ("the grapes of wrath if you havent read it. steinbeck at his best.", 0)])
    assert "the grapes of wrath" in rec_titles(posts[1]), posts[1]


def test_two_name_words_a_comma_and_a_title_with_and() -> None:
    posts = thread(["Books on the history of tea?",
                    ("Erika Rappaport, A Thirst for Empire. Tea and the British Empire.", 0),
                    ("Lucinda Holdforth, Sweetness and Light. A short fun one.", 0)])
    first = by_title(posts[1], "A Thirst for Empire")
    assert first is not None and first.authors == ("Erika Rappaport",)
    second = by_title(posts[2], "Sweetness and Light")
    assert second is not None and second.recommended and second.authors == ("Lucinda Holdforth",)
    assert not any(m.title in ("Sweetness", "Light") for m in posts[2])


def test_the_book_by_an_author_is_no_title() -> None:
    posts = thread(["Books on the Pacific war?",
                    ("The miniseries is great but the book by Ambrose is unreliable.", 0),
                    ("Helmet for My Pillow by Robert Leckie is the book that shaped the series.",
                     0)])
    assert all(m.title != "the book" for ms in posts for m in ms)
    assert rec_titles(posts[2]) == {"helmet for my pillow"}


def test_one_surname_before_a_subtitled_title_is_a_byline() -> None:
    posts = thread(["Self-study statistical mechanics?",
                    ("honestly just get Pathria, Statistical Mechanics: Third Edition Revised. "
                     "Tons of problems.", 0)])
    assert all(m.title != "Pathria" for m in recommended(posts[1])), posts[1]
    m = next((x for x in posts[1] if x.title and x.title.startswith("Statistical Mechanics")),
             None)
    assert m is not None and m.authors == ("Pathria",), posts[1]


def test_a_given_name_that_is_also_a_word_opens_a_name_after_by() -> None:
    posts = thread(["Books on the history of philosophy?",
                    ("The Story of Philosophy by Will Durant. Old but lively.", 0)])
    m = by_title(posts[1], "The Story of Philosophy")
    assert m is not None and m.recommended and m.authors == ("Will Durant",), posts[1]


def test_an_authors_other_one_named_in_apposition() -> None:
    posts = thread(["Books on the attention economy?",
                    ("Jenny Odell's How to Do Nothing.", 0),
                    ("Odell's other one, Saving Time, is even better.", 1)])
    assert "saving time" in rec_titles(posts[2]), posts[2]
    assert all(m.kind != "description" for m in recommended(posts[2])), posts[2]


def test_a_possessive_title_with_is_between_capitals() -> None:
    posts = thread(["Books on minimalism?", ("Fumio Sasaki's Goodbye is Forever. Short.", 0)])
    assert "goodbye is forever" in rec_titles(posts[1]), posts[1]


def test_people_said_to_have_written_are_authors_the_thread_remembers() -> None:
    posts = thread(["What should I read about medieval towns?",
                    ("Marjorie and Daniel Okafor wrote a whole shelf on this. Town Walls of "
                     "Flanders is the one you want.", 0),
                    ("Seconding the Okafor books.", 1)])
    assert not any(m.recommended and m.authors == ("Okafor",) for m in posts[1])
    assert rec_authors(posts[2], "author_only") == {"okafor"}, posts[2]
    assert by_title(posts[2], "Okafor") is None


def test_writes_well_is_no_authorship() -> None:
    posts = thread(["What should I read about medieval towns?",
                    ("Town Walls is fine as narrative, Okafor writes well, but it's thin.", 0)])
    assert rec_authors(posts[1], "author_only") == set(), posts[1]


def test_joined_initials_before_a_surname_make_one_name() -> None:
    ms = one("- anything by K.T. Varga, best read on a cold night")
    assert any(m.kind == "author_only" and m.recommended and m.authors == ("K.T. Varga",)
               for m in ms), ms


def test_his_topic_paper_is_a_description_by_the_author_named_before() -> None:
    ms = _answer("Okoye's The Quiet Field is short and clear. His drought paper is fun too.")
    d = next((m for m in ms if m.kind == "description"), None)
    assert d is not None and d.recommended and d.authors == ("Okoye",), ms
    assert d.description == "drought paper"
    ms = _answer("Okoye's The Quiet Field is short. His new book is fun too.")
    assert not any(m.kind == "description" for m in ms), ms


def test_commas_between_coauthors_when_and_ends_the_list() -> None:
    ms = one("I recommend Tide Tables by Varga, Okafor and Lindqvist.")
    m = by_title(ms, "Tide Tables")
    assert m is not None and m.authors == ("Varga", "Okafor", "Lindqvist"), ms
    assert not any(m.title and "Okafor" in m.title for m in ms)


def test_a_comma_after_an_author_without_and_ends_the_byline() -> None:
    ms = one("I recommend Tide Tables by Varga, Okafor is fine too.")
    m = by_title(ms, "Tide Tables")
    assert m is not None and m.authors == ("Varga",), ms


def test_a_little_book_is_described_not_named() -> None:
    ms = one("And read Okafor's little book for young savers, it's like 20 pages.")
    m = next((m for m in ms if m.recommended), None)
    assert m is not None and m.kind == "description" and m.authors == ("Okafor",), ms


def test_an_author_alone_then_a_book_to_start_with() -> None:
    posts = thread(["Weird fiction?", ("Ilse Varga. Start with Pale Harbour Songs. It's bleak.", 0)],
                   title="Weird fiction recommendations?")
    ms = posts[1]
    m = by_title(ms, "Pale Harbour Songs")
    assert m is not None and m.recommended and m.authors == ("Ilse Varga",), ms
    assert any(a.kind == "author_only" and a.recommended and a.authors == ("Ilse Varga",)
               for a in ms), ms
    assert by_title(ms, "Start with Pale Harbour Songs") is None


def test_a_remembered_author_beside_titles_under_another_byline() -> None:
    posts = thread(["Books on bubbles?",
                    ("Tulip Fever Years by Ilse Okafor is the fun history.", 0),
                    ("seconding Okafor, and Boom, Bust and Panic by Varga if you want more.", 0)],
                   title="Books on bubbles?")
    ms = posts[2]
    assert any(m.kind == "author_only" and m.recommended and m.authors == ("Okafor",)
               for m in ms), ms
    assert by_title(ms, "Okafor") is None
    assert "boom, bust and panic" in rec_titles(ms), ms


def test_an_author_then_titles_in_brackets() -> None:
    posts = thread(["Pond books?", ("And Nina Varga for ponds (Still Water Gardens, Reeds and "
                                    "Rushes Naturally).", 0)], title="Pond book recommendations?")
    ms = posts[1]
    assert any(m.kind == "author_only" and m.recommended and m.authors == ("Nina Varga",)
               for m in ms), ms
    for title in ("Still Water Gardens", "Reeds and Rushes Naturally"):
        m = by_title(ms, title)
        assert m is not None and m.recommended and m.authors == ("Nina Varga",), ms


def test_a_person_with_an_aside_in_brackets_names_no_titles() -> None:
    posts = thread(["Pond books?", ("I met Nina Varga (and her dog) at the show.", 0)],
                   title="Pond book recommendations?")
    assert not any(m.recommended and m.title for m in posts[1]), posts[1]


def test_a_remembered_author_then_a_quoted_title_is_its_byline() -> None:
    posts = thread(["Replication reading?",
                    ("Tide Tables by Ilse Okafor is the classic.", 0),
                    ('Everyone should also read Okafor, "Why Most Tide Tables Are Wrong".', 0)],
                   title="Replication reading?")
    ms = posts[2]
    m = by_title(ms, "Why Most Tide Tables Are Wrong")
    assert m is not None and m.recommended and m.authors == ("Okafor",), ms
    assert not any(k.kind == "author_only" for k in ms), ms


def test_a_remembered_short_title_inside_a_longer_one_is_not_it() -> None:
    posts = thread(["Garden books?", ("Read Varga's Garden, it's lovely.", 0),
                    ("Try Uncommon Fruits for Every Garden by Ilse Okafor.", 0)],
                   title="Garden book recommendations?")
    assert rec_titles(posts[2]) == {"uncommon fruits for every garden"}, posts[2]


def test_a_remembered_surname_in_lower_case_after_a_cue_is_the_author() -> None:
    posts = thread(["Money books?", ("Quiet Compounding by Nina Okafor. Great.", 0),
                    ("i'd start with okafor and come back to the rest in a year", 0)],
                   title="Money book recommendations?")
    ms = posts[2]
    assert any(m.kind == "author_only" and m.recommended and m.authors == ("okafor",)
               for m in ms), ms


def test_an_unknown_lower_case_word_after_a_cue_is_no_author() -> None:
    posts = thread(["Money books?", ("i'd start with savings and come back later", 0)],
                   title="Money book recommendations?")
    assert not any(m.kind == "author_only" for m in posts[1]), posts[1]


@pytest.mark.parametrize("text", ["Also Nina Okafor, obviously, though she's more essays.",
                                  "Nina Okafor, obviously."])
def test_a_name_given_as_the_whole_answer_recommends_the_author(text: str) -> None:
    posts = thread(["Brain books?", (text, 0)], title="Brain book recommendations?")
    assert any(m.kind == "author_only" and m.recommended and m.authors == ("Nina Okafor",)
               for m in posts[1]), posts[1]


def test_a_name_in_a_story_is_no_answer() -> None:
    posts = thread(["Brain books?", ("I met Nina Okafor once, she was kind.", 0)],
                   title="Brain book recommendations?")
    assert recommended(posts[1]) == [], posts[1]


def test_titles_named_after_an_author_recommended_as_such_are_their_works() -> None:
    posts = thread(["Books on writing a compiler?",
                    ("Check out anything by Niklaus Wirth. Compiler Construction is ~130 pages "
                     "and the PDF is still up.", 0),
                    ("Anything by Domenico Losurdo. His Stalin book especially.", 0)])
    alone = thread(["Books on writing a compiler?",
                    ("Compiler Construction is ~130 pages and the PDF is still up.", 0)])
    m = next(m for m in posts[1] if m.title == "Compiler Construction")
    assert m.recommended and m.authors == ("Niklaus Wirth",)
    d = next(m for m in posts[2] if m.kind == "description")
    assert d.recommended and d.description == "Stalin" and d.authors == ("Domenico Losurdo",)
    # the same sentence without the author before it is no recommendation on its shape alone
    assert recommended(alone[1]) == []


def test_two_surnames_joined_by_an_ampersand_are_two_authors() -> None:
    posts = thread(["Books on the history of inflation?",
                    ("A Monetary History of the United States by Friedman and Schwartz.", 0),
                    ("Seconding Friedman & Schwartz, but pair it with something else.", 1)])
    m = next(m for m in posts[2] if m.recommended)
    assert m.kind == "author_only" and m.title is None
    assert set(m.authors) == {"Friedman", "Schwartz"}


def test_a_hyphenated_topic_before_book_describes_it() -> None:
    ms = one("Read Richard Hammack's free intro-to-proofs book first, it's excellent.")
    d = next(m for m in ms if m.recommended)
    assert d.kind == "description" and d.title is None and d.authors == ("Richard Hammack",)
    # a plain lower-case word may name it ("Reich's pruning book" is The Pruning Book)
    named = one("You should read Lee Reich's pruning book, it's excellent.")
    assert any((m.title or "").casefold() == "pruning book" for m in named)


def test_a_surname_with_a_lower_case_prefix_glued_on() -> None:
    posts = thread(["Astronomy books?",
                    ("Astrophysics for People in a Hurry by Neil deGrasse Tyson is a fine start.",
                     0)])
    m = by_title(posts[1], "Astrophysics for People in a Hurry")
    assert m is not None and m.authors == ("Neil deGrasse Tyson",)


@pytest.mark.parametrize("text, title, author", [
    ("The Body Keeps the Score by Bessel van der Kolk, seriously.", "The Body Keeps the Score",
     "Bessel van der Kolk"),
    ("And later 100 Endgames You Must Know by de la Villa.", "100 Endgames You Must Know",
     "de la Villa"),
    ("the hobbit by j. r. r. tolkien is a good one", "the hobbit", "j. r. r. tolkien"),
])
def test_names_with_chained_particles_or_lower_case_initials(text: str, title: str,
                                                              author: str) -> None:
    posts = thread(["Any books on this?", (text, 0)])
    m = by_title(posts[1], title)
    assert m is not None and m.recommended and m.authors == (author,)


def test_names_and_a_comma_before_a_title_are_its_authors() -> None:
    posts = thread(["What are the key works on the economics of welfare states?",
                    ("Start with Esping-Andersen, The Three Worlds of Welfare Capitalism (1990). "
                     "Everything since argues with it.", 0),
                    ('For the long run read Atkinson, Piketty & Saez, "Top Incomes in the Long Run '
                     'of History", JEL 2011.', 0),
                    ("Read Kalanithi instead, When Breath Becomes Air "
                     "(https://www.amazon.com/dp/081298840X).", 0),
                    ("If you want the classical age, Halil İnalcık, *The Ottoman Empire: The "
                     "Classical Age 1300-1600*.", 0),
                    ("Read Dune, The Left Hand of Darkness and Hyperion.", 0)])
    m = by_title(posts[1], "Three Worlds of Welfare Capitalism")
    assert m is not None and m.recommended and m.authors == ("Esping-Andersen",)
    assert "esping-andersen" not in rec_titles(posts[1])
    m = by_title(posts[2], "Top Incomes in the Long Run of History")
    assert m is not None and m.authors == ("Atkinson", "Piketty", "Saez")
    assert rec_titles(posts[2]) == {"top incomes in the long run of history"}
    m = by_title(posts[3], "When Breath Becomes Air")
    assert m is not None and m.authors == ("Kalanithi",)
    assert "kalanithi" not in rec_titles(posts[3])
    assert rec_titles(posts[4]) == {"the ottoman empire: the classical age 1300-1600"}
    assert {"dune", "the left hand of darkness"} <= rec_titles(posts[5])  # a list stays one


def test_a_person_and_two_titles_joined_by_and_the() -> None:
    posts = thread(["Books on the history of swing?",
                    ("If you want the musicology: Gunther Schuller, Early Jazz and The Swing Era. "
                     "Heavy going.", 0)])
    assert rec_titles(posts[1]) == {"early jazz", "the swing era"}
    assert rec_authors(posts[1]) == {"gunther schuller"}


def test_a_thread_that_recommended_a_work_lets_later_bare_titles_through() -> None:
    posts = thread([("Great piece! For the longer story, Ted Gioia's The History of Jazz is the best "
                     "one-volume overview I know."),
                    ("If you want the musicology: Gunther Schuller, Early Jazz. Heavy going.", 0)],
                   title="Comments on 'From Congo Square to Bebop'")
    assert "the history of jazz" in rec_titles(posts[0])
    assert "early jazz" in rec_titles(posts[1])
    posts = thread(["Great piece! The Congo Square section was the best part.",
                    ("If you want the musicology: Gunther Schuller, Early Jazz. Heavy going.", 0)],
                   title="Comments on 'From Congo Square to Bebop'")
    assert "early jazz" not in rec_titles(posts[1])


def test_in_a_dump_one_recommendation_does_not_open_a_chatter_thread() -> None:
    from readlist.extract import ThreadTracker
    from readlist.models import Post

    tracker = ThreadTracker()
    texts = ["Weekend plans? Mine is the Congo Square festival.",
             "Ted Gioia's The History of Jazz is the best one-volume overview I know.",
             "If you want the musicology: Gunther Schuller, Early Jazz. Heavy going."]
    out = [tracker.extract(Post(source="dump.ndjson", index=i, text=t, thread="t3_x",
                                id="t3_x" if i == 0 else f"c{i}", parent=None if i == 0 else 0,
                                thread_title="Weekend plans?"))
           for i, t in enumerate(texts)]
    assert "early jazz" not in rec_titles(out[2])


def test_more_ways_to_recommend_an_author() -> None:
    posts = thread(["Books on game design?",
                    ("For design, The Art of Game Design by Jesse Schell.", 0),
                    ("+1 Schell. Also Building Blocks of Tabletop Game Design by Engelstein.", 1),
                    ("George Pelecanos too, same deal, he wrote for the show.", 0),
                    ("Lane Kenworthy. Basically anything he's written, but Social Democratic "
                     "Capitalism (2019) is the most recent synthesis.", 0),
                    ("kate davies - anything she's written really, but especially Handywoman.", 0),
                    ("And anything by Karen Barkey if you like comparative empires.", 0)])
    assert rec_authors(posts[2], "author_only") == {"schell"}
    assert "george pelecanos" in rec_authors(posts[3], "author_only")
    assert "lane kenworthy" in rec_authors(posts[4], "author_only")
    assert "social democratic capitalism" in rec_titles(posts[4])
    assert "lane kenworthy" not in rec_titles(posts[4])
    assert "kate davies" in rec_authors(posts[5], "author_only")
    assert rec_authors(posts[6], "author_only") == {"karen barkey"} and not rec_titles(posts[6])


def test_who_has_a_newer_one_wrote_it_and_an_article_ends_a_possessor() -> None:
    posts = thread(["Bird books for a beginner?",
                    ("Sibley. The Sibley Guide to Birds is the gold standard.", 0),
                    ("Also Sibley has a newer one, What It's Like to Be a Bird, half art book.", 0),
                    ("Read McKee's Story and Truby's The Anatomy of Story back to back.", 0),
                    ("For Monk, Robin Kelley's biography is a masterpiece.", 0)])
    m = by_title(posts[2], "What It's Like to Be a Bird")
    assert m is not None and m.recommended and m.authors == ("Sibley",)
    assert "sibley" not in rec_titles(posts[2])
    m = by_title(posts[3], "The Anatomy of Story")
    assert m is not None and m.authors == ("Truby",)
    assert "monk" not in rec_titles(posts[4])


def test_two_peoples_works_in_one_sentence_and_a_title_ending_in_die() -> None:
    posts = thread(["Photobooks that improved your composition?",
                    ("Study Robert Frank's The Americans and Stephen Shore's Uncommon Places.", 0),
                    ("Stahel's Operation Barbarossa and Germany's Defeat in the East is dense.", 0),
                    ("Mary Renault's The King Must Die. Old but great.", 0),
                    ("Cartier-Bresson's Images à la sauvette, and Frank's The Americans.", 0)])
    assert by_title(posts[1], "The Americans").authors == ("Robert Frank",)  # type: ignore[union-attr]
    assert by_title(posts[1], "Uncommon Places").authors == ("Stephen Shore",)  # type: ignore[union-attr]
    assert by_title(posts[2], "Operation Barbarossa and Germany's Defeat in the East") is not None
    assert "the king must die" in rec_titles(posts[3])
    m = by_title(posts[4], "Images à la sauvette")
    assert m is not None and m.authors == ("Cartier-Bresson",)


def test_names_before_a_subtitled_title_and_editions_named_by_a_by_line() -> None:
    posts = thread(["Best books on the Soviet economy?",
                    ("For the end: Kotz and Weir, Revolution from Above: The Demise of the Soviet "
                     "System. Their thesis is bold.", 0),
                    ("First one: Heavy Weather Sailing (the Adlard Coles one, edited by Peter Bruce).",
                     0),
                    ("The Black Echo, the first Harry Bosch book by Michael Connelly.", 0)])
    m = by_title(posts[1], "Revolution from Above: The Demise of the Soviet System")
    assert m is not None and m.recommended and m.authors == ("Kotz", "Weir")
    assert not any("adlard coles one" in t for t in rec_titles(posts[2]))
    assert not any("harry bosch book" in t for t in rec_titles(posts[3]))
