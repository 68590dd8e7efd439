"""Compile the gold authoring markup (data/gold/FORMAT.md) into gold JSONL.

People edit a readable one-sentence-per-line markup; the evaluator reads
offsets. Keeping the compiler here means offsets are never typed by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.evaluate.gold import CLAIM_TYPES, EVIDENCE_LABELS, validate_document

ENTITY_CODES = {"S": "SUBSTANCE", "C": "CONDITION", "M": "MECHANISM"}
_MARK = re.compile(r"\[([^\[\]{}]+)\]\{([SCM])\}")


class GoldSyntaxError(ValueError):
    """A malformed line in a gold source file, with its location."""

    def __init__(self, path: Path | str, lineno: int, message: str) -> None:
        super().__init__(f"{path}:{lineno}: {message}")


def _parse_labels(raw: str, path: Path | str, lineno: int) -> dict:
    words = raw.split()
    if words == ["-"]:
        return {"is_claim": False, "evidence": None, "claim_type": None, "hedged": False, "negated": False}
    if len(words) < 2:
        raise GoldSyntaxError(path, lineno, f"labels {raw!r}: want '-' or '<claim_type> <evidence> [hedged] [negated]'")
    claim_type, evidence, *flags = words
    if claim_type not in CLAIM_TYPES:
        raise GoldSyntaxError(path, lineno, f"claim_type {claim_type!r} not in {sorted(CLAIM_TYPES)}")
    if evidence not in EVIDENCE_LABELS:
        raise GoldSyntaxError(path, lineno, f"evidence {evidence!r} not in {sorted(EVIDENCE_LABELS)}")
    bad = set(flags) - {"hedged", "negated"}
    if bad:
        raise GoldSyntaxError(path, lineno, f"unknown flags {sorted(bad)}; allowed: hedged, negated")
    return {
        "is_claim": True,
        "evidence": evidence,
        "claim_type": claim_type,
        "hedged": "hedged" in flags,
        "negated": "negated" in flags,
    }


def _strip_markup(marked: str, path: Path | str, lineno: int) -> tuple[str, list[tuple[int, int, str]]]:
    plain: list[str] = []
    ents: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        plain.append(before)
        length += len(before)
        mention = m.group(1)
        if mention != mention.strip():
            raise GoldSyntaxError(path, lineno, f"entity {mention!r} has leading/trailing space")
        ents.append((length, length + len(mention), ENTITY_CODES[m.group(2)]))
        plain.append(mention)
        length += len(mention)
        pos = m.end()
    plain.append(marked[pos:])
    text = "".join(plain)
    for ch in "[]{}":
        if ch in text:
            raise GoldSyntaxError(path, lineno, f"stray {ch!r}: brackets are reserved for [mention]{{S|C|M}} markup")
    return text, ents


def compile_document(source: str, doc_id: str, path: Path | str = "<string>") -> dict:
    """Turn one marked-up document into a gold record with character offsets."""
    meta: dict[str, str] = {}
    text = ""
    sentences: list[dict] = []
    entities: list[dict] = []
    pending_sep: str | None = None  # separator before the next sentence
    blank_run = 0
    for lineno, line in enumerate(source.splitlines(), start=1):
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip() and " " not in key.strip():
                meta[key.strip()] = value.strip()
            continue
        if not line.strip():
            blank_run += 1
            continue
        if "|" not in line:
            raise GoldSyntaxError(path, lineno, "want 'LABELS | TEXT'")
        raw_labels, _, rest = line.partition("|")
        glue = rest.startswith("+")
        if glue:
            rest = rest[1:]
        if rest.startswith(" "):
            rest = rest[1:]
        rest = rest.rstrip()
        if not rest.strip():
            raise GoldSyntaxError(path, lineno, "empty sentence text")
        labels = _parse_labels(raw_labels.strip(), path, lineno)
        plain, ents = _strip_markup(rest, path, lineno)
        if sentences:
            if glue:
                pending_sep = ""
            elif blank_run == 0:
                pending_sep = " "
            else:
                pending_sep = "\n" * min(blank_run, 2)
            text += pending_sep
        start = len(text)
        text += plain
        sentences.append({"start": start, "end": len(text), **labels})
        entities.extend({"start": start + s, "end": start + e, "label": lab} for s, e, lab in ents)
        blank_run = 0
    record = {"doc_id": doc_id, "text": text, "meta": meta, "sentences": sentences, "entities": entities}
    problems = validate_document(record)
    if problems:
        raise GoldSyntaxError(path, 0, "; ".join(problems))
    return record


def compile_folder(folder: Path) -> list[dict]:
    """Compile every `*.txt` under a split folder, in file-name order."""
    files = sorted(Path(folder).glob("*.txt"))
    return [compile_document(f.read_text(encoding="utf-8"), f.stem, f) for f in files]


def stats(records: Iterable[dict]) -> Counter:
    """Counts that the gold requirements are stated in."""
    c: Counter = Counter()
    for rec in records:
        c["documents"] += 1
        for s in rec["sentences"]:
            c["sentences"] += 1
            if s["is_claim"]:
                c["claims"] += 1
                c[f"evidence={s['evidence']}"] += 1
                c[f"claim_type={s['claim_type']}"] += 1
                c["hedged"] += s["hedged"]
                c["negated"] += s["negated"]
        for e in rec["entities"]:
            c[f"entity={e['label']}"] += 1
    return c


def write_jsonl(records: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args(argv)
    try:
        records = compile_folder(args.folder)
    except GoldSyntaxError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_jsonl(records, args.out)
    if args.stats:
        for key, value in sorted(stats(records).items()):
            print(f"{key:28s} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
