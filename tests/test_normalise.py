"""The normaliser: display text keeps its letters; index forms fold variants together."""
import pytest

from indexer.normalise import index_form, normalise_text


def test_text_is_composed_to_nfc():
    assert normalise_text("и\u0306") == "й"


def test_soft_hyphens_disappear():
    assert normalise_text("com\u00admunication") == "communication"


def test_latin_i_inside_kazakh_words_becomes_cyrillic():
    assert normalise_text("белгiлi бiр") == "белгілі бір"
    assert normalise_text("Iс-әрекет") == "Іс-әрекет"


def test_latin_words_keep_latin_i():
    assert normalise_text("criminal liability") == "criminal liability"


def test_cyrillic_i_inside_a_roman_numeral_becomes_latin():
    assert normalise_text("№ 180-VІ") == "№ 180-VI"


def test_minus_and_dash_variants_become_one_dash():
    assert normalise_text("понятие \u2212 смысл \u2014 суть") == "понятие – смысл – суть"


def test_runs_of_spaces_collapse_but_line_breaks_stay():
    assert normalise_text("а  \u00a0б\nв") == "а б\nв"


def test_display_text_keeps_yo_but_index_form_folds_it():
    assert normalise_text("объём") == "объём"
    assert index_form("Объём") == "объем"


def test_latin_look_alikes_in_cyrillic_words_become_cyrillic():
    assert normalise_text("бүлдiру Yкiметi") == "бүлдіру Үкіметі"
    assert normalise_text("Cтатья Oбщие") == "Статья Общие"


def test_cyrillic_look_alikes_in_latin_words_become_latin():
    assert normalise_text("WЕВ-сайт") == "WEB-сайт"


def test_a_word_with_letters_only_each_script_has_is_left_alone():
    assert normalise_text("Wiдж") == "Wiдж"


@pytest.mark.parametrize(("text", "normalised"), [("а\u00a0б", "а б"), ("а\tб", "а б"), ("а \u3000б", "а б"),
                                                  ("а\u200bб", "а б"), ("а б в", "а б в"), ("а ", "а ")])
def test_any_space_or_run_of_spaces_becomes_one_plain_space(text, normalised):
    assert normalise_text(text) == normalised
