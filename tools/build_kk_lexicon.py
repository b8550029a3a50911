"""Build ``indexer/data/kk_lexicon.tsv`` from the hand-disambiguated Kazakh corpus.

Source: /work/shared/data/kk-tagged (texts of apertium-kaz, CC BY-SA 4.0).  The corpus is
split by document with a fixed seed; only the TRAIN part is read into the lexicon, the
held-out part is left for ``bench/kk_lemma_eval.py``.

    python tools/build_kk_lexicon.py [--corpus DIR] [--out FILE]
"""
from __future__ import annotations

import argparse
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "kk-tagged"
DEFAULT_OUT = REPO / "indexer" / "data" / "kk_lexicon.tsv"

SPLIT_SEED = 20240601
HELD_OUT_SHARE = 0.2

# Tags of tokens that carry no lemma worth checking.
NON_WORD_TAGS = {"sent", "cm", "lpar", "rpar", "guio", "apos", "quot", "lquot", "rquot", "percent"}
_HAS_LETTER = re.compile(r"[^\W\d_]")
_FORMAT_SUFFIXES = (".tagged.vislcg.txt", ".tagged.clean.txt", ".tagged.txt", ".parsed.txt", ".txt")


@dataclass(frozen=True)
class Token:
    """One disambiguated word: its surface form, the lemma of its first part and that part's tags."""

    form: str
    lemma: str
    tags: tuple[str, ...]

    @property
    def pos(self) -> str:
        return self.tags[0] if self.tags else ""

    @property
    def is_word(self) -> bool:
        return (
            bool(_HAS_LETTER.search(self.form))
            and not any(ch.isdigit() for ch in self.form)
            and self.pos not in NON_WORD_TAGS
        )


Sentence = tuple[Token, ...]


def document_key(path: Path) -> str:
    """Files holding the same text in several formats share a key, so they land in one split."""
    if "kdt" in path.parts or path.name.startswith("kdt."):
        return "kdt"
    name = path.name
    sholpan = re.match(r"_sholpan_(\d+)_", name)
    if sholpan:
        return f"sholpan_{sholpan.group(1)}"
    for suffix in _FORMAT_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def tagged_files(corpus: Path) -> list[Path]:
    """Constraint-Grammar files (the CoNLL-U treebank repeats their sentences and is skipped)."""
    return sorted(
        path
        for path in corpus.rglob("*.txt")
        if not path.name.endswith(".raw.txt") and path.name not in {"README.md", "MANIFEST", "LICENCE"}
    )


def _reading_head(line: str) -> tuple[str, tuple[str, ...]]:
    quoted_end = line.index('"', line.index('"') + 1)
    lemma = line[line.index('"') + 1 : quoted_end]
    tags = tuple(t for t in line[quoted_end + 1 :].split() if not t.startswith(("@", "#", "SELECT", "REMOVE", "MAP")))
    return lemma, tags


# The corpus splits an adjective in -лы or -сыз into its noun and a "лы"/"сыз" part
# (құзыретті = құзырет + лы); the project keeps the adjective whole.
DERIVATIONAL_PARTS = {"лы", "сыз"}


# The corpus lemmatises a verb in the cooperative or causative voice as its base verb
# (келісті: кел coop, асыратын: ас caus); the project keeps the voice in the lemma (келіс,
# асыр).  The voice suffix's spellings, longest first:
VOICE_SUFFIXES = {
    "coop": ("ыс", "іс", "с"),
    "caus": ("дыр", "дір", "тыр", "тір", "ғыз", "гіз", "қыз", "кіз", "ыр", "ір", "т"),
}


def _word_token(form: str, parts: list[tuple[str, tuple[str, ...]]]) -> Token:
    if any(lemma in DERIVATIONAL_PARTS for lemma, _ in parts[1:]):
        return Token(form, form.lower(), ("adj",))
    lemma, tags = parts[0]
    lemma = lemma.lower()
    for voice, suffixes in VOICE_SUFFIXES.items():
        if voice in tags:
            lemma = next((lemma + s for s in suffixes if fold(form).startswith(lemma + s)), lemma)
    return Token(form, lemma, tags)


def _block_tokens(form: str, readings: list[list[tuple[str, tuple[str, ...]]]]) -> list[Token]:
    """Tokens of one cohort, or none when it is unknown or still ambiguous in its lemma.

    A cohort ``"<басқа да>"`` whose reading has one part per word becomes one token per word.
    """
    if not readings or any(parts[0][0].startswith("*") for parts in readings):
        return []
    words = form.split(" ")
    if len(words) == 1:
        tokens = [_word_token(form, parts) for parts in readings]
        lemmas = {token.lemma for token in tokens}
        return tokens[:1] if len(lemmas) == 1 and " " not in tokens[0].lemma else []
    if len({parts[0][0].lower() for parts in readings}) != 1:
        return []
    parts = readings[0]
    if len(words) != len(parts):  # a copula clitic has no word of its own
        parts = [part for part in parts if part[1][:1] != ("cop",)]
    if len(words) != len(parts) or any(" " in lemma for lemma, _ in parts):
        return []
    return [Token(word, lemma.lower(), tags) for word, (lemma, tags) in zip(words, parts)]


def read_cg_file(path: Path) -> list[Sentence]:
    """Sentences of a Constraint-Grammar stream; a blank line or ``¶`` ends a sentence."""
    sentences: list[Sentence] = []
    current: list[Token] = []
    form: str | None = None
    readings: list[list[tuple[str, tuple[str, ...]]]] = []

    def close_cohort() -> None:
        if form is not None:
            current.extend(_block_tokens(form, readings))

    def close_sentence() -> None:
        if current:
            sentences.append(tuple(current))
            current.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('"<') and line.endswith('>"'):
            close_cohort()
            form, readings = line[2:-2], []
        elif line.startswith('\t"') and form is not None:
            readings.append([_reading_head(line)])
        elif line.startswith("\t\t") and line.lstrip("\t").startswith('"') and readings:
            readings[-1].append(_reading_head(line))
        elif not line.strip() or line.strip() == "¶":
            close_cohort()
            form, readings = None, []
            close_sentence()
    close_cohort()
    close_sentence()
    return sentences


def read_corpus(corpus: Path = DEFAULT_CORPUS) -> dict[str, list[Sentence]]:
    """Sentences by document key, each distinct sentence once (several files repeat texts)."""
    documents: dict[str, list[Sentence]] = defaultdict(list)
    seen: set[tuple[str, ...]] = set()
    for path in tagged_files(corpus):
        for sentence in read_cg_file(path):
            key = tuple(token.form.lower() for token in sentence)
            if key not in seen:
                seen.add(key)
                documents[document_key(path)].append(sentence)
    return dict(documents)


def split_documents(documents: dict[str, list[Sentence]]) -> tuple[list[str], list[str]]:
    """(train, held_out) document keys: shuffled with a fixed seed, ~20% of the words held out."""
    keys = sorted(documents)
    random.Random(SPLIT_SEED).shuffle(keys)
    total = sum(len(s) for doc in documents.values() for s in doc)
    held_out: list[str] = []
    held_words = 0
    for key in keys:
        if held_words >= HELD_OUT_SHARE * total:
            break
        held_out.append(key)
        held_words += sum(len(s) for s in documents[key])
    train = [key for key in keys if key not in held_out]
    return sorted(train), sorted(held_out)


def split_corpus(corpus: Path = DEFAULT_CORPUS, dev: bool = False) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held_out) sentences; with ``dev``, the train part split again the same way,
    for tuning without looking at the held-out documents."""
    documents = read_corpus(corpus)
    train_keys, held_keys = split_documents(documents)
    if dev:
        train_keys, held_keys = split_documents({key: documents[key] for key in train_keys})
    train = [s for key in train_keys for s in documents[key]]
    held_out = [s for key in held_keys for s in documents[key]]
    return train, held_out


# --- comparing lemmas ------------------------------------------------------------------

DEVOICED = {"б": "п", "ғ": "қ", "г": "к"}
VERB_TAGS = {"v", "vaux", "cop", "VERB", "AUX"}
AGENT_NOUN_ENDINGS = ("ушы", "уші")


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def lemmas_match(predicted: str, gold: Token) -> bool:
    """Whether the analyser's lemma is the corpus lemma, up to the project's convention.

    The corpus sometimes lemmatises a lexicalised verbal noun as a noun (``басқару`` n) and
    an agent noun as its verb (``атқарушы`` → ``атқар``); the project keys the first by the
    verb stem and keeps the second as a lemma of its own, so both spellings count.
    """
    expected = fold(gold.lemma)
    if predicted == expected:
        return True
    if gold.pos in VERB_TAGS and "gpr_pot" in gold.tags:
        return predicted.endswith(AGENT_NOUN_ENDINGS) and predicted[:-3] in (expected, expected[:-1])
    if expected.endswith("у") and gold.pos not in VERB_TAGS:
        return expected[:-1] == predicted or (predicted[-1:] in ("ы", "і") and expected[:-1] == predicted[:-1])
    return False


# --- building the lexicon ----------------------------------------------------------------

POS_ALIASES = {"VERB": "v", "AUX": "v", "vaux": "v", "cop": "v", "NOUN": "n", "PROPN": "np", "ADJ": "adj",
               "PRON": "prn", "ADV": "adv", "NUM": "num", "ADP": "post", "CONJ": "cnjcoo", "SCONJ": "cnjsub"}
_KAZAKH_WORD = re.compile(r"^[а-яәғқңөұүһі]+(?:-[а-яәғқңөұүһі]+)*$")


def lexicon_class(token: Token) -> str:
    """"v" for verbs, otherwise the corpus part of speech (all of them inflect as nominals)."""
    return POS_ALIASES.get(token.pos, token.pos)


def words(sentences: list[Sentence]):
    for sentence in sentences:
        for token in sentence:
            if token.is_word and _KAZAKH_WORD.match(fold(token.lemma)):
                yield token


MIN_VERBAL_NOUN = 6  # shorter nouns in -у are often plain nouns: тау, ауру, қырау


# Legal vocabulary the training texts under-represent, added by hand with this weight: the
# bare noun тарап "party" would otherwise read as the converb of тара "spread".
HAND_STEMS = {"тарап": "n"}
HAND_STEM_COUNT = 50
# A closed class the training texts show only in part: with every cardinal known, its
# ordinal reduces to it too (елу → елуінші), as the corpus lemmatises ordinals.
CARDINALS = (
    "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз", "он", "жиырма", "отыз", "қырық",
    "елу", "алпыс", "жетпіс", "сексен", "тоқсан", "жүз", "мың", "миллион", "миллиард",
)
# The corpus lexicalises a few nouns with the 3rd person possessive and -сыз (келісімінсіз adv);
# the project analyses them: келісім+і+нсіз.
_POSSESSIVE_PRIVATIVE = re.compile(r"(?:ы|і|сы|сі)нс[ыі]з$")


def count_stems(train: list[Sentence]) -> dict[str, dict[str, int]]:
    """lemma → {class: count}.

    A noun that is a verb's verbal noun (басқару) and a verb that is another's passive
    (сақтал) count for that verb: the project's convention, which the corpus follows mostly.
    A verb whose base the corpus never tags passive is a word of its own (қолдан "use", not
    қолда "support" + passive).
    """
    stems: dict[str, Counter] = defaultdict(Counter)
    passives: Counter = Counter()
    for token in words(train):
        if not _POSSESSIVE_PRIVATIVE.search(fold(token.lemma)):
            stems[fold(token.lemma)][lexicon_class(token)] += 1
        if "pass" in token.tags:
            passives[fold(token.lemma)] += 1
    for stem, pos in HAND_STEMS.items():
        stems[stem][pos] += HAND_STEM_COUNT
    for numeral in CARDINALS:
        stems[numeral]["num"] += 1
    for lemma in [l for l in stems if l.endswith("у")]:
        verbs = [v for v in (lemma[:-1], lemma[:-1] + "ы", lemma[:-1] + "і") if "v" in stems.get(v, ())]
        if not verbs and len(lemma) >= MIN_VERBAL_NOUN:
            verbs = [lemma[:-1]]  # тексеру: a verbal noun, though the verb itself is not in training
        nominal = stems[lemma].pop("n", 0)
        if verbs and nominal:
            stems[verbs[0]]["v"] += nominal
        elif nominal:
            stems[lemma]["n"] = nominal
    for lemma in [l for l in stems if "v" in stems[l]]:
        active = passive_base(lemma, stems)
        if active and passives[active]:
            stems[active]["v"] += stems[lemma].pop("v")
    return {lemma: dict(classes) for lemma, classes in stems.items() if classes}


def passive_base(verb: str, stems) -> str | None:
    """The known verb a corpus verb lemma is the passive of (сақтал → сақта, табыл → тап)."""
    bases = []
    if verb.endswith(("л", "н")):
        bases.append(verb[:-1])
    if verb.endswith(("ыл", "іл", "ын", "ін")) and len(verb) > 3:
        bases += [verb[:-2], verb[:-3] + DEVOICED.get(verb[-3], verb[-3])]
    return next((base for base in bases if len(base) >= 2 and "v" in stems.get(base, ())), None)


RARE_LEMMA = 10  # lemmas this rare in training stand in for the words the lexicon will not know


def project_lemma(token: Token, stems) -> tuple[str, bool] | None:
    """(lemma, is a verb) by the project's convention, as ``count_stems`` folded it; None for
    the corpus's agent nouns, whose project lemma (the whole noun) the token does not give."""
    lemma, pos = fold(token.lemma).split("-")[-1], lexicon_class(token)
    if "gpr_pot" in token.tags:
        return None
    if pos == "v":
        return (lemma, True) if "v" in stems.get(lemma, ()) else (passive_base(lemma, stems) or lemma, True)
    if lemma.endswith("у") and pos not in stems.get(lemma, ()):
        verbs = [v for v in (lemma[:-1], lemma[:-1] + "ы", lemma[:-1] + "і") if "v" in stems.get(v, ())]
        return (verbs[0] if verbs else lemma, bool(verbs))
    return lemma, False


def count_chains(train: list[Sentence], kk, lexicon) -> dict[str, tuple[int, int]]:
    """For each suffix chain: how many training words it was right for, and could split.

    A split counts for known stems when its stem is known; every split of a word of a rare
    lemma counts for unknown stems too.
    """
    stems = lexicon.stems
    right: Counter = Counter()
    possible: Counter = Counter()
    for token in words(train):
        target = project_lemma(token, stems)
        if target is None:
            continue
        rare = sum(stems.get(target[0], {}).values()) <= RARE_LEMMA
        possible_here, right_here = set(), set()  # a chain counts once a word, however many stems it allows
        for segmentation in kk.segmentations(fold(token.form).split("-")[-1], stems):
            known = bool(lexicon.stem_classes(segmentation))
            keys = (segmentation.chain_keys(True) if known else ()) + (segmentation.chain_keys(False) if rare else ())
            possible_here.update(keys)
            if (segmentation.stem, segmentation.category == kk.VERB) == target:
                right_here.update(keys)
        possible.update(possible_here)
        right.update(right_here)
    return {key: (right[key], count) for key, count in possible.items()}


def irregular_forms(train: list[Sentence], kk, lexicon) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Forms whose usual lemma (by the project's convention) the ranked rules miss (маған → мен)."""
    readings: dict[str, Counter] = defaultdict(Counter)
    for token in words(train):
        target = project_lemma(token, lexicon.stems)
        if target and not _POSSESSIVE_PRIVATIVE.search(target[0]):
            readings[fold(token.form)][(target[0], token.tags)] += 1
    forms = {}
    for form, counts in readings.items():
        (lemma, tags), count = counts.most_common(1)[0]
        if form in HAND_STEMS:
            continue  # the legal reading is the one the project wants
        if 2 * count > sum(counts.values()) and kk._analyse_form(form, lexicon)[0].lemma != lemma:
            forms[form] = (lemma, tags)
    return forms


def build(corpus: Path = DEFAULT_CORPUS, dev: bool = False):
    from indexer.morph import kk

    train, _ = split_corpus(corpus, dev)
    lexicon = kk.Lexicon(count_stems(train), {}, {})
    lexicon.chains = count_chains(train, kk, lexicon)
    lexicon.forms = irregular_forms(train, kk, lexicon)
    return lexicon


HEADER = """\
# Kazakh stem lexicon for indexer/morph/kk.py — generated by tools/build_kk_lexicon.py; do not edit.
# Derived from the hand-disambiguated Kazakh texts of apertium-kaz (texts/, commit 95c6dd0),
# licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this file is
# therefore CC BY-SA 4.0 too.  Only the training documents of a seeded document split
# (seed {seed}, {held:.0%} of the words held out) were read.
# Lines (tab-separated):
#   stem   <lemma> <class: v | n | adj | np | prn | ...> <count>
#   chain  [?]<N|V>:<suffix tags+...>[:<suffix spellings+...>] <times right> <times possible>
#   form   <form> <lemma> <corpus tags>   (forms the rules alone get wrong)
"""


def write(lexicon, out: Path) -> None:
    lines = [HEADER.format(seed=SPLIT_SEED, held=HELD_OUT_SHARE)]
    for stem in sorted(lexicon.stems):
        for pos, count in sorted(lexicon.stems[stem].items()):
            lines.append(f"stem\t{stem}\t{pos}\t{count}\n")
    for chain, (right, possible) in sorted(lexicon.chains.items()):
        lines.append(f"chain\t{chain}\t{right}\t{possible}\n")
    for form, (lemma, tags) in sorted(lexicon.forms.items()):
        lines.append(f"form\t{form}\t{lemma}\t{' '.join(tags)}\n")
    out.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    lexicon = build(args.corpus)
    write(lexicon, args.out)
    print(f"{args.out}: {len(lexicon.stems)} stems, {len(lexicon.chains)} chains, {len(lexicon.forms)} forms")


if __name__ == "__main__":
    main()
