"""Sentence-boundary scoring and the GENIA / golden-rule readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate.sbd import (
    SBDScore,
    build_sentence_nlp,
    detokenise,
    read_genia,
    read_golden_rules,
    score_boundaries,
    total,
)

TEXT = "It helps. It hurts. Done."
GOLD = ["It helps.", "It hurts.", "Done."]


def test_perfect_prediction() -> None:
    s = score_boundaries(GOLD, TEXT, [(0, 10), (10, 20), (20, 25)])
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.exact_sentences == 3 and s.passed


def test_whitespace_placement_does_not_count() -> None:
    a = score_boundaries(GOLD, TEXT, [(0, 10), (10, 20), (20, 25)])
    b = score_boundaries(GOLD, TEXT, [(0, 9), (9, 19), (19, 25)])
    assert a == b


def test_missed_and_extra_boundaries() -> None:
    missed = score_boundaries(GOLD, TEXT, [(0, 20), (20, 25)])
    assert (missed.tp, missed.fp, missed.fn) == (1, 0, 1)
    assert missed.recall == 0.5 and missed.exact_sentences == 1 and not missed.passed
    extra = score_boundaries(GOLD, TEXT, [(0, 3), (3, 10), (10, 20), (20, 25)])
    assert (extra.tp, extra.fp, extra.fn) == (2, 1, 0)
    assert extra.precision == pytest.approx(2 / 3)
    assert extra.exact_sentences == 2 and not extra.passed


def test_single_sentence_case_uses_the_zero_denominator_convention() -> None:
    s = score_boundaries(["One sentence."], "One sentence.", [(0, 13)])
    assert (s.tp, s.fp, s.fn, s.f1) == (0, 0, 0, 0.0)
    assert s.passed


def test_gold_must_be_found_in_order() -> None:
    with pytest.raises(ValueError, match="gold sentence 1"):
        score_boundaries(["Done.", "It helps."], TEXT, [(0, 25)])


def test_total_is_a_micro_sum() -> None:
    a = SBDScore(tp=2, fp=1, fn=0, gold_sentences=3, exact_sentences=2, cases=1, exact_cases=0)
    b = SBDScore(tp=1, fp=0, fn=1, gold_sentences=2, exact_sentences=1, cases=1, exact_cases=0)
    t = total([a, b])
    assert (t.tp, t.fp, t.fn, t.cases) == (3, 1, 1, 2)
    assert t.as_dict()["precision"] == 0.75


def test_detokenise() -> None:
    toks = [("The", "DT"), ("cells", "NNS"), ("(", "("), ("T", "NN"), (")", ")"), ("were", "VBD"),
            ('"', "``"), ("active", "JJ"), ('"', "''"), (",", ","), ("50", "CD"), ("%", "NN"),
            ("of", "IN"), ("Smith", "NNP"), ("'s", "POS"), (".", ".")]  # fmt: skip
    assert detokenise(toks) == 'The cells (T) were "active", 50% of Smith\'s.'


def test_read_genia(tmp_path: Path) -> None:
    path = tmp_path / "tiny.pos"
    path.write_text(
        "UI/LS -/: 111/CD \n"
        "TI/LS -/: A/DT short/JJ title/NN ./. \n"
        "AB/LS -/: First/JJ sentence/NN (/( FS/NN )/) ./. \n"
        "Second/JJ one/NN ./. \n"
        "UI/LS -/: 222/CD \n"
        "TI/LS -/: Other/JJ title/NN ./. \n"
        "AB/LS -/: Only/RB one/CD ./. \n",
        encoding="utf-8",
    )
    assert list(read_genia(path)) == [
        ("111", ["A short title.", "First sentence (FS).", "Second one."]),
        ("222", ["Other title.", "Only one."]),
    ]


def test_golden_rules_reader_and_segmenter_together(tmp_path: Path) -> None:
    path = tmp_path / "rules.jsonl"
    case = {
        "rule": 1,
        "title": "t",
        "text": "Dr. Lee came. He left.",
        "sentences": ["Dr. Lee came.", "He left."],
    }
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    (rec,) = read_golden_rules(path)
    doc = build_sentence_nlp()(rec["text"])
    score = score_boundaries(rec["sentences"], rec["text"], [(s.start_char, s.end_char) for s in doc.sents])
    assert score.passed and score.f1 == 1.0
