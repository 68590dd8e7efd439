"""Retrain the shipped models from /work/shared and data/: corpora -> pretraining -> NER -> claims -> pipeline.

Every step writes under a work folder outside the repository (corpus text
must not enter it, `corpus.cache_dir()` by default); only `assemble`
writes into models/. Seeds are fixed ([system] seed in the configs,
random_state of the claim model), BLAS runs on one thread, so a rerun
reproduces the shipped scores.

Protocol (see models/claimlens-default/README.md): train on BC5CDR train +
400 BC5CDR dev abstracts + NCBI-disease train + the gold train split +
lexicon-labelled web samples; choose checkpoints and settings on the other
100 BC5CDR dev abstracts and the gold dev split; test splits are read only
by `claimlens evaluate` / `claimlens benchmark`, never here.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import Config

from pipeline import __version__
from pipeline.train import corpus as C

CONFIG_DIR = Path(__file__).parent / "configs"
MODEL_NAME = "claimlens-default"
MODEL_VERSION = "1.0.0"


@dataclass
class TrainSettings:
    """What `claimlens train` does; the defaults reproduce the shipped model."""

    work: Path = field(default_factory=C.cache_dir)
    ner_config: Path = CONFIG_DIR / "ner.cfg"
    mechanism: str = "lexicon"
    gold_repeat: int = 1
    pretrain: bool = True
    init_tok2vec: Path | None = None  # pretrained weights from an earlier `pretrain` step (skips pretraining)
    pretrain_epochs: int | None = None
    limit: int | None = None  # documents per source (smoke runs)
    max_steps: int | None = None  # NER updates (smoke runs)
    lexicons: tuple[str, ...] = C.DEFAULT_LEXICONS
    overrides: dict[str, Any] = field(default_factory=dict)
    claim_C: float = 1.0
    claim_mode: str = "override"
    claim_relabel: float = 0.8  # the model replaces a rule claim's evidence at this probability
    claim_threshold: float | None = None  # None: the best of CLAIM_THRESHOLDS on gold dev
    claim_features: str = "signals"  # text | signals | all (pipeline.train.claims.feature_mask)


CLAIM_THRESHOLDS: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def setup(threads: int = 1) -> None:
    """Component registrations and the fast single-thread CPU ops (before any model is built)."""
    from pipeline.nlp.build import register_components
    from pipeline.nlp.ops import use_fast_ops

    register_components()
    use_fast_ops(threads=threads)


def _log(say: Callable[[str], None] | None, msg: str) -> None:
    if say is not None:
        say(msg)


def ner_config(s: TrainSettings, corpus_dir: Path, init_tok2vec: Path | None = None) -> Config:
    """The NER config with the corpus paths and settings filled in."""
    cfg = spacy.util.load_config(s.ner_config)
    over: dict[str, Any] = {
        "paths.train": str(corpus_dir / "train.spacy"),
        "paths.dev": str(corpus_dir / "dev.spacy"),
        "paths.init_tok2vec": str(init_tok2vec) if init_tok2vec else None,
        "components.claimlens_lexicon.lexicons": list(s.lexicons),
    }
    if s.max_steps:
        over["training.max_steps"] = s.max_steps
        over["training.eval_frequency"] = max(1, s.max_steps // 2)
    over.update(s.overrides)
    cfg = cfg.merge(spacy.util.dot_to_dict(over))
    if init_tok2vec is not None:  # spaCy loads init_tok2vec only when a [pretraining] section names the layer
        cfg = cfg.merge({"pretraining": spacy.util.load_config(CONFIG_DIR / "pretrain.cfg")["pretraining"]})
    return cfg


def build_corpora(s: TrainSettings, say: Callable[[str], None] | None = None) -> Path:
    out = s.work / "ner-corpus"
    _log(say, f"corpora -> {out}")
    info = C.build_ner_corpora(
        out, mechanism=s.mechanism, lexicons=s.lexicons, gold_repeat=s.gold_repeat, limit=s.limit
    )
    _log(say, f"  {info['train_docs']} training docs, {info['dev_docs']} dev docs")
    return out


def pretrain(s: TrainSettings, corpus_dir: Path, say: Callable[[str], None] | None = None) -> Path:
    """spaCy's character-objective pretraining of the tok2vec; returns the weights file."""
    from spacy.training.pretrain import pretrain as spacy_pretrain

    out = s.work / "pretrain"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    raw = s.work / "pretrain.jsonl"
    words = C.write_pretraining_jsonl(raw, limit=s.limit)
    _log(say, f"pretraining on {words:,} words -> {out}")
    cfg = ner_config(s, corpus_dir).merge(spacy.util.load_config(CONFIG_DIR / "pretrain.cfg"))
    cfg = cfg.merge(spacy.util.dot_to_dict({"paths.raw_text": str(raw)}))
    if s.pretrain_epochs is not None:
        cfg = cfg.merge({"pretraining": {"max_epochs": s.pretrain_epochs}})
    spacy_pretrain(cfg.interpolate(), out, silent=say is None)
    weights = sorted(out.glob("model*.bin"), key=lambda p: (len(p.name), p.name))
    weights = [w for w in weights if w.name != "model-last.bin"] or weights
    return weights[-1]


def train_ner(
    s: TrainSettings, corpus_dir: Path, init_tok2vec: Path | None, say: Callable[[str], None] | None = None
) -> Path:
    """spaCy's training loop on the NER config; returns the best checkpoint (by dev ents_f)."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as spacy_train

    out = s.work / "ner"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    _log(say, f"training the NER -> {out}")
    nlp = init_nlp(ner_config(s, corpus_dir, init_tok2vec))
    import io
    import sys

    stream = sys.stdout if say is not None else io.StringIO()
    spacy_train(nlp, out, stdout=stream, stderr=stream)
    return out / "model-best"


def assemble(ner_dir: Path, out: Path, *, claim_model: Any = None, meta: dict[str, Any] | None = None) -> Language:
    """The shipped pipeline: the trained NER pipeline + the rule claims (+ the claim model when it earns it)."""
    nlp = spacy.load(ner_dir)
    nlp.get_pipe("ner").cfg["version"] = f"ner-{MODEL_VERSION}"  # recorded per row via component_versions
    if "claimlens_claims" not in nlp.pipe_names:
        nlp.add_pipe("claimlens_claims")
    if claim_model is not None:
        cm = nlp.add_pipe(
            "claimlens_claim_model",
            config={
                "mode": claim_model.mode,
                "claim_threshold": claim_model.claim_threshold,
                "relabel_threshold": claim_model.relabel_threshold,
            },
        )
        cm.set_weights(claim_model.W, claim_model.V, claim_model.b, claim_model.meta)
    nlp.meta["name"] = MODEL_NAME.replace("-", "_")
    nlp.meta["version"] = MODEL_VERSION
    nlp.meta["description"] = (
        "ClaimLens pipeline: lexicon + trained NER + rule claims (+ trained claim classifier); see README.md"
    )
    nlp.meta["claimlens"] = dict(meta or {}, claimlens_version=__version__)
    # The training paths (work-folder corpora, pretrained weights) mean nothing to a user of the folder.
    for key in list(nlp.config["paths"]):
        nlp.config["paths"][key] = None
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    return nlp


def train_claims(
    s: TrainSettings, nlp: Language, say: Callable[[str], None] | None = None
) -> tuple[Any, dict[str, Any]]:
    """Fit the claim model on gold train with ``nlp`` (rules included); pick the threshold and score it on gold dev.

    The threshold (unless `s.claim_threshold` fixes it) is the one of CLAIM_THRESHOLDS with the
    best claim F1 + evidence macro-F1, averaged over the self-written and the real-text dev sets,
    among those where neither set loses more than a point against the rules. Returns (component with weights and threshold,
    dev scores of "rules", of "model" and per threshold).
    """
    from pipeline.evaluate.run import evaluate_records
    from pipeline.train.claims import fit, sentence_table

    train = C.gold_records("train")[: s.limit]
    devs = {"self": C.gold_records("dev", real=False)[: s.limit], "real": C.real_gold_records("dev")[: s.limit]}
    devs = {k: v for k, v in devs.items() if v}
    added = "claimlens_claim_model" not in nlp.pipe_names
    cm = nlp.add_pipe("claimlens_claim_model", config={"mode": "rules"}) if added else nlp.get_pipe("claimlens_claim_model")
    cm.mode = "rules"
    X, y, _info = sentence_table(nlp, train, cm.featurizer)
    W, V, b, meta = fit(X, y, cm.featurizer.n_hash, C=s.claim_C, features=s.claim_features)
    meta["version"] = MODEL_VERSION
    cm.set_weights(W, V, b, meta)

    def one(records: list[dict[str, Any]]) -> dict[str, float]:
        r = evaluate_records(records, nlp=nlp)
        return {
            "claim_precision": r["claims"]["precision"],
            "claim_recall": r["claims"]["recall"],
            "claim_f1": r["claims"]["f1"],
            "evidence_macro_f1": r["evidence"]["end_to_end"]["macro_f1_evidence"],
            "claim_type_accuracy": r["attributes"]["claim_type"]["accuracy"],
        }

    def dev_scores() -> dict[str, Any]:
        """Each dev set on its own, and their mean (self-written and real text count alike)."""
        parts = {k: one(v) for k, v in devs.items()}
        mean = {key: sum(p[key] for p in parts.values()) / len(parts) for key in next(iter(parts.values()))}
        return {**mean, "by_dev": parts}

    def guarded(t: float) -> bool:
        """No dev set may lose more than a point of claim F1 or evidence macro-F1 against the rules."""
        return all(
            by_threshold[t]["by_dev"][k][m] >= scores["rules"]["by_dev"][k][m] - 0.01
            for k in devs
            for m in ("claim_f1", "evidence_macro_f1")
        )

    scores: dict[str, Any] = {"rules": dev_scores()}
    cm.mode, cm.relabel_threshold = s.claim_mode, s.claim_relabel
    grid = (s.claim_threshold,) if s.claim_threshold is not None else CLAIM_THRESHOLDS
    by_threshold = {}
    for t in grid:
        cm.claim_threshold = t
        by_threshold[t] = dev_scores()
    allowed = [t for t in grid if guarded(t)] or list(grid)
    best = max(allowed, key=lambda t: (by_threshold[t]["claim_f1"] + by_threshold[t]["evidence_macro_f1"], -t))
    cm.claim_threshold = best
    cm.meta["threshold_selected_on"] = "gold dev (self-written and real text, each within a point of the rules)"
    scores["model"] = by_threshold[best]
    scores["thresholds"] = {str(t): v for t, v in by_threshold.items()}
    scores["chosen"] = {
        "mode": s.claim_mode, "threshold": best, "relabel_threshold": s.claim_relabel, "features": s.claim_features,
        "guard_met": guarded(best),
    }
    _log(say, f"claims on gold dev: rules {scores['rules']}, model ({s.claim_mode} @ {best}) {scores['model']}")
    if added:
        nlp.remove_pipe("claimlens_claim_model")
    return cm, scores


def beats(model: dict[str, float], rules: dict[str, float]) -> bool:
    """Ship the claim model only when it is better on claims and no worse on evidence (gold dev)."""
    return model["claim_f1"] > rules["claim_f1"] and model["evidence_macro_f1"] >= rules["evidence_macro_f1"]


def dev_report(nlp: Language, limit: int | None = None) -> dict[str, Any]:
    """Dev numbers for the model card: BC5CDR held-out abstracts, gold dev, NCBI-disease dev."""
    from pipeline.evaluate import corpora
    from pipeline.evaluate.benchmarks import entity_benchmark
    from pipeline.evaluate.run import evaluate_records

    _train, held = C.heldout_split(corpora.read_bc5cdr("dev"))
    bc5 = entity_benchmark("bc5cdr", held[:limit], ("SUBSTANCE", "CONDITION"), nlp=nlp)
    ncbi = entity_benchmark("ncbi", corpora.read_ncbi_disease("dev")[:limit], ("CONDITION",), nlp=nlp)
    gold = evaluate_records(C.gold_records("dev", real=False)[:limit], nlp=nlp)
    real = evaluate_records(C.real_gold_records("dev")[:limit], nlp=nlp)
    return {
        "real_dev_entity_strict_f1": real["entities"]["strict"]["micro"]["f1"],
        "real_dev_mechanism_f1": real["entities"]["strict"]["per_label"]["MECHANISM"]["f1"],
        "real_dev_claim_f1": real["claims"]["f1"],
        "real_dev_evidence_macro_f1": real["evidence"]["end_to_end"]["macro_f1_evidence"],
        "bc5cdr_heldout_dev_strict_f1": bc5["entities"]["strict"]["micro"]["f1"],
        "ncbi_dev_strict_f1": ncbi["entities"]["strict"]["micro"]["f1"],
        "gold_dev_entity_strict_f1": gold["entities"]["strict"]["micro"]["f1"],
        "gold_dev_claim_f1": gold["claims"]["f1"],
        "gold_dev_evidence_macro_f1": gold["evidence"]["end_to_end"]["macro_f1_evidence"],
    }


def run(
    what: str,
    s: TrainSettings,
    *,
    out: Path | None = None,
    say: Callable[[str], None] | None = print,
) -> dict[str, Any]:
    """`claimlens train ner|claims|all`. ``out`` (e.g. models/claimlens-default) gets the assembled pipeline.

    "claims" retrains only the claim model on top of the NER in ``s.work``/ner.
    """
    if what not in ("ner", "claims", "all"):
        raise ValueError(f"what={what!r}: use ner, claims or all")
    setup()
    t0 = time.time()
    result: dict[str, Any] = {"settings": {k: str(v) for k, v in vars(s).items()}}
    ner_best = s.work / "ner" / "model-best"
    if what in ("ner", "all"):
        corpus_dir = build_corpora(s, say)
        init = s.init_tok2vec or (pretrain(s, corpus_dir, say) if s.pretrain else None)
        ner_best = train_ner(s, corpus_dir, init, say)
    if not (ner_best / "config.cfg").exists():
        raise FileNotFoundError(f"no trained NER in {ner_best}: run `claimlens train ner` first")
    staging = s.work / "assembled"
    nlp = assemble(ner_best, staging)
    claim_model = None
    if what in ("claims", "all"):
        cm, scores = train_claims(s, nlp, say)
        result["claims_dev"] = scores
        result["claim_model_shipped"] = beats(scores["model"], scores["rules"])
        if result["claim_model_shipped"]:
            claim_model = cm
    meta = {"training": {k: result["settings"][k] for k in ("mechanism", "gold_repeat", "pretrain", "lexicons")}}
    target = out or staging
    nlp = assemble(ner_best, target, claim_model=claim_model, meta=meta)
    result["dev"] = dev_report(nlp, limit=s.limit)
    result["seconds"] = round(time.time() - t0, 1)
    result["model"] = str(target)
    (target / "training.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    _log(say, json.dumps(result["dev"], indent=1))
    return result
