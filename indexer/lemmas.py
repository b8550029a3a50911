"""Lemma look-up for every language, memoised and saved beside the index.

Loading pymorphy3's dictionaries, simplemma's tables or the Kazakh lexicon costs more
than a whole search. The index keeps the lemma of every word form of the corpus in every
language, so a query made of corpus words never loads a morphology module; an unseen
form falls back to the module.
"""
import importlib
import marshal
from pathlib import Path

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


def complete() -> None:
    """Memoise every form seen in any language in all the others too."""
    forms = set().union(*_memo.values())
    for lang in LANGUAGES:
        for form in forms:
            lemma(lang, form)


def save(path: Path) -> None:
    """Save the memo, less the forms a language cannot inflect (they are their own lemma)."""
    path.write_bytes(marshal.dumps({lang: {form: lemma for form, lemma in table.items() if _can_inflect(lang, form)}
                                    for lang, table in _memo.items()}))


def load(path: Path) -> None:
    """Add the forms saved at ``path`` (by ``save``) to the memo; a missing file adds nothing."""
    try:
        saved = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    for lang, table in saved.items():
        if lang in _memo:
            _memo[lang].update(table)
