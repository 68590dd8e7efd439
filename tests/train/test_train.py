"""The `claimlens train` path end to end on a tiny slice (kept alive in CI; the real run takes ~25 min)."""

from __future__ import annotations

import json

import pytest

from pipeline.paths import shared_dir

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shared_dir() / "corpora" / "BC5CDR-PubTator").is_dir(), reason="needs the shared corpora"
    ),
]


def test_train_all_on_a_tiny_slice(tmp_path) -> None:
    from pipeline.nlp.build import load_nlp
    from pipeline.train.driver import TrainSettings, run

    settings = TrainSettings(
        work=tmp_path / "work",
        limit=3,
        max_steps=4,
        pretrain=True,
        pretrain_epochs=1,
        lexicons=("curated.jsonl",),
    )
    out = tmp_path / "model"
    result = run("all", settings, out=out, say=None)
    assert (out / "config.cfg").exists() and (out / "training.json").exists()
    assert json.loads((out / "training.json").read_text())["dev"].keys() >= {
        "bc5cdr_heldout_dev_strict_f1",
        "gold_dev_entity_strict_f1",
    }
    claims_dev = result["claims_dev"]
    assert set(claims_dev) == {"rules", "model", "thresholds", "chosen"}
    chosen = claims_dev["chosen"]
    assert chosen["mode"] == "override" and chosen["features"] == "signals"
    assert claims_dev["model"] == claims_dev["thresholds"][str(chosen["threshold"])]
    rules = claims_dev["rules"]["by_dev"]

    def guarded(v: dict) -> bool:  # no dev set a point below the rules
        return all(v["by_dev"][k][m] >= rules[k][m] - 0.01 for k in rules for m in ("claim_f1", "evidence_macro_f1"))

    allowed = [v for v in claims_dev["thresholds"].values() if guarded(v)] or list(claims_dev["thresholds"].values())
    assert chosen["guard_met"] == guarded(claims_dev["model"])
    assert claims_dev["model"]["claim_f1"] + claims_dev["model"]["evidence_macro_f1"] == max(
        v["claim_f1"] + v["evidence_macro_f1"] for v in allowed
    )
    nlp = load_nlp(out)
    assert nlp.meta["name"] == "claimlens_default" and nlp.meta["version"]
    assert nlp.pipe_names[:4] == ["claimlens_segmenter", "claimlens_lexicon", "tok2vec", "ner"]
    assert "claimlens_claims" in nlp.pipe_names
    if result["claim_model_shipped"]:
        cm = nlp.get_pipe("claimlens_claim_model")
        assert nlp.pipe_names.index("claimlens_claim_model") > nlp.pipe_names.index("claimlens_claims")
        assert (cm.mode, cm.claim_threshold, cm.relabel_threshold) == ("override", chosen["threshold"], 0.8)
    doc = nlp("Kratom may ease anxiety, users report.")
    assert len(list(doc.sents)) == 1
    assert all(e.label_ in ("SUBSTANCE", "CONDITION", "MECHANISM") for e in doc.ents)
