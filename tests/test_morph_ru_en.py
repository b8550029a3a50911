"""Russian and English lemmatisers: one key for every form of a word, nothing invented."""
import subprocess
import sys

import pytest

from indexer import lemma_tables
from indexer.morph import en, ru


@pytest.mark.parametrize("word, expected", [
    ("конвенциям", "конвенция"),
    ("преступлений", "преступление"),
    ("доступа", "доступ"),
    ("неправомерного", "неправомерный"),
    ("лиц", "лицо"),
    ("статьи", "статья"),
    ("частями", "часть"),
])
def test_russian_inflected_forms_reduce_to_the_dictionary_form(word, expected):
    assert ru.lemma(word) == expected


@pytest.mark.parametrize("word", ["данные", "данных", "данным", "данными", "Данные"])
def test_russian_data_is_the_noun_данные_in_every_case(word):
    assert ru.lemma(word) == "данные"


def test_russian_demonstrative_данный_keeps_its_own_lemma():
    assert {ru.lemma(word) for word in ("данный", "данной", "данного", "данное")} == {"данный"}


@pytest.mark.parametrize("forms", [
    ("предусмотренные", "предусмотренных", "предусмотрено", "предусмотренный"),
    ("совершенное", "совершенного", "совершены", "совершено"),
    ("соответствующий", "соответствующим", "соответствующему"),
])
def test_russian_participle_forms_share_one_lemma(forms):
    assert len({ru.lemma(form) for form in forms}) == 1


@pytest.mark.parametrize("word, expected", [
    ("международно-правового", "международно-правовой"),
    ("информационно-коммуникационной", "информационно-коммуникационный"),
    ("интернет-ресурсов", "интернет-ресурс"),
    ("государств-участников", "государство-участник"),
])
def test_russian_hyphenated_words_are_lemmatised_whole(word, expected):
    assert ru.lemma(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("киберпреступлений", "киберпреступление"),
    ("кибератаки", "кибератака"),
    ("криптовалют", "криптовалюта"),
])
def test_russian_words_built_on_a_known_prefix_are_lemmatised(word, expected):
    assert ru.lemma(word) == expected


def test_russian_lemma_is_lower_case_with_yo_folded():
    assert ru.lemma("Путём") == "путем"
    assert ru.lemma("ЁМКОСТИ") == "емкость"


@pytest.mark.parametrize("word", ["конвенцияларды", "мемлекеттің", "құқық", "бойынша", "мемлекет", "тарап"])
def test_kazakh_words_pass_through_the_russian_lemmatiser_unchanged(word):
    assert ru.lemma(word) == word


@pytest.mark.parametrize("fragment", ["информаци", "онной", "либоограничением"])
def test_russian_words_unknown_to_the_dictionary_are_their_own_lemma(fragment):
    assert ru.lemma(fragment) == fragment


@pytest.mark.parametrize("token, expected", [
    ("205-бап", "205-бап"), ("226-V", "226-v"), ("52-ФЗ", "52-фз"), ("ст.", "ст."), ("1)", "1)"),
    ("Convention", "convention"),
])
def test_tokens_with_digits_punctuation_or_other_scripts_are_only_lower_cased(token, expected):
    assert ru.lemma(token) == expected


def test_dictionary_knows_a_dehyphenated_word_but_not_its_halves():
    assert ru.is_known("информационной")
    assert not ru.is_known("информаци")
    assert not ru.is_known("онной")


def test_known_words_include_prefixed_and_hyphenated_compounds_of_dictionary_words():
    assert ru.is_known("Киберпреступлений")
    assert ru.is_known("информационно-коммуникационной")


@pytest.mark.parametrize("word", ["мемлекет", "205", "data"])
def test_kazakh_words_numbers_and_latin_are_not_known_russian_words(word):
    assert not ru.is_known(word)


@pytest.mark.parametrize("word, expected", [
    ("offences", "offense"), ("parties", "party"), ("States", "state"), ("data", "data"),
    ("is", "be"), ("authorities", "authority"),
])
def test_english_words_reduce_to_their_lemma(word, expected):
    assert en.lemma(word) == expected


@pytest.mark.parametrize("spellings", [
    ("criminalise", "criminalize", "criminalised", "criminalized"),
    ("criminalisation", "criminalization"),
    ("organisation", "organisations", "organization", "organizations"),
    ("offence", "offences", "offense", "offenses"),
    ("defence", "defences", "defense"),
    ("licence", "licences", "license", "licensed"),
    ("behaviour", "behaviours", "behavior"),
    ("behavioural", "behavioral"),
    ("favourable", "favorable"),
    ("programme", "programmes", "program", "programs"),
    ("centre", "centres", "center", "centers"),
    ("judgement", "judgment"),
    ("analyse", "analysed", "analyze", "analyzing"),
    ("recognise", "recognized"),
    ("travelling", "traveled", "travel"),
    ("fulfil", "fulfill", "fulfilled"),
    ("co-operation", "cooperation"),
    ("e-mail", "e-mails", "email"),
    ("self-defence", "self-defense"),
])
def test_british_and_american_spellings_share_a_key(spellings):
    assert len({en.lemma(word) for word in spellings}) == 1


def test_the_key_is_the_american_spelling():
    assert [en.lemma(word) for word in ("criminalisation", "offence", "behaviour", "centre", "programme")] == [
        "criminalization", "offense", "behavior", "center", "program"]


@pytest.mark.parametrize("word", ["exercise", "promise", "otherwise", "advise", "raise", "enterprise",
                                  "hour", "four", "seize", "size", "shall", "will", "computer"])
def test_words_that_only_look_british_keep_their_spelling(word):
    assert en.lemma(word) == word


@pytest.mark.parametrize("token, expected", [
    ("226-V", "226-v"), ("Article-2", "article-2"), ("конвенция", "конвенция"), ("құқық", "құқық"),
])
def test_english_lemmatiser_leaves_digits_and_other_scripts_alone(token, expected):
    assert en.lemma(token) == expected


def test_importing_the_lemmatisers_loads_no_analyser():
    code = ("import sys; from indexer.morph import ru, en; "
            "print('pymorphy3' in sys.modules or 'simplemma' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_shipped_english_lemma_table_is_current():
    # If this fails, en.py or simplemma changed: run tools/build_lemma_tables.py.
    assert lemma_tables.path("en").is_file() and lemma_tables._table("en") is not None


@pytest.mark.parametrize("form", ["criminalizing", "offences", "wolves", "organisations", "co-operation",
                                  "judgements", "travelling", "data", "the", "illegal"])
def test_the_english_lemma_table_holds_what_simplemma_and_the_rules_give(form):
    assert lemma_tables.lemma("en", form) == en.computed_lemma(form)


def test_an_english_word_of_the_table_is_lemmatised_without_loading_simplemma():
    code = ("import sys; from indexer.morph import en; "
            "print(en.lemma('criminalizing'), 'simplemma' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["criminalize", "False"]


def test_an_english_word_the_table_lacks_is_lemmatised_by_simplemma():
    assert lemma_tables.lemma("en", "cyberstalkers") is None
    assert en.lemma("cyberstalkers") == en.computed_lemma("cyberstalkers")
