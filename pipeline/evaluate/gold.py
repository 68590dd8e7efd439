"""The gold JSONL format: label sets, reading, and validation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

EVIDENCE_LABELS = frozenset({"clinical", "preclinical", "anecdotal", "unspecified"})
CLAIM_TYPES = frozenset({"benefit", "harm", "mechanism"})
ENTITY_LABELS = frozenset({"SUBSTANCE", "CONDITION", "MECHANISM"})


def validate_document(rec: dict) -> list[str]:
    """Return the problems of one gold record (empty when it is valid)."""
    problems: list[str] = []
    doc_id = rec.get("doc_id")
    text = rec.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        problems.append("doc_id missing or not a string")
    if not isinstance(text, str):
        return problems + ["text missing or not a string"]
    n = len(text)
    prev_end = 0
    spans: list[tuple[int, int]] = []
    for i, s in enumerate(rec.get("sentences", [])):
        start, end = s.get("start"), s.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n):
            problems.append(f"sentence {i}: offsets {start}-{end} out of range 0-{n}")
            continue
        if start < prev_end:
            problems.append(f"sentence {i}: starts at {start} before the previous one ends at {prev_end}")
        prev_end = end
        spans.append((start, end))
        if s.get("is_claim"):
            if s.get("evidence") not in EVIDENCE_LABELS:
                problems.append(f"sentence {i}: evidence {s.get('evidence')!r} not allowed")
            if s.get("claim_type") not in CLAIM_TYPES:
                problems.append(f"sentence {i}: claim_type {s.get('claim_type')!r} not allowed")
        else:
            if s.get("evidence") is not None or s.get("claim_type") is not None:
                problems.append(f"sentence {i}: non-claim with evidence or claim_type")
            if s.get("hedged") or s.get("negated"):
                problems.append(f"sentence {i}: non-claim marked hedged or negated")
        for flag in ("hedged", "negated", "is_claim"):
            if not isinstance(s.get(flag), bool):
                problems.append(f"sentence {i}: {flag} must be true or false")
    for j, e in enumerate(rec.get("entities", [])):
        start, end, label = e.get("start"), e.get("end"), e.get("label")
        if label not in ENTITY_LABELS:
            problems.append(f"entity {j}: label {label!r} not allowed")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n):
            problems.append(f"entity {j}: offsets {start}-{end} out of range")
            continue
        if not any(s <= start and end <= t for s, t in spans):
            problems.append(f"entity {j} ({text[start:end]!r}): not inside one sentence")
    return problems


def read_gold(path: Path | str) -> Iterator[dict]:
    """Yield the records of a gold JSONL file, raising on the first invalid one.

    Real-text records carry a source reference and a hash instead of the
    text; their text is rebuilt from ../shared and checked here.
    """
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if "text" not in rec and "source" in rec:
                from pipeline.evaluate.realsrc import resolve_text

                rec = resolve_text(rec)
            problems = validate_document(rec)
            if problems:
                raise ValueError(f"{path}:{lineno} ({rec.get('doc_id')}): " + "; ".join(problems))
            yield rec
