"""Language identification: which of Russian, Kazakh and English a text is in."""
import subprocess
import sys
import time

import pytest

from indexer import langid

KAZAKH = (
    "Электрондық жеткізгіштегі заңмен қорғалатын ақпаратқа, ақпараттық жүйеге немесе "
    "телекоммуникациялар желісіне құқыққа сыйымсыз қол жеткізу айыппұл салуға әкеп соғады."
)
RUSSIAN = (
    "Умышленный неправомерный доступ к охраняемой законом информации, содержащейся на "
    "электронном носителе, наказывается штрафом либо исправительными работами."
)
ENGLISH = (
    "Each Party shall adopt such legislative and other measures as may be necessary to "
    "establish as criminal offences under its domestic law the access to a computer system."
)
AMBIGUOUS = ["конвенция", "органы", "бала", "казахстан", "минут", "поэзия", "дата", "машина"]


def test_a_kazakh_paragraph_is_kazakh():
    assert langid.detect(KAZAKH) == "kk"


def test_a_russian_paragraph_is_russian():
    assert langid.detect(RUSSIAN) == "ru"


def test_an_english_paragraph_is_english():
    assert langid.detect(ENGLISH) == "en"


def test_kazakh_without_kazakh_only_letters_is_still_kazakh():
    assert langid.detect("Жан керек, жар керек, бала керек.") == "kk"


@pytest.mark.parametrize(
    "sentence",
    [
        "В казахском языке закон называется словом «заң».",
        "Термин «ақпарат» в законе означает сведения о лицах, предметах и событиях.",
    ],
)
def test_a_russian_sentence_quoting_one_kazakh_word_stays_russian(sentence):
    assert langid.detect(sentence) == "ru"


def test_a_longer_russian_text_with_hardly_a_kazakh_word_is_russian_without_langdetect(monkeypatch):
    monkeypatch.setattr(langid, "_langdetect", lambda words, candidates: pytest.fail("langdetect was asked"))
    quoting = RUSSIAN + " Термин «ақпарат» в законе означает сведения. " + RUSSIAN
    assert langid.detect(quoting) == "ru"


def test_a_short_russian_text_is_still_left_to_langdetect(monkeypatch):
    asked = []
    monkeypatch.setattr(langid, "_langdetect", lambda words, candidates: asked.append(words) or "ru")
    assert langid.detect("неправомерный доступ к информации") == "ru"
    assert asked


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("конвенция", "ru"),
        ("доступ", "ru"),
        ("неправомерный доступ", "ru"),
        ("мемлекеттердің", "kk"),
        ("туралы", "kk"),
        ("технологиялар", "kk"),
        ("offences", "en"),
        ("computer data", "en"),
    ],
)
def test_legal_query_words(query, lang):
    assert langid.detect(query) == lang


def test_latin_names_in_a_kazakh_sentence_do_not_make_it_english():
    assert langid.detect("Келісімге Microsoft, Google және Apple компаниялары қосылды.") == "kk"


def test_addresses_are_not_words():
    footnote = "Уголовный кодекс // https://adilet.zan.kz/rus/docs/K1400000226 (дата обращения 16.12.2023)"
    assert langid.detect(footnote) == "ru"


@pytest.mark.parametrize("address", ["https://adilet.zan.kz/rus/docs/K1400000226", "www.gov.kz", "info@zan.kz",
                                     "docs/law.pdf"])
def test_a_url_a_path_or_an_e_mail_address_is_not_words(address):
    # counted as words, their Latin letters would outnumber the Russian ones
    assert langid.detect(f"Смотри {address} {address} {address}") == "ru"


@pytest.mark.parametrize("run", ["w" * 20_000, "a" * 20_000, "ab/" * 7_000])  # ingest reads 20,000 characters
def test_a_long_run_of_non_spaces_is_read_in_linear_time(run):
    def seconds():
        began = time.perf_counter()
        langid.detect(run)
        return time.perf_counter() - began

    assert min(seconds() for _ in range(3)) < 0.25  # the best of three: a pause of the machine is not the rule


def test_capitals_do_not_hide_the_language():
    assert langid.detect("УГОЛОВНЫЕ ПРАВОНАРУШЕНИЯ В СФЕРЕ ИНФОРМАТИЗАЦИИ И СВЯЗИ") == "ru"


def test_the_same_text_gets_the_same_answer_on_every_call():
    first = [langid.detect(word) for word in AMBIGUOUS]
    assert all([langid.detect(word) for word in AMBIGUOUS] == first for _ in range(5))


def test_another_process_gives_the_same_answers():
    code = f"from indexer import langid; print(' '.join(langid.detect(w) for w in {AMBIGUOUS!r}))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout.split() == [langid.detect(word) for word in AMBIGUOUS]


@pytest.mark.parametrize(
    ("text", "langs", "lang"),
    [
        (KAZAKH, ("ru", "en"), "ru"),
        (ENGLISH, ("ru", "kk"), "ru"),
        (RUSSIAN, ("kk", "en"), "kk"),
        (RUSSIAN, ("en",), "en"),
        (RUSSIAN, ("kk", "ru"), "ru"),
    ],
)
def test_the_answer_is_one_of_langs(text, langs, lang):
    assert langid.detect(text, langs) == lang


@pytest.mark.parametrize("text", ["", "   ", "2024", "12.05.2020, № 226 – 205.", "—"])
def test_text_without_letters_gets_the_first_of_langs(text):
    assert langid.detect(text) == "ru"
    assert langid.detect(text, ("kk", "en")) == "kk"


@pytest.mark.parametrize(("text", "langs"), [("offences", ("kk", "ru")), ("ποινικός κώδικας", ("en", "ru"))])
def test_text_in_a_script_none_of_langs_uses_gets_the_first_of_langs(text, langs):
    assert langid.detect(text, langs) == langs[0]


def test_text_no_profile_knows_gets_the_first_candidate():
    assert langid.detect("ѣѣѣ") == "ru"  # pre-1918 letters: Cyrillic, in no profile


@pytest.mark.parametrize("langs", [(), ("de",), ("ru", "uk")])
def test_langs_outside_ru_kk_en_are_refused(langs):
    with pytest.raises(ValueError):
        langid.detect("текст", langs)


def test_importing_loads_nothing_until_needed():
    code = (
        "import sys; from indexer import langid; before = 'langdetect' in sys.modules; "
        "langid.detect('мемлекеттердің'); print(before, 'langdetect' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]  # the Kazakh-letter path needs no model
