"""Whatever the input, the library answers or raises a ZanError: never a crash."""
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
