"""Specification of the segmenters for documents a librarian adds: any act, treaty, report,
letter, as text one paragraph a line (``segment_generic``) or as a PDF's raw text layer
(``segment_pdf_text``). None of the inputs here is from the bundled corpus."""
import re
import time
from functools import cache
from pathlib import Path

import pytest

from indexer.normalise import normalise_text
from indexer.segment.generic import is_heading, segment_generic
from indexer.segment.pdf import segment_pdf_text

EXTRA = Path(__file__).resolve().parents[1].parent / "shared" / "sources" / "extra"
ARTICLE_COUNTS = {"15327": 25, "99496": 30, "52912": 12, "165949": 19}  # from extra/README.md
PART_KEY = re.compile(r"^(?P<article>\d+)\.(?P<part>\d+)$")


@cache
def extra_act(act: str, lang: str, marks: bool = True):
    """The passages of a parallel act from ../shared/sources/extra, ``#`` marks kept or removed."""
    if not EXTRA.is_dir():
        pytest.skip("../shared/sources/extra is not there")
    text = normalise_text((EXTRA / f"{act}.{lang}.md").read_text(encoding="utf-8"))
    if not marks:
        text = "\n".join(line.lstrip("#").strip() for line in text.splitlines())
    return segment_generic(text, act, lang)


def article_keys(passages):
    return {p.key for p in passages if p.kind == "heading" and p.key[0].isdigit()}


def part_keys(passages):
    return {p.key for p in passages if PART_KEY.match(p.key)}


def by_key(passages):
    return {p.key: p for p in passages}


# --- the parallel acts of ../shared/sources/extra -----------------------------------------

@pytest.mark.parametrize("act", ARTICLE_COUNTS)
def test_both_language_versions_have_the_same_articles(act):
    expected = {str(n) for n in range(1, ARTICLE_COUNTS[act] + 1)}
    assert article_keys(extra_act(act, "ru")) == article_keys(extra_act(act, "kk")) == expected


@pytest.mark.parametrize("act", ["15327", "99496", "165949"])
def test_both_language_versions_have_the_same_article_parts(act):
    assert part_keys(extra_act(act, "ru")) == part_keys(extra_act(act, "kk"))


def test_the_sco_agreement_differs_only_where_its_kazakh_text_numbers_a_list_as_parts():
    # Art. 2 lists the threats as items "1)"…"6)" in Russian but as "1."…"6." in Kazakh.
    ru, kk = part_keys(extra_act("52912", "ru")), part_keys(extra_act("52912", "kk"))
    assert ru < kk
    assert kk - ru == {f"2.{n}" for n in range(1, 7)}


@pytest.mark.parametrize("lang, label", [("ru", "ст. {article} ч. {part}"), ("kk", "{article}-бап {part}-бөлік")])
@pytest.mark.parametrize("act", ARTICLE_COUNTS)
def test_part_passages_start_with_their_number_and_are_labelled_by_it(act, lang, label):
    parts = [(p, PART_KEY.match(p.key)) for p in extra_act(act, lang) if PART_KEY.match(p.key)]
    assert parts
    for passage, key in parts:
        assert passage.text.startswith(f"{key['part']}. ")
        assert passage.location == label.format(**key.groupdict())


@pytest.mark.parametrize("lang, heading", [("ru", "Статья {n}"), ("kk", "{n}-бап")])
@pytest.mark.parametrize("act", ARTICLE_COUNTS)
def test_article_heading_passages_start_with_the_article_number(act, lang, heading):
    passages = by_key(extra_act(act, lang))
    for key in article_keys(passages.values()):
        assert passages[key].text.startswith(heading.format(n=key))


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("act", ARTICLE_COUNTS)
def test_passages_are_not_empty_and_their_ids_are_unique(act, lang):
    passages = extra_act(act, lang)
    assert all(p.text.strip() for p in passages)
    assert len({p.id for p in passages}) == len(passages)


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("act", ARTICLE_COUNTS)
def test_the_text_without_heading_marks_has_the_same_articles_and_parts(act, lang):
    marked, unmarked = extra_act(act, lang), extra_act(act, lang, marks=False)
    assert article_keys(unmarked) == article_keys(marked)
    assert part_keys(unmarked) == part_keys(marked)


# --- what is a heading ----------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Статья 12. Основные понятия",
    "Статья 12 Объем помощи",
    "Статья 12",
    "Статья 5 утратила силу",
    "Статья 7-1. Компетенция уполномоченного органа",
    "12-бап. Негізгі ұғымдар",
    "5-бап алып тасталды - ҚР 2010.07.06 № 297-IV Заңымен.",
    "Article 12",
    "ARTICLE 12",
    "Глава 2. Общие положения",
    "2-тарау. Жалпы ережелер",
    "РАЗДЕЛ II",
    "3-бөлім. Ерекше бөлім",
    "CHAPTER II",
    "Part 3 Offences",
])
def test_a_heading(line):
    assert is_heading(line)


@pytest.mark.parametrize("line", [
    "Статья 5 настоящего Закона вводится в действие с 1 января 2004 года.",
    "Статья 5 Закона изложить в следующей редакции:",
    "5-бапта көрсетілген жағдайларда осы бап қолданылмайды.",
    "Article 5(1) of the Convention applies mutatis mutandis.",
    "Part 2 of this Act applies to every court.",
    "статья 5. Основные понятия",
    "Статья 12. " + "Очень длинное название " * 10,
])
def test_not_a_heading(line):
    assert not is_heading(line)


# --- documents with articles ----------------------------------------------------------

ENGLISH_TREATY = """\
AGREEMENT ON THE EXCHANGE OF LEGAL INFORMATION
The Parties,
Desiring to strengthen their cooperation,
Have agreed as follows:
ARTICLE 1
Definitions
For the purposes of this Agreement:
a) "legal information" means the texts of laws and regulations;
b) "competent authority" means the authority named by each Party.
ARTICLE 2
Scope
1. This Agreement applies to legal information held by the competent authorities.
2. It does not apply to classified information.
Article 3 of the Convention on Mutual Assistance applies mutatis mutandis.
CHAPTER II
FINAL PROVISIONS
Article 3 Entry into force
1. This Agreement shall enter into force on the thirtieth day after signature.
Note. The Agreement was signed in two originals.
"""


def test_an_english_treaty_without_heading_marks():
    passages = by_key(segment_generic(ENGLISH_TREATY, "t", "en"))
    assert passages["pre.p4"].text == "Have agreed as follows:"
    assert passages["1"].text == "ARTICLE 1. Definitions"  # the title on the next line joins it
    assert passages["1.p2"].text.startswith('a) "legal information"')
    assert passages["2.2"].location == "Art. 2 para. 2"
    assert passages["2.2"].text.endswith("applies mutatis mutandis.")  # a mention, not article 3
    assert passages["div1"].location == "Chapter II"
    assert passages["div1"].text == "CHAPTER II. FINAL PROVISIONS"
    assert passages["3.1"].text.startswith("1. This Agreement shall enter")
    assert passages["3.note"].kind == "note"


KAZAKH_LAW = """\
1-бап. Негізгі ұғымдар
Осы Заңда мынадай негізгі ұғымдар пайдаланылады.
2-бап. Заңның қолданылу аясы
1. Осы Заң 5-бапта көрсетілген қатынастарды реттейді.
5-бапта көрсетілген жағдайларда осы бап қолданылмайды.
3-бап алып тасталды - ҚР 2010.07.06 № 297-IV Заңымен.
3-1-бап. Ақпараттық қауіпсіздік
"""


def test_a_kazakh_law_with_bap_headings_and_references_to_articles():
    passages = segment_generic(KAZAKH_LAW, "k", "kk")
    assert article_keys(passages) == {"1", "2", "3", "3-1"}
    part = by_key(passages)["2.1"]
    assert part.location == "2-бап 1-бөлік"
    assert part.text == ("1. Осы Заң 5-бапта көрсетілген қатынастарды реттейді.\n"
                         "5-бапта көрсетілген жағдайларда осы бап қолданылмайды.")
    assert by_key(passages)["3-1"].location == "3-1-бап"


# --- documents without articles -------------------------------------------------------

REPORT = """\
Prepared for the Ministry of Justice, 2023.
# Digitisation of court records in Kazakhstan: a report on the first five years of the programme
## Introduction
Courts began to scan their archives in 2018.
The work is not finished.
## Notes
The figures are the courts' own.
## Findings
Most records are now online.
## Notes
Two regions did not answer.
"""


def test_a_report_is_cut_into_sections_at_its_headings():
    passages = by_key(segment_generic(REPORT, "r", "en"))
    assert passages["p1"].location == "¶1"
    title = passages["s1"]
    assert title.kind == "heading"
    assert title.location == "Digitisation of court records in Kazakhstan: a report on…"
    assert passages["s2.p2"].location == "Introduction ¶2"
    assert passages["s2.p2"].text == "The work is not finished."
    assert passages["s3.p1"].location == "Notes ¶1"
    assert passages["s5.p1"].location == "§5 Notes ¶1"  # a repeated heading is told apart


def test_plain_paragraphs_are_numbered():
    passages = segment_generic("First paragraph.\n\nSecond paragraph.\nThird.", "l", "en")
    assert [(p.key, p.location, p.text) for p in passages] == [
        ("p1", "¶1", "First paragraph."), ("p2", "¶2", "Second paragraph."), ("p3", "¶3", "Third."),
    ]


def test_a_chapter_heading_without_a_mark_starts_a_section():
    passages = segment_generic("Глава 1. Общие положения\nПравила определяют порядок.", "g", "ru")
    assert [(p.key, p.location) for p in passages] == [("s1", "Глава 1. Общие положения"),
                                                       ("s1.p1", "Глава 1. Общие положения ¶1")]


# --- odd inputs -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "\n \n\t\n",
    "слово другое, " * 75_000,  # one line of 1 MB
    "[" * 1_000_000,  # unclosed Markdown link openers
    "``" * 500_000,
    "\n".join(f"Строка {n}." for n in range(100_000)),
    "\n".join(f"# Заголовок {n}" for n in range(20_000)),
    "\n".join(f"Статья {n}" for n in range(20_000)),
    "Статья 1\n" + "\n".join(["...", "***", "---", "#", "1.", "1)", "а)", "§", "«»", "* * *"] * 2_000),
], ids=["empty", "blank", "1 MB line", "brackets", "backticks", "100k lines", "only headings",
        "only articles", "punctuation"])
def test_odd_input_is_segmented_quickly_into_unique_non_empty_passages(text):
    start = time.perf_counter()
    passages = segment_generic(text, "o", "ru")
    assert time.perf_counter() - start < 5
    assert all(p.text.strip() for p in passages)
    assert len({p.id for p in passages}) == len(passages)


# --- PDF text layer -------------------------------------------------------------------

PAGE_END = "\nЗакон Республики Казахстан «Об информатизации»\n{page}\n\n"
PDF_TEXT_LAYER = f"""\
Глава 1. Общие положения
Статья 1. Основные понятия, используемые в настоящем Законе, и сфера его
действия
1. В настоящем Законе используются следующие основные понятия инфор-
{PAGE_END.format(page=12)}\
мационной системы и информационных ресурсов государства1:
1) информатизация – организационный социально-экономический и научно-
технический процесс создания условий для удовлетворения потребностей;
2) информационные ресурсы – информация, хранящаяся в электронном виде.
2. Действие настоящего Закона не распространяется на отношения, связан-
ные с защитой сведений, составляющих государственные секреты.

1 Закон утратил силу Законом РК от 11.01.2007 N 217.
{PAGE_END.format(page=13)}\
Статья 2. Законодательство Республики Казахстан об информатизации
Законодательство Республики Казахстан об информатизации основывается на
Конституции Республики Казахстан и состоит из настоящего Закона.
{PAGE_END.format(page=14)}"""


@pytest.fixture(scope="module")
def pdf_passages():
    return segment_pdf_text(PDF_TEXT_LAYER, "p", "ru")


def test_pdf_words_broken_across_lines_and_pages_are_joined(pdf_passages):
    part = by_key(pdf_passages)["1.1"]
    assert "понятия информационной системы" in part.text
    assert "социально-экономический и научно-технический процесс" in part.text
    assert "связанные с защитой" in by_key(pdf_passages)["1.2"].text


def test_pdf_page_numbers_and_running_footer_are_gone(pdf_passages):
    words = {word for p in pdf_passages for word in p.text.split()}
    assert words.isdisjoint({"12", "13", "14"})
    assert not any("«Об информатизации»" in p.text for p in pdf_passages)


def test_pdf_lines_are_grouped_into_headings_parts_and_paragraphs(pdf_passages):
    assert [p.key for p in pdf_passages] == ["div1", "1", "1.1", "1.2", "2", "2.p1", "fn1"]
    assert by_key(pdf_passages)["1"].text.endswith("используемые в настоящем Законе, и сфера его действия")
    assert "\n2) информационные ресурсы" in by_key(pdf_passages)["1.1"].text  # items stay in their part


def test_pdf_footnotes_become_passages_of_their_own(pdf_passages):
    note = by_key(pdf_passages)["fn1"]
    assert (note.kind, note.location) == ("footnote", "footnote 1")
    assert note.text == "Закон утратил силу Законом РК от 11.01.2007 N 217."
    assert note.order == len(pdf_passages) - 1


@pytest.mark.parametrize("raw", [
    "",
    "слово другое, " * 75_000,
    "\n".join(f"строка {n}," for n in range(20_000)),  # one paragraph of 20k lines
    "\n".join(str(n) for n in range(20_000)),  # page numbers only
    "\n".join(["...", "***", "1", "", "[[", "1 x"] * 5_000),
], ids=["empty", "1 MB line", "20k-line paragraph", "only page numbers", "punctuation"])
def test_odd_pdf_text_is_segmented_quickly_into_unique_non_empty_passages(raw):
    start = time.perf_counter()
    passages = segment_pdf_text(raw, "o", "ru")
    assert time.perf_counter() - start < 5
    assert all(p.text.strip() for p in passages)
    assert len({p.id for p in passages}) == len(passages)
