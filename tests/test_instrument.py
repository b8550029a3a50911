"""Instruments are cut into passages by article and part, with human location labels."""
import time
from collections import Counter
from difflib import SequenceMatcher

import pytest

import corpus
import indexer
from indexer import catalogue, ingest
from indexer.normalise import normalise_text
from indexer.segment import instrument
from indexer.segment.instrument import (
    clean_line, join_broken_words, parse_heading, segment_instrument, split_glued_words,
)


def passages(name, lang):
    text = normalise_text((corpus.texts_dir() / name).read_text(encoding="utf-8"))
    return {p.location: p for p in segment_instrument(text, "w", lang)}


def test_russian_code_parts_are_labelled_by_article_and_part():
    code = passages("kz-criminal-code-226-V-ch7.ru.md", "ru")
    part = code["ст. 205 ч. 2"]
    assert part.text.startswith("2. То же деяние")
    assert "наказывается штрафом" in part.text  # the sanction belongs to its part
    assert part.id == "w/ru/205.2"


def test_kazakh_code_uses_kazakh_labels():
    code = passages("kz-criminal-code-226-V-ch7.kk.md", "kk")
    assert code["205-бап 2-бөлік"].text.startswith("2. Ақпараттық-коммуникациялық")
    assert code["205-бап"].kind == "heading"


def test_numbered_items_stay_inside_their_part():
    code = passages("kz-criminal-code-226-V-ch7.ru.md", "ru")
    assert "2) группой лиц по предварительному сговору" in code["ст. 206 ч. 2"].text


def test_amendment_notes_are_passages_of_their_own():
    code = passages("kz-criminal-code-226-V-ch7.ru.md", "ru")
    assert code["ст. 205, сноска"].kind == "note"


def test_russian_and_kazakh_codes_are_article_parallel():
    ru = passages("kz-criminal-code-226-V-ch7.ru.md", "ru")
    kk = passages("kz-criminal-code-226-V-ch7.kk.md", "kk")
    ru_parts = {label.replace("ст. ", "").replace(" ч. ", "/") for label in ru if " ч. " in label}
    kk_parts = {label.replace("-бап ", "/").replace("-бөлік", "") for label in kk if "бөлік" in label}
    assert ru_parts == kk_parts


def test_glued_headings_are_separated():
    agreement = passages("cis-agreement-2018-it-crimes.ru.md", "ru")
    assert agreement["ст. 1"].text == "Статья 1. Основные термины"
    kk = passages("cis-agreement-2018-it-crimes.kk.md", "kk")
    assert kk["1-бап"].text == "1-бап. Негізгі терминдер"


def test_unnumbered_paragraphs_and_preamble_are_counted():
    agreement = passages("cis-agreement-2018-it-crimes.ru.md", "ru")
    assert agreement["ст. 1 ¶2"].text.startswith("вредоносная программа")
    assert agreement["преамбула ¶1"].text.startswith("Ратифицировать Соглашение")


def test_english_convention_article_takes_its_title_from_the_next_heading():
    convention = passages("coe-ets185-budapest-convention.en.md", "en")
    assert convention["Art. 2"].text == "Article 2. Illegal access"
    assert convention["Art. 4 para. 1"].text.startswith("1. Each Party shall adopt")
    assert convention["Chapter III"].text == "CHAPTER III. INTERNATIONAL CO-OPERATION"


def test_markdown_defects_are_cleaned():
    convention = passages("coe-ets185-budapest-convention.en.md", "en")
    definition = convention["Art. 1 ¶2"].text
    assert definition.startswith("a) “computer system” means")
    preamble = convention["Preamble ¶1"].text
    assert "](" not in preamble and "*inter alia,*" not in preamble and "inter alia," in preamble
    assert "communication's origin" in convention["Art. 1 ¶7"].text


def test_passage_ids_are_unique():
    text = normalise_text((corpus.texts_dir() / "coe-ets185-budapest-convention.en.md").read_text())
    ids = [p.id for p in segment_instrument(text, "w", "en")]
    assert len(ids) == len(set(ids))


# --- headings --------------------------------------------------------------------------

@pytest.mark.parametrize("line, kind, name", [
    ("Статья 7-1. Компетенция уполномоченного органа", "article", "7-1"),
    ("7-1-бап. Уәкілетті органның құзыреті", "article", "7-1"),
    ("Article 24", "article", "24"),
    ("Раздел II. Особенная часть", "division", "Раздел II"),
    ("PART 2", "division", "Part 2"),
    ("2-бөлім. Ерекше бөлім", "division", "2-бөлім"),
    ("CHAPTER III", "division", "Chapter III"),
])
def test_heading_numbers(line, kind, name):
    assert parse_heading(line)[:2] == (kind, name)


@pytest.mark.parametrize("line", [
    "5-бапта көрсетілген жағдайларда",  # "in article 5": a case form, not a heading
    "2-бөлімінде көзделген",
    "Part ii of the report",  # a Roman numeral is in capitals
])
def test_not_headings(line):
    assert parse_heading(line) is None


# --- cleaning ----------------------------------------------------------------------------

def test_a_title_glued_to_its_number_is_parted_but_a_case_ending_is_not():
    assert clean_line("1-бапНегізгі терминдер") == "1-бап. Негізгі терминдер"
    assert clean_line("5-бапта көрсетілген") == "5-бапта көрсетілген"


@pytest.mark.parametrize("line", ["[" * 200_000, "``" * 100_000, "[a](" * 50_000, "*a" * 100_000])
def test_unclosed_markdown_is_cleaned_in_linear_time(line):
    start = time.perf_counter()
    clean_line(line)
    assert time.perf_counter() - start < 1


def test_a_hyphen_between_digits_is_not_a_broken_word():
    assert join_broken_words("статья 10-1 и статья 101") == "статья 10-1 и статья 101"
    assert join_broken_words("com-munication of the communication") == "communication of the communication"


# --- words the source runs together --------------------------------------------------------

CODE = "kz-criminal-code-226-v"
# Every repair the bundled instruments need: glued words → how often each is repaired.
GLUED_WORDS = {
    ("либоограничением", "либо ограничением"): 9,
    ("пятидесятисуток", "пятидесяти суток"): 2,
    ("неекі", "не екі"): 7,
    ("нетөрт", "не төрт"): 1,
    ("неүш", "не үш"): 1,
    ("елутәулікке", "елу тәулікке"): 2,
    ("келісімдіратификациялау", "келісімді ратификациялау"): 1,
}


def bundled_passages():
    return [document.passage for document in ingest.documents(catalogue.load())]


def test_glued_words_are_parted_and_only_they_change(monkeypatch):
    repaired = bundled_passages()
    monkeypatch.setattr(instrument, "split_glued_words", lambda line, lang: line)
    as_printed = {p.id: p for p in bundled_passages()}
    changes = Counter()
    for passage in repaired:
        before, after = as_printed[passage.id].text.split(), passage.text.split()
        for tag, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
            if tag != "equal":
                changes[" ".join(before[i1:i2]).strip(",."), " ".join(after[j1:j2]).strip(",.")] += 1
    assert changes == GLUED_WORDS, f"changed: {sorted(changes.items() - GLUED_WORDS.items())}"


@pytest.mark.parametrize("work, lang, key, lemma", [
    (CODE, "ru", "205.3", "ограничение"),
    (CODE, "ru", "208.1", "сутки"),
    (CODE, "kk", "205.3", "екі"),
    (CODE, "kk", "208.1", "тәулік"),
    ("cis-agreement-2018-it-crimes", "kk", "head.p1", "келісім"),
])
def test_a_parted_word_is_found_by_its_lemma(work, lang, key, lemma):
    [passage] = [p for p in bundled_passages() if (p.work, p.lang, p.key) == (work, lang, key)]
    assert lemma in {token.lemma for token in indexer.analyze(passage.text, lang=lang)}


@pytest.mark.parametrize("lang, word, parted", [
    ("ru", "либоограничением", "либо ограничением"),  # conjunction + any word
    ("kk", "неекі", "не екі"),
    ("ru", "пятидесятисуток", "пятидесяти суток"),  # numeral + noun
    ("kk", "елутәулікке", "елу тәулікке"),
    ("kk", "келісімдіратификациялау", "келісімді ратификациялау"),  # accusative + word
    ("ru", "двухсотлетний", "двухсотлетний"),  # numeral + adjective: a compound
    ("kk", "онсыз", "онсыз"),  # "without it", not он + сыз: too short after a numeral
    ("kk", "ішінара", "ішінара"),  # "partly", not ішін + ара: too short after a case
    ("kk", "алаяқтық", "алаяқтық"),  # not ал + an unknown word
    ("ru", "кибербуллинг", "кибербуллинг"),
    ("en", "notwithstanding", "notwithstanding"),
])
def test_which_words_are_glued(lang, word, parted):
    assert split_glued_words(word, lang) == parted
