"""Other spellings of a word the index does not hold: Kazakh typed without its letters
on a Russian keyboard (``киберкылмыс``), Kazakh in the 2021 Latin alphabet
(``kiberqylmys``), a compound with or without its hyphen (``cyber-crime``).

Each is looked up among the word forms of the index's own texts, so only spellings
that lead to indexed words are proposed.
"""
import re

# Kazakh letters as a Russian keyboard types them: the key a form is compared by.
_KEYBOARD = str.maketrans("қғұүөңһіә", "кгууонхиа")
# The Kazakh Latin alphabet of 2021 → Cyrillic (і and и, ы and y share keys below).
_LATIN_KAZAKH = [("sh", "ш"), ("ch", "ч"), ("ş", "ш"), ("ç", "ч"), ("ğ", "ғ"), ("ñ", "ң"), ("ū", "ұ"),
                 ("ü", "ү"), ("ö", "ө"), ("ä", "ә"), ("ı", "ы"), ("q", "қ"), ("j", "ж"), ("y", "ы"),
                 ("a", "а"), ("b", "б"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "һ"),
                 ("i", "і"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
                 ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("z", "з"), ("w", "у"),
                 ("x", "х"), ("c", "с")]
_LATIN_PATTERN = re.compile("|".join(re.escape(latin) for latin, _ in _LATIN_KAZAKH))
_LATIN_TABLE = dict(_LATIN_KAZAKH)
_ONLY_LATIN = re.compile(r"[a-zçğıñöşüūä]+")


def keyboard_key(form: str) -> str:
    return form.translate(_KEYBOARD).replace("ы", "и")


def from_latin_kazakh(form: str) -> str:
    return _LATIN_PATTERN.sub(lambda match: _LATIN_TABLE[match.group()], form)


class Spellings:
    """The index's Kazakh word forms by their keyboard key."""

    def __init__(self, kazakh_forms):
        self.by_key: dict[str, list[str]] = {}
        for form in kazakh_forms:
            self.by_key.setdefault(keyboard_key(form), []).append(form)

    def kazakh_forms(self, form: str) -> list[str]:
        """Indexed Kazakh forms ``form`` may stand for, typed on a Russian keyboard or in
        Latin letters."""
        candidates = [form]
        if _ONLY_LATIN.fullmatch(form):
            candidates.append(from_latin_kazakh(form))
        return [found for candidate in candidates for found in self.by_key.get(keyboard_key(candidate), ())
                if found != form]
