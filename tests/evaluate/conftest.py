"""A stand-in for `pipeline.api.extract`, so evaluation tests do not depend on the NLP pipeline."""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

SENT_COLS = ["doc_id", "sent_idx", "start", "end", "text", "is_claim", "evidence", "claim_type", "hedged", "negated"]
ENT_COLS = ["doc_id", "sent_idx", "start", "end", "text", "label"]


def naive_sentences(text: str) -> list[tuple[int, int]]:
    """Split after '. ' only: right on simple prose, wrong on '?' and '!' (tests rely on that)."""
    spans, start = [], 0
    for m in re.finditer(r"(?<=\.)\s+", text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans


class FakeExtract:
    """Returns prepared rows per doc_id; other documents get naive non-claim sentences and no entities."""

    def __init__(self) -> None:
        self.sentences: dict[str, list[dict[str, Any]]] = {}
        self.entities: dict[str, list[tuple[int, int, str]]] = {}
        self.calls: list[list[str]] = []

    def __call__(self, inputs: Iterable[Any], *, nlp: Any = None, **_: Any) -> SimpleNamespace:
        docs = list(inputs)
        self.calls.append([d.doc_id for d in docs])
        srows, erows, drows = [], [], []
        for d in docs:
            drows.append({"doc_id": d.doc_id, "text": d.text})
            sents = self.sentences.get(d.doc_id)
            if sents is None:
                sents = [
                    {"start": s, "end": e, "is_claim": False, "evidence": None, "claim_type": None,
                     "hedged": False, "negated": False}
                    for s, e in naive_sentences(d.text)
                ]
            for i, s in enumerate(sents):
                srows.append({"doc_id": d.doc_id, "sent_idx": i, "text": d.text[s["start"]:s["end"]], **s})
            for s, e, lab in self.entities.get(d.doc_id, []):
                erows.append({"doc_id": d.doc_id, "sent_idx": 0, "start": s, "end": e, "text": d.text[s:e], "label": lab})
        return SimpleNamespace(
            documents=pd.DataFrame(drows, columns=["doc_id", "text"]),
            sentences=pd.DataFrame(srows, columns=SENT_COLS),
            entities=pd.DataFrame(erows, columns=ENT_COLS),
            claims=pd.DataFrame(),
        )


@pytest.fixture
def fake_extract(monkeypatch: pytest.MonkeyPatch) -> FakeExtract:
    import pipeline.api
    import pipeline.evaluate.run

    fake = FakeExtract()
    monkeypatch.setattr(pipeline.api, "extract", fake)
    monkeypatch.setattr(pipeline.evaluate.run, "default_nlp", lambda: object())
    return fake
