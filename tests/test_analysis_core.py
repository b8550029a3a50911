"""One analysis core: what the index holds is what `indexer.analyze` shows."""
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
