"""From query text to ranked hits: parse, analyse, expand across languages, search.

Words are analysed for every language's body field, as the index analysed its text.
Unless expansion is off, runs of words are matched against the thesaurus (longest
match over lemma sequences, in any language) and each concept found is searched in
all three languages: its words as typed, its id in the ``concepts`` field and every
term of the concept, each as a phrase (structured query translation: the variants of
a concept are OR-ed, the concepts AND-ed). Typed words weigh more than their
translations, so passages in the query's own language with its words rank first.

A query of more than ``ALL_REQUIRED`` words (a pasted title or sentence) need not match
whole: ``MIN_SHOULD_MATCH`` of its clauses (concepts and other words) must, as Lucene's
``minimum_should_match: "3<75%"``; shorter queries must match whole (AND).
"""
import re
from typing import NamedTuple

from whoosh import query as wq

from indexer import analysis, querylang, ranking, semantic, snippets
from indexer.analysis import LANGUAGES
from indexer.errors import QueryError
from indexer.model import Hit, Match, SearchResult
from indexer.normalise import index_form
from indexer.thesaurus import in_capitals

ALL_REQUIRED = 3  # a query of up to this many content words must match whole
MIN_SHOULD_MATCH = 0.75  # share of the clauses of a longer query that must match (rounded down, ≥ 1)
TYPED_BOOST = 1.0  # the words as the user typed them
CONCEPT_BOOST = 0.5  # the concept id, and each term of the concept, in every language
CONTEXT_BOOST = 0.2  # a passage inside an article whose heading names the concept
RELATED_BOOST = 0.15  # a concept the thesaurus relates to the one named (SKOS related)
# Words that name no concept but stand inside the terms of at most this many concepts
# ("interception", inside "illegal interception") are searched as those concepts too.
MAX_PARTIAL_CONCEPTS = 3
RESPELLING_BOOST = 0.5  # another spelling of a word the index lacks (indexer.spelling)
LEXICON_BOOST = 0.3  # a word's equivalent mined from the aligned passages (indexer.lexicon)
PHRASE_SLOP = 1  # Whoosh's slop: 1 = adjacent content words
PROXIMITY_SLOP = 8  # words of a query this near each other earn the proximity bonus
PROXIMITY_BOOST = 0.5


class Pattern(NamedTuple):
    """A lemma sequence that makes a passage match, and what to tell the user about it."""

    lemmas: tuple[str, ...]
    term: str  # the words as typed, or the equivalent the query was translated to
    via: str  # "word", "phrase", "prefix", "concept:<id>"
    source: str  # the query text it comes from


class Compiled(NamedTuple):
    query: object  # the Whoosh query
    patterns: list[Pattern]
    min_match: tuple[list, int] | None = None  # (clause queries, how many must match)
    filtered: bool = False  # the query has field filters: only passages that match it themselves
    nears: tuple = ()  # (scope, [patterns of each item]) of each /s or /p: checked on the text
    concept_coverage: float = 0.0  # share of the query's content words inside a thesaurus concept


class _QueryWord(NamedTuple):
    surface: str
    lemmas: dict[str, str | None]  # language → lemma in that body field (None: a stopword there)


class Compiler:
    """Turns a syntax tree into a Whoosh query and the patterns that explain hits."""

    def __init__(self, opened_index, expand: bool = True):
        self.opened_index = opened_index
        self.fields = {name for name, field in opened_index.schema.items() if field.indexed}
        self.concepts = opened_index.concepts
        self.expand = expand
        self.patterns: list[Pattern] = []
        self.min_match = None
        self.filtered = False
        self.nears: list = []
        self.words = 0  # content words of plain words and phrases
        self.words_in_concepts = 0

    def compile(self, tree) -> Compiled:
        compiled = self.node(tree, top=True)
        if compiled is None:
            raise QueryError("nothing to search for (only stopwords?)")
        coverage = self.words_in_concepts / self.words if self.words else 0.0
        return Compiled(compiled, self.patterns, self.min_match, self.filtered, tuple(self.nears), coverage)

    def node(self, node, top=False, negated=False):
        if isinstance(node, querylang.Near):
            return self.near(node, negated)
        if isinstance(node, querylang.Or):
            return _combine(wq.Or, [self.node(item, negated=negated) for item in node.items])
        if isinstance(node, querylang.Not):
            inner = self.node(node.item, negated=not negated)
            return None if inner is None else wq.Not(inner)
        if isinstance(node, querylang.And):
            return self.conjunction(node.items, top, negated)
        return self.conjunction((node,), top, negated)

    def conjunction(self, items, top: bool, negated: bool):
        clauses, run, size, together = [], [], 0, []
        for item in items + (None,):
            if isinstance(item, querylang.Word) and not (item.prefix or item.exact or item.fuzzy):
                run.append(item)
                continue
            if run:
                run_clauses, run_words = self.word_run(run, negated)
                clauses += run_clauses
                size += run_words
                together += [] if negated else self.proximity(run)
                run = []
            if item is not None:
                clauses.append(self.atom(item, negated))
                size += 1
        clauses = [clause for clause in clauses if clause is not None]
        if not clauses:
            return None
        positive = [clause for clause in clauses if not isinstance(clause, wq.Not)]
        if top and not negated and size > ALL_REQUIRED and len(positive) == len(clauses) > 1:
            self.min_match = (positive, max(1, int(len(positive) * MIN_SHOULD_MATCH)))
            return wq.Or(positive + together)
        if len(clauses) == 1:
            required = clauses[0] if positive else wq.And([wq.Every(), clauses[0]])
        else:
            required = wq.And(clauses if positive else [wq.Every(), *clauses])
        return wq.AndMaybe(required, wq.Or(together)) if together else required

    def proximity(self, run) -> list:
        """A bonus for passages where the run's words stand near each other, in order."""
        words = [word for item in run for word in _analyse_words(item.text)]
        if len(words) < 2:
            return []
        return [wq.Phrase(f"body_{lang}", lemmas, slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)
                for lang in LANGUAGES if len(lemmas := [w.lemmas[lang] for w in words if w.lemmas[lang]]) > 1]

    def near(self, node: querylang.Near, negated: bool):
        """All the items, then — on the text of each candidate — in one sentence or paragraph."""
        queries, item_patterns = [], []
        for item in node.items:
            before = len(self.patterns)
            queries.append(self.node(item, negated=negated))
            item_patterns.append(self.patterns[before:])
        if not negated:
            self.nears.append((node.scope, item_patterns))
        return _combine(wq.And, queries)

    def atom(self, item, negated: bool):
        if isinstance(item, querylang.Word):
            return self.written_form(item, negated)
        if isinstance(item, querylang.Phrase):
            return self.phrase(item, negated)
        if isinstance(item, querylang.Not):
            return self.node(item, negated=negated)
        if isinstance(item, querylang.Filter):
            return self.field_filter(item)
        return self.node(item, negated=negated)

    # --- words -----------------------------------------------------------------------

    def word_run(self, run, negated: bool) -> tuple[list, int]:
        """The clauses of a run of plain words, and how many content words it has."""
        words = [word for item in run for word in _analyse_words(item.text)]
        if not words:
            return [], 0
        self.words += len(words)
        clauses, i = [], 0
        while i < len(words):
            end, concept_ids = self.longest_concept(words, i)
            if concept_ids:
                clauses.append(self.concept_clause(words[i:end], concept_ids, negated))
                self.words_in_concepts += end - i
                i = end
            else:
                clauses.append(self.word_clause(words[i], negated))
                i += 1
        return clauses, len(words)

    def longest_concept(self, words, start: int) -> tuple[int, tuple[str, ...]]:
        """Where the longest run of words from ``start`` that names concepts ends, and
        their ids: a whole term first, else a part of few concepts' terms."""
        if not self.expand:
            return start, ()
        for lookup, most in ((self.concepts.lookup, None), (self.concepts.containing, MAX_PARTIAL_CONCEPTS)):
            for end in range(min(len(words), start + self.concepts.longest), start, -1):
                found = self.concepts_named(words[start:end], lookup)
                if found and (most is None or len(found) <= most):
                    return end, found
        return start, ()

    @staticmethod
    def concepts_named(words, lookup) -> tuple[str, ...]:
        found: dict[str, None] = {}
        capitals = [in_capitals(word.surface) for word in words]
        for lang in LANGUAGES:
            lemmas = tuple(word.lemmas[lang] for word in words)
            if None not in lemmas:
                found.update(dict.fromkeys(lookup(lemmas, capitals)))
        return tuple(found)

    def word_clause(self, word: _QueryWord, negated: bool):
        if not negated:
            for lemma in set(filter(None, word.lemmas.values())):
                self.patterns.append(Pattern((lemma,), word.surface, "word", word.surface))
        typed = [wq.Term(f"body_{lang}", lemma, boost=TYPED_BOOST)
                 for lang, lemma in word.lemmas.items() if lemma is not None]
        indexed = self.indexed(word)
        if "-" in word.surface or not indexed:
            typed += self.respellings(word, indexed, negated)
        return _combine(wq.Or, typed + (self.translations(word, negated) if self.expand else []))

    def indexed(self, word: _QueryWord) -> bool:
        reader = self.opened_index.reader
        return any((f"body_{lang}", lemma) in reader for lang, lemma in word.lemmas.items() if lemma)

    def respellings(self, word: _QueryWord, indexed: bool, negated: bool) -> list:
        """A hyphenated compound written whole (``cyber-crime``: ``cybercrime``), and for a
        word the index lacks, the indexed Kazakh words it may be typed for (on a Russian
        keyboard, in Latin letters)."""
        form = index_form(word.surface)
        spelled = {} if indexed else {("kk", analysis.lemma_of("kk", found)): found
                                      for found in self.opened_index.spellings.kazakh_forms(form)}
        if "-" in form:
            joined = form.replace("-", "")
            spelled.update({(lang, analysis.analyse_word(joined, lang)[1]): joined for lang in LANGUAGES})
        alternatives = []
        for (lang, lemma), written in spelled.items():
            alternatives.append(wq.Term(f"body_{lang}", lemma, boost=RESPELLING_BOOST))
            if not negated:
                self.patterns.append(Pattern((lemma,), written, "spelling", word.surface))
        return alternatives

    def translations(self, word: _QueryWord, negated: bool) -> list:
        """The word's confident equivalents in the mined lexicon, as alternatives."""
        found = {}
        for source, lemma in word.lemmas.items():
            for target in LANGUAGES:
                translated = lemma and self.opened_index.translations.get(f"{source}-{target}", {}).get(lemma)
                if translated:
                    found[target, tuple(translated)] = None
        alternatives = []
        for target, lemmas in found:
            alternatives.append(lemma_sequence_query(f"body_{target}", lemmas, LEXICON_BOOST))
            if not negated:
                self.patterns.append(Pattern(lemmas, " ".join(lemmas), "lexicon", word.surface))
        return alternatives

    def concept_clause(self, words, concept_ids, negated: bool):
        source = " ".join(word.surface for word in words)
        typed = self.sequence_query({lang: tuple(word.lemmas[lang] for word in words) for lang in LANGUAGES},
                                    TYPED_BOOST, source, "word", negated)
        alternatives = [typed]
        for concept_id in concept_ids:
            alternatives.append(wq.Term("concepts", concept_id, boost=CONCEPT_BOOST))
            alternatives.append(wq.Term("context", concept_id, boost=CONTEXT_BOOST))
            for related in self.concepts.concept(concept_id).related:
                alternatives.append(wq.Term("concepts", related, boost=RELATED_BOOST))
                if not negated:
                    self.patterns += [Pattern(term.lemmas, term.text, f"related:{related}", source)
                                      for term in self.concepts.concept(related).terms]
            for term in self.concepts.concept(concept_id).terms:
                if not negated:
                    self.patterns.append(Pattern(term.lemmas, term.text, f"concept:{concept_id}", source))
        return _combine(wq.Or, alternatives)

    def sequence_query(self, lemmas_by_lang, boost, source, via, negated):
        queries = []
        for lang, lemmas in lemmas_by_lang.items():
            if None in lemmas or not lemmas:
                continue
            queries.append(lemma_sequence_query(f"body_{lang}", lemmas, boost))
            if not negated:
                self.patterns.append(Pattern(lemmas, source, via, source))
        return _combine(wq.Or, queries)

    def phrase(self, phrase: querylang.Phrase, negated: bool):
        words = _analyse_words(phrase.text)
        if not words:
            return None
        lemmas = {lang: tuple(word.lemmas[lang] for word in words if word.lemmas[lang] is not None)
                  for lang in LANGUAGES}
        self.words += len(words)
        end, concept_ids = self.longest_concept(words, 0)
        if concept_ids and end == len(words) and phrase.slop == 0:
            self.words_in_concepts += len(words)
            return self.concept_clause(words, concept_ids, negated)
        queries = []
        for lang, sequence in lemmas.items():
            if sequence:
                queries.append(lemma_sequence_query(f"body_{lang}", sequence, TYPED_BOOST, PHRASE_SLOP + phrase.slop))
                if not negated:
                    self.patterns.append(Pattern(sequence, phrase.text, "phrase", phrase.text))
        return _combine(wq.Or, queries)

    def written_form(self, word: querylang.Word, negated: bool):
        """A prefix, exact or fuzzy word: matched on the words as written (the ``surface``
        field), so the lemmatiser neither mangles a prefix nor widens an exact form."""
        form = index_form(word.text)
        if not form:
            return None
        if word.prefix:
            via, typed, query = "prefix", word.text + "*", wq.Prefix("surface", form)
        elif word.exact:
            via, typed, query = "exact", "=" + word.text, wq.Term("surface", form)
        else:
            via, typed = f"fuzzy:{word.fuzzy}", f"{word.text}~{word.fuzzy}"
            query = wq.FuzzyTerm("surface", form, maxdist=word.fuzzy, prefixlength=1)
        if not negated:
            self.patterns.append(Pattern((form,), typed, via, typed))
        return query

    # --- field filters ------------------------------------------------------------------

    def field_filter(self, item: querylang.Filter):
        self.filtered = True
        if item.field not in self.fields:
            raise QueryError(f"unknown field {item.field!r} in query; fields: {', '.join(sorted(self.fields))}")
        if item.field.startswith("body_"):
            lang = item.field.removeprefix("body_")
            lemmas = analysis.content_lemmas(item.value, lang)
            if not item.quoted and len(lemmas) > 1:
                return wq.And([wq.Term(item.field, lemma) for lemma in lemmas])
            return lemma_sequence_query(item.field, lemmas, TYPED_BOOST) if lemmas else None
        if item.field in ("title", "location"):
            words = [index_form(word) for word, _, _ in analysis.split_words(item.value)]
            return _combine(wq.And, [wq.Term(item.field, word) for word in words])
        if item.field == "date":
            return _date_query(item.value)
        value = item.value.lower() if item.field in CHECKED_FIELDS else item.value
        if item.field in CHECKED_FIELDS:
            self.check_value(item.field, value)
        return wq.Term(item.field, value)

    def check_value(self, field: str, value: str) -> None:
        """An unknown value of a field with few values is a mistake to report, not 0 hits."""
        reader = self.opened_index.reader
        if (field, value) in reader:
            return
        known = sorted(term.decode() if isinstance(term, bytes) else term for term in reader.field_terms(field))
        listed = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        raise QueryError(f"no passage has {field} {value!r}; {field} is one of: {listed}")


CHECKED_FIELDS = ("lang", "kind", "type", "work")
_DATE_RANGE = re.compile(r"\[\s*(\S+)\s+TO\s+(\S+)\s*\]", re.IGNORECASE)


def _date_query(value: str):
    """``2018`` (any date in 2018), ``2018-06``, or a range ``[2001 TO 2019]`` (``*``: open)."""
    if not value.startswith("["):
        return wq.Prefix("date", value)
    match = _DATE_RANGE.fullmatch(value)
    if match is None:
        raise QueryError(f"malformed date range {value!r}: write date:[2001 TO 2019]")
    start, end = (None if bound == "*" else bound for bound in match.groups())
    return wq.TermRange("date", start, None if end is None else end + "\uffff")


def _analyse_words(text: str) -> list[_QueryWord]:
    """The words of ``text`` that are not function words of any language, with their
    lemma in every body field."""
    words = []
    for surface, _, _ in analysis.split_words(text):
        if analysis.is_stopword_anywhere(index_form(surface)):
            continue
        lemmas = {}
        for lang in LANGUAGES:
            _, lemma, stop, _ = analysis.analyse_word(surface, lang)
            lemmas[lang] = None if stop else lemma
        if any(lemmas.values()):
            words.append(_QueryWord(surface, lemmas))
    return words


def lemma_sequence_query(field: str, lemmas: tuple[str, ...], boost: float, slop: int = PHRASE_SLOP):
    if len(lemmas) == 1:
        return wq.Term(field, lemmas[0], boost=boost)
    return wq.Phrase(field, list(lemmas), slop=slop, boost=boost)


def _combine(kind, queries):
    queries = [query for query in queries if query is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else kind(queries)


SORTS = ("relevance", "date", "doc")  # best first; newest work first; document order
FUSION_DEPTH = 100  # the best passages of the lexical ranking that a hybrid search fuses
# The semantic ranking's weight in a hybrid search, for a query none of whose words the
# thesaurus covers; it falls to 0 as the thesaurus covers them all, where the lexical
# search is already cross-language (chosen on the dev half, see bench/clir_eval.py).
SEMANTIC_WEIGHT = 0.5


def run(opened_index, query: str, langs: tuple[str, ...] | None = None, limit: int = 10,
        expand: bool = True, page: int = 1, sort: str = "relevance", mode: str = "lexical") -> SearchResult:
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    semantic.check_mode(mode)
    langs = tuple(langs or LANGUAGES)
    query = analysis.valid_text(query)
    compiled = compile_query(opened_index, query, expand)
    with opened_index.searcher() as searcher:
        depth = limit * page if sort == "relevance" else None
        if mode == "lexical":
            total, ranked = _lexical(searcher, compiled, langs, depth, expand)
        else:
            similar = _semantic(opened_index, searcher, query, langs, expand, alone=mode == "semantic")
            total, ranked = len(similar), similar
            if mode == "hybrid":
                lexical_total, lexical = _lexical(searcher, compiled, langs, max(depth or 0, FUSION_DEPTH), expand)
                weight = SEMANTIC_WEIGHT * (1 - compiled.concept_coverage)
                ranked = ranking.fuse(lexical, similar, weight)
                total = lexical_total + len({item.docnum for item in similar} - {item.docnum for item in lexical})
        if sort != "relevance":
            ranked = _sorted(searcher, ranked, sort)
        chosen = ranked[(page - 1) * limit:page * limit]
        hits = [_hit(searcher, item, query, compiled.patterns, opened_index.concepts) for item in chosen]
        suggestions = did_you_mean(searcher, query) if total == 0 else []
        return SearchResult(query=query, total=total, hits=hits, page=page, offset=(page - 1) * limit,
                            suggestions=suggestions, mode=mode)


def _lexical(searcher, compiled: Compiled, langs, depth: int | None, expand: bool) -> tuple[int, list]:
    """``(total, ranked)`` of the compiled query: BM25F plus what language versions lend."""
    enough = ranking.intersect(_enough_clauses(searcher, compiled), _near_enough(searcher, compiled))
    if enough is not None and not enough:
        return 0, []
    aligned = expand and not compiled.filtered  # a version must not bring back what a filter left out
    return ranking.rank(searcher, compiled.query, langs, enough, depth, aligned=aligned)


def _semantic(opened_index, searcher, query: str, langs, expand: bool, alone: bool) -> list:
    """The passages most similar in meaning to the query's words (``indexer.semantic``),
    among those in ``langs`` that match the query's filters and none of its negations.
    ``alone``: this is the whole search (a query of filters only is then an error)."""
    vectors = opened_index.vectors
    if vectors is None:
        raise QueryError(f"the index at {opened_index.path} has no passage vectors; "
                         "`zan index --rebuild` makes them")
    tree = querylang.parse(query)
    meaning = querylang.meaning_text(tree)
    if not meaning:
        if alone:
            raise QueryError("a semantic search needs words to compare; this query has only filters or NOT")
        return []
    restrictions = querylang.restrictions(tree)
    allowed = None
    if restrictions:
        restriction = Compiler(opened_index, expand).compile(querylang.And(restrictions)).query
        allowed = ranking.matching(searcher, restriction)
    allowed = ranking.intersect(allowed, ranking.in_languages(searcher, langs))
    return [ranking.Ranked(docnum, similarity, similarity=similarity)
            for docnum, similarity in vectors.nearest(semantic.embed_query(meaning), allowed)]


SUGGESTIONS = 3
SUGGESTION_EDITS = 2  # Damerau-Levenshtein distance of a suggested word from the one typed
SUGGESTED_WORDS = 8  # unknown words of a query that get suggestions (an automaton each)


def did_you_mean(searcher, query: str) -> list[str]:
    """Up to ``SUGGESTIONS`` queries in which each word the index never saw is replaced by
    the nearest words of the index's own vocabulary (by edit distance)."""
    reader = searcher.reader()
    replacements = {}
    for surface, _, _ in analysis.split_words(query):
        form = index_form(surface)
        if len(replacements) == SUGGESTED_WORDS:
            break
        if 2 < len(form) <= analysis.MAX_WORD_CHARS and not form.isdigit() and ("surface", form) not in reader:
            near = _near_words(reader, form)
            if near:
                replacements[surface] = near
    if not replacements:
        return []
    return [_replaced(query, {word: near[min(n, len(near) - 1)] for word, near in replacements.items()})
            for n in range(max(map(len, replacements.values())))][:SUGGESTIONS]


def _near_words(reader, form: str) -> list[str]:
    """Up to ``SUGGESTIONS`` words of the index within ``SUGGESTION_EDITS`` edits of
    ``form`` and with its first letter: the nearest first, then the most frequent. Only
    words of a near length are measured (Whoosh's ``suggest`` measures every word with
    that first letter, seconds on a large library)."""
    from whoosh.support.levenshtein import damerau_levenshtein

    near = []
    for term in reader.expand_prefix("surface", form[0]):
        word = term.decode() if isinstance(term, bytes) else term
        if abs(len(word) - len(form)) <= SUGGESTION_EDITS and word != form:
            distance = damerau_levenshtein(form, word, SUGGESTION_EDITS)
            if distance <= SUGGESTION_EDITS:
                near.append((distance, -reader.frequency("surface", word), word))
    return [word for _, _, word in sorted(near)[:SUGGESTIONS]]


def _replaced(query: str, words: dict[str, str]) -> str:
    """``query`` with each of ``words`` replaced by its replacement."""
    return re.sub("|".join(re.escape(word) for word in words), lambda match: words[match.group()], query)


REFERENCE_SCORE = 1000.0  # the passages a reference names come before any other hit


def compile_query(opened_index, query: str, expand: bool = True) -> Compiled:
    """The Whoosh query for ``query``, legal references included.

    A reference alone (``ст. 205 УК``) puts the passages it names first — the exact place,
    then the rest of it in document order — and the query's words find the rest; a
    reference with other words (``ст. 205 умысел``) searches those words within it."""
    if not any(char.isdigit() for char in query):  # every reference has an article number
        return Compiler(opened_index, expand).compile(querylang.parse(query))
    from indexer.references import find_references, strip_references

    references = find_references(query)
    if not references:
        return Compiler(opened_index, expand).compile(querylang.parse(query))
    named = wq.Or([_reference_query(reference) for reference in references])
    patterns = [Pattern((), query[r.start:r.end], "reference", query[r.start:r.end]) for r in references]
    words = strip_references(query, references)
    try:
        within = Compiler(opened_index, expand).compile(querylang.parse(words)) if words.strip() else None
    except QueryError:
        within = None  # only operators or stopwords besides the references
    if within is not None:
        min_match = within.min_match and ([wq.And([named, clause]) for clause in within.min_match[0]],
                                           within.min_match[1])  # enough clauses within the places named
        return within._replace(query=wq.And([named, within.query]), patterns=within.patterns + patterns,
                               min_match=min_match)
    exact = wq.Or([_place(reference, exact=True) for reference in references])
    first = wq.Or([wq.ConstantScoreQuery(named, REFERENCE_SCORE), wq.ConstantScoreQuery(exact, REFERENCE_SCORE / 2)])
    rest = Compiler(opened_index, expand).compile(querylang.parse(query))
    # The named passages keep their constant scores (the exact place, then document
    # order); the query's words rank only the others.
    return rest._replace(query=wq.Or([first, wq.AndNot(rest.query, named)]), patterns=rest.patterns + patterns,
                         min_match=None, nears=())


def _reference_query(reference):
    """The passages a reference names: its place and what lies inside, in the works named."""
    place = _place(reference)
    if not reference.works:
        return place
    return wq.And([place, wq.Or([wq.Term("work", work) for work in reference.works])])


def _place(reference, exact: bool = False):
    if exact:
        return wq.Term("key", reference.key)
    return wq.Or([wq.Term("key", reference.key), wq.Prefix("key", reference.key + ".")])


def _sorted(searcher, ranked, sort: str):
    """``ranked`` in document order (work, then place in it), or newest work first."""
    reader = searcher.reader()
    places, orders = reader.column_reader("place"), reader.column_reader("order")
    in_document = sorted(ranked, key=lambda item: (places[item.docnum].split("#", 1)[0], orders[item.docnum]))
    if sort == "doc":
        return in_document
    dates = reader.column_reader("date")
    return sorted(in_document, key=lambda item: dates[item.docnum], reverse=True)


MAX_NEAR_CANDIDATES = 5000  # passages whose text /s or /p may check in one query
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=[«\"(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


def _near_enough(searcher, compiled: Compiled) -> set[int] | None:
    """The passages where every /s (/p) item occurs in one sentence (paragraph)."""
    if not compiled.nears:
        return None
    candidates = ranking.matching(searcher, compiled.query)
    if len(candidates) > MAX_NEAR_CANDIDATES:
        raise QueryError(f"/s and /p can check at most {MAX_NEAR_CANDIDATES} passages; "
                         f"this query matches {len(candidates)}: add words or filters")
    return {docnum for docnum in candidates if _all_near(searcher.stored_fields(docnum), compiled.nears)}


def _all_near(fields, nears) -> bool:
    text, lang = fields["text"], fields["lang"]
    return all(any(_holds_all(piece, lang, item_patterns) for piece in _scopes(text, scope))
               for scope, item_patterns in nears)


def _scopes(text: str, scope: str) -> list[str]:
    paragraphs = [line for line in text.splitlines() if line.strip()]
    if scope == "paragraph":
        return paragraphs
    return [sentence for paragraph in paragraphs for sentence in _SENTENCE_END.split(paragraph)]


def _holds_all(piece: str, lang: str, item_patterns) -> bool:
    tokens = analysis.content_tokens(piece, lang)
    return all(snippets.find(piece, tokens, [p for p in patterns if p.lemmas]) for patterns in item_patterns)



def _enough_clauses(searcher, compiled: Compiled) -> set[int] | None:
    """For a long query, the passages that match enough of its clauses (None: any); each
    of them matches the query."""
    if not compiled.min_match:
        return None
    clauses, required = compiled.min_match
    if required == 1:  # any clause: their union, in one pass
        return ranking.matching(searcher, wq.Or(clauses))
    counts: dict[int, int] = {}
    for clause in clauses:
        for docnum in ranking.matching(searcher, clause):
            counts[docnum] = counts.get(docnum, 0) + 1
    return {docnum for docnum, count in counts.items() if count >= required}


def _hit(searcher, ranked, query: str, patterns: list[Pattern], concepts) -> Hit:
    fields = searcher.stored_fields(ranked.docnum)
    text = fields["text"]
    found = snippets.find(text, analysis.content_tokens(text, fields["lang"]), [p for p in patterns if p.lemmas])
    matched = _references_to(fields, patterns) + _explain(found) + _context_matches(fields, patterns, found, concepts)
    if not matched and ranked.aligned_from is not None:
        version = searcher.stored_fields(ranked.aligned_from)
        matched = [Match(term=f"{version['location']} [{version['lang']}]", via=f"aligned:{version['id']}",
                         source=query)]
    if ranked.similarity is not None:
        matched.append(Match(term="", via="semantic", source=query, similarity=round(ranked.similarity, 3)))
    return Hit(
        id=fields["id"], work=fields["work"], key=fields["key"], lang=fields["lang"],
        title=fields["title"], location=fields["location"], score=round(ranked.score, 4),
        text=text, snippet=snippets.snippet(text, [span for span, _ in found]),
        matched=matched, spans=tuple(snippets.merge(span for span, _ in found)),
    )


def _references_to(fields, patterns) -> list[Match]:
    """The query's references that name this passage's place."""
    if not any(pattern.via == "reference" for pattern in patterns):
        return []
    from indexer.references import find_references

    key = fields["key"]
    return [Match(term=fields["location"], via="reference", source=pattern.source) for pattern in patterns
            if pattern.via == "reference" and any(key == r.key or key.startswith(r.key + ".")
                                                 for r in find_references(pattern.source))]


def _context_matches(result, patterns, found, concepts) -> list[Match]:
    """The query's concepts this passage has only from its article heading."""
    in_text = {pattern.via for _, pattern in found}
    context = set(result.get("context", "").split())
    matches = []
    for pattern in patterns:
        concept_id = pattern.via.removeprefix("concept:")
        if concept_id in context and pattern.via not in in_text:
            term = concepts.concept(concept_id).preferred(result["lang"])
            matches.append(Match(term=term.text if term else concept_id, via=f"context:{concept_id}",
                                 source=pattern.source))
            in_text.add(pattern.via)
    return matches


def _explain(found) -> list[Match]:
    seen, matched = set(), []
    for _, pattern in found:
        key = (pattern.term, pattern.via, pattern.source)
        if key not in seen:
            seen.add(key)
            matched.append(Match(term=pattern.term, via=pattern.via, source=pattern.source))
    return matched
