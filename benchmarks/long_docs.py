"""Peak memory and words/s of `claimlens run` on long documents against normal ones.

    python benchmarks/long_docs.py [--chars 4900000] [--lines-kb 200] [--model M] [--only NAME] [--json]

Builds, in a temporary folder, from ../shared abstracts and seeds (never copied
into the repo):
  one-line    one text file of ~4.9 MB on a single line (~900k words)
  wrapped-lines one 200 KB text file hard-wrapped at 40 characters (~6 words a line)
  short-lines one 200 KB text file of one word per line
  tiny-lines  one 200 KB text file of 1-2 character lines (~1 token per character)
  normal      the same abstracts as the one-line file, one JSONL record each
  normal-small the first 200 KB of them (the baseline of the 200 KB files)
Each runs in a fresh process: load the pipeline (timed apart), then
pipeline.run.run (what `claimlens run --workers 1` calls), reporting the
process's peak RSS and words/s of the run without the model load, by the
wall clock and by the process's CPU time (the fairer one on a busy machine).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def _abstracts(min_words: int) -> list[str]:
    from throughput import build_corpus

    return [" ".join(t.split()) for t in build_corpus(min_words)]


def build_inputs(folder: Path, chars: int, lines_bytes: int) -> dict[str, Path]:
    texts = _abstracts(int(chars / 5.2))
    one, size = [], 0
    for t in texts:
        if size >= chars:
            break
        one.append(t)
        size += len(t) + 1
    paths = {}
    paths["one-line"] = folder / "one-line.txt"
    paths["one-line"].write_text(" ".join(one)[:chars] + "\n", encoding="utf-8")
    paths["normal"] = folder / "normal.jsonl"
    with paths["normal"].open("w", encoding="utf-8") as fh:
        for i, t in enumerate(one):
            fh.write(json.dumps({"id": i, "text": t}) + "\n")
    paths["normal-small"] = folder / "normal-small.jsonl"  # the baseline of the 200 KB documents
    with paths["normal-small"].open("w", encoding="utf-8") as fh:
        size = 0
        for i, t in enumerate(one):
            if size >= lines_bytes:
                break
            fh.write(json.dumps({"id": i, "text": t}) + "\n")
            size += len(t.encode()) + 1
    words = " ".join(one).split()
    out, n = [], 0
    for w in words:
        if n >= lines_bytes:
            break
        out.append(w)
        n += len(w.encode()) + 1
    wrapped, n, line = [], 0, ""
    for w in words:  # hard-wrapped at 40 characters, as a PDF dump or an e-mail
        if n >= lines_bytes:
            break
        if line and len(line) + 1 + len(w) > 40:
            wrapped.append(line)
            n += len(line) + 1
            line = w
        else:
            line = f"{line} {w}" if line else w
    paths["wrapped-lines"] = folder / "wrapped-lines.txt"
    paths["wrapped-lines"].write_text("\n".join(wrapped) + "\n", encoding="utf-8")
    paths["short-lines"] = folder / "short-lines.txt"
    paths["short-lines"].write_text("\n".join(out) + "\n", encoding="utf-8")
    rng = random.Random(0)
    chars_pool = "abcdefghijklmnopqrstuvwxyz0123456789-*.,"
    tiny, n = [], 0
    while n < lines_bytes:
        line = "".join(rng.choice(chars_pool) for _ in range(rng.randint(1, 2)))
        tiny.append(line)
        n += len(line) + 1
    paths["tiny-lines"] = folder / "tiny-lines.txt"
    paths["tiny-lines"].write_text("\n".join(tiny) + "\n", encoding="utf-8")
    return paths


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child(path: str, out: str, model: str | None, extra: str) -> None:
    """Runs in its own process: one input, one figure line of JSON on stdout."""
    from pipeline.nlp.build import get_nlp
    from pipeline.run import run

    t0 = time.perf_counter()
    get_nlp(model)
    load = time.perf_counter() - t0
    kwargs = json.loads(extra)
    t0, c0 = time.perf_counter(), _cpu()
    res = run([path], out, model=model, workers=1, **kwargs)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    words = res.counts.get("words", 0)
    print(json.dumps({
        "load_s": round(load, 2),
        "run_s": round(seconds, 2),
        "words": words,
        "words_per_s": round(words / seconds),
        "words_per_cpu_s": round(words / cpu),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "sentences": res.counts.get("sentences", 0),
        "documents_ok": res.counts.get("documents_ok", 0),
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=4_900_000, help="size of the one-line document")
    ap.add_argument("--lines-kb", type=int, default=200, help="size of the many-lines documents")
    ap.add_argument("--model", default=None)
    ap.add_argument("--only", action="append", help="run only these cases (repeatable)")
    ap.add_argument("--run-kwargs", default="{}", help="JSON of extra pipeline.run.run arguments")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("INPUT", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.model, args.run_kwargs)
        return
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_inputs(Path(tmp), args.chars, args.lines_kb * 1000)
        for name, path in paths.items():
            if args.only and name not in args.only:
                continue
            cmd = [sys.executable, __file__, "--child", str(path), str(Path(tmp) / f"out-{name}"),
                   "--run-kwargs", args.run_kwargs]
            if args.model:
                cmd += ["--model", args.model]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                results[name] = {"error": proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]}
            else:
                results[name] = {"bytes": path.stat().st_size, **json.loads(proc.stdout.strip().splitlines()[-1])}
            if not args.json:
                print(f"{name:12s} {json.dumps(results[name])}", flush=True)
    for name, r in results.items():
        # each document against normal documents of the same size (a run has fixed costs too)
        base = results.get("normal" if name in ("one-line", "normal") else "normal-small", {})
        if "words_per_s" in r and "words_per_s" in base:
            r["ratio_to_normal"] = round(r["words_per_s"] / base["words_per_s"], 2)
            r["cpu_ratio_to_normal"] = round(r["words_per_cpu_s"] / base["words_per_cpu_s"], 2)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, r in results.items():
            if "ratio_to_normal" in r:
                print(f"{name:12s} words/s ratio to normal: {r['ratio_to_normal']} wall-clock, "
                      f"{r['cpu_ratio_to_normal']} CPU time")


if __name__ == "__main__":
    main()
