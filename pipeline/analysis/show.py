"""`claimlens show OUT` as rich tables: the figures a researcher checks first after a run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from pipeline.analysis import duck
from pipeline.schema import ENTITY_LABELS, EVIDENCE_ORDER

EVIDENCE_STYLES = {
    "clinical": "green",
    "preclinical": "blue",
    "anecdotal": "dark_orange",
    "unspecified": "grey62",
}
LABEL_STYLES = {"SUBSTANCE": "cyan", "CONDITION": "red", "MECHANISM": "magenta"}


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "–"


def _summary_table(ov: dict[str, Any], manifest: dict[str, Any]) -> Table:
    t = Table(title="Summary", title_justify="left", show_header=False, box=None, padding=(0, 2))
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_column(style="dim")
    t.add_row(
        "documents", f"{ov['documents']:,}", f"{ov['documents_ok']:,} ok, {ov['documents_skipped']:,} skipped"
    )
    t.add_row("words", f"{ov['words']:,}", "")
    t.add_row("sentences", f"{ov['sentences']:,}", "")
    t.add_row("claims", f"{ov['claims']:,}", f"{_pct(ov['claims'], ov['sentences'])} of sentences")
    t.add_row("  hedged", f"{ov['hedged']:,}", f"{_pct(ov['hedged'], ov['claims'])} of claims")
    t.add_row("  negated", f"{ov['negated']:,}", f"{_pct(ov['negated'], ov['claims'])} of claims")
    ents = ov["entities"]
    t.add_row(
        "entities",
        f"{sum(ents.values()):,}",
        ", ".join(f"[{LABEL_STYLES[lab]}]{lab.lower()}[/] {ents[lab]:,}" for lab in ENTITY_LABELS),
    )
    seconds = (manifest.get("timings") or {}).get("seconds")
    if seconds:
        t.add_row(
            "run time", f"{seconds:,.1f} s", f"{ov['words'] / seconds:,.0f} words/s" if seconds > 0 else ""
        )
    return t


def _evidence_type_table(cross: pd.DataFrame) -> Table:
    t = Table(title="Claims by evidence and claim type", title_justify="left")
    t.add_column("evidence")
    for col in ("benefit", "harm", "mechanism", "total"):
        t.add_column(col, justify="right", style="bold" if col == "total" else None)
    grand = int(cross["total"].sum())
    for r in cross.to_dict("records"):
        ev = r["evidence"]
        t.add_row(
            f"[{EVIDENCE_STYLES[ev]}]{ev}[/]",
            *(f"{int(r[c]):,}" for c in ("benefit", "harm", "mechanism")),
            f"{int(r['total']):,} ({_pct(int(r['total']), grand)})",
        )
    t.add_section()
    t.add_row("all", *(f"{int(cross[c].sum()):,}" for c in ("benefit", "harm", "mechanism")), f"{grand:,}")
    return t


def _top_table(df: pd.DataFrame, key: str, title: str) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column(key)
    t.add_column("claims", justify="right", style="bold")
    for ev in EVIDENCE_ORDER:
        t.add_column(ev, justify="right", style=EVIDENCE_STYLES[ev])
    t.add_column("hedged", justify="right")
    t.add_column("negated", justify="right")
    t.add_column("docs", justify="right")
    for r in df.to_dict("records"):
        t.add_row(
            str(r[key]),
            f"{int(r['claims']):,}",
            *(f"{int(r[ev]):,}" for ev in EVIDENCE_ORDER),
            f"{r['hedged_share']:.0%}",
            f"{r['negated_share']:.0%}",
            f"{int(r['documents']):,}",
        )
    return t


def _skipped_table(df: pd.DataFrame) -> Table:
    t = Table(title="Skipped documents", title_justify="left")
    t.add_column("reason")
    t.add_column("documents", justify="right")
    t.add_column("example", style="dim", overflow="ellipsis", max_width=60)
    for r in df.to_dict("records"):
        t.add_row(str(r["reason"]), f"{int(r['documents']):,}", str(r["example"]))
    return t


def render_show(out: Path, console: Console, *, top: int = 10) -> None:
    """Print the summary of an output folder (any format) as rich tables."""
    manifest = duck.read_manifest(out) if (Path(out) / "manifest.json").is_file() else {}
    con = duck.connect(out)  # raises NotAnOutputFolder with the usual message
    try:
        ov = duck.overview(con)
        cross = duck.claims_by_evidence_and_type(con)
        subs = duck.evidence_by_substance(con, top=top)
        conds = duck.evidence_by_condition(con, top=top)
        skipped = duck.skipped_reasons(con)
    finally:
        con.close()
    versions = manifest.get("versions") or {}
    timings = manifest.get("timings") or {}
    console.print(
        f"[bold]{out}[/]  [dim]pipeline {versions.get('pipeline', 'unknown')} · "
        f"finished {timings.get('finished', 'unknown')} · {manifest.get('format', 'parquet')}[/]"
    )
    console.print(_summary_table(ov, manifest))
    console.print()
    if ov["claims"]:
        console.print(_evidence_type_table(cross))
        console.print()
    if not subs.empty:
        console.print(_top_table(subs, "substance", f"Top substances (of {ov['claims']:,} claims)"))
        console.print()
    if not conds.empty:
        console.print(_top_table(conds, "condition", "Top conditions"))
        console.print()
    if not skipped.empty:
        console.print(_skipped_table(skipped))
