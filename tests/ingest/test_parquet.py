from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.ingest import iter_documents, parquet
from pipeline.ingest.document import make_doc_id


def test_rows_across_batches_with_ids_urls_and_nulls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet, "BATCH_ROWS", 2)
    table = pa.table({
        "uid": [10, 11, 12, 13, 14],
        "body": ["Kava may ease anxiety.", None, "Kratom\r\nis a leaf.", "", "Valerian helps sleep."],
        "link": ["https://a.example/k", None, "https://a.example/kr", None, None],
        "unused": [1.0, 2.0, 3.0, 4.0, 5.0],
    })
    path = tmp_path / "corpus.parquet"
    pq.write_table(table, path, row_group_size=3)
    counters: Counter[str] = Counter()
    docs = list(iter_documents([path], text_field="body", id_field="uid", url_field="link", counters=counters))
    assert [(d.source, d.status, d.reason) for d in docs] == [
        ("corpus.parquet#10", "ok", None),
        ("corpus.parquet#11", "skipped", "row 2: no 'body' field"),
        ("corpus.parquet#12", "ok", None),
        ("corpus.parquet#13", "skipped", "row 4: no 'body' field (value is empty)"),
        ("corpus.parquet#14", "ok", None),
    ]
    assert docs[2].text == "Kratom\nis a leaf."
    assert [d.url for d in docs] == ["https://a.example/k", None, "https://a.example/kr", None, None]
    assert docs[0].doc_id == make_doc_id("corpus.parquet", "10")
    assert counters["bad_records"] == 2


def test_dictionary_encoded_text_column(tmp_path: Path) -> None:
    text = pa.array(["Kava calms.", "Kava calms."]).dictionary_encode()
    path = tmp_path / "dict.parquet"
    pq.write_table(pa.table({"text": text}), path)
    docs = list(iter_documents([path]))
    assert [(d.source, d.text) for d in docs] == [("dict.parquet#1", "Kava calms."), ("dict.parquet#2", "Kava calms.")]


def test_missing_or_non_text_column_skips_file(tmp_path: Path) -> None:
    missing = tmp_path / "a.parquet"
    pq.write_table(pa.table({"body": ["x"]}), missing)
    numeric = tmp_path / "b.parquet"
    pq.write_table(pa.table({"text": [1, 2]}), numeric)
    docs = list(iter_documents([missing, numeric]))
    assert [(d.source, d.status, d.reason) for d in docs] == [
        ("a.parquet", "skipped", "no 'text' column (columns: 'body')"),
        ("b.parquet", "skipped", "column 'text' is int64, not text"),
    ]


def test_corrupt_parquet_is_one_skipped_document(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    (doc,) = iter_documents([path])
    assert doc.status == "skipped"
    assert doc.reason.startswith("not a readable Parquet file: ")
    assert doc.doc_id == make_doc_id("broken.parquet")


def test_split_by_row_groups_keeps_row_numbers(tmp_path: Path) -> None:
    from pipeline.ingest import input_file, read_input
    from pipeline.ingest.base import ReadOptions

    path = tmp_path / "big.parquet"
    texts = [f"Valerian note {i}" for i in range(1000)]
    pq.write_table(pa.table({"text": texts}), path, row_group_size=100)
    whole = input_file(path, "big.parquet")
    parts = parquet.split_parquet(whole, int(3.5 * pq.ParquetFile(path).metadata.row_group(0).total_byte_size))
    assert [p.part for p in parts] == [(0, 3, 0), (3, 6, 300), (6, 9, 600), (9, 10, 900)]
    read = [(d.doc_id, d.text) for p in parts for d in read_input(p, ReadOptions())]
    assert read == [(d.doc_id, d.text) for d in read_input(whole, ReadOptions())]
    assert read[-1] == (make_doc_id("big.parquet", 1000), texts[-1])
    assert parquet.split_parquet(whole, 10**9) == [whole]
