"""Loading pipelines: config names, model folders and their named variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ModelNotFound
from pipeline.nlp.build import load_nlp, split_variant

SHIPPED = Path(__file__).resolve().parents[2] / "models" / "claimlens-default"


def test_split_variant() -> None:
    assert split_variant("models/x@models-only") == ("models/x", "models-only")
    assert split_variant("models/x@combined") == ("models/x", "combined")
    assert split_variant("models/x@nonsense") == ("models/x@nonsense", None)  # unknown: a path like any other
    assert split_variant("rules") == ("rules", None)


def test_variant_of_a_config_name_is_refused() -> None:
    with pytest.raises(ModelNotFound, match="trained model folder"):
        load_nlp("rules@models-only")


def test_models_only_overrides_the_saved_combination() -> None:
    shipped = load_nlp(SHIPPED)
    only = load_nlp(f"{SHIPPED}@models-only")
    assert shipped.get_pipe("ner").cfg["existing_ents"] == "model_wins"
    assert only.get_pipe("ner").cfg["existing_ents"] == "replace"
    assert only.meta["claimlens_version"] != shipped.meta["claimlens_version"]
    text = "Kratom eased my anxiety, and 7-hydroxymitragynine binds mu-opioid receptors."
    # the model's spans are the same in both (same features); the variant only drops the lexicon's
    shipped_ents = {(e.start_char, e.end_char, e.label_) for e in shipped(text).ents}
    only_ents = {(e.start_char, e.end_char, e.label_) for e in only(text).ents}
    assert only_ents and only_ents <= shipped_ents


def test_default_model_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.nlp.build import default_model

    monkeypatch.setenv("CLAIMLENS_MODEL", "rules")
    assert default_model() == "rules"
    monkeypatch.delenv("CLAIMLENS_MODEL")
    shipped = SHIPPED.parent / "claimlens-default"
    assert default_model() == (str(shipped) if (shipped / "config.cfg").exists() else "rules")
