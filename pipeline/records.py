"""The one place where NLP output becomes table rows.

Every engine (in-process, process pool, Dask), the notebook API and the
evaluator call `doc_to_rows`, so a column means the same thing everywhere.
Rows are plain dicts keyed by the columns of pipeline.schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa
from spacy.attrs import IDX, LENGTH, ORTH, SENT_START, SPACY
from spacy.tokens import Doc

from pipeline.ingest.base import valid_unicode
from pipeline.ingest.document import Document
from pipeline.nlp import extensions  # noqa: F401  (declares the extensions)
from pipeline.schema import COLUMNS, SCHEMAS

Row = dict[str, Any]
TableRows = dict[str, list[Row]]


def empty_rows() -> TableRows:
    return {name: [] for name in COLUMNS}


def document_row(document: Document, *, n_sentences: int = 0) -> Row:
    return {
        "doc_id": document.doc_id,
        # a file name that is not UTF-8 holds lone surrogates, which Arrow refuses: U+FFFD stands in
        "source": valid_unicode(document.source),
        "url": document.url,
        "title": document.title,
        "crawl_date": document.crawl_date,
        "text": document.text if document.ok else "",
        "n_sentences": n_sentences,
        "n_words": len(document.text.split()) if document.ok else 0,
        "status": document.status,
        "reason": document.reason,
    }


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence span, read from arrays.

    Iterating `doc.sents` creates a Token object per token, which was most of
    the cost of building rows; SENT_START/IDX/LENGTH arrays give the same spans.
    """
    n = len(doc)
    if n == 0:
        return []
    arr = doc.to_array([SENT_START, IDX, LENGTH])
    starts = [0, *(int(i) for i in (arr[1:, 0] == 1).nonzero()[0] + 1)]
    idx = arr[:, 1].tolist()
    length = arr[:, 2].tolist()
    ends = [*starts[1:], n]
    return [(idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(starts, ends, strict=True)]


def doc_text(doc: Doc) -> str:
    """`doc.text`, built from the ORTH/SPACY arrays.

    Doc.text joins `text_with_ws` over Token objects, one object per token:
    it was most of the cost of building rows. The same strings joined from
    the arrays give the same text.
    """
    if not len(doc):
        return ""
    strings = doc.vocab.strings
    return "".join(
        [strings[o] + " " if sp else strings[o] for o, sp in doc.to_array([ORTH, SPACY]).tolist()]
    )


def _trimmed_sentences(doc: Doc, text: str | None = None) -> list[tuple[int, int, int, int]]:
    """(start, end, span_start, span_end): sentences with surrounding whitespace removed.

    Whitespace-only sentences (blank lines) are dropped: they are not sentences
    of the document, only separators. span_start/span_end are the untrimmed
    span offsets under which span extensions are stored. `text` is doc.text
    when the caller already has it.
    """
    if text is None:
        text = doc_text(doc)
    out = []
    for s, e in _sentence_bounds(doc):
        seg = text[s:e]
        stripped = seg.strip()
        if not stripped:
            continue
        start = s + len(seg) - len(seg.lstrip())
        out.append((start, start + len(stripped), s, e))
    return out


class _SpanValues:
    """Reads span extension values straight from doc.user_data (where spaCy keeps them)."""

    __slots__ = ("ud", "s", "e")

    def __init__(self, ud: dict, s: int, e: int) -> None:
        self.ud, self.s, self.e = ud, s, e

    def __getattr__(self, name: str) -> Any:
        return self.ud.get(("._.", name, self.s, self.e), _DEFAULTS.get(name))


_DEFAULTS: dict[str, Any] = {**extensions.SPAN_SENTENCE_EXTENSIONS, **extensions.SPAN_ENTITY_EXTENSIONS}


def doc_to_rows(doc: Doc, document: Document, version: str) -> TableRows:
    """Rows of all four tables for one processed document."""
    rows = window_rows(doc, document.doc_id, version)
    rows["documents"] = [document_row(document, n_sentences=len(rows["sentences"]))]
    return rows


def window_rows(
    doc: Doc,
    doc_id: str,
    version: str,
    *,
    offset: int = 0,
    sent_base: int = 0,
    own: tuple[int, int] | None = None,
) -> TableRows:
    """Sentence, entity and claim rows of a Doc that holds the document's text from ``offset`` on.

    A whole document is offset 0; a window of a long one (pipeline/nlp/windows.py) gets global
    offsets and sentence numbers that continue the previous window's (``sent_base``), and only
    the sentences starting in its ``own`` character range (the rest is context).
    """
    rows: TableRows = {"sentences": [], "entities": [], "claims": []}
    text = doc_text(doc)
    sents = _trimmed_sentences(doc, text)
    if own is not None:
        sents = [x for x in sents if own[0] <= x[0] < own[1]]
    bounds = [(s, e) for s, e, _, _ in sents]
    # (start_char, end_char, label) per entity, placed in its sentence
    ents_by_sent: list[list[tuple[int, int, str]]] = [[] for _ in sents]
    si = 0
    for ent in doc.ents:
        a, b = ent.start_char, ent.end_char
        while si < len(bounds) and bounds[si][1] <= a:
            si += 1
        if si == len(bounds):
            break
        s, e = bounds[si]
        if a >= s and b <= e:
            ents_by_sent[si].append((a, b, ent.label_))
        # An entity that straddles a sentence boundary cannot be placed in one
        # sentence; it is dropped rather than given offsets that break the invariant.
    ud = doc.user_data
    not_claim_default = _DEFAULTS.get("claimlens_is_claim")
    for idx, (start, end, span_start, span_end) in enumerate(sents):
        is_claim = bool(ud.get(("._.", "claimlens_is_claim", span_start, span_end), not_claim_default))
        if not is_claim and not ents_by_sent[idx]:
            # the common case on line-per-sentence text: one plain row, nothing else to read
            rows["sentences"].append(
                {
                    "doc_id": doc_id,
                    "sent_idx": sent_base + idx,
                    "start": offset + start,
                    "end": offset + end,
                    "text": text[start:end],
                    "is_claim": False,
                    "evidence": None,
                    "claim_type": None,
                    "hedged": False,
                    "negated": False,
                    "evidence_cue": None,
                    "claim_cue": None,
                    "hedge_cue": None,
                    "negation_cue": None,
                    "version": version,
                }
            )
            continue
        x = _SpanValues(ud, span_start, span_end)
        rows["sentences"].append(
            {
                "doc_id": doc_id,
                "sent_idx": sent_base + idx,
                "start": offset + start,
                "end": offset + end,
                "text": text[start:end],
                "is_claim": is_claim,
                "evidence": x.claimlens_evidence if is_claim else None,
                "claim_type": x.claimlens_claim_type if is_claim else None,
                "hedged": bool(x.claimlens_hedged) if is_claim else False,
                "negated": bool(x.claimlens_negated) if is_claim else False,
                "evidence_cue": x.claimlens_evidence_cue if is_claim else None,
                "claim_cue": x.claimlens_claim_cue if is_claim else None,
                "hedge_cue": x.claimlens_hedge_cue if is_claim else None,
                "negation_cue": x.claimlens_negation_cue if is_claim else None,
                "version": version,
            }
        )
        concepts: dict[str, list[str]] = {"SUBSTANCE": [], "CONDITION": [], "MECHANISM": []}
        for a, b, label in ents_by_sent[idx]:
            # ent.text is text[a:b]; ent._.x is user_data[("._.", x, a, b)] (all default to None)
            ent_text = text[a:b]
            canonical = ud.get(("._.", "claimlens_canonical", a, b)) or ent_text
            rows["entities"].append(
                {
                    "doc_id": doc_id,
                    "sent_idx": sent_base + idx,
                    "start": offset + a,
                    "end": offset + b,
                    "text": ent_text,
                    "label": label,
                    "canonical": canonical,
                    "concept_id": ud.get(("._.", "claimlens_concept_id", a, b)),
                    "source": ud.get(("._.", "claimlens_source", a, b)) or "model",
                    "version": version,
                }
            )
            bucket = concepts.get(label)
            if bucket is not None and canonical not in bucket:
                bucket.append(canonical)
        if is_claim and x.claimlens_evidence and x.claimlens_claim_type:
            rows["claims"].append(
                {
                    "doc_id": doc_id,
                    "sent_idx": sent_base + idx,
                    "start": offset + start,
                    "end": offset + end,
                    "text": text[start:end],
                    "evidence": x.claimlens_evidence,
                    "claim_type": x.claimlens_claim_type,
                    "hedged": bool(x.claimlens_hedged),
                    "negated": bool(x.claimlens_negated),
                    "evidence_cue": x.claimlens_evidence_cue,
                    "substances": concepts["SUBSTANCE"],
                    "conditions": concepts["CONDITION"],
                    "mechanisms": concepts["MECHANISM"],
                    "version": version,
                }
            )
    return rows


class TableBuffer:
    """Column-wise accumulation of rows for one table (Arrow is built from columns)."""

    __slots__ = ("name", "columns", "n")

    def __init__(self, name: str) -> None:
        self.name = name
        self.columns: dict[str, list[Any]] = {c: [] for c in COLUMNS[name]}
        self.n = 0

    def extend(self, rows: Iterable[Row]) -> None:
        cols = self.columns
        for row in rows:
            for c, values in cols.items():
                values.append(row[c])
            self.n += 1

    def to_arrow(self) -> pa.Table:
        return pa.Table.from_pydict(self.columns, schema=SCHEMAS[self.name])

    def clear(self) -> None:
        for values in self.columns.values():
            values.clear()
        self.n = 0

