"""Choose the real documents to label for data/gold/real (deterministic, by hash).

The selection favours our topic (psychoactive, pain, sleep, mood and
addiction substances and conditions) and spreads the evidence classes:
first-person reviews (anecdotal), animal and human research abstracts
(preclinical, clinical), fact sheets, NIH reference pages and machine-written
answers (mostly unspecified). Splits are assigned per source document.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from pipeline.evaluate.realsrc import (
    REALWEB,
    _druglib_rows,
    _hc3,
    _pubtator,
    _root,
    _tripsit,
    naive_sentences,
    source_text,
)

TOPIC = re.compile(
    r"\b(depress\w*|anxi\w*|insomnia|sleep\w*|pain\w*|migraine|adhd|bipolar|addict\w*|withdraw\w*|stress|mood|"
    r"panic|opioid\w*|opiate\w*|kratom|kava|cannabi\w*|cbd|benzodiazepine\w*|ssri\w*|antidepress\w*|"
    r"seizure\w*|schizo\w*|alcohol\w*|nicotine|caffeine|melatonin|valerian|ashwagandha|st\.? john)",
    re.I,
)
ANIMAL = re.compile(r"\b(rats?|mice|mouse|rabbits?|dogs?|guinea pigs?|in vitro|cultured|animals?)\b", re.I)
HUMAN = re.compile(r"\b(patients?|case|trial|volunteers|subjects|women|men|children|participants)\b", re.I)
SPLIT_SHARE = (("test", 0.35), ("dev", 0.15), ("train", 0.50))


def _h(key: str) -> float:
    return int(hashlib.sha256(key.encode()).hexdigest()[:12], 16) / 16**12


def _pick(cands: list[str], n: int) -> list[str]:
    return sorted(cands, key=_h)[:n]


def candidates(root: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    refs = []
    for split in ("train", "test"):
        for i, r in enumerate(_druglib_rows(split, root)):
            blob = " ".join(str(v) for v in r.values())
            text = " ".join(r[k] for k in ("benefitsReview", "sideEffectsReview", "commentsReview"))
            if TOPIC.search(blob) and 500 <= len(text) <= 2500:
                refs.append(f"druglib:{split}:{i}")
    out["review"] = refs
    animal, human = [], []
    for corpus, splits in (("bc5cdr", ("train", "dev")), ("ncbi", ("train", "dev"))):
        for split in splits:
            for pmid, text in _pubtator(corpus, split, root).items():
                if corpus == "ncbi" and not TOPIC.search(text):
                    continue
                ref = f"{corpus}:{split}:{pmid}"
                (animal if ANIMAL.search(text) else human if HUMAN.search(text) else []).append(ref)
    out["abstract-animal"], out["abstract-human"] = animal, human
    ts = _tripsit(root)
    out["factsheet"] = [
        f"tripsit:{k}" for k, v in ts.items()
        if len(v.get("properties", {}).get("summary", "")) > 150
        and (TOPIC.search(json.dumps(v)) or {"opioid", "benzodiazepine", "supplement", "nootropic", "ssri"}
             & set(v.get("categories", [])))
    ]
    refs = []
    base = root / REALWEB / "medquad-nih"
    for line in (base / "topic_filter.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        _, coll, fname, _focus = line.split("\t")
        doc = ET.parse(base / coll / fname).getroot()
        for pair in doc.iter("QAPair"):
            a = pair.findtext("Answer") or ""
            if 1000 <= len(a) <= 4000:
                refs.append(f"medquad:{coll}/{fname}#{pair.get('pid')}")
    out["reference"] = refs
    out["machine-answer"] = [f"hc3:{k}" for k, t in _hc3(root).items() if TOPIC.search(t) and len(t) >= 700]
    return out


QUOTA = {"review": 72, "abstract-animal": 40, "abstract-human": 36, "factsheet": 36, "reference": 40,
         "machine-answer": 36}


def _split(frac: float) -> str:
    """The split of the document at ``frac`` of its genre's hash order (SPLIT_SHARE, cumulative)."""
    upto = 0.0
    for split, share in SPLIT_SHARE:
        upto += share
        if frac < upto:
            return split
    return SPLIT_SHARE[-1][0]


def select(root: Path | None = None) -> list[dict[str, str]]:
    base = _root(root)
    rows = []
    for genre, cands in candidates(base).items():
        for i, ref in enumerate(_pick(cands, QUOTA[genre])):
            split = _split(i / QUOTA[genre])
            rows.append({"ref": ref, "genre": genre.split("-")[0], "split": split})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args(argv)
    rows = select()
    n = 0
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            r["n_sentences"] = len(naive_sentences(source_text(r["ref"])[0]))
            n += r["n_sentences"]
            fh.write(json.dumps(r) + "\n")
    print(f"{len(rows)} documents, ~{n} sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
