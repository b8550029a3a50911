"""Build the Kazakh language-identification data in ``indexer/data/langid/`` from the kk-tagged texts.

- ``kk``: a langdetect profile (character 1–3-gram frequencies), counted as langdetect
  counts its own;
- ``kk-markers``: what marks a Cyrillic word without a Kazakh-only letter as Kazakh —
  word forms Russian does not have (``туралы``, ``ресми``) and word endings no Russian
  word has (``-ялар`` in ``технологиялар``). "Russian" is pymorphy3's Russian dictionary.

The texts are the apertium-kaz ``texts/`` folder (CC BY-SA 4.0), kept outside the
project in ``../shared/data/kk-tagged``. Documents are split by a fixed seed; both files
are built from the training documents only, and the held-out ones are what
``bench/langid_eval.py`` measures Kazakh accuracy on.

    python tools/build_kk_profile.py [--source DIR] [--out DIR]

Same source, same output, byte for byte.
"""
import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

import pymorphy3
from langdetect.utils.lang_profile import LangProfile

from indexer.normalise import normalise_text

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "kk-tagged"
DEFAULT_OUT = REPO / "indexer" / "data" / "langid"
SOURCE_NOTE = "Derived from the apertium-kaz texts (texts/, commit 95c6dd0), licensed CC BY-SA 4.0."

SPLIT_SEED = 20240
HELD_OUT_SHARE = 0.25
MIN_MARKER_COUNT = 2  # a form seen once may be a typo or a quotation
ENDING_LETTERS = 4
MIN_STEM_LETTERS = 2  # what an ending must leave of a word

# Collections of short fragments: all their files together make one document.
_COLLECTIONS = {"kdt.tagged.txt": "kdt", "kdt": "kdt", "sholpan": "sholpan"}
_SURFACE_LINE = re.compile(r'^"<(.*)>"\s*$')
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")
_KAZAKH_LETTER = re.compile("[әғқңөұүһі]")


def document_key(relative_path: Path) -> str:
    """The document a file belongs to: its collection, or its title (``Иран.tagged.txt`` → ``Иран``).

    Several files can hold one title (a tagged and a plain version, or two taggings).
    """
    return _COLLECTIONS.get(relative_path.parts[0], relative_path.name.split(".")[0])


def tagged_sentences(path: Path) -> list[str]:
    """Sentences of a Constraint-Grammar file: the ``"<surface>"`` lines, a blank line between sentences."""
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        surface = _SURFACE_LINE.match(line)
        if surface:
            words.append(surface.group(1))
        elif not line.strip() and words:
            sentences.append(" ".join(words))
            words = []
    return sentences


def plain_paragraphs(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_units(path: Path) -> list[str]:
    return plain_paragraphs(path) if path.name.endswith(".raw.txt") else tagged_sentences(path)


def text_files(source: Path) -> list[Path]:
    """Every text file of the corpus except the treebank, whose sentences repeat the other files."""
    return sorted(
        path
        for path in source.rglob("*.txt")
        if path.is_file() and path.relative_to(source).parts[0] != "puupankki"
    )


def kazakh_documents(source: Path = DEFAULT_SOURCE) -> dict[str, list[str]]:
    """Document name → its text units (paragraphs or sentences), each title counted once.

    A title with several versions keeps one: the plain text if there is one, else the
    longest tagging. A collection keeps the union of its fragments.
    """
    versions: dict[str, list[Path]] = {}
    for path in text_files(source):
        versions.setdefault(document_key(path.relative_to(source)), []).append(path)

    documents = {}
    for key, paths in versions.items():
        if key in _COLLECTIONS.values():
            units = [unit for path in paths for unit in read_units(path)]
        else:
            units = read_units(max(paths, key=_version_rank))
        documents[key] = list(dict.fromkeys(units))
    return documents


def _version_rank(path: Path) -> tuple[bool, int]:
    return path.name.endswith(".raw.txt"), sum(map(len, read_units(path)))


def split_documents(names, seed: int = SPLIT_SEED) -> tuple[list[str], list[str]]:
    """(training, held-out) document names: a seeded shuffle, the last quarter held out."""
    shuffled = sorted(names)
    random.Random(seed).shuffle(shuffled)
    cut = len(shuffled) - round(len(shuffled) * HELD_OUT_SHARE)
    return sorted(shuffled[:cut]), sorted(shuffled[cut:])


def build_profile(texts: list[str]) -> LangProfile:
    """A langdetect profile counted the way langdetect builds its own (1–3-gram counts, rare ones dropped)."""
    profile = LangProfile(name="kk")
    for text in texts:
        profile.update(text)
    profile.omit_less_freq()
    return profile


def profile_json(profile: LangProfile) -> str:
    data = {"freq": dict(profile.freq), "n_words": profile.n_words, "name": profile.name}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def unmarked_kazakh_words(texts: list[str]) -> Counter:
    """Lower-case Cyrillic words with no Kazakh-only letter, and how often each occurs."""
    words = (word for text in texts for word in _WORD.findall(normalise_text(text).lower()))
    return Counter(word for word in words if _CYRILLIC_WORD.fullmatch(word) and not _KAZAKH_LETTER.search(word))


def kazakh_markers(texts: list[str]) -> tuple[list[str], list[str]]:
    """(word forms, word endings) of the training text that Russian has neither of."""
    russian = pymorphy3.MorphAnalyzer()
    counts = unmarked_kazakh_words(texts)
    not_russian = Counter({word: n for word, n in counts.items() if not russian.word_is_known(word)})

    words = [word for word, n in not_russian.items() if n >= MIN_MARKER_COUNT and len(word) > 1]
    ending_counts = Counter()
    for word, n in not_russian.items():
        if len(word) >= ENDING_LETTERS + MIN_STEM_LETTERS:
            ending_counts[word[-ENDING_LETTERS:]] += n
    russian_endings = {parse.word[-ENDING_LETTERS:] for parse in russian.iter_known_word_parses()}
    endings = [ending for ending, n in ending_counts.items() if n >= MIN_MARKER_COUNT and ending not in russian_endings]
    return sorted(words), sorted(endings)


def markers_text(words: list[str], endings: list[str]) -> str:
    header = [
        "# Kazakh markers for indexer.langid: a Kazakh word form Russian lacks, one a line,",
        "# or, after '-', a word ending no Russian word has. Built by tools/build_kk_profile.py.",
        f"# {SOURCE_NOTE}",
    ]
    return "\n".join(header + words + [f"-{ending}" for ending in endings]) + "\n"


def provenance(training: list[str], held_out: list[str], profile: LangProfile, words, endings) -> str:
    return f"""# Language-identification data

- `kk`: a [langdetect](https://pypi.org/project/langdetect/) profile for Kazakh (langdetect's
  JSON format: `freq`, `n_words`, `name`), {len(profile.freq)} n-grams. The Russian and English
  profiles are langdetect's own.
- `kk-markers`: {len(words)} Kazakh word forms and {len(endings)} word endings (`-ялар`) that mark a
  word without a Kazakh-only letter as Kazakh: seen at least {MIN_MARKER_COUNT} times in the training
  text, and absent from pymorphy3's Russian dictionary (as words, or as endings of its words).

Source: the Kazakh texts of the apertium-kaz repository (`texts/`, commit 95c6dd0),
licensed **CC BY-SA 4.0**; so are these files, which are derived from them.
Built by `python tools/build_kk_profile.py` from {len(training)} training documents;
{len(held_out)} documents are held out for `bench/langid_eval.py` (split seed {SPLIT_SEED}).

Training documents: {", ".join(training)}

Held-out documents: {", ".join(held_out)}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    documents = kazakh_documents(args.source)
    training, held_out = split_documents(documents)
    training_texts = [unit for name in training for unit in documents[name]]
    profile = build_profile(training_texts)
    words, endings = kazakh_markers(training_texts)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "kk").write_text(profile_json(profile), encoding="utf-8")
    (args.out / "kk-markers").write_text(markers_text(words, endings), encoding="utf-8")
    (args.out / "README.md").write_text(provenance(training, held_out, profile, words, endings), encoding="utf-8")
    print(f"kk: {len(profile.freq)} n-grams; kk-markers: {len(words)} words, {len(endings)} endings; "
          f"from {len(training)} documents, held out: {', '.join(held_out)}")


if __name__ == "__main__":
    main()
