"""The record every reader yields: one document, ok or skipped with a reason."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def make_doc_id(source: str, key: str | int | None = None) -> str:
    """Stable id: the same source (and row/record key) always gives the same id.

    Content is not hashed in, so a skipped document and its later fixed
    version share the id and a resume can tell them apart by status only.
    """
    raw = source if key is None else f"{source}#{key}"
    # surrogatepass: a file name that is not UTF-8 reaches here with lone surrogates
    # (os.fsdecode's surrogateescape); the same bytes as "utf-8" for every other string
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Document:
    """Plain record passed between stages (picklable, no spaCy objects)."""

    doc_id: str
    source: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    crawl_date: str | None = None
    status: str = "ok"  # "ok" or "skipped"
    reason: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def skipped(cls, source: str, reason: str, key: str | int | None = None, **kw: Any) -> Document:
        return cls(doc_id=make_doc_id(source, key), source=source, status="skipped", reason=reason, **kw)

    @property
    def ok(self) -> bool:
        return self.status == "ok"
