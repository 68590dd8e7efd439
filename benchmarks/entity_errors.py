"""List entity errors against a gold file: false positives, false negatives and boundary errors.

Why: per-label F1 says how much is wrong, not what; tuning the lexicon and the span rules
needs the mentions themselves, grouped by text so the frequent ones come first.

    python benchmarks/entity_errors.py data/gold/real/train.jsonl --model rules
    python benchmarks/entity_errors.py data/gold/real/train.jsonl --fresh-lexicon   # default model,
        lexicon files re-read from data/lexicons (to try lexicon edits before refreshing the model)

Never run it on a test split: it prints the mentions.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

Mention = tuple[int, int, str]


def load(model: str | None, fresh_lexicon: bool) -> Any:
    from pipeline.nlp.build import load_nlp

    nlp = load_nlp(model)
    if fresh_lexicon and "claimlens_lexicon" in nlp.pipe_names:
        comp = nlp.get_pipe("claimlens_lexicon")
        comp.lexicons = ["curated.jsonl", "vocab.jsonl"]
        comp.blocklist = "blocklist.txt"
        comp.load()  # from data/lexicons, not the folder's copy
    return nlp


def errors(records: list[dict], nlp: Any) -> dict[str, list[dict[str, Any]]]:
    """Per kind (fp, fn, boundary, label): one row per error with its text and sentence."""
    from pipeline.evaluate.run import predict
    from pipeline.evaluate.scorer import entities_by_doc

    tables, _ = predict(records, nlp=nlp)
    pred_by_doc = entities_by_doc(tables["entities"])
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        text = rec["text"]
        gold = {(e["start"], e["end"], e["label"]) for e in rec.get("entities", [])}
        pred = set(pred_by_doc.get(rec["doc_id"], []))

        def ctx(a: int, b: int, text: str = text) -> str:
            return text[max(0, a - 60) : a].replace("\n", " ") + "[[" + text[a:b] + "]]" + text[b : b + 60].replace(
                "\n", " "
            )

        used_pred: set[Mention] = set()
        for g in sorted(gold - pred):
            over = [p for p in pred - gold if p[0] < g[1] and g[0] < p[1]]
            if not over:
                out["fn"].append({"label": g[2], "text": text[g[0] : g[1]], "ctx": ctx(g[0], g[1]), "doc": rec["doc_id"]})
                continue
            for p in over:
                used_pred.add(p)
                kind = "label" if (p[0], p[1]) == (g[0], g[1]) else "boundary"
                out[kind].append(
                    {
                        "label": f"{g[2]}>{p[2]}" if kind == "label" else g[2],
                        "text": f"{text[g[0]:g[1]]} | {text[p[0]:p[1]]}",
                        "ctx": ctx(min(g[0], p[0]), max(g[1], p[1])),
                        "doc": rec["doc_id"],
                    }
                )
        for p in sorted(pred - gold - used_pred):
            if any(g[0] < p[1] and p[0] < g[1] for g in gold):
                continue  # overlaps a gold mention matched by another prediction
            out["fp"].append({"label": p[2], "text": text[p[0] : p[1]], "ctx": ctx(p[0], p[1]), "doc": rec["doc_id"]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("--model", default=None)
    ap.add_argument("--fresh-lexicon", action="store_true")
    ap.add_argument("--kind", choices=["fp", "fn", "boundary", "label"], action="append")
    ap.add_argument("--label", default=None, help="only this gold/pred label")
    ap.add_argument("--contexts", action="store_true", help="print every error with its context")
    ap.add_argument("--json", type=Path, default=None, help="also write all rows here")
    args = ap.parse_args()
    if "test" in Path(args.gold).name or "agreement" in Path(args.gold).name:
        raise SystemExit("entity_errors.py prints mentions: not for test or agreement files.")
    from pipeline.evaluate.gold import read_gold

    records = list(read_gold(args.gold))
    out = errors(records, load(args.model, args.fresh_lexicon))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    for kind in args.kind or ["fp", "fn", "boundary", "label"]:
        rows = [r for r in out.get(kind, []) if args.label is None or args.label in r["label"]]
        print(f"\n## {kind}: {len(rows)}")
        if args.contexts:
            for r in rows:
                print(f"{r['label']:10} {r['doc']:22} {r['ctx']}")
            continue
        counts = Counter((r["label"], r["text"].lower()) for r in rows)
        for (label, text), n in counts.most_common():
            print(f"{n:3d} {label:10} {text}")


if __name__ == "__main__":
    main()
