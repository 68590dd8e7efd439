"""Where bundled data and models live, for editable and wheel installs alike."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.exists():
            return c
    return candidates[-1]


def data_dir() -> Path:
    """data/ of the checkout, or the copy packed into the wheel."""
    return _first_existing(REPO_DIR / "data", PACKAGE_DIR / "_data")


def models_dir() -> Path:
    return _first_existing(REPO_DIR / "models", PACKAGE_DIR / "_models")


def lexicon_dir() -> Path:
    return data_dir() / "lexicons"


def samples_dir() -> Path:
    return data_dir() / "samples"


def shared_dir() -> Path:
    """../shared beside the checkout: third-party corpora and vocabularies (never copied in)."""
    return REPO_DIR.parent / "shared"
