"""Lemma look-up for every language, memoised.

Loading pymorphy3's dictionaries, simplemma's tables or the Kazakh lexicon costs more
than a whole search. Each index keeps the lemma of every word form of its own texts in
every language (``table``), saved in sorted blocks (``SavedTable``); a search consults
it (``consult``), unpacking only the blocks of its words, so a query made of indexed
words never loads a morphology module nor the whole table. The memo is only a cache: a
lemma depends on nothing but the language and the form.
"""
import importlib
import marshal
from collections.abc import Iterable

from indexer.lemma_tables import block_number, sorted_blocks
from indexer.scripts import CYRILLIC_LETTER, KAZAKH_LETTER, LATIN_LETTER

LANGUAGES = ("ru", "kk", "en")
_MODULES = {lang: f"indexer.morph.{lang}" for lang in LANGUAGES}
_memo: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
_consulted: list["SavedTable"] = []  # the saved tables of the indexes this process opened


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
        found = next((lemma for saved in _consulted if (lemma := saved.lemma(lang, form)) is not None), None)
        if found is None:
            found = importlib.import_module(_MODULES[lang]).lemma(form) if _can_inflect(lang, form) else form
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


def consult(saved: "SavedTable") -> None:
    """Look lemmas up in ``saved`` before working them out."""
    if not any(table is saved for table in _consulted):
        _consulted.append(saved)


class SavedTable:
    """A ``table`` as an index saves it: each language's word forms in the sorted blocks
    of ``lemma_tables.sorted_blocks``, marshalled one by one, so that a look-up unpacks
    one block (a 10,000-file library's table took a cold search 50 ms to unpack whole)."""

    def __init__(self, data: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]]):
        """``data``: language → (the first form of each block, the blocks), as ``to_data`` gives."""
        if not (isinstance(data, dict) and all(isinstance(entry, tuple) and len(entry) == 2
                                               and len(entry[0]) == len(entry[1]) for entry in data.values())):
            raise ValueError("not a saved lemma table")
        self._data = data
        self._blocks: dict[tuple[str, int], dict[str, str]] = {}

    @staticmethod
    def to_data(table: dict[str, dict[str, str]]) -> dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]]:
        data = {}
        for lang, lemmas in table.items():
            firsts, blocks = sorted_blocks(lemmas)
            data[lang] = (firsts, tuple(marshal.dumps({form: lemmas[form] for form in block}) for block in blocks))
        return data

    def lemma(self, lang: str, form: str) -> str | None:
        """The saved lemma of ``form`` in ``lang``; None if the table lacks it."""
        firsts, blocks = self._data.get(lang, ((), ()))
        number = block_number(firsts, form)
        if number < 0:
            return None
        block = self._blocks.get((lang, number))
        if block is None:
            block = self._blocks[lang, number] = marshal.loads(blocks[number])
            if not isinstance(block, dict):
                raise ValueError("a block of the saved lemma table is not a table")
        return block.get(form)

    def whole(self) -> dict[str, dict[str, str]]:
        """The table: language → form → lemma."""
        return {lang: {form: lemma for block in blocks for form, lemma in marshal.loads(block).items()}
                for lang, (_, blocks) in self._data.items()}
