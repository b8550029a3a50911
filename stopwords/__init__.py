"""Stopword lists, one file a language (``ru.txt``, ``kk.txt``, ``en.txt``).

Each file has one lemma a line; ``#`` starts a comment. Words are compared after
lemmatisation, so a list holds lemmas, not every inflected form.
"""
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def load(lang: str) -> frozenset[str]:
    text = Path(__file__).with_name(f"{lang}.txt").read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(word for word in words if word)
