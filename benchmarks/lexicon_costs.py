"""What the lexicons cost (load time, RSS, words/s) and what each vocabulary filter buys on BC5CDR dev.

    python benchmarks/lexicon_costs.py costs      # load time / RSS / speed, curated only vs curated + vocab
    python benchmarks/lexicon_costs.py filters    # strict/overlap P/R/F per build filter on BC5CDR *dev*
    python benchmarks/lexicon_costs.py all [--json out.json]

BC5CDR Chemical is scored against SUBSTANCE and Disease against CONDITION
(MECHANISM is not scored: BC5CDR has no such type). Strict = same offsets
and type; overlap = a prediction overlapping a gold mention of its type
counts as correct (P) and a gold mention overlapped by a prediction of its
type counts as found (R). This is a development scorer; the official one
lives in pipeline/evaluate/.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.lexicon.build import BuildOptions, _read_pubtator, build_vocab, common_word_list, write_vocab  # noqa: E402
from pipeline.paths import lexicon_dir, shared_dir  # noqa: E402

TYPE_OF = {"Chemical": "SUBSTANCE", "Disease": "CONDITION"}


def dev_docs() -> list[tuple[str, list[tuple[int, int, str]]]]:
    path = shared_dir() / "corpora" / "BC5CDR-PubTator" / "CDR_DevelopmentSet.PubTator.txt"
    return [
        (text, [(s, e, TYPE_OF[t]) for s, e, t in ms if t in TYPE_OF]) for text, ms in _read_pubtator(path)
    ]


def make_nlp(lexicons: list[str]):
    import spacy

    from pipeline.nlp import lexicon  # noqa: F401
    from pipeline.nlp.tokenizer import make_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    nlp.add_pipe("claimlens_lexicon", config={"lexicons": lexicons})
    nlp.get_pipe("claimlens_lexicon").load()
    return nlp


# (row name, predicted labels counted, gold type): MECHANISM is also shown against Chemical because
# ANNOTATION.md makes mediators (dopamine, serotonin...) MECHANISM where BC5CDR calls them Chemical.
ROWS = [
    ("SUBSTANCE", {"SUBSTANCE"}, "SUBSTANCE"),
    ("CONDITION", {"CONDITION"}, "CONDITION"),
    ("SUBSTANCE+MECHANISM", {"SUBSTANCE", "MECHANISM"}, "SUBSTANCE"),
]


def score(nlp, docs) -> dict[str, dict[str, float]]:
    counts = {row: {"tp_s": 0, "pred": 0, "gold": 0, "tp_po": 0, "tp_go": 0} for row, _, _ in ROWS}
    texts = [t for t, _ in docs]
    for doc, (_, gold) in zip(nlp.pipe(texts, batch_size=64), docs, strict=True):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for row, labels, gold_type in ROWS:
            c = counts[row]
            p = [(a, b) for a, b, lab in ents if lab in labels]
            g = [(a, b) for a, b, t in gold if t == gold_type]
            gold_set = set(g)
            c["pred"] += len(p)
            c["gold"] += len(g)
            c["tp_s"] += sum(x in gold_set for x in p)
            c["tp_po"] += sum(any(a < e and s < b for s, e in g) for a, b in p)
            c["tp_go"] += sum(any(a < e and s < b for a, b in p) for s, e in g)
    out: dict[str, dict[str, float]] = {}
    for row, c in counts.items():
        ps, rs = c["tp_s"] / max(c["pred"], 1), c["tp_s"] / max(c["gold"], 1)
        po, ro = c["tp_po"] / max(c["pred"], 1), c["tp_go"] / max(c["gold"], 1)
        out[row] = {
            "strict_p": round(ps, 3),
            "strict_r": round(rs, 3),
            "strict_f": round(2 * ps * rs / max(ps + rs, 1e-9), 3),
            "overlap_p": round(po, 3),
            "overlap_r": round(ro, 3),
            "overlap_f": round(2 * po * ro / max(po + ro, 1e-9), 3),
            "pred": c["pred"],
        }
    return out


def filters() -> dict[str, dict]:
    """Score the vocabulary alone (no curated file) with all filters, then with each one switched off."""
    shared = shared_dir()
    docs = dev_docs()
    common = common_word_list(shared)
    base = BuildOptions()
    variants: dict[str, BuildOptions] = {"all filters": base}
    off = {
        "common_words": False,
        "min_chars": 1,
        "max_tokens": 99,
        "drop_formula_like": False,
        "drop_non_alpha": False,
        "acronyms_case_sensitive": False,
        "uninvert": False,
        "drop_ambiguous": False,
        "drop_lab_codes": False,
        "short_case_sensitive": 0,
        "peptides": True,
        "drop_short_gene_synonyms": False,
        "drop_plain_word_synonyms": False,
        "inflect": False,
        "drop_categories": False,
    }
    for name, value in off.items():
        label = f"with {name}" if value is True else f"without {name}"
        variants[label] = dataclasses.replace(base, **{name: value})
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, opts in variants.items():
            records, stats = build_vocab(shared, opts, common=common, curated=lexicon_dir() / "curated.jsonl")
            path = write_vocab(records, Path(tmp), stats, opts)
            nlp = make_nlp([str(path)])
            results[name] = {"entries": stats["entries"], **score(nlp, docs)}
            print(name, json.dumps(results[name]), flush=True)
        cur = make_nlp(["curated.jsonl"])
        results["curated only"] = {
            "entries": len(cur.get_pipe("claimlens_lexicon").lexicon),
            **score(cur, docs),
        }
        print("curated only", json.dumps(results["curated only"]), flush=True)
        full = make_nlp(["curated.jsonl", "vocab.jsonl"])
        results["curated + vocab (committed)"] = {
            "entries": len(full.get_pipe("claimlens_lexicon").lexicon),
            **score(full, docs),
        }
        print("curated + vocab", json.dumps(results["curated + vocab (committed)"]), flush=True)
    return results


_PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {repo!r})
import spacy
from pipeline.nlp import lexicon
from pipeline.nlp.tokenizer import make_tokenizer
t1 = time.perf_counter()
nlp = spacy.blank("en"); nlp.tokenizer = make_tokenizer(nlp)
nlp.add_pipe("claimlens_lexicon", config={{"lexicons": {lexicons!r}}})
nlp.get_pipe("claimlens_lexicon").load()
t2 = time.perf_counter()
mode = {mode!r}
if mode == "saved":
    import tempfile
    d = tempfile.mkdtemp(); nlp.to_disk(d); del nlp
    import gc; gc.collect()
    t1 = time.perf_counter(); nlp = spacy.load(d); t2 = time.perf_counter()
texts = json.load(open({texts!r}))
words = sum(len(t.split()) for t in texts)
ts = time.perf_counter()
docs = list(nlp.tokenizer.pipe(texts))
tok = time.perf_counter() - ts
proc = nlp.get_pipe("claimlens_lexicon")
ts = time.perf_counter()
n_ents = sum(len(proc(d).ents) for d in docs)
lex = time.perf_counter() - ts
print(json.dumps({{"load_s": round(t2 - t1, 2),
    "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "words": words, "tokenizer_wps": round(words / tok), "lexicon_only_wps": round(words / lex),
    "tokenizer_plus_lexicon_wps": round(words / (tok + lex)), "ents": n_ents}}))
"""


def costs() -> dict[str, dict]:
    """Fresh process per setting, so RSS and load time are what a worker pays."""
    texts = [t for t, _ in dev_docs()]
    seeds = sorted((shared_dir() / "seeds").glob("*.txt"))
    texts += [p.read_text(encoding="utf-8") for p in seeds]
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tpath = Path(tmp) / "texts.json"
        tpath.write_text(json.dumps(texts), encoding="utf-8")
        for name, lexicons, mode in [
            ("curated only", ["curated.jsonl"], "files"),
            ("curated + vocab", ["curated.jsonl", "vocab.jsonl"], "files"),
            ("curated + vocab, saved pipeline (spacy.load)", ["curated.jsonl", "vocab.jsonl"], "saved"),
        ]:
            code = _PROBE.format(repo=str(REPO), lexicons=lexicons, texts=str(tpath), mode=mode)
            res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            out[name] = json.loads(res.stdout.strip().splitlines()[-1])
            print(name, json.dumps(out[name]), flush=True)
    sizes = {p.name: round(p.stat().st_size / 1e6, 2) for p in sorted(lexicon_dir().glob("*.jsonl"))}
    out["file_sizes_mb"] = sizes
    print("file sizes MB", sizes)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["costs", "filters", "all"])
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    results: dict[str, dict] = {}
    if args.what in ("costs", "all"):
        results["costs"] = costs()
    if args.what in ("filters", "all"):
        results["filters"] = filters()
    results["peak_rss_mb_this_process"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
