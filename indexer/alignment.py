"""Language versions of one passage, aligned on ``(work, key)``."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Version:
    """One language version of a passage, as the index stores it."""

    id: str
    lang: str
    location: str
    text: str
    kind: str
    order: int


@dataclass(frozen=True)
class AlignedPassage:
    work: str
    key: str
    versions: dict[str, Version] = field(default_factory=dict)  # language → version

    @property
    def order(self) -> int:
        return min(version.order for version in self.versions.values())


def aligned(stored_fields, work: str | None = None) -> list[AlignedPassage]:
    """The passages of ``stored_fields`` (dicts of stored index fields) grouped by
    ``(work, key)``, in document order; only the passages of ``work`` if given."""
    groups: dict[tuple[str, str], dict[str, Version]] = {}
    for fields in stored_fields:
        if work is not None and fields["work"] != work:
            continue
        versions = groups.setdefault((fields["work"], fields["key"]), {})
        versions[fields["lang"]] = Version(fields["id"], fields["lang"], fields["location"],
                                           fields["text"], fields["kind"], fields["order"])
    passages = [AlignedPassage(work_id, key, versions) for (work_id, key), versions in groups.items()]
    return sorted(passages, key=lambda passage: (passage.work, passage.order))


def in_key(passage: AlignedPassage, key: str) -> bool:
    """Whether ``passage`` is the place ``key`` or lies inside it (``205`` holds ``205.1``)."""
    return passage.key == key or passage.key.startswith(key + ".")
