"""Whatever the input, the library answers or raises a ZanError: never a crash."""
import os

from hypothesis import given, settings
from hypothesis import strategies as st

import indexer
from indexer.analysis import split_words
from indexer.normalise import normalise_text

# Letters of the three languages, digits, spaces and the characters of query syntax.
query_alphabet = st.sampled_from(list("абвгдеёжзиклмнопрстуфхцчшщыэюяәғқңөұүһі"
                                      "abcdefghijklmnopqrstuvwxyz0123456789 -.:*\"()ANDORNOT"))
texts = st.text(min_size=0, max_size=60)


@settings(max_examples=150, deadline=None)
@given(query=st.text(query_alphabet, min_size=0, max_size=30))
def test_any_query_either_searches_or_is_a_query_error(index_dir, query):
    try:
        result = indexer.search(query, index_dir=index_dir, limit=3)
    except indexer.QueryError:
        return
    assert result.total >= len(result.hits)


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_normalisation_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_token_offsets_point_at_the_token_in_the_text(text):
    for word, start, end in split_words(text):
        assert text[start:end] == word


@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_analyze_handles_any_text(text):
    for token in indexer.analyze(text):
        assert token.lang in ("ru", "kk", "en") and token.lemma


LONG_RUN = bool(os.environ.get("ZAN_LONG_TESTS"))  # the long fault run: 10,000 cases instead of 200


@settings(max_examples=10_000 if LONG_RUN else 200, deadline=None)
@given(query=st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=80)
       | st.sampled_from(['"' * 7, "(((", "NOT", "-", "a /s", "x~", "=", "*", "date:[", "ст.", "\x00"]))
def test_any_unicode_query_through_the_cli_ends_in_a_result_or_a_one_line_error(index_dir, query):
    from click.testing import CliRunner

    from search_cli.main import cli

    result = CliRunner().invoke(cli, ["search", query, "--index", str(index_dir)], env={"NO_COLOR": "1"})
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.output.startswith("zan: error:") and result.output.count("\n") == 1, result.output


def _timed(function, *args):
    import time
    started = time.perf_counter()
    try:
        function(*args)
    except indexer.ZanError:
        pass
    return time.perf_counter() - started


def test_pathological_queries_answer_within_two_seconds(index_dir):
    queries = ["x" * 100_000, "а" * 100_000, "(" * 5000 + "x" + ")" * 5000, "\udcff*", "доступ^0",
               " ".join(f"слово{n}" for n in range(2000)), "NOT " * 500 + "x", '"' * 999, "\x00\x01\x02"]
    for query in queries:
        assert _timed(lambda q: indexer.search(q, index_dir=index_dir), query) < 2, query[:20]


def test_analysing_a_long_run_without_spaces_is_fast():
    for text in ("а" * 30_000, "x" * 30_000, "a/b" * 10_000):
        assert _timed(indexer.analyze, text) < 2
