from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

import pipeline
from pipeline.analysis import duck
from pipeline.errors import NotAnOutputFolder

from .conftest import EXPECTED

FORMATS = ("parquet", "jsonl", "csv")


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_views_have_exact_counts_in_every_format(toy_outputs: dict[str, Path], fmt: str) -> None:
    con = duck.connect(toy_outputs[fmt])
    for table in ("documents", "sentences", "entities", "claims", "claim_triples"):
        assert _count(con, f"SELECT count(*) FROM {table}") == EXPECTED[table], table
    assert (
        dict(con.execute("SELECT label, count(*) FROM entities GROUP BY 1").fetchall())
        == EXPECTED["entities_by_label"]
    )
    assert (
        dict(con.execute("SELECT evidence, count(*) FROM claims GROUP BY 1").fetchall())
        == EXPECTED["evidence"]
    )
    assert _count(con, "SELECT count(*) FROM documents WHERE status = 'skipped'") == 1
    assert _count(con, "SELECT count(*) FROM sentences WHERE is_claim") == EXPECTED["claims"]
    # offsets index the document text in every format (CSV and JSONL round-trip the text exactly)
    bad = _count(
        con,
        "SELECT count(*) FROM sentences s JOIN documents d USING (doc_id) "
        'WHERE substr(d.text, s.start + 1, s."end" - s.start) <> s.text',
    )
    assert bad == 0


def test_formats_give_the_same_types_and_rows(toy_outputs: dict[str, Path]) -> None:
    cons = {fmt: duck.connect(toy_outputs[fmt]) for fmt in FORMATS}
    for table in ("documents", "sentences", "entities", "claims"):
        types = {fmt: con.execute(f"DESCRIBE {table}").fetchall() for fmt, con in cons.items()}
        assert [r[:2] for r in types["jsonl"]] == [r[:2] for r in types["parquet"]], table
        assert [r[:2] for r in types["csv"]] == [r[:2] for r in types["parquet"]], table
        rows = {
            fmt: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
            for fmt, con in cons.items()
        }
        assert rows["jsonl"] == rows["parquet"] and rows["csv"] == rows["parquet"], table


def test_claim_triples_rows(toy_out: Path) -> None:
    con = duck.connect(toy_out)
    rows = con.execute(
        "SELECT doc_id, sent_idx, substance, target, target_label, evidence, claim_type, hedged, negated "
        "FROM claim_triples"
    ).fetchall()
    assert rows == [
        ("d1", 0, "kratom", "pain", "CONDITION", "clinical", "benefit", False, False),
        ("d1", 1, "kratom", "anxiety", "CONDITION", "unspecified", "benefit", True, False),
        ("d2", 0, "kratom", "pain", "CONDITION", "preclinical", "mechanism", False, False),
        ("d2", 0, "kratom", "opioid receptors", "MECHANISM", "preclinical", "mechanism", False, False),
        ("d2", 1, "kava", "anxiety", "CONDITION", "anecdotal", "benefit", False, False),
        ("d2", 2, None, "pain", "CONDITION", "unspecified", "benefit", False, True),
        ("d3", 0, "kava", "anxiety", "CONDITION", "unspecified", "benefit", False, False),
        ("d3", 1, "kava", None, None, "unspecified", "benefit", False, False),
    ]
    sentence = con.execute(
        "SELECT sentence FROM claim_triples WHERE doc_id = 'd3' AND sent_idx = 0"
    ).fetchone()[0]
    assert sentence == 'Kava eases anxiety & "stress" <fast>.'
    # every claim appears at least once
    assert _count(con, "SELECT count(DISTINCT (doc_id, sent_idx)) FROM claim_triples") == EXPECTED["claims"]


def test_helpers(toy_out: Path) -> None:
    con = duck.connect(toy_out)
    subs = duck.evidence_by_substance(con)
    assert subs[
        ["substance", "claims", "clinical", "preclinical", "anecdotal", "unspecified", "documents"]
    ].values.tolist() == [
        ["kava", 3, 0, 0, 1, 2, 2],
        ["kratom", 3, 1, 1, 0, 1, 2],
    ]
    # kratom is named in d2 s0 with two targets: still one claim
    assert subs.set_index("substance").loc["kratom", "hedged_share"] == pytest.approx(1 / 3)
    conds = duck.evidence_by_condition(con, top=1)
    assert conds[["condition", "claims", "anecdotal", "unspecified"]].values.tolist() == [
        ["anxiety", 3, 1, 2]
    ]
    mechs = duck.evidence_by_target(con, label="MECHANISM")
    assert mechs[["mechanism", "claims", "preclinical"]].values.tolist() == [["opioid receptors", 1, 1]]
    shares = duck.attribute_shares(con).set_index("evidence")
    assert list(shares.index) == ["clinical", "preclinical", "anecdotal", "unspecified", "all"]
    assert shares.loc["unspecified", "hedged_share"] == pytest.approx(0.25)
    assert shares.loc["all", "negated"] == 1 and shares.loc["all", "claims"] == 7
    pairs = duck.top_pairs(con, n=2)
    assert pairs[["substance", "target", "claims", "best_evidence"]].values.tolist() == [
        ["kratom", "pain", 2, "clinical"],
        ["kava", "anxiety", 2, "anecdotal"],
    ]
    any_target = duck.top_pairs(con, n=10, label=None)
    assert ("kratom", "opioid receptors") in set(
        zip(any_target["substance"], any_target["target"], strict=True)
    )
    cross = duck.claims_by_evidence_and_type(con).set_index("evidence")
    assert cross.loc["preclinical", "mechanism"] == 1 and cross.loc["unspecified", "benefit"] == 4
    assert cross["harm"].sum() == 0
    ov = duck.overview(con)
    assert (ov["documents"], ov["documents_ok"], ov["sentences"], ov["claims"], ov["hedged"]) == (
        4,
        3,
        8,
        7,
        1,
    )
    assert ov["skipped"] == {"empty": 1}
    assert duck.skipped_reasons(con).values.tolist() == [["empty", 1, "mem/bad.html"]]


def test_connect_is_exposed_on_the_package() -> None:
    assert pipeline.connect is duck.connect


def test_not_an_output_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAnOutputFolder, match="E007"):
        duck.connect(tmp_path)


def test_file_database_works_from_another_directory(toy_out: Path, tmp_path: Path) -> None:
    db = tmp_path / "claims.duckdb"
    duck.connect(toy_out, database=str(db)).close()
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        con = duckdb.connect(str(db))
        assert con.execute("SELECT count(*) FROM claim_triples").fetchone()[0] == EXPECTED["claim_triples"]
        con.close()
    finally:
        os.chdir(cwd)


def test_empty_output(analysis_nlp, tmp_path: Path) -> None:
    from .conftest import write_output

    for fmt in FORMATS:
        out = write_output(analysis_nlp, tmp_path / fmt, fmt, docs=[("e", None, "Nothing to see here.")])
        con = duck.connect(out)
        assert _count(con, "SELECT count(*) FROM claims") == 0
        assert _count(con, "SELECT count(*) FROM claim_triples") == 0
        assert duck.evidence_by_substance(con).empty
        assert duck.overview(con)["claims"] == 0
