"""The concept thesaurus: the bundled data is valid, and the validator catches what is wrong."""
import pytest

from indexer import catalogue, ingest, thesaurus
from indexer.analysis import LANGUAGES


@pytest.fixture(scope="module")
def concepts():
    return thesaurus.load()


@pytest.fixture(scope="module")
def passages():
    return [document.passage for document in ingest.documents(catalogue.load())]


def test_the_bundled_thesaurus_has_at_least_200_concepts_with_terms_in_all_languages(concepts):
    assert len(concepts) >= 200
    trilingual = [c for c in concepts if all(c.preferred(lang) for lang in LANGUAGES)]
    assert len(trilingual) >= 0.9 * len(concepts)


def test_every_attested_equivalent_occurs_in_its_passage(concepts, passages):
    assert thesaurus.attestation_problems(concepts, passages) == []


def test_the_abbreviations_the_issue_names_are_there(concepts):
    abbreviations = {t.text for c in concepts for t in c.terms if t.status == "abbreviation"}
    assert {"ООН", "UN", "БҰҰ", "СНГ", "CIS", "ТМД"} <= abbreviations


def _write(tmp_path, text):
    path = tmp_path / "thesaurus.toml"
    path.write_text(text, encoding="utf-8")
    return path


TERM = '{ term = "неправомерный доступ", source = "kz-criminal-code-226-v:205" }'


def test_a_duplicate_id_is_rejected(tmp_path):
    path = _write(tmp_path, f'[[concept]]\nid = "a"\nru = [{TERM}]\n[[concept]]\nid = "a"\nru = [{TERM}]\n')
    with pytest.raises(thesaurus.ThesaurusError, match="duplicate id"):
        thesaurus.load(path)


def test_a_link_to_an_unknown_concept_is_rejected(tmp_path):
    path = _write(tmp_path, f'[[concept]]\nid = "a"\nbroader = ["nowhere"]\nru = [{TERM}]\n')
    with pytest.raises(thesaurus.ThesaurusError, match="unknown concept 'nowhere'"):
        thesaurus.load(path)


def test_a_term_without_a_source_is_rejected(tmp_path):
    path = _write(tmp_path, '[[concept]]\nid = "a"\nru = [{ term = "доступ" }]\n')
    with pytest.raises(thesaurus.ThesaurusError, match="'source' are required"):
        thesaurus.load(path)


def test_a_term_its_source_does_not_contain_is_reported(tmp_path, passages):
    path = _write(tmp_path, '[[concept]]\nid = "a"\n'
                            'ru = [{ term = "экстрадиция", source = "kz-criminal-code-226-v:205" }]\n')
    problems = thesaurus.attestation_problems(thesaurus.load(path), passages)
    assert len(problems) == 1 and "does not contain 'экстрадиция'" in problems[0]


def test_a_term_of_two_concepts_needs_a_note(tmp_path, passages):
    two = f'[[concept]]\nid = "a"\nru = [{TERM}]\n[[concept]]\nid = "b"\nru = [{TERM}]\n'
    problems = thesaurus.attestation_problems(thesaurus.load(_write(tmp_path, two)), passages)
    assert problems == ["term 'неправомерный доступ' belongs to a, b without a note"]
    noted = two.replace('id = "b"', 'id = "b"\nnote = "also the name of the offence"').replace(
        'id = "a"', 'id = "a"\nnote = "the act"')
    assert thesaurus.attestation_problems(thesaurus.load(_write(tmp_path, noted)), passages) == []


def test_every_inflected_form_of_a_multiword_term_is_recognised(concepts):
    matcher = thesaurus.ConceptMatcher.from_concepts(concepts)
    from indexer.analysis import content_lemmas
    for text, lang in (("неправомерного доступа", "ru"), ("құқыққа сыйымсыз қол жеткізгені", "kk"),
                       ("illegal access", "en")):
        found = matcher.find(content_lemmas(text, lang))
        assert [m.concepts for m in found] == [("illegal-access",)], text


def test_the_compiled_thesaurus_survives_saving(concepts):
    matcher = thesaurus.ConceptMatcher.from_concepts([c for c in concepts if c.id == "illegal-access"])
    again = thesaurus.ConceptMatcher.from_data(matcher.to_data())
    assert again.all() == matcher.all() and again.by_lemmas == matcher.by_lemmas
    assert again.concept("illegal-access").terms[0].lemmas == ("неправомерный", "доступ")


def test_an_abbreviation_names_its_concept_only_in_capitals():
    import indexer
    concepts_of = {token.text: token.concepts for token in indexer.analyze("АКТ акт", "kk", concepts=True)}
    assert concepts_of == {"АКТ": ("ict",), "акт": ()}


def test_occurrences_are_every_term_in_the_lemmas_nested_and_overlapping_ones_too():
    matcher = thesaurus.ConceptMatcher(
        {("доступ",): ("access",), ("неправомерный", "доступ"): ("illegal-access",),
         ("доступ", "к", "информация"): ("access-to-information",), ("оон",): ("un",)},
        saved={}, abbreviations={("оон",)})
    lemmas = ["неправомерный", "доступ", "к", "информация", "оон", "оон"]
    found = matcher.occurrences(lemmas, capitals=[False, False, False, False, True, False])
    assert found == [thesaurus.Match(0, 2, ("illegal-access",)), thesaurus.Match(1, 2, ("access",)),
                     thesaurus.Match(1, 4, ("access-to-information",)), thesaurus.Match(4, 5, ("un",))]
    assert matcher.occurrences(["неправомерный", "информация"]) == []
