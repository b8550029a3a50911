"""Measure the Kazakh lemmatiser: accuracy, speed and lexicon memory.

    python bench/kk_lemma_eval.py [--errors N]

Accuracy is measured on the held-out documents of the split made by
``tools/build_kk_lexicon.py`` (same seed; the lexicon never saw them) and on the
hand-checked legal check set ``tests/data/kk_legal_lemmas.tsv``.

Lemma comparison (``build_kk_lexicon.lemmas_match``): lower case, ё = е; the corpus lemma of
a multi-part reading is its first part's, except that an adjective the corpus splits into a
noun and ``лы``/``сыз`` keeps its whole form; a verb's lemma is its stem, with its
cooperative or causative voice (``келіс``, where the corpus gives ``кел``); a lexicalised verbal
noun the corpus tags as a noun (``басқару``) matches its verb stem, and an agent noun in
``-ушы`` the corpus reduces to its verb (``атқарушы`` → ``атқар``) matches when kept whole.
Punctuation, words with digits, unknown (``*``) and still ambiguous corpus tokens are left
out.  Proper nouns count like any word (their lemma is lower-cased); their share
of the errors is reported.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import build_kk_lexicon as corpus  # noqa: E402
from indexer.morph import kk, ru  # noqa: E402

CHECK_SET = REPO / "tests" / "data" / "kk_legal_lemmas.tsv"
SPEED_PASSES = 5
SPEED_RUNS = 3


def held_out_words(dev: bool) -> list[corpus.Token]:
    _, held_out = corpus.split_corpus(dev=dev)
    return [token for sentence in held_out for token in sentence if token.is_word]


def held_out_accuracy(tokens: list[corpus.Token], show_errors: int) -> None:
    right = [corpus.lemmas_match(kk.lemma(t.form), t) for t in tokens]
    by_type: dict[tuple[str, str], bool] = {}
    for token, ok in zip(tokens, right):
        by_type[(corpus.fold(token.form), corpus.fold(token.lemma))] = ok
    proper = [ok for token, ok in zip(tokens, right) if token.pos in ("np", "PROPN")]
    print(f"held-out tokens: {len(tokens)}  token accuracy: {sum(right) / len(right):.4f}")
    print(f"held-out types:  {len(by_type)}  type accuracy:  {sum(by_type.values()) / len(by_type):.4f}")
    print(f"  proper nouns: {len(proper)} tokens, accuracy {sum(proper) / max(len(proper), 1):.4f}")
    if show_errors:
        errors = Counter(
            (corpus.fold(t.form), kk.lemma(t.form), corpus.fold(t.lemma), " ".join(t.tags))
            for t, ok in zip(tokens, right) if not ok
        )
        for (form, got, want, tags), n in errors.most_common(show_errors):
            print(f"  {n:3d} {form:24s} got {got:18s} want {want:18s} {tags}")


def check_set() -> list[tuple[str, str]]:
    rows = []
    for line in CHECK_SET.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, lemma = line.split("\t")[:2]
            rows.append((form, lemma))
    return rows


def check_set_accuracy(show_errors: int) -> None:
    rows = check_set()
    wrong = [(form, kk.lemma(form), want) for form, want in rows if kk.lemma(form) != want]
    print(f"legal check set: {len(rows)} types  accuracy: {1 - len(wrong) / len(rows):.4f}")
    for form, got, want in wrong[:show_errors]:
        print(f"  {form:28s} got {got:20s} want {want}")


def clear_caches() -> None:
    """Forget every analysis and memo, but keep the loaded lexicon and Russian dictionary."""
    kk.lemma.cache_clear()
    kk._cached_analyses.cache_clear()
    kk.lexicon().reliabilities.clear()
    ru.lemma.cache_clear()  # the loan check's memo
    ru.is_known.cache_clear()


def _tokens_per_second(forms: list[str], passes: int = 1, cold: bool = False) -> float:
    """Best of ``SPEED_RUNS`` timings of lemmatising ``forms`` ``passes`` times (the machine
    may be shared), each after clearing the caches if ``cold``."""
    best = 0.0
    for _ in range(SPEED_RUNS):
        if cold:
            clear_caches()
        start = time.perf_counter()
        for _ in range(passes):
            for form in forms:
                kk.lemma(form)
        best = max(best, passes * len(forms) / (time.perf_counter() - start))
    return best


def speed(forms: list[str]) -> None:
    kk.lemma("кодын")  # load the lexicon and the Russian dictionary (loans) outside the timings
    cold = _tokens_per_second(forms, cold=True)
    warm = _tokens_per_second(forms, passes=SPEED_PASSES)
    uncached = _tokens_per_second(sorted(set(forms)), cold=True)
    print(f"speed (best of {SPEED_RUNS}): cold {cold:,.0f} tokens/s (caches cleared, running text), "
          f"warm {warm:,.0f} tokens/s, every word new {uncached:,.0f} words/s")


# In a fresh interpreter: what analysing a word loads, the Russian dictionary for loans included.
_MEMORY_PROBE = """
import tracemalloc
tracemalloc.start()
from indexer.morph import kk
kk.lemma("кодын")
print(tracemalloc.get_traced_memory()[0])
"""


def lexicon_memory() -> None:
    probe = subprocess.run([sys.executable, "-c", _MEMORY_PROBE], capture_output=True, text=True, check=True)
    loaded = int(probe.stdout)
    path = REPO / "indexer" / "data" / kk.LEXICON_FILE
    print(f"lexicon: {loaded / 2**20:.1f} MB in memory with the Russian dictionary, "
          f"file {path.stat().st_size / 1024:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="list this many most frequent errors")
    parser.add_argument("--dev", action="store_true",
                        help="tune: score the dev part of the training documents with a lexicon built without it")
    args = parser.parse_args()
    if args.dev:  # accuracy only: the lexicon is a temporary one
        dev_lexicon = corpus.build(dev=True)
        kk.lexicon = lambda: dev_lexicon
        held_out_accuracy(held_out_words(dev=True), args.errors)
        return
    tokens = held_out_words(dev=False)
    held_out_accuracy(tokens, args.errors)
    if CHECK_SET.exists():
        check_set_accuracy(args.errors)
    speed([t.form for t in tokens])
    lexicon_memory()


if __name__ == "__main__":
    main()
