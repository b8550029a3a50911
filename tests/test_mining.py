"""Mining term equivalents from aligned passage pairs (``indexer.mining``)."""
import marshal

import pytest

import indexer
from indexer import catalogue, ingest
from indexer.mining import Associations, Candidate

CRIMINAL_CODE = "kz-criminal-code-226-v"


def pairs_of(*texts: tuple[str, str]) -> list[tuple[list[str], list[str]]]:
    """Hand-made pairs from space-separated lemmas: ("source lemmas", "target lemmas")."""
    return [(source.split(), target.split()) for source, target in texts]


def targets(candidates: list[Candidate]) -> list[str]:
    return [" ".join(candidate.target) for candidate in candidates]


def test_a_source_word_that_always_meets_one_target_ranks_it_first():
    associations = Associations.mine(pairs_of(
        ("закон информация", "заң ақпарат"),
        ("информация сеть", "ақпарат желі"),
        ("закон государство", "заң мемлекет"),
        ("информация государство", "мемлекет ақпарат"),
    ))
    best = associations.candidates(["информация"])[0]
    assert best.target == ("ақпарат",)
    assert best.score == 14.0 and best.pairs == 3


def test_a_target_found_in_every_pair_does_not_win():
    associations = Associations.mine(pairs_of(
        ("доступ", "және қол жеткіз"),
        ("доступ сеть", "және желі қол жеткіз"),
        ("сеть", "және желі"),
        ("закон", "және заң"),
        ("закон сеть", "заң және желі"),
    ))
    found = targets(associations.candidates(["доступ"]))
    assert found[0] == "қол жеткіз"
    assert "және" not in found[:1]


def test_a_multi_word_source_finds_a_multi_word_target():
    associations = Associations.mine(pairs_of(
        ("неправомерный доступ информация", "ақпарат құқық сыйымсыз қол жеткіз"),
        ("неправомерный доступ сеть", "желі құқық сыйымсыз қол жеткіз"),
        ("неправомерный уничтожение", "құқық сыйымсыз жою"),
        ("доступ информация", "ақпарат қол жеткіз"),
        ("право", "құқық"),
    ), max_n=4)
    assert targets(associations.candidates(["неправомерный", "доступ"]))[0] == "құқық сыйымсыз қол жеткіз"
    assert targets(associations.candidates(["неправомерный"]))[0] == "құқық сыйымсыз"


def test_parts_and_extensions_of_a_better_candidate_are_not_proposed():
    associations = Associations.mine(pairs_of(
        ("доступ", "қол жеткіз"),
        ("доступ", "сыйымсыз қол жеткіз"),
        ("доступ", "сыйымсыз қол жеткіз"),
        ("доступ", "қол жеткіз"),
        ("подпись", "қол қой"),
        ("подпись", "қол қой"),
    ))
    found = targets(associations.candidates(["доступ"]))
    assert found[0] == "қол жеткіз"
    assert not {"қол", "жеткіз", "сыйымсыз қол жеткіз", "сыйымсыз қол"} & set(found)


def test_a_longer_target_wins_when_the_data_says_so():
    associations = Associations.mine(pairs_of(
        ("неправомерный доступ", "сыйымсыз қол жеткіз"),
        ("неправомерный доступ", "сыйымсыз қол жеткіз"),
        ("доступ", "қол жеткіз"),
        ("доступ", "қол жеткіз"),
    ))
    assert targets(associations.candidates(["неправомерный", "доступ"]))[0] == "сыйымсыз қол жеткіз"


def test_a_target_must_meet_the_source_in_min_pairs_pairs():
    pairs = pairs_of(
        ("арест", "қамақ"),
        ("арест", "қамақ тәулік"),
        ("арест", "тәулік"),
    )
    assert targets(Associations.mine(pairs, min_pairs=2).candidates(["арест"])) == ["қамақ", "тәулік"]
    assert targets(Associations.mine(pairs, min_pairs=3).candidates(["арест"])) == []


def test_a_source_rarer_than_min_pairs_or_unknown_has_no_candidates():
    associations = Associations.mine(pairs_of(("штраф", "айыппұл"), ("арест", "қамақ"), ("арест", "қамақ")))
    assert associations.candidates(["штраф"]) == []
    assert associations.candidates(["конфискация"]) == []
    assert associations.candidates(["арест", "штраф", "срок", "час"]) == []


def test_examples_are_the_first_three_pairs_where_source_and_target_meet():
    associations = Associations.mine(pairs_of(
        ("штраф", "мөлшер"),
        ("штраф", "айыппұл"),
        ("арест", "қамақ"),
        ("штраф", "айыппұл"),
        ("штраф", "айыппұл"),
        ("штраф", "айыппұл"),
    ))
    best = associations.candidates(["штраф"])[0]
    assert best.target == ("айыппұл",) and best.pairs == 4
    assert best.examples == (1, 3, 4)


def test_the_limit_caps_the_candidates():
    associations = Associations.mine(pairs_of(*[("арест", "a b c d e f g")] * 2))
    assert len(associations.candidates(["арест"], limit=2)) == 2


def test_the_saved_form_survives_marshal_and_answers_the_same():
    associations = Associations.mine(pairs_of(
        ("неправомерный доступ", "сыйымсыз қол жеткіз"),
        ("неправомерный доступ сеть", "желі сыйымсыз қол жеткіз"),
        ("доступ сеть", "желі қол жеткіз"),
    ))
    loaded = Associations.from_dict(marshal.loads(marshal.dumps(associations.to_dict())))
    for source in (["доступ"], ["неправомерный", "доступ"], ["сеть"]):
        assert loaded.candidates(source) == associations.candidates(source)
    assert (loaded.max_n, loaded.min_pairs) == (associations.max_n, associations.min_pairs)


@pytest.fixture(scope="module")
def criminal_code_pairs():
    """Russian and Kazakh non-stop lemmas of each passage of Criminal Code chapter 7."""
    works = [work for work in catalogue.load() if work.id == CRIMINAL_CODE]
    versions: dict[str, dict[str, list[str]]] = {}
    for document in ingest.documents(works):
        passage = document.passage
        lemmas = [token.lemma for token in indexer.analyze(passage.text, lang=passage.lang) if not token.stop]
        versions.setdefault(passage.key, {})[passage.lang] = lemmas
    return [(langs["ru"], langs["kk"]) for langs in versions.values() if {"ru", "kk"} <= langs.keys()]


def test_unlawful_access_in_the_criminal_code_is_kazakh_unlawful_access(criminal_code_pairs):
    """Art. 205 «неправомерный доступ» is «құқыққа сыйымсыз қол жеткізу» in the Kazakh version."""
    found = targets(Associations.mine(criminal_code_pairs, max_n=4).candidates(["неправомерный", "доступ"]))
    assert "құқық сыйымсыз қол жеткіз" in found
