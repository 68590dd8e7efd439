"""`claimlens lexicon lookup` resolves terms through the committed lexicons."""

from __future__ import annotations

from typer.testing import CliRunner

from pipeline.lexicon.cli import lexicon_app


def test_lookup_prints_label_concept_and_source() -> None:
    result = CliRunner().invoke(
        lexicon_app, ["lookup", "GAD", "gad", "ketum", "opioid-like", "--lexicon", "curated.jsonl"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines == [
        "GAD\tCONDITION\tgeneralized anxiety disorder\tDOID:14320\tcurated",
        "gad\t-",
        "ketum\tSUBSTANCE\tkratom\tMESH:D032065\tcurated",
        "opioid-like\tblocked",
    ]
