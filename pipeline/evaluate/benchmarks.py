"""Public benchmarks: BC5CDR and NCBI-disease entities, pySBD and GENIA sentence boundaries.

The corpora are not annotated by ClaimLens's rules, so these numbers say
how the pipeline compares on neighbouring definitions, not how right it is
by its own: BC5CDR tags neurotransmitters as Chemicals (MECHANISM here),
NCBI-disease tags diseases only. The mismatch is reported beside the score
instead of being hidden. Nothing is tuned on a test split.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.evaluate import corpora
from pipeline.evaluate import run as _run
from pipeline.evaluate.run import predict
from pipeline.evaluate.scorer import (
    Mention,
    _Window,
    entities_by_doc,
    entity_scores,
    sentence_boundary_scores,
    sentences_by_doc,
)

CORPORA: tuple[str, ...] = ("bc5cdr", "ncbi", "pysbd", "genia")


def _gold_mentions(rec: dict[str, Any]) -> list[Mention]:
    return [(e["start"], e["end"], e["label"]) for e in rec["entities"]]


def recall_by_type(records: Sequence[dict[str, Any]], pred: dict[str, list[Mention]]) -> dict[str, Any]:
    """Share of gold mentions of each original corpus type found strictly / by overlap (same label).

    Not one-to-one (a diagnostic of which kinds are missed, not a score).
    """
    counts: dict[str, Counter] = {}
    for rec in records:
        by_label: dict[str, list[Mention]] = {}
        for m in pred.get(rec["doc_id"], []):
            by_label.setdefault(m[2], []).append(m)
        windows = {lab: _Window([m[:2] for m in ms]) for lab, ms in by_label.items()}
        exact = set(pred.get(rec["doc_id"], []))
        for e in rec["entities"]:
            c = counts.setdefault(e["type"], Counter())
            c["gold"] += 1
            c["strict"] += (e["start"], e["end"], e["label"]) in exact
            w = windows.get(e["label"])
            c["overlap"] += bool(w and w.overlapping(e["start"], e["end"]))
    return {
        typ: {
            "gold": c["gold"],
            "strict_recall": c["strict"] / c["gold"] if c["gold"] else 0.0,
            "overlap_recall": c["overlap"] / c["gold"] if c["gold"] else 0.0,
        }
        for typ, c in sorted(counts.items())
    }


def mechanism_vs_chemical(
    records: Sequence[dict[str, Any]], pred: dict[str, list[Mention]], texts: dict[str, str], top: int = 10
) -> dict[str, Any]:
    """How many predicted MECHANISM spans BC5CDR calls Chemical (same offsets / overlapping).

    Neurotransmitters and hormones as mediators are MECHANISM by
    ANNOTATION.md but Chemicals in BC5CDR; these counts show how much of
    the SUBSTANCE recall gap is that definition rather than a miss.
    """
    total = strict = overlap = 0
    names: Counter = Counter()
    for rec in records:
        chem = [(e["start"], e["end"]) for e in rec["entities"] if e["type"] == "Chemical"]
        chem_set = set(chem)
        window = _Window(chem)
        text = texts[rec["doc_id"]]
        for s, e, lab in pred.get(rec["doc_id"], []):
            if lab != "MECHANISM":
                continue
            total += 1
            strict += (s, e) in chem_set
            if window.overlapping(s, e):
                overlap += 1
                names[text[s:e].lower()] += 1
    return {
        "predicted_mechanism": total,
        "same_span_as_gold_chemical": strict,
        "overlapping_gold_chemical": overlap,
        "top_overlapping": [[name, n] for name, n in names.most_common(top)],
    }


def molecule_concepts(nlp: Any) -> frozenset[str]:
    """Concept ids the pipeline's lexicon also knows as a SUBSTANCE (an endogenous molecule such as dopamine).

    These are the MECHANISM mentions BC5CDR calls Chemical; receptors,
    transporters and actions have no SUBSTANCE reading and stay out.
    """
    if nlp is None or "claimlens_lexicon" not in nlp.pipe_names:
        return frozenset()
    tagger = nlp.get_pipe("claimlens_lexicon")
    if not tagger.is_loaded:
        tagger.load()
    return frozenset(
        e.concept_id
        for e in tagger.lexicon.entries
        if e.concept_id and e.label == "MECHANISM" and e.alt_label == "SUBSTANCE"
    )


def map_mediators(entities: Any, molecules: frozenset[str]) -> Any:
    """The entities table with MECHANISM mentions of molecule concepts relabelled SUBSTANCE (BC5CDR's definition)."""
    out = entities.copy()
    if len(out):
        hit = (out["label"] == "MECHANISM") & out["concept_id"].isin(molecules)
        out.loc[hit, "label"] = "SUBSTANCE"
    return out


def entity_benchmark(
    name: str, records: Sequence[dict[str, Any]], labels: Sequence[str], *, nlp: Any = None
) -> dict[str, Any]:
    """Run the pipeline on abstracts and score the entity labels the corpus annotates."""
    tables, run = predict(records, nlp=nlp, source=name)
    return _entity_result(name, records, labels, tables, run)


def sentence_benchmark(name: str, records: Sequence[dict[str, Any]], *, nlp: Any = None) -> dict[str, Any]:
    """Run the pipeline and compare its sentence ends with the corpus's (see scorer.boundary_offsets)."""
    tables, run = predict(records, nlp=nlp, source=name)
    pred = sentences_by_doc(tables["sentences"])
    failures: list[Any] = []
    rows = []
    for rec in records:
        gold_spans = [(s["start"], s["end"]) for s in rec["sentences"]]
        pred_spans = [(s["start"], s["end"]) for s in pred.get(rec["doc_id"], [])]
        rows.append((rec["text"], gold_spans, pred_spans))
        if sentence_boundary_scores([rows[-1]])["documents_all_correct"] < 1.0:
            failures.append(rec.get("meta", {}).get("case", rec["doc_id"]))
    return {
        "corpus": name,
        "kind": "sentences",
        "documents": len(records),
        "gold_sentences": sum(len(rec["sentences"]) for rec in records),
        "sentence_boundaries": sentence_boundary_scores(rows),
        "failed_cases": failures[:30],
        "run": run,
    }


def run_benchmark(corpus: str, *, split: str = "test", limit: int | None = None, nlp: Any = None) -> dict[str, Any]:
    """One public benchmark by name (bc5cdr, ncbi, pysbd, genia); ``limit`` takes the first N documents."""
    if nlp is None:  # once, here: the BC5CDR mediator mapping reads the same pipeline's lexicon
        nlp = _run.default_nlp()
    if corpus == "bc5cdr":
        records = corpora.read_bc5cdr(split)[:limit]
        tables, run = predict(records, nlp=nlp, source="bc5cdr")
        result = _entity_result("bc5cdr", records, ("SUBSTANCE", "CONDITION"), tables, run)
        pred = entities_by_doc(tables["entities"])
        texts = {rec["doc_id"]: rec["text"] for rec in records}
        result["mechanism_vs_chemical"] = mechanism_vs_chemical(records, pred, texts)
        mapped = entities_by_doc(map_mediators(tables["entities"], molecule_concepts(nlp)))
        result["entities_mediators_as_chemicals"] = entity_scores(
            ((_gold_mentions(rec), mapped.get(rec["doc_id"], [])) for rec in records), ("SUBSTANCE", "CONDITION")
        )
    elif corpus == "ncbi":
        records = corpora.read_ncbi_disease(split)[:limit]
        result = entity_benchmark("ncbi", records, ("CONDITION",), nlp=nlp)
    elif corpus == "pysbd":
        records = corpora.read_pysbd("golden")[:limit]
        result = sentence_benchmark("pysbd", records, nlp=nlp)
        split = "golden"  # the golden rules have no splits
    elif corpus == "genia":
        records = corpora.read_genia(split)[:limit]
        result = sentence_benchmark("genia", records, nlp=nlp)
    else:
        raise ValueError(f"unknown benchmark {corpus!r}; choose from {', '.join(CORPORA)} or all")
    result["split"] = split
    result["limit"] = limit
    return result


def _entity_result(
    name: str, records: Sequence[dict[str, Any]], labels: Sequence[str], tables: dict[str, Any], run: dict[str, Any]
) -> dict[str, Any]:
    pred = entities_by_doc(tables["entities"])
    return {
        "corpus": name,
        "kind": "entities",
        "documents": len(records),
        "gold_mentions": dict(Counter(e["label"] for rec in records for e in rec["entities"])),
        "predicted_mentions": dict(Counter(m[2] for rec in records for m in pred.get(rec["doc_id"], []))),
        "entities": entity_scores(((_gold_mentions(rec), pred.get(rec["doc_id"], [])) for rec in records), labels),
        "recall_by_type": recall_by_type(records, pred),
        "run": run,
    }


def run_benchmarks(
    names: Sequence[str] = CORPORA,
    *,
    split: str = "test",
    limit: int | None = None,
    nlp: Any = None,
    on_done: Callable[[str, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Several benchmarks with one loaded pipeline; ``on_done`` is told after each (for progress)."""
    if nlp is None:
        nlp = _run.default_nlp()
    out: dict[str, Any] = {}
    for name in names:
        out[name] = run_benchmark(name, split=split, limit=limit, nlp=nlp)
        if on_done is not None:
            on_done(name, out[name])
    return {"benchmarks": out, "split": split, "limit": limit}
