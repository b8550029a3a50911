"""Scholars cite places: references in queries, `zan show`, and the citation graph."""
import json

import pytest


def ids(zan, *args):
    result = zan("search", *args, "--json", "--limit", "20")
    return [hit["id"] for hit in json.loads(result.output)["hits"]]


@pytest.mark.parametrize("query, first", [
    ("ст. 205 УК", "kz-criminal-code-226-v/ru/205"),
    ("ст 205", "kz-criminal-code-226-v/ru/205"),
    ("статья 205", "kz-criminal-code-226-v/ru/205"),
    ("205-бап", "kz-criminal-code-226-v/ru/205"),
    ("ч. 2 ст. 210", "kz-criminal-code-226-v/ru/210.2"),
    ("210-баптың 2-бөлігі", "kz-criminal-code-226-v/ru/210.2"),
    ("Art 24", "coe-ets185-budapest-convention/en/24"),
    ("Article 24 of the Budapest Convention", "coe-ets185-budapest-convention/en/24"),
    ("Art. 24 para. 2", "coe-ets185-budapest-convention/en/24.2"),
])
def test_a_reference_puts_the_place_it_names_first(zan, query, first):
    work, _, key = first.split("/")
    found = ids(zan, query)[0].split("/")
    assert (found[0], found[2]) == (work, key)  # either language version of that place


def test_the_heading_and_the_parts_of_the_referenced_article_come_before_the_rest(zan):
    found = ids(zan, "Article 24")
    inside = [pid for pid in found if pid.split("/")[2].split(".")[0] == "24"]
    assert found[:len(inside)] == inside and "coe-ets185-budapest-convention/en/35" not in found[:len(inside)]


def test_a_reference_with_words_searches_the_words_within_it(zan):
    found = ids(zan, "ст. 205 доступ", "--lang", "ru")
    assert found and all(pid.startswith("kz-criminal-code-226-v/ru/205") for pid in found)


def test_a_hit_named_by_a_reference_says_so(zan):
    hit = json.loads(zan("search", "ст. 205 УК", "--json").output)["hits"][0]
    assert {"term": "ст. 205", "via": "reference", "from": "ст. 205 УК"} in hit["matched"]


def test_show_gives_a_place_with_its_language_versions_and_links(zan):
    view = json.loads(zan("show", "kz-criminal-code-226-v", "--at", "ст. 205", "--json").output)
    assert view["title"] == "Criminal Code of the Republic of Kazakhstan"
    keys = {(place["key"], place["lang"]) for place in view["passages"]}
    assert ("205", "ru") in keys and ("205.1", "kk") in keys
    ru_heading = next(p for p in view["passages"] if p["id"] == "kz-criminal-code-226-v/ru/205")
    assert ru_heading["versions"] == ["kz-criminal-code-226-v/kk/205"]
    assert any(link["work"] == "cybercrime-cooperation-2024" for link in view["links"])


def test_show_of_a_passage_id_gives_that_passage(zan):
    view = json.loads(zan("show", "kz-criminal-code-226-v/kk/205.1", "--json").output)
    assert [p["id"] for p in view["passages"]] == ["kz-criminal-code-226-v/kk/205.1"]


def test_cites_and_cited_by_read_the_catalogue_both_ways(zan):
    cited = json.loads(zan("cites", "cybercrime-cooperation-2024", "--json").output)
    assert any(link["work"] == "coe-ets185-budapest-convention" for link in cited)
    assert {link["relation"] for link in cited} <= {"cites", "supersedes", "approved_by", "ratified_by", "about"}
    citing = json.loads(zan("cited-by", "coe-ets185-budapest-convention", "--json").output)
    assert [link["work"] for link in citing] == ["cybercrime-cooperation-2024"]
    superseded = json.loads(zan("cited-by", "cis-agreement-2001-computer-information", "--json").output)
    assert any(link["relation"] == "superseded by" and link["work"] == "cis-agreement-2018-it-crimes"
               for link in superseded)


def test_an_unknown_work_or_place_is_a_one_line_error(zan):
    for args in (("show", "no-such-work"), ("show", "kz-criminal-code-226-v", "--at", "ст. 999"),
                 ("cites", "no-such-work")):
        result = zan(*args)
        assert result.exit_code == 2 and result.output.count("\n") == 1
