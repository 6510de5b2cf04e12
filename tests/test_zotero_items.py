"""Pure parts of the Zotero export: item JSON, the back-link note, matching, the key map."""

from __future__ import annotations

import html
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.export.library import BackLink, load_library, parse_library
from readlist.zotero.items import connector_item, creators, web_item
from readlist.zotero.matching import isbns, same_work
from readlist.zotero.notes import (
    append_html,
    is_readlist_note,
    links_present,
    note_html,
    note_text,
    paragraph,
    web_link,
)
from readlist.zotero.store import KeyMap, Pushed

FIXTURES = Path(__file__).parent / "fixtures" / "zotero"


def _one(bib: str):
    [record] = parse_library(bib)
    return record


def test_names_become_zotero_creators() -> None:
    r = _one("@book{k, author = {{Monthly Review Collective} and Amin, Samir and Jane Doe and "
             "Plato and others}, editor = {Magdoff, Fred}, translator = {Roe, R.}, title = {T}}")
    assert creators(r) == [
        {"creatorType": "author", "name": "Monthly Review Collective"},
        {"creatorType": "author", "firstName": "Samir", "lastName": "Amin"},
        {"creatorType": "author", "firstName": "Jane", "lastName": "Doe"},
        {"creatorType": "author", "name": "Plato"},
        {"creatorType": "editor", "firstName": "Fred", "lastName": "Magdoff"},
        {"creatorType": "translator", "firstName": "R.", "lastName": "Roe"},
    ]


def test_fields_invalid_for_the_type_go_to_extra_not_to_a_400() -> None:
    r = _one("@misc{k, title = {A Zine}, isbn = {9781583676011}, address = {Oakland}, "
             "doi = {10.1000/xyz}, publisher = {P}}")
    item = web_item(r)
    assert item["itemType"] == "document"
    assert "ISBN" not in item and "place" not in item and "DOI" not in item
    assert item["extra"].splitlines() == ["Citation Key: k", "Place: Oakland",
                                          "ISBN: 9781583676011", "DOI: 10.1000/xyz"]
    article = web_item(_one("@article{a, title = {T}, journal = {J}, doi = {10.1/x}, "
                            "number = {3}}"))
    assert (article["itemType"], article["DOI"], article["publicationTitle"],
            article["issue"]) == ("journalArticle", "10.1/x", "J", "3")
    chapter = web_item(_one("@incollection{c, title = {Ch}, booktitle = {Big Book}}"))
    assert chapter["itemType"] == "bookSection" and chapter["bookTitle"] == "Big Book"


def test_only_web_links_become_urls_links_and_attachments() -> None:
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                'https://x.example/"onclick="a', "https://", "seeds/a.txt#L9",
                "https://x.example/a b", "https://x.example/\u202egpj.exe"):
        assert web_link(bad) is None, bad
    assert web_link("https://lemmy.ml/comment/1?x=1&y=2#c") == \
        "https://lemmy.ml/comment/1?x=1&y=2#c"
    r = _one("@book{k, title = {T}, url = {javascript:alert(1)}, note = {Recommended in "
             "javascript:alert(2): “q”; Recommended in https://ok.example/p: “r”}}")
    item = connector_item(r, "k")
    assert "url" not in item
    assert [a["url"] for a in item["attachments"]] == ["https://ok.example/p"]


def test_paragraph_escapes_everything_from_the_post() -> None:
    p = paragraph(BackLink("https://ok.example/p?a=1&b=2", "<script>alert(1)</script> & co",
                           "<b>me</b>", "2024-01-01"))
    assert p == ('<p>Recommended in <a href="https://ok.example/p?a=1&amp;b=2">'
                 "https://ok.example/p?a=1&amp;b=2</a> by &lt;b&gt;me&lt;/b&gt; (2024-01-01): "
                 "“&lt;script&gt;alert(1)&lt;/script&gt; &amp; co”</p>")


@settings(max_examples=300, deadline=None)
@given(link=st.text(max_size=60), quote=st.text(max_size=80), author=st.text(max_size=20))
def test_no_post_text_can_open_a_tag_or_a_second_link(link: str, quote: str,
                                                      author: str) -> None:
    note = note_html([BackLink(link, quote, author or None)])
    text, hrefs = note_text(note)
    safe = web_link(link)
    assert hrefs == ({safe} if safe else set())
    # Every tag in the note is one readlist wrote.
    import re
    tags = re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", note)
    assert set(tags) <= {"h1", "p", "a"}
    assert note.count("<a ") == (1 if safe else 0)
    assert all(h.startswith(("http://", "https://")) for h in hrefs)


def test_appending_keeps_what_the_user_wrote() -> None:
    first = note_html([BackLink("https://a.example/1", "one")])
    assert append_html(first, [BackLink("https://a.example/2", "two")]).startswith(first)
    wrapped = f'<div data-schema-version="9">{first}<p>mine</p></div>'
    out = append_html(wrapped, [BackLink("https://a.example/2", "two")])
    assert out.startswith(wrapped[:-6]) and out.endswith("</p>\n</div>")
    assert "mine" in out and "https://a.example/2" in note_text(out)[1]


def test_links_present_in_notes_of_every_origin() -> None:
    ours = note_html([BackLink("https://a.example/1", "one"),
                      BackLink("seeds/x.txt#L17", "file")])
    imported = "<p>Recommended in seeds/y.txt#L9: “from a BibTeX import”</p>"
    found = links_present([ours, imported], ["https://a.example/att"],
                          ["https://a.example/1", "seeds/x.txt#L1", "seeds/x.txt#L17",
                           "seeds/y.txt#L9", "https://a.example/att", "https://a.example/2"])
    assert found == {"https://a.example/1", "seeds/x.txt#L17", "seeds/y.txt#L9",
                     "https://a.example/att"}
    assert is_readlist_note(ours) and is_readlist_note(imported)
    assert not is_readlist_note("<p>My reading notes</p>")


def test_same_work_by_isbn_or_title_and_author() -> None:
    [russia, mal, *_] = load_library(FIXTURES / "first.bib")
    amin = [{"creatorType": "author", "firstName": "Samir", "lastName": "Amin"}]
    assert isbns("ISBN 978-0-86232-924-2, 0862329248") == {"9780862329242"}
    assert same_work(mal, {"itemType": "book", "title": "X", "ISBN": "978-0-86232-924-2"})
    assert same_work(mal, {"itemType": "book", "title": "Maldevelopment", "creators": amin})
    assert same_work(russia, {"itemType": "book", "creators": amin,
                              "title": "Russia and the long transition from capitalism to "
                                       "socialism"})
    assert not same_work(russia, {"itemType": "book", "title": russia.title, "creators": [
        {"creatorType": "author", "lastName": "Someone Else"}]})
    assert not same_work(russia, {"itemType": "note", "title": russia.title, "creators": amin})
    assert not same_work(mal, {"itemType": "book", "title": "Maldevelopment", "creators": []})
    assert same_work(mal, {"itemType": "book", "title": "Whatever",
                           "extra": "Citation Key: aminMaldevelopmentAnatomyGlobal1990"})


def test_key_map_finds_renamed_entries_and_survives_a_reload(tmp_path: Path) -> None:
    [russia, mal, *_] = load_library(FIXTURES / "first.bib")
    km = KeyMap("user:1", tmp_path / "m.json")
    km.put(russia, Pushed(item="AAAA2222", links=["x"]))
    km.put(mal, Pushed(item="BBBB2222"))
    km.save()
    again = KeyMap.load("user:1", tmp_path / "m.json")
    assert again.find(russia) == ("aminRussiaLongTransition2016", again.entries[russia.key])
    renamed = parse_library((FIXTURES / "first.bib").read_text(encoding="utf-8").replace(
        "aminMaldevelopmentAnatomyGlobal1990", "aminMal1990"))[1]
    found = again.find(renamed)
    assert found is not None and found[1].item == "BBBB2222"
    assert KeyMap.load("group:9", tmp_path / "m.json").problem  # another library's map
    assert html.escape("x") == "x"
