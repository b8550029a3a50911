"""Cross-language concept search through the real CLI: a query in one language finds
the same concept in the other two, and each hit says why it matched."""
import json

import pytest


def search(zan, *args):
    result = zan("search", *args, "--json", "--limit", "50")
    found = json.loads(result.output)
    assert result.exit_code == (0 if found["hits"] else 1), result.output
    return found


def texts_in(found, lang):
    return [hit["text"].lower() for hit in found["hits"] if hit["lang"] == lang]


@pytest.mark.parametrize("query, lang, expected", [
    ("компьютерлік ақпарат", "ru", "компьютерн"),
    ("information technologies", "ru", "информационных технологий"),
    ("information technologies", "kk", "ақпараттық технология"),
    ("экстрадиция", "en", "extradition"),
    ("СНГ", "kk", "тмд"),
    ("неправомерный доступ", "kk", "құқыққа сыйымсыз қол жеткіз"),
    ("неправомерный доступ", "en", "illegal access"),
    ("illegal access", "ru", "неправомерн"),
])
def test_a_concept_named_in_one_language_is_found_in_another(zan, query, lang, expected):
    found = texts_in(search(zan, query, "--lang", lang), lang)
    assert found and any(expected in text for text in found)


def test_lang_keeps_only_passages_in_that_language(zan):
    found = search(zan, "неправомерный доступ", "--lang", "en")
    assert found["hits"] and {hit["lang"] for hit in found["hits"]} == {"en"}


def test_passages_with_the_typed_words_rank_before_translations(zan):
    hits = search(zan, "неправомерный доступ")["hits"]
    langs = [hit["lang"] for hit in hits]
    assert langs[0] == "ru"
    typed = [i for i, hit in enumerate(hits) if "неправомерн" in hit["text"].lower()]
    translated = [i for i, hit in enumerate(hits) if hit["lang"] != "ru"]
    assert translated and typed[0] < translated[0]


def test_each_hit_says_through_which_concept_and_term_it_matched(zan):
    hit = next(h for h in search(zan, "неправомерный доступ", "--lang", "en")["hits"]
               if "illegal access" in h["text"].lower())
    assert {"term": "illegal access", "via": "concept:illegal-access", "from": "неправомерный доступ"} in hit["matched"]
    assert "**Illegal access**" in hit["snippet"] or "**illegal access**" in hit["snippet"]


def test_the_terminal_shows_the_translation_a_hit_was_found_by(zan):
    result = zan("search", "неправомерный доступ", "--lang", "en", "--limit", "3")
    assert "via «неправомерный доступ» → illegal access" in result.output


def test_no_expand_searches_the_words_as_typed(zan):
    assert search(zan, "неправомерный доступ", "--lang", "en", "--no-expand")["total"] == 0
    hits = search(zan, "неправомерный доступ", "--no-expand")["hits"]
    assert hits and all(hit["lang"] == "ru" for hit in hits)


def test_operators_phrases_and_filters_work_on_expanded_queries(zan):
    phrase = search(zan, '"неправомерный доступ"', "--lang", "kk")
    assert phrase["total"] > 0
    filtered = search(zan, "неправомерный доступ work:coe-ets185-budapest-convention")
    assert filtered["hits"] and {h["work"] for h in filtered["hits"]} == {"coe-ets185-budapest-convention"}
    either = search(zan, "экстрадиция OR киберқылмыс", "--lang", "en")
    assert any("extradition" in h["text"].lower() for h in either["hits"])
    excluded = search(zan, "неправомерный доступ NOT штраф", "--lang", "ru")
    assert excluded["hits"] and all("штраф" not in h["text"].lower() for h in excluded["hits"])


def test_a_word_no_concept_covers_still_searches_normally(zan):
    found = search(zan, "сутки", "--lang", "ru")
    assert found["hits"] and all("сут" in h["text"].lower() for h in found["hits"])
    assert all(m["via"] == "word" for h in found["hits"] for m in h["matched"])


def test_a_pasted_title_finds_its_article_though_not_every_word_matches(zan):
    title = "Неправомерный доступ к информации, в информационную систему или сеть телекоммуникаций"
    hits = search(zan, title + " злоумышленниками")["hits"]
    assert hits and hits[0]["id"] == "kz-criminal-code-226-v/ru/205"
    assert any(h["id"] == "kz-criminal-code-226-v/kk/205" for h in hits[:5])


def test_short_keyword_queries_keep_and(zan):
    for hit in search(zan, "доступ экстрадиция", "--no-expand")["hits"]:
        assert "доступ" in hit["text"].lower() and "экстрадиц" in hit["text"].lower()


def test_a_word_no_concept_covers_is_translated_through_the_mined_lexicon(zan):
    hits = search(zan, "сутки", "--lang", "kk")["hits"]
    assert hits and all("тәулік" in hit["text"].lower() for hit in hits)
    assert {"term": "тәулік", "via": "lexicon", "from": "сутки"} in hits[0]["matched"]


def test_a_part_of_an_article_is_found_through_the_concept_its_heading_names(zan):
    hits = {hit["id"]: hit for hit in search(zan, "неправомерный доступ", "--lang", "kk")["hits"]}
    part = hits["kz-criminal-code-226-v/kk/205.2"]  # "дәл сол іс-әрекет": the same act
    assert part["matched"] == [{"term": "құқыққа сыйымсыз қол жеткізу", "via": "context:illegal-access",
                                "from": "неправомерный доступ"}]


def test_a_passage_found_only_through_its_language_version_says_so(zan):
    hits = {hit["id"]: hit for hit in search(zan, "СНГ", "--lang", "kk")["hits"]}
    preamble = hits["cis-agreement-2018-it-crimes/kk/pre.p5"]
    assert preamble["matched"] == [{"term": "преамбула ¶5 [ru]", "from": "СНГ",
                                    "via": "aligned:cis-agreement-2018-it-crimes/ru/pre.p5"}]


def test_a_word_spelt_like_an_abbreviation_does_not_take_its_concept(zan):
    for hit in search(zan, "concepts:ict")["hits"]:
        assert any(abbreviation in hit["text"] for abbreviation in ("АКТ", "ИКТ", "ICT")) or \
            "технолог" in hit["text"].lower()
