"""Instruments are cut into passages by article and part, with human location labels."""
import corpus
from indexer.normalise import normalise_text
from indexer.segment.instrument import segment_instrument


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
