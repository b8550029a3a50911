"""Which language a text is in: Russian, Kazakh or English.

Cheap rules first, a statistical model for the rest:

1. no letters (empty, digits, punctuation): the first of ``langs``;
2. the script narrows the choice: Latin → English, Cyrillic → Russian or Kazakh
   (mixed: Cyrillic from a quarter of the letters). Text in a script none of ``langs``
   is written in (Latin with ``langs=("ru", "kk")``, Greek) gets the first of ``langs``;
3. Cyrillic text is Kazakh when enough of its words are marked Kazakh: by a letter only
   Kazakh has (ә ғ қ ң ө ұ ү һ і), or by being a Kazakh word form, or having a Kazakh
   ending, that Russian does not have (``data/langid/kk-markers``). A share, not a single
   word: a Russian sentence may quote one;
4. otherwise langdetect decides, with its own Russian and English profiles and the
   project's Kazakh one (``data/langid/kk``). Both data files are built by
   ``tools/build_kk_profile.py``.

langdetect is imported and its profiles are loaded on the first call that needs them, once.
"""
import os
import re
from functools import lru_cache

from indexer.normalise import normalise_text
from indexer.scripts import CYRILLIC_LETTER, KAZAKH_LETTER, LATIN_LETTER

SUPPORTED = ("ru", "kk", "en")

# Text with at least this share of Cyrillic letters is Russian or Kazakh, not English: Russian
# and Kazakh texts quote Latin names, titles and references far more than English texts quote Cyrillic.
MIN_CYRILLIC_SHARE = 1 / 4

# Share of Cyrillic words marked Kazakh from which a text is Kazakh outright. In Kazakh
# prose about two words in three are marked; in Russian, only quoted Kazakh words are.
# Any marked word makes a one- to three-word query Kazakh.
KAZAKH_WORD_SHARE = 1 / 3

# Below this share of marked words, a Cyrillic text of at least ``RUSSIAN_RULE_WORDS``
# Cyrillic words is Russian without langdetect, which costs milliseconds a file: in the
# Russian files of bench/scale.py's library at most 0.2 % of the words are marked, in
# the Kazakh ones at least 65 %.
RUSSIAN_WORD_SHARE = 1 / 20
RUSSIAN_RULE_WORDS = 20

# langdetect reads this many words at most: it extracts every n-gram of what it is given,
# and a file's first 20,000 characters (ingest) are far more than it needs.
LANGDETECT_WORDS = 100
_MIN_STEM_LETTERS = 2  # an ending marks a word only if it leaves this much of it (as in the build)
_SEED = 0  # langdetect samples n-grams at random; a fixed seed makes it deterministic
_DATA = os.path.join(os.path.dirname(__file__), "data", "langid")

_WORD = re.compile(r"[^\W\d_]+")
# A run of non-spaces with "/", "@" or "www." in it: a URL, a path or an e-mail address.
# The lookahead scans a run once, from its start only: "\S*/\S*" would be quadratic.
_ADDRESS = re.compile(r"(?<!\S)(?=[^\s/@]*[/@]|\S*?www\.)\S+")
_CYRILLIC_RUN, _LATIN_RUN = (re.compile(f"{letter.pattern}+") for letter in (CYRILLIC_LETTER, LATIN_LETTER))


def _without_addresses(text: str) -> str:
    """``text`` less its URLs, paths and e-mail addresses, which are not words."""
    return _ADDRESS.sub(" ", text)


def detect(text: str, langs: tuple[str, ...] = SUPPORTED) -> str:
    """The language of ``text``, one of ``langs`` (a non-empty subset of ``SUPPORTED``).

    Text without letters, or only in a script none of ``langs`` is written in, gets ``langs[0]``.
    The same text always gets the same answer.
    """
    if not langs or not set(langs) <= set(SUPPORTED):
        raise ValueError(f"langs must be a non-empty subset of {SUPPORTED}, got {langs!r}")
    words = _WORD.findall(_without_addresses(normalise_text(text)).lower())
    if len(langs) == 1 or not words:
        return langs[0]

    candidates = tuple(lang for lang in _languages_of_script(words) if lang in langs)
    if not candidates:  # not written in the script of any of langs
        return langs[0]
    if len(candidates) == 1:
        return candidates[0]
    # more than one candidate: Russian and Kazakh
    share, cyrillic_words = _kazakh_word_share(words)
    if share >= KAZAKH_WORD_SHARE:
        return "kk"
    if share < RUSSIAN_WORD_SHARE and cyrillic_words >= RUSSIAN_RULE_WORDS:
        return "ru"
    return _langdetect(words[:LANGDETECT_WORDS], candidates)


def _languages_of_script(words: list[str]) -> tuple[str, ...]:
    letters = "".join(words)
    cyrillic, latin = (sum(map(len, run.findall(letters))) for run in (_CYRILLIC_RUN, _LATIN_RUN))
    if not cyrillic and not latin:
        return ()
    return ("ru", "kk") if cyrillic >= MIN_CYRILLIC_SHARE * (cyrillic + latin) else ("en",)


def _kazakh_word_share(words: list[str]) -> tuple[float, int]:
    """(the share of the Cyrillic words marked Kazakh, how many Cyrillic words there are)"""
    cyrillic_words = [word for word in words if CYRILLIC_LETTER.search(word)]
    if not cyrillic_words:
        return 0.0, 0
    return sum(1 for word in cyrillic_words if _is_marked_kazakh(word)) / len(cyrillic_words), len(cyrillic_words)


def _is_marked_kazakh(word: str) -> bool:
    if KAZAKH_LETTER.search(word):
        return True
    words, endings_by_length = _kazakh_markers()
    return word in words or any(
        word[-length:] in endings
        for length, endings in endings_by_length.items()
        if len(word) >= length + _MIN_STEM_LETTERS
    )


def _langdetect(words: list[str], candidates: tuple[str, ...]) -> str:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    # A zero prior keeps a language out: langdetect's updates are multiplicative.
    detector.set_prior_map({lang: 1.0 for lang in candidates})
    # The trailing space lets langdetect see the end of the last word, as it does every other's.
    detector.append(" ".join(words) + " ")
    try:
        return detector.detect()
    except LangDetectException:  # no n-gram of the text is in any profile
        return candidates[0]


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


@lru_cache(maxsize=1)
def _kazakh_markers() -> tuple[frozenset[str], dict[int, frozenset[str]]]:
    """(word forms, word endings by length) that mark a word Kazakh. The file writes an ending ``-ялар``."""
    lines = _read(os.path.join(_DATA, "kk-markers")).splitlines()
    markers = [line for line in lines if line and not line.startswith("#")]
    words = frozenset(line for line in markers if not line.startswith("-"))
    endings = [line[1:] for line in markers if line.startswith("-")]
    lengths = {len(ending) for ending in endings}
    return words, {n: frozenset(ending for ending in endings if len(ending) == n) for n in lengths}


@lru_cache(maxsize=1)
def _factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    # langdetect's own profiles for ru and en; ours for kk, which langdetect lacks.
    profile_paths = [os.path.join(_DATA if lang == "kk" else PROFILES_DIRECTORY, lang) for lang in SUPPORTED]
    factory = DetectorFactory()
    factory.load_json_profile([_read(path) for path in profile_paths])
    factory.set_seed(_SEED)
    return factory
