"""Telling people from titles: given names, initials, particles and the shape of a name."""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

from readlist.extract.lexicon import (
    COMMON_CAPITALISED,
    NOT_NAMES,
    ORG_WORDS,
    PLACES,
    SITES,
    TITLE_FUNCTION_WORDS,
)

# The first given names the extractor knew, kept as they were: their score does not change.
_CORE_GIVEN_NAMES = frozenset(
    n.casefold() for n in """
    Aaron Abdul Abraham Ada Adam Adrian Adrienne Agnes Ahmed Ai Aidan Akira Alain Alan Albert
    Alberto Aldo Alec Alejandro Aleksandr Alessandro Alex Alexander Alexandra Alexandre Alexei
    Alfred Alfredo Ali Alice Alicia Alison Allan Allen Alma Amanda Amber Ambrose Amelia Amir
    Amos Amy Ana Anatole Anders Andre André Andrea Andreas Andrei Andrés Andrew Andy
    Angela Angelo Angus Anita Ann Anna Anne Annie Annika Anthony Antoine Anton Antonio Antonia
    Anwar Arjun Arkady Arnold Aron Art Arthur Arturo Arundhati Ashley Audre Augusto
    Aurelio Ayn Azar Barbara Barry Bart Beatrice Becky Bell Ben Benedict Benjamin Bernard
    Bernhard Bernie Bertolt Bertrand Beth Betty Bill Billy Blaise Bob Boris Brad Bram Brandon
    Brendan Brian Bridget Bruce Bruno Bryan Candace Carl Carla Carlo Carlos Carmen Carol
    Caroline Carolyn Carrie Cathy Catherine Cecil Cecilia Cedric Celeste César Chad Charles
    Charlie Charlotte Chen Cheryl Chimamanda Chinua Chloe Chris Christa Christian Christina
    Christine Christopher Cixin Claire Clara Clarice Claude Claudia Clifford Colin Colleen
    Colson Conrad Cory Craig Cristina Curtis Cynthia Daisy Dale Dalton Damon Dan Dana Daniel
    Daniela Danielle Danny Daphne Dario Darren Dave David Dean Deborah Denis Dennis Derek
    Diana Diane Dick Diego Dietrich Dmitri Dmitry Domenico Dominic Don Donald Donna Doris
    Dorothy Doug Douglas Duncan Dylan Ed Eddie Edgar Edith Edmund Edna Eduardo Edward Edwin
    Eileen Elaine Eleanor Elena Eli Elias Elif Elijah Elizabeth Ella Ellen Elliot Elsa Emil
    Emile Émile Emily Emma Emmanuel Enrique Eric Erich Erik Erika Erin Ernest Ernesto Ernst
    Esther Ethan Eugene Eva Evan Eve Evelyn Ezra Fatima Federico Felix Fernando Fidel Fiona
    Florence Fran Frances Francesca Francis Francisco Franco Frank Frantz Franz Fred Frederick
    Friedrich Fritz Gabriel Gabriela Gabriel Gail Garcia Gareth Gary Gavin Gayatri Gene
    Geoffrey George Georg Georges Gerald Gerard Gerhard Gertrude Gianni Gilbert Gilles Gina
    Giorgio Giovanni Gisela Giuseppe Glenn Gloria Gordon Grace Graham Greg Gregory Günter
    Günther Gustav Gustave Guy Gwen Hal Hamid Han Hank Hannah Hannah Hans Harold
    Harriet Harry Harvey Hassan Heather Hector Heidi Heinrich Helen Helena Helmut Henri Henrik
    Henry Herbert Herman Hermann Hilary Hilda Ho Howard Hugh Hugo Ian Ibrahim Ida Igor Ilya
    Immanuel Ingrid Irene Iris Isaac Isabel Isabella Isaiah Italo Ivan Jack Jackie Jacob
    Jacqueline Jacques Jaime James Jamie Jan Jane Janet Janice Jared Jasmine Jason Javier Jay
    Jean Jeanette Jeff Jeffrey Jennifer Jenny Jeremy Jerry Jess Jesse Jessica Jesús Jill Jim
    Jimmy Jin Jo Joan Joanna Joanne Joe Joel Johann Johannes John Johnny Jon Jonathan Jordan
    Jorge José Josef Joseph Josephine Josh Joshua Joyce Juan Judith Judy Jules Julia Julian
    Julie Julio Julius Jung Junot Justin Kai Karen Karin Karl Kate Katherine Kathleen Kathryn
    Kathy Katie Kazuo Keith Kelly Ken Kenji Kenneth Kent Kevin Khalid Kim Kimberly Kirk Klaus
    Kofi Kurt Kwame Kyle Lana Lao Lara Larry Laura Lauren Laurence Lawrence Lee Leigh Leila
    Lena Leo Leon Leonard Leonardo Leonid Leopold Leslie Lev Lewis Li Lila Lin Linda Lionel
    Lisa Liu Liz Lois Lorenzo Lori Lorraine Louis Louise Luc Luca Lucas Lucia Lucy Ludwig
    Luis Luisa Luke Lydia Lynn Mabel Madeleine Maggie Mahmoud Malcolm Manuel Marc Marcel
    Marcia Marco Marcus Margaret Margarethe Margaret Margot Maria María Marian Marie Marilyn
    Mario Marion Marjorie Mark Marlon Martha Martin Marty Mary Masha Mathias Matt Matthew
    Maurice Max Maxim Maxine Maya Megan Mehmet Mel Melanie Melissa Mia Michael Michel Michelle
    Miguel Mike Mikhail Milan Mildred Miles Milton Min Miranda Miriam Mohammed Mohamed Molly
    Mona Monica Morgan Moses Muhammad Murray Nadia Nadine Naguib Naomi Natalia Natalie Nathan
    Nathaniel Neal Neil Nelson Niall Nicholas Nick Nicola Nicolas Nicole Niels Nigel Nikita
    Nikolai Nina Noam Noel Nora Norbert Norman Octavia Olga Oliver Olivia Omar Orhan
    Orson Oscar Otto Pablo Pamela Paolo Pat Patricia Patrick Paul Paula Pauline Pavel Pedro
    Peggy Penelope Per Percy Pete Peter Petra Phil Philip Philippe Phyllis Pierre Pietro Poul
    Prashant Primo Rachel Rafael Ralph Ramón Randall Randy Raoul Raphael Ray Raymond Rebecca
    Reginald Reinhold Rene René Rex Ricardo Richard Rick Rita Rob Robert Roberta Roberto
    Robin Rodney Roger Roland Rolf Roman Ron Ronald Rosa Rosalind Rose Ross Roxane Roy Ruby
    Rudolf Rupert Russell Ruth Ryan Sally Salman Sam Samantha Samir Samuel Sandra Sara Sarah
    Saul Scott Sean Sebastian Serge Sergei Sergey Seth Shannon Sharon Shaun Sheila Shirley
    Sigmund Silvia Simon Simone Slavoj Sofia Sonia Sophia Sophie Stacy Stan Stanislaw Stanley
    Stefan Stefano Stella Stephan Stephanie Stephen Steve Steven Stuart Sue Susan Susanna
    Suzanne Sven Svetlana Sylvia Tamara Tanya Tara Ted Teresa Terry Thea Theo Theodor Theodore
    Thomas Tim Timothy Tina Toby Todd Tom Tommy Toni Tony Tracy Travis Trevor Tyler Umberto
    Ursula Valentina Valerie Vanessa Vera Veronica Victor Victoria Vijay Viktor
    Vincent Virginia Vivian Vladimir Walter Wang Wanda Warren Wendy Werner Wilhelm Will Willa
    William Willie Winston Wolfgang Xi Yan Yanis Yasmin Yevgeny Yoko Yukio Yuri Yusuf Yves
    Zadie Zach Zachary Zoe Zora Zygmunt
    """.split()
)


# A character ASCII spelling writes as another letter, not as a base letter and an accent.
_ASCII_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                                "ı": "i", "æ": "ae", "Æ": "Ae", "œ": "oe", "ß": "ss",
                                "þ": "th", "Þ": "Th", "ð": "d", "ħ": "h"})


def ascii_form(name: str) -> str:
    """"Wisława" -> "Wislawa", "Kōbō" -> "Kobo", "İnalcık" -> "Inalcik": a name as it is
    typed without diacritics."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _load_given_names() -> tuple[frozenset[str], frozenset[str]]:
    """The given names in ``readlist/data/given_names.txt`` (case-folded, with their ASCII
    forms) and, of those, the ones that are also English words ("Hope*", "Lane*")."""
    names: set[str] = set()
    words: set[str] = set()
    text = resources.files("readlist").joinpath("data", "given_names.txt").read_text("utf-8")
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        is_word = entry.endswith("*")
        name = entry.rstrip("*").casefold()
        names.add(name)
        if not name.isascii():
            names.add(ascii_form(name))
        if is_word:
            words.add(name)
    return frozenset(names), frozenset(words)


_LISTED, _LISTED_WORDS = _load_given_names()
# Given names across the world's naming traditions (romanised as bylines write them). A first
# word found here makes a capitalised pair a person ("Walter Rodney", "Wisława Szymborska"),
# not a title ("Killing Hope").
GIVEN_NAMES = _CORE_GIVEN_NAMES | _LISTED
# Names that are also ordinary words or title words ("Hope", "Lane", "Summer") and were not
# among the first names: a person's only when a surname alone follows ("Lane Kenworthy",
# "Ocean Vuong"), never in a longer run ("Rich Dad Poor Dad").
WORD_GIVEN_NAMES = _LISTED_WORDS - _CORE_GIVEN_NAMES

INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]\.?$")
PARTICLES = frozenset("van von de der den da di du le la al el bin ibn ter dos das del y".split())
# (a lower-case prefix glued to a capital is a surname too: "deGrasse", "van" is a particle)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’\-]*[\w]$|^[A-ZÀ-ÖØ-Þ]$|^(?:de|di|da|du|le|la)[A-Z]\w+$")


def is_name_word(word: str) -> bool:
    return (bool(_NAME_WORD.match(word)) or _capitalised_letters(word)) and word not in NOT_NAMES


def _capitalised_letters(word: str) -> bool:
    """A capitalised word of letters beyond Latin-1: "İnalcık", "Ōe", "Łukasz"."""
    return word[:1].isupper() and word[-1:].isalpha() and not word.isascii() and \
        all(ch.isalpha() or ch in "'’-" for ch in word)


def person_score(words: list[str], known_surnames: frozenset[str] | set[str] = frozenset()
                 ) -> float:
    """How much ``words`` (as written) look like a person's name: 0 (no) to 1 (surely).

    Evidence: a known given name first, initials ("J. Sakai", "Arthur C Clarke"), a particle
    ("van Steen", "Le Guin"), a surname the thread already used for an author.
    """
    words = [w for w in words if w]
    if not words or len(words) > 5:
        return 0.0
    low = [w.casefold().strip(".") for w in words]
    if any(w in ORG_WORDS for w in low) or " ".join(low) in SITES or \
            " ".join(low) in PLACES or (len(words) == 1 and low[0] in PLACES):
        return 0.0
    if any(w.casefold() in TITLE_FUNCTION_WORDS and w.casefold() not in PARTICLES
           for w in words) or "&" in words:
        return 0.0
    if any(w[:1].isupper() for w in words) and any(
            w[:1].islower() and w.casefold() not in PARTICLES for w in words):
        return 0.0  # "Ces gens du Moyen Âge": a name mixes no lower-case word but particles
    score = 0.0
    first = words[0]
    if low[0] in WORD_GIVEN_NAMES:
        # a word first ("Lane Kenworthy", "Story Musgrave"): one surname after it, at most an
        # initial or a second given name between; weak, as for "Will" ("Summer Knight")
        if len(words) == 2 or len(words) == 3 and (INITIALS.match(words[1]) or
                                                   low[1] in GIVEN_NAMES):
            score = 0.55
    elif low[0] in _CORE_GIVEN_NAMES and len(words) >= 2:
        score = 0.8 if first not in COMMON_CAPITALISED else 0.55
    elif low[0] in GIVEN_NAMES and 2 <= len(words) <= 3:
        # a name from the long list opens a name of two or three words ("Wisława Szymborska",
        # "Chimamanda Ngozi Adichie"); a longer run is a title with a name in it
        # ("Tage Frid Teaches Woodworking")
        score = 0.8
    if any(INITIALS.match(w) for w in words[:-1]) and is_name_word(words[-1]):
        score = max(score, 0.85)
    if len(words) >= 2 and any(w in PARTICLES for w in low[:-1]) and is_name_word(words[-1]):
        # "van Steen", "Ursula Le Guin"; a capitalised first particle is often an article
        # of a title instead ("Der Vorleser", "La Vie devant soi").
        score = max(score, 0.35 if words[0][:1].isupper() and low[0] in PARTICLES else 0.6)
    if low[-1] in known_surnames:
        score = max(score, 0.75 if len(words) == 1 else 0.9)
    if len(words) == 1 and low[0] in GIVEN_NAMES:
        score = max(score, 0.3)
    return score


def surname_of(name: str) -> str:
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    return parts[-1].casefold().strip(".,'’") if parts else ""
