"""Mining term equivalents from aligned passage pairs (``indexer.mining``)."""
import marshal

import pytest

import indexer
from indexer import catalogue, ingest
from indexer.mining import Associations, Candidate


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
        ("доступ", "және рұқсат"),
        ("доступ сеть", "және желі рұқсат"),
        ("сеть", "және желі"),
        ("закон", "және заң"),
        ("закон сеть", "заң және желі"),
    ))
    found = associations.candidates(["доступ"])
    assert found[0].target == ("рұқсат",)
    everywhere = next(candidate for candidate in found if candidate.target == ("және",))
    assert everywhere.pairs == found[0].pairs and everywhere.score < found[0].score


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
        ("подпись", "қол қой"),
        ("подпись", "қол қой"),
    ))
    assert targets(associations.candidates(["неправомерный", "доступ"]))[0] == "сыйымсыз қол жеткіз"
    assert targets(associations.candidates(["доступ"]))[0] == "қол жеткіз"


def test_words_of_one_formula_are_not_glued_together():
    """Where the data cannot tell them apart, the candidate as long as the source comes first."""
    associations = Associations.mine(pairs_of(*[("штраф размер", "мөлшер айыппұл")] * 3))
    found = targets(associations.candidates(["штраф"]))
    assert found[0] in {"айыппұл", "мөлшер"}
    assert "мөлшер айыппұл" not in found


def test_a_target_must_meet_the_source_in_min_pairs_pairs():
    pairs = pairs_of(
        ("арест", "қамақ"),
        ("арест", "қамақ тәулік"),
        ("арест", "тәулік"),
    )
    assert set(targets(Associations.mine(pairs, min_pairs=2).candidates(["арест"]))) == {"қамақ", "тәулік"}
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
def russian_kazakh_pairs():
    """Russian and Kazakh non-stop lemmas of every bundled passage that has both versions."""
    versions: dict[tuple[str, str], dict[str, list[str]]] = {}
    for document in ingest.documents(catalogue.load()):
        passage = document.passage
        if passage.lang in ("ru", "kk"):
            lemmas = [token.lemma for token in indexer.analyze(passage.text, lang=passage.lang) if not token.stop]
            versions.setdefault((passage.work, passage.key), {})[passage.lang] = lemmas
    return [(langs["ru"], langs["kk"]) for langs in versions.values() if len(langs) == 2]


def test_unlawful_access_in_the_criminal_code_is_kazakh_unlawful_access(russian_kazakh_pairs):
    """Criminal Code art. 205 «неправомерный доступ» is «құқыққа сыйымсыз қол жеткізу».

    The Russian term has a Kazakh version in two passages only (art. 205 and 205.1),
    where the whole Kazakh term, its parts and the rest of those passages meet it
    equally. «жеткіз» also stands for «доступ» elsewhere (CIS agreement:
    «несанкционированный доступ», «санкциясыз қол жеткізу»), so the fragment
    «сыйымсыз қол» gives way to «сыйымсыз қол жеткіз».
    """
    found = targets(Associations.mine(russian_kazakh_pairs).candidates(["неправомерный", "доступ"]))
    assert {"құқық сыйымсыз қол жеткіз", "сыйымсыз қол жеткіз"} & set(found)
