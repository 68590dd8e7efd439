"""The closing summary of a run, from the counts a run or an output folder holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.schema import ENTITY_LABELS, EVIDENCE_ORDER


def merge_stats(markers: Iterable[Mapping[str, Any]]) -> Counter:
    total: Counter = Counter()
    for m in markers:
        total.update(m.get("stats", {}))
    return total


def summary_lines(counts: Mapping[str, int], *, seconds: float | None = None, words_processed: int | None = None) -> list[str]:
    """Plain lines: the same text for `run` and `show`, and easy to test."""
    c = Counter(counts)
    docs = c["documents_ok"] + c["documents_skipped"]
    lines = [
        f"documents   {docs:>9,}  ({c['documents_ok']:,} ok, {c['documents_skipped']:,} skipped)",
        f"words       {c['words']:>9,}",
        f"sentences   {c['sentences']:>9,}",
        f"claims      {c['claims']:>9,}  "
        + ", ".join(f"{e} {c['evidence:' + e]:,}" for e in EVIDENCE_ORDER),
        f"entities    {sum(c['entities:' + lab] for lab in ENTITY_LABELS):>9,}  "
        + ", ".join(f"{lab} {c['entities:' + lab]:,}" for lab in ENTITY_LABELS),
    ]
    reasons = sorted(((k.split(":", 1)[1], v) for k, v in c.items() if k.startswith("skipped:")), key=lambda kv: -kv[1])
    if reasons:
        lines.append("skipped     " + "; ".join(f"{r} ({n})" for r, n in reasons))
    if c["documents_truncated"]:
        lines.append(f"truncated   {c['documents_truncated']:>9,}  (longer than max_chars; the reason gives the cut)")
    if seconds is not None and seconds > 0:
        w = c["words"] if words_processed is None else words_processed
        lines.append(f"time        {seconds:>9.1f} s  ({w / seconds:,.0f} words/s)")
    return lines
