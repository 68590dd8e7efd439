"""ClaimLens: health claims from web articles into tables.

The notebook API lives here; everything else is importable from its module.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "load", "connect", "Results"]


def __getattr__(name: str):
    # Lazy so that `import pipeline` (e.g. for the version) does not import spaCy.
    if name in {"extract", "load", "Results"}:
        from pipeline import api

        return getattr(api, name)
    if name == "connect":
        from pipeline.analysis.duck import connect

        return connect
    raise AttributeError(name)
