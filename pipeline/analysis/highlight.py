"""One document as HTML: entity spans marked per label, claim sentences tinted per evidence.

Pure string building over the offsets in the tables (entities and sentences
carry [start, end) into documents.text), so it needs neither spaCy nor a
browser library, and the same colours and classes serve the notebook and
the report. Every piece of document text goes through html.escape.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.schema import ENTITY_LABELS, EVIDENCE_ORDER

# Entities: dark text colour + underline, readable on any evidence tint.
ENTITY_COLOURS: dict[str, str] = {"SUBSTANCE": "#0f766e", "CONDITION": "#b91c1c", "MECHANISM": "#6d28d9"}
# Claim sentences: a pale background (text) and a strong colour (charts, badges) per evidence level.
EVIDENCE_TINTS: dict[str, str] = {
    "clinical": "#c9f0d3",
    "preclinical": "#d3e4fd",
    "anecdotal": "#fde7b8",
    "unspecified": "#e5e7eb",
}
EVIDENCE_COLOURS: dict[str, str] = {
    "clinical": "#15803d",
    "preclinical": "#2563eb",
    "anecdotal": "#d97706",
    "unspecified": "#6b7280",
}

CSS = (
    ".cl-wrap{margin:0 0 20px}"
    ".cl-doc{font:15px/1.85 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2937;"
    "white-space:pre-wrap;max-width:52em}"
    ".cl-ent{background:none;font-weight:600;border-bottom:2px solid currentColor;padding:0 1px}"
    ".cl-lab{font-size:.62em;font-weight:700;letter-spacing:.04em;margin-left:3px;vertical-align:.25em;"
    "opacity:.85}"
    ".cl-claim{border-radius:3px;padding:1px 2px;box-decoration-break:clone;-webkit-box-decoration-break:clone}"
    ".cl-tag{font:600 10px/1 system-ui,sans-serif;color:#374151;background:rgba(255,255,255,.75);"
    "border-radius:3px;padding:1px 4px;margin-left:4px;vertical-align:.2em;white-space:nowrap}"
    ".cl-legend{font:13px system-ui,sans-serif;color:#374151;display:flex;flex-wrap:wrap;gap:6px 14px;"
    "margin:0 0 10px;align-items:center}"
    ".cl-legend b{font-weight:600;margin-right:2px}"
    ".cl-swatch{display:inline-block;width:1.1em;height:1.1em;border-radius:3px;vertical-align:-.2em;"
    "margin-right:4px;border:1px solid rgba(0,0,0,.08)}"
    ".cl-head{font:600 16px system-ui,sans-serif;margin:0 0 4px}"
    ".cl-meta{font:12px system-ui,sans-serif;color:#6b7280;margin:0 0 8px}"
    + "".join(f".cl-ent-{lab.lower()}{{color:{c}}}" for lab, c in ENTITY_COLOURS.items())
    + "".join(f".cl-ev-{ev}{{background:{c}}}" for ev, c in EVIDENCE_TINTS.items())
)


@dataclass(frozen=True)
class Span:
    """A labelled character span; `title` becomes the hover text."""

    start: int
    end: int
    label: str
    title: str | None = None


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _entity_html(text: str, span: Span, *, labels: bool) -> str:
    lab = span.label
    chip = f'<span class="cl-lab">{_esc(lab)}</span>' if labels else ""
    title = f' title="{_esc(span.title)}"' if span.title else ""
    return (
        f'<mark class="cl-ent cl-ent-{_esc(lab.lower())}" data-label="{_esc(lab)}"{title}>'
        f"{_esc(text[span.start : span.end])}{chip}</mark>"
    )


def _non_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans, dropping any that overlap an earlier (or longer, same-start) one."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if s.end <= s.start:
            continue
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


class _Marker:
    """Renders text ranges with the entity spans that lie wholly inside them."""

    def __init__(self, text: str, entities: Iterable[Span], *, labels: bool) -> None:
        self.text = text
        self.ents = _non_overlapping(entities)
        self.starts = [e.start for e in self.ents]
        self.labels = labels

    def render(self, a: int, b: int) -> str:
        parts: list[str] = []
        pos = a
        i = bisect.bisect_left(self.starts, a)
        while i < len(self.ents) and self.ents[i].start < b:
            ent = self.ents[i]
            i += 1
            if ent.end > b:  # crosses the range end: leave it as plain text
                continue
            parts.append(_esc(self.text[pos : ent.start]))
            parts.append(_entity_html(self.text, ent, labels=self.labels))
            pos = ent.end
        parts.append(_esc(self.text[pos:b]))
        return "".join(parts)


def highlight(
    text: str,
    entities: Iterable[Span] = (),
    claims: Iterable[Span] = (),
    *,
    labels: bool = True,
    tags: bool = True,
) -> str:
    """Marked-up `text`: `claims` spans (label = evidence) wrap the `entities` spans inside them.

    Offsets index `text`. Spans that overlap are dropped (the earlier or longer wins), and an
    entity that crosses a claim boundary is left unmarked rather than breaking the nesting.
    """
    marker = _Marker(text, entities, labels=labels)
    parts: list[str] = []
    pos = 0
    for claim in _non_overlapping(claims):
        parts.append(marker.render(pos, claim.start))
        title = f' title="{_esc(claim.title)}"' if claim.title else ""
        tag = f'<span class="cl-tag">{_esc(claim.title)}</span>' if tags and claim.title else ""
        parts.append(
            f'<span class="cl-claim cl-ev-{_esc(claim.label)}" data-evidence="{_esc(claim.label)}"{title}>'
            f"{marker.render(claim.start, claim.end)}{tag}</span>"
        )
        pos = claim.end
    parts.append(marker.render(pos, len(text)))
    return "".join(parts)


def legend_html(*, entities: bool = True, evidence: bool = True) -> str:
    items: list[str] = []
    if entities:
        items.append("<b>Entities</b>")
        items += [f'<span class="cl-ent cl-ent-{lab.lower()}">{lab.lower()}</span>' for lab in ENTITY_LABELS]
    if evidence:
        items.append("<b>Claims by evidence</b>")
        items += [f'<span><span class="cl-swatch cl-ev-{ev}"></span>{ev}</span>' for ev in EVIDENCE_ORDER]
    return '<div class="cl-legend">' + " ".join(items) + "</div>"


def claim_title(row: Any) -> str:
    """'clinical benefit, hedged' from a sentence or claim row."""
    bits = [f"{row['evidence']} {row['claim_type']}"]
    if bool(row.get("hedged")):
        bits.append("hedged")
    if bool(row.get("negated")):
        bits.append("negated")
    return ", ".join(bits)


def entity_spans(entities: pd.DataFrame, *, offset: int = 0) -> list[Span]:
    return [
        Span(int(r.start) - offset, int(r.end) - offset, str(r.label), f"{r.label}: {r.canonical}")
        for r in entities.itertuples(index=False)
    ]


def claim_spans(sentences: pd.DataFrame) -> list[Span]:
    """Claim sentences of a sentences (or claims) table as spans labelled by evidence."""
    rows = sentences[sentences["is_claim"]] if "is_claim" in sentences else sentences
    return [
        Span(int(r["start"]), int(r["end"]), str(r["evidence"]), claim_title(r))
        for r in rows.to_dict("records")
        if r.get("evidence")
    ]


def _tables_for(source: Any, doc_id: str | None) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """(document row, its sentences, its entities) from Results, a DuckDB connection or a folder."""
    if isinstance(source, (str, Path)):
        from pipeline.analysis.duck import connect

        con = connect(source)
        try:
            return _tables_for(con, doc_id)
        finally:
            con.close()
    if hasattr(source, "documents") and isinstance(source.documents, pd.DataFrame):
        docs, sents, ents = source.documents, source.sentences, source.entities
        if doc_id is None:
            doc_id = _busiest(sents)
        doc = docs[docs["doc_id"] == doc_id]
        if doc.empty:
            raise KeyError(f"no document {doc_id!r}")
        return (
            doc.iloc[0].to_dict(),
            sents[sents["doc_id"] == doc_id].sort_values("start"),
            ents[ents["doc_id"] == doc_id].sort_values("start"),
        )
    con = source  # a DuckDB connection from pipeline.analysis.duck.connect
    if doc_id is None:
        row = con.execute(
            "SELECT doc_id FROM sentences GROUP BY doc_id ORDER BY count(*) FILTER (WHERE is_claim) DESC, "
            "doc_id LIMIT 1"
        ).fetchone()
        if row is None:
            raise KeyError("the output holds no sentences")
        doc_id = row[0]
    doc = con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id]).df()
    if doc.empty:
        raise KeyError(f"no document {doc_id!r}")
    sents = con.execute("SELECT * FROM sentences WHERE doc_id = ? ORDER BY start", [doc_id]).df()
    ents = con.execute("SELECT * FROM entities WHERE doc_id = ? ORDER BY start", [doc_id]).df()
    return doc.iloc[0].to_dict(), sents, ents


def _busiest(sentences: pd.DataFrame) -> str:
    if sentences.empty:
        raise KeyError("the results hold no sentences")
    counts = sentences.groupby("doc_id")["is_claim"].sum().sort_values(ascending=False, kind="stable")
    return str(counts.index[0])


def document_html(
    source: Any,
    doc_id: str | None = None,
    *,
    labels: bool = True,
    tags: bool = True,
    legend: bool = True,
    style: bool = True,
) -> str:
    """One document, highlighted. `source` is Results (extract/load), a connect() connection or a folder.

    doc_id None picks the document with the most claims.
    """
    doc, sents, ents = _tables_for(source, doc_id)
    text = doc["text"] or ""
    title = doc.get("title") or doc.get("source") or doc["doc_id"]
    n_claims = int(sents["is_claim"].sum()) if len(sents) else 0
    meta = f"{doc['doc_id']} · {doc.get('source') or ''} · {len(sents)} sentences, {n_claims} claims, {len(ents)} entities"
    body = highlight(text, entity_spans(ents), claim_spans(sents), labels=labels, tags=tags)
    return (
        (f"<style>{CSS}</style>" if style else "")
        + '<div class="cl-wrap">'
        + f'<p class="cl-head">{_esc(str(title))}</p><p class="cl-meta">{_esc(meta)}</p>'
        + (legend_html() if legend else "")
        + f'<div class="cl-doc">{body}</div></div>'
    )


def show_document(source: Any, doc_id: str | None = None, **kwargs: Any) -> Any:
    """document_html wrapped for Jupyter display."""
    from IPython.display import HTML

    return HTML(document_html(source, doc_id, **kwargs))
