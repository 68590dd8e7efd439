import json

import pandas as pd
import pytest

from pipeline.errors import NotAnOutputFolder
from pipeline.ingest.document import Document
from pipeline.records import doc_to_rows
from pipeline.write import OutputFolder, ShardWriter, table_path


def _rows(toy_nlp, doc_id, text):
    return doc_to_rows(toy_nlp(text), Document(doc_id=doc_id, source="mem", text=text), "toy-1")


def test_shard_parts_marker_and_finalize(tmp_path, toy_nlp):
    folder = OutputFolder(tmp_path / "out")
    assert folder.open("fp1") == set()
    w = ShardWriter(folder.staging, 0, row_group_rows=2)  # forces several row groups
    for i in range(5):
        w.add(_rows(toy_nlp, f"d{i}", f"Kratom eases pain {i}. Nothing here."))
    w.stats["documents_ok"] = 5
    marker = w.commit({"seconds": 0.1})
    assert marker["shard_id"] == 0 and folder.done_shards() == {0}
    assert not list(folder.staging.rglob("*.tmp"))
    assert not (tmp_path / "out").exists()  # nothing visible before finalize
    folder.finalize({"counts": {}}, fmt="parquet")
    out = tmp_path / "out"
    assert not folder.staging.exists() and (out / "manifest.json").is_file()
    sents = pd.read_parquet(out / "sentences.parquet")
    assert len(sents) == 10 and sents["is_claim"].sum() == 5
    assert sorted(pd.read_parquet(out / "documents.parquet")["doc_id"]) == [f"d{i}" for i in range(5)]


def test_changed_fingerprint_restarts_and_stale_parts_are_removed(tmp_path, toy_nlp):
    folder = OutputFolder(tmp_path / "out")
    folder.open("fp1")
    w = ShardWriter(folder.staging, 3)
    w.add(_rows(toy_nlp, "a", "Kratom eases pain."))
    w.commit()
    # a killed run: a part renamed but never marked, and a temporary file
    (folder.staging / "sentences.parquet" / "part-000004.parquet").write_bytes(b"partial")
    (folder.staging / "claims.parquet" / "part-000005.parquet.tmp").write_bytes(b"partial")
    done = folder.open("fp1")
    assert done == {3}
    folder.clean_stale_parts(done)
    names = sorted(p.name for p in folder.staging.rglob("part-*"))
    assert names == ["part-000003.parquet"] * 4
    assert folder.open("fp2") == set()  # other inputs or options: start again
    assert not list(folder.staging.rglob("part-*"))


def test_abort_leaves_no_partial_files(tmp_path, toy_nlp):
    folder = OutputFolder(tmp_path / "out")
    folder.open("fp")
    w = ShardWriter(folder.staging, 0, row_group_rows=1)
    w.add(_rows(toy_nlp, "a", "Kratom eases pain. Twice."))
    w.abort()
    assert not list(folder.staging.rglob("part-*")) and folder.done_shards() == set()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_text_formats_round_trip_through_load(tmp_path, toy_nlp, fmt):
    from pipeline.api import load

    folder = OutputFolder(tmp_path / "out")
    folder.open("fp")
    w = ShardWriter(folder.staging, 0)
    w.add(_rows(toy_nlp, "a", "Kratom eases pain. It acts on opioid receptors."))
    w.commit()
    w = ShardWriter(folder.staging, 1)  # an empty shard still has a valid part
    w.commit()
    folder.finalize({"counts": {"claims": 1}}, fmt=fmt)
    out = tmp_path / "out"
    assert table_path(out, "claims").name == f"claims.{fmt}"
    res = load(out)
    assert res.claims["substances"].tolist() == [["Kratom"]]
    assert res.sentences["is_claim"].tolist() == [True, False]
    assert res.entities["start"].tolist() == [0, 13, 30]
    assert json.loads((out / "manifest.json").read_text())["counts"] == {"claims": 1}


def test_load_rejects_a_folder_that_is_not_an_output(tmp_path):
    from pipeline.api import load

    with pytest.raises(NotAnOutputFolder, match="E007"):
        load(tmp_path)
