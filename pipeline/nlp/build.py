"""Assemble the ClaimLens spaCy pipeline from a config or a trained model folder."""

from __future__ import annotations

import hashlib
import importlib
import os
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
    "pipeline.nlp.mechanisms",
    "pipeline.nlp.claims",
    "pipeline.nlp.architectures",
    "pipeline.nlp.ner",
    "pipeline.nlp.claim_model",
)


# Named ways of running a trained pipeline folder, as spaCy config overrides
# (`--model models/claimlens-default@models-only`). "combined" is the folder
# as shipped; "models-only" keeps the trained components' own decisions
# (NER spans replace the lexicon's, which remain features and normalisation;
# the claim model decides every label) so the README can show what the
# models add over the rules.
VARIANTS: dict[str, dict[str, str]] = {
    "combined": {},
    "models-only": {
        "components.ner.existing_ents": "replace",
        "components.claimlens_claim_model.mode": "override",
    },
}


def split_variant(model: str | Path) -> tuple[str, str | None]:
    """Split "DIR@variant" into (DIR, variant); anything else gives (model, None)."""
    text = str(model)
    base, sep, variant = text.rpartition("@")
    if sep and variant in VARIANTS and not Path(text).exists():
        return base, variant
    return text, None


def register_components() -> None:
    for mod in _COMPONENT_MODULES:
        importlib.import_module(mod)


def default_model() -> str:
    """$CLAIMLENS_MODEL when set, else the shipped trained pipeline, else the rules config."""
    chosen = os.environ.get("CLAIMLENS_MODEL", "").strip()
    if chosen:
        return chosen
    shipped = models_dir() / "claimlens-default"
    return str(shipped) if (shipped / "config.cfg").exists() else "rules"


def load_nlp(model: str | Path | None = None) -> Language:
    """Load a pipeline: a config name from configs/ ("rules"), a .cfg file, or a saved model folder."""
    register_components()
    model, variant = split_variant(model or default_model())
    path = Path(model)
    if variant is not None and not path.is_dir():
        raise ModelNotFound(f"variant @{variant} applies to a trained model folder, not to {model!r}.")
    if path.is_dir():
        if not (path / "config.cfg").exists():
            raise ModelNotFound(f"{path} is a folder but has no config.cfg; pass a saved spaCy pipeline folder.")
        from pipeline.nlp.ops import use_fast_ops

        use_fast_ops()  # before loading: thinc layers take their ops when they are built
        overrides = {}
        if variant:
            present = spacy.util.load_config(path / "config.cfg")["components"]
            overrides = {k: v for k, v in VARIANTS[variant].items() if k.split(".")[1] in present}
        nlp = spacy.load(path, config=overrides)
        if variant and variant != "combined":
            nlp.meta["name"] = f"{nlp.meta.get('name', 'pipeline')}@{variant}"
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
