"""Works and their places: `zan show`, and the citation graph of `zan cites` / `cited-by`.

The graph is the catalogue's: the article's ``cites`` (with reference-list and
footnote numbers) and the relations between acts (supersedes, approved_by,
ratified_by, about), each read in both directions.
"""
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer import alignment, catalogue
from indexer.analysis import LANGUAGES
from indexer.errors import QueryError

DIRECTIONS = ("cites", "cited-by")


@dataclass(frozen=True)
class Link:
    """One edge of the citation graph, seen from the work asked about."""

    work: str
    title: str
    type: str
    date: str
    relation: str  # "cites", "cited by", or a catalogue relation ("supersedes", "superseded by", …)
    references: tuple[int, ...] = ()  # reference-list numbers (ЛИТЕРАТУРА)
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True)
class PlaceView:
    id: str
    key: str
    lang: str
    location: str
    kind: str
    text: str
    versions: tuple[str, ...] = ()  # ids of the same place in the other languages


@dataclass(frozen=True)
class WorkView:
    id: str
    title: str
    type: str
    date: str
    status: str
    passages: tuple[PlaceView, ...] = ()
    links: tuple[Link, ...] = field(default_factory=tuple)


_INVERSE = {"supersedes": "superseded by", "approved_by": "approves", "ratified_by": "ratifies",
            "about": "discussed by"}


def links(work_id: str, direction: str) -> list[Link]:
    """The works ``work_id`` cites (or relates to), or those that cite (relate to) it."""
    if direction not in DIRECTIONS:
        raise QueryError(f"unknown direction {direction!r}; use one of {', '.join(DIRECTIONS)}")
    works = catalogue.load()
    by_id = catalogue.by_id(works)
    if work_id not in by_id:
        raise QueryError(f"no work {work_id!r} in the catalogue; `zan docs` lists the works")
    found = []
    for work in works:
        for citation in work.cites:
            if direction == "cites" and work.id == work_id:
                found.append(_link(by_id[citation.work], "cites", citation))
            elif direction == "cited-by" and citation.work == work_id:
                found.append(_link(work, "cited by", citation))
        for relation, target in work.relations.items():
            if direction == "cites" and work.id == work_id:
                found.append(_link(by_id[target], relation))
            elif direction == "cited-by" and target == work_id:
                found.append(_link(work, _INVERSE.get(relation, relation)))
    return found


def _link(work, relation: str, citation=None) -> Link:
    return Link(work.id, work.title_in("en"), work.type, str(work.date or ""), relation,
                tuple(citation.references) if citation else (), tuple(citation.footnotes) if citation else ())


def show(opened_index, target: str, at: str = "", langs=()) -> WorkView:
    """A passage (by id) or a work — whole, or its place ``at`` (a key such as ``205`` or
    a location such as ``ст. 205``) — with its metadata and citation links."""
    work_id, key = _parse_target(target)
    with opened_index.searcher() as searcher:
        stored = [hit.fields() for hit in searcher.search(wq.Term("work", work_id), limit=None)]
    if not stored:
        raise QueryError(f"no work {work_id!r} in the index; `zan docs` lists the works")
    places = alignment.aligned(stored)
    if key or at:
        places = [place for place in places if _at(place, key or at)]
        if not places:
            raise QueryError(f"no place {(key or at)!r} in {work_id}")
    views = tuple(_view(place, lang) for place in places for lang in LANGUAGES
                  if lang in place.versions and (not langs or lang in langs)
                  and (not key or target.split("/")[1] == lang))
    return WorkView(**_metadata(opened_index, work_id), passages=views,
                    links=tuple(_safe_links(work_id, "cites") + _safe_links(work_id, "cited-by")))


def _parse_target(target: str) -> tuple[str, str]:
    """``work`` or a passage id ``work/lang/key``."""
    parts = target.split("/")
    if len(parts) == 3 and parts[1] in LANGUAGES:
        return parts[0], parts[2]
    return target, ""


def _at(place, wanted: str) -> bool:
    """Whether ``place`` is the place ``wanted`` names, or lies inside it."""
    from indexer.references import find_references

    wanted = wanted.strip()
    references = find_references(wanted)
    if references:
        return alignment.in_key(place, references[0].key)
    if alignment.in_key(place, wanted):
        return True
    folded = " ".join(wanted.lower().split())
    return any(" ".join(version.location.lower().split()) == folded for version in place.versions.values())


def _view(place, lang: str) -> PlaceView:
    version = place.versions[lang]
    others = tuple(other.id for other_lang, other in place.versions.items() if other_lang != lang)
    return PlaceView(version.id, place.key, lang, version.location, version.kind, version.text, others)


def _metadata(opened_index, work_id: str) -> dict:
    catalogued = catalogue.by_id(catalogue.load()).get(work_id)
    if catalogued is not None:
        return {"id": work_id, "title": catalogued.title_in("en"), "type": catalogued.type,
                "date": str(catalogued.date or ""), "status": catalogued.status}
    added = opened_index.manifest.work(work_id)
    return {"id": work_id, "title": added.title if added else work_id, "type": added.type if added else "",
            "date": added.date if added else "", "status": "added"}


def _safe_links(work_id: str, direction: str) -> list[Link]:
    """The links of a catalogued work; an added work has none."""
    try:
        return links(work_id, direction)
    except QueryError:
        return []
