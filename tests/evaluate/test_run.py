"""evaluate_records through the real `pipeline.api.extract` with the toy pipeline of tests/conftest.py."""

from __future__ import annotations

import pytest

from pipeline.evaluate.goldsrc import compile_document
from pipeline.evaluate.render import render_text
from pipeline.evaluate.run import evaluate_records

SOURCE = """benefit unspecified | [Kratom]{S} eases [pain]{C}.
benefit clinical hedged | In a trial, [kratom]{S} may reduce [chronic pain]{C}.
- | It is sold as powder.
"""


def test_real_extract_with_toy_pipeline(toy_nlp) -> None:
    rec = compile_document(SOURCE, "toy-1")
    report = evaluate_records([rec], nlp=toy_nlp)
    assert report["documents"]["text_mismatch"] == 0
    assert report["documents"]["without_predictions"] == 0
    # the toy sentencizer splits after each '.': every boundary right
    assert report["sentence_boundaries"]["boundaries"]["f1"] == 1.0
    # toy claims only "eases": tp1 fn1 -> P1 R.5 F1 2/3
    assert report["claims"]["f1"] == pytest.approx(2 / 3)
    # toy entities: Kratom, pain, kratom, pain (inside gold "chronic pain")
    # strict: tp3 fp1 fn1 -> .75; overlap: "pain" matches "chronic pain" -> 1.0
    assert report["entities"]["strict"]["micro"]["f1"] == pytest.approx(0.75)
    assert report["entities"]["overlap"]["micro"]["f1"] == 1.0
    assert report["run"]["version"] == "toy-1"
    text = render_text(report)
    assert "Claim detection" in text and "0.667" in text and "0.750" in text


def test_match_documents_rekeys_by_text() -> None:
    import pandas as pd

    from pipeline.evaluate.run import match_documents

    recs = [{"doc_id": "g1", "text": "A."}, {"doc_id": "g2", "text": "B."}, {"doc_id": "g3", "text": "C."}]
    tables = {
        # g2 under its own id; "h1" has g1's text; "h9" matches nothing; g3 has no prediction
        "documents": pd.DataFrame({"doc_id": ["h1", "g2", "h9"], "text": ["A.", "B.", "Z."]}),
        "sentences": pd.DataFrame({"doc_id": ["h1", "g2", "h9"], "start": [0, 0, 0], "end": [2, 2, 2]}),
        "entities": pd.DataFrame({"doc_id": ["h1"], "start": [0], "end": [1], "label": ["SUBSTANCE"]}),
    }
    assert match_documents(recs, tables) == {"by_id": 1, "by_text": 1}
    assert list(tables["sentences"]["doc_id"]) == ["g1", "g2", "h9"]
    assert list(tables["entities"]["doc_id"]) == ["g1"]
