"""`claimlens report`: one self-contained HTML file (figures, charts, a claims explorer).

Everything is inline: CSS, the page script, SVG charts and the claims as
JSON in a <script type="application/json"> block, so the file can be mailed
or archived and opened offline. The script renders table rows one page at a
time, so tens of thousands of claims stay responsive.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

from pipeline import __version__
from pipeline.analysis import duck
from pipeline.analysis.highlight import CSS as HIGHLIGHT_CSS
from pipeline.analysis.highlight import ENTITY_COLOURS, EVIDENCE_COLOURS, EVIDENCE_TINTS
from pipeline.analysis.svg import grouped_share_bars, share_bar, stacked_bars
from pipeline.schema import ENTITY_LABELS, EVIDENCE_ORDER

ASSETS = Path(__file__).parent / "assets"
CLAIM_TYPES: tuple[str, ...] = ("benefit", "harm", "mechanism")
DEFAULT_MAX_CLAIMS = 50_000


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def script_json(data: Any) -> str:
    """JSON that is safe inside <script>: no '<', '>', '&' or line separators appear literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def claims_payload(con: duckdb.DuckDBPyConnection, *, max_claims: int = DEFAULT_MAX_CLAIMS) -> dict[str, Any]:
    """The claims explorer's data: compact rows (keys documented in assets/report.js)."""
    total = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    rows = con.execute(
        """
        SELECT c.doc_id, c.sent_idx, c.start, c.text, c.evidence, c.claim_type, c.hedged, c.negated,
               c.substances, c.conditions, c.mechanisms,
               c.evidence_cue, s.claim_cue, s.hedge_cue, s.negation_cue
        FROM claims c
        LEFT JOIN sentences s ON s.doc_id = c.doc_id AND s.sent_idx = c.sent_idx
        ORDER BY c.doc_id, c.sent_idx
        LIMIT ?
        """,
        [max_claims],
    ).fetchall()
    doc_ids = sorted({r[0] for r in rows})
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    docs: list[list[str | None]] = [[d, None, None, None] for d in doc_ids]
    if doc_ids:
        con.execute("CREATE OR REPLACE TEMP TABLE _report_docs (doc_id VARCHAR)")
        con.executemany("INSERT INTO _report_docs VALUES (?)", [[d] for d in doc_ids])
        for doc_id, title, source, url in con.execute(
            "SELECT d.doc_id, d.title, d.source, d.url FROM documents d JOIN _report_docs r USING (doc_id)"
        ).fetchall():
            docs[doc_index[doc_id]] = [doc_id, title, source, url]
        spans: dict[tuple[str, int], list[list[Any]]] = defaultdict(list)
        for doc_id, sent_idx, start, end, label, canonical in con.execute(
            """
            SELECT e.doc_id, e.sent_idx, e.start, e."end", e.label, e.canonical
            FROM entities e JOIN claims c ON c.doc_id = e.doc_id AND c.sent_idx = e.sent_idx
            JOIN _report_docs r ON r.doc_id = e.doc_id
            ORDER BY e.doc_id, e.sent_idx, e.start
            """
        ).fetchall():
            spans[(doc_id, sent_idx)].append([start, end, ENTITY_LABELS.index(label), canonical])
        con.execute("DROP TABLE _report_docs")
    else:
        spans = {}
    claims = []
    for (
        doc_id,
        sent_idx,
        start,
        text,
        ev,
        ctype,
        hedged,
        negated,
        subs,
        conds,
        mechs,
        ev_cue,
        claim_cue,
        hedge_cue,
        neg_cue,
    ) in rows:
        ents = [[s - start, e - start, lab, canon] for s, e, lab, canon in spans.get((doc_id, sent_idx), [])]
        claims.append(
            {
                "d": doc_index[doc_id],
                "i": sent_idx,
                "t": text,
                "e": EVIDENCE_ORDER.index(ev),
                "c": CLAIM_TYPES.index(ctype),
                "h": int(bool(hedged)),
                "n": int(bool(negated)),
                "s": list(subs or []),
                "k": list(conds or []),
                "m": list(mechs or []),
                "x": ents,
                "q": [ev_cue, claim_cue, hedge_cue, neg_cue],
            }
        )
    return {
        "evidence": list(EVIDENCE_ORDER),
        "claim_types": list(CLAIM_TYPES),
        "labels": list(ENTITY_LABELS),
        "docs": docs,
        "claims": claims,
        "total": total,
    }


def _card(title: str, body: str, *, note: str = "", wide: bool = False) -> str:
    cls = "card wide" if wide else "card"
    note_html = f'<p class="note">{note}</p>' if note else ""
    return f'<section class="{cls}"><h2>{_esc(title)}</h2>{note_html}{body}</section>'


def _figure(value: str, label: str, sub: str = "") -> str:
    sub_html = f'<div class="fig-sub">{sub}</div>' if sub else ""
    return f'<div class="fig"><div class="fig-value">{value}</div><div class="fig-label">{_esc(label)}</div>{sub_html}</div>'


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "–"


def _evidence_legend(counts: dict[str, int] | None = None) -> str:
    items = []
    for ev in EVIDENCE_ORDER:
        n = f" <span class='muted'>{counts[ev]:,}</span>" if counts is not None else ""
        items.append(f'<span class="key"><i style="background:{EVIDENCE_COLOURS[ev]}"></i>{ev}{n}</span>')
    return '<div class="legend">' + "".join(items) + "</div>"


def _series() -> list[tuple[str, str]]:
    return [(ev, EVIDENCE_COLOURS[ev]) for ev in EVIDENCE_ORDER]


def _pairs_table(con: duckdb.DuckDBPyConnection, n: int = 15) -> str:
    df = duck.top_pairs(con, n=n)
    if df.empty:
        return '<p class="empty">No claim names both a substance and a condition.</p>'
    body = []
    for r in df.to_dict("records"):
        bar = share_bar(
            [(ev, r[ev], EVIDENCE_COLOURS[ev]) for ev in EVIDENCE_ORDER],
            width=150,
            height=12,
            label="evidence split",
            labels=False,
        )
        best = r["best_evidence"]
        body.append(
            f'<tr class="clickable" data-substance="{_esc(r["substance"])}" data-condition="{_esc(r["target"])}" '
            f'title="Show these claims">'
            f'<td><span class="chip chip-substance">{_esc(r["substance"])}</span></td>'
            f'<td class="arrow">→</td><td><span class="chip chip-condition">{_esc(r["target"])}</span></td>'
            f'<td class="num">{r["claims"]:,}</td><td>{bar}</td>'
            f'<td><span class="badge ev-{best}">{best}</span></td>'
            f'<td class="num">{r["hedged_share"]:.0%}</td><td class="num">{r["negated_share"]:.0%}</td>'
            f'<td class="num">{r["documents"]:,}</td></tr>'
        )
    head = (
        "<tr><th>Substance</th><th></th><th>Condition</th><th class='num'>Claims</th><th>Evidence split</th>"
        "<th>Strongest evidence</th><th class='num'>Hedged</th><th class='num'>Negated</th>"
        "<th class='num'>Docs</th></tr>"
    )
    return f'<div class="scroll"><table class="pairs"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table></div>'


def _skipped_table(con: duckdb.DuckDBPyConnection) -> str:
    df = duck.skipped_reasons(con)
    if df.empty:
        return '<p class="empty">No document was skipped.</p>'
    rows = "".join(
        f"<tr><td>{_esc(r['reason'])}</td><td class='num'>{r['documents']:,}</td>"
        f"<td class='muted ellipsis' title='{_esc(r['example'])}'>{_esc(r['example'])}</td></tr>"
        for r in df.to_dict("records")
    )
    return (
        "<table class='small'><thead><tr><th>Reason</th><th class='num'>Documents</th><th>Example</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _bars_by(df: Any, key: str) -> list[tuple[str, list[float]]]:
    return [(str(r[key]), [float(r[ev]) for ev in EVIDENCE_ORDER]) for r in df.to_dict("records")]


def build_report(out: str | Path, *, max_claims: int = DEFAULT_MAX_CLAIMS, title: str | None = None) -> str:
    """The report page for one output folder, as a string."""
    out = Path(out)
    con = duck.connect(out)  # checks that `out` is an output folder
    manifest = duck.read_manifest(out)
    try:
        ov = duck.overview(con)
        subs = duck.evidence_by_substance(con, top=15)
        conds = duck.evidence_by_condition(con, top=15)
        mechs = duck.evidence_by_target(con, label="MECHANISM", top=10)
        shares = duck.attribute_shares(con)
        cross = duck.claims_by_evidence_and_type(con)
        pairs_html = _pairs_table(con)
        skipped_html = _skipped_table(con)
        payload = claims_payload(con, max_claims=max_claims)
    finally:
        con.close()

    n_claims = ov["claims"]
    versions = manifest.get("versions", {})
    timings = manifest.get("timings", {})
    page_title = title or f"ClaimLens report · {out.resolve().name}"
    meta_bits = [
        f"output <code>{_esc(out.resolve())}</code>",
        f"pipeline <code>{_esc(versions.get('pipeline', 'unknown'))}</code>",
        f"run finished {_esc(timings.get('finished', 'unknown'))}",
        f"report made {_dt.datetime.now().strftime('%Y-%m-%d %H:%M')} by claimlens {__version__}",
    ]

    ents_total = sum(ov["entities"].values())
    figures = "".join(
        [
            _figure(
                f"{ov['documents']:,}",
                "documents",
                f"{ov['documents_ok']:,} processed · {ov['documents_skipped']:,} skipped",
            ),
            _figure(f"{ov['words']:,}", "words"),
            _figure(f"{ov['sentences']:,}", "sentences"),
            _figure(f"{n_claims:,}", "claims", f"{_pct(n_claims, ov['sentences'])} of sentences"),
            _figure(_pct(ov["hedged"], n_claims), "hedged", f"{ov['hedged']:,} claims"),
            _figure(_pct(ov["negated"], n_claims), "negated", f"{ov['negated']:,} claims"),
            _figure(
                f"{ents_total:,}",
                "entity mentions",
                " · ".join(
                    f"<span style='color:{ENTITY_COLOURS[lab]}'>{ov['entities'][lab]:,} {lab.lower()}</span>"
                    for lab in ENTITY_LABELS
                ),
            ),
        ]
    )

    evidence_card = _card(
        "Claims by evidence",
        share_bar(
            [(ev, ov["evidence"][ev], EVIDENCE_COLOURS[ev]) for ev in EVIDENCE_ORDER],
            label="claims by evidence",
        )
        + _evidence_legend(ov["evidence"])
        + "<h3>By claim type</h3>"
        + stacked_bars(
            [
                (t, [float(cross.loc[cross["evidence"] == ev, t].iloc[0]) for ev in EVIDENCE_ORDER])
                for t in CLAIM_TYPES
            ],
            _series(),
            label="claims by claim type and evidence",
            data_key="type",
        ),
        note="The basis each claim sentence offers (strongest kind if several).",
    )
    share_rows = [
        (
            str(r["evidence"]),
            [float(r["hedged_share"]), float(r["negated_share"])],
            f"{int(r['claims']):,} claims: {int(r['hedged']):,} hedged, {int(r['negated']):,} negated",
        )
        for r in shares.to_dict("records")
    ]
    shares_card = _card(
        "Hedged and negated claims",
        '<div class="legend"><span class="key"><i style="background:#8b5cf6"></i>hedged</span>'
        '<span class="key"><i style="background:#e11d48"></i>negated</span></div>'
        + grouped_share_bars(
            share_rows, [("hedged", "#8b5cf6"), ("negated", "#e11d48")], label="hedged and negated shares"
        ),
        note="Share of claims at each evidence level that are softened (may, could…) or denied.",
    )
    def top_card(title: str, rows: Any, key: str, note: str) -> str:
        bars = stacked_bars(_bars_by(rows, key), _series(), label=f"{key}s", data_key=key, label_width=180)
        return _card(title, _evidence_legend() + bars, note=note)

    clicks = "click a bar to list its claims."
    subs_card = top_card("Substances in most claims", subs, "substance", f"Top 15 by claims naming them; {clicks}")
    conds_card = top_card("Conditions in most claims", conds, "condition", f"Top 15 by claims naming them; {clicks}")
    mechs_card = top_card(
        "Mechanisms in most claims", mechs, "mechanism", "Top 10 receptors, transmitters and actions named in claims."
    )
    entities_card = _card(
        "Entity mentions and skipped documents",
        stacked_bars(
            [(lab.lower(), [float(ov["entities"][lab])]) for lab in ENTITY_LABELS],
            [("mentions", "#64748b")],
            label="entity mentions by label",
        )
        + "<h3>Skipped documents</h3>"
        + skipped_html,
    )
    pairs_card = _card(
        "Top substance → condition pairs",
        pairs_html,
        note="Pairs named together in one claim sentence, by number of claims; click a row to list them.",
        wide=True,
    )
    shown = len(payload["claims"])
    trunc = (
        f'<p class="warn">Showing the first {shown:,} of {payload["total"]:,} claims '
        f"(raise <code>--max-claims</code> to include more).</p>"
        if shown < payload["total"]
        else ""
    )
    explorer = _card("Claims", trunc + _read_asset("explorer.html"), wide=True)

    ev_css = "".join(
        f".badge.ev-{ev}{{background:{EVIDENCE_TINTS[ev]};color:{EVIDENCE_COLOURS[ev]}}}"
        for ev in EVIDENCE_ORDER
    )
    chip_css = "".join(
        f".chip-{lab.lower()}{{color:{c};border-color:{c}33;background:{c}0d}}"
        for lab, c in ENTITY_COLOURS.items()
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_esc(page_title)}</title>"
        f"<style>{_read_asset('report.css')}{HIGHLIGHT_CSS}{ev_css}{chip_css}</style></head>"
        "<body><main>"
        f"<header><h1>{_esc(page_title)}</h1><p class='meta'>{' · '.join(meta_bits)}</p></header>"
        f"<section class='figures'>{figures}</section>"
        "<div class='grid'>"
        + evidence_card
        + shares_card
        + subs_card
        + conds_card
        + pairs_card
        + mechs_card
        + entities_card
        + "</div>"
        + explorer
        + "<footer>Labels follow the ClaimLens annotation guidelines; they come from automatic extraction "
        "and carry its errors. Check the sentence before quoting a figure.</footer>"
        "</main>"
        f"<script type='application/json' id='cl-data'>{script_json(payload)}</script>"
        f"<script>{_read_asset('report.js')}</script>"
        "</body></html>\n"
    )


def _read_asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def write_report(
    out: str | Path, dest: str | Path, *, max_claims: int = DEFAULT_MAX_CLAIMS, title: str | None = None
) -> Path:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    text = build_report(out, max_claims=max_claims, title=title)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(dest)
    return dest
