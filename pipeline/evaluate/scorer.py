"""Score predicted tables against gold records.

Pure functions over plain data: gold records as `read_gold` yields them,
predictions as lists of tuples (or the pipeline's DataFrames, via `score`).
Every result is a nested dict of plain numbers and strings, so it can be
written as JSON and rendered by `pipeline.evaluate.render`.

Conventions (the same everywhere, so numbers are comparable):

- P = tp / (tp + fp), R = tp / (tp + fn), F1 = 2PR / (P + R); a ratio whose
  denominator is 0 is reported as 0.0 (sklearn's ``zero_division=0``), with
  the raw counts beside it so an empty class is visible as such.
- Macro averages run over the classes that occur in gold or in prediction;
  a class absent from both would otherwise drag a perfect score below 1.
- Sentence boundaries: see `boundary_offsets`.
- Entities: strict = same start, end and label. Overlap = same label and at
  least one shared character, matched one-to-one (see `match_overlap`).
- Claims: each gold sentence takes the labels of the predicted sentence that
  shares most characters with it (see `align_sentences`), so a prediction
  with other sentence boundaries is still scored sentence by sentence on the
  gold units instead of failing.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Span = tuple[int, int]
Mention = tuple[int, int, str]

EVIDENCE_LABELS: tuple[str, ...] = ("clinical", "preclinical", "anecdotal", "unspecified")
NONE = "none"
END_TO_END_LABELS: tuple[str, ...] = (NONE, *EVIDENCE_LABELS)
CLAIM_TYPES: tuple[str, ...] = ("benefit", "harm", "mechanism")


# --------------------------------------------------------------------- counts


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 with the counts they come from."""
    p = _ratio(tp, tp + fp)
    r = _ratio(tp, tp + fn)
    f = _ratio(2 * p * r, p + r)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


class PRFCounts:
    """precision / recall / f1 properties for a (dataclass) record with tp, fp and fn counts."""

    __slots__ = ()
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)


# ------------------------------------------------------- sentence boundaries


def boundary_offsets(text: str, spans: Iterable[Span]) -> set[int]:
    """Where sentences end, as comparable character offsets.

    A sentence's boundary is its end with trailing whitespace dropped, so
    "Hello. " and "Hello." end at the same place. The end of the document's
    last non-blank character is not a boundary: every segmenter finds it,
    and counting it would reward a segmenter that never splits.
    Whitespace-only spans are ignored.
    """
    doc_end = len(text.rstrip())
    out: set[int] = set()
    for start, end in spans:
        piece = text[start:end]
        stripped = piece.rstrip()
        if not stripped.strip():
            continue
        b = start + len(stripped)
        if b < doc_end:
            out.add(b)
    return out


def trimmed_spans(text: str, spans: Iterable[Span]) -> set[Span]:
    """Spans with surrounding whitespace removed (whitespace-only spans dropped)."""
    out: set[Span] = set()
    for start, end in spans:
        piece = text[start:end]
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        out.add((start + lead, start + len(piece.rstrip())))
    return out


def sentence_boundary_scores(docs: Iterable[tuple[str, Sequence[Span], Sequence[Span]]]) -> dict[str, Any]:
    """Boundary P/R/F1 (micro over documents) plus exact-sentence P/R/F1.

    ``docs`` yields (text, gold_spans, predicted_spans). Boundaries are
    counted by the segmenter's `pipeline.evaluate.sbd.score_boundaries`
    (same convention as `boundary_offsets`); ``sentences`` counts a
    predicted sentence right only when both its trimmed ends match a gold
    sentence; ``documents_all_correct`` is the share of documents whose
    sentences are all exactly right (the pass rate of a golden-rules set).
    """
    from pipeline.evaluate.sbd import score_boundaries, total

    # score_boundaries takes gold sentence strings and finds them in order; gold
    # sentences tile the text (goldsrc, corpora readers), so each is found at its span.

    per_doc = []
    n_pred = 0
    for text, gold, pred in docs:
        per_doc.append(score_boundaries([text[s:e] for s, e in gold], text, pred))
        n_pred += len(trimmed_spans(text, pred))
    tot = total(per_doc)
    return {
        "boundaries": prf(tot.tp, tot.fp, tot.fn),
        "sentences": prf(tot.exact_sentences, n_pred - tot.exact_sentences, tot.gold_sentences - tot.exact_sentences),
        "documents": tot.cases,
        "documents_all_correct": _ratio(tot.exact_cases, tot.cases),
    }


# ------------------------------------------------------------------ entities


class _Window:
    """Find the spans overlapping a query span without scanning them all."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = spans
        self.order = sorted(range(len(spans)), key=lambda j: spans[j])
        self.starts = [spans[j][0] for j in self.order]
        self.max_end: list[int] = []  # running max of ends: nondecreasing, so bisectable
        m = -1
        for j in self.order:
            m = max(m, spans[j][1])
            self.max_end.append(m)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices (in the original order) of spans sharing a character with [start, end), by start."""
        lo = bisect.bisect_right(self.max_end, start)  # before lo every span ends at or before start
        hi = bisect.bisect_left(self.starts, end)  # from hi on every span starts at or after end
        return [j for j in self.order[lo:hi] if self.spans[j][1] > start]


def match_strict(gold: Sequence[Mention], pred: Sequence[Mention]) -> int:
    """Number of predicted mentions equal to a gold one (start, end, label)."""
    return sum((Counter(gold) & Counter(pred)).values())


def match_overlap(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of overlapping spans, as many as possible.

    Spans are of one label. Each gold and each predicted mention is used at
    most once, so one long prediction covering two gold mentions earns one
    true positive, not two. The pairing is a maximum matching (augmenting
    paths), candidates tried longest overlap first, so exact matches pair up
    with each other when there is a choice.
    """
    window = _Window(pred)
    cand: list[list[int]] = []
    for gs, ge in gold:
        c = window.overlapping(gs, ge)
        c.sort(key=lambda j: -(min(ge, pred[j][1]) - max(gs, pred[j][0])))
        cand.append(c)
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in cand[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        if cand[i]:
            augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def entity_scores(
    docs: Iterable[tuple[Sequence[Mention], Sequence[Mention]]],
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Strict and overlap P/R/F1 per label and micro-averaged.

    ``docs`` yields (gold mentions, predicted mentions) per document, each
    mention (start, end, label). With ``labels`` given, mentions of other
    labels are dropped on both sides before scoring.
    """
    keep = set(labels) if labels is not None else None
    counts: dict[str, dict[str, Counter]] = {"strict": defaultdict(Counter), "overlap": defaultdict(Counter)}
    seen_labels: set[str] = set()
    for gold, pred in docs:
        by_label: dict[str, tuple[list[Mention], list[Mention]]] = defaultdict(lambda: ([], []))
        for m in gold:
            if keep is None or m[2] in keep:
                by_label[m[2]][0].append(m)
        for m in pred:
            if keep is None or m[2] in keep:
                by_label[m[2]][1].append(m)
        for label, (g, p) in by_label.items():
            seen_labels.add(label)
            s = match_strict(g, p)
            o = len(match_overlap([m[:2] for m in g], [m[:2] for m in p]))
            for mode, tp in (("strict", s), ("overlap", o)):
                c = counts[mode][label]
                c["tp"] += tp
                c["fp"] += len(p) - tp
                c["fn"] += len(g) - tp
    all_labels = list(labels) if labels is not None else sorted(seen_labels)
    out: dict[str, Any] = {}
    for mode, per in counts.items():
        per_label = {lab: prf(per[lab]["tp"], per[lab]["fp"], per[lab]["fn"]) for lab in all_labels}
        tot = Counter()
        for lab in all_labels:
            tot.update(per[lab])
        out[mode] = {"per_label": per_label, "micro": prf(tot["tp"], tot["fp"], tot["fn"])}
    return out


# -------------------------------------------------------------------- claims


def align_sentences(gold: Sequence[Span], pred: Sequence[Span]) -> list[int | None]:
    """For each gold sentence, the predicted sentence sharing most characters with it.

    Ties go to the earlier predicted sentence; a gold sentence no prediction
    touches gets None (and is scored as a predicted non-claim).
    """
    window = _Window(pred)
    out: list[int | None] = []
    for gs, ge in gold:
        best, best_ov = None, 0
        for j in window.overlapping(gs, ge):
            ov = min(ge, pred[j][1]) - max(gs, pred[j][0])
            if ov > best_ov:
                best, best_ov = j, ov
        out.append(best)
    return out


def classification_scores(
    pairs: Iterable[tuple[str, str]],
    labels: Sequence[str],
    pred_labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Per-class P/R/F1, macro-F1, accuracy and confusion matrix of (gold, pred) pairs.

    ``labels`` are the classes scored (and the confusion rows);
    ``pred_labels`` the confusion columns when predictions can take a value
    gold cannot (a "none" for a missed claim). Macro-F1 averages the scored
    classes that occur in gold or prediction.
    """
    cols = list(pred_labels) if pred_labels is not None else list(labels)
    matrix = Counter(pairs)
    n = sum(matrix.values())
    per_class: dict[str, Any] = {}
    for lab in labels:
        tp = matrix[(lab, lab)]
        fp = sum(v for (g, p), v in matrix.items() if p == lab and g != lab)
        fn = sum(v for (g, p), v in matrix.items() if g == lab and p != lab)
        per_class[lab] = prf(tp, fp, fn)
    present = [lab for lab in labels if per_class[lab]["tp"] + per_class[lab]["fp"] + per_class[lab]["fn"]]
    correct = sum(v for (g, p), v in matrix.items() if g == p)
    return {
        "n": n,
        "accuracy": _ratio(correct, n),
        "per_class": per_class,
        "macro_f1": _ratio(sum(per_class[lab]["f1"] for lab in present), len(present)),
        "confusion": {
            "gold": list(labels),
            "pred": cols,
            "matrix": [[matrix[(g, p)] for p in cols] for g in labels],
        },
    }


def _accuracy(pairs: Sequence[tuple[Any, Any]]) -> dict[str, Any]:
    correct = sum(g == p for g, p in pairs)
    return {"n": len(pairs), "correct": correct, "accuracy": _ratio(correct, len(pairs))}


def claim_scores(docs: Iterable[tuple[Sequence[Mapping], Sequence[Mapping]]]) -> dict[str, Any]:
    """Claim detection, evidence and attribute scores over gold sentences.

    ``docs`` yields (gold sentences, predicted sentences) per document, both
    as mappings with start, end, is_claim, evidence, claim_type, hedged,
    negated. Results:

    - ``claims``: P/R/F1 of is_claim.
    - ``evidence.on_gold_claims``: gold claims predicted as claims, their
      evidence compared (the classifier's evidence skill given detection).
    - ``evidence.on_gold_claims_with_none``: all gold claims; a missed claim
      counts as the prediction "none".
    - ``evidence.end_to_end``: all gold sentences over none + the four
      evidence labels; ``macro_f1_evidence`` leaves "none" out of the mean.
    - ``attributes``: accuracy of claim_type, hedged and negated on
      sentences that are claims in both gold and prediction, plus P/R/F1 of
      hedged=True and negated=True (rarer, so accuracy alone flatters).
    """
    ctp = cfp = cfn = ctn = 0
    ev_given: list[tuple[str, str]] = []
    ev_with_none: list[tuple[str, str]] = []
    ev_e2e: list[tuple[str, str]] = []
    ctype: list[tuple[Any, Any]] = []
    hedged: list[tuple[bool, bool]] = []
    negated: list[tuple[bool, bool]] = []
    for gold, pred in docs:
        gspans = [(s["start"], s["end"]) for s in gold]
        pspans = [(s["start"], s["end"]) for s in pred]
        for g, j in zip(gold, align_sentences(gspans, pspans), strict=True):
            p = pred[j] if j is not None else None
            g_claim = bool(g["is_claim"])
            p_claim = bool(p is not None and p["is_claim"])
            ctp += g_claim and p_claim
            cfp += (not g_claim) and p_claim
            cfn += g_claim and not p_claim
            ctn += not (g_claim or p_claim)
            g_ev = g["evidence"] if g_claim else NONE
            # a predicted claim without evidence offers no basis: unspecified (ANNOTATION.md)
            p_ev = (p["evidence"] or "unspecified") if p_claim else NONE
            ev_e2e.append((g_ev, p_ev))
            if g_claim:
                ev_with_none.append((g_ev, p_ev))
                if p_claim:
                    ev_given.append((g_ev, p_ev))
                    ctype.append((g["claim_type"], p["claim_type"]))
                    hedged.append((bool(g["hedged"]), bool(p["hedged"])))
                    negated.append((bool(g["negated"]), bool(p["negated"])))
    e2e = classification_scores(ev_e2e, END_TO_END_LABELS)
    ev_present = [
        lab for lab in EVIDENCE_LABELS if sum(e2e["per_class"][lab][k] for k in ("tp", "fp", "fn"))
    ]
    e2e["macro_f1_evidence"] = _ratio(sum(e2e["per_class"][lab]["f1"] for lab in ev_present), len(ev_present))

    def flag(pairs: list[tuple[bool, bool]]) -> dict[str, Any]:
        tp = sum(g and p for g, p in pairs)
        fp = sum(p and not g for g, p in pairs)
        fn = sum(g and not p for g, p in pairs)
        return {**_accuracy(pairs), "true": prf(tp, fp, fn)}

    return {
        "claims": {**prf(ctp, cfp, cfn), "tn": ctn, "n": ctp + cfp + cfn + ctn},
        "evidence": {
            "on_gold_claims": classification_scores(ev_given, EVIDENCE_LABELS),
            "on_gold_claims_with_none": classification_scores(
                ev_with_none, EVIDENCE_LABELS, pred_labels=END_TO_END_LABELS
            ),
            "end_to_end": e2e,
        },
        "attributes": {
            "n": len(ctype),
            "claim_type": {
                **_accuracy(ctype),
                "confusion": classification_scores(ctype, CLAIM_TYPES)["confusion"],
            },
            "hedged": flag(hedged),
            "negated": flag(negated),
        },
    }


# ------------------------------------------------------- tables -> documents


def _clean(value: Any) -> Any:
    """pandas gives NaN / numpy scalars; the scorer wants None / Python values."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


SENTENCE_COLUMNS = ("start", "end", "is_claim", "evidence", "claim_type", "hedged", "negated")


def sentences_by_doc(sentences: Any) -> dict[str, list[dict[str, Any]]]:
    """Group a sentences DataFrame (pipeline/schema.py columns) by doc_id, sorted by start."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if sentences is None or len(sentences) == 0:
        return out
    cols = ["doc_id", *SENTENCE_COLUMNS]
    missing = [c for c in cols if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences table lacks columns {missing}; expected those of pipeline/schema.py")
    for row in sentences[cols].itertuples(index=False, name=None):
        rec = {c: _clean(v) for c, v in zip(cols, row, strict=True)}
        out[rec.pop("doc_id")].append(rec)
    for rows in out.values():
        rows.sort(key=lambda r: (r["start"], r["end"]))
    return out


def entities_by_doc(entities: Any) -> dict[str, list[Mention]]:
    """Group an entities DataFrame by doc_id as (start, end, label) tuples."""
    out: dict[str, list[Mention]] = defaultdict(list)
    if entities is None or len(entities) == 0:
        return out
    cols = ["doc_id", "start", "end", "label"]
    missing = [c for c in cols if c not in entities.columns]
    if missing:
        raise ValueError(f"entities table lacks columns {missing}; expected those of pipeline/schema.py")
    for doc_id, start, end, label in entities[cols].itertuples(index=False, name=None):
        out[doc_id].append((int(start), int(end), str(label)))
    return out


def score(
    gold: Iterable[Mapping[str, Any]],
    sentences: Any,
    entities: Any,
    *,
    entity_labels: Sequence[str] | None = ("SUBSTANCE", "CONDITION", "MECHANISM"),
) -> dict[str, Any]:
    """Every gold-set score of predicted tables (DataFrames) against gold records.

    Predicted rows of documents not in gold are ignored; a gold document
    with no predicted rows is scored as predicting nothing and counted in
    ``documents.without_predictions``.
    """
    gold = list(gold)
    sents = sentences_by_doc(sentences)
    ents = entities_by_doc(entities)
    gold_ids = {rec["doc_id"] for rec in gold}
    without = sorted(rec["doc_id"] for rec in gold if rec["doc_id"] not in sents)
    report: dict[str, Any] = {
        "documents": {
            "gold": len(gold),
            "without_predictions": len(without),
            "without_predictions_ids": without[:20],
            "predicted_not_in_gold": len(set(sents) - gold_ids),
        },
        "sentence_boundaries": sentence_boundary_scores(
            (
                rec["text"],
                [(s["start"], s["end"]) for s in rec["sentences"]],
                [(s["start"], s["end"]) for s in sents.get(rec["doc_id"], [])],
            )
            for rec in gold
        ),
        "entities": entity_scores(
            (
                ([(e["start"], e["end"], e["label"]) for e in rec.get("entities", [])], ents.get(rec["doc_id"], []))
                for rec in gold
            ),
            labels=entity_labels,
        ),
    }
    report.update(claim_scores((rec["sentences"], sents.get(rec["doc_id"], [])) for rec in gold))
    return report
