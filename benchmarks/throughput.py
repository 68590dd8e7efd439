"""Throughput of the default pipeline against the tokenizer floor, and the 1->2 worker speed-up.

    python benchmarks/throughput.py [--words 1000000] [--model rules] [--json]

The corpus is built in a temporary folder from ../shared (BC5CDR, NCBI-disease
and GENIA abstracts, the seeds) plus data/samples, never copied into the repo.
Figures are words per second (whitespace words of the document text).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.paths import samples_dir, shared_dir  # noqa: E402


def _pubtator_texts(path: Path) -> list[str]:
    texts, title = [], None
    for line in path.open(encoding="utf-8"):
        parts = line.rstrip("\n").split("|", 2)
        if len(parts) == 3 and parts[1] == "t":
            title = parts[2]
        elif len(parts) == 3 and parts[1] == "a" and title is not None:
            texts.append(f"{title} {parts[2]}")
            title = None
    return texts


def _genia_texts(path: Path) -> list[str]:
    """Approximate raw abstracts from GENIA word/POS lines (good enough for timing)."""
    texts, cur = [], []
    for line in path.open(encoding="utf-8"):
        words = [w.rsplit("/", 1)[0] for w in line.split()]
        if words[:2] == ["UI", "-"]:
            if cur:
                texts.append(" ".join(cur))
            cur = []
            continue
        if words[:2] in (["TI", "-"], ["AB", "-"]):
            words = words[2:]
        sent = " ".join(words)
        sent = re.sub(r" ([.,;:)\]])", r"\1", sent).replace("( ", "(")
        cur.append(sent)
    if cur:
        texts.append(" ".join(cur))
    return texts


def build_corpus(min_words: int) -> list[str]:
    shared = shared_dir()
    texts: list[str] = []
    for p in sorted((shared / "corpora" / "BC5CDR-PubTator").glob("CDR_*.txt")):
        texts += _pubtator_texts(p)
    for p in sorted((shared / "corpora" / "NCBI-disease-original").glob("NCBI*_corpus.txt")):
        texts += _pubtator_texts(p)
    for p in sorted((shared / "corpora" / "GENIA-pos-sentences").glob("GENIA*.pos")):
        texts += _genia_texts(p)
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(samples_dir().glob("*.txt"))]
    base = list(texts)
    n = sum(len(t.split()) for t in texts)
    i = 0
    while n < min_words:  # top up by repeating (reported in the output)
        texts.append(base[i % len(base)])
        n += len(base[i % len(base)].split())
        i += 1
    return texts


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--skip-workers", action="store_true", help="Only the in-process figures.")
    args = ap.parse_args()

    import spacy

    from pipeline.engine.worker import annotate
    from pipeline.ingest.document import Document
    from pipeline.nlp.build import get_nlp
    from pipeline.run import run

    texts = build_corpus(args.words)
    words = sum(len(t.split()) for t in texts)
    result: dict = {"documents": len(texts), "words": words}

    blank = spacy.blank("en")
    t0 = time.perf_counter()
    for _ in blank.pipe(texts, batch_size=256):
        pass
    result["floor_wps"] = words / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    nlp = get_nlp(args.model)
    result["load_seconds"] = time.perf_counter() - t0
    result["pipeline"] = nlp.meta.get("claimlens_version")
    docs = (Document(doc_id=str(i), source="bench", text=t) for i, t in enumerate(texts))
    t0 = time.perf_counter()
    n_rows = 0
    for rows in annotate(docs, nlp):
        n_rows += len(rows["sentences"])
    dt = time.perf_counter() - t0
    result["pipeline_wps"] = words / dt
    result["ratio_to_floor"] = result["pipeline_wps"] / result["floor_wps"]
    result["sentences"] = n_rows
    result["peak_rss_mb_in_process"] = _peak_rss_mb()

    if not args.skip_workers:
        with tempfile.TemporaryDirectory() as tmp:
            inp = Path(tmp) / "in"
            inp.mkdir()
            n_files = 32
            for k in range(n_files):
                with (inp / f"part-{k:03d}.jsonl").open("w", encoding="utf-8") as fh:
                    for i in range(k, len(texts), n_files):
                        fh.write(json.dumps({"id": i, "text": texts[i]}) + "\n")
            for w in (1, 2):
                t0 = time.perf_counter()
                run([str(inp)], Path(tmp) / f"out{w}", model=args.model, workers=w, files_per_shard=1)
                result[f"run_{w}_workers_wps"] = words / (time.perf_counter() - t0)
            result["speedup_2_workers"] = result["run_2_workers_wps"] / result["run_1_workers_wps"]
            result["peak_rss_mb_worker"] = _peak_rss_mb(resource.RUSAGE_CHILDREN)

    if args.json:
        print(json.dumps(result, indent=2))
        return
    for k, v in result.items():
        print(f"{k:28s} {v:,.2f}" if isinstance(v, float) else f"{k:28s} {v}")


if __name__ == "__main__":
    main()
