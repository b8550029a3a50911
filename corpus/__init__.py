"""The bundled corpus: raw texts in ``texts/`` and the catalogue ``catalogue.toml``."""
from importlib import resources
from pathlib import Path


def root() -> Path:
    return Path(str(resources.files(__name__)))


def catalogue_path() -> Path:
    return root() / "catalogue.toml"


def texts_dir() -> Path:
    return root() / "texts"
