"""Where bundled data and models live, for editable and wheel installs alike.

The checkout is recognised by a marker, never by a bare `data/` folder: a
wheel install puts the package in site-packages, where other distributions
(scispaCy among them) install their own top-level `data/` folder. Only a
parent folder whose pyproject.toml names the project `claimlens` is the
checkout; otherwise the copies packed into the wheel (`pipeline/_data`,
`pipeline/_models`) are used.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent

_PROJECT_NAME = re.compile(r'^\s*name\s*=\s*["\']claimlens["\']\s*$', re.MULTILINE)


@cache
def in_checkout() -> bool:
    """True when the package runs from a source checkout (editable install or PYTHONPATH)."""
    try:
        text = (REPO_DIR / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return bool(_PROJECT_NAME.search(text))


def data_dir() -> Path:
    """data/ of the checkout, or the copy packed into the wheel."""
    return REPO_DIR / "data" if in_checkout() else PACKAGE_DIR / "_data"


def models_dir() -> Path:
    return REPO_DIR / "models" if in_checkout() else PACKAGE_DIR / "_models"


def lexicon_dir() -> Path:
    return data_dir() / "lexicons"


def samples_dir() -> Path:
    return data_dir() / "samples"


def shared_dir() -> Path:
    """../shared beside the checkout: third-party corpora and vocabularies (never copied in)."""
    return REPO_DIR.parent / "shared"
