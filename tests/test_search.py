"""`zan search` over the real index of the bundled corpus, through the real CLI."""
import json
import os
import subprocess
import sys

import pytest

import indexer


def hits(zan, *args):
    result = zan("search", *args, "--json", "--limit", "50")
    found = json.loads(result.output)["hits"]
    assert result.exit_code == (0 if found else 1), result.output  # as grep: 1 when nothing is found
    return found


@pytest.mark.parametrize("query, lang, expected_word", [
    ("конвенциям", "ru", "конвенци"),
    ("преступлениями", "ru", "преступлени"),
    ("мемлекеттердің", "kk", "мемлекет"),
    ("offences", "en", "offence"),
    ("criminalization", "en", "criminalisation"),
    ("recognizes", "en", "recognis"),
])
def test_an_inflected_form_finds_passages_with_other_forms_of_its_lemma(zan, query, lang, expected_word):
    found = hits(zan, query)
    in_language = [hit for hit in found if hit["lang"] == lang]
    assert in_language, f"{query} found nothing in {lang}"
    assert any(query not in hit["text"].lower() and expected_word in hit["text"].lower()
               for hit in in_language), "only the exact form was found"


def test_the_kazakh_abstract_is_indexed_as_kazakh(zan):
    found = hits(zan, "киберқылмыспен", "--lang", "kk")
    article = [hit for hit in found if hit["work"] == "cybercrime-cooperation-2024"]
    assert article and all(hit["lang"] == "kk" for hit in article)


def test_the_english_abstract_is_indexed_as_english(zan):
    found = hits(zan, "informatization", "--no-expand")
    assert found and all(hit["lang"] == "en" for hit in found)
    assert found[0]["work"] == "cybercrime-cooperation-2024"


def test_words_hyphenated_across_pdf_lines_are_found_whole(zan):
    found = hits(zan, "информационной", "--lang", "ru")
    assert any(hit["work"] == "cybercrime-cooperation-2024" for hit in found)
    assert not hits(zan, "информаци")


def test_kazakh_words_typed_with_latin_i_match_cyrillic_ones(zan):
    with_cyrillic = {hit["id"] for hit in hits(zan, "белгілі")}
    with_latin = {hit["id"] for hit in hits(zan, "белгiлi")}
    assert with_cyrillic and with_cyrillic == with_latin
    assert all("белгiлi" not in hit["text"] for hit in hits(zan, "белгілі"))  # display text folded


def test_yo_and_ye_are_the_same_letter_for_search(zan):
    assert {h["id"] for h in hits(zan, "объём")} == {h["id"] for h in hits(zan, "объем")} != set()


def test_one_query_word_is_looked_up_in_every_language(zan):
    langs = {hit["lang"] for hit in hits(zan, "конвенция OR convention")}
    assert {"ru", "kk", "en"} <= langs


def test_words_of_a_query_must_all_occur_in_a_passage(zan):
    for hit in hits(zan, "illegal access", "--no-expand"):
        assert "illegal" in hit["text"].lower() and "access" in hit["text"].lower()


def test_a_phrase_matches_words_in_order_across_stopwords(zan):
    found = hits(zan, '"неправомерный доступ к информации"', "--no-expand")
    assert found and all("неправомерн" in hit["text"].lower() for hit in found)


def test_field_filters_restrict_hits(zan):
    found = hits(zan, "доступ work:kz-criminal-code-226-v")
    assert found and {hit["work"] for hit in found} == {"kz-criminal-code-226-v"}


def test_lang_option_restricts_hits(zan):
    assert {hit["lang"] for hit in hits(zan, "конвенция", "--lang", "kk")} == {"kk"}


def test_json_output_has_the_documented_shape(zan):
    result = zan("search", "access", "--json", "--limit", "3")
    document = json.loads(result.output)
    assert set(document) == {"query", "mode", "total", "page", "hits", "suggestions"}
    assert document["query"] == "access" and document["total"] >= len(document["hits"]) == 3
    for hit in document["hits"]:
        assert set(hit) == {"id", "work", "key", "lang", "title", "location", "score", "text", "snippet",
                            "matched"}
        assert "**" in hit["snippet"]
        assert hit["snippet"].replace("**", "").replace(" … ", " ").strip()[:20] in hit["text"].replace("\n", " ")


def test_hits_are_ranked_by_score(zan):
    scores = [hit["score"] for hit in hits(zan, "data")]
    assert scores == sorted(scores, reverse=True)


def test_snippets_highlight_inflected_matches_in_long_passages(zan):
    found = hits(zan, "cybercrime", "--lang", "en")
    preamble = next(hit for hit in found if hit["location"] == "Preamble ¶1")
    assert len(preamble["text"]) > 5000 and "**cybercrime**" in preamble["snippet"]


def test_terminal_output_shows_title_location_and_snippet_without_colour_when_piped(zan):
    result = zan("search", "киберқылмыс")
    assert result.exit_code == 0
    assert "\x1b[" not in result.output and "**" not in result.output and "[киберқылмыс" in result.output
    assert "Аңдатпа" in result.output or "Түйінді сөздер" in result.output


def test_a_query_without_matches_says_so_and_exits_1(zan):
    result = zan("search", "zzzyxq")
    assert result.exit_code == 1 and "no passages match" in result.output


@pytest.mark.parametrize("query", ['"unclosed phrase', "(access", "access AND", "access OR AND data", "work:", "nosuchfield:x", "   "])
def test_a_malformed_query_is_a_one_line_error_with_exit_code_2(zan, query):
    result = zan("search", query)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("zan: error:")


def test_the_library_search_returns_dataclasses(index_dir):
    result = indexer.search("доступ", index_dir=index_dir, limit=2)
    assert isinstance(result, indexer.SearchResult) and len(result.hits) == 2
    assert isinstance(result.hits[0], indexer.Hit)


@pytest.mark.parametrize("query, other_form", [
    ("мемлекеттерге", "мемлекеттердің"),
    ("құқығынан", "құқыққа"),
    ("ақпаратқа", "ақпаратты"),
    ("келісімнің", "келісімге"),
    ("тараптардың", "тарапқа"),
    ("киберқылмыс", "киберқылмыспен"),
    ("жүйесі", "жүйеге"),
])
def test_a_kazakh_form_finds_passages_with_other_forms_of_the_lexeme(zan, query, other_form):
    import re
    found = hits(zan, query, "--lang", "kk")
    marked = [span.lower() for hit in found for span in re.findall(r"\*\*(.+?)\*\*", hit["snippet"])]
    assert any(other_form in span.split() for span in marked), f"{query} does not find and highlight {other_form}"


def test_filters_report_unknown_values_and_take_years_ranges_and_minus(zan):
    unknown = zan("search", "доступ kind:xyz")
    assert unknown.exit_code == 2 and "kind is one of: abstract, body" in unknown.output
    in_2018 = hits(zan, "доступ date:2018")
    assert in_2018 and all(hit["work"] == "cis-agreement-2018-it-crimes" for hit in in_2018)
    ranged = hits(zan, "доступ date:[2001 TO 2015]")
    assert ranged and all(hit["work"] == "kz-criminal-code-226-v" for hit in ranged)
    assert hits(zan, "доступ -lang:ru") and all(hit["lang"] != "ru" for hit in hits(zan, "доступ -lang:ru"))


def test_a_prefix_matches_words_as_written_not_their_lemmas(zan):
    found = hits(zan, "информ*", "--lang", "ru")
    assert found and all("информ" in hit["text"].lower() for hit in found)
    assert any("**информационн" in hit["snippet"].lower() for hit in found)


def test_an_exact_form_finds_only_that_form(zan):
    found = hits(zan, "=информации", "--lang", "ru")
    assert found and all("информации" in hit["text"].lower() for hit in found)
    assert all("**информация**" not in hit["snippet"].lower() for hit in found)
    assert len(found) < len(hits(zan, "информация", "--lang", "ru", "--no-expand"))


def test_a_fuzzy_word_forgives_typing_mistakes(zan):
    found = hits(zan, "кибербезопастность~1", "--lang", "ru")
    assert found and any("**кибербезопасность**" in hit["snippet"].lower() for hit in found)


@pytest.mark.parametrize("typed", ["киберкылмыс", "kiberqylmys", "мемлекеттердин"])
def test_kazakh_typed_without_its_letters_or_in_latin_finds_the_cyrillic_words(zan, typed):
    found = hits(zan, typed, "--lang", "kk", "--no-expand")
    assert found and found[0]["matched"][0]["via"] == "spelling"
    assert any(letter in found[0]["text"].lower() for letter in "қі")


def test_exact_matches_rank_before_respellings(zan):
    exact = hits(zan, "киберқылмыс", "--lang", "kk", "--no-expand")
    respelled = hits(zan, "киберкылмыс", "--lang", "kk", "--no-expand")
    assert respelled[0]["score"] < exact[0]["score"]


def test_a_hyphenated_compound_also_finds_the_word_written_whole(zan):
    written = {hit["id"] for hit in hits(zan, "cyber-crime", "--lang", "en", "--no-expand")}
    assert {hit["id"] for hit in hits(zan, "cybercrime", "--lang", "en", "--no-expand")} <= written


def test_passages_where_the_words_stand_together_rank_first(zan):
    found = hits(zan, "assistance mutual", "--lang", "en", "--no-expand")
    together = [i for i, hit in enumerate(found) if "mutual assistance" in hit["text"].lower()]
    apart = [i for i, hit in enumerate(found) if "mutual assistance" not in hit["text"].lower()]
    assert together and apart and max(together[:3]) < min(apart)


def test_no_hits_suggests_the_nearest_words_of_the_index(zan):
    result = zan("search", "extradtion", "--json", "--no-expand")
    assert result.exit_code == 1
    assert "extradition" in json.loads(result.output)["suggestions"]
    assert "did you mean: extradition" in zan("search", "extradtion", "--no-expand").output


def test_same_sentence_and_same_paragraph_operators_narrow_and(zan):
    both = hits(zan, "доступ штраф", "--no-expand")
    assert len(both) >= 2
    assert hits(zan, "доступ /p штраф", "--no-expand") == []  # the sanction is a paragraph of its own
    in_sentence = hits(zan, "extradition /s nationality", "--no-expand")
    assert in_sentence
    for hit in in_sentence:
        assert any("extradit" in s.lower() and "nationality" in s.lower() for s in hit["text"].split(". "))
    assert len(hits(zan, "Party /s extradition", "--no-expand")) < len(hits(zan, "Party extradition", "--no-expand"))


def test_a_dangling_near_operator_is_a_one_line_error(zan):
    result = zan("search", "доступ /s")
    assert result.exit_code == 2 and result.output.count("\n") == 1


def test_a_phrase_highlights_its_words_only_where_they_stand_together(zan):
    import re
    for hit in hits(zan, '"неправомерный доступ"', "--no-expand"):
        for marked in re.findall(r"\*\*(.+?)\*\*", hit["snippet"]):
            assert "неправомерн" in marked.lower() and "доступ" in marked.lower(), hit["snippet"]


def test_a_cold_search_of_indexed_words_loads_no_dictionary_and_none_of_what_whoosh_never_uses(index_dir):
    code = ("import sys; from search_cli.main import main; sys.argv = ['zan', 'search', 'неправомерный доступ']\n"
            "try: main()\nexcept SystemExit: pass\n"
            "loaded = {'urllib.request', 'asyncio', 'whoosh.lang.morph_en', 'pymorphy3', 'simplemma'} & set(sys.modules)\n"
            "print(sorted(loaded), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "ZAN_INDEX": str(index_dir)})
    assert result.stderr.strip() == "[]"
