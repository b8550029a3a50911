"""Every location Zan gives an instrument passage is the one printed in the source.

Scholars cite these labels, so each passage of each bundled instrument is checked against
the numbering in its own text:

- an article heading keyed ``N`` starts "Статья N" / "N-бап" / "Article N" and is labelled
  "ст. N" / "N-бап" / "Art. N";
- a part keyed ``N.M`` starts "M." (or "M " as some sources print it), is labelled
  "ст. N ч. M" / "N-бап M-бөлік" / "Art. N para. M", belongs to the article heading
  before it, holds no other numbered paragraph, and the parts of an article run 1, 2, 3…;
- the items of a part (``a)``, ``1)``, ``(i)``) stay in that part. A passage may start
  with an item marker only when it is an unnumbered paragraph ``N.pK`` (labelled
  "Art. N ¶K") of an article with no numbered part before it: the items of Art. 1 of the
  Budapest Convention, the forms of co-operation in Art. 5 of the CIS agreement;
- an unnumbered paragraph does not start with a part number, and the paragraphs of an
  article (of the preamble, of the headings) are counted ¶1, ¶2… in order.
"""
import re
from collections import defaultdict
from functools import cache

import pytest

from indexer import catalogue, ingest
from indexer.segment.instrument import LABELS

JOURNAL_ARTICLE = "cybercrime-cooperation-2024"
ARTICLE_HEADING = {"ru": "Статья {n}", "kk": "{n}-бап", "en": "Article {n}"}
NOTE_WORD = {"ru": "Сноска.", "kk": "Ескерту.", "en": "Note."}
ARTICLE_KEY = re.compile(r"^\d+(?:-\d+)?$")
PART_KEY = re.compile(r"^(?P<article>\d+(?:-\d+)?)\.(?P<part>\d+)$")
PARAGRAPH_KEY = re.compile(r"^(?P<prefix>.+\.p)(?P<n>\d+)$")
PART_NUMBER = re.compile(r"^(\d+)\.(?:\s|$)")
ITEM_MARKER = re.compile(r"^\(?(?:[a-zа-я]{1,4}|\d{1,2})\)")  # a) (b) 1) (iv)


@cache
def instruments() -> dict[tuple[str, str], list]:
    """The passages of every bundled instrument, by (work, language), in reading order."""
    found = defaultdict(list)
    for document in ingest.documents(catalogue.load()):
        passage = document.passage
        if passage.work != JOURNAL_ARTICLE:
            found[passage.work, passage.lang].append(passage)
    return dict(found)


def every_passage():
    return [pytest.param(p, id=p.id) for passages in instruments().values() for p in passages]


def article_label(lang: str, number: str) -> str:
    return LABELS[lang]["article"].format(n=number)


def part_label(lang: str, article: str, part: str) -> str:
    return article_label(lang, article) + LABELS[lang]["part"].format(n=part)


def in_article(passage) -> str | None:
    """The number of the article whose heading comes last before ``passage`` (or is it)."""
    article = None
    for other in instruments()[passage.work, passage.lang]:
        if other.kind == "heading" and ARTICLE_KEY.match(other.key):
            article = other.key
        if other == passage:
            return article
    raise AssertionError(f"{passage.id} is not among its instrument's passages")


def test_the_corpus_has_instruments_in_all_three_languages():
    assert {lang for _, lang in instruments()} == {"ru", "kk", "en"}
    assert sum(map(len, instruments().values())) > 500


@pytest.mark.parametrize("passage", every_passage())
def test_every_passage_is_labelled_by_the_numbering_in_its_text(passage):
    lang, key, text = passage.lang, passage.key, passage.text
    first_line = text.split("\n")[0]
    if ARTICLE_KEY.match(key):
        assert passage.kind == "heading"
        assert first_line.startswith(ARTICLE_HEADING[lang].format(n=key))
        assert passage.location == article_label(lang, key)
    elif part := PART_KEY.match(key):
        assert re.match(rf"{part['part']}[. ]", first_line + " ")
        assert passage.location == part_label(lang, part["article"], part["part"])
        assert in_article(passage) == part["article"]
    elif key.endswith(".note"):
        article = key.removesuffix(".note")
        assert first_line.startswith(NOTE_WORD[lang])
        assert passage.location == article_label(lang, article) + LABELS[lang]["note"]
        assert in_article(passage) == article
    elif key.startswith("div"):
        assert first_line.lower().startswith(passage.location.lower())
    else:
        paragraph = PARAGRAPH_KEY.match(key)
        assert paragraph, f"unknown key {key!r}"
        assert not PART_NUMBER.match(first_line), "a numbered part labelled as an unnumbered paragraph"
        assert passage.location.endswith(f" ¶{paragraph['n']}")


@pytest.mark.parametrize("passage", every_passage())
def test_a_passage_holds_one_numbered_paragraph(passage):
    later_lines = passage.text.split("\n")[1:]
    assert not [line for line in later_lines if PART_NUMBER.match(line)]


@pytest.mark.parametrize("passage", every_passage())
def test_items_stay_in_their_part(passage):
    if not ITEM_MARKER.match(passage.text):
        return
    article = in_article(passage)
    assert PARAGRAPH_KEY.match(passage.key) and passage.key.startswith(f"{article}.p")
    assert passage.location == f"{article_label(passage.lang, article)} ¶{passage.key.rsplit('.p', 1)[1]}"
    earlier = instruments()[passage.work, passage.lang][:passage.order]
    assert not [p.key for p in earlier if PART_KEY.match(p.key) and p.key.startswith(f"{article}.")]


@pytest.mark.parametrize("work, lang", sorted(instruments()))
def test_the_parts_of_each_article_run_one_two_three(work, lang):
    parts = defaultdict(list)
    for passage in instruments()[work, lang]:
        if part := PART_KEY.match(passage.key):
            parts[part["article"]].append(int(part["part"]))
    assert parts
    for article, numbers in parts.items():
        assert numbers == list(range(1, len(numbers) + 1)), f"article {article}"


@pytest.mark.parametrize("work, lang", sorted(instruments()))
def test_unnumbered_paragraphs_are_counted_in_order(work, lang):
    counted = defaultdict(list)
    for passage in instruments()[work, lang]:
        if paragraph := PARAGRAPH_KEY.match(passage.key):
            counted[paragraph["prefix"]].append(int(paragraph["n"]))
    for prefix, numbers in counted.items():
        assert numbers == list(range(1, len(numbers) + 1)), prefix


# --- the Budapest Convention: paragraphs that are only "N." and their a), b) items -------

def convention() -> dict[str, object]:
    return {p.location: p for p in instruments()["coe-ets185-budapest-convention", "en"]}


@pytest.mark.parametrize("location, words", [
    ("Art. 24 para. 7", "register of authorities so designated"),
    ("Art. 27 para. 2", "designate a central authority"),
    ("Art. 27 para. 9", "In the event of urgency"),
    ("Art. 14 para. 3", "closed group of users"),
    ("Art. 35 para. 2", "point of contact shall have the capacity"),
])
def test_a_paragraph_printed_as_a_bare_number_gets_its_own_label(location, words):
    paragraph = convention()[location]
    assert paragraph.text.startswith(location.rsplit(" ", 1)[1] + ".\na) ")
    assert [p.location for p in convention().values() if words in p.text] == [location]


def test_the_items_of_a_bare_numbered_paragraph_are_inside_it():
    paragraph = convention()["Art. 24 para. 1"]
    assert paragraph.key == "24.1"
    assert "a) This article applies to extradition" in paragraph.text
    assert "b) Where a different minimum penalty" in paragraph.text
    assert not [location for location in convention() if location.startswith("Art. 24 ¶")]

