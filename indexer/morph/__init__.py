"""Per-language morphology: each module offers ``lemma(word) -> str`` for a lower-case word."""
