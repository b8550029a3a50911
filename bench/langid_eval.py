"""How well ``indexer.langid.detect`` tells Russian, Kazakh and English apart, on text it was not built from.

    python bench/langid_eval.py [--shared DIR] [--queries N]

Held-out text, by language:

- kk: the kk-tagged documents that ``tools/build_kk_profile.py`` held out of the profile;
- kk-legal: the Kazakh instruments and the article's Kazakh abstract (never used to build anything);
- ru: the Russian instruments, the article's Russian abstract and body;
- en: the Budapest convention and the article's English abstract.

langdetect's own ru/en profiles come from Wikipedia, not from these texts.
Reports accuracy on paragraphs and sentences of at least 8 words, on 1-, 2- and 3-word
queries (runs of consecutive content words, sampled with a fixed seed, lower-cased as
users type them), a confusion summary, and the latency of ``detect``.
"""
import argparse
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer import langid  # noqa: E402
from tools.build_kk_profile import kazakh_documents, split_documents  # noqa: E402

SEED = 7
MIN_PARAGRAPH_WORDS = 8
MIN_CONTENT_WORD_LETTERS = 4
QUERY_LENGTHS = (1, 2, 3)
ERRORS_SHOWN = 8

_WORD = re.compile(r"[^\W\d_]+")
# A word broken across a line end by the PDF extraction: ``информаци-\nонной``.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=[^\W\d_])")

ARTICLE = "article/cybercrime-cooperation-2024.pdf.txt"
# (language, first words of the part, first words of the next part) in the article.
ARTICLE_PARTS = [
    ("ru", "Аннотация. Исследование", "Аннотация. Зерттеу"),
    ("kk-legal", "Аннотация. Зерттеу", "Abstract."),
    ("en", "Abstract.", "Введение"),
    ("ru", "Введение", "ЛИТЕРАТУРА"),
]
INSTRUMENTS = {
    "ru": ["kz-criminal-code-226-V-ch7.ru.md", "cis-agreement-2018-it-crimes.ru.md"],
    "kk-legal": ["kz-criminal-code-226-V-ch7.kk.md", "cis-agreement-2018-it-crimes.kk.md"],
    "en": ["coe-ets185-budapest-convention.en.md"],
}


def blocks(text: str) -> list[str]:
    """Blank-line-separated blocks, with line-end hyphenation undone and lines joined."""
    text = _LINE_END_HYPHEN.sub("", text)
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def between(text: str, start: str, end: str) -> str:
    first = text.index(start)
    return text[first : text.index(end, first)]


def held_out_texts(shared: Path) -> dict[str, list[str]]:
    """Language → its held-out text units (paragraphs or sentences)."""
    documents = kazakh_documents(shared / "data" / "kk-tagged")
    _, held_out = split_documents(documents)
    texts = {"kk": [unit for name in held_out for unit in documents[name]]}

    sources = shared / "sources"
    for lang, names in INSTRUMENTS.items():
        for name in names:
            texts.setdefault(lang, []).extend(blocks((sources / "instruments" / name).read_text(encoding="utf-8")))
    article = (sources / ARTICLE).read_text(encoding="utf-8")
    for lang, start, end in ARTICLE_PARTS:
        texts[lang].extend(blocks(between(article, start, end)))
    return texts


def paragraphs(units: list[str]) -> list[str]:
    return [unit for unit in units if len(_WORD.findall(unit)) >= MIN_PARAGRAPH_WORDS]


def is_content_word(word: str, label: str) -> bool:
    """Long enough, and in the script of the language (a Latin name in Russian text is not Russian)."""
    in_script = bool(re.fullmatch("[A-Za-z]+", word)) == (true_lang(label) == "en")
    return in_script and len(word) >= MIN_CONTENT_WORD_LETTERS


def sample_queries(label: str, units: list[str], length: int, count: int, rng: random.Random) -> list[str]:
    """``count`` runs of ``length`` consecutive content words from the same unit, lower-cased."""
    runs = []
    for unit in units:
        content = [word.lower() for word in _WORD.findall(unit) if is_content_word(word, label)]
        runs.extend(" ".join(content[i : i + length]) for i in range(len(content) - length + 1))
    return rng.sample(runs, min(count, len(runs)))


def true_lang(label: str) -> str:
    return label.split("-")[0]


def score(label: str, texts: list[str]) -> tuple[int, Counter, list[tuple[str, str]]]:
    """(correct count, predicted-language counts, wrong (text, prediction) pairs)."""
    predictions = [langid.detect(text) for text in texts]
    wrong = [(text, lang) for text, lang in zip(texts, predictions) if lang != true_lang(label)]
    return len(texts) - len(wrong), Counter(predictions), wrong


def percent(correct: int, total: int) -> str:
    return f"{100 * correct / total:6.2f}% ({correct}/{total})" if total else "   n/a"


def report_paragraphs(paragraphs_by_label: dict[str, list[str]]) -> None:
    print(f"Paragraphs and sentences of at least {MIN_PARAGRAPH_WORDS} words")
    for label, texts in paragraphs_by_label.items():
        correct, _, wrong = score(label, texts)
        print(f"  {label:9} {percent(correct, len(texts))}")
        for text, lang in wrong[:ERRORS_SHOWN]:
            print(f"      → {lang}: {text[:120]}")


def report_queries(queries: dict[tuple[str, int], list[str]]) -> None:
    labels = list(dict.fromkeys(label for label, _ in queries))
    confusion = Counter()
    errors = {label: [] for label in labels}
    print(f"\nShort queries: runs of content words (≥ {MIN_CONTENT_WORD_LETTERS} letters, in the language's script)")
    print("  " + " " * 9 + "".join(f"{n}-word".ljust(22) for n in QUERY_LENGTHS))
    for label in labels:
        cells = []
        for length in QUERY_LENGTHS:
            texts = queries[label, length]
            correct, predicted, wrong = score(label, texts)
            confusion.update({(label, lang): n for lang, n in predicted.items()})
            errors[label].extend(f"{text} → {lang}" for text, lang in wrong)
            cells.append(percent(correct, len(texts)).ljust(22))
        print(f"  {label:9}" + "".join(cells))

    print("\nConfusion over all queries (true → detected: count)")
    for label in labels:
        print(f"  {label:9} → " + ", ".join(f"{lang} {confusion[label, lang]}" for lang in langid.SUPPORTED))
    print("\nSome wrong queries")
    for label in labels:
        print(f"  {label:9} " + "; ".join(errors[label][:ERRORS_SHOWN]))


def first_call_seconds() -> float:
    """Import and first ``detect`` needing langdetect, in a fresh process."""
    code = (
        "import time; start = time.perf_counter(); from indexer import langid; "
        "langid.detect('неправомерный доступ'); print(time.perf_counter() - start)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return float(result.stdout)


def mean_call_seconds(texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        langid.detect(text)
    return (time.perf_counter() - start) / len(texts)


def report_latency(paragraph_texts: list[str], query_texts: list[str]) -> None:
    print(f"\nLatency: import and first call in a fresh process {first_call_seconds() * 1e3:.0f} ms "
          "(langdetect imported, profiles loaded)")
    for name, texts in (("paragraph", paragraph_texts), ("short query", query_texts)):
        print(f"  then {mean_call_seconds(texts) * 1e6:.0f} µs a {name} (mean over {len(texts)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--queries", type=int, default=1000, help="queries a language and length")
    args = parser.parse_args()
    if not (args.shared / "data" / "kk-tagged").is_dir() or not (args.shared / "sources").is_dir():
        print(f"skipped: held-out texts not found under {args.shared} (pass --shared DIR)")
        return

    texts = held_out_texts(args.shared)
    paragraphs_by_label = {label: paragraphs(units) for label, units in texts.items()}
    rng = random.Random(SEED)
    queries = {
        (label, length): sample_queries(label, units, length, args.queries, rng)
        for label, units in texts.items()
        for length in QUERY_LENGTHS
    }
    report_paragraphs(paragraphs_by_label)
    report_queries(queries)
    report_latency(
        [text for texts in paragraphs_by_label.values() for text in texts],
        [text for texts in queries.values() for text in texts],
    )


if __name__ == "__main__":
    main()
