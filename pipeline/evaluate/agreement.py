"""Inter-annotator agreement on the real-text gold: a second annotator's labels scored as predictions.

    python -m pipeline.evaluate.agreement data/gold/real/test.jsonl data/gold/real/agreement.jsonl

The second annotator labelled some test documents from the unlabelled
skeleton without seeing the first labels; scoring them with the same
scorer as the pipeline gives the ceiling a system can reach (claim F1,
evidence macro-F1, entity strict F1, sentence boundary F1).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.evaluate.gold import read_gold
from pipeline.evaluate.scorer import SENTENCE_COLUMNS, score


def tables(records: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gold records as the sentences and entities tables the scorer reads."""
    sents = [{"doc_id": r["doc_id"], **{c: s.get(c) for c in SENTENCE_COLUMNS}} for r in records for s in r["sentences"]]
    ents = [{"doc_id": r["doc_id"], **e} for r in records for e in r["entities"]]
    return pd.DataFrame(sents), pd.DataFrame(ents, columns=["doc_id", "start", "end", "label"])


def agreement(first_path: Path, second_path: Path) -> dict[str, Any]:
    """Scores of the second annotator's records against the first's for the same documents."""
    second = list(read_gold(second_path))
    by_id = {r["doc_id"]: r for r in read_gold(first_path)}
    missing = [r["doc_id"] for r in second if r["doc_id"] not in by_id]
    if missing:
        raise ValueError(f"documents of {second_path} not in {first_path}: {missing[:5]}")
    first = [by_id[r["doc_id"]] for r in second]
    s, e = tables(second)
    report = score(first, s, e)
    ev = report["evidence"]["end_to_end"]
    return {
        "documents": len(first),
        "genres": sorted({r["meta"].get("genre", "") for r in first}),
        "sentences_first": sum(len(r["sentences"]) for r in first),
        "claims_first": sum(s["is_claim"] for r in first for s in r["sentences"]),
        "claim_f1": report["claims"]["f1"],
        "evidence_macro_f1": ev["macro_f1_evidence"],
        "entity_strict_f1": report["entities"]["strict"]["micro"]["f1"],
        "sentence_boundary_f1": report["sentence_boundaries"]["boundaries"]["f1"],
        "claim_type_accuracy": report["attributes"]["claim_type"]["accuracy"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("first", type=Path, help="the first annotator's gold JSONL (the test split)")
    ap.add_argument("second", type=Path, help="the second annotator's gold JSONL for some of those documents")
    args = ap.parse_args(argv)
    print(json.dumps(agreement(args.first, args.second), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
