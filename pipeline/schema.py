"""The four output tables, declared once.

Pydantic models validate at the edges (tests, `load`, user-facing docs);
the Arrow schemas used by every writer are derived from the same models, so
a column cannot exist in one place and not the other. Inside the hot loop
rows are plain dicts with these keys.
"""

from __future__ import annotations

import types
import typing
from typing import Literal

import pyarrow as pa
from pydantic import BaseModel, ConfigDict

Evidence = Literal["clinical", "preclinical", "anecdotal", "unspecified"]
ClaimType = Literal["benefit", "harm", "mechanism"]
EntityLabel = Literal["SUBSTANCE", "CONDITION", "MECHANISM"]
EntitySource = Literal["lexicon", "abbreviation", "model"]
Status = Literal["ok", "skipped"]

EVIDENCE_ORDER: tuple[str, ...] = ("clinical", "preclinical", "anecdotal", "unspecified")
ENTITY_LABELS: tuple[str, ...] = ("SUBSTANCE", "CONDITION", "MECHANISM")


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentRow(_Row):
    """One input document, processed or skipped (never silently dropped)."""

    doc_id: str
    source: str
    url: str | None = None
    title: str | None = None
    crawl_date: str | None = None
    text: str
    n_sentences: int
    n_words: int
    status: Status
    # why a document was skipped; on an ok one, a note: "truncated at N of M characters (max_chars K)"
    # or, for a long document, which of its windows could not be processed
    reason: str | None = None


class SentenceRow(_Row):
    """One sentence with its claim labels and the cue behind each label."""

    doc_id: str
    sent_idx: int
    start: int
    end: int
    text: str
    is_claim: bool
    evidence: Evidence | None = None
    claim_type: ClaimType | None = None
    hedged: bool = False
    negated: bool = False
    evidence_cue: str | None = None
    claim_cue: str | None = None
    hedge_cue: str | None = None
    negation_cue: str | None = None
    version: str


class EntityRow(_Row):
    """One SUBSTANCE / CONDITION / MECHANISM mention, normalised to a concept."""

    doc_id: str
    sent_idx: int
    start: int
    end: int
    text: str
    label: EntityLabel
    canonical: str
    concept_id: str | None = None
    source: EntitySource
    version: str


class ClaimRow(_Row):
    """One claim sentence with the concepts it names (canonical names)."""

    doc_id: str
    sent_idx: int
    start: int
    end: int
    text: str
    evidence: Evidence
    claim_type: ClaimType
    hedged: bool
    negated: bool
    evidence_cue: str | None = None
    substances: list[str]
    conditions: list[str]
    mechanisms: list[str]
    version: str


TABLES: dict[str, type[_Row]] = {
    "documents": DocumentRow,
    "sentences": SentenceRow,
    "entities": EntityRow,
    "claims": ClaimRow,
}


def _arrow_type(annotation: typing.Any) -> tuple[pa.DataType, bool]:
    """Map a field annotation to (Arrow type, nullable)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        (inner,) = args
        return _arrow_type(inner)[0], True
    if origin is Literal:
        return pa.string(), False
    if origin is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(_arrow_type(item)[0]), False
    mapping = {str: pa.string(), int: pa.int64(), bool: pa.bool_(), float: pa.float64()}
    if annotation in mapping:
        return mapping[annotation], False
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    fields = []
    for name, info in model.model_fields.items():
        typ, nullable = _arrow_type(info.annotation)
        fields.append(pa.field(name, typ, nullable=nullable))
    return pa.schema(fields)


SCHEMAS: dict[str, pa.Schema] = {name: arrow_schema(model) for name, model in TABLES.items()}
COLUMNS: dict[str, list[str]] = {name: list(model.model_fields) for name, model in TABLES.items()}
