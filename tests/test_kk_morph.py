"""Behaviour of the Kazakh analyser and lemmatiser (indexer.morph.kk)."""
import re
from pathlib import Path

import pytest

from indexer.morph import kk
from indexer.normalise import index_form, normalise_text

REPO = Path(__file__).resolve().parent.parent
CHECK_SET = REPO / "tests" / "data" / "kk_legal_lemmas.tsv"
LEGAL_TEXTS = [
    REPO / "corpus" / "texts" / "kz-criminal-code-226-V-ch7.kk.md",
    REPO / "corpus" / "texts" / "cis-agreement-2018-it-crimes.kk.md",
    REPO / "corpus" / "texts" / "cybercrime-cooperation-2024.pdf.txt",  # its Kazakh abstract
]
LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\n[ \t]*")
# The goal.  The analyser reaches 0.975 (14 of 557 types wrong: -ды/-ді adjectives no corpus
# attests read as accusatives, lexicalised adverbs read as verbal nouns, a noun in -ме and
# passives of verbs the corpus lacks, words whose lemma depends on context).
CHECK_SET_FLOOR = 0.97


def test_plural_genitive_reduces_to_nominative_singular():
    assert kk.lemma("мемлекеттердің") == "мемлекет"


def test_best_analysis_shows_segmentation_and_tags():
    assert kk.analyse("мемлекеттердің")[0] == kk.Analysis("мемлекет", "мемлекет+тер+дің", ("n", "pl", "gen"))


def test_analyse_is_never_empty():
    assert kk.analyse("")
    assert kk.analyse("зыңғырлаттыңыздар")


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("құқығынан", "құқық"),  # қ voiced to ғ before a vowel
        ("құқыққа", "құқық"),
        ("бабын", "бап"),  # п voiced to б
        ("орнын", "орын"),  # vowel lost before a vowel
        ("тараптарға", "тарап"),
        ("жүйенің", "жүйе"),
        ("саласындағы", "сала"),  # -дағы after the 3rd person possessive
        ("конвенцияның", "конвенция"),  # stems borrowed from Russian
        ("инфрақұрылымның", "инфрақұрылым"),
        ("актілерді", "акт"),  # a loan in -кт takes a linking і
        ("келісімінсіз", "келісім"),
    ],
)
def test_nominal_inflection_is_stripped(form, lemma):
    assert kk.lemma(form) == lemma


def test_a_known_loan_gets_back_the_double_consonant_spelled_single_before_a_suffix():
    assert kk.lemma("процестерді") == kk.lemma("процесс") == "процесс"
    assert kk.lemma("металдар") == "металл"
    assert kk.lemma("михаэлистің") == "михаэлис"  # an unknown stem is taken as spelled


@pytest.mark.parametrize(
    "form", ["атқару", "атқаруға", "атқаруды", "атқарған", "атқарады", "атқарылатын", "атқармаған", "атқарып"]
)
def test_every_form_of_a_verb_shares_its_stem(form):
    assert kk.lemma(form) == "атқар"


def test_verbal_noun_shares_the_verbs_key():
    assert kk.lemma("орындау") == kk.lemma("орындалады") == kk.lemma("орындауға") == "орында"
    assert kk.lemma("сұрау") == kk.lemma("сұрауды") == "сұра"


def test_passive_is_inflection_but_causative_is_part_of_the_lemma():
    assert kk.lemma("жазаланады") == "жазала"
    assert kk.lemma("енгізілді") == "енгіз"
    assert kk.lemma("ақпараттандыру") == "ақпараттандыр"


def test_cooperative_and_causative_voice_are_part_of_the_lemma():
    assert {kk.lemma(form) for form in ["келісуі", "келіспеген", "келісілмеген", "келіссе"]} == {"келіс"}
    assert {kk.lemma(form) for form in ["асыратын", "асыруға", "асырылады"]} == {"асыр"}


def test_a_lexicalised_reflexive_is_a_verb_of_its_own():
    # қолдан "use" is not қолда "support" + passive; its own passive is stripped
    assert kk.lemma("қолдану") == kk.lemma("қолданылатын") == "қолдан"
    assert {kk.lemma(form) for form in ["сақталатын", "сақталған", "сақталуын", "сақтау"]} == {"сақта"}


@pytest.mark.parametrize("word", ["қылмыстық", "ақпараттық", "заңсыз", "салушы", "мемлекеттік", "тәуелсіз"])
def test_derivational_suffixes_stay_inside_the_lemma(word):
    assert kk.lemma(word) == word


def test_particles_and_conjunctions_take_no_suffixes():
    assert kk.lemma("маңызды") == "маңызды"  # not the question particle ма + ңыз + ды


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("іс-әрекеттер", "іс-әрекет"),
        ("интернет-ресурстарды", "интернет-ресурс"),
        ("киберқылмыспен", "киберқылмыс"),
        ("бар-ма", "бар"),  # a hyphenated question particle is not part of the word
        ("БҰҰ-ның", "бұұ"),  # nor a case ending after an abbreviation
        ("сондай-ақ", "сондай-ақ"),  # but a word that ends like one is
    ],
)
def test_compounds_prefixes_and_particles(form, lemma):
    assert kk.lemma(form) == lemma


def test_proper_nouns_come_back_lower_case():
    assert kk.lemma("Республикасының") == "республика"
    assert kk.lemma("Қазақстанның") == "қазақстан"
    assert kk.lemma("МЕМЛЕКЕТТЕРДІҢ") == "мемлекет"


def test_article_numbers_stay_recognisable():
    assert kk.lemma("205-бапқа") == "205-бап"
    assert kk.lemma("226-V") == "226-v"
    assert kk.lemma("2018") == "2018"


def test_latin_i_is_folded_before_analysis():
    assert kk.lemma("белгiлi") == "белгілі"
    assert kk.lemma("бөлiктерiнде") == "бөлік"


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("депозитарийді", "депозитарий"), ("депозитарийге", "депозитарий"), ("кодын", "код"),
     ("кибертерроризммен", "кибертерроризм")],
)
def test_an_unknown_stem_that_is_a_russian_noun_is_a_loan(form, lemma):
    assert kk.lemma(form) == lemma


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("қолжетімділігі", "қолжетімділік"), ("айқындылығын", "айқындылық"), ("жәбірленушінің", "жәбірленуші"),
     ("тасымалдағыштардағы", "тасымалдағыш")],
)
def test_an_unknown_stem_in_a_noun_forming_suffix_is_a_noun(form, lemma):
    assert kk.lemma(form) == lemma


@pytest.mark.parametrize(
    "word",
    ["государства", "преступлений", "информационной", "конвенциям", "цифровую", "логическим", "направлением",
     "computer", "Budapest", "offences"],
)
def test_words_that_are_not_kazakh_come_back_unchanged(word):
    assert kk.lemma(word) == word.lower()


def _legal_word_forms() -> set[str]:
    forms = set()
    for path in LEGAL_TEXTS:
        text = LINE_BREAK_HYPHEN.sub("", path.read_text(encoding="utf-8"))
        for match in re.finditer(r"\w+(?:-\w+)*", normalise_text(text)):
            forms.add(index_form(match.group()))
    return forms


# Each lexeme: its key and the pattern of its forms in the legal texts (derivatives, Russian
# forms and a word run together with the next in the source excluded).
LEXEMES = [
    ("мемлекет", r"мемлекет(?!тік|аралық|ішілік)"),
    ("құқық", r"құқ(ық|ығ)(?!тық)"),
    ("ақпарат", r"ақпарат(?!тық|тандыр)"),
    ("жүйе", r"жүйе(?!ле|лі)"),
    ("конвенция", r"конвенция"),  # not the Russian конвенции
    ("киберқылмыс", r"киберқылмыс(?!тық|тылық)"),
    ("келісім", r"келісім(?!діратификация)"),
    ("тарап", r"тара(п|б)"),
    ("сұра", r"сұрау"),
    ("орында", r"орында"),
    ("атқар", r"атқар(?!ушы)"),
    ("жазала", r"жазала"),
    ("бап", r"ба(п|б)(?!тау)"),
    ("бөлік", r"бөлі(к|г)"),
    ("іс-әрекет", r"іс-әрекет"),
]


@pytest.mark.parametrize(("key", "pattern"), LEXEMES)
def test_inflected_forms_in_the_legal_texts_share_one_key(key, pattern):
    forms = sorted(form for form in _legal_word_forms() if re.match(pattern + r"\w*$", form))
    assert forms
    assert {form: kk.lemma(form) for form in forms} == dict.fromkeys(forms, key)


def test_legal_check_set_accuracy_floor():
    rows = [
        line.split("\t")[:2]
        for line in CHECK_SET.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    right = sum(kk.lemma(form) == lemma for form, lemma in rows)
    assert len(rows) >= 300
    assert right / len(rows) >= CHECK_SET_FLOOR


def test_module_imports_without_loading_the_lexicon():
    import subprocess
    import sys

    code = "import indexer.morph.kk as kk; print(kk.lexicon.cache_info().currsize)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"
