"""Benchmark diagnostics on hand-made records (the runs themselves are smoke-tested in test_cli.py)."""

from __future__ import annotations

import pytest

from pipeline.evaluate.benchmarks import _entity_result, mechanism_vs_chemical, recall_by_type
from pipeline.evaluate.render import render_text

# "Dopamine and L-dopa in Parkinson disease." -- Dopamine 0-8, L-dopa 13-19, Parkinson disease 23-40
TEXT = "Dopamine and L-dopa in Parkinson disease."
RECORDS = [
    {
        "doc_id": "1",
        "text": TEXT,
        "sentences": [],
        "entities": [
            {"start": 0, "end": 8, "label": "SUBSTANCE", "type": "Chemical"},
            {"start": 13, "end": 19, "label": "SUBSTANCE", "type": "Chemical"},
            {"start": 23, "end": 40, "label": "CONDITION", "type": "Disease"},
        ],
    }
]
PRED = {"1": [(0, 8, "MECHANISM"), (13, 19, "SUBSTANCE"), (33, 40, "CONDITION"), (2, 5, "MECHANISM")]}


def test_mechanism_vs_chemical_counts() -> None:
    # MECHANISM (0,8) is the gold Chemical "Dopamine" exactly; (2,5) only overlaps it
    mc = mechanism_vs_chemical(RECORDS, PRED, {"1": TEXT})
    assert mc["predicted_mechanism"] == 2
    assert mc["same_span_as_gold_chemical"] == 1
    assert mc["overlapping_gold_chemical"] == 2
    assert mc["top_overlapping"] == [["dopamine", 1], ["pam", 1]]


def test_recall_by_type() -> None:
    # Chemical: L-dopa found as SUBSTANCE (strict), Dopamine only as MECHANISM (a different label): 1/2
    # Disease: "disease" (33,40) overlaps "Parkinson disease": strict 0, overlap 1
    r = recall_by_type(RECORDS, PRED)
    assert r["Chemical"] == {"gold": 2, "strict_recall": 0.5, "overlap_recall": 0.5}
    assert r["Disease"] == {"gold": 1, "strict_recall": 0.0, "overlap_recall": 1.0}


def test_entity_result_ignores_mechanism_and_renders() -> None:
    import pandas as pd

    ents = pd.DataFrame([{"doc_id": "1", "start": s, "end": e, "label": lab} for s, e, lab in PRED["1"]])
    run = {"mode": "pipeline", "documents": 1, "words": 6, "seconds": 0.5, "words_per_second": 12, "version": "v"}
    res = _entity_result("bc5cdr", RECORDS, ("SUBSTANCE", "CONDITION"), {"entities": ents}, run)
    # SUBSTANCE: L-dopa tp, Dopamine fn -> P1 R.5; CONDITION strict tp0 fp1 fn1; MECHANISM not scored
    assert list(res["entities"]["strict"]["per_label"]) == ["SUBSTANCE", "CONDITION"]
    assert res["entities"]["strict"]["per_label"]["SUBSTANCE"]["recall"] == pytest.approx(0.5)
    assert res["entities"]["strict"]["micro"]["fp"] == 1
    # overlap micro tp2 fp0 fn1 -> P1 R2/3 F1 = 2*(2/3)/(5/3) = 0.8
    assert res["entities"]["overlap"]["micro"]["f1"] == pytest.approx(0.8)
    res.update(split="test", limit=None, mechanism_vs_chemical=mechanism_vs_chemical(RECORDS, PRED, {"1": TEXT}))
    text = render_text({"benchmarks": {"bc5cdr": res}})
    assert "bc5cdr entities" in text and "12 words/s" in text
    assert "same span as a gold Chemical: 1" in text


def test_map_mediators_relabels_only_molecule_concepts() -> None:
    import pandas as pd

    from pipeline.evaluate.benchmarks import map_mediators

    ents = pd.DataFrame(
        {
            "doc_id": ["1", "1", "1"],
            "start": [0, 13, 50],
            "end": [8, 19, 66],
            "label": ["MECHANISM", "SUBSTANCE", "MECHANISM"],
            "concept_id": ["MESH:D004298", "MESH:D007980", "MESH:D011957"],
        }
    )
    out = map_mediators(ents, frozenset({"MESH:D004298"}))
    assert out["label"].tolist() == ["SUBSTANCE", "SUBSTANCE", "MECHANISM"]
    assert ents["label"].tolist() == ["MECHANISM", "SUBSTANCE", "MECHANISM"]  # input untouched


def test_molecule_concepts_of_the_rules_pipeline() -> None:
    from pipeline.evaluate.benchmarks import molecule_concepts
    from pipeline.nlp.build import get_nlp

    molecules = molecule_concepts(get_nlp("rules"))
    assert "MESH:D004298" in molecules  # dopamine: mediator with a SUBSTANCE reading
    assert "MESH:D011957" not in molecules  # opioid receptors: never a Chemical
    assert molecule_concepts(None) == frozenset()
