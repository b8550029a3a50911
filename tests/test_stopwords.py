"""Stopword lists: modest lists of function words, written as the lemmatisers' keys."""
from importlib import resources

import pytest

import stopwords
from indexer.morph import en, kk, ru

LANGS = ("ru", "kk", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_each_list_is_modest(lang):
    assert 80 <= len(stopwords.load(lang)) <= 200


@pytest.mark.parametrize("lang", LANGS)
def test_each_file_starts_with_a_comment_saying_where_its_words_come_from(lang):
    text = resources.files(stopwords).joinpath(f"{lang}.txt").read_text(encoding="utf-8")
    header = text[: text.index("\n\n")]
    assert all(line.startswith("#") for line in header.splitlines())
    assert "Provenance:" in header


@pytest.mark.parametrize("lang, module", [("ru", ru), ("en", en)])
def test_every_stopword_still_stops_after_lemmatisation(lang, module):
    words = stopwords.load(lang)
    assert {word: module.lemma(word) for word in words if module.lemma(word) not in words} == {}


@pytest.mark.parametrize("lang, content_words", [
    ("ru", ["данные", "лицо", "часть", "статья", "сторона", "государство", "закон", "доступ"]),
    ("en", ["data", "party", "state", "part", "article", "law", "person", "computer", "will"]),
    ("kk", ["тарап", "бап", "бөлік", "адам", "мемлекет", "құқық", "заң", "байланыс", "қатыс"]),
])
def test_each_stopword_list_keeps_domain_content_words(lang, content_words):
    assert stopwords.load(lang).isdisjoint(content_words)


@pytest.mark.parametrize("lang, negation", [
    ("ru", ["не", "нет", "ни", "без"]),
    ("en", ["not", "no", "nor", "without"]),
    ("kk", ["жоқ", "емес", "е", "онсыз"]),
])
def test_negation_is_not_a_stopword(lang, negation):
    assert stopwords.load(lang).isdisjoint(negation)


@pytest.mark.parametrize("lang, module, surface_forms", [
    ("ru", ru, ["которые", "является", "его", "этой", "настоящего", "в", "либо", "должны"]),
    ("en", en, ["the", "shall", "is", "were", "these", "hereby", "thereof", "its"]),
])
def test_inflected_function_words_are_stopped_through_their_lemma(lang, module, surface_forms):
    assert [form for form in surface_forms if module.lemma(form) not in stopwords.load(lang)] == []


@pytest.mark.parametrize("word", ["және", "немесе", "мен", "не", "үшін", "туралы", "бойынша", "арқылы", "осы", "бұл"])
def test_kazakh_conjunctions_postpositions_and_pronouns_are_stopped_after_lemmatisation(word):
    assert kk.lemma(word) in stopwords.load("kk")
