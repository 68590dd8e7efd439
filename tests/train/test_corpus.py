"""pipeline.train.corpus: the held-out split, span conversion with missing values, gold conversion."""

from __future__ import annotations

import spacy

from pipeline.train import corpus as C


def test_heldout_split_is_fixed_and_disjoint() -> None:
    recs = [{"doc_id": str(1000 + i)} for i in range(50)]
    train, held = C.heldout_split(recs, n_heldout=10)
    assert len(held) == 10 and len(train) == 40
    assert not {r["doc_id"] for r in train} & {r["doc_id"] for r in held}
    # independent of the input order
    assert {r["doc_id"] for r in C.heldout_split(list(reversed(recs)), n_heldout=10)[1]} == {r["doc_id"] for r in held}


def test_misaligned_span_is_missing_not_outside() -> None:
    nlp = spacy.blank("en")
    ref = nlp.make_doc("Kava-extract helps")
    stats = C.Stats()
    ents, missing = C._spans(ref, [(1, 4, "SUBSTANCE")], stats, "t")  # "ava": never a token boundary
    C._set(ref, ents, missing)
    assert stats.counts["t:misaligned"] == 1
    assert ref[0].ent_iob_ == ""  # the token is missing
    assert ref[-1].ent_iob_ == "O"


def test_convert_gold_keeps_all_labels_and_sentences() -> None:
    nlp = spacy.blank("en")
    rec = {
        "doc_id": "g1",
        "text": "Kava eases anxiety via GABA receptors.",
        "sentences": [{"start": 0, "end": 38, "is_claim": True}],
        "entities": [
            {"start": 0, "end": 4, "label": "SUBSTANCE"},
            {"start": 11, "end": 18, "label": "CONDITION"},
            {"start": 23, "end": 37, "label": "MECHANISM"},
        ],
    }
    stats = C.Stats()
    (doc,) = C.convert_gold([rec], nlp, stats=stats)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Kava", "SUBSTANCE"),
        ("anxiety", "CONDITION"),
        ("GABA receptors", "MECHANISM"),
    ]
    assert all(t.ent_iob_ in ("B", "I", "O") for t in doc)  # nothing missing in gold
    assert doc.user_data["claimlens_doc_id"] == "g1"
    assert stats.counts["gold:MECHANISM"] == 1


def test_gold_records_refuses_test_split() -> None:
    import pytest

    with pytest.raises(ValueError, match="train and dev"):
        C.gold_records("test")
