"""Lemma look-up for every language, memoised.

Loading pymorphy3's dictionaries, simplemma's tables or the Kazakh lexicon costs more
than a whole search. Each index keeps the lemma of every word form of its own texts in
every language (``table``); a search puts it in this process's memo (``remember``), so
a query made of indexed words never loads a morphology module. The memo is only a
cache: a lemma depends on nothing but the language and the form.
"""
import importlib
from collections.abc import Iterable

from indexer.scripts import CYRILLIC_LETTER, KAZAKH_LETTER, LATIN_LETTER

LANGUAGES = ("ru", "kk", "en")
_MODULES = {lang: f"indexer.morph.{lang}" for lang in LANGUAGES}
_memo: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}


def _can_inflect(lang: str, form: str) -> bool:
    """Whether ``form`` is written in a script ``lang`` inflects; other forms are their own lemma."""
    if lang == "en":
        return bool(LATIN_LETTER.search(form))
    if lang == "ru":
        return bool(CYRILLIC_LETTER.search(form)) and not KAZAKH_LETTER.search(form)
    return bool(CYRILLIC_LETTER.search(form))


def lemma(lang: str, form: str) -> str:
    """Lemma of a normalised, lower-case word form in ``lang``."""
    table = _memo[lang]
    found = table.get(form)
    if found is None:
        found = form
        if _can_inflect(lang, form):
            found = importlib.import_module(_MODULES[lang]).lemma(form)
        table[form] = found
    return found


def table(forms: Iterable[str]) -> dict[str, dict[str, str]]:
    """The lemmas of ``forms`` in every language that can inflect them (the others are
    their own lemma): what an index saves."""
    forms = set(forms)
    return {lang: {form: lemma(lang, form) for form in forms if _can_inflect(lang, form)} for lang in LANGUAGES}


def remember(saved: dict[str, dict[str, str]]) -> None:
    """Add a saved ``table`` to the memo."""
    for lang, lemmas in saved.items():
        if lang in _memo:
            _memo[lang].update(lemmas)
