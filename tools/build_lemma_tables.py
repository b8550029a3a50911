"""Build ``indexer/data/lemmas-en.marshal``: Zan's English lemma of every word form
simplemma's English dictionary knows (its forms and its lemmas), for
``indexer.lemma_tables``. Run it again after changing ``indexer/morph/en.py`` or
upgrading simplemma (``tests/test_morph_ru_en.py`` says when).

    python tools/build_lemma_tables.py
"""
from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

from indexer import lemma_tables
from indexer.morph import en
from indexer.normalise import index_form


def english_forms() -> set[str]:
    """The index forms of every form and lemma of simplemma's English dictionary that
    Zan lemmatises (plain Latin-alphabet words)."""
    dictionary = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    forms = {index_form(word) for pair in dictionary.items() for word in pair}
    return {form for form in forms if en.is_english_word(form)}


def main() -> None:
    lemmas = {form: en.computed_lemma(form) for form in sorted(english_forms())}
    lemma_tables.save("en", lemmas)
    print(f"{lemma_tables.path('en')}: {len(lemmas)} forms, {lemma_tables.path('en').stat().st_size} bytes")


if __name__ == "__main__":
    main()
