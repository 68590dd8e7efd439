"""Smoke tests of `claimlens evaluate` / `claimlens benchmark` with a fake extract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.evaluate.cli import benchmark_app, evaluate_app, register
from pipeline.evaluate.corpora import corpora_dir
from pipeline.evaluate.goldsrc import compile_document, write_jsonl
from pipeline.evaluate.run import evaluate_gold

SOURCE = """# title: Kava
- | Kava: An Overview

benefit clinical hedged | In a randomized trial, [kava]{S} may ease [anxiety]{C}.
- | It is sold online.
"""

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _main() -> None:
        """Stand-in for the main claimlens app."""

    register(app)
    return app


@pytest.fixture
def gold_file(tmp_path: Path, fake_extract) -> Path:
    rec = compile_document(SOURCE, "kava-1")
    path = tmp_path / "gold.jsonl"
    write_jsonl([rec], path)
    # prediction: same sentences, but "It is sold online." called an unspecified benefit claim,
    # and only the kava entity found
    sents = [dict(s) for s in rec["sentences"]]
    sents[2].update(is_claim=True, evidence="unspecified", claim_type="benefit")
    fake_extract.sentences["kava-1"] = sents
    fake_extract.entities["kava-1"] = [(e["start"], e["end"], e["label"]) for e in rec["entities"][:1]]
    return path


def _check_numbers(report: dict) -> None:
    # claims: tp1 (trial sentence) fp1 (sold online) fn0 -> P .5 R 1 F1 2/3
    assert report["claims"]["f1"] == pytest.approx(2 / 3)
    # entities: kava found, anxiety missed -> strict micro P1 R.5 F1 2/3
    assert report["entities"]["strict"]["micro"]["f1"] == pytest.approx(2 / 3)
    # evidence given detection: (clinical, clinical) -> 1.0
    assert report["evidence"]["on_gold_claims"]["macro_f1"] == 1.0
    # end to end: (none,none) (clinical,clinical) (none,unspecified):
    # none P1 R.5 F1 2/3; clinical 1; unspecified 0 -> macro (2/3 + 1 + 0)/3 = 5/9
    assert report["evidence"]["end_to_end"]["macro_f1"] == pytest.approx(5 / 9)
    assert report["sentence_boundaries"]["boundaries"]["f1"] == 1.0
    assert report["attributes"]["hedged"]["accuracy"] == 1.0


def test_evaluate_gold_runs_extract_on_gold_documents(gold_file: Path, fake_extract) -> None:
    report = evaluate_gold(gold_file)
    assert fake_extract.calls == [["kava-1"]]
    _check_numbers(report)
    assert report["run"]["mode"] == "pipeline"
    assert report["run"]["words"] == 15  # 3 + 8 + 4
    assert report["documents"]["text_mismatch"] == 0


def test_cli_evaluate_json(gold_file: Path) -> None:
    result = runner.invoke(_app(), ["evaluate", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    _check_numbers(json.loads(result.output))


def test_cli_evaluate_tables(gold_file: Path) -> None:
    result = runner.invoke(_app(), ["evaluate", str(gold_file)])
    assert result.exit_code == 0, result.output
    for heading in ("Sentence boundaries", "Entities", "Claim detection", "Evidence end to end", "Attributes"):
        assert heading in result.output
    assert "0.667" in result.output


def test_evaluate_app_runs_by_default(gold_file: Path) -> None:
    result = runner.invoke(evaluate_app, [str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    _check_numbers(json.loads(result.output))


def test_cli_evaluate_pred_folder(gold_file: Path, fake_extract, tmp_path: Path) -> None:
    # an output folder without manifest.json: tables read as <table>.parquet
    from pipeline.evaluate.gold import read_gold
    from pipeline.evaluate.run import predict

    tables, _ = predict(list(read_gold(gold_file)), nlp=object())
    out = tmp_path / "out"
    out.mkdir()
    for name, df in tables.items():
        df.to_parquet(out / f"{name}.parquet")
    fake_extract.calls.clear()
    result = runner.invoke(_app(), ["evaluate", str(gold_file), "--pred", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert fake_extract.calls == []  # nothing re-run
    report = json.loads(result.output)
    _check_numbers(report)
    assert report["run"]["mode"] == "pred_dir"


def test_cli_evaluate_missing_gold_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["evaluate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "E001" in result.output


def test_cli_benchmark_rejects_unknown_corpus() -> None:
    result = runner.invoke(_app(), ["benchmark", "--corpus", "conll"])
    assert result.exit_code == 2
    assert "bc5cdr" in result.output


@pytest.mark.skipif(not (corpora_dir() / "pySBD-golden-rules").exists(), reason="shared corpora not present")
def test_cli_benchmark_pysbd_with_naive_splitter(fake_extract) -> None:
    # rules 1-3: "Hello World. My name is Jonas." / "What is your name? My ..." / "There it is! I found it."
    # the fake splits after '.' only: boundaries tp1 (rule 1) fn2 (rules 2, 3) fp0 -> P1 R1/3 F1 .5
    result = runner.invoke(benchmark_app, ["--corpus", "pysbd", "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    b = json.loads(result.output)["benchmarks"]["pysbd"]
    sb = b["sentence_boundaries"]
    assert (sb["boundaries"]["tp"], sb["boundaries"]["fp"], sb["boundaries"]["fn"]) == (1, 0, 2)
    assert sb["boundaries"]["f1"] == pytest.approx(0.5)
    assert sb["documents_all_correct"] == pytest.approx(1 / 3)
    assert b["failed_cases"] == [2, 3]
    assert b["run"]["words_per_second"] > 0
