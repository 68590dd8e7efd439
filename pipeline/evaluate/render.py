"""Readable tables for score reports (rich for terminals, plain text for files and logs)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.table import Table
from rich.text import Text


class Titled:
    """A bold heading line above a table (rich would wrap a table title to the table's width)."""

    def __init__(self, title: str, *columns: str) -> None:
        self.title = title
        self.table = Table(show_edge=False, pad_edge=False)
        for i, c in enumerate(columns):
            self.table.add_column(c, justify="left" if i == 0 else "right")

    def add_row(self, *cells: str | Text) -> None:
        self.table.add_row(*cells)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        yield Text(self.title, style="bold")
        yield self.table
        yield Text("")


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _prf_cells(s: dict[str, Any]) -> list[str]:
    return [_f(s["precision"]), _f(s["recall"]), _f(s["f1"])]


def prf_table(title: str, rows: dict[str, dict[str, Any]]) -> Titled:
    t = Titled(title, "", "P", "R", "F1", "tp", "fp", "fn")
    for name, s in rows.items():
        t.add_row(name, *_prf_cells(s), str(s["tp"]), str(s["fp"]), str(s["fn"]))
    return t


def entity_table(title: str, ent: dict[str, Any]) -> Titled:
    """Strict and overlap side by side, one row per label plus micro."""
    t = Titled(title, "label", "strict P", "R", "F1", "overlap P", "R", "F1", "gold", "pred")
    for lab in [*ent["strict"]["per_label"], "micro"]:
        s = ent["strict"]["micro"] if lab == "micro" else ent["strict"]["per_label"][lab]
        o = ent["overlap"]["micro"] if lab == "micro" else ent["overlap"]["per_label"][lab]
        t.add_row(
            Text(lab, style="bold") if lab == "micro" else lab,
            *_prf_cells(s),
            *_prf_cells(o),
            str(s["tp"] + s["fn"]),
            str(s["tp"] + s["fp"]),
        )
    return t


def classification_tables(title: str, c: dict[str, Any]) -> list[Titled]:
    """Per-class scores and the confusion matrix (rows gold, columns predicted)."""
    t = Titled(
        f"{title}: n={c['n']}, accuracy {_f(c['accuracy'])}, macro-F1 {_f(c['macro_f1'])}",
        "class", "P", "R", "F1", "gold", "pred",
    )
    for lab, s in c["per_class"].items():
        t.add_row(lab, *_prf_cells(s), str(s["tp"] + s["fn"]), str(s["tp"] + s["fp"]))
    conf = c["confusion"]
    m = Titled("  confusion (rows gold, columns predicted)", "gold \\ pred", *conf["pred"])
    for lab, row in zip(conf["gold"], conf["matrix"], strict=True):
        m.add_row(lab, *(str(v) for v in row))
    return [t, m]


def run_line(run: dict[str, Any] | None) -> str:
    if not run:
        return ""
    if run.get("mode") == "pred_dir":
        by_text = (run.get("matched_documents") or {}).get("by_text")
        joined = f"; {by_text} documents joined to gold by text" if by_text else ""
        return f"predictions read from {run['pred_dir']} ({run.get('version') or 'unknown version'}{joined})"
    wps = run.get("words_per_second")
    return (
        f"pipeline {run.get('version') or ''}: {run['documents']} documents, {run['words']} words "
        f"in {run['seconds']:.2f} s = {wps if wps is not None else '-'} words/s"
    )


def gold_renderables(report: dict[str, Any]) -> Iterator[RenderableType]:
    docs = report["documents"]
    yield Text(f"gold: {report.get('gold', '')}  ({docs['gold']} documents)", style="bold")
    if report.get("run"):
        yield Text(run_line(report["run"]))
    if docs.get("without_predictions"):
        yield Text(f"warning: {docs['without_predictions']} gold documents have no predicted rows", style="yellow")
    if docs.get("text_mismatch"):
        yield Text(
            f"warning: {docs['text_mismatch']} documents' predicted text differs from gold, so their "
            f"offsets do not line up: {', '.join(docs['text_mismatch_ids'])}",
            style="red",
        )
    yield Text("")
    sb = report["sentence_boundaries"]
    yield prf_table(
        f"Sentence boundaries (documents with every boundary right: {_f(sb['documents_all_correct'])})",
        {"boundaries": sb["boundaries"], "exact sentences": sb["sentences"]},
    )
    yield entity_table("Entities (strict: same start, end, label; overlap: one-to-one, same label)", report["entities"])
    yield prf_table("Claim detection (gold sentences)", {"is_claim": report["claims"]})
    ev = report["evidence"]
    yield from classification_tables("Evidence on gold claims predicted as claims", ev["on_gold_claims"])
    yield from classification_tables("Evidence on all gold claims (missed claim = none)", ev["on_gold_claims_with_none"])
    e2e = ev["end_to_end"]
    yield from classification_tables(
        f"Evidence end to end over all sentences (macro-F1 without none {_f(e2e['macro_f1_evidence'])})", e2e
    )
    at = report["attributes"]
    t = Titled(
        f"Attributes on sentences that are claims in gold and prediction (n={at['n']})",
        "attribute", "accuracy", "P(true)", "R(true)", "F1(true)",
    )
    t.add_row("claim_type", _f(at["claim_type"]["accuracy"]), "", "", "")
    for flag in ("hedged", "negated"):
        t.add_row(flag, _f(at[flag]["accuracy"]), *_prf_cells(at[flag]["true"]))
    yield t


def benchmark_renderables(report: dict[str, Any]) -> Iterator[RenderableType]:
    for name, b in report["benchmarks"].items():
        limit = f", first {b['limit']}" if b.get("limit") else ""
        yield Text(f"== {name} ({b['split']}{limit}): {b['documents']} documents", style="bold")
        yield Text(run_line(b.get("run")))
        yield Text("")
        if b["kind"] == "entities":
            yield entity_table(f"{name} entities (strict and overlap)", b["entities"])
            t = Titled(f"{name} recall by corpus mention type (not one-to-one)", "type", "gold", "strict R", "overlap R")
            for typ, r in b["recall_by_type"].items():
                t.add_row(typ, str(r["gold"]), _f(r["strict_recall"]), _f(r["overlap_recall"]))
            yield t
            mc = b.get("mechanism_vs_chemical")
            if mc:
                top = ", ".join(f"{n} ({k})" for n, k in mc["top_overlapping"])
                yield Text(
                    f"MECHANISM predictions (not scored above): {mc['predicted_mechanism']}; "
                    f"same span as a gold Chemical: {mc['same_span_as_gold_chemical']}; "
                    f"overlapping one: {mc['overlapping_gold_chemical']}" + (f" ({top})" if top else "")
                )
                yield Text("")
            mapped = b.get("entities_mediators_as_chemicals")
            if mapped:
                yield entity_table(
                    f"{name} entities, mediator molecules (MECHANISM with a SUBSTANCE reading) scored as Chemical",
                    mapped,
                )
        else:
            sb = b["sentence_boundaries"]
            yield prf_table(
                f"{name} sentence boundaries (documents with every boundary right: {_f(sb['documents_all_correct'])})",
                {"boundaries": sb["boundaries"], "exact sentences": sb["sentences"]},
            )
            if b.get("failed_cases"):
                yield Text(f"failed cases: {', '.join(str(c) for c in b['failed_cases'])}")
                yield Text("")


def renderables(report: dict[str, Any]) -> list[RenderableType]:
    """The tables of a gold report (`evaluate_gold`) or a benchmark report (`run_benchmarks`)."""
    return list(benchmark_renderables(report) if "benchmarks" in report else gold_renderables(report))


def print_report(report: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    for r in renderables(report):
        console.print(r)


def render_text(report: dict[str, Any], width: int = 110) -> str:
    """The same tables as plain text (no colour codes), for logs, files and model cards."""
    buf = io.StringIO()
    print_report(report, Console(file=buf, width=width, color_system=None, force_terminal=False))
    return buf.getvalue()
