"""The committed gold data: valid, in sync with its sources, and as large as promised."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.evaluate.gold import read_gold, validate_document
from pipeline.evaluate.goldsrc import GoldSyntaxError, compile_document, compile_folder

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold"
SPLITS = ("train", "dev", "test")


@pytest.mark.parametrize("split", SPLITS)
def test_committed_jsonl_is_valid_and_matches_its_sources(split):
    committed = list(read_gold(GOLD / f"{split}.jsonl"))  # read_gold validates every record
    assert committed == compile_folder(GOLD / "src" / split), "run goldsrc again after editing the sources"


def test_gold_meets_the_size_and_coverage_requirements():
    docs = [r for s in SPLITS for r in read_gold(GOLD / f"{s}.jsonl")]
    sents = [s for r in docs for s in r["sentences"]]
    evidence = Counter(s["evidence"] for s in sents if s["is_claim"])
    types = Counter(s["claim_type"] for s in sents if s["is_claim"])
    assert len(docs) >= 40 and len(sents) >= 600
    assert min(evidence[e] for e in ("clinical", "preclinical", "anecdotal", "unspecified")) >= 50
    assert types["harm"] > 0 and types["mechanism"] > 0
    assert sum(s["hedged"] for s in sents) > 0 and sum(s["negated"] for s in sents) > 0
    substances = {r["text"][e["start"] : e["end"]].lower() for r in docs for e in r["entities"] if e["label"] == "SUBSTANCE"}
    wanted = {"kratom", "kava", "ashwagandha", "cbd", "valerian", "melatonin", "st. john's wort", "5-htp",
              "l-theanine", "rhodiola", "saffron", "psilocybin", "passionflower", "curcumin", "same"}
    assert len(wanted & substances) >= 12
    ids = [r["doc_id"] for r in docs]
    assert len(ids) == len(set(ids))


def test_validator_reports_each_kind_of_problem():
    rec = {
        "doc_id": "x",
        "text": "Kava helps. Fine.",
        "sentences": [
            {"start": 0, "end": 11, "is_claim": True, "evidence": "strong", "claim_type": "benefit",
             "hedged": False, "negated": False},
            {"start": 5, "end": 17, "is_claim": False, "evidence": "clinical", "claim_type": None,
             "hedged": True, "negated": False},
        ],
        "entities": [{"start": 0, "end": 4, "label": "DRUG"}, {"start": 0, "end": 17, "label": "CONDITION"}],
    }
    problems = validate_document(rec)
    assert any("evidence 'strong'" in p for p in problems)
    assert any("before the previous one ends" in p for p in problems)
    assert any("non-claim with evidence" in p for p in problems)
    assert any("non-claim marked hedged" in p for p in problems)
    assert any("label 'DRUG'" in p for p in problems)
    assert any("not inside one sentence" in p for p in problems)
    assert validate_document({**rec, "sentences": [], "entities": []}) == []


def test_markup_compiles_to_offsets_and_reports_errors_with_location():
    rec = compile_document("- | Kava Facts\n\nbenefit clinical hedged | In a trial, [kava]{S} may ease [anxiety]{C}.\n"
                           "- |+ More trials are needed.", "d")
    assert rec["text"] == "Kava Facts\nIn a trial, kava may ease anxiety.More trials are needed."
    assert [(rec["text"][e["start"]:e["end"]], e["label"]) for e in rec["entities"]] == [
        ("kava", "SUBSTANCE"), ("anxiety", "CONDITION")]
    assert [(s["start"], s["end"], s["is_claim"], s["hedged"]) for s in rec["sentences"]] == [
        (0, 10, False, False), (11, 45, True, True), (45, 68, False, False)]
    with pytest.raises(GoldSyntaxError, match="f.txt:1: evidence 'strong'"):
        compile_document("benefit strong | x", "d", "f.txt")
    with pytest.raises(GoldSyntaxError, match="stray"):
        compile_document("- | a [b] c", "d", "f.txt")
