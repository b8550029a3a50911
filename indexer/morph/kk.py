"""Kazakh (Cyrillic) morphological analyser and lemmatiser.

``analyse(word)`` strips inflectional suffixes right to left following the morphotactics
in ``SUFFIXES`` and phonological rules (vowel harmony, assimilation of a suffix's first
consonant, к/қ/п voicing, vowel loss), and ranks the segmentations with the stem lexicon
and suffix-chain statistics in ``data/kk_lexicon.tsv`` (built by
``tools/build_kk_lexicon.py`` from a hand-disambiguated corpus).  ``lemma(word)`` is the
first reading's lemma: the index key.

Lemma convention: nouns, adjectives and other nominals → nominative singular without
possessive; verbs → the stem (``атқар``, ``жазала``), so every form of a verb, its verbal
noun ``атқару`` included, shares one key.  Passive (``-ыл/-іл/-л/-ын/-ін``) is inflection;
causative and cooperative voice and derivational suffixes (``-лық``, ``-шы``, ``-лы``,
``-сыз``, ``-ла``, ``-ландыр``, agent nouns in ``-ушы``) stay inside the lemma.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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


def harmony(stem: str) -> str:
    """"back" or "front": the row of the stem's last vowel that decides (у and и follow the one before)."""
    for ch in reversed(stem):
        if ch in BACK_VOWELS:
            return "back"
        if ch in FRONT_VOWELS:
            return "front"
    return "front" if "и" in stem else "back"


def _has_vowel(text: str) -> bool:
    return any(ch in VOWELS for ch in text)


# --- morphotactics -----------------------------------------------------------------------

# What a (partly analysed) word is: a stem category or the last suffix's category.
NOUN, VERB = "N", "V"
NOMINAL_BASES = frozenset({NOUN, "VN", "PTCP"})  # take plural, possessive and case
BEFORE_CASE = NOMINAL_BASES | {"PL", "PX"}
BEFORE_PERSON = BEFORE_CASE | {"PX3", "CASE", "ATTR"}
VERB_BASES = frozenset({VERB, "NEG"})
# Categories a word may end in: all but the bare aorist stem, which needs a person ending.
WORD_FINAL = frozenset({NOUN, VERB, "VN", "PTCP", "PL", "PX", "PX3", "CASE", "ATTR", "PERSON", "NEG", "CONV", "FINITE", "PAST", "COND"})

# Templates: A = а/е, Ы = ы/і, Ғ = ғ/г, Қ = қ/к by harmony; "(Ы)" = the suffix absorbed a
# stem-final ы/і (оқы+у → оқу, оқы+й+ды → оқиды).  Classes name the sounds it follows.
ANY = "V" + CONSONANT_CLASSES
SUFFIX_TABLE: list[tuple[str, str, frozenset[str], list[tuple[str, str]]]] = [
    # (tags, resulting category, categories it attaches to, [(template, classes)])
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
    ("gpr_impf", "PTCP", VERB_BASES, [("AтЫн", CONSONANT_CLASSES), ("йтЫн", "V"), ("(Ы)йтЫн", CONSONANT_CLASSES)]),
    ("gpr_fut", "PTCP", {VERB}, [("Aр", CONSONANT_CLASSES), ("р", "V")]),
    ("neg gpr_fut", "PTCP", {VERB}, [("мAс", "VRL"), ("бAс", "NZ"), ("пAс", "K")]),
    ("fut_plan", "PTCP", VERB_BASES, [("мAҚ", "VRL"), ("бAҚ", "NZ"), ("пAҚ", "K")]),
    # converbs
    ("prc_perf", "CONV", VERB_BASES, [("Ып", CONSONANT_CLASSES), ("п", "V")]),
    ("prc_impf", "CONV", VERB_BASES, [("A", CONSONANT_CLASSES), ("й", "V"), ("(Ы)й", CONSONANT_CLASSES)]),
    ("prc_plan", "CONV", VERB_BASES, [("ҒAлЫ", "VRLNZ"), ("ҚAлЫ", "K")]),
    ("gna_until", "CONV", VERB_BASES, [("ҒAншA", "VRLNZ"), ("ҚAншA", "K")]),
    # finite verb: aorist, past, conditional with person; optative and imperative
    ("aor", "AOR", VERB_BASES, [("A", CONSONANT_CLASSES), ("й", "V"), ("(Ы)й", CONSONANT_CLASSES)]),
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


@dataclass(frozen=True)
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


@dataclass
class Lexicon:
    """What the analyser knows from the corpus: stems, suffix-chain counts, irregular forms."""

    stems: dict[str, dict[str, int]]  # lemma → {"v" | nominal POS: count}
    chains: dict[str, tuple[int, int]]  # chain key → (times right, times possible) in training
    forms: dict[str, tuple[str, tuple[str, ...]]]  # form → (lemma, tags) the rules miss

    @classmethod
    def empty(cls) -> "Lexicon":
        return cls({}, {}, {})

    @classmethod
    def parse(cls, lines) -> "Lexicon":
        lexicon = cls.empty()
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            kind, *fields = line.rstrip("\n").split("\t")
            if kind == "stem":
                stem, pos, count = fields
                lexicon.stems.setdefault(stem, {})[pos] = int(count)
            elif kind == "chain":
                key, right, possible = fields
                lexicon.chains[key] = (int(right), int(possible))
            elif kind == "form":
                form, stem, tags = fields
                lexicon.forms[form] = (stem, tuple(tags.split()))
        return lexicon


LEXICON_FILE = "kk_lexicon.tsv"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, read on first use."""
    text = resources.files("indexer").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
    return Lexicon.parse(text.splitlines())


# --- segmentation -----------------------------------------------------------------------


@dataclass(frozen=True)
class Segmentation:
    stem: str
    category: str  # NOUN or VERB
    suffixes: tuple[Allomorph, ...]  # left to right

    def chain_keys(self, stem_known: bool) -> tuple[str, str]:
        """The suffix chain by tags ("N:pl+gen") and by tags and spelling ("N:pl+gen:тер+дің").

        Chains are counted apart for known stems and unknown ones ("?N:pl+gen"): a bare
        unknown word is far less often uninflected than a bare frequent one.  A bare stem is
        spelled by its last letters ("N::#да"): most words ending like a suffix carry it.
        """
        tags = "+".join(" ".join(s.tags) for s in self.suffixes)
        spelling = "+".join(s.surface for s in self.suffixes) or "#" + self.stem[-BARE_ENDING:]
        category = self.category if stem_known else "?" + self.category
        return f"{category}:{tags}", f"{category}:{tags}:{spelling}"

    def text(self) -> str:
        return "+".join((self.stem, *(s.surface for s in self.suffixes)))


def _stem_variants(left: str, allomorph: Allomorph) -> list[str]:
    """Stems that spell ``left`` before this suffix: as is, with к/қ/п voiced or a vowel lost."""
    stem = left + allomorph.absorbed_vowel
    variants = [stem]
    if allomorph.starts_with_vowel or allomorph.absorbed_vowel:
        if stem[-1] in DEVOICED:
            variants.append(stem[:-1] + DEVOICED[stem[-1]])
        if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-2] not in VOWELS:
            restored = stem[:-1] + ("ы" if allomorph.harmony == "back" else "і") + stem[-1]
            variants.append(restored)  # орн+ы → орын, халқ+ы → халық
            if restored[-1] in DEVOICED:
                variants.append(restored[:-1] + DEVOICED[restored[-1]])
    return variants


def _fits(stem: str, allomorph: Allomorph) -> bool:
    if len(stem) < MIN_STEM or not _has_vowel(stem):
        return False
    if sound_class(stem) not in allomorph.follows:
        return False
    return allomorph.harmony is None or harmony(stem) == allomorph.harmony


def segmentations(word: str) -> list[Segmentation]:
    """Every way to split ``word`` into a stem and a well-formed chain of suffixes."""
    found: list[Segmentation] = []

    def strip(left: str, wanted: frozenset[str], chain: tuple[Allomorph, ...], passives: int) -> None:
        if NOUN in wanted:
            found.append(Segmentation(left, NOUN, chain))
        if VERB in wanted:
            found.append(Segmentation(left, VERB, chain))
        for size in range(1, min(LONGEST_SUFFIX, len(left) - MIN_STEM) + 1):
            for allomorph in SUFFIXES.get(left[-size:], ()):
                if allomorph.category not in wanted:
                    continue
                is_passive = allomorph.tags == ("pass",)
                if is_passive and passives >= MAX_PASSIVES:
                    continue
                for stem in _stem_variants(left[:-size], allomorph):
                    if _fits(stem, allomorph):
                        strip(stem, allomorph.attaches_to, (allomorph, *chain), passives + is_passive)

    strip(word, WORD_FINAL, (), 0)
    return found


# --- ranking ----------------------------------------------------------------------------

KNOWN_STEM_BONUS = 8.0
COMPOUND_STEM_BONUS = 4.0  # an unknown stem ending in a known one: инфра+құрылым
UNKNOWN_VERB_PENALTY = 1.5
MIN_CHAIN_EVIDENCE = 5  # below this many training cases a spelled chain backs off to its tags
UNSEEN_CHAIN_RELIABILITY = 0.01
MIN_COMPOUND_HEAD = 5
MIN_COMPOUND_MODIFIER = 3


def _stem_pos(segmentation: Segmentation, known: dict[str, dict[str, int]]) -> list[tuple[str, float]]:
    """(part of speech, stem score) readings of a segmentation's stem."""
    entries = known.get(segmentation.stem, {})
    if segmentation.category == VERB:
        if "v" in entries:
            return [("v", KNOWN_STEM_BONUS + math.log(entries["v"]))]
        return [("v", _unknown_stem_score(segmentation.stem, known) - UNKNOWN_VERB_PENALTY)]
    nominal = [(pos, KNOWN_STEM_BONUS + math.log(count)) for pos, count in entries.items() if pos != "v"]
    return nominal or [("n", _unknown_stem_score(segmentation.stem, known))]


def _unknown_stem_score(stem: str, known: dict[str, dict[str, int]]) -> float:
    for start in range(MIN_COMPOUND_MODIFIER, len(stem) - MIN_COMPOUND_HEAD + 1):
        if stem[start:] in known:
            return COMPOUND_STEM_BONUS
    return 0.0


def chain_reliability(segmentation: Segmentation, stem_known: bool, chains: dict[str, tuple[int, int]]) -> float:
    """How often, in training, a word that could be split like this was rightly split so."""
    by_tags, by_spelling = segmentation.chain_keys(stem_known)
    for key in (by_spelling, by_tags):
        right, possible = chains.get(key, (0, 0))
        if possible >= MIN_CHAIN_EVIDENCE or (key is by_tags and possible):
            return (right + UNSEEN_CHAIN_RELIABILITY) / (possible + 1)
    return UNSEEN_CHAIN_RELIABILITY


def ranked_analyses(word: str, lex: Lexicon) -> list[Analysis]:
    """Analyses of a lower-case Cyrillic word, best first."""
    scored: dict[Analysis, float] = {}
    for segmentation in segmentations(word):
        for pos, stem_score in _stem_pos(segmentation, lex.stems):
            known = segmentation.stem in lex.stems
            score = stem_score + math.log(chain_reliability(segmentation, known, lex.chains))
            tags = (pos, *(tag for s in segmentation.suffixes for tag in s.tags))
            analysis = Analysis(segmentation.stem, segmentation.text(), tags)
            if score > scored.get(analysis, -math.inf):
                scored[analysis] = score
    ranked = sorted(scored, key=scored.__getitem__, reverse=True)
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
# Prefixes glued to a stem: киберқылмыс is кибер + қылмыс.
PREFIXES = ("кибер",)


def _analyse_form(word: str, lex: Lexicon) -> list[Analysis]:
    if "-" in word.strip("-"):
        head, _, last = word.strip("-").rpartition("-")
        if last in HYPHENATED_PARTICLES:
            return _analyse_form(head, lex)
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


def _with_prefix(prefix: str, word: str, analyses: list[Analysis], lex: Lexicon) -> list[Analysis]:
    """Prefer the reading of the word after the prefix when that one has a known stem."""
    rest = ranked_analyses(word[len(prefix) :], lex)
    if rest[0].lemma in lex.stems and analyses[0].lemma not in lex.stems:
        best = rest[0]
        return [Analysis(prefix + best.lemma, prefix + best.segmentation, best.tags), *analyses]
    return analyses


_RUSSIAN_ENDING = re.compile(
    r"(?:ого|его|ому|ему|ыми|ими|ая|яя|ое|ее|ие|ые|ий|ый|ых|их|ом|ами|ями|ах|ях|ость|ости|ции|ение|ения|ении"
    r"|ать|ить|ять|ет|ют|ут|ся|сь|ство|ства|ству|ов|ев|ой|ей|ешь|ишь)$"
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


@lru_cache(maxsize=200_000)
def _cached_analyses(form: str) -> tuple[Analysis, ...]:
    return tuple(_analyse_form(form, lexicon())) or (Analysis(form, form, ()),)


@lru_cache(maxsize=500_000)
def lemma(word: str) -> str:
    """The index key of one token: its lower-case lemma."""
    return analyse(word)[0].lemma
