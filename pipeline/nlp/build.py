"""Assemble the ClaimLens spaCy pipeline from a config or a trained model folder."""

from __future__ import annotations

import hashlib
import importlib
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline import __version__
from pipeline.errors import ModelNotFound
from pipeline.paths import models_dir

CONFIG_DIR = Path(__file__).parent / "configs"

# Imported for their registrations, so an uninstalled checkout works too
# (installed, the spacy_factories entry points do the same).
_COMPONENT_MODULES = (
    "pipeline.nlp.extensions",
    "pipeline.nlp.tokenizer",
    "pipeline.nlp.segment",
    "pipeline.nlp.lexicon",
    "pipeline.nlp.abbreviations",
    "pipeline.nlp.claims",
    "pipeline.nlp.architectures",
    "pipeline.nlp.ner",
    "pipeline.nlp.claim_model",
)


def register_components() -> None:
    for mod in _COMPONENT_MODULES:
        importlib.import_module(mod)


def default_model() -> str:
    """The trained pipeline if one is shipped, else the rules config."""
    shipped = models_dir() / "claimlens-default"
    return str(shipped) if (shipped / "config.cfg").exists() else "rules"


def load_nlp(model: str | Path | None = None) -> Language:
    """Load a pipeline: a config name from configs/ ("rules"), a .cfg file, or a saved model folder."""
    register_components()
    model = model or default_model()
    path = Path(model)
    if path.is_dir():
        if not (path / "config.cfg").exists():
            raise ModelNotFound(f"{path} is a folder but has no config.cfg; pass a saved spaCy pipeline folder.")
        from pipeline.nlp.ops import use_fast_ops

        use_fast_ops()  # before loading: thinc layers take their ops when they are built
        nlp = spacy.load(path)
    else:
        cfg_path = path if path.suffix == ".cfg" else CONFIG_DIR / f"{model}.cfg"
        if not cfg_path.exists():
            names = ", ".join(sorted(p.stem for p in CONFIG_DIR.glob("*.cfg")))
            raise ModelNotFound(
                f"no pipeline called {model!r}: give a config name ({names}), a .cfg file or a model folder."
            )
        config = spacy.util.load_config(cfg_path)
        nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
        nlp.initialize()
        nlp.meta["name"] = cfg_path.stem
        nlp.meta["version"] = __version__
    nlp.meta["claimlens_version"] = pipeline_version(nlp)
    return nlp


@lru_cache(maxsize=8)
def _cached(model: str) -> Language:
    return load_nlp(model)


def get_nlp(model: str | Path | None = None) -> Language:
    """load_nlp, cached per process (workers and notebooks load a model once)."""
    return _cached(str(model or default_model()))


def component_versions(nlp: Language) -> dict[str, str]:
    """Version fingerprint of every component that declares one (lexicons, models)."""
    out: dict[str, str] = {}
    for name, proc in nlp.pipeline:
        version = getattr(proc, "version", None)
        if version:
            out[name] = str(version)
    return out


def pipeline_version(nlp: Language) -> str:
    """Short string written on every row: claimlens version, pipeline, and component fingerprints."""
    parts = [f"claimlens-{__version__}", f"{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"]
    comps = component_versions(nlp)
    if comps:
        digest = hashlib.sha1(repr(sorted(comps.items())).encode()).hexdigest()[:8]
        parts.append(f"c{digest}")
    return "+".join(parts)
