"""Term equivalents for translators: a term's concepts, their terms in every language
with their use in the corpus, and aligned examples."""
import difflib
import re
from dataclasses import dataclass

from whoosh import query as wq

from indexer import alignment, analysis, snippets
from indexer.analysis import LANGUAGES
from indexer.model import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN
from indexer.query import Pattern, lemma_sequence_query
from indexer.thesaurus import in_capitals

_MARKED = re.compile(re.escape(HIGHLIGHT_OPEN) + "(.+?)" + re.escape(HIGHLIGHT_CLOSE))
NEAREST_TERMS = 5
NEAREST_LIKENESS = 0.75  # difflib ratio from which a known term is offered for an unknown one


@dataclass(frozen=True)
class TermUse:
    text: str
    lang: str
    status: str  # preferred | admitted | abbreviation
    source: str  # the passage that attests the equivalent, or "translator's choice"
    frequency: int  # occurrences in the index
    passages: int
    works: tuple[str, ...]


@dataclass(frozen=True)
class ExampleSide:
    id: str
    lang: str
    location: str
    snippet: str  # the concept's terms marked **…**


@dataclass(frozen=True)
class AlignedExample:
    work: str
    key: str
    sides: tuple[ExampleSide, ...]


@dataclass(frozen=True)
class ConceptEntry:
    id: str
    broader: tuple[str, ...]
    related: tuple[str, ...]
    places: tuple[str, ...]
    note: str
    terms: tuple[TermUse, ...]
    examples: tuple[AlignedExample, ...]


@dataclass(frozen=True)
class TermsResult:
    term: str
    concepts: tuple[ConceptEntry, ...]
    nearest: tuple[str, ...] = ()  # known terms close to an unknown one


@dataclass(frozen=True)
class Suggestion:
    """A mined equivalent of a term, with the aligned passages it comes from."""

    source_lang: str
    lang: str
    text: str  # the equivalent as the first example writes it
    lemmas: str  # the equivalent as a lemma sequence
    score: float  # logDice, at most 14
    pairs: int  # aligned pairs in which term and equivalent occur together
    examples: tuple[AlignedExample, ...]


def suggest(opened_index, term: str, langs: tuple[str, ...] = (), limit: int = 5) -> list[Suggestion]:
    """Equivalents of ``term`` mined from aligned passages, best first per direction."""
    lexicon = opened_index.lexicon
    suggestions = []
    with opened_index.searcher() as searcher:
        for source in LANGUAGES:
            lemmas = analysis.content_lemmas(term, source)
            for target in langs or LANGUAGES:
                if target == source or not lemmas:
                    continue
                for candidate in lexicon.suggest(lemmas, source, target, limit):
                    places = [lexicon.places[source, target][n] for n in candidate.examples]
                    examples = tuple(_mined_example(searcher, place, (source, lemmas), (target, candidate.target))
                                     for place in places)
                    written = _MARKED.search(examples[0].sides[1].snippet) if examples else None
                    suggestions.append(Suggestion(
                        source, target, written.group(1) if written else " ".join(candidate.target),
                        " ".join(candidate.target), round(candidate.score, 2), candidate.pairs, examples))
    return suggestions


def _mined_example(searcher, place, *sides) -> AlignedExample:
    work, key = place
    found = []
    for lang, lemmas in sides:
        fields = searcher.document(work=work, lang=lang, key=key)
        version = alignment.Version(fields["id"], lang, fields["location"], fields["text"], fields["kind"],
                                    fields["order"])
        found.append(_side(version, [Pattern(tuple(lemmas), "", "term", "")]))
    return AlignedExample(work, key, tuple(found))


def concepts_of(matcher, term: str) -> list[str]:
    """Ids of the concepts ``term`` names (whole), else of those it contains."""
    analysed = {analysis.content_words(term, lang) for lang in LANGUAGES}
    written = [([in_capitals(word) for word in surfaces], lemmas) for surfaces, lemmas in analysed if lemmas]
    whole = [cid for capitals, lemmas in written for cid in matcher.lookup(lemmas, capitals)]
    if whole:
        return list(dict.fromkeys(whole))
    return list(dict.fromkeys(cid for capitals, lemmas in written for match in matcher.find(lemmas, capitals)
                              for cid in match.concepts))


def nearest_terms(matcher, term: str) -> list[str]:
    """Known terms most like ``term``, whole or word by word (a typo, a part of a term)."""
    typed = term.lower()
    words = typed.split()

    def likeness(known: str) -> float:
        whole = difflib.SequenceMatcher(None, typed, known).ratio()
        by_word = min(max(difflib.SequenceMatcher(None, word, other).ratio() for other in known.split())
                      for word in words) if words else 0.0
        return max(whole, by_word)

    known = {t.text.lower(): t.text for concept in matcher.all() for t in concept.terms}
    scored = sorted(((likeness(text), text) for text in known), key=lambda item: (-item[0], item[1]))
    return [known[text] for score, text in scored[:NEAREST_TERMS] if score >= NEAREST_LIKENESS]


def lookup(opened_index, term: str, langs: tuple[str, ...] = (), examples: int = 3) -> TermsResult:
    matcher = opened_index.concepts
    ids = concepts_of(matcher, term)
    if not ids:
        return TermsResult(term, (), tuple(nearest_terms(matcher, term)))
    langs = langs or LANGUAGES
    with opened_index.searcher() as searcher:
        entries = tuple(_entry(searcher, matcher.concept(cid), langs, examples) for cid in ids)
    return TermsResult(term, entries)


def _entry(searcher, concept, langs, examples: int) -> ConceptEntry:
    terms = tuple(_use(searcher, term) for term in concept.terms if term.lang in langs)
    return ConceptEntry(concept.id, concept.broader, concept.related, concept.places, concept.note,
                        terms, tuple(_examples(searcher, concept, langs, examples)))


def _use(searcher, term) -> TermUse:
    pattern = [Pattern(term.lemmas, term.text, "term", term.text)]
    frequency, works = 0, []
    hits = searcher.search(lemma_sequence_query(f"body_{term.lang}", term.lemmas, 1.0), limit=None)
    for hit in hits:
        frequency += len(snippets.find(hit["text"], analysis.content_tokens(hit["text"], hit["lang"]), pattern))
        if hit["work"] not in works:
            works.append(hit["work"])
    return TermUse(term.text, term.lang, term.status, term.source, frequency, len(hits), tuple(works))


def _examples(searcher, concept, langs, limit: int) -> list[AlignedExample]:
    if limit < 1:
        return []
    patterns = [Pattern(term.lemmas, term.text, "term", term.text) for term in concept.terms]
    stored = [hit.fields() for hit in searcher.search(wq.Term("concepts", concept.id), limit=None)]
    found = []
    for passage in alignment.aligned(stored):
        sides = [_side(passage.versions[lang], patterns) for lang in LANGUAGES
                 if lang in passage.versions and lang in langs]
        if len(sides) >= 2:
            found.append(AlignedExample(passage.work, passage.key, tuple(sides)))
        if len(found) == limit:
            break
    return found


def _side(version, patterns) -> ExampleSide:
    spans = [span for span, _ in snippets.find(version.text, analysis.content_tokens(version.text, version.lang), patterns)]
    return ExampleSide(version.id, version.lang, version.location, snippets.snippet(version.text, spans))
