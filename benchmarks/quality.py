"""The README's Quality table: gold test split and public benchmarks for each pipeline.

    python benchmarks/quality.py                      # the default pipeline and 'rules'
    python benchmarks/quality.py --model rules --model models/claimlens-default@models-only \
        --model models/claimlens-default --split test
    python benchmarks/quality.py --json > quality.json

Each pipeline is loaded once and scored with the same code as
`claimlens evaluate` and `claimlens benchmark` (pipeline/evaluate).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def score(model: str, split: str, corpora: list[str]) -> dict[str, Any]:
    from pipeline.evaluate.benchmarks import run_benchmarks
    from pipeline.evaluate.run import evaluate_gold
    from pipeline.nlp.build import load_nlp

    nlp = load_nlp(model)
    gold = evaluate_gold(REPO / "data" / "gold" / f"{split}.jsonl", nlp=nlp)
    real_path = REPO / "data" / "gold" / "real" / f"{split}.jsonl"
    real = evaluate_gold(real_path, nlp=nlp) if real_path.exists() else None
    bench = run_benchmarks(corpora, split="test", nlp=nlp) if corpora else {}
    return {"model": model, "version": nlp.meta.get("claimlens_version"), "gold": gold, "real": real, "benchmarks": bench}


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def gold_rows(g: dict[str, Any], prefix: str) -> dict[str, str]:
    ent = g["entities"]["strict"]
    ev = g["evidence"]
    out = {
        "gold: sentence boundary F1": _f(g["sentence_boundaries"]["boundaries"]["f1"]),
        "gold: entity strict micro-F1": _f(ent["micro"]["f1"]),
        **{f"gold: entity strict F1 {lab}": _f(v["f1"]) for lab, v in ent["per_label"].items()},
        "gold: entity overlap micro-F1": _f(g["entities"]["overlap"]["micro"]["f1"]),
        "gold: claim detection P / R / F1": " / ".join(
            _f(g["claims"][k]) for k in ("precision", "recall", "f1")
        ),
        "gold: evidence macro-F1, end to end": _f(ev["end_to_end"]["macro_f1_evidence"]),
        "gold: evidence macro-F1, on gold claims found": _f(ev["on_gold_claims"]["macro_f1"]),
        "gold: claim_type / hedged / negated accuracy": " / ".join(
            _f(g["attributes"][k]["accuracy"]) for k in ("claim_type", "hedged", "negated")
        ),
        "gold: evidence F1 per class (anecdotal / clinical / preclinical / unspecified)": " / ".join(
            _f(ev["end_to_end"]["per_class"].get(k, {}).get("f1"))
            for k in ("anecdotal", "clinical", "preclinical", "unspecified")
        ),
        "gold: words/s": f"{g['run']['words_per_second']:,.0f}",
    }
    for genre, h in g.get("by_genre", {}).items():
        out[f"gold, {genre} ({h['documents']} docs): claim F1 / evidence macro-F1 / entity F1"] = " / ".join(
            _f(h[k]) for k in ("claim_f1", "evidence_macro_f1", "entity_strict_f1")
        )
    return {k.replace("gold:", prefix + ":").replace("gold,", prefix + ","): v for k, v in out.items()}


def rows(result: dict[str, Any]) -> dict[str, str]:
    b = result["benchmarks"].get("benchmarks", result["benchmarks"])
    out = gold_rows(result["gold"], "gold")
    if result.get("real"):
        out.update(gold_rows(result["real"], "real"))
    if "bc5cdr" in b:
        e = b["bc5cdr"]["entities"]["strict"]
        out["BC5CDR test: strict F1 chemical / disease / micro"] = " / ".join(
            _f(x) for x in (e["per_label"]["SUBSTANCE"]["f1"], e["per_label"]["CONDITION"]["f1"], e["micro"]["f1"])
        )
        mapped = b["bc5cdr"].get("entities_mediators_as_chemicals")
        if mapped:
            out["BC5CDR test: strict micro-F1, mediator molecules scored as Chemical"] = _f(mapped["strict"]["micro"]["f1"])
        out["BC5CDR test: words/s"] = f"{b['bc5cdr']['run']['words_per_second']:,.0f}"
    if "ncbi" in b:
        out["NCBI-disease test: strict / overlap F1"] = " / ".join(
            _f(b["ncbi"]["entities"][k]["micro"]["f1"]) for k in ("strict", "overlap")
        )
        out["NCBI-disease test: words/s"] = f"{b['ncbi']['run']['words_per_second']:,.0f}"
    for name in ("pysbd", "genia"):
        if name in b:
            out[f"{name}: sentence boundary F1"] = _f(b[name]["sentence_boundaries"]["boundaries"]["f1"])
    return out


def markdown(results: list[dict[str, Any]]) -> str:
    tables = [rows(r) for r in results]
    head = "| measure | " + " | ".join(f"`{r['model']}`" for r in results) + " |"
    lines = [head, "|---|" + "---|" * len(results)]
    for key in tables[0]:
        lines.append(f"| {key} | " + " | ".join(t.get(key, "–") for t in tables) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", action="append", help="pipeline to score (repeatable)")
    ap.add_argument("--split", default="test", help="gold split (test for reporting, dev for tuning)")
    ap.add_argument("--corpora", default="bc5cdr,ncbi,pysbd,genia")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from pipeline.nlp.build import default_model

    models = args.model or list(dict.fromkeys([default_model(), "rules"]))
    results = [score(m, args.split, [c for c in args.corpora.split(",") if c]) for m in models]
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        print(markdown(results))


if __name__ == "__main__":
    main()
