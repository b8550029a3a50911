"""Text normalisation shared by ingestion (display text) and analysis (index keys)."""
import re
import unicodedata
from functools import lru_cache

SOFT_HYPHEN = "\u00ad"
# Hyphen-like characters that join or separate words, folded to the ASCII hyphen or a
# dash (by ``str.replace``: two passes of ``str.translate`` took 100 ns a character of Cyrillic text).
_FOLDED_DASHES = {**dict.fromkeys("\u2010\u2011", "-"), **dict.fromkeys("\u2012\u2013\u2014\u2015\u2212", "–")}

# Letters that look alike in the Latin and Cyrillic alphabets. A word mixing the two
# scripts was typed on the wrong keyboard layout (``бүлдiру``, ``Yкiметi``, ``WЕВ``,
# ``180-VІ``): its look-alikes are folded into the script its other letters demand.
_LOOK_ALIKES = ("aceopxyiACEHKMOPTXYIB", "асеорхуіАСЕНКМОРТХУІВ")
_TO_CYRILLIC = str.maketrans(*_LOOK_ALIKES)
_TO_CYRILLIC_KAZAKH = str.maketrans(_LOOK_ALIKES[0], _LOOK_ALIKES[1].replace("у", "ү").replace("У", "Ү"))
_TO_LATIN = str.maketrans(_LOOK_ALIKES[1], _LOOK_ALIKES[0])
# Where a word switches script; found in linear time, however long the word.
_SCRIPT_SWITCH = re.compile(r"[A-Za-z](?=[\u0400-\u04ff])|[\u0400-\u04ff](?=[A-Za-z])")
_WORD_REST = re.compile(r"\w*")
_LATIN_LETTER = re.compile("[A-Za-z]")
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_KAZAKH_LETTER = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_SPACE_CHARS = " \t\u00a0\u2000-\u200b\u202f\u205f\u3000"
# A run of spaces that is not already the one plain space it becomes (those are most).
_SPACES = re.compile(rf"(?! (?![{_SPACE_CHARS}]))[{_SPACE_CHARS}]+")


def _fold_look_alikes(text: str) -> str:
    """Each word of ``text`` that mixes Latin and Cyrillic letters, folded (``_fold_word``)."""
    pieces, done = [], 0
    for switch in _SCRIPT_SWITCH.finditer(text):
        if switch.start() < done:
            continue  # a later switch in a word already folded
        start = switch.start()
        while start > done and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        end = _WORD_REST.match(text, switch.start()).end()
        pieces += [text[done:start], _fold_word(text[start:end])]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def _fold_word(word: str) -> str:
    """A word of two scripts in one: letters only one script has decide which (none, or
    both: the script with more letters, Cyrillic on a tie); both kinds: left alone."""
    latin, cyrillic = _LATIN_LETTER.findall(word), _CYRILLIC_LETTER.findall(word)
    latin_only = any(char not in _LOOK_ALIKES[0] for char in latin)
    cyrillic_only = any(char not in _LOOK_ALIKES[1] for char in cyrillic)
    if latin_only and cyrillic_only:
        return word
    if latin_only or (not cyrillic_only and len(latin) > len(cyrillic)):
        return word.translate(_TO_LATIN)
    as_cyrillic = word.translate(_TO_CYRILLIC)
    return word.translate(_TO_CYRILLIC_KAZAKH) if _KAZAKH_LETTER.search(as_cyrillic) else as_cyrillic


def normalise_text(text: str) -> str:
    """Display normalisation: NFC, no soft hyphens, homoglyphs folded, dashes and spaces tidied.

    Keeps ``ё`` and letter case; keeps line breaks (segmenters need them).
    """
    text = unicodedata.normalize("NFC", text).replace(SOFT_HYPHEN, "")
    for dash, folded in _FOLDED_DASHES.items():
        text = text.replace(dash, folded)
    text = _fold_look_alikes(text)
    return _SPACES.sub(" ", text)


@lru_cache(maxsize=1 << 16)
def index_form(word: str) -> str:
    """The form a word is compared in: normalised, lower case, ``ё`` → ``е``.

    Cached: a text repeats its words, and normalising is the costly part of indexing."""
    return normalise_text(word).lower().replace("ё", "е")
