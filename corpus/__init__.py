"""The bundled corpus: raw texts in ``texts/`` and the catalogue ``catalogue.toml``."""
from pathlib import Path


def root() -> Path:
    return Path(__file__).parent


def catalogue_path() -> Path:
    return root() / "catalogue.toml"


def texts_dir() -> Path:
    return root() / "texts"


def thesaurus_path() -> Path:
    return root() / "thesaurus.toml"
