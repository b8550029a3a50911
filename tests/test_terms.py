"""`zan terms` and `zan parallel`: equivalents, their use, aligned examples, TBX and CSV."""
import csv
import io
import json
from xml.etree import ElementTree as ET

from indexer import export, thesaurus

TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_terms_of_an_inflected_term_give_its_equivalents_in_every_language(zan):
    result = zan("terms", "неправомерного доступа", "--json")
    assert result.exit_code == 0, result.output
    concept, = json.loads(result.output)["concepts"]
    assert concept["id"] == "illegal-access"
    by_lang = {t["lang"]: t for t in concept["terms"] if t["status"] == "preferred"}
    assert by_lang["kk"]["text"] == "құқыққа сыйымсыз қол жеткізу"
    assert by_lang["en"]["text"] == "illegal access"
    assert by_lang["ru"]["frequency"] >= 3 and "kz-criminal-code-226-v" in by_lang["ru"]["works"]
    assert all(t["source"] for t in concept["terms"])


def test_aligned_examples_pair_two_language_versions_with_the_terms_marked(zan):
    concept, = json.loads(zan("terms", "illegal access", "--json").output)["concepts"]
    example = concept["examples"][0]
    assert len({side["lang"] for side in example["sides"]}) >= 2
    assert {side["id"].split("/")[2] for side in example["sides"]} == {example["key"]}
    assert all("**" in side["snippet"] for side in example["sides"])


def test_terms_in_the_terminal_and_as_csv(zan):
    text = zan("terms", "экстрадиция").output
    assert "extradition" in text and "source:" in text
    rows = list(csv.DictReader(io.StringIO(zan("terms", "экстрадиция", "--csv").output)))
    assert {row["lang"] for row in rows} == {"ru", "kk", "en"}
    assert set(rows[0]) == {"concept", "lang", "term", "status", "frequency", "passages", "works", "source"}


def test_terms_lang_keeps_one_language(zan):
    concept, = json.loads(zan("terms", "экстрадиция", "--lang", "kk", "--json").output)["concepts"]
    assert {t["lang"] for t in concept["terms"]} == {"kk"}


def test_an_unknown_term_says_so_and_offers_the_nearest_known_ones(zan):
    result = zan("terms", "неправомерный доступп")
    assert "no concept of the thesaurus has the term" in result.output
    assert "неправомерный доступ" in result.output


def test_the_tbx_export_has_the_tbx_basic_structure_and_round_trips():
    root = ET.fromstring(export.to_tbx(thesaurus.load()).encode("utf-8"))
    assert root.tag == f"{TBX}tbx" and root.get("type") == "TBX-Basic"
    assert root.find(f"{TBX}tbxHeader/{TBX}fileDesc/{TBX}sourceDesc") is not None
    entries = root.findall(f"{TBX}text/{TBX}body/{TBX}conceptEntry")
    read_back = {(entry.get("id"), section.get(XML_LANG), term_section.findtext(f"{TBX}term"),
                  term_section.findtext(f"{TBX}admin[@type='source']"))
                 for entry in entries for section in entry.findall(f"{TBX}langSec")
                 for term_section in section.findall(f"{TBX}termSec")}
    original = {(c.id, t.lang, t.text, t.source) for c in thesaurus.load() for t in c.terms}
    assert read_back == original
    statuses = {node.text for node in root.iter(f"{TBX}termNote") if node.get("type") == "administrativeStatus"}
    assert statuses <= {"preferredTerm-admn-sts", "admittedTerm-admn-sts"}


def test_the_export_commands_print_tbx_and_csv(zan):
    assert zan("terms", "--export", "tbx").output.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    rows = list(csv.DictReader(io.StringIO(zan("terms", "--export", "csv").output)))
    assert len({row["concept"] for row in rows}) == len(thesaurus.load())


def test_parallel_shows_language_versions_side_by_side_aligned_by_key(zan):
    passages = json.loads(zan("parallel", "kz-criminal-code-226-v", "205", "--json").output)
    assert [p["key"] for p in passages][:2] == ["205", "205.1"]
    assert all(p["key"] == "205" or p["key"].startswith("205.") for p in passages)
    assert all(set(p["versions"]) == {"ru", "kk"} for p in passages)
    text = zan("parallel", "kz-criminal-code-226-v", "205").output
    first_row = text.splitlines()[0]
    assert first_row.split() == ["ru", "│", "kk"]


def test_parallel_wraps_to_the_width_it_is_given():
    from indexer.alignment import AlignedPassage, Version
    from search_cli import render
    passage = AlignedPassage("w", "1", {lang: Version(f"w/{lang}/1", lang, "Art. 1", "word " * 60, "body", 0)
                                        for lang in ("ru", "kk", "en")})
    lines = render.parallel_text([passage], width=90).splitlines()
    assert max(map(len, lines)) <= 90 and len(lines) > 5


def test_parallel_of_an_unknown_work_or_place_is_a_one_line_error(zan):
    for args in (("parallel", "no-such-work"), ("parallel", "kz-criminal-code-226-v", "999")):
        result = zan(*args)
        assert result.exit_code == 2 and result.output.startswith("zan: error:")


def test_suggest_proposes_equivalents_mined_from_aligned_passages(zan):
    found = json.loads(zan("terms", "--suggest", "сеть телекоммуникаций", "--lang", "kk", "--json").output)
    best = found[0]
    assert (best["source_lang"], best["lang"]) == ("ru", "kk")
    assert "желі" in best["lemmas"] and "телекоммуникация" in best["lemmas"]
    assert best["score"] > 13 and best["pairs"] >= 2
    example = best["examples"][0]
    assert [side["lang"] for side in example["sides"]] == ["ru", "kk"]
    assert all("**" in side["snippet"] for side in example["sides"])


def test_suggest_says_when_nothing_can_be_mined(zan):
    result = zan("terms", "--suggest", "фотосинтез")
    assert result.exit_code == 0 and "too few aligned passages" in result.output
