"""The scorer on tiny hand-made cases whose expected numbers are worked out in comments."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from pipeline.evaluate.scorer import (
    align_sentences,
    boundary_offsets,
    claim_scores,
    classification_scores,
    entity_scores,
    match_overlap,
    prf,
    score,
    sentence_boundary_scores,
)

approx = pytest.approx


def test_prf_known_counts() -> None:
    # P = 2/3, R = 2/5, F1 = 2*(2/3)*(2/5) / (2/3 + 2/5) = (8/15) / (16/15) = 0.5
    s = prf(2, 1, 3)
    assert s["precision"] == approx(2 / 3)
    assert s["recall"] == approx(0.4)
    assert s["f1"] == approx(0.5)


def test_prf_empty_is_zero_not_error() -> None:
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0}


# ------------------------------------------------------- sentence boundaries

TEXT = "Hello there. How are you? Fine."  # len 31
GOLD_SENTS = [(0, 12), (13, 25), (26, 31)]


def test_boundaries_strip_whitespace_and_skip_document_end() -> None:
    # ends 12 and 25; the document end (31) is not a boundary; (0, 13) ends at 12 once trimmed
    assert boundary_offsets(TEXT, GOLD_SENTS) == {12, 25}
    assert boundary_offsets(TEXT, [(0, 13), (13, 31)]) == {12}
    assert boundary_offsets(TEXT + "\n\n", [(0, 31), (31, 33)]) == set()  # blank span ignored


def test_sentence_boundaries_perfect() -> None:
    s = sentence_boundary_scores([(TEXT, GOLD_SENTS, GOLD_SENTS)])
    assert s["boundaries"]["f1"] == 1.0
    assert s["sentences"]["f1"] == 1.0
    assert s["documents_all_correct"] == 1.0


def test_sentence_boundaries_known_mix() -> None:
    # pred misses the boundary at 25: boundaries tp=1 fp=0 fn=1 -> P=1, R=0.5, F1=2/3
    # exact sentences: gold {(0,12),(13,25),(26,31)}, pred {(0,12),(13,31)}: tp=1 fp=1 fn=2
    #   P=1/2, R=1/3, F1 = 2*(1/6)/(5/6) = 0.4
    s = sentence_boundary_scores([(TEXT, GOLD_SENTS, [(0, 13), (13, 31)])])
    assert (s["boundaries"]["tp"], s["boundaries"]["fp"], s["boundaries"]["fn"]) == (1, 0, 1)
    assert s["boundaries"]["f1"] == approx(2 / 3)
    assert s["sentences"]["precision"] == approx(0.5)
    assert s["sentences"]["recall"] == approx(1 / 3)
    assert s["sentences"]["f1"] == approx(0.4)
    assert s["documents_all_correct"] == 0.0


def test_sentence_boundaries_micro_over_documents() -> None:
    # doc 1 perfect (2 boundaries), doc 2 one false split at 5 in "Dr. X. ok" style text:
    # tp = 2 + 0, fp = 0 + 1, fn = 0 -> P = 2/3, R = 1
    s = sentence_boundary_scores(
        [(TEXT, GOLD_SENTS, GOLD_SENTS), ("Mr. Smith left.", [(0, 15)], [(0, 3), (4, 15)])]
    )
    assert s["boundaries"]["precision"] == approx(2 / 3)
    assert s["boundaries"]["recall"] == 1.0
    assert s["documents_all_correct"] == 0.5


# ------------------------------------------------------------------ entities

GOLD_ENTS = [(0, 5, "SUBSTANCE"), (10, 20, "CONDITION"), (30, 40, "CONDITION"), (50, 55, "MECHANISM")]
PRED_ENTS = [
    (0, 5, "SUBSTANCE"),  # exact
    (12, 18, "CONDITION"),  # inside gold 10-20: overlap only
    (30, 40, "SUBSTANCE"),  # right span, wrong label
    (60, 65, "MECHANISM"),  # spurious
]


def test_entities_perfect() -> None:
    s = entity_scores([(GOLD_ENTS, GOLD_ENTS)])
    for mode in ("strict", "overlap"):
        assert s[mode]["micro"]["f1"] == 1.0
        assert all(v["f1"] == 1.0 for v in s[mode]["per_label"].values())


def test_entities_known_mix() -> None:
    s = entity_scores([(GOLD_ENTS, PRED_ENTS)], labels=("SUBSTANCE", "CONDITION", "MECHANISM"))
    st, ov = s["strict"], s["overlap"]
    # strict SUBSTANCE: tp1 (0-5), fp1 (30-40 S), fn0 -> P .5 R 1 F1 2/3
    assert st["per_label"]["SUBSTANCE"]["f1"] == approx(2 / 3)
    # strict CONDITION: tp0 fp1 fn2; MECHANISM tp0 fp1 fn1
    assert (st["per_label"]["CONDITION"]["fp"], st["per_label"]["CONDITION"]["fn"]) == (1, 2)
    assert st["per_label"]["CONDITION"]["f1"] == 0.0
    # strict micro: tp1 fp3 fn3 -> .25 .25 .25
    assert st["micro"]["precision"] == approx(0.25)
    assert st["micro"]["recall"] == approx(0.25)
    # overlap CONDITION: 12-18 matches 10-20: tp1 fp0 fn1 -> P1 R.5 F1 2/3
    assert ov["per_label"]["CONDITION"]["f1"] == approx(2 / 3)
    # overlap micro: tp2 fp2 fn2 -> .5
    assert ov["micro"]["f1"] == approx(0.5)


def test_entity_labels_filter_drops_other_labels_both_sides() -> None:
    # only SUBSTANCE kept: gold (0,5); pred (0,5), (30,40) -> tp1 fp1 fn0
    s = entity_scores([(GOLD_ENTS, PRED_ENTS)], labels=("SUBSTANCE",))
    assert list(s["strict"]["per_label"]) == ["SUBSTANCE"]
    assert (s["strict"]["micro"]["tp"], s["strict"]["micro"]["fp"], s["strict"]["micro"]["fn"]) == (1, 1, 0)


def test_overlap_counts_each_mention_once() -> None:
    # one long prediction over two gold mentions earns one tp, not two
    s = entity_scores([([(0, 10, "CONDITION"), (12, 20, "CONDITION")], [(0, 20, "CONDITION")])])
    assert (s["overlap"]["micro"]["tp"], s["overlap"]["micro"]["fp"], s["overlap"]["micro"]["fn"]) == (1, 0, 1)


def test_overlap_matching_is_maximum_not_greedy() -> None:
    # gold A=(0,10), B=(8,20); pred X=(5,9) touches both (4 chars with A), Y=(0,4) touches only A.
    # Greedy "A takes its longest overlap X" leaves B unmatched; the maximum matching is A-Y, B-X.
    assert match_overlap([(0, 10), (8, 20)], [(5, 9), (0, 4)]) == [(0, 1), (1, 0)]


def test_strict_duplicates_count_once() -> None:
    # the same predicted span twice: one tp, one fp
    s = entity_scores([([(0, 5, "SUBSTANCE")], [(0, 5, "SUBSTANCE"), (0, 5, "SUBSTANCE")])])
    assert (s["strict"]["micro"]["tp"], s["strict"]["micro"]["fp"]) == (1, 1)


# -------------------------------------------------------------------- claims


def test_align_sentences_by_most_overlap() -> None:
    # gold (11,20): 4 chars with pred (0,15), 5 with (15,20) -> 1; gold (30,40) touches nothing
    assert align_sentences([(0, 10), (11, 20), (30, 40)], [(0, 15), (15, 20)]) == [0, 1, None]
    # a tie goes to the earlier prediction
    assert align_sentences([(0, 10)], [(5, 10), (0, 5)]) == [1]


def _s(start: int, end: int, ev: str | None = None, ct: str | None = None, h: bool = False, n: bool = False) -> dict:
    return {
        "start": start,
        "end": end,
        "is_claim": ev is not None,
        "evidence": ev,
        "claim_type": ct,
        "hedged": h,
        "negated": n,
    }


GOLD_CLAIMS = [
    _s(0, 10),  # g0 non-claim
    _s(11, 20, "clinical", "benefit", h=True),  # g1
    _s(21, 30, "anecdotal", "harm"),  # g2
    _s(31, 40, "unspecified", "benefit", n=True),  # g3
    _s(41, 50),  # g4 non-claim
    _s(51, 60, "clinical", "mechanism"),  # g5
]
PRED_CLAIMS = [
    _s(0, 10, "unspecified", "benefit"),  # p0: false positive for g0
    _s(11, 20, "clinical", "benefit", h=True),  # p1: g1 exactly right
    _s(21, 40, "preclinical", "harm", h=True),  # p2: one sentence over g2 and g3
    _s(41, 50),  # p3: g4 right
    _s(51, 60),  # p4: misses claim g5
]


def test_claims_perfect() -> None:
    s = claim_scores([(GOLD_CLAIMS, GOLD_CLAIMS)])
    assert s["claims"]["f1"] == 1.0
    for key in ("on_gold_claims", "on_gold_claims_with_none", "end_to_end"):
        assert s["evidence"][key]["macro_f1"] == 1.0
        assert s["evidence"][key]["accuracy"] == 1.0
    at = s["attributes"]
    assert at["n"] == 4
    assert at["claim_type"]["accuracy"] == at["hedged"]["accuracy"] == at["negated"]["accuracy"] == 1.0


def test_claim_detection_known_mix() -> None:
    # g0 fp, g1 g2 g3 tp (g2 and g3 both take p2), g4 tn, g5 fn -> tp3 fp1 fn1 tn1: P=R=F1=.75
    c = claim_scores([(GOLD_CLAIMS, PRED_CLAIMS)])["claims"]
    assert (c["tp"], c["fp"], c["fn"], c["tn"], c["n"]) == (3, 1, 1, 1, 6)
    assert c["precision"] == approx(0.75)
    assert c["recall"] == approx(0.75)
    assert c["f1"] == approx(0.75)


def test_evidence_on_gold_claims_known_mix() -> None:
    # pairs (gold, pred): (clinical, clinical), (anecdotal, preclinical), (unspecified, preclinical)
    # clinical 1/1/1; preclinical tp0 fp2 -> 0; anecdotal fn1 -> 0; unspecified fn1 -> 0
    # all four occur -> macro = (1 + 0 + 0 + 0) / 4 = .25; accuracy 1/3
    e = claim_scores([(GOLD_CLAIMS, PRED_CLAIMS)])["evidence"]["on_gold_claims"]
    assert e["n"] == 3
    assert e["accuracy"] == approx(1 / 3)
    assert e["per_class"]["clinical"]["f1"] == 1.0
    assert e["per_class"]["preclinical"]["fp"] == 2
    assert e["macro_f1"] == approx(0.25)
    assert e["confusion"]["gold"] == ["clinical", "preclinical", "anecdotal", "unspecified"]
    assert e["confusion"]["matrix"] == [[1, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]]


def test_evidence_with_missed_claims_as_none() -> None:
    # adds (clinical, none) for g5: clinical tp1 fn1 -> P1 R.5 F1 2/3; others 0
    # macro over the four evidence classes = (2/3) / 4 = 1/6; accuracy 1/4
    e = claim_scores([(GOLD_CLAIMS, PRED_CLAIMS)])["evidence"]["on_gold_claims_with_none"]
    assert e["n"] == 4
    assert e["per_class"]["clinical"]["f1"] == approx(2 / 3)
    assert e["macro_f1"] == approx(1 / 6)
    assert e["accuracy"] == approx(0.25)
    assert e["confusion"]["pred"] == ["none", "clinical", "preclinical", "anecdotal", "unspecified"]
    assert e["confusion"]["matrix"][0] == [1, 1, 0, 0, 0]  # clinical row: one missed, one right


def test_evidence_end_to_end_known_mix() -> None:
    # pairs: g0 (none, unspecified), g1 (clinical, clinical), g2 (anecdotal, preclinical),
    #        g3 (unspecified, preclinical), g4 (none, none), g5 (clinical, none)
    # none: tp1 fp1 fn1 -> .5; clinical: tp1 fn1 -> 2/3; preclinical fp2 -> 0;
    # anecdotal fn1 -> 0; unspecified fp1 fn1 -> 0
    # macro over five = (.5 + 2/3) / 5 = 7/30; without none = (2/3) / 4 = 1/6; accuracy 2/6
    e = claim_scores([(GOLD_CLAIMS, PRED_CLAIMS)])["evidence"]["end_to_end"]
    assert e["n"] == 6
    assert e["per_class"]["none"]["f1"] == approx(0.5)
    assert e["per_class"]["clinical"]["f1"] == approx(2 / 3)
    assert e["per_class"]["unspecified"]["fp"] == 1
    assert e["macro_f1"] == approx(7 / 30)
    assert e["macro_f1_evidence"] == approx(1 / 6)
    assert e["accuracy"] == approx(1 / 3)


def test_attributes_known_mix() -> None:
    # claims in both: g1-p1, g2-p2, g3-p2
    # claim_type: benefit=benefit, harm=harm, benefit!=harm -> 2/3
    # hedged: T/T, F/T, F/T -> 1/3; true class tp1 fp2 fn0 -> P 1/3 R 1 F1 .5
    # negated: F/F, F/F, T/F -> 2/3; true class tp0 fn1 -> 0
    at = claim_scores([(GOLD_CLAIMS, PRED_CLAIMS)])["attributes"]
    assert at["n"] == 3
    assert at["claim_type"]["accuracy"] == approx(2 / 3)
    assert at["hedged"]["accuracy"] == approx(1 / 3)
    assert at["hedged"]["true"]["f1"] == approx(0.5)
    assert at["negated"]["accuracy"] == approx(2 / 3)
    assert at["negated"]["true"]["f1"] == 0.0


def test_macro_skips_classes_absent_from_gold_and_prediction() -> None:
    s = classification_scores([("a", "a"), ("b", "b")], ["a", "b", "c"])
    assert s["macro_f1"] == 1.0
    assert s["per_class"]["c"]["f1"] == 0.0


def test_unaligned_gold_sentence_is_a_predicted_non_claim() -> None:
    # the prediction covers nothing of the gold claim: fn, and evidence "none" end to end
    s = claim_scores([([_s(0, 10, "clinical", "benefit")], [])])
    assert (s["claims"]["tp"], s["claims"]["fn"]) == (0, 1)
    assert s["evidence"]["end_to_end"]["confusion"]["matrix"][1][0] == 1  # clinical row, none column


# ----------------------------------------------------------- from DataFrames


def _gold_record() -> dict:
    # "Kava may ease anxiety. It is sold online." -> two sentences (0,22), (23,41)
    text = "Kava may ease anxiety. It is sold online."
    return {
        "doc_id": "d1",
        "text": text,
        "sentences": [_s(0, 22, "unspecified", "benefit", h=True), _s(23, 41)],
        "entities": [{"start": 0, "end": 4, "label": "SUBSTANCE"}, {"start": 14, "end": 21, "label": "CONDITION"}],
    }


def _tables(rec: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    sents = pd.DataFrame([{"doc_id": rec["doc_id"], **s} for s in rec["sentences"]])
    ents = pd.DataFrame([{"doc_id": rec["doc_id"], **e} for e in rec["entities"]])
    return sents, ents


def test_score_dataframes_perfect_and_json_serialisable() -> None:
    rec = _gold_record()
    sents, ents = _tables(rec)
    report = score([rec], sents, ents)
    json.dumps(report)  # plain data only
    assert report["sentence_boundaries"]["boundaries"]["f1"] == 1.0
    assert report["entities"]["strict"]["micro"]["f1"] == 1.0
    assert report["claims"]["f1"] == 1.0
    assert report["evidence"]["end_to_end"]["macro_f1"] == 1.0
    assert report["documents"]["without_predictions"] == 0


def test_score_dataframes_with_nan_and_missing_document() -> None:
    rec = _gold_record()
    other = {**_gold_record(), "doc_id": "d2"}
    sents, ents = _tables(rec)
    sents.loc[1, "evidence"] = math.nan  # pandas writes missing strings as NaN
    report = score([rec, other], sents, ents.iloc[:1])
    # d2 has no rows: its claim is a fn, its two entities fn; d1 misses CONDITION
    assert report["documents"]["without_predictions"] == 1
    assert report["documents"]["without_predictions_ids"] == ["d2"]
    assert (report["claims"]["tp"], report["claims"]["fn"]) == (1, 1)
    assert report["entities"]["strict"]["micro"]["tp"] == 1
    assert report["entities"]["strict"]["micro"]["fn"] == 3
