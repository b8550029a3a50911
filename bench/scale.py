"""Zan on a generated library, side by side with recoll (Xapian) and tantivy: a table of figures.

Usage, from the repository, with Zan installed non-editable in the running Python:
    python bench/scale.py [--megabytes 20 100 200] [--processes 1 2] [--files 10000]
                          [--skip-peers] [--keep DIR] [--cache DIR] [--seed 0]
Setup, once:  pip install '.[bench]'                                      (tantivy, fpdf2)
              apt-get install -y recollcmd python3-recoll poppler-utils
(recoll's PDF filter needs pdftotext from poppler-utils; python3-recoll runs recoll's
warm queries in one process.)

The library (fixed seed, cached per size, file count and seed) is a folder per
language, ru/ kk/ en/, in the byte proportions of the bundled corpus; each file a new
act (its own title and number) of renumbered articles of the bundled instruments and
../shared/sources/extra, a third of them recombined from the parts of two articles; file
sizes vary (log-normal), 60 % TXT, 20 % HTML, 15 % DOCX, 5 % PDF. Its vocabulary grows
as Heaps' law V = K·n^β: β 0.6 kk, 0.55 ru, 0.5 en, K through the source articles' own
vocabulary. The new word forms replace words of the articles: first the forms of the
development texts in ../shared (Kazakh: the kk-tagged corpus; Russian: the extra acts and
the article; English: the article's abstract and references and the READMEs), then
inflections of their lemmas (Kazakh: an attested suffix chain on a lemma of the same
part of speech and vowel harmony; ru, en: simplemma's dictionary), then other dictionary
forms; each new form is reused as often again.

Measured per size: build time and MB/s per process with each --processes, peak memory
(PSS of the process tree, polled, or its largest process if larger) building and
searching, index size, warm latency p50/p95/p99 of the fixed queries (one searching
process per engine, a warm-up pass first), cold search wall time on the library and on
the bundled corpus, adding 1 new file and re-indexing after 1 changed file in the library.
The same files and the same queries go to each engine, each in its own syntax (see
``Query``). Not like for like: tantivy and recoll have stock analysers (no Kazakh
morphology, no cross-language concepts; recoll stems ru and en with Xapian's Snowball
stemmers, tantivy not at all); tantivy is given the text Zan's readers extract;
recoll returns files, not passages; tantivy does not notice a changed file (it is told).
"""
import argparse
import functools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ingest import articles, disk_size, renumber  # noqa: E402 — the ingestion bench's library pieces
from machine import speed_line  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KAZAKH_TAGGED = SHARED / "data" / "kk-tagged"
ARTICLE = SHARED / "sources" / "article" / "cybercrime-cooperation-2024.pdf.txt"
BUNDLED = ROOT / "corpus" / "texts"
LANGUAGES = ("ru", "kk", "en")
FORMATS = {"txt": 12, "html": 4, "docx": 3, "pdf": 1}
TITLES = {"ru": "Закон Республики Казахстан № {n}", "kk": "Қазақстан Республикасының № {n} Заңы",
          "en": "Act No {n}"}
HEAPS_BETA = {"kk": 0.6, "ru": 0.55, "en": 0.5}
RECOMBINED_SHARE = 1 / 3
MOST_REPLACED = 1 / 4  # of an article's words, by new forms and their reuses
FILE_SIZE_SIGMA = 1.0  # log-normal spread of the file sizes
GENERATOR_VERSION = 4  # part of the cache key: bump when the library changes
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SYSTEM_PYTHON = "/usr/bin/python3"  # where python3-recoll lives

WORD = re.compile(r"[^\W\d_]+")
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]")
SCRIPT = {"ru": re.compile("[а-яё]+"), "kk": re.compile("[а-яёәғқңөұүһі]+"), "en": re.compile("[a-z]+")}
BACK_VOWELS, FRONT_VOWELS = set("аоұы"), set("әеөүіи")

QUERY_MIX = {"word": 60, "phrase": 36, "cross-language": 30, "filter": 30, "wildcard": 24, "reference": 24,
             "boolean": 18}
COLD_RUNS = 20
RECOLL_SECONDS = 3600  # a watchdog only (recollindex's stall was this bench's: see ``measure``)
POLL_SECONDS = 0.05
GB = 1024
# Measured at 20 MB on the 2-core development machine shared with other work (load 5): 17 min.
ESTIMATE_SECONDS_PER_MB = {"generate": 1.0, "zan build": 3.5, "peer builds": 1.0, "searches and updates": 1.5}


# --- the vocabulary ------------------------------------------------------------------------

def development_words(lang: str) -> list[str]:
    """The distinct word forms of the development texts in ``lang``, in order of appearance."""
    if lang == "kk":
        texts = [surface for surface, _, _ in kazakh_tagged()]
    elif lang == "ru":
        texts = [path.read_text(encoding="utf-8") for path in sorted((SHARED / "sources" / "extra").glob("*.ru.md"))]
        texts.append(ARTICLE.read_text(encoding="utf-8"))
    else:
        texts = [ARTICLE.read_text(encoding="utf-8")]
        texts += [path.read_text(encoding="utf-8") for path in sorted(SHARED.rglob("README.md"))]
    words = (word for text in texts for word in WORD.findall(text.lower()))
    return list(dict.fromkeys(word for word in words if in_script(word, lang)))


def in_script(word: str, lang: str) -> bool:
    if not SCRIPT[lang].fullmatch(word) or len(word) < 3:
        return False
    return lang != "ru" or not KAZAKH_LETTERS.search(word)


@functools.cache
def kazakh_tagged() -> list[tuple[str, str, str]]:
    """(surface form, lemma, part of speech) of every token of the hand-tagged Kazakh texts."""
    constraint_grammar = re.compile(r'^"<(.+?)>"\n\s+"(.+?)" (\w+)', re.MULTILINE)
    apertium = re.compile(r"\^([^/$^]+)/([^<$/]+)<(\w+)>")
    found = []
    for path in sorted(KAZAKH_TAGGED.rglob("*tagged*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += constraint_grammar.findall(text) + apertium.findall(text)
    return [(surface.lower(), lemma.lower(), pos) for surface, lemma, pos in found]


def inflections(lang: str, words: list[str], rng: random.Random):
    """New forms beyond the development texts': inflections of their lemmas, then other forms."""
    if lang == "kk":
        yield from kazakh_inflections(rng)
        return
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    lemmas = {dictionary.get(word, word) for word in words}
    ours, others = [], []
    for form, lemma in dictionary.items():
        (ours if lemma in lemmas else others).append(form)
    rng.shuffle(others)
    yield from ours
    yield from others


def kazakh_inflections(rng: random.Random):
    """Attested suffix chains (most frequent first) on lemmas of the same part of speech and harmony."""
    lemmas, suffixes = {}, {}
    for surface, lemma, pos in kazakh_tagged():
        if surface.startswith(lemma) and len(surface) > len(lemma) and SCRIPT["kk"].fullmatch(surface):
            key = (pos, harmony(lemma))
            lemmas.setdefault(key, set()).add(lemma)
            suffixes.setdefault(key, Counter())[surface[len(lemma):]] += 1
    ranked = {key: [suffix for suffix, _ in suffixes[key].most_common()] for key in sorted(lemmas)}
    stems = {key: rng.sample(sorted(lemmas[key]), len(lemmas[key])) for key in ranked}
    for rank in range(max(map(len, ranked.values()))):
        for key, chain in ranked.items():
            if rank < len(chain):
                yield from (stem + chain[rank] for stem in stems[key])


def harmony(word: str) -> str:
    vowels = [letter for letter in word if letter in BACK_VOWELS | FRONT_VOWELS]
    return "front" if vowels and vowels[-1] in FRONT_VOWELS else "back"


class Vocabulary:
    """One language's word forms: the text's words are replaced by new forms so that the
    distinct forms seen after n words follow V = K·n^β."""

    def __init__(self, lang: str, sources: list[str], rng: random.Random):
        source_words = [word.lower() for text in sources for word in WORD.findall(text)]
        self.seen: set[str] = set()
        self.words = 0
        self.k = len(set(source_words)) / len(source_words) ** HEAPS_BETA[lang]
        self.beta, self.rng, self.introduced = HEAPS_BETA[lang], rng, []
        development = development_words(lang)
        self._new = (form for stream in (development, inflections(lang, development, rng)) for form in stream
                     if in_script(form, lang))

    def grow(self, text: str) -> str:
        """``text`` with as many new forms as the curve asks for after it, each reused once."""
        spans = [match.span() for match in WORD.finditer(text) if len(match.group()) >= 4]
        self.words += len(WORD.findall(text))
        unseen = set(WORD.findall(text.lower())) - self.seen
        due = max(0, round(self.k * self.words ** self.beta) - len(self.seen) - len(unseen))
        room = int(len(spans) * MOST_REPLACED)  # the first words of a library are all new anyway
        chosen = sorted(self.rng.sample(spans[1:], min(room, 2 * due)))  # spans[0]: the heading
        fresh = [self._next_new() for _ in range(min(due, len(chosen)))]
        reused = self.rng.choices(self.introduced, k=len(chosen) - len(fresh)) if self.introduced else fresh
        self.introduced += fresh
        pieces, last = [], 0
        for (start, end), form in zip(chosen, fresh + reused):
            word = text[start:end]
            pieces += [text[last:start], form.capitalize() if word[0].isupper() else form]
            last = end
        text = "".join(pieces) + text[last:]
        self.seen.update(WORD.findall(text.lower()))
        return text

    def _next_new(self) -> str:
        for form in self._new:
            if form not in self.seen:
                self.seen.add(form)
                return form
        raise SystemExit("the vocabulary ran out of new word forms")


# --- the library ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Library:
    folder: Path
    megabytes: float  # of text, as Zan's readers extract it
    files: int
    languages: dict
    formats: dict
    word_forms: int


def library(cache: Path, megabytes: float, files: int, seed: int) -> Library:
    """The generated library of that size, file count and seed: from the cache, or made now."""
    folder = cache / f"library-{megabytes:g}MB-{files}files-seed{seed}-v{GENERATOR_VERSION}"
    summary = folder.with_suffix(".json")
    if not summary.exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        made = generate(folder, megabytes, files, seed)
        print(f"generated {folder} in {time.perf_counter() - started:.0f} s", flush=True)
        summary.write_text(json.dumps({**asdict(made), "folder": str(folder)}), encoding="utf-8")
    values = json.loads(summary.read_text(encoding="utf-8"))
    return Library(**{**values, "folder": Path(values["folder"])})


def generate(folder: Path, megabytes: float, files: int, seed: int) -> Library:
    rng = random.Random(seed)
    pools = articles()
    vocabularies = {lang: Vocabulary(lang, pools[lang], random.Random(f"{seed}{lang}")) for lang in LANGUAGES}
    shares = bundled_proportions()
    sizes = [rng.lognormvariate(0, FILE_SIZE_SIGMA) for _ in range(files)]
    scale = megabytes * 2 ** 20 / sum(sizes)
    languages, formats, planned, written = Counter(), Counter(), 0.0, 0
    for lang in LANGUAGES:
        (folder / lang).mkdir(parents=True)
    for n, size in enumerate(sizes):
        lang = rng.choices(list(shares), list(shares.values()))[0]
        kind = rng.choices(list(FORMATS), list(FORMATS.values()))[0]
        if kind == "pdf" and not DEJAVU.exists():
            kind = "txt"  # fpdf2 writes Cyrillic only with a Unicode font
        planned += size * scale
        text = act(TITLES[lang].format(n=n + 1), pools[lang], vocabularies[lang], planned - written, rng)
        written += write(folder / lang / f"act-{n:05d}", kind, text)
        languages[lang] += 1
        formats[kind] += 1
    word_forms = sum(len(vocabulary.seen) for vocabulary in vocabularies.values())
    return Library(folder, written / 2 ** 20, files, dict(languages), dict(formats), word_forms)


def bundled_proportions() -> dict[str, float]:
    """Bytes of the bundled texts per language (the catalogue says each file's language)."""
    catalogue = tomllib.loads((ROOT / "corpus" / "catalogue.toml").read_text(encoding="utf-8"))
    sizes = Counter()
    for work in catalogue["work"]:
        for file in work.get("files", []):
            sizes[file["lang"]] += (BUNDLED / file["path"]).stat().st_size
    return {lang: sizes[lang] / sum(sizes.values()) for lang in LANGUAGES}


def act(title: str, pool: list[str], vocabulary: Vocabulary, size: float, rng: random.Random) -> str:
    """A new act of about ``size`` bytes (at least one article): its title, then renumbered articles."""
    parts = [title]
    while sum(len(part.encode("utf-8")) for part in parts) < size or len(parts) == 1:
        article = rng.choice(pool)
        if rng.random() < RECOMBINED_SHARE:
            article = recombined(article, rng.choice(pool), rng)
        parts.append(vocabulary.grow(renumber(article, len(parts))))
    return "\n\n".join(parts)


def recombined(first: str, second: str, rng: random.Random) -> str:
    """The heading of ``first`` with its parts and those of ``second``, about half of each."""
    heading, *parts = [line for line in first.split("\n") if line.strip()]
    others = [line for line in second.split("\n")[1:] if line.strip()]
    mixed = [part for part in parts + others if rng.random() < 0.5]
    return "\n".join([heading, *(mixed or parts)])


def write(stem: Path, kind: str, text: str) -> int:
    if kind == "html":
        body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
        stem.with_suffix(".html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    elif kind == "docx":
        import docx
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        document.save(stem.with_suffix(".docx"))
    elif kind == "pdf":
        from fpdf import FPDF
        pdf = FPDF()
        pdf.add_font("dejavu", fname=str(DEJAVU))
        pdf.set_font("dejavu", size=10)
        pdf.add_page()
        pdf.multi_cell(0, 5, text)
        pdf.output(str(stem.with_suffix(".pdf")))
    else:
        stem.with_suffix(".txt").write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


# --- the queries ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    """One query in each engine's syntax. Zan's is as a user types it. Words, "phrases" and
    ``a OR b`` are the same text everywhere; a cross-language term too (only Zan finds its
    translations), with tantivy's words joined by AND (its parser ORs them, recoll's and
    Zan's AND them). A filter ``lang:ru`` is ``AND lang:ru`` on tantivy's field of the
    file's language folder and ``dir:ru`` for recoll; ``prefix*`` is a regex query
    ``prefix.*`` in tantivy (its parser has no wildcards). A reference becomes the phrase
    of the heading it names (``ст. 12`` → "статья 12", ``12-бап`` → "12 бап",
    ``Art. 12`` → "article 12")."""

    kind: str
    zan: str
    tantivy: str
    recoll: str


def queries(seed: int = 1) -> list[Query]:
    """A fixed set drawn from the source articles and the thesaurus, the same at every size."""
    rng = random.Random(seed)
    pools = articles()
    words = {lang: frequent_words(pools[lang], lang, rng) for lang in LANGUAGES}
    phrases = {lang: frequent_phrases(pools[lang], lang, rng) for lang in LANGUAGES}
    per_lang = {kind: count // len(LANGUAGES) for kind, count in QUERY_MIX.items()}
    made = []
    for n, lang in enumerate(LANGUAGES):
        made += [same_everywhere("word", word) for word in words[lang][:per_lang["word"]]]
        made += [same_everywhere("phrase", f'"{phrase}"') for phrase in phrases[lang][:per_lang["phrase"]]]
        made += [Query("filter", f"{word} lang:{lang}", f"{word} AND lang:{lang}", f"{word} dir:{lang}")
                 for word in words[lang][-per_lang["filter"]:]]
        made += [same_everywhere("wildcard", word[:5] + "*") for word in words[lang][100:100 + per_lang["wildcard"]]]
        made += [reference(lang, rng.randint(1, 30)) for _ in range(per_lang["reference"])]
        other = words[LANGUAGES[(n + 1) % len(LANGUAGES)]]
        made += [same_everywhere("boolean", f"{a} OR {b}")
                 for a, b in zip(words[lang][200:200 + per_lang["boolean"]], other[220:])]
    made += [Query("cross-language", term, " AND ".join(term.split()), term)
             for term in thesaurus_terms(rng)[:QUERY_MIX["cross-language"]]]
    return made


def same_everywhere(kind: str, text: str) -> Query:
    return Query(kind, text, text, text)


def reference(lang: str, number: int) -> Query:
    typed, heading = {"ru": (f"ст. {number}", f"статья {number}"), "kk": (f"{number}-бап", f"{number} бап"),
                      "en": (f"Art. {number}", f"article {number}")}[lang]
    return Query("reference", typed, f'"{heading}"', f'"{heading}"')


def frequent_words(texts: list[str], lang: str, rng: random.Random) -> list[str]:
    """Words of at least 6 letters seen 3 times or more, not stopwords, shuffled."""
    counts = Counter(word for text in texts for word in WORD.findall(text.lower()) if len(word) >= 6)
    common = sorted(word for word, count in counts.items() if count >= 3 and not stopword(word, lang))
    return rng.sample(common, len(common))


def frequent_phrases(texts: list[str], lang: str, rng: random.Random) -> list[str]:
    """Pairs of adjacent words of at least 5 letters seen twice or more, shuffled."""
    pairs = Counter()
    for text in texts:
        for line in text.lower().splitlines():
            line_words = WORD.findall(line)
            pairs.update(f"{a} {b}" for a, b in zip(line_words, line_words[1:]) if min(len(a), len(b)) >= 5)
    common = sorted(pair for pair, count in pairs.items() if count >= 2 and not stopword(pair, lang))
    return rng.sample(common, len(common))


def stopword(text: str, lang: str) -> bool:
    """Whether Zan's analysis finds only stopwords in ``text`` (a query of them is refused)."""
    import indexer

    return all(token.stop for token in indexer.analyze(text, lang))


def thesaurus_terms(rng: random.Random) -> list[str]:
    """Terms of concepts named in more than one language, alternating languages."""
    from indexer import thesaurus

    by_lang = {lang: [] for lang in LANGUAGES}
    for concept in thesaurus.load():
        if len({term.lang for term in concept.terms}) > 1:
            for term in concept.terms:
                if WORD.fullmatch(term.text.replace(" ", "")) and term.text.count(" ") < 3:
                    by_lang[term.lang].append(term.text)
    shuffled = [rng.sample(terms, len(terms)) for terms in by_lang.values()]
    return [term for group in zip(*shuffled) for term in group]


# --- measuring -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    output: str


def measure(command: list[str], env=None, limit: float | None = None, succeeded=(0,)) -> Measured:
    """Wall time, peak memory and standard output of a command that exits with one of the
    codes ``succeeded``; output goes to files, not pipes (a pipe nobody reads fills up and
    blocks the writer: that was recollindex's stall)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        peak, done = [0.0, 0.0], threading.Event()
        poller = threading.Thread(target=poll_memory, args=(process.pid, peak, done))
        poller.start()
        watchdog = threading.Timer(limit, process.kill) if limit else None
        if watchdog:
            watchdog.start()
        _, status, _ = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        done.set()
        poller.join()
        if watchdog:
            watchdog.cancel()
        out.seek(0), err.seek(0)
        if code not in succeeded:
            raise SystemExit(f"{' '.join(command[:4])} failed ({code}): {err.read().decode()[-800:]}")
        return Measured(seconds, max(peak), out.read().decode())


def poll_memory(pid: int, peak: list[float], done: threading.Event) -> None:
    """Peak PSS of the process tree (polled), and the largest RSS high-water mark of one of
    its processes (which a poll cannot miss). Not getrusage's ru_maxrss: it counts the
    forked copy of this process before exec."""
    while not done.wait(POLL_SECONDS):
        tree = [memory_mb(process) for process in process_tree(pid)]
        peak[0] = max(peak[0], sum(pss for pss, _ in tree))
        peak[1] = max([peak[1], *(high for _, high in tree)])


def process_tree(pid: int) -> list[int]:
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").glob("*/children"))
        except OSError:  # it has just ended
            continue
        for task in tasks:
            try:
                queue += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return tree


def memory_mb(pid: int) -> tuple[float, float]:
    """PSS and RSS high-water mark of a process, in MB (0 when it is gone)."""
    try:
        pss = re.search(r"^Pss:\s+(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.MULTILINE)
        high = re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE)
    except OSError:
        return 0.0, 0.0
    return (int(pss.group(1)) / 1024 if pss else 0.0), (int(high.group(1)) / 1024 if high else 0.0)


def percentiles(milliseconds: list[float]) -> dict[str, float]:
    ordered = sorted(milliseconds)
    pick = lambda share: ordered[min(len(ordered) - 1, int(share * len(ordered)))]  # noqa: E731
    return {"warm p50 ms": pick(0.50), "warm p95 ms": pick(0.95), "warm p99 ms": pick(0.99)}


def cold(commands: list[list[str]], env=None) -> float:
    """Median wall time in ms of the commands, run one after the other; exit code 1 is
    "nothing found" (zan, as grep)."""
    return statistics.median(measure(command, env, succeeded=(0, 1)).seconds for command in commands) * 1000


def worker(*args: str, python: str = sys.executable) -> list[str]:
    return [python, str(Path(__file__).resolve()), "worker", *args]


# --- the searching and indexing processes (``scale.py worker NAME ...``) ---------------------

def search_all(run_one, query_set: list[dict], only: str | None) -> None:
    """Time each query (after a warm-up pass), or only query ``only`` once, cold; print JSON."""
    if only is not None:
        run_one(query_set[int(only)])
        return
    for query in query_set:
        run_one(query)
    timings, found = [], 0
    for query in query_set:
        started = time.perf_counter()
        found += run_one(query) > 0
        timings.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"ms": timings, "found": found}))


def zan_search_worker(index: str, query_file: str, only: str | None = None) -> None:
    import indexer

    opened = indexer.open_index(Path(index))

    def run_one(query: dict) -> int:
        return opened.search(query["zan"], limit=10).total

    search_all(run_one, json.loads(Path(query_file).read_text(encoding="utf-8")), only)


def tantivy_search_worker(index: str, query_file: str, only: str | None = None) -> None:
    import tantivy

    opened = tantivy.Index.open(index)
    searcher = opened.searcher()

    def run_one(query: dict) -> int:
        text = query["tantivy"]
        if text.endswith("*") and " " not in text:
            parsed = tantivy.Query.regex_query(opened.schema, "body", re.escape(text[:-1].lower()) + ".*")
        else:
            parsed = opened.parse_query(text, ["body"])
        return searcher.search(parsed, 10).count

    search_all(run_one, json.loads(Path(query_file).read_text(encoding="utf-8")), only)


def recoll_search_worker(config: str, query_file: str, only: str | None = None) -> None:
    from recoll import recoll

    database = recoll.connect(confdir=config)

    def run_one(query: dict) -> int:
        found = database.query()
        count = found.execute(query["recoll"])
        found.fetchmany(10)
        return count

    search_all(run_one, json.loads(Path(query_file).read_text(encoding="utf-8")), only)


def tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body")
    builder.add_text_field("lang", tokenizer_name="raw")
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    return builder.build()


def extracted(path: Path) -> dict | None:
    from indexer import errors, readers

    try:
        return {"body": readers.read(path).text, "lang": path.parent.name, "path": str(path)}
    except errors.ZanError:
        return None


def tantivy_build_worker(folder: str, index: str, processes: str) -> None:
    """Zan's readers extract the text (in ``processes`` processes), tantivy indexes it."""
    import multiprocessing

    import tantivy

    opened = tantivy.Index(tantivy_schema(), path=index)
    writer = opened.writer(heap_size=200_000_000, num_threads=int(processes))
    files = sorted(path for path in Path(folder).rglob("*") if path.is_file())
    unread = 0
    with multiprocessing.Pool(int(processes)) as pool:
        for fields in pool.imap(extracted, files, chunksize=8):
            if fields:
                writer.add_document(tantivy.Document(**fields))
            unread += fields is None
    writer.commit()
    writer.wait_merging_threads()
    print(unread)


def tantivy_add_worker(index: str, file: str) -> None:
    """Add (or, when it is there, replace) one file's document."""
    import tantivy

    opened = tantivy.Index.open(index)
    writer = opened.writer(heap_size=50_000_000, num_threads=1)
    writer.delete_documents("path", file)
    writer.add_document(tantivy.Document(**extracted(Path(file))))
    writer.commit()
    writer.wait_merging_threads()


WORKERS = {"zan-search": zan_search_worker, "tantivy-search": tantivy_search_worker,
           "recoll-search": recoll_search_worker, "tantivy-build": tantivy_build_worker,
           "tantivy-add": tantivy_add_worker}


# --- the engines ---------------------------------------------------------------------------

class Zan:
    """``zan`` of this Python's environment, in subprocesses; its index holds the bundled
    corpus too (``bundled_bytes``, left out of "index ÷ text")."""

    name = "zan"

    def __init__(self, work: Path):
        self.command = str(Path(sys.executable).with_name("zan"))
        self.work = work

    def build(self, folder: Path, processes: int) -> Measured:
        self.index = self.work / f"zan-{processes}"
        measure([self.command, "index", "--index", str(self.index)])  # the bundled corpus, not timed
        self.bundled_bytes = disk_size(self.index)
        built = measure([self.command, "add", str(folder), "--index", str(self.index), "--processes", str(processes),
                         "--json"])
        self.unread = len(json.loads(built.output)["failed"])
        return built

    def search(self, query_file: Path) -> Measured:
        return measure(worker("zan-search", str(self.index), str(query_file)))

    def cold(self, query_set: list[Query], query_file: Path) -> float:
        return cold([[self.command, "search", query.zan, "--index", str(self.index)] for query in query_set])

    def cold_bundled(self) -> float:
        """``zan search`` of the default index (``ZAN_INDEX``, private) on the bundled corpus."""
        from search_bench import CORPUS_FORMS

        env = {**os.environ, "ZAN_INDEX": str(self.work / "zan-bundled"), "NO_COLOR": "1"}
        measure([self.command, "index"], env)
        return cold([[self.command, "search", CORPUS_FORMS[n % len(CORPUS_FORMS)]] for n in range(COLD_RUNS)], env)

    def add(self, file: Path) -> Measured:
        return measure([self.command, "add", str(file), "--index", str(self.index)])

    def reindex(self, file: Path) -> Measured:
        return measure([self.command, "reindex", "--index", str(self.index)])


class Tantivy:
    name = "tantivy"
    bundled_bytes = 0

    def __init__(self, work: Path):
        self.work = work

    def build(self, folder: Path, processes: int) -> Measured:
        self.index = self.work / f"tantivy-{processes}"
        self.index.mkdir()
        built = measure(worker("tantivy-build", str(folder), str(self.index), str(processes)))
        self.unread = int(built.output)
        return built

    def search(self, query_file: Path) -> Measured:
        return measure(worker("tantivy-search", str(self.index), str(query_file)))

    def cold(self, query_set: list[Query], query_file: Path) -> float:
        return cold([worker("tantivy-search", str(self.index), str(query_file), str(n))
                     for n in range(len(query_set))])

    def cold_bundled(self) -> float:
        bundled = Tantivy(self.work / "tantivy-bundled")
        bundled.work.mkdir()
        bundled.build(BUNDLED, 1)
        query_file = write_queries(self.work / "bundled-queries.json", bundled_queries())
        return bundled.cold(bundled_queries(), query_file)

    def add(self, file: Path) -> Measured:
        return measure(worker("tantivy-add", str(self.index), str(file)))

    reindex = add  # told which file changed: tantivy keeps no record of files


class Recoll:
    name = "recoll"
    bundled_bytes = 0

    def __init__(self, work: Path):
        self.work = work

    def build(self, folder: Path, processes: int) -> Measured:
        self.config = self.work / f"recoll-{processes}"
        self.config.mkdir()
        self.index = self.config / "xapiandb"
        threads = (f"thrQSizes = 2 2 2\nthrTCounts = {processes} {processes} 1" if processes > 1
                   else "thrQSizes = -1 -1 -1")  # -1: no thread for that stage
        (self.config / "recoll.conf").write_text(
            f"topdirs = {folder}\nindexstemminglanguages = russian english\nnoaspell = 1\n{threads}\n"
            f"loglevel = 2\nlogfilename = {self.config / 'index.log'}\n", encoding="utf-8")
        built = measure(["recollindex", "-c", str(self.config)], limit=RECOLL_SECONDS)
        status = (self.config / "idxstatus.txt").read_text(encoding="utf-8")
        self.unread = int(re.search(r"fileerrors = (\d+)", status).group(1))
        return built

    def search(self, query_file: Path) -> Measured:
        return measure(worker("recoll-search", str(self.config), str(query_file), python=SYSTEM_PYTHON))

    def cold(self, query_set: list[Query], query_file: Path) -> float:
        return cold([["recollq", "-c", str(self.config), "-n", "10", "-q", query.recoll] for query in query_set])

    def cold_bundled(self) -> float:
        bundled = Recoll(self.work / "recoll-bundled")
        bundled.work.mkdir()
        bundled.build(BUNDLED, 1)
        return bundled.cold(bundled_queries(), Path())

    def add(self, file: Path) -> Measured:
        return measure(["recollindex", "-c", str(self.config), "-i", str(file)])

    def reindex(self, file: Path) -> Measured:
        return measure(["recollindex", "-c", str(self.config)])


def bundled_queries() -> list[Query]:
    from search_bench import CORPUS_FORMS

    return [same_everywhere("word", CORPUS_FORMS[n % len(CORPUS_FORMS)]) for n in range(COLD_RUNS)]


def write_queries(path: Path, query_set: list[Query]) -> Path:
    path.write_text(json.dumps([asdict(query) for query in query_set], ensure_ascii=False), encoding="utf-8")
    return path


def missing_peers() -> dict[str, str]:
    """The peers that cannot run here, with the setup step they need."""
    missing = {}
    try:
        import tantivy  # noqa: F401
    except ImportError:
        missing["tantivy"] = "pip install '.[bench]'"
    if not shutil.which("recollindex"):
        missing["recoll"] = "apt-get install -y recollcmd python3-recoll poppler-utils"
    elif subprocess.run([SYSTEM_PYTHON, "-c", "import recoll.recoll"], capture_output=True).returncode:
        missing["recoll"] = "apt-get install -y python3-recoll"
    return missing


# --- one library, all engines --------------------------------------------------------------

def figures(engine, made: Library, query_set: list[Query], query_file: Path, processes: list[int]) -> dict:
    """Every figure of one engine on one library."""
    found = {}
    for count in processes:
        built = engine.build(made.folder, count)
        found[f"build s, {count} proc."] = built.seconds
        found[f"MB/s per proc., {count} proc."] = made.megabytes / built.seconds / count
        found[f"build peak MB, {count} proc."] = built.peak_mb
    found["index MB"] = disk_size(engine.index) / 2 ** 20
    found["index ÷ text"] = (disk_size(engine.index) - engine.bundled_bytes) / 2 ** 20 / made.megabytes
    searched = engine.search(query_file)
    timings = json.loads(searched.output)
    found.update(percentiles(timings["ms"]))
    for kind in QUERY_MIX:
        of_kind = [ms for ms, query in zip(timings["ms"], query_set) if query.kind == kind]
        found[f"  p95 ms, {kind}"] = percentiles(of_kind)["warm p95 ms"]
    found["search peak MB"] = searched.peak_mb
    found["queries with hits"] = timings["found"]
    cold_set = [query for query in query_set if query.kind == "word"][:COLD_RUNS]
    found["cold search ms, library"] = engine.cold(cold_set, write_queries(query_file.with_name("cold.json"), cold_set))
    found["cold search ms, bundled"] = engine.cold_bundled()
    return found


def updates(engines: list, made: Library, found: dict) -> None:
    """Add 1 new file, then re-index after 1 changed file, in every engine; the library is
    left as it was (it is cached)."""
    new = made.folder / "ru" / "act-new.txt"
    changed = sorted((made.folder / "ru").glob("act-*.txt"))[0]
    original = changed.read_bytes()
    new.write_text(TITLES["ru"].format(n=0) + "\n\n" + renumber(articles()["ru"][0], 1), encoding="utf-8")
    try:
        for engine in engines:
            found[engine.name]["add 1 file s"] = engine.add(new).seconds
        changed.write_bytes(original + "\n\nСтатья 999. Изменение\n1. Новая норма.\n".encode())
        for engine in engines:
            found[engine.name]["reindex 1 changed s"] = engine.reindex(changed).seconds
    finally:
        new.unlink(missing_ok=True)
        changed.write_bytes(original)


def at_most(limit: float) -> tuple:
    return f"≤ {limit:.0f}", lambda value: value <= limit


def goals(megabytes: float, processes: list[int]) -> dict:
    """The issue's goals for 200 MB on 2 cores (the build time pro rata to the size), as (text, test)."""
    found = {"build s, 2 proc.": at_most(300 * megabytes / 200), "index ÷ text": ("≤ 1.5", lambda v: v <= 1.5),
             "warm p95 ms": at_most(50), "search peak MB": at_most(GB), "add 1 file s": at_most(2),
             "reindex 1 changed s": at_most(2), "cold search ms, bundled": at_most(60)}
    for count in processes:
        found[f"MB/s per proc., {count} proc."] = ("≥ 0.7", lambda value: value >= 0.7)  # per core
        found[f"build peak MB, {count} proc."] = at_most(GB)
    return found


def table(found: dict[str, dict], megabytes: float, processes: list[int]) -> str:
    names = list(found)
    targets = goals(megabytes, processes)
    header = f"{'':28}" + "".join(f"{name:>11}" for name in names)
    header += "".join(f"{'zan÷' + name:>13}" for name in names[1:]) + f"{'goal':>9}  met"
    rows = [header]
    for metric, value in found["zan"].items():
        cells = "".join(f"{number(found[name].get(metric)):>11}" for name in names)
        for name in names[1:]:
            other = found[name].get(metric)
            cells += f"{f'{value / other:.2f}×' if other else '—':>13}"
        goal, test = targets.get(metric, ("", None))
        cells += f"{goal:>9}  {('yes' if test(value) else 'NO') if test else ''}"
        rows.append(f"{metric:28}{cells}")
    return "\n".join(rows)


def number(value) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def estimate_minutes(sizes: list[float], processes: list[int], peers: bool) -> float:
    rates = ESTIMATE_SECONDS_PER_MB
    builds = (rates["zan build"] + rates["peer builds"] * peers) * len(processes)
    return sum(sizes) * (rates["generate"] + builds + rates["searches and updates"]) / 60


def run_size(megabytes: float, args, query_set: list[Query], peers: list) -> None:
    made = library(args.cache, megabytes, args.files, args.seed)
    shares = ", ".join(f"{lang} {made.languages.get(lang, 0)}" for lang in LANGUAGES)
    kinds = ", ".join(f"{made.formats.get(kind, 0)} {kind.upper()}" for kind in FORMATS)
    print(f"\n{megabytes:g} MB library: {made.files} files ({shares}; {kinds}), {made.megabytes:.1f} MB of "
          f"text, {made.word_forms:,} distinct word forms; {len(query_set)} queries", flush=True)
    work = (args.keep / f"{megabytes:g}MB") if args.keep else Path(tempfile.mkdtemp(prefix="zan-scale-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        query_file = write_queries(work / "queries.json", query_set)
        engines = [engine(work) for engine in [Zan, *peers]]
        found = {}
        for engine in engines:
            found[engine.name] = figures(engine, made, query_set, query_file, args.processes)
            print(f"  {engine.name} measured", flush=True)
        updates(engines, made, found)
        print(table(found, megabytes, args.processes))
        print("files not read: " + ", ".join(f"{engine.name} {engine.unread}" for engine in engines))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    if sys.argv[1:2] == ["worker"]:
        WORKERS[sys.argv[2]](*sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[20])
    parser.add_argument("--files", type=int, default=10_000, help="files per library (default 10,000)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-peers", action="store_true", help="measure Zan only")
    parser.add_argument("--keep", type=Path, help="keep the indexes here (one folder per size)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "zan-scale-libraries",
                        help="where the generated libraries are kept between runs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} (the development texts the library is made of) is absent")
        return
    if not Path(sys.executable).with_name("zan").exists():
        raise SystemExit("install Zan into this Python first: pip install '.[bench]'")
    missing = {} if args.skip_peers else missing_peers()
    for name, setup in missing.items():
        print(f"{name} not measured: it needs {setup}")
    peers = [] if args.skip_peers else [peer for peer in (Tantivy, Recoll) if peer.name not in missing]
    args.cache.mkdir(parents=True, exist_ok=True)
    print(speed_line())
    print(f"estimated time: {estimate_minutes(args.megabytes, args.processes, bool(peers)):.0f} min "
          "on the quiet 2-core development machine (more when it is loaded)",
          flush=True)
    query_set = queries()
    print("queries: " + ", ".join(f"{count} {kind}" for kind, count in Counter(q.kind for q in query_set).items()))
    for megabytes in args.megabytes:
        run_size(megabytes, args, query_set, peers)


if __name__ == "__main__":
    main()
