"""Run the pipeline (or read its output) on gold records and score it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import NotAnOutputFolder
from pipeline.evaluate.gold import read_gold
from pipeline.evaluate.scorer import score

TABLES = ("documents", "sentences", "entities")


def count_words(records: Sequence[dict[str, Any]]) -> int:
    """Whitespace words, the unit PERFORMANCE.md's throughput figures use."""
    return sum(len(rec["text"].split()) for rec in records)


def default_nlp() -> Any:
    """The default pipeline, loaded once per process."""
    from pipeline.nlp.build import get_nlp

    return get_nlp()


def predict(
    records: Sequence[dict[str, Any]], *, nlp: Any = None, source: str = "gold"
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Run `pipeline.api.extract` on the records' texts; return its tables and timing.

    Each record becomes a `Document` with the record's doc_id, so predicted
    rows join back to gold by doc_id and offsets index the same text.
    """
    from pipeline.api import extract
    from pipeline.ingest.document import Document

    if nlp is None:  # load before the clock starts: words/s measures processing, not loading
        nlp = default_nlp()
    docs = [Document(doc_id=rec["doc_id"], source=f"{source}:{rec['doc_id']}", text=rec["text"]) for rec in records]
    words = count_words(records)
    t0 = time.perf_counter()
    results = extract(docs, nlp=nlp)
    seconds = time.perf_counter() - t0
    tables = {name: getattr(results, name) for name in TABLES}
    run = {
        "mode": "pipeline",
        "documents": len(docs),
        "words": words,
        "seconds": round(seconds, 3),
        "words_per_second": round(words / seconds) if seconds > 0 else None,
        "version": _version(tables),
    }
    return tables, run


def load_predictions(pred_dir: Path | str) -> dict[str, pd.DataFrame]:
    """Tables of a pipeline output folder (read by `pipeline.api.load`).

    A folder without manifest.json is read as ``<table>.parquet`` files or
    ``<table>/`` part folders, so tables written by other tools in the
    schema's columns can be scored too.
    """
    pred_dir = Path(pred_dir)
    if not pred_dir.is_dir():
        raise NotAnOutputFolder(f"{pred_dir} is not a folder; pass the output folder of `claimlens run`.")
    if (pred_dir / "manifest.json").is_file():
        from pipeline.api import load

        results = load(pred_dir)
        return {name: getattr(results, name) for name in TABLES}
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        for candidate in (pred_dir / f"{name}.parquet", pred_dir / name):
            if candidate.exists():
                tables[name] = pd.read_parquet(candidate)
                break
    if "sentences" not in tables:
        raise NotAnOutputFolder(
            f"{pred_dir} has no sentences table (sentences.parquet or sentences/); "
            "pass the output folder of `claimlens run`."
        )
    return tables


def _version(tables: dict[str, pd.DataFrame]) -> str | None:
    sents = tables.get("sentences")
    if sents is not None and len(sents) and "version" in sents.columns:
        return str(sents["version"].iloc[0])
    return None


def match_documents(records: Sequence[dict[str, Any]], tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Re-key predicted rows to gold doc_ids where the ids differ but the text is the same.

    `claimlens run` derives its own doc_ids (a hash of source and row key),
    so the rows of a run over the gold JSONL are joined to gold by the
    document text, which also guarantees that offsets index the same
    string. Tables are changed in place; returns how many were re-keyed.
    """
    docs = tables.get("documents")
    if docs is None or len(docs) == 0 or "text" not in docs.columns:
        return {"by_id": None, "by_text": 0}
    gold_ids = {rec["doc_id"] for rec in records}
    pred_ids = set(docs["doc_id"])
    by_text: dict[str, list[str]] = {}
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        if doc_id not in gold_ids:
            by_text.setdefault(text, []).append(doc_id)
    mapping: dict[str, str] = {}
    for rec in records:
        if rec["doc_id"] in pred_ids:
            continue
        candidates = by_text.get(rec["text"], [])
        if len(candidates) == 1:
            mapping[candidates[0]] = rec["doc_id"]
    if mapping:
        for name in ("documents", "sentences", "entities"):
            df = tables.get(name)
            if df is not None and len(df):
                tables[name] = df.assign(doc_id=df["doc_id"].map(lambda d: mapping.get(d, d)))
    return {"by_id": len(gold_ids & pred_ids), "by_text": len(mapping)}


def text_mismatches(records: Sequence[dict[str, Any]], documents: pd.DataFrame | None) -> list[str]:
    """doc_ids whose predicted document text differs from gold: their offsets cannot be compared."""
    if documents is None or len(documents) == 0 or "text" not in documents.columns:
        return []
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    return [rec["doc_id"] for rec in records if rec["doc_id"] in texts and texts[rec["doc_id"]] != rec["text"]]


def evaluate_records(
    records: Sequence[dict[str, Any]], *, pred_dir: Path | str | None = None, nlp: Any = None
) -> dict[str, Any]:
    """Score predictions for gold records: from ``pred_dir`` if given, else by running the pipeline."""
    if pred_dir is None:
        tables, run = predict(records, nlp=nlp)
    else:
        tables = load_predictions(pred_dir)
        run = {"mode": "pred_dir", "pred_dir": str(pred_dir), "version": _version(tables)}
        run["matched_documents"] = match_documents(records, tables)
    report = score(records, tables.get("sentences"), tables.get("entities"))
    genres = sorted({rec.get("meta", {}).get("genre") for rec in records} - {None})
    if len(genres) > 1:
        report["by_genre"] = {
            g: headline(score([r for r in records if r.get("meta", {}).get("genre") == g],
                              tables.get("sentences"), tables.get("entities")))
            for g in genres
        }
    mismatched = text_mismatches(records, tables.get("documents"))
    report["documents"]["text_mismatch"] = len(mismatched)
    report["documents"]["text_mismatch_ids"] = mismatched[:20]
    report["run"] = run
    return report


def headline(report: dict[str, Any]) -> dict[str, Any]:
    """The few figures quoted per genre (same keys as the full report's)."""
    ev = report["evidence"]["end_to_end"]
    return {
        "documents": report["documents"]["gold"],
        "claims": report["claims"]["tp"] + report["claims"]["fn"],
        "claim_f1": report["claims"]["f1"],
        "evidence_macro_f1": ev["macro_f1_evidence"],
        "entity_strict_f1": report["entities"]["strict"]["micro"]["f1"],
        "claim_type_accuracy": report["attributes"]["claim_type"]["accuracy"],
    }


def evaluate_gold(gold_path: Path | str, *, pred_dir: Path | None = None, nlp: Any = None) -> dict[str, Any]:
    """Every gold-set score for one gold JSONL file (see `pipeline.evaluate.scorer`).

    With ``pred_dir`` the tables of an earlier run are scored; otherwise
    the pipeline (``nlp``, or the default one) runs on the gold texts.
    """
    records = list(read_gold(gold_path))
    report = evaluate_records(records, pred_dir=pred_dir, nlp=nlp)
    report["gold"] = str(gold_path)
    return report
