"""Russian lemmatiser: pymorphy3's best parse, conservative with words it does not know.

Only words written in the Russian alphabet (optionally hyphenated) are analysed; anything
else (Kazakh letters ә ғ қ ң ө ұ ү һ і, Latin, digits, punctuation) comes back as its
index form. pymorphy3 runs without its two guessers (unknown-prefix and known-suffix
analogy): they turn Kazakh words and PDF line-break fragments into invented Russian lemmas
(``мемлекет`` → ``мемлекета``, ``конвенцияларды`` → ``конвенциялард``). What remains are
dictionary words, hyphenated compounds of them and known prefixes glued to them
(``кибер`` + ``преступлений``); any other word is its own lemma.
"""
import re
from functools import lru_cache

from indexer.normalise import index_form

_RUSSIAN_WORD = re.compile(r"[а-я]+(?:-[а-я]+)*")  # index forms have ё folded to е
# Productive prefixes of this domain missing from pymorphy3's list of known prefixes.
_EXTRA_PREFIXES = ["кибер"]
_PARTICIPLE = {"PRTF", "PRTS"}
_PROPER_NAME = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}


@lru_cache(maxsize=None)
def _analyzer():
    import pymorphy3
    import pymorphy3_dicts_ru
    from pymorphy3 import units
    from pymorphy3.lang import ru as config

    prefixes = config.KNOWN_PREFIXES + _EXTRA_PREFIXES
    # The dictionary named, not looked up among the installed packages' entry points
    # (importlib.metadata and a scan of every package: ≈15 ms of a cold search).
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), units=[
        units.DictionaryAnalyzer(),
        units.HyphenSeparatedParticleAnalyzer(config.PARTICLES_AFTER_HYPHEN),
        units.HyphenAdverbAnalyzer(),
        units.HyphenatedWordsAnalyzer(skip_prefixes=prefixes),
        units.KnownPrefixAnalyzer(known_prefixes=prefixes),
        units.UnknAnalyzer(),
    ])


def _best_parse(form: str):
    parses = _analyzer().parse(form)
    tied = [parse for parse in parses if parse.score == parses[0].score]
    # Among equally likely parses a common noun wins: «данные» is data before it is a form
    # of «дать» (and «данной» is not the name «Данна»).
    return next((parse for parse in tied if _is_common_noun(parse.tag)), parses[0])


def _is_common_noun(tag) -> bool:
    return tag.POS == "NOUN" and not _PROPER_NAME & tag.grammemes


def _normal_form(parse) -> str:
    # pymorphy3 reduces a participle to its verb, but the same form often parses as an
    # adjective too, and which parse wins varies from form to form (предусмотренные →
    # предусмотренный, предусмотренных → предусмотреть). A participle's own nominative
    # singular is the adjective's lemma, so every form gets one key.
    if parse.tag.POS in _PARTICIPLE:
        full = parse.inflect({"PRTF", "masc", "sing", "nomn"})
        if full is not None:
            return full.word
    return parse.normal_form


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """Lower-case lemma with ё → е; words pymorphy3 cannot analyse are returned as index forms."""
    form = index_form(word)
    if not _RUSSIAN_WORD.fullmatch(form):
        return form
    return index_form(_normal_form(_best_parse(form)))


@lru_cache(maxsize=1 << 16)
def is_known(word: str) -> bool:
    """True for a dictionary word, a hyphenated compound of them, or a known prefix + one."""
    form = index_form(word)
    return bool(_RUSSIAN_WORD.fullmatch(form)) and "UNKN" not in _analyzer().parse(form)[0].tag
