"""Language identification (provisional: letter heuristics; replaced by the langdetect-based one)."""
import re

_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_LATIN = re.compile("[A-Za-z]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def detect(text: str, langs: tuple[str, ...] = ("ru", "kk", "en")) -> str:
    if "kk" in langs and _KAZAKH_LETTERS.search(text):
        return "kk"
    if len(_LATIN.findall(text)) > len(_CYRILLIC.findall(text)) and "en" in langs:
        return "en"
    return "ru" if "ru" in langs else langs[0]
