"""Real-text gold: sentences located in a source text, offsets + hash, refusal on a changed text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.evaluate.gold import read_gold
from pipeline.evaluate.goldsrc import GoldSyntaxError
from pipeline.evaluate.realsrc import (
    GoldTextMismatch,
    compile_real,
    naive_sentences,
    resolve_text,
    sha256,
    skeleton,
    source_text,
)

# Self-written stand-in for a machine-written answer (the real corpus stays in ../shared).
ANSWER = "Kava  may ease anxiety [1].\nIt can   harm the liver.\n\nAsk your doctor first."


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "realweb" / "hc3-chatgpt-medicine"
    folder.mkdir(parents=True)
    with (folder / "hc3_medicine_chatgpt.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerow(["ai_9", ANSWER])
    return tmp_path


MARKUP = """# source: hc3:ai_9
# genre: machine
benefit unspecified hedged | [Kava]{S} may ease [anxiety]{C} \\[1\\].
harm unspecified | It can harm the [liver]{C}.
- | Ask your doctor first.
"""


def test_sentences_are_located_across_whitespace_differences(root: Path) -> None:
    rec = compile_real(MARKUP, "m-001", root=root)
    text = ANSWER
    assert [text[s["start"] : s["end"]] for s in rec["sentences"]] == [
        "Kava  may ease anxiety [1].",
        "It can   harm the liver.",
        "Ask your doctor first.",
    ]
    assert [(text[e["start"] : e["end"]], e["label"]) for e in rec["entities"]] == [
        ("Kava", "SUBSTANCE"),
        ("anxiety", "CONDITION"),
        ("liver", "CONDITION"),
    ]
    assert rec["sha256"] == sha256(text) and "text" not in rec
    assert rec["sentences"][0]["hedged"] is True and rec["sentences"][2]["is_claim"] is False


def test_a_changed_word_or_missing_sentence_is_refused(root: Path) -> None:
    with pytest.raises(GoldSyntaxError, match="does not continue the source text"):
        compile_real(MARKUP.replace("may ease", "might ease"), "m-002", root=root)
    with pytest.raises(GoldSyntaxError, match="text left after the last sentence"):
        compile_real(MARKUP.rsplit("- |", 1)[0], "m-003", root=root)
    with pytest.raises(GoldSyntaxError, match="not labelled yet"):
        compile_real(MARKUP.replace("- |", "? |"), "m-004", root=root)


def test_loader_rebuilds_text_and_refuses_a_different_hash(root: Path, tmp_path: Path) -> None:
    rec = compile_real(MARKUP, "m-005", root=root)
    assert resolve_text(rec, root)["text"] == ANSWER
    with pytest.raises(GoldTextMismatch, match="E020"):
        resolve_text({**rec, "sha256": sha256(ANSWER + " ")}, root)


def test_skeleton_escapes_brackets_and_splits_naively(root: Path) -> None:
    sk = skeleton("hc3:ai_9", "machine", root=root)
    assert "? | Kava  may ease anxiety \\[1\\]." in sk
    assert naive_sentences("One. Two three.\nFour") == ["One.", "Two three.", "Four"]


@pytest.mark.shared
def test_shared_gold_files_load_with_matching_text() -> None:
    """The committed real-text gold resolves against ../shared (skips where a split is not there yet)."""
    gold = Path(__file__).resolve().parents[2] / "data" / "gold" / "real"
    files = [p for p in sorted(gold.glob("*.jsonl")) if p.name != "selection.jsonl"]
    if not files:
        pytest.skip("no compiled real-text gold yet")
    for path in files:
        recs = list(read_gold(path))
        assert recs and all(r["text"] and r["sentences"] for r in recs)
    sel = [json.loads(x) for x in (gold / "selection.jsonl").read_text().splitlines()]
    assert source_text(sel[0]["ref"])[0]


def test_markup_is_rebuilt_from_offsets_and_compiles_back(root: Path) -> None:
    from pipeline.evaluate.realsrc import render

    rec = compile_real(MARKUP, "m-006", root=root)
    again = compile_real(render(resolve_text(rec, root)), "m-006", root=root)
    assert again == rec


def test_agreement_scores_a_second_annotator(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.evaluate.agreement import agreement
    from pipeline.evaluate.goldsrc import write_jsonl

    first = compile_real(MARKUP, "m-007", root=root)
    # the second annotator missed the hedge and the liver mention
    second = compile_real(MARKUP.replace("benefit unspecified hedged", "benefit unspecified").replace(
        "[liver]{C}", "liver"), "m-007", root=root)
    write_jsonl([first], tmp_path / "a.jsonl")
    write_jsonl([second], tmp_path / "b.jsonl")
    import pipeline.evaluate.realsrc as R

    monkeypatch.setattr(R, "_root", lambda r=None: root)  # the files name their text by reference: the fixture's
    got = agreement(tmp_path / "a.jsonl", tmp_path / "b.jsonl")
    assert got["claim_f1"] == 1.0 and got["sentence_boundary_f1"] == 1.0
    assert got["entity_strict_f1"] == pytest.approx(0.8)  # 2 of 3 gold mentions, no false ones
