"""One analysis core: what the index holds is what `indexer.analyze` shows."""
import bisect

import pytest
import indexer


def _indexed_lemmas(index_dir):
    """Passage id → its ``body_<lang>`` terms in position order, read from the postings."""
    with indexer.Index.open(index_dir).whoosh.reader() as reader:
        stored = {docnum: fields for docnum, fields in reader.iter_docs()}
        by_doc = {docnum: {} for docnum in stored}
        for field in ("body_ru", "body_kk", "body_en"):
            for term in reader.field_terms(field):
                postings = reader.postings(field, term)
                while postings.is_active():
                    for position in postings.value_as("positions"):
                        by_doc[postings.id()][position] = term
                    postings.next()
    return {stored[d]["id"]: (stored[d], [terms[p] for p in sorted(terms)]) for d, terms in by_doc.items()}


def test_every_passage_is_indexed_exactly_as_analyze_shows_it(index_dir):
    passages = _indexed_lemmas(index_dir)
    assert len(passages) > 600
    differing = [pid for pid, (fields, indexed) in passages.items()
                 if indexed != [t.lemma for t in indexer.analyze(fields["text"], fields["lang"]) if not t.stop]]
    assert differing == []


@pytest.mark.parametrize("surface, context, lang, lemma", [
    ("risks", "ru", "en", "risk"),          # an English word in a Russian passage
    ("мемлекеттердің", "ru", "kk", "мемлекет"),  # a Kazakh letter makes it Kazakh
    ("информации", "ru", "ru", "информация"),
    ("заң", "kk", "kk", "заң"),
])
def test_a_word_is_analysed_in_the_language_of_its_script_then_of_its_text(surface, context, lang, lemma):
    token, = indexer.analyze(surface, context)
    assert (token.lang, token.lemma) == (lang, lemma)


def test_an_english_word_in_a_russian_passage_is_found_by_any_of_its_forms(zan):
    import json
    found = {lemma: json.loads(zan("search", lemma, "--lang", "ru", "--json", "--no-expand").output)["total"]
             for lemma in ("risks", "risk")}
    assert found["risk"] == found["risks"] > 0


def test_a_saved_lemma_table_gives_each_lemma_unpacking_only_the_block_of_the_form():
    import marshal

    from indexer.lemma_tables import BLOCK_FORMS
    from indexer.lemmas import SavedTable
    table = {"ru": {f"форма{n:04d}": f"лемма{n % 7}" for n in range(3 * BLOCK_FORMS + 5)}, "en": {"data": "datum"}}
    data = marshal.loads(marshal.dumps(SavedTable.to_data(table)))  # as an index saves and reads it
    assert SavedTable(data).whole() == table
    firsts, blocks = data["ru"]
    wanted = bisect.bisect_right(firsts, "форма0300") - 1
    damaged = tuple(block if n == wanted else b"\x00" for n, block in enumerate(blocks))
    saved = SavedTable({**data, "ru": (firsts, damaged)})
    assert saved.lemma("ru", "форма0300") == "лемма6" and saved.lemma("en", "data") == "datum"
    assert saved.lemma("ru", "форма0300а") is None and saved.lemma("kk", "дерек") is None
    with pytest.raises(ValueError):
        saved.lemma("ru", "форма0001")  # a damaged block is reported, not taken for a table


def test_what_is_not_a_saved_lemma_table_is_refused():
    from indexer.lemmas import SavedTable
    for data in ({"ru": {"форма": "лемма"}}, {"ru": ((), ("block",))}, ["ru"]):
        with pytest.raises(ValueError):
            SavedTable(data)
