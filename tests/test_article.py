"""Specification of the journal-article segmenter, on the real PDF-extracted article."""
import re
from pathlib import Path

import pytest

import indexer
from indexer.segment import article
from indexer.segment.article import (
    SUPERSCRIPT_DIGITS, WORD_JOINER, join_lines, segment_article, separate_footnote_marks, split_paragraphs,
    tidy_spacing,
)

ARTICLE = Path(__file__).resolve().parents[1] / "corpus" / "texts" / "cybercrime-cooperation-2024.pdf.txt"
WORK = "cybercrime-cooperation-2024"
SECTIONS = ["Введение", "Материалы и методы", "Результаты", "Обсуждение", "Заключение"]


@pytest.fixture(scope="module")
def passages():
    return segment_article(ARTICLE.read_text(encoding="utf-8"), WORK)


def at(passages, location):
    [passage] = [p for p in passages if p.location == location]
    return passage


def of_kind(passages, kind):
    return [p for p in passages if p.kind == kind]


# --- words broken across lines ----------------------------------------------------------

def test_a_word_broken_at_a_line_end_is_joined(passages):
    assert "решения возникших проблем информационной безопасности" in at(passages, "Введение ¶1").text


def test_a_blank_line_inside_a_broken_word_is_bridged(passages):
    assert "внедрение современных информационных технологий" in at(passages, "Введение ¶1").text


def test_a_compound_keeps_its_own_hyphen_when_broken_after_it(passages):
    assert "актов международно-правового регулирования" in at(passages, "Аннотация ¶2").text
    assert "информационно-коммуникационных технологий) и" in at(passages, "Введение ¶3").text


def test_a_kazakh_word_broken_with_a_stray_space_is_joined(passages):
    assert "контекстінде киберқылмыспен күрес" in at(passages, "Аңдатпа ¶1").text
    assert "халықаралық-құқықтық реттеу" in at(passages, "Түйінді сөздер").text


@pytest.mark.parametrize("lines, lang, joined", [
    (["Интернет-", "терроризм получил"], "ru", "Интернет-терроризм получил"),
    (["информационно-", "коммуникационных технологий"], "ru", "информационно-коммуникационных технологий"),
    (["проблем информаци-", "онной безопасности"], "ru", "проблем информационной безопасности"),
    (["международно-пра-", "вового"], "ru", "международно-правового"),
    (["государств-у-", "частников"], "ru", "государств-участников"),
    (["между государства-", "ми8. Из"], "ru", "между государствами8. Из"),
    (["кибер- ", "қылмыспен"], "kk", "киберқылмыспен"),
    (["халықаралық-", "құқықтық реттеу"], "kk", "халықаралық-құқықтық реттеу"),
    (["өзара іс-", "қимылын"], "kk", "өзара іс-қимылын"),
    (["infor-", "mation"], "en", "information"),
    (["self-", "defence"], "en", "self-defence"),
    (["С. 359-", "369."], "ru", "С. 359-369."),
])
def test_line_end_hyphen(lines, lang, joined):
    assert join_lines(lines, lang) == joined


def test_a_url_broken_at_a_line_end_is_rejoined_without_a_space():
    lines = ["// https://www.weforum.org/agenda/2024/02/emerging-", "global-risks-report/ (дата обращения)"]
    assert join_lines(lines, "en") == "// https://www.weforum.org/agenda/2024/02/emerging-global-risks-report/ (дата обращения)"
    assert join_lines(["gap? //", "International"], "en") == "gap? // International"


# --- spacing ----------------------------------------------------------------------------

def test_a_dash_that_lost_its_space_is_restored(passages):
    assert "так и правительствами – гарантами информационной" in at(passages, "Аннотация ¶3").text


def test_a_space_lost_after_a_full_stop_is_restored(passages):
    assert "жүргізілмегені дәйектеледі. Зерттеу Қазақстан" in at(passages, "Аңдатпа ¶4").text
    assert tidy_spacing("Abstract.The study") == "Abstract. The study"


@pytest.mark.parametrize("text", [
    "(т.е. любое преступление", "[1, с.123].", "на о. Окинава", "Ph.D thesis",
    "https://www.Example.org/Page.Html", "двух- и трёхсторонний",
])
def test_abbreviations_urls_and_suspended_hyphens_are_left_alone(text):
    assert tidy_spacing(text) == text


# --- page furniture -----------------------------------------------------------------------

def test_no_running_header_fragment_survives(passages):
    for p in passages:
        assert not re.search(r"\b(LLE|TIN|TITU|LATIO|ATIO|F IN|F TH|K №)\b|3\(78\)-2024", p.text), p.location
        assert "СРАВНИТЕЛЬНОЕ ПРАВОВЕДЕНИЕ" not in p.text


def test_no_passage_has_line_breaks_or_double_spaces(passages):
    for p in passages:
        assert "\n" not in p.text and "  " not in p.text and p.text == p.text.strip(), p.location


# --- footnotes ----------------------------------------------------------------------------

def test_there_are_21_footnotes_in_order(passages):
    notes = of_kind(passages, "footnote")
    assert [p.location for p in notes] == [f"footnote {n}" for n in range(1, 22)]
    assert [p.id.rsplit("/", 1)[1] for p in notes] == [f"fn{n}" for n in range(1, 22)]
    assert at(passages, "footnote 1").text == "Автор для корреспонденции"


def test_footnote_2_is_its_own_passage(passages):
    note = at(passages, "footnote 2")
    assert note.text.startswith("Введение в киберпреступность. Модуль 1. Управление Организации")
    assert "по наркотикам и преступности. ООН, Вена, 2019." in note.text
    assert "Introduction_to_Cybercrime_RU.pdf. (датаобращения 16.12.2023)." in note.text


def test_footnotes_leave_no_trace_in_the_body(passages):
    for p in of_kind(passages, "body"):
        assert "обращения" not in p.text and "https://" not in p.text, p.location
    assert "компьютерных данных или систем»2." in at(passages, "Введение ¶3").text


@pytest.mark.parametrize("location, continuous", [
    ("Материалы и методы ¶1", "Были изучены основные результаты противодействия"),
    ("Результаты ¶3", "осуществление неправомерного доступа к компьютерной информации"),
    ("Результаты ¶10", "можно также рассмотреть данные нового"),
    ("Результаты ¶20", "можно утверждать, что важность и актуальность"),
])
def test_a_sentence_interrupted_by_footnotes_reads_continuously(passages, location, continuous):
    assert continuous in at(passages, location).text


def test_a_footnote_cut_by_a_page_break_is_completed(passages):
    assert at(passages, "footnote 13").text.endswith(
        "https://www.weforum.org/agenda/2024/01/global-risk-report-2024-risks-are-growing-but-theres-hope/"
        " (дата обращения 16.12.2023).")


# --- languages and front matter -------------------------------------------------------------

@pytest.mark.parametrize("label, lang", [("Аннотация", "ru"), ("Аңдатпа", "kk"), ("Abstract", "en")])
def test_each_abstract_has_four_paragraphs_in_its_language(passages, label, lang):
    abstract = [p for p in of_kind(passages, "abstract") if p.location.startswith(label)]
    assert [p.location for p in abstract] == [f"{label} ¶{n}" for n in range(1, 5)]
    assert {p.lang for p in abstract} == {lang}


def test_abstract_labels_are_not_part_of_the_text(passages):
    assert at(passages, "Abstract ¶1").text.startswith("The study focuses on the problem")
    assert at(passages, "Аңдатпа ¶1").text.startswith("Зерттеу халықаралық")


@pytest.mark.parametrize("location, lang, start", [
    ("Ключевые слова", "ru", "киберпреступность, кибербезопасность;"),
    ("Түйінді сөздер", "kk", "киберқылмыс, киберқауіпсіздік,"),
    ("Keywords", "en", "cybercrime; cybersecurity;"),
])
def test_keywords(passages, location, lang, start):
    keywords = at(passages, location)
    assert (keywords.kind, keywords.lang) == ("keywords", lang)
    assert keywords.text.startswith(start)


def test_the_body_is_russian(passages):
    assert {p.lang for p in of_kind(passages, "body")} == {"ru"}


# --- body sections --------------------------------------------------------------------------

def test_body_paragraphs_carry_their_section_in_the_location(passages):
    body = of_kind(passages, "body")
    sections = list(dict.fromkeys(p.location.split(" ¶")[0] for p in body))
    assert sections == SECTIONS
    for section in SECTIONS:
        numbers = [int(p.location.split("¶")[1]) for p in body if p.location.startswith(section + " ¶")]
        assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("location, start", [
    ("Введение ¶1", "Активное внедрение современных"),
    ("Введение ¶6", "18 января 2013 г. в Гааге"),
    ("Материалы и методы ¶1", "Проведен комплексный анализ"),
    ("Результаты ¶1", "Важные вопросы сотрудничества государств"),
    ("Результаты ¶15", "В-четвертых, в некоторых регионах"),
    ("Обсуждение ¶1", "Вместе с тем, несмотря на множество региональных"),
    ("Заключение ¶1", "Одним из решающих факторов"),
])
def test_paragraph_starts(passages, location, start):
    assert at(passages, location).text.startswith(start)


# --- reference lists ------------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["ЛИТЕРАТУРА", "REFERENCES"])
def test_reference_lists_have_15_entries(passages, heading):
    entries = [p for p in of_kind(passages, "reference") if p.location.startswith(heading + " ")]
    assert [p.location for p in entries] == [f"{heading} {n}" for n in range(1, 16)]


def test_a_reference_entry_spans_blank_lines_and_loses_its_number(passages):
    entry = at(passages, "ЛИТЕРАТУРА 5").text
    assert entry.startswith("Якимова Е.М., Нарутто С.В. Международное сотрудничество в борьбе с киберпреступностью //")
    assert at(passages, "REFERENCES 3").text == "Maras M.H. Cyber criminology. – Oxford: Oxford University Press, 2017. - 425 r."


# --- identity and order ---------------------------------------------------------------------

def test_ids_are_unique_and_orders_consecutive(passages):
    assert len({p.id for p in passages}) == len(passages)
    assert [p.order for p in passages] == list(range(len(passages)))
    for p in passages:
        assert p.id.startswith(f"{WORK}/{p.lang}/") and p.lang in ("ru", "kk", "en")


def test_reading_order_is_front_matter_body_footnotes_references(passages):
    kinds = [p.kind for p in passages]
    groups = ["abstract" if k == "keywords" else k for k in kinds]
    assert list(dict.fromkeys(groups)) == ["abstract", "body", "footnote", "reference"]


# --- paragraph breaks (synthetic) -----------------------------------------------------------

def texts(paragraphs):
    return [" ".join(line.strip() for line in lines) for lines in paragraphs]


@pytest.mark.parametrize("lines, expected", [
    (["Первый абзац закончен.", "", "Второй абзац."], ["Первый абзац закончен.", "Второй абзац."]),
    (["Активное внедрение инфор-", "", "мационных технологий."], ["Активное внедрение инфор- мационных технологий."]),
    (["Были изучены основные ", "", "", "результаты."], ["Были изучены основные результаты."]),
    (["Можно утверждать, что ", "", "Казахстан остаётся."], ["Можно утверждать, что Казахстан остаётся."]),
    (["Сноска закончена с.", "", "продолжение строчной."], ["Сноска закончена с. продолжение строчной."]),
    (["Документы таковы:", "", "1. Первый документ;", "", "- второй."], ["Документы таковы:", "1. Первый документ;", "- второй."]),
    (["последствиях кибер-", "преступности13.", " В-четвертых, в регионах"], ["последствиях кибер- преступности13.", "В-четвертых, в регионах"]),
    (["по статье 205 Республики ", " Казахстан."], ["по статье 205 Республики Казахстан."]),
    (["конвенция.", " Abstract.The study"], ["конвенция.", "Abstract.The study"]),
])
def test_paragraph_breaks(lines, expected):
    assert texts(split_paragraphs(lines)) == expected


def test_page_break_furniture_inside_a_sentence():
    header = ["B", "U", "", "LLE", "TIN", "", " O", "F IN", "3(78)-2024", "", "221", ""]
    raw = "\n".join(["Введение", "Текст статьи, совер-", ""] + header
                    + ["1 Сноска о документе.", "", "шенствование взаимодействия."])
    [body, note] = segment_article(raw, "w")
    assert (body.location, body.text) == ("Введение ¶1", "Текст статьи, совершенствование взаимодействия.")
    assert (note.location, note.text) == ("footnote 1", "Сноска о документе.")


def test_headings_by_shape():
    raw = "\n".join([
        "Постановка проблемы", "Первый абзац.", "",
        "Как отмечают российские исследователи ", "Приходько Д.В. пишут.",
    ])
    passages = segment_article(raw, "w")
    assert [p.location for p in passages] == ["Постановка проблемы ¶1", "Постановка проблемы ¶2"]


# --- footnote marks glued to words ------------------------------------------------------------

MARKED_WORDS = ["преступлениями", "киберпреступностью", "авторства", "интеллекта", "платформы", "государствами",
                "совершение", "стабильности", "кибербезопасности", "защищен", "киберпреступности", "угрозами",
                "управления", "последствия", "связи", "киберугроз"]


def test_each_footnote_mark_glued_to_a_word_is_set_apart_as_a_superscript(passages, monkeypatch):
    monkeypatch.setattr(article, "separate_footnote_marks", lambda text, footnotes: text)
    as_printed = {p.id: p.text for p in segment_article(ARTICLE.read_text(encoding="utf-8"), WORK)}
    changes = []
    for p in passages:
        before, after = as_printed[p.id].split(), p.text.split()
        changes += [(b, a) for b, a in zip(before, after) if b != a]
        assert len(before) == len(after), p.location
    marks = [re.fullmatch(rf"(\w+?)(\d+)([.,]?) \1{WORD_JOINER}(\S+)\3", f"{b} {a}") for b, a in changes]
    assert all(marks), f"other changes: {[c for c, m in zip(changes, marks) if not m]}"
    assert [m[1] for m in marks] == MARKED_WORDS
    assert all(m[4] == m[2].translate(SUPERSCRIPT_DIGITS) and 1 <= int(m[2]) <= 21 for m in marks)


def test_a_word_with_a_footnote_mark_is_found_by_its_lemma(passages):
    text = at(passages, "Результаты ¶7").text
    assert "платформы\u2060⁷." in text
    assert "платформа" in {token.lemma for token in indexer.analyze(text, lang="ru")}


@pytest.mark.parametrize("text", ["52-ФЗ", "226-V", "G8", "e4j", "в 2016 г.", "ст.205", "из 100"])
def test_what_is_not_a_footnote_mark(text):
    assert separate_footnote_marks(text, range(1, 300)) == text
