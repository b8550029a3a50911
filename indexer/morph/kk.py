"""Kazakh (Cyrillic) morphological analyser and lemmatiser.

``analyse(word)`` strips inflectional suffixes right to left following the morphotactics
in ``SUFFIXES`` and phonological rules (vowel harmony, assimilation of a suffix's first
consonant, к/қ/п voicing, vowel loss), and ranks the segmentations with the stem lexicon
and suffix-chain statistics in ``data/kk_lexicon.tsv`` (built by
``tools/build_kk_lexicon.py`` from a hand-disambiguated corpus).  A stem the lexicon lacks
is judged by its shape: a Russian dictionary noun is a loan (``депозитарий+ді``), a stem in
a noun-forming suffix a noun (``қолжетімділік+і``).  ``lemma(word)`` is the first reading's
lemma: the index key.

Lemma convention: nouns, adjectives and other nominals → nominative singular without
possessive; verbs → the stem (``атқар``, ``жазала``), so every form of a verb, its verbal
noun ``атқару`` included, shares one key.  Passive (``-ыл/-іл/-л/-ын/-ін``) is inflection;
causative and cooperative voice and derivational suffixes (``-лық``, ``-шы``, ``-лы``,
``-сыз``, ``-ла``, ``-ландыр``, agent nouns in ``-ушы``) stay inside the lemma.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.morph import ru
from indexer.normalise import index_form

__all__ = ["Analysis", "analyse", "lemma"]


@dataclass(frozen=True)
class Analysis:
    lemma: str
    segmentation: str  # "мемлекет+тер+дің"
    tags: tuple[str, ...]  # ("n", "pl", "gen")


# --- phonology ---------------------------------------------------------------------------

VOWELS = frozenset("аәеөоұүыіэюяиуё")
BACK_VOWELS = frozenset("аоұыя")
FRONT_VOWELS = frozenset("әеөүіэ")
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_CYRILLIC_WORD = re.compile(r"^[а-яәғқңөұүһіё]+$")

# Classes of the sound a suffix attaches to; the class picks the suffix's first consonant.
SOUND_CLASS = {
    **dict.fromkeys("аәеөоұүыіэюяиё", "V"),  # vowels
    **dict.fromkeys("рйу", "R"),  # sonorants р й у
    "л": "L",
    **dict.fromkeys("мнң", "N"),  # nasals
    **dict.fromkeys("жз", "Z"),  # voiced fricatives
}  # every other letter is voiceless, or a voiced stop that loans devoice: class "K"
CONSONANT_CLASSES = "RLNZK"

# A vowel-initial suffix voices a stem's final к/қ/п: құқық → құқығы, кітап → кітабы.
DEVOICED = {"г": "к", "ғ": "қ", "б": "п"}


def sound_class(stem: str) -> str:
    return SOUND_CLASS.get(stem[-1], "K")


def harmonies(stem: str) -> tuple[str, ...]:
    """The rows ("back", "front") of suffixes the stem takes: its last vowel's, both after и/у
    (тарихы but депозитарийге, ресурсқа but жүйеленуге)."""
    for ch in reversed(stem):
        if ch in BACK_VOWELS:
            return ("back",)
        if ch in FRONT_VOWELS:
            return ("front",)
        if ch in "иу":
            return ("back", "front")
    return ("back", "front")


def _has_vowel(text: str) -> bool:
    return not VOWELS.isdisjoint(text)


# --- morphotactics -----------------------------------------------------------------------

# What a (partly analysed) word is: a stem category or the last suffix's category.
NOUN, VERB = "N", "V"
NOMINAL_BASES = frozenset({NOUN, "VN", "PTCP", "ORD"})  # take plural, possessive and case
BEFORE_CASE = NOMINAL_BASES | {"PL", "PX"}
BEFORE_PERSON = BEFORE_CASE | {"PX3", "CASE", "ATTR"}
VERB_BASES = frozenset({VERB, "NEG"})
# Categories a word may end in: all but the bare aorist stem, which needs a person ending.
WORD_FINAL = frozenset({NOUN, VERB, "VN", "PTCP", "ORD", "PL", "PX", "PX3", "CASE", "ATTR", "PERSON", "NEG", "CONV", "FINITE", "PAST", "COND"})

# Templates: A = а/е, Ы = ы/і, Ғ = ғ/г, Қ = қ/к by harmony; "(Ы)" = the suffix absorbed a
# stem-final ы/і, whose ы+й is spelled и (оқы+у → оқу, оқы+й+ды → оқиды, қамты+йтын →
# қамтитын).  Classes name the sounds it follows.
ANY = "V" + CONSONANT_CLASSES
SUFFIX_TABLE: list[tuple[str, str, frozenset[str], list[tuple[str, str]]]] = [
    # (tags, resulting category, categories it attaches to, [(template, classes)])
    ("ord", "ORD", {NOUN}, [("ЫншЫ", CONSONANT_CLASSES), ("ншЫ", "V")]),  # бірінші, алтыншы
    ("pl", "PL", NOMINAL_BASES, [("лAр", "VR"), ("дAр", "LNZ"), ("тAр", "K")]),
    ("px1sg", "PX", NOMINAL_BASES | {"PL"}, [("м", "V"), ("Ым", CONSONANT_CLASSES)]),
    ("px2sg", "PX", NOMINAL_BASES | {"PL"}, [("ң", "V"), ("Ың", CONSONANT_CLASSES)]),
    ("px2sg frm", "PX", NOMINAL_BASES | {"PL"}, [("ңЫз", "V"), ("ЫңЫз", CONSONANT_CLASSES)]),
    ("px1pl", "PX", NOMINAL_BASES | {"PL"}, [("мЫз", "V"), ("ЫмЫз", CONSONANT_CLASSES)]),
    ("px3sp", "PX3", NOMINAL_BASES | {"PL"}, [("сЫ", "V"), ("Ы", CONSONANT_CLASSES)]),
    ("gen", "CASE", BEFORE_CASE | {"PX3"}, [("нЫң", "VN"), ("дЫң", "RLZ"), ("тЫң", "K")]),
    ("acc", "CASE", BEFORE_CASE, [("нЫ", "V"), ("дЫ", "RLNZ"), ("тЫ", "K")]),
    ("acc", "CASE", {"PX3"}, [("н", "V")]),
    ("dat", "CASE", BEFORE_CASE, [("ҒA", "VRLNZ"), ("ҚA", "K")]),
    ("dat", "CASE", {"PX"}, [("A", "N")]),  # кітабыма, кітабыңа
    ("dat", "CASE", {"PX3"}, [("нA", "V")]),
    ("loc", "CASE", BEFORE_CASE, [("дA", "VRLNZ"), ("тA", "K")]),
    ("loc", "CASE", {"PX3"}, [("ндA", "V")]),
    ("abl", "CASE", BEFORE_CASE, [("дAн", "VRLZ"), ("нAн", "N"), ("тAн", "K")]),
    ("abl", "CASE", {"PX3"}, [("нAн", "V")]),
    ("ins", "CASE", BEFORE_CASE | {"PX3"}, [("мен", "VRLN"), ("бен", "Z"), ("пен", "K")]),
    ("loc attr", "ATTR", BEFORE_CASE, [("дAҒЫ", "VRLNZ"), ("тAҒЫ", "K")]),
    ("loc attr", "ATTR", {"PX3"}, [("ндAҒЫ", "V")]),
    ("sim", "ATTR", BEFORE_CASE, [("дAй", "VRLNZ"), ("тAй", "K")]),
    ("sim", "ATTR", {"PX3"}, [("ндAй", "V")]),
    ("abe", "CASE", {"PX3"}, [("нсЫз", "V")]),  # келісімінсіз; after a bare stem -сыз derives (заңсыз)
    # personal (predicative) endings on nominals and participles: оқушымын, болғанбыз
    ("p1 sg", "PERSON", BEFORE_PERSON, [("мЫн", "VRL"), ("бЫн", "NZ"), ("пЫн", "K")]),
    ("p2 sg", "PERSON", BEFORE_PERSON, [("сЫң", ANY)]),
    ("p1 pl", "PERSON", BEFORE_PERSON, [("мЫз", "VRL"), ("бЫз", "NZ"), ("пЫз", "K")]),
    # verb: passive voice (causative and cooperative are part of the lemma)
    ("pass", VERB, {VERB}, [("л", "V"), ("н", "V"), ("Ыл", "RNZK"), ("Ын", "L")]),
    ("neg", "NEG", {VERB}, [("мA", "VRL"), ("бA", "NZ"), ("пA", "K")]),
    # verbal noun and its nominal inflection: атқару, атқаруға, орындамау
    ("ger", "VN", VERB_BASES, [("у", "VRLNZK"), ("(Ы)у", CONSONANT_CLASSES)]),
    ("ger_past", "VN", VERB_BASES, [("ҒAндЫҚ", "VRLNZ"), ("ҚAндЫҚ", "K")]),
    # participles (take nominal inflection): атқарған, орындалатын, болар, болмас
    ("gpr_past", "PTCP", VERB_BASES, [("ҒAн", "VRLNZ"), ("ҚAн", "K")]),
    ("gpr_impf", "PTCP", VERB_BASES, [("AтЫн", CONSONANT_CLASSES), ("йтЫн", "V"), ("(Ы)итЫн", CONSONANT_CLASSES)]),
    ("gpr_fut", "PTCP", {VERB}, [("Aр", CONSONANT_CLASSES), ("р", "V")]),
    ("neg gpr_fut", "PTCP", {VERB}, [("мAс", "VRL"), ("бAс", "NZ"), ("пAс", "K")]),
    ("fut_plan", "PTCP", VERB_BASES, [("мAҚ", "VRL"), ("бAҚ", "NZ"), ("пAҚ", "K")]),
    # converbs
    ("prc_perf", "CONV", VERB_BASES, [("Ып", CONSONANT_CLASSES), ("п", "V")]),
    ("prc_impf", "CONV", VERB_BASES, [("A", CONSONANT_CLASSES), ("й", "V"), ("(Ы)и", CONSONANT_CLASSES)]),
    ("prc_plan", "CONV", VERB_BASES, [("ҒAлЫ", "VRLNZ"), ("ҚAлЫ", "K")]),
    ("gna_until", "CONV", VERB_BASES, [("ҒAншA", "VRLNZ"), ("ҚAншA", "K")]),
    # finite verb: aorist, past, conditional with person; optative and imperative
    ("aor", "AOR", VERB_BASES, [("A", CONSONANT_CLASSES), ("й", "V"), ("(Ы)и", CONSONANT_CLASSES)]),
    ("p3", "FINITE", {"AOR"}, [("дЫ", "VR")]),
    ("p1 sg", "FINITE", {"AOR"}, [("мЫн", "VR")]),
    ("p2 sg", "FINITE", {"AOR"}, [("сЫң", "VR")]),
    ("p1 pl", "FINITE", {"AOR"}, [("мЫз", "VR")]),
    ("p2 frm", "FINITE", {"AOR"}, [("сЫз", "VR"), ("сЫздAр", "VR")]),
    ("ifi", "PAST", VERB_BASES, [("дЫ", "VRLNZ"), ("тЫ", "K")]),
    ("cond", "COND", VERB_BASES, [("сA", ANY)]),
    ("p1 sg", "FINITE", {"PAST", "COND"}, [("м", "V")]),
    ("p2 sg", "FINITE", {"PAST", "COND"}, [("ң", "V")]),
    ("p1 pl", "FINITE", {"PAST", "COND"}, [("Қ", "V")]),
    ("p2 frm", "FINITE", {"PAST", "COND"}, [("ңЫз", "V")]),
    ("evid", "FINITE", VERB_BASES, [("ЫптЫ", CONSONANT_CLASSES), ("птЫ", "V")]),
    ("imp p3", "FINITE", VERB_BASES, [("сЫн", ANY)]),
    ("imp p1 sg", "FINITE", VERB_BASES, [("Айын", CONSONANT_CLASSES), ("йын", "V")]),
    ("imp p1 pl", "FINITE", VERB_BASES, [("AйЫҚ", CONSONANT_CLASSES), ("йЫҚ", "V")]),
    ("imp p2 frm", "FINITE", VERB_BASES, [("ЫңЫз", CONSONANT_CLASSES), ("ңЫз", "V")]),
]

_HARMONY_LETTERS = {
    "back": {"A": "а", "Ы": "ы", "Ғ": "ғ", "Қ": "қ"},
    "front": {"A": "е", "Ы": "і", "Ғ": "г", "Қ": "к"},
}


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: each is made once
class Allomorph:
    surface: str
    tags: tuple[str, ...]
    category: str
    attaches_to: frozenset[str]
    follows: str  # sound classes of the stem end it attaches to
    harmony: str | None  # None: same form after back and front stems (мен/бен/пен, -у)
    absorbed_vowel: str  # stem-final ы/і the suffix swallowed in spelling, or ""

    @property
    def starts_with_vowel(self) -> bool:
        return self.surface[0] in VOWELS


def _expand(tags: str, category: str, attaches_to: frozenset[str], template: str, follows: str):
    absorbs = template.startswith("(Ы)")
    template = template.removeprefix("(Ы)")
    has_harmony = absorbs or any(ch in "AЫҒҚ" for ch in template)
    for row in ("back", "front") if has_harmony else (None,):
        letters = _HARMONY_LETTERS[row or "back"]
        yield Allomorph(
            surface="".join(letters.get(ch, ch) for ch in template),
            tags=tuple(tags.split()),
            category=category,
            attaches_to=frozenset(attaches_to),
            follows=follows,
            harmony=row,
            absorbed_vowel=letters["Ы"] if absorbs else "",
        )


def _suffix_index() -> dict[str, tuple[Allomorph, ...]]:
    index: dict[str, list[Allomorph]] = {}
    for tags, category, attaches_to, allomorphs in SUFFIX_TABLE:
        for template, follows in allomorphs:
            for allomorph in _expand(tags, category, attaches_to, template, follows):
                index.setdefault(allomorph.surface, []).append(allomorph)
    return {surface: tuple(entries) for surface, entries in index.items()}


SUFFIXES = _suffix_index()
LONGEST_SUFFIX = max(map(len, SUFFIXES))
MAX_PASSIVES = 1
MIN_STEM = 2
BARE_ENDING = 2


# --- the stem lexicon -------------------------------------------------------------------

# Corpus classes that take no suffix: conjunctions, particles, interjections, modal words.
UNINFLECTED = frozenset({"cnjcoo", "cnjadv", "cnjsub", "postadv", "qst", "ij", "INTJ", "mod", "mod_ass"})


@dataclass
class Lexicon:
    """What the analyser knows from the corpus: stems, suffix-chain counts, irregular forms."""

    stems: dict[str, dict[str, int]]  # lemma → {"v" | nominal POS: count}
    chains: dict[str, tuple[int, int]]  # chain key → (times right, times possible) in training
    forms: dict[str, tuple[str, tuple[str, ...]]]  # form → (lemma, tags) the rules miss

    def __post_init__(self) -> None:
        self.endings = Counter()  # (is verb, last letters) → how many known stems end so
        for stem, classes in self.stems.items():
            for is_verb in {pos == "v" for pos in classes}:
                self.endings[is_verb, stem[-STEM_ENDING:]] += 1
        self.typical_ending = max(1.0, sum(self.endings.values()) / max(1, len(self.endings)))
        self.reliabilities: dict[tuple, float] = {}  # memo of chain_reliability

    @classmethod
    def parse(cls, lines) -> "Lexicon":
        stems: dict[str, dict[str, int]] = {}
        chains: dict[str, tuple[int, int]] = {}
        forms: dict[str, tuple[str, tuple[str, ...]]] = {}
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            kind, *fields = line.rstrip("\n").split("\t")
            if kind == "stem":
                stem, pos, count = fields
                stems.setdefault(stem, {})[pos] = int(count)
            elif kind == "chain":
                key, right, possible = fields
                chains[key] = (int(right), int(possible))
            elif kind == "form":
                form, stem, tags = fields
                forms[form] = (stem, tuple(tags.split()))
        return cls(stems, chains, forms)

    def stem_classes(self, segmentation: Segmentation) -> dict[str, int]:
        """{class: count} of the segmentation's stem in the role the segmentation gives it:
        its verb class, or its nominal classes (an uninflected one only for a bare word)."""
        entries = self.stems.get(segmentation.stem, {})
        if segmentation.category == VERB:
            return {pos: count for pos, count in entries.items() if pos == "v"}
        return {
            pos: count
            for pos, count in entries.items()
            if pos != "v" and not (segmentation.suffixes and pos in UNINFLECTED)
        }


LEXICON_FILE = "kk_lexicon.tsv"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, read on first use."""
    text = (Path(__file__).parents[1] / "data" / LEXICON_FILE).read_text(encoding="utf-8")
    return Lexicon.parse(text.splitlines())


# --- segmentation -----------------------------------------------------------------------


@dataclass(frozen=True)
class Segmentation:
    stem: str
    category: str  # NOUN or VERB
    suffixes: tuple[Allomorph, ...]  # left to right

    def chain_keys(self, stem_known: bool) -> tuple[str, ...]:
        """The suffix chain from general to specific: by tags ("N:pl+gen"), then by spelling
        too ("N:pl+gen:тер+дің").

        Chains are counted apart for known stems and unknown ones ("?N:pl+gen"): a bare
        unknown word is far less often uninflected than a bare frequent one.  A bare stem is
        spelled by its last letters ("N::#а", "N::#да"): most words ending like a suffix carry it.
        """
        tags = "+".join(" ".join(s.tags) for s in self.suffixes)
        category = self.category if stem_known else "?" + self.category
        if self.suffixes:
            spellings = ["+".join(s.surface for s in self.suffixes)]
        else:
            spellings = ["#" + self.stem[-size:] for size in range(1, BARE_ENDING + 1)]
        return (f"{category}:{tags}", *(f"{category}:{tags}:{spelling}" for spelling in spellings))

    def text(self) -> str:
        return "+".join((self.stem, *(s.surface for s in self.suffixes)))


def _stem_variants(left: str, allomorph: Allomorph, known: Container[str]) -> list[str]:
    """Stems that spell ``left`` before this suffix: as is, with к/қ/п voiced, a vowel lost,
    a linking vowel added or, for a ``known`` loan, a double consonant spelled single."""
    stem = left + allomorph.absorbed_vowel
    variants = [stem]
    if allomorph.starts_with_vowel or allomorph.absorbed_vowel:
        if stem[-1] in DEVOICED:
            variants.append(stem[:-1] + DEVOICED[stem[-1]])
        if len(stem) >= 3 and stem[-1] not in VOWELS and (stem[-2] not in VOWELS or stem[-2] in "уй"):
            lost = stem[:-1] + ("ы" if allomorph.harmony == "back" else "і") + stem[-1]
            variants.append(lost)  # орн+ы → орын
            if lost[-1] in DEVOICED and stem[-2] in "уй":
                variants.append(lost[:-1] + DEVOICED[lost[-1]])  # қаупі → қауіп (but құрылғы stays)
    else:
        if stem.endswith("кті"):
            variants.append(stem[:-1])  # loans in -кт take a linking і: акт → актілер, объектісі
        if stem + stem[-1] in known:
            variants.append(stem + stem[-1])  # known loans in a double consonant: процесс → процестер
    return variants


def _harmonises(spelled_stem: str, allomorph: Allomorph) -> bool:
    return allomorph.harmony is None or allomorph.harmony in harmonies(spelled_stem + allomorph.absorbed_vowel)


def _is_stem(stem: str) -> bool:
    return len(stem) >= MIN_STEM and _has_vowel(stem)


def segmentations(word: str, known: Container[str] = frozenset()) -> list[Segmentation]:
    """Every way to split ``word`` into a stem and a well-formed chain of suffixes; ``known``
    stems license the spellings only a known loan has."""
    found: list[Segmentation] = []

    def strip(left: str, wanted: frozenset[str], chain: tuple[Allomorph, ...], passives: int) -> None:
        if NOUN in wanted:
            found.append(Segmentation(left, NOUN, chain))
        if VERB in wanted:
            found.append(Segmentation(left, VERB, chain))
        for size in range(1, min(LONGEST_SUFFIX, len(left) - MIN_STEM) + 1):
            spelled = left[:-size]
            for allomorph in SUFFIXES.get(left[-size:], ()):
                if (
                    allomorph.category not in wanted
                    or sound_class(spelled) not in allomorph.follows
                    or not _harmonises(spelled, allomorph)
                ):
                    continue
                is_passive = allomorph.tags == ("pass",)
                if is_passive and passives >= MAX_PASSIVES:
                    continue
                for stem in _stem_variants(spelled, allomorph, known):
                    if _is_stem(stem):
                        strip(stem, allomorph.attaches_to, (allomorph, *chain), passives + is_passive)

    strip(word, WORD_FINAL, (), 0)
    return found


# --- ranking ----------------------------------------------------------------------------

KNOWN_STEM_BONUS = 8.0
# How much a known stem's corpus frequency counts: little, as the chain statistics, counted
# over running text, favour frequent words already.
STEM_FREQUENCY_WEIGHT = 0.25
COMPOUND_STEM_BONUS = 4.0  # an unknown stem ending in a known one: инфра+құрылым
LOAN_STEM_BONUS = 4.0  # an unknown stem that is a Russian noun: депозитарий+ді
MIN_LOAN = 3
DERIVED_STEM_BONUS = 2.0  # an unknown stem in a noun-forming suffix: қолжетімділік+і, жәбірленуші+нің
NOUN_FORMING = (  # abstract nouns, agents, instruments
    "лық", "лік", "дық", "дік", "тық", "тік", "шы", "ші", "ғыш", "гіш", "қыш", "кіш",
)
MIN_DERIVED = 6
MAX_READINGS = 8
CHAIN_PRIOR_WEIGHT = 5.0  # training cases a chain needs to outweigh its more general chain
UNSEEN_CHAIN_RELIABILITY = 0.01
MIN_COMPOUND_HEAD = 5
MIN_COMPOUND_MODIFIER = 3
STEM_ENDING = 2
STEM_SHAPE_WEIGHT = 0.25


def _stem_pos(segmentation: Segmentation, classes: dict[str, int], lex: Lexicon) -> list[tuple[str, float]]:
    """(part of speech, stem score) readings of a segmentation's stem of these known classes."""
    if classes:
        return [(pos, KNOWN_STEM_BONUS + STEM_FREQUENCY_WEIGHT * math.log(n)) for pos, n in classes.items()]
    is_verb = segmentation.category == VERB
    return [("v" if is_verb else "n", _unknown_stem_score(segmentation.stem, is_verb, lex))]


def _unknown_stem_score(stem: str, is_verb: bool, lex: Lexicon) -> float:
    """An unknown stem is likelier when it is a Russian noun (a loan), ends in a known stem or,
    as a nominal, in a noun-forming suffix; else the more known stems end with the same letters."""
    if not is_verb and _is_loan(stem):
        return LOAN_STEM_BONUS
    for start in range(MIN_COMPOUND_MODIFIER, len(stem) - MIN_COMPOUND_HEAD + 1):
        if stem[start:] in lex.stems:
            return COMPOUND_STEM_BONUS
    if not is_verb and len(stem) >= MIN_DERIVED and stem.endswith(NOUN_FORMING):
        return DERIVED_STEM_BONUS
    return STEM_SHAPE_WEIGHT * math.log((lex.endings[is_verb, stem[-STEM_ENDING:]] + 1) / lex.typical_ending)


def _is_loan(stem: str) -> bool:
    """A Russian dictionary noun as it is cited, so a loan: депозитарий, код, (кибер)терроризм."""
    return len(stem) >= MIN_LOAN and KAZAKH_LETTERS.isdisjoint(stem) and ru.is_known(stem) and ru.lemma(stem) == stem


def chain_reliability(segmentation: Segmentation, stem_known: bool, chains: dict[str, tuple[int, int]]) -> float:
    """How often, in training, a word that could be split like this was rightly split so:
    each more specific count is smoothed towards the more general one."""
    reliability = UNSEEN_CHAIN_RELIABILITY
    for key in segmentation.chain_keys(stem_known):
        right, possible = chains.get(key, (0, 0))
        reliability = (right + CHAIN_PRIOR_WEIGHT * reliability) / (possible + CHAIN_PRIOR_WEIGHT)
    return reliability


def _chain_score(segmentation: Segmentation, stem_known: bool, lex: Lexicon) -> float:
    key = (segmentation.suffixes, segmentation.category, stem_known, segmentation.stem[-BARE_ENDING:])
    if key not in lex.reliabilities:
        lex.reliabilities[key] = math.log(chain_reliability(segmentation, stem_known, lex.chains))
    return lex.reliabilities[key]


def ranked_analyses(word: str, lex: Lexicon) -> list[Analysis]:
    """Analyses of a lower-case Cyrillic word, best first (at most ``MAX_READINGS``)."""
    scored = []
    for segmentation in segmentations(word, lex.stems):
        classes = lex.stem_classes(segmentation)
        chain_score = _chain_score(segmentation, bool(classes), lex)
        for pos, stem_score in _stem_pos(segmentation, classes, lex):
            scored.append((stem_score + chain_score, pos, segmentation))
    scored.sort(key=lambda reading: reading[0], reverse=True)
    unique: dict[Analysis, None] = {}  # insertion-ordered set
    for _, pos, segmentation in scored:
        tags = (pos, *(tag for s in segmentation.suffixes for tag in s.tags))
        unique[Analysis(segmentation.stem, segmentation.text(), tags)] = None
        if len(unique) == MAX_READINGS:
            break
    ranked = list(unique)
    irregular = lex.forms.get(word)
    if irregular:
        stem, tags = irregular
        agreeing = [a for a in ranked if a.lemma == stem]
        first = agreeing[0] if agreeing else Analysis(stem, word, tags)
        ranked = [first, *(a for a in ranked if a != first)]
    return ranked


# --- words that are not a plain Kazakh word ---------------------------------------------

# Particles written after a hyphen: бар-ма, келді-ау, бір-ақ.
HYPHENATED_PARTICLES = frozenset("ма ме ба бе па пе ау ай ақ мыс ғой ше шы ші да де та те".split())
# Suffix categories that may stand after a hyphen: number, possessive, case.
NOMINAL_ENDINGS = frozenset({"PL", "PX", "PX3", "CASE", "ATTR"})
# Prefixes glued to a stem: киберқылмыс is кибер + қылмыс.
PREFIXES = ("кибер",)


def _analyse_form(word: str, lex: Lexicon) -> list[Analysis]:
    if "-" in word.strip("-"):
        head, _, last = word.strip("-").rpartition("-")
        if last in HYPHENATED_PARTICLES and word not in lex.stems:  # but сондай-ақ is a word
            return _analyse_form(head, lex)
        if _is_nominal_ending(last):  # after an abbreviation: БҰҰ-ның, АҚШ-қа
            return [Analysis(a.lemma, f"{a.segmentation}-{last}", a.tags) for a in _analyse_form(head, lex)]
        return [
            Analysis(f"{head}-{a.lemma}", f"{head}-{a.segmentation}", a.tags)
            for a in _analyse_form(last, lex)
        ]
    if not _CYRILLIC_WORD.match(word) or not _has_vowel(word):
        return [Analysis(word, word, ())]
    analyses = ranked_analyses(word, lex)
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + MIN_STEM:
            analyses = _with_prefix(prefix, word, analyses, lex)
    if _looks_russian(word, analyses[0], lex):
        return [Analysis(word, word, ())]
    return analyses


def _is_nominal_ending(text: str) -> bool:
    return any(allomorph.category in NOMINAL_ENDINGS for allomorph in SUFFIXES.get(text, ()))


def _with_prefix(prefix: str, word: str, analyses: list[Analysis], lex: Lexicon) -> list[Analysis]:
    """Prefer the reading of the word after the prefix when that one has a known stem."""
    rest = ranked_analyses(word[len(prefix) :], lex)
    if rest[0].lemma in lex.stems and analyses[0].lemma not in lex.stems:
        best = rest[0]
        return [Analysis(prefix + best.lemma, prefix + best.segmentation, best.tags), *analyses]
    return analyses


_RUSSIAN_ENDING = re.compile(
    r"(?:ого|его|ому|ему|ыми|ими|им|ая|яя|ое|ее|ие|ые|ий|ый|ых|их|ую|ом|ами|ями|ам|ям|ах|ях|ость|ости|ии|ию|ием"
    r"|ение|ения|ать|ить|ять|ет|ют|ут|ся|сь|ство|ства|ству|ов|ев|ой|ей|ешь|ишь)$"
)
_RUSSIAN_LETTERS = frozenset("щъьэ")


def _looks_russian(word: str, best: Analysis, lex: Lexicon) -> bool:
    """A Cyrillic word with no Kazakh-only letter, no known stem and a Russian look."""
    if KAZAKH_LETTERS.intersection(word) or best.lemma in lex.stems or word in lex.forms:
        return False
    return bool(_RUSSIAN_LETTERS.intersection(word) or _RUSSIAN_ENDING.search(word))


# --- public interface -------------------------------------------------------------------


def analyse(word: str) -> list[Analysis]:
    """Readings of one token, best first; never empty.  Non-Kazakh words come back unchanged."""
    return list(_cached_analyses(index_form(word)))


@lru_cache(maxsize=1 << 15)
def _cached_analyses(form: str) -> tuple[Analysis, ...]:
    return tuple(_analyse_form(form, lexicon())) or (Analysis(form, form, ()),)


def lemma(word: str) -> str:
    """The index key of one token: its lower-case lemma (``indexer.lemmas`` memoises it)."""
    return analyse(word)[0].lemma
