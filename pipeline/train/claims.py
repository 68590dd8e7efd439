"""Train the claim model (pipeline/nlp/claim_model.py) on the gold train split.

Each predicted sentence of a gold document (the pipeline's own sentences,
so training sees what inference sees) takes the labels of the gold sentence
it shares most characters with. Features come from the same `Featurizer`
the component uses, after the rules have run. One L2-regularised logistic
regression per label (scikit-learn), exported as plain numpy weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy
from spacy.language import Language

from pipeline.evaluate.scorer import align_sentences
from pipeline.nlp.claim_model import (
    CLAIM_TYPES,
    EVIDENCE,
    HEADS,
    N_OUT,
    RULE_FEATURES,
    Featurizer,
    read_rule_labels,
)
from pipeline.nlp.claim_model import sentence_bounds as sent_bounds


def sentence_table(
    nlp: Language, records: Sequence[dict[str, Any]], featurizer: Featurizer
) -> tuple[Any, dict[str, numpy.ndarray], list[dict[str, Any]]]:
    """(CSR features, per-label targets, per-sentence info) of every predicted sentence.

    Targets: claim (0/1 for all), evidence/claim_type (class index, -1 for
    non-claims), hedged/negated (0/1, -1 for non-claims).
    """
    from scipy.sparse import csr_matrix

    rows: list[numpy.ndarray] = []
    cols: list[numpy.ndarray] = []
    vals: list[numpy.ndarray] = []
    y: dict[str, list[int]] = {h: [] for h in HEADS}
    info: list[dict[str, Any]] = []
    base = 0
    texts = [r["text"] for r in records]
    for rec, doc in zip(records, nlp.pipe(texts), strict=True):
        bounds = sent_bounds(doc)
        rules = read_rule_labels(doc, bounds)
        ids, sent_ids, _tok, dense = featurizer(doc, bounds, rules)
        spans = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in bounds]
        gold = rec["sentences"]
        best = align_sentences(spans, [(g["start"], g["end"]) for g in gold])
        rows.append(sent_ids + base)
        cols.append(ids)
        vals.append(numpy.ones(len(ids), dtype="float32"))
        nz = numpy.nonzero(dense)
        rows.append(nz[0] + base)
        cols.append(nz[1] + featurizer.n_hash)
        vals.append(dense[nz])
        for i, j in enumerate(best):
            g = gold[j] if j is not None else None
            claim = bool(g and g["is_claim"])
            y["claim"].append(int(claim))
            y["evidence"].append(EVIDENCE.index(g["evidence"]) if claim else -1)
            y["claim_type"].append(CLAIM_TYPES.index(g["claim_type"]) if claim else -1)
            y["hedged"].append(int(bool(g["hedged"])) if claim else -1)
            y["negated"].append(int(bool(g["negated"])) if claim else -1)
            info.append({"doc_id": rec["doc_id"], "span": spans[i], "rule_claim": bool(rules[i]["claimlens_is_claim"])})
        base += len(bounds)
    X = csr_matrix(
        (numpy.concatenate(vals), (numpy.concatenate(rows), numpy.concatenate(cols))),
        shape=(base, featurizer.n_features),
        dtype="float32",
    )
    X.sum_duplicates()
    X.data = numpy.minimum(X.data, 1.0)  # presence, not counts
    return X, {h: numpy.asarray(v) for h, v in y.items()}, info


FEATURE_SETS: tuple[str, ...] = ("text", "signals", "all")


def feature_mask(n_hash: int, features: str) -> numpy.ndarray:
    """1/0 per feature column: which dense rule features a model may use.

    "text": n-grams and entity presence only; "signals": also the rules' cue signals
    (what the rules saw: effect cue, substance reference, evidence cue...); "all": also
    the rules' final labels. Models trained on data the rules were written on learn to
    copy the final labels ("trust the rules") and generalise worse, so "signals" is the default.
    """
    if features not in FEATURE_SETS:
        raise ValueError(f"claim features {features!r}: use one of {', '.join(FEATURE_SETS)}")
    keep = numpy.ones(n_hash + len(RULE_FEATURES), dtype="float32")
    for k, name in enumerate(RULE_FEATURES):
        if (name.startswith("rule_") and features != "all") or (name.startswith("sig_") and features == "text"):
            keep[n_hash + k] = 0.0
    return keep


def fit(
    X: Any,
    y: dict[str, numpy.ndarray],
    n_hash: int,
    *,
    C: float = 1.0,
    seed: int = 0,
    features: str = "signals",
    sample_weight: numpy.ndarray | None = None,
) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, dict[str, Any]]:
    """Weights (W, V, b) of all heads; a head with one class in its data keeps zero weights and a bias.

    Columns outside ``features`` (see `feature_mask`) are zeroed before fitting, so they get zero weight.
    """
    from scipy.sparse import diags
    from sklearn.linear_model import LogisticRegression

    n_feat = n_hash + len(RULE_FEATURES)
    X = X @ diags(feature_mask(n_hash, features))
    weight = numpy.ones(X.shape[0]) if sample_weight is None else numpy.asarray(sample_weight, dtype="float64")
    W = numpy.zeros((n_feat, N_OUT), dtype="float32")
    b = numpy.zeros(N_OUT, dtype="float32")
    col = 0
    meta: dict[str, Any] = {"C": C, "features": features, "n": {}}
    for head, labels in HEADS.items():
        target = y[head]
        mask = target >= 0
        Xh, th = X[mask], target[mask]
        meta["n"][head] = int(mask.sum())
        k = len(labels)
        classes = numpy.unique(th)
        if len(classes) < 2:
            b[col : col + k] = 10.0 if (k == 1 and len(classes) and classes[0] == 1) else 0.0
            col += k
            continue
        clf = LogisticRegression(C=C, max_iter=3000, random_state=seed)
        clf.fit(Xh, th, sample_weight=weight[mask])
        if k == 1:
            W[:, col] = clf.coef_[0]
            b[col] = clf.intercept_[0]
        else:
            seen = [int(c) for c in clf.classes_]
            for c in range(k):
                if c not in seen:
                    b[col + c] = -1e4  # a class never seen in training is never predicted
                elif len(seen) > 2:
                    W[:, col + c] = clf.coef_[seen.index(c)]
                    b[col + c] = clf.intercept_[seen.index(c)]
                else:  # binary: one coefficient vector, split between the two classes
                    sign = 1.0 if seen.index(c) == 1 else -1.0
                    W[:, col + c] = sign * clf.coef_[0] / 2
                    b[col + c] = sign * clf.intercept_[0] / 2
        col += k
    return W[:n_hash], W[n_hash:], b, meta
