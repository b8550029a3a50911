"""Lemma look-up for every language, memoised and saved beside the index.

Loading pymorphy3's dictionaries or simplemma's tables costs more than a whole search.
The index keeps the lemma of every word form it has seen, so a query made of known
forms never loads a morphology module; an unseen form falls back to the module.
"""
import importlib
import marshal
from pathlib import Path

LANGUAGES = ("ru", "kk", "en")
_MODULES = {lang: f"indexer.morph.{lang}" for lang in LANGUAGES}
_memo: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}


def lemma(lang: str, form: str) -> str:
    """Lemma of a normalised, lower-case word form in ``lang``."""
    table = _memo[lang]
    found = table.get(form)
    if found is None:
        found = table[form] = importlib.import_module(_MODULES[lang]).lemma(form)
    return found


def save(path: Path) -> None:
    path.write_bytes(marshal.dumps(_memo))


def load(path: Path) -> None:
    """Add the forms saved at ``path`` (by ``save``) to the memo; a missing file adds nothing."""
    try:
        saved = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    for lang, table in saved.items():
        if lang in _memo:
            _memo[lang].update(table)
