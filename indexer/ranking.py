"""Ranking: BM25F scores of the passages a query matches, plus what their language
versions lend each other; and the fusion of that ranking with a semantic one.

The language versions of one passage (same work and key) say the same thing, so a
passage whose version in another language matches the query is relevant even where
its own wording differs from every term the query was translated to. It gets
``ALIGNED_WEIGHT`` of the best score among its versions in the top ``ALIGNED_POOL``,
added to its own: passages with the query's words still come first.
"""
from typing import NamedTuple

from whoosh import query as wq

from indexer.analysis import LANGUAGES

ALIGNED_WEIGHT = 0.5
ALIGNED_POOL = 200
BULK_POSTINGS = 2_000  # a query with more postings than this is scored by indexer.bulk
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009)


class Ranked(NamedTuple):
    docnum: int
    score: float
    aligned_from: int | None = None  # the version whose match lends the score, if any
    similarity: float | None = None  # cosine similarity to the query, if the semantic search found it


def rank(searcher, query, langs, allowed, limit: int | None, aligned: bool = True) -> tuple[int, list[Ranked]]:
    """``(total, best passages)`` of ``query`` in ``langs``, among ``allowed`` docnums (None:
    all), the best ``limit`` (None: all); with ``aligned``, language versions lend each
    other their scores. Every passage of ``allowed`` must match ``query``."""
    in_langs = in_languages(searcher, langs)
    chosen = intersect(allowed, in_langs)
    if chosen is not None and not chosen:
        return 0, []
    depth = None if limit is None else max(limit, ALIGNED_POOL) if aligned else limit
    best = _best_in_bulk if bulk_pays(searcher, query) else _best_by_whoosh
    pool, direct, total = best(searcher, query, allowed, in_langs, depth, limit)
    scores = dict(pool)
    scores.update(direct)
    lent = _lent_scores(searcher, pool, in_langs) if aligned else {}
    ranked = [Ranked(docnum, scores.get(docnum, 0.0) + lent.get(docnum, (0.0, None))[0],
                     lent[docnum][1] if docnum in lent else None)
              for docnum in set(scores) | set(lent) if in_langs is None or docnum in in_langs]
    ranked.sort(key=lambda item: (-item.score, item.docnum))
    aligned_only = sum(1 for docnum in lent if docnum not in scores)
    return total + aligned_only, ranked[:limit]


def _best_by_whoosh(searcher, query, allowed, in_langs, depth, limit):
    """``(pool, direct, total)``: the best ``depth`` matches among ``allowed`` in any
    language and the best ``limit`` in ``in_langs`` (each as ``(docnum, score)``), and
    how many match in ``in_langs``."""
    pool = searcher.search(query, limit=depth, filter=allowed)
    if depth is None or pool.scored_length() < depth:  # the pool holds every match: no second search
        direct = [hit for hit in pool if in_langs is None or hit.docnum in in_langs]
        total = len(direct)
    else:  # the pool is full: the best in ``langs`` (in all languages, the pool's own) and the count
        chosen = intersect(allowed, in_langs)
        direct = [] if in_langs is None else searcher.search(query, limit=limit, filter=chosen)
        total = count(searcher, query, in_langs) if allowed is None else len(chosen)
    return ([(hit.docnum, hit.score) for hit in pool], [(hit.docnum, hit.score) for hit in direct], total)


def _best_in_bulk(searcher, query, allowed, in_langs, depth, limit):
    """As ``_best_by_whoosh``, from every match scored at once (``indexer.bulk``)."""
    from indexer import bulk

    found = bulk.among(bulk.scored(searcher, query), bulk.as_array(allowed))
    in_langs_found = bulk.among(found, bulk.as_array(in_langs))
    direct = [] if in_langs is None else bulk.best(in_langs_found, limit)
    return bulk.best(found, depth), direct, len(in_langs_found.ids)


def bulk_pays(searcher, query) -> bool:
    """Whether ``query`` matches enough postings for ``indexer.bulk`` to score it faster
    than Whoosh (below that, importing numpy costs more than Whoosh takes)."""
    reader = searcher.reader()
    try:  # Whoosh's own estimate of an And is its smallest part's: Whoosh still reads the others
        return sum(leaf.estimate_size(reader) for leaf in query.leaves()) > BULK_POSTINGS
    except NotImplementedError:
        return False


def matching(searcher, query) -> set[int]:
    """The docnums of the passages ``query`` matches."""
    if bulk_pays(searcher, query):
        from indexer import bulk

        return set(bulk.scored(searcher, query).ids.tolist())
    return set(searcher.docs_for_query(query))


def in_languages(searcher, langs) -> set[int] | None:
    """The docnums of the passages in ``langs`` (None: every language)."""
    if set(langs) == set(LANGUAGES):
        return None
    return matching(searcher, wq.Or([wq.Term("lang", lang) for lang in langs]))


def fuse(lexical: list[Ranked], semantic: list[Ranked], weight: float) -> list[Ranked]:
    """Weighted reciprocal rank fusion: a passage scores 1 / (``RRF_K`` + its lexical rank)
    plus ``weight`` / (``RRF_K`` + its semantic rank), and keeps what each ranking said of
    it; passages with equal scores follow the semantic ranking."""
    fused = {item.docnum: item._replace(score=1 / (RRF_K + rank)) for rank, item in enumerate(lexical, 1)}
    semantic_rank = {}
    for rank, item in enumerate(semantic, 1):
        semantic_rank[item.docnum] = rank
        share = weight / (RRF_K + rank)
        known = fused.get(item.docnum)
        fused[item.docnum] = item._replace(score=share) if known is None else known._replace(
            score=known.score + share, similarity=item.similarity)
    return sorted(fused.values(), key=lambda item: (-item.score, semantic_rank.get(item.docnum, 0), item.docnum))


def count(searcher, query, allowed) -> int:
    """How many passages among ``allowed`` (None: all) match ``query``. The second part of
    an AndMaybe only adds to scores (a proximity bonus): it is not evaluated."""
    while isinstance(query, wq.AndMaybe):
        query = query.a
    return sum(1 for docnum in searcher.docs_for_query(query) if allowed is None or docnum in allowed)


def _lent_scores(searcher, pool, in_langs) -> dict[int, tuple[float, int]]:
    """docnum → (score lent by its best-matching language version, that version's docnum).

    A passage outside the pool counts as not matching by itself: its own score is below
    the pool's lowest."""
    lent: dict[int, tuple[float, int]] = {}
    reader = searcher.reader()
    places = reader.column_reader("place")
    for docnum, score in pool:
        for other in reader.postings("place", places[docnum]).all_ids():
            if other == docnum or (in_langs is not None and other not in in_langs):
                continue
            share = ALIGNED_WEIGHT * score
            if share > lent.get(other, (0.0, None))[0]:
                lent[other] = (share, docnum)
    return lent


def intersect(first, second):
    """Two docnum sets intersected, where None stands for every document."""
    if first is None:
        return second
    return first if second is None else first & second
