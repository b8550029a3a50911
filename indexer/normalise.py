"""Text normalisation shared by ingestion (display text) and analysis (index keys)."""
import re
import unicodedata
from functools import lru_cache

SOFT_HYPHEN = "\u00ad"
# Hyphen-like characters that join or separate words, folded to the ASCII hyphen or a dash.
_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011"), "-")
_DASHES = dict.fromkeys(map(ord, "\u2012\u2013\u2014\u2015\u2212"), "–")

_CYRILLIC = r"\u0400-\u04ff"
# Latin i/I touching a Cyrillic letter: a homoglyph typed on a Latin keyboard (``белгiлi``).
_LATIN_I_IN_CYRILLIC = re.compile(rf"(?<=[{_CYRILLIC}])[iI]|[iI](?=[{_CYRILLIC}])")
# Cyrillic І/і inside a Latin word (``180-VІ``, a Roman numeral typed in Cyrillic).
_CYRILLIC_I_IN_LATIN = re.compile(r"(?<=[A-Za-z])[\u0406\u0456]|[\u0406\u0456](?=[A-Za-z])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def _fold_latin_i(match: re.Match) -> str:
    return "\u0456" if match.group() == "i" else "\u0406"


def _fold_cyrillic_i(match: re.Match) -> str:
    return "i" if match.group() == "\u0456" else "I"


def normalise_text(text: str) -> str:
    """Display normalisation: NFC, no soft hyphens, homoglyphs folded, dashes and spaces tidied.

    Keeps ``ё`` and letter case; keeps line breaks (segmenters need them).
    """
    text = unicodedata.normalize("NFC", text).replace(SOFT_HYPHEN, "")
    text = text.translate(_HYPHENS).translate(_DASHES)
    text = _LATIN_I_IN_CYRILLIC.sub(_fold_latin_i, text)
    text = _CYRILLIC_I_IN_LATIN.sub(_fold_cyrillic_i, text)
    return _SPACES.sub(" ", text)


@lru_cache(maxsize=1 << 18)
def index_form(word: str) -> str:
    """The form a word is compared in: normalised, lower case, ``ё`` → ``е``.

    Cached: a text repeats its words, and normalising is the costly part of indexing."""
    return normalise_text(word).lower().replace("ё", "е")
