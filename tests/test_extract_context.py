"""Thread context (issue 3): a reply answering "what should I read about ...", a thread titled
"books on X?", a reply whose cue refers to its parent, and thread memory."""

from __future__ import annotations

import pytest
from extract_support import by_title, one, post, rec_titles, recommended, thread

from readlist.extract import ThreadContext, ThreadTracker, extract_mentions
from readlist.extract.context import asks_for_reading
from readlist.models import Post


def test_bare_title_in_a_reply_to_a_request_is_recommended() -> None:
    posts = thread([
        "What should I read about the Byzantine empire?",
        ("Lost to the West. Very readable.", 0),
        ("Byzantium by Judith Herrin", 0),
    ])
    assert rec_titles(posts[1]) == {"lost to the west"}
    assert rec_titles(posts[2]) == {"byzantium"}


def test_the_same_bare_title_outside_a_request_is_not() -> None:
    ms = one("Byzantium by Judith Herrin")
    assert recommended(ms) == []


def test_thread_title_asking_for_books_makes_bare_titles_answers() -> None:
    posts = thread(["Journey Through Genius", "The Music of the Primes"],
                   title="Books on the history of mathematics?")
    # A flat dump: the first post opens the thread, the second answers it.
    assert rec_titles(posts[1]) == {"the music of the primes"}


def test_context_is_what_decides_not_the_text() -> None:
    text = "The Name of the Wind by Patrick Rothfuss"
    asked = ThreadContext(title="Fantasy books for a long flight?", asks_for_books=True,
                          parent_asks=True)
    assert rec_titles(extract_mentions(post(text, 1), asked)) == {"the name of the wind"}
    assert rec_titles(extract_mentions(post(text, 1), ThreadContext())) == set()


def test_the_opening_post_of_a_request_thread_recommends_nothing() -> None:
    posts = thread([
        "Books on the history of mathematics? I already own Men of Mathematics.",
    ], title="Books on the history of mathematics?")
    assert recommended(posts[0]) == []


def test_a_reply_cue_for_a_title_the_parent_named() -> None:
    posts = thread([
        "Any novels set in Lagos?",
        ("Stay With Me by Ayobami Adebayo.", 0),
        ("Seconding Stay With Me, it wrecked me.", 1),
    ])
    m = by_title(posts[2], "Stay With Me")
    assert m is not None and m.recommended
    assert m.authors == ("Ayobami Adebayo",)


def test_a_question_reply_does_not_recommend_the_parents_title() -> None:
    posts = thread([
        "Books about the Irish famine?",
        ("The Great Hunger by Cecil Woodham-Smith.", 0),
        ("Is The Great Hunger still considered accurate?", 1),
    ])
    assert rec_titles(posts[1]) == {"the great hunger"}
    assert recommended(posts[2]) == []


def test_a_status_thread_asks_for_no_advice() -> None:
    posts = thread([
        "What are you reading this week? I'm on Wolf Hall.",
        ("Finally started The Goldfinch, 200 pages in.", 0),
        ("Just finished Circe by Madeline Miller and loved it, highly recommend.", 0),
    ], title="What are you reading this week?")
    assert recommended(posts[0]) == [] and recommended(posts[1]) == []
    assert rec_titles(posts[2]) == {"circe"}


def test_thread_memory_is_per_source() -> None:
    from readlist.extract import ThreadTracker
    from readlist.models import Post

    tracker = ThreadTracker()
    tracker.extract(Post("a.txt", 0, "Books on compilers?", thread_title="Books on compilers?"))
    tracker.extract(Post("a.txt", 1, "Engineering a Compiler (EaC) by Cooper.", parent=0))
    later = tracker.extract(Post("b.txt", 0, "EaC is a great acronym for nothing."))
    assert all(m.title != "Engineering a Compiler" for m in later)


def test_a_reply_that_only_agrees_recommends_what_its_parent_recommended() -> None:
    posts = thread([
        "What's a good intro to game theory?",
        ("The Evolution of Cooperation by Robert Axelrod. Short, no maths needed.", 0),
        ("This.", 1),
        ("+1, that's the one", 1),
    ])
    for reply in posts[2:]:
        assert rec_titles(reply) == {"the evolution of cooperation"}
        m = recommended(reply)[0]
        assert m.authors == ("Robert Axelrod",)
        assert m.confidence < recommended(posts[1])[0].confidence


def test_yes_read_it_answers_a_question_about_a_title() -> None:
    posts = thread([
        "What's a good intro to game theory?",
        ("Has anyone read The Strategy of Conflict? Worth it?", 0),
        ("Yes! Read it.", 1),
        ("This is a terrible question.", 1),
    ])
    assert recommended(posts[1]) == []
    assert rec_titles(posts[2]) == {"the strategy of conflict"}
    assert recommended(posts[3]) == []


def test_agreeing_with_a_criticism_recommends_nothing() -> None:
    posts = thread([
        "Books on leadership?",
        ("I loathe The 48 Laws of Power.", 0),
        ("This!", 1),
    ])
    assert recommended(posts[2]) == []


def test_the_askers_own_read_is_no_cue() -> None:
    posts = thread([
        "Where to start with philosophy of mind? I read The Mind's Eye as a teen, that's it.",
    ])
    assert recommended(posts[0]) == []


def test_an_offer_is_not_a_request() -> None:
    posts = thread([
        "What are you all up to this weekend?",
        ("If anyone's looking for a weekend read, Kropotkin's Mutual Aid is short and you "
         "can read it on a train.", 0),
    ], title="What are you all up to this weekend?")
    assert rec_titles(posts[1]) == {"mutual aid"}


# --- a sentence goes on from the one before (issue 3, second pass) --------------------------

def test_also_after_a_recommendation_recommends() -> None:
    posts = thread([
        "Best hard science fiction?",
        ("Blindsight by Peter Watts is superb, everyone should read it. Also The Quantum Thief.",
         0),
        ("Seveneves by Neal Stephenson is a slog. Also Anathem.", 0),
    ])
    assert rec_titles(posts[1]) == {"blindsight", "the quantum thief"}
    assert recommended(posts[2]) == [], posts[2]


@pytest.mark.parametrize("text, title", [
    ("Surprised nobody mentioned The Soul of a New Machine.", "the soul of a new machine"),
    ("You forgot Hackers by Steven Levy!", "hackers"),
    ("Don't bother with the pop histories, go straight to Ceruzzi's A History of Modern "
     "Computing.", "a history of modern computing"),
])
def test_pointing_out_an_omission_or_going_straight_to(text: str, title: str) -> None:
    posts = thread(["Books on the history of computing?", (text, 0)])
    assert any(t.removeprefix("the ") == title.removeprefix("the ")
               for t in rec_titles(posts[1])), posts[1]


def test_praise_of_it_in_the_next_sentence_and_an_exclamation() -> None:
    posts = thread([
        "My favourite novels about the sea, what are yours?",
        ("Surprised you skipped Richard Henry Dana's Two Years Before the Mast. It's a memoir "
         "but it's the most vivid thing I've read about ships.", 0),
        ("The Old Man and the Sea!!! Short and perfect.", 0),
    ])
    assert "two years before the mast" in rec_titles(posts[1]), posts[1]
    assert "the old man and the sea" in rec_titles(posts[2]), posts[2]


@pytest.mark.parametrize("title", [
    "Best one-volume history of the Byzantine Empire?",
    "Ask HN: How did you learn to design databases?",
])
def test_asking_for_a_history_or_how_people_learnt_asks_for_reading(title: str) -> None:
    posts = thread([title, ("Transaction Processing by Jim Gray and Andreas Reuter. Dense.", 0)],
                   title=title)
    assert "transaction processing" in rec_titles(posts[1]), posts[1]


def test_a_condition_after_the_title_recommends_it() -> None:
    posts = thread(["Books on the French Revolution?",
                    ("Simon Schama's Citizens if you want the narrative. It's long.", 0),
                    ("Furet's Interpreting the French Revolution, if you can stand "
                     "historiography.", 0)])
    assert "citizens" in rec_titles(posts[1]), posts[1]
    assert "interpreting the french revolution" in rec_titles(posts[2]), posts[2]


def test_second_at_the_start_seconds_a_remembered_title() -> None:
    posts = thread(["Books on type theory?",
                    ("Types and Programming Languages by Benjamin Pierce.", 0),
                    ("Second Types and Programming Languages. Chapter 9 alone is worth it.", 1)])
    assert "types and programming languages" in rec_titles(posts[2]), posts[2]


def test_forms_people_use_in_a_dumps_chatter_thread() -> None:
    """In a thread that asks for nothing, these still recommend: a list under "Some picks:",
    a book's link handed over with "Here you go", a byline with an emphatic "seriously", and a
    byline in lower case praised at once (the pre-filter lets it through too)."""
    from readlist.extract import could_mention
    from readlist.models import Post

    chatter = ThreadContext(many_threads=True)
    for text, surface in (
            ("Fair point. My picks:\n\n- *Middlemarch* by George Eliot\n- Stoner by John Williams",
             "Stoner by John Williams"),
            ("Here you go: https://www.goodreads.com/book/show/4671.The_Great_Gatsby",
             "https://www.goodreads.com/book/show/4671.The_Great_Gatsby"),
            ("[Stoner](https://openlibrary.org/works/OL1W) by John Williams, honestly.",
             "[Stoner](https://openlibrary.org/works/OL1W) by John Williams"),
            ("lol same. middlemarch by george eliot is a great one though", "middlemarch by george eliot")):
        assert could_mention(text, chatter), text
        found = {m.surface: m.recommended for m in
                 extract_mentions(Post(source="t", index=0, text=text), chatter)}
        assert found.get(surface) is True, (text, found)
    # The aside must end the sentence: "seriously overrated" is no praise.
    found = extract_mentions(Post(source="t", index=0,
                                  text="Stoner by John Williams, seriously overrated."), chatter)
    assert not any(m.recommended for m in found)
    # A lower-case byline that nobody praises stays out in chatter.
    assert not could_mention("it was made by apple and sold by best buy", chatter)


def test_yes_then_read_it_answers_a_question_about_a_work() -> None:
    posts = thread(["Books on state planning?",
                    ("anyone read The Art of Not Being Governed? is it relevant here", 0),
                    ("yes!! the chapters on hill peoples are exactly this. read it", 1),
                    ("yes but honestly it drags, I'd skip it", 1)])
    assert "the art of not being governed" in rec_titles(posts[2]), posts[2]
    assert recommended(posts[3]) == [], posts[3]


def test_yes_worth_it_with_the_author_praised_too() -> None:
    posts = thread(["Horror novels that actually scare?",
                    ("Anyone read Mexican Gothic? Is it worth it?", 0),
                    ("Yes, absolutely worth it. Silvia Moreno-Garcia is brilliant.", 1)])
    assert "mexican gothic" in rec_titles(posts[2]), posts[2]


@pytest.mark.parametrize("opener", [
    "Ask HN: How do I get into compilers as a web developer?",
    "I keep fixing parser bugs blind. Books, talks, whatever worked for you.",
])
def test_getting_into_a_field_asks_for_reading(opener: str) -> None:
    posts = thread([opener, ("Crafting Small Parsers by Ilse Varga. Short and practical.", 0)])
    assert "crafting small parsers" in rec_titles(posts[1]), posts[1]


def test_getting_into_a_place_asks_for_no_reading() -> None:
    assert not asks_for_reading("I got into the venue late, whatever.")
    assert not asks_for_reading("Whatever worked for you last year, do it again.")


def test_the_askers_thanks_with_orders_and_plans_recommends_nothing() -> None:
    posts = thread(["Which reader after the first textbook? I have Harbour Steps already.",
                    ("Harbour Steps is good, and Quiet Lanterns by Ilse Varga is great.", 0),
                    ("Thanks all! Ordering Quiet Lanterns and I'll try Harbour Steps on the side.",
                     0),
                    ("Update: bought Quiet Lanterns used for $6 and the library had Harbour "
                     "Steps.", 0)],
                   title="Which reader after the first textbook?")
    assert "quiet lanterns" in rec_titles(posts[1]), posts[1]
    assert recommended(posts[2]) == [], posts[2]
    assert recommended(posts[3]) == [], posts[3]


def test_once_you_finish_a_remembered_title_it_is_the_step_before() -> None:
    posts = thread(["Which reader after the first textbook?",
                    ("Harbour Steps is the standard one.", 0),
                    ("Read Quiet Lanterns by Ilse Varga once you finish Harbour Steps, "
                     "it's great.", 0)],
                   title="Which reader after the first textbook?")
    assert rec_titles(posts[2]) == {"quiet lanterns"}, posts[2]


def test_i_would_try_is_still_advice() -> None:
    posts = thread(["Which reader after the first textbook?",
                    ("I'd try Quiet Lanterns by Ilse Varga first.", 0)],
                   title="Which reader after the first textbook?")
    assert "quiet lanterns" in rec_titles(posts[1]), posts[1]


def test_read_it_answering_a_question_about_a_work() -> None:
    posts = thread(["Books on product strategy?",
                    ("Has anyone read Competing Against Luck recently? Does it hold up?", 0),
                    ("It holds up. The jobs idea is still the clearest thing on strategy. "
                     "Read it.", 1),
                    ("It's dated and a slog. Read it only if you must.", 1)])
    assert "competing against luck" in rec_titles(posts[2]), posts[2]
    assert recommended(posts[3]) == [], posts[3]


def test_mine_is_answers_the_question() -> None:
    posts = thread(["Which book scared you most?", ("mine is Pale Harbour. still think of it.", 0)],
                   title="books that scared you?")
    assert "pale harbour" in rec_titles(posts[1]), posts[1]


def test_plus_one_for_a_name_agrees_about_that_name_only() -> None:
    posts = thread([
        "Books on climate risk?",
        ("I'd point people to Ruth Okoye's Warm Numbers, it's careful with the data.", 0),
        ("+1 for Okoye, she's always careful.", 1),
        ("+1 for this", 1),
    ])
    assert "warm numbers" not in rec_titles(posts[2]), posts[2]
    assert "warm numbers" in rec_titles(posts[3]), posts[3]


def test_a_list_the_markup_gave_counts_as_a_list() -> None:
    """Markdown "- X" and HTML <li> lose their markers in the text; the list_item hints keep
    them, so "Some picks:" followed by a Markdown list recommends its items."""
    from readlist.models import Hint, Post

    text = "Fair. Some picks:\n\nMiddlemarch by George Eliot\nStoner by John Williams"
    first = text.index("Middlemarch")
    second = text.index("Stoner")
    hints = (Hint(first, second - 1, "list_item"), Hint(second, len(text), "list_item"))
    chatter = ThreadContext(many_threads=True)
    marked = extract_mentions(Post(source="t", index=0, text=text, hints=hints), chatter)
    assert [m.recommended for m in marked] == [True, True]
    # Without the hints the same lines are no list, and nothing cues them in chatter.
    bare = extract_mentions(Post(source="t", index=0, text=text), chatter)
    assert not any(m.recommended for m in bare)


def test_the_askers_closing_thanks_names_what_they_will_read_not_recommendations() -> None:
    posts = thread([
        "Any good books on the history of the Silk Road?",
        ("The Silk Roads by Peter Frankopan, very readable.", 0),
        "Thanks everyone!! Ordered The Silk Roads and Empires of the Steppes, will report back.",
    ])
    assert rec_titles(posts[1]) == {"the silk roads"}
    assert recommended(posts[2]) == []


def test_thanking_one_poster_for_a_link_can_still_recommend() -> None:
    posts = thread([
        "Any good books on the history of the Silk Road?",
        "Thanks for the question. For the steppe side, Empires of the Steppes by Rene Grousset "
        "is the classic.",
    ])
    assert rec_titles(posts[1]) == {"empires of the steppes"}


def _by(text: str, index: int, author: str, parent: int | None = None) -> Post:
    return Post(source="t.json", index=index, text=text, parent=parent, author=author,
                thread_title="Books on the Silk Road?")


def test_a_later_post_by_the_opener_is_the_askers_not_a_recommendation() -> None:
    tracker = ThreadTracker()
    tracker.extract(_by("Books on the Silk Road? I have read nothing yet.", 0, "steppe_fan"))
    reply = tracker.extract(_by("The Silk Roads by Peter Frankopan, very readable.", 1,
                                "historian42", 0))
    # The opener's own find: their reading, told back to the thread
    again = tracker.extract(_by("The Silk Roads it is. Empires of the Steppes by Rene Grousset "
                                "was great as well.", 2, "steppe_fan", 1))
    assert rec_titles(reply) == {"the silk roads"}
    assert recommended(again) == []


def test_deleted_accounts_are_not_one_writer() -> None:
    tracker = ThreadTracker()
    tracker.extract(_by("Books on the Silk Road? I have read nothing yet.", 0, "[deleted]"))
    reply = tracker.extract(_by("The Silk Roads by Peter Frankopan, very readable.", 1,
                                "[deleted]", 0))
    assert rec_titles(reply) == {"the silk roads"}


def test_a_title_shortened_to_its_head_after_the_thread_named_it_whole() -> None:
    posts = thread([
        "Any good books on the history of medicine?",
        ("Roy Porter, The Greatest Benefit to Mankind. Huge but witty.", 0),
        ("The Greatest Benefit is the one I give to every new student.", 0),
        ("Greatest Benefit gets my vote too.", 0),
    ])
    for ms in posts[2:]:
        m = by_title(ms, "The Greatest Benefit to Mankind")
        assert m is not None and m.recommended
        assert m.authors == ("Roy Porter",)


def test_a_head_of_one_word_after_the_article_is_no_short_form() -> None:
    posts = thread([
        "Any good books on American cities?",
        ("The Death and Life of Great American Cities by Jane Jacobs.", 0),
        ("The Death of a salesman was on TV last night.", 0),
    ])
    assert recommended(posts[2]) == []


def test_books_named_just_after_the_openers_question() -> None:
    assert asks_for_reading("Been cycling a year. What made it click for you? Doesn't have "
                            "to be books.")
    assert not asks_for_reading("What made it click for you? Mine was getting doored.")


def test_a_title_then_especially_or_next_ends_its_clause() -> None:
    posts = thread(["What should I read on cities and cars?",
                    ("Illich is based. Tools for Conviviality next.", 0),
                    ("Read the anarchists. The Limits of the City especially.", 0)])
    assert "tools for conviviality" in rec_titles(posts[1])
    assert "the limits of the city" in rec_titles(posts[2])


def test_a_short_sentence_going_on_from_one_about_youtube() -> None:
    posts = thread(["What should I read on cities and cars?",
                    ("Not Just Bikes on YouTube was the gateway drug. Then Strong Towns.", 0)])
    assert rec_titles(posts[1]) == set()


def test_an_answer_praising_the_work_the_parent_asked_about() -> None:
    posts = thread([
        "What books helped you with wood finishing?",
        ("Is Bob Flexner's Understanding Wood Finishing worth it or is it overkill?", 0),
        ("Not overkill. It's the only finishing book you'll ever need.", 1),
        ("It's fine. Longer than it needs to be and the chemistry chapters drag.", 1),
    ])
    assert rec_titles(posts[1]) == set()
    assert rec_titles(posts[2]) == {"understanding wood finishing"}
    assert rec_titles(posts[3]) == set()


def test_an_agreement_first_then_a_work_of_its_own() -> None:
    posts = thread([
        "What books actually helped you with sharpening and planing?",
        ("Leonard Lee, The Complete Guide to Sharpening. Dry but complete.", 0),
        ("+1, and for planes Garrett Hack's The Handplane Book.", 1),
        ("+1 for Garrett Hack's The Handplane Book.", 1),
    ])
    assert rec_titles(posts[2]) == {"the complete guide to sharpening", "the handplane book"}
    # "+1 for X" agrees about X only
    assert rec_titles(posts[3]) == {"the handplane book"}


def test_a_post_signed_op_is_the_askers() -> None:
    posts = thread([
        "Where should a beginner start with existentialism?",
        ("Start with Existentialism Is a Humanism by Sartre, it's short.", 0),
        "OP: ordered Existentialism Is a Humanism and The Myth of Sisyphus, thank you!",
    ])
    assert rec_titles(posts[1]) == {"existentialism is a humanism"}
    assert recommended(posts[2]) == []


def test_a_long_this_that_names_nothing_agrees_with_nothing_in_particular() -> None:
    posts = thread([
        "What should I read about bread?",
        ("Flour Water Salt Yeast by Ken Forkish.", 0),
        ("This. " + "Imagine paying that much for a contract in California, honestly. " * 4, 1),
    ])
    assert rec_titles(posts[1]) == {"flour water salt yeast"}
    assert recommended(posts[2]) == []


def test_a_work_called_by_its_authors_surname_the_thread_named() -> None:
    posts = thread([
        "What should I read to learn the guitar fretboard?",
        ('"The Advancing Guitarist" by Mick Goodrick. Read it slowly.', 0),
        ("seconding the goodrick book, it's weird and wonderful", 1),
        ("Get the Goodrick Institute videos instead.", 1),
    ])
    m = by_title(posts[2], "The Advancing Guitarist")
    assert m is not None and m.recommended and m.authors == ("Mick Goodrick",)
    assert by_title(posts[3], "The Advancing Guitarist") is None


def test_in_a_comments_only_export_the_first_comments_writer_is_no_asker() -> None:
    # Top-level comments with no parent: the export holds no opening post, so "alice" wrote
    # the first comment, not the question.
    tracker = ThreadTracker()
    tracker.extract(Post(source="c.json", index=0, author="alice", thread_title="Soviet economy?",
                         text="I recommend Samir Amin's Maldevelopment."))
    tracker.extract(Post(source="c.json", index=1, author="bob", parent=0,
                         thread_title="Soviet economy?", text="Is it readable?"))
    later = tracker.extract(Post(source="c.json", index=2, author="alice",
                                 thread_title="Soviet economy?",
                                 text="Try Alec Nove's An Economic History of the USSR."))
    assert rec_titles(later) == {"an economic history of the ussr"}


@pytest.mark.parametrize("text, asks", [
    ("What are the key works on how land reform shaped East Asian growth?", True),
    ("Tell me what you would add to my list, especially on the Weimar years.", True),
    ("Suggestions very welcome in the comments!", True),
    ("If anyone has tips on where to start with lute music I'm all ears", True),
    ("I want a field guide, and something to read on the train.", True),
    ("If anyone's looking for a weekend read, Piranesi is short.", False),
    ("How it works? Nobody knows.", False),
])
def test_more_ways_of_asking_for_reading(text: str, asks: bool) -> None:
    assert asks_for_reading(text) is asks


def test_a_late_post_that_thanks_and_says_what_it_got_is_the_askers() -> None:
    posts = thread(["Books on the history of bread?",
                    ("Six Thousand Years of Bread by H. E. Jacob. Dense but lovely.", 0),
                    ("Bread by Jeffrey Hamelman, if you bake as well.", 0),
                    ("This is great, thank you all. My library has Six Thousand Years of Bread "
                     "so I'm starting there.", 0),
                    ("Six Thousand Years of Bread is wonderful, thank you for the list", 0)])
    assert "six thousand years of bread" not in rec_titles(posts[3])
    assert "six thousand years of bread" in rec_titles(posts[4])


@pytest.mark.parametrize("text", [
    "Is there philosophical work on duties to the dead, or on regret?",
    "Poetry collections for someone who thinks they hate poetry?",
    "My dad reads only thrillers. What would you get him for Christmas?",
])
def test_requests_for_scholarship_collections_and_gifts(text: str) -> None:
    assert asks_for_reading(text)


def test_the_best_recent_history_is_praised_as_a_history() -> None:
    posts = thread(["Books on Byzantium after 1204?",
                    ("* Anthony Kaldellis, *The New Roman Empire*, the best recent "
                     "single-volume history", 0)])
    assert "the new roman empire" in rec_titles(posts[1])


def test_a_numbered_list_of_retellings_invites_additions() -> None:
    posts = thread(["Great list! I'd add The Silence of the Girls by Pat Barker.",
                    ("For Norse: Neil Gaiman's Norse Mythology obviously.", 0)],
                   title="Ten myth retellings worth your time - comments")
    assert "norse mythology" in rec_titles(posts[1])


def test_this_then_the_parents_work_again_agrees_with_it() -> None:
    posts = thread(["Gothic classics, where do I start?",
                    ("FRANKENSTEIN. Start there. The Penguin Classics edition is good: "
                     "9780141439471", 0),
                    ("THIS. Frankenstein is SO much sadder than people expect.", 1),
                    ("REBECCA!!! Hitchcock's film is good too but READ THE BOOK", 0)])
    m = by_title(posts[2], "FRANKENSTEIN")
    assert m is not None and m.recommended
    assert not any(m.isbn for m in recommended(posts[2]))
    assert "the book" not in rec_titles(posts[3])
