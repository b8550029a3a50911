"""Bulk scoring: a query that matches many passages is scored at once with numpy
(``indexer.bulk``), and finds and ranks what Whoosh's matchers would find and rank."""
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import indexer
from indexer import bulk, ranking
from indexer import query as compiler
from indexer.index import Index

TEXTS = Path(indexer.__file__).resolve().parents[1] / "corpus" / "texts"
QUERIES = [
    "информация", "киберқылмыс", "illegal access", "неправомерный доступ", '"компьютерной информации"',
    "информ*", "comput?r", "доступ NOT информация", "state OR party OR information", "NOT информация",
    "преступление lang:ru", "ақпарат type:treaty", "title:convention data", "доступ~",
    "меры по обеспечению безопасности компьютерной информации и сетей", "data /s access",
    "ст. 2 доступ", "(доступ OR ақпарат) AND преступление", '"неправомерный доступ к информации"',
    '"доступ информации"~3', '"computer data"~2',
]
REFERENCES = ["ст. 2", "Art. 11", "3-бап"]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory, index_dir) -> Index:
    """The bundled corpus with two more works, added one at a time (three segments), one
    of them changed and re-indexed since (deleted documents in a segment)."""
    work = tmp_path_factory.mktemp("bulk")
    path = work / "index"
    shutil.copytree(index_dir, path)
    copies = {"first": "kz-criminal-code-226-V-ch7.ru.md", "second": "cis-agreement-2018-it-crimes.kk.md"}
    for name, source in copies.items():
        copy = work / f"{name}.{source.split('.')[-2]}.md"
        copy.write_text(f"# Копия {name}\n\n" + (TEXTS / source).read_text(encoding="utf-8"), encoding="utf-8")
        indexer.add([copy], path)
    changed = work / "first.ru.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("информации", "сведений", 3), encoding="utf-8")
    indexer.reindex(path)
    opened = Index.open(path)
    opened.load_lemmas()
    assert len(opened.reader.leaf_readers()) >= 3 and opened.reader.has_deletions()
    return opened


@pytest.mark.parametrize("text", QUERIES)
def test_every_match_gets_the_score_whoosh_gives_it(segmented, text):
    compiled = compiler.compile_query(segmented, text)
    with segmented.searcher() as searcher:
        expected = {hit.docnum: hit.score for hit in searcher.search(compiled.query, limit=None)}
        found = bulk.scored(searcher, compiled.query)
    assert list(found.ids) == sorted(expected)
    for docnum, score in zip(found.ids.tolist(), found.scores.tolist()):
        assert math.isclose(score, expected[docnum], rel_tol=1e-12), docnum


@pytest.mark.parametrize("text", REFERENCES)
def test_the_places_a_reference_names_keep_their_constant_scores(segmented, text):
    # Whoosh's AndNot lets some named passages of a later segment through its second part
    # as well (1500 + their word scores); bulk scoring keeps them at the constant scores.
    compiled = compiler.compile_query(segmented, text)
    with segmented.searcher() as searcher:
        expected = {hit.docnum: hit.score for hit in searcher.search(compiled.query, limit=None)}
        found = dict(zip(*(part.tolist() for part in bulk.scored(searcher, compiled.query))))
    assert set(found) == set(expected)
    for docnum, score in found.items():
        if expected[docnum] >= compiler.REFERENCE_SCORE:
            assert score in (compiler.REFERENCE_SCORE, compiler.REFERENCE_SCORE * 1.5)
        else:
            assert math.isclose(score, expected[docnum], rel_tol=1e-12)


@pytest.mark.parametrize("text", QUERIES + REFERENCES)
@pytest.mark.parametrize("langs", [("ru", "kk", "en"), ("kk",), ("ru", "en")])
def test_a_search_finds_and_ranks_the_same_in_bulk(segmented, monkeypatch, text, langs):
    def searched(bulk_postings):
        monkeypatch.setattr(ranking, "BULK_POSTINGS", bulk_postings)
        result = segmented.search(text, langs=langs, limit=20)
        return result.total, [(hit.id, round(hit.score, 6)) for hit in result.hits]

    by_whoosh, in_bulk = searched(math.inf), searched(-1)
    if text in REFERENCES:  # see above: Whoosh counts the same passages, with other scores
        assert in_bulk[0] == by_whoosh[0]
    else:
        assert in_bulk == by_whoosh


def test_a_search_of_a_small_index_does_not_import_numpy(index_dir):
    probe = ("import sys, indexer; indexer.search('информация OR data', index_dir=sys.argv[1]); "
             "print('numpy' in sys.modules)")
    env = {**os.environ, "ZAN_SEMANTIC": "0"}
    printed = subprocess.run([sys.executable, "-c", probe, str(index_dir)], capture_output=True, text=True, env=env,
                             check=True).stdout
    assert printed.strip() == "False"


@pytest.mark.parametrize("first, second, slop, follows", [
    ([5], [6], 1, True), ([5], [5], 1, False), ([5], [4], 1, False), ([5], [7], 1, False),
    ([5], [7], 2, True), ([1, 9], [3, 10], 1, True), ([], [1], 1, False)])
def test_a_phrase_word_must_follow_the_one_before_within_the_slop(first, second, slop, follows):
    keys = [np.array(positions, dtype=np.int64) for positions in (first, second)]
    assert bulk._in_order(keys, 1, slop).tolist() == [follows]
