"""Consistency report for the gold data (review aid, never an automatic fix).

    python -m pipeline.evaluate.consistency data/gold/src          # .txt sources
    python -m pipeline.evaluate.consistency data/gold/dev.jsonl    # compiled gold

Sections:
  (a) surface strings tagged in some places and left untagged elsewhere
  (b) surface strings tagged with different labels
  (c) a tagged surface string that appears elsewhere with other boundaries
      ("[chronic pain]" here, "chronic [pain]" there)
  (d) hedge cues: unhedged claims with a hedge word, hedged claims without one

Locations are `file:line` for sources and `doc_id#sentence_index` for JSONL.
Surface strings are compared lower-cased; untagged occurrences are found by a
word-bounded search in the sentence text.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.evaluate.goldsrc import _parse_labels, _strip_markup

# The rules' hedge list (docs/ANNOTATION.md, "Claim attributes" and v2.1 "Hedges"), with inflections.
HEDGE_CUES = re.compile(
    r"\b(may|might|could|potential(?:ly)?|possibl[ey]|suggest(?:s|ed|ing)?|believed?|"
    r"appears?|appeared|promis(?:e|es|ing)|likely|probabl[ey]|seems?|seemed|thought to|"
    r"think|suspect(?:ed)?|points? to|hint(?:s|ing)?|considered|purported(?:ly)?|encourag(?:ing|ement))\b",
    re.IGNORECASE,
)
# Comparative likelihood ("twice as likely to", "most likely to cause") is a statistic, not a hedge.
COMPARATIVE_LIKELY = re.compile(r"\b(?:more|less|most|least|as) likely\b", re.IGNORECASE)


@dataclass
class Sentence:
    loc: str
    text: str
    labels: dict
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, label) in text


def load_sources(files: list[Path]) -> list[Sentence]:
    """Every sentence line of the given `.txt` source files."""
    out: list[Sentence] = []
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("#") or not line.strip() or "|" not in line:
                continue
            raw, _, rest = line.partition("|")
            rest = rest[1:] if rest.startswith("+") else rest
            rest = rest[1:] if rest.startswith(" ") else rest
            text, spans = _strip_markup(rest.rstrip(), path, lineno)
            out.append(Sentence(f"{path}:{lineno}", text, _parse_labels(raw.strip(), path, lineno), spans))
    return out


def load_jsonl(path: Path) -> list[Sentence]:
    """Every sentence of a gold JSONL file, entities made sentence-relative."""
    out: list[Sentence] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        for i, s in enumerate(rec["sentences"]):
            a, b = s["start"], s["end"]
            spans = [
                (e["start"] - a, e["end"] - a, e["label"])
                for e in rec["entities"]
                if a <= e["start"] and e["end"] <= b
            ]
            out.append(Sentence(f"{rec['doc_id']}#{i}", rec["text"][a:b], s, spans))
    return out


def load(path: Path) -> list[Sentence]:
    if path.is_dir():
        return load_sources(sorted(path.rglob("*.txt")))
    if path.suffix == ".jsonl":
        return load_jsonl(path)
    return load_sources([path])


def _occurrences(surface: str, forms: set[str], text: str) -> list[tuple[int, int]]:
    """Word-bounded occurrences; case-blind unless a tagged form has inner capitals (SAMe vs "same")."""
    if any(any(c.isupper() for c in f[1:]) for f in forms):
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(forms))) + r")(?!\w)")
    else:
        pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def check(sentences: list[Sentence]) -> dict[str, list[str]]:
    """Return report lines per section: 'untagged', 'labels', 'boundaries', 'hedges'."""
    tagged: dict[str, list[str]] = defaultdict(list)  # surface -> locations
    labels: dict[str, Counter] = defaultdict(Counter)
    label_locs: dict[tuple[str, str], list[str]] = defaultdict(list)
    forms: dict[str, set[str]] = defaultdict(set)  # surface -> spellings as tagged
    for s in sentences:
        for a, b, lab in s.spans:
            key = s.text[a:b].lower()
            forms[key].add(s.text[a:b])
            tagged[key].append(s.loc)
            labels[key][lab] += 1
            label_locs[(key, lab)].append(s.loc)

    untagged: dict[str, list[str]] = defaultdict(list)
    boundaries: dict[str, list[str]] = defaultdict(list)
    for s in sentences:
        for surface in tagged:
            for a, b in _occurrences(surface, forms[surface], s.text):
                overlapping = [(x, y) for x, y, _ in s.spans if x < b and a < y]
                if not overlapping:
                    untagged[surface].append(s.loc)
                elif (a, b) in [(x, y) for x, y in overlapping]:
                    continue  # tagged exactly here
                elif all(x <= a and b <= y for x, y in overlapping):
                    continue  # inside a longer tagged span (e.g. "pain" in "[back pain]")
                else:
                    inner = ", ".join(f"[{s.text[x:y]}]" for x, y in overlapping)
                    boundaries[surface].append(f"{s.loc} as {inner}")

    report: dict[str, list[str]] = {"untagged": [], "labels": [], "boundaries": [], "hedges": []}
    for surface in sorted(untagged, key=lambda k: (-len(untagged[k]), k)):
        report["untagged"].append(
            f"{surface!r}: tagged {len(tagged[surface])}x, untagged {len(untagged[surface])}x: "
            + "; ".join(untagged[surface])
        )
    for surface in sorted(k for k in labels if len(labels[k]) > 1):
        parts = [
            f"{lab} {n}x ({'; '.join(label_locs[(surface, lab)])})"
            for lab, n in labels[surface].most_common()
        ]
        report["labels"].append(f"{surface!r}: " + " | ".join(parts))
    for surface in sorted(boundaries):
        report["boundaries"].append(
            f"{surface!r}: tagged whole {len(tagged[surface])}x, other boundaries at: "
            + "; ".join(boundaries[surface])
        )
    for s in sentences:
        if not s.labels["is_claim"]:
            continue
        text = COMPARATIVE_LIKELY.sub(" ", s.text)
        cues = sorted({m.group(0).lower() for m in HEDGE_CUES.finditer(text)})
        if cues and not s.labels["hedged"]:
            report["hedges"].append(f"{s.loc}: not hedged but has {', '.join(cues)}: {s.text}")
        elif s.labels["hedged"] and not cues:
            report["hedges"].append(f"{s.loc}: hedged with no listed cue: {s.text}")
    return report


TITLES = {
    "untagged": "(a) tagged in some places, untagged in others",
    "labels": "(b) same surface, different labels",
    "boundaries": "(c) same text, different span boundaries",
    "hedges": "(d) hedge cues to review",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", type=Path, nargs="+", help="source folders, .txt files or gold .jsonl files")
    ap.add_argument("--only", choices=sorted(TITLES), help="print one section")
    args = ap.parse_args(argv)
    sentences = [s for p in args.paths for s in load(p)]
    report = check(sentences)
    for key, title in TITLES.items():
        if args.only and key != args.only:
            continue
        print(f"== {title}: {len(report[key])}")
        for line in report[key]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
