"""Zan on a generated library, side by side with tantivy and recoll: a table of figures.

Usage: python bench/scale.py [--megabytes 20] [--files 1000] [--processes 1] [--keep DIR]
Setup, once: pip install '.[bench]'   (tantivy, fpdf2)   and   apt-get install recollcmd

The library (fixed seed) is made of acts in one language each — renumbered articles of
the bundled instruments and of ../shared/sources/extra — with sentences of the Kazakh
development texts (../shared/data/kk-tagged) mixed in, so that the vocabulary grows with
the size; 60 % TXT, 20 % HTML, 15 % DOCX, 5 % PDF. The same files and queries go to each
engine. Not like for like: tantivy and recoll have stock analysers (no Kazakh or Russian
morphology, no cross-language concepts); tantivy is given the text Zan's readers
extract (it reads no DOCX or PDF itself); recoll returns files, not passages, and every
recollq is a process of its own, so its "warm" figures are cold ones.
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import signal
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ingest import articles, disk_size  # noqa: E402 — the ingestion bench's library pieces

ROOT = Path(__file__).resolve().parents[1]
KAZAKH_TEXTS = ROOT.parent / "shared" / "data" / "kk-tagged" / "texts2"
FORMATS = ["txt"] * 12 + ["html"] * 4 + ["docx"] * 3 + ["pdf"]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


# --- the library ---------------------------------------------------------------------------

def generate(folder: Path, megabytes: float, files: int, seed: int = 0) -> int:
    by_language = articles()
    languages = sorted(lang for lang in by_language if by_language[lang])
    weights = [len(by_language[lang]) for lang in languages]
    new_words = _development_sentences()
    rng = random.Random(seed)
    per_file, written = int(megabytes * 1024 * 1024 / files), 0
    for n in range(files):
        lang = rng.choices(languages, weights)[0]
        parts, size = [], 0
        while size < per_file:
            article = rng.choice(by_language[lang])
            number = len(parts) + 1
            article = re.sub(r"^(Статья\s+|Article\s+)?\d+", lambda m: f"{m.group(1) or ''}{number}", article, count=1)
            if lang == "kk" and new_words:
                article += "\n" + " ".join(rng.sample(new_words, 3))
            parts.append(article)
            size += len(article.encode("utf-8"))
        written += _write(folder / f"act-{n:05d}", rng.choice(FORMATS), parts)
    return written


def _development_sentences() -> list[str]:
    if not KAZAKH_TEXTS.is_dir():
        return []
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(KAZAKH_TEXTS.glob("*.raw.txt")))
    return [sentence for sentence in re.split(r"(?<=[.!?])\s+", text) if 20 < len(sentence) < 300]


def _write(stem: Path, kind: str, parts: list[str]) -> int:
    text = "\n\n".join(parts)
    if kind == "html":
        body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
        stem.with_suffix(".html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    elif kind == "docx":
        import docx
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        document.save(stem.with_suffix(".docx"))
    elif kind == "pdf" and _fpdf_ready():
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


def _fpdf_ready() -> bool:
    try:
        import fpdf  # noqa: F401
    except ImportError:
        return False
    return DEJAVU.exists()


def queries(count: int, seed: int = 1) -> list[str]:
    """Single words, phrases, cross-language terms, filters, wildcards and references."""
    from indexer import thesaurus

    rng = random.Random(seed)
    terms = [term.text for concept in thesaurus.load() for term in concept.terms if len(term.text) < 40]
    fixed = ["ст. 205", "Art. 24", "205-бап", "информ*", "мемлекет*", "доступ lang:ru", "data lang:en",
             '"неправомерный доступ"', '"computer system"', "штраф OR айыппұл", "extradition /s nationality"]
    chosen = fixed + rng.sample(terms, min(len(terms), count - len(fixed)))
    return chosen[:count]


def words_only(query: str) -> str:
    """A query for engines without Zan's syntax: its words."""
    return " ".join(re.findall(r"[^\W\d_]{2,}", query.replace("lang:", " ")))


# --- measuring -----------------------------------------------------------------------------

RECOLL_SECONDS = 300  # recollindex has been seen to stall on a generated library: give up then


def run(command: list[str], env=None, limit: float | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a command (killed after ``limit`` seconds)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    watchdog = threading.Timer(limit, process.kill) if limit is not None else None
    if watchdog:
        watchdog.start()
    _, status, usage = os.wait4(process.pid, 0)
    if watchdog:
        watchdog.cancel()
        if os.waitstatus_to_exitcode(status) == -signal.SIGKILL:
            raise TimeoutError(f"{command[0]} did not finish in {limit:g} s")
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command[:3])} failed: {process.stderr.read().decode()[-500:]}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    ordered = sorted(seconds)
    pick = lambda share: ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def zan_figures(library: Path, work: Path, query_set: list[str], processes: int, megabytes: float) -> dict:
    import indexer

    index, zan = work / "zan-index", [sys.executable, "-m", "search_cli.main"]
    run([*zan, "index", "--index", str(index)])
    build, build_rss = run([*zan, "add", str(library), "--index", str(index), "--processes", str(processes)])
    opened = indexer.open_index(index)
    warm = []
    for query in query_set:
        started = time.perf_counter()
        try:
            opened.search(query, limit=10)
        except indexer.ZanError:
            pass
        warm.append(time.perf_counter() - started)
    cold = [run([*zan, "search", query_set[n % 5], "--index", str(index)])[0] for n in range(10)]
    one = library / "zz-new.txt"
    one.write_text("Статья 1. Новый закон\n1. Новая норма о пасеке.\n", encoding="utf-8")
    add_one = run([*zan, "add", str(one), "--index", str(index)])[0]
    changed = sorted(library.glob("act-*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nСтатья 999. Изменение\n", encoding="utf-8")
    reindex = run([*zan, "reindex", "--index", str(index)])[0]
    return {"build s": build, "MB/s": megabytes / build, "index MB": disk_size(index) / 2 ** 20,
            "build RSS MB": build_rss, "warm p50/p95/p99 ms": percentiles(warm),
            "cold search ms": statistics.median(cold) * 1000, "add 1 file s": add_one, "reindex 1 s": reindex}


def tantivy_figures(library: Path, work: Path, query_set: list[str], processes: int, megabytes: float) -> dict:
    try:
        import tantivy
    except ImportError:
        return {}
    from indexer import errors, readers

    started = time.perf_counter()
    schema_builder = tantivy.SchemaBuilder()
    schema_builder.add_text_field("body", stored=False)
    schema_builder.add_text_field("path", stored=True)
    path = work / "tantivy"
    path.mkdir()
    index = tantivy.Index(schema_builder.build(), path=str(path))
    writer = index.writer(heap_size=200_000_000, num_threads=max(1, processes))
    for file in sorted(library.iterdir()):
        try:
            text = readers.read(file).text
        except errors.ZanError:
            continue
        writer.add_document(tantivy.Document(body=text, path=str(file)))
    writer.commit()
    build = time.perf_counter() - started
    index.reload()
    searcher = index.searcher()
    warm = []
    for query in query_set:
        words = words_only(query)
        started = time.perf_counter()
        if words:
            searcher.search(index.parse_query(words, ["body"]), 10)
        warm.append(time.perf_counter() - started)
    script = (f"import tantivy; i = tantivy.Index.open({str(path)!r}); "
              f"i.searcher().search(i.parse_query({words_only(query_set[12])!r}, ['body']), 10)")
    cold = [run([sys.executable, "-c", script])[0] for _ in range(10)]
    return {"build s": build, "MB/s": megabytes / build, "index MB": disk_size(path) / 2 ** 20,
            "warm p50/p95/p99 ms": percentiles(warm), "cold search ms": statistics.median(cold) * 1000}


def recoll_figures(library: Path, work: Path, query_set: list[str], megabytes: float) -> dict:
    if not shutil.which("recollindex"):
        return {}
    config = work / "recoll"
    config.mkdir()
    (config / "recoll.conf").write_text(f"topdirs = {library}\n", encoding="utf-8")
    try:
        build, rss = run(["recollindex", "-c", str(config)], limit=RECOLL_SECONDS)
    except TimeoutError as stalled:
        return {"build s": None, "note": str(stalled)}
    warm = [run(["recollq", "-c", str(config), "-n", "10", "-q", words_only(q) or "x"])[0] for q in query_set[:50]]
    return {"build s": build, "MB/s": megabytes / build, "index MB": disk_size(config) / 2 ** 20,
            "build RSS MB": rss, "warm p50/p95/p99 ms": percentiles(warm),
            "cold search ms": statistics.median(warm) * 1000}


def table(figures: dict[str, dict]) -> str:
    engines = [name for name, values in figures.items() if values]
    rows = [f"{'':22}" + "".join(f"{name:>22}" for name in engines)
            + "".join(f"{'zan/' + name:>14}" for name in engines[1:])]
    for metric in [m for m in figures["zan"] if m != "note"]:
        cells, values = [], []
        for name in engines:
            value = figures[name].get(metric)
            values.append(value)
            cells.append("—" if value is None else "/".join(f"{v:.2f}" for v in value) if isinstance(value, tuple)
                         else f"{value:.2f}")
        ratios = []
        for value in values[1:]:
            zan_value = values[0][1] if isinstance(values[0], tuple) else values[0]
            other = value[1] if isinstance(value, tuple) else value
            ratios.append(f"{zan_value / other:.1f}×" if other else "—")
        rows.append(f"{metric:22}" + "".join(f"{cell:>22}" for cell in cells) + "".join(f"{r:>14}" for r in ratios))
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="keep the library and the indexes here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp())
    library = work / "library"
    library.mkdir(parents=True, exist_ok=True)
    try:
        size = generate(library, args.megabytes, args.files) / 2 ** 20
        query_set = queries(args.queries)
        print(f"library: {args.files} files, {size:.1f} MB of text; {len(query_set)} queries; "
              f"{args.processes} process(es)")
        figures = {"zan": zan_figures(library, work, query_set, args.processes, size),
                   "tantivy": tantivy_figures(library, work, query_set, args.processes, size),
                   "recoll": recoll_figures(library, work, query_set, size)}
        print(table(figures))
        missing = [name for name, values in figures.items() if not values]
        if missing:
            print(f"not measured (not installed): {', '.join(missing)}")
        for name, values in figures.items():
            if values.get("note"):
                print(f"{name}: {values['note']}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
