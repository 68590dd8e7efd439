"""Fuzzed readers: any bytes in any format give Documents (ok or skipped), never a crash or a lost file.

A few dozen cases per format here (CI); `python benchmarks/fuzz.py` runs 10,000.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from pipeline.ingest.base import ReadOptions

from .fuzz import FILES, check_reader

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _case(fmt: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_reader(fmt, data, Path(tmp))


@FUZZ
@given(data=FILES["text"])
def test_fuzz_text(data: bytes) -> None:
    _case("text", data)


@pytest.mark.slow
@settings(FUZZ, max_examples=30)
@given(data=FILES["html"])
def test_fuzz_html(data: bytes) -> None:
    _case("html", data)


@FUZZ
@given(data=FILES["jsonl"])
def test_fuzz_jsonl(data: bytes) -> None:
    _case("jsonl", data)


@FUZZ
@given(data=FILES["csv"])
def test_fuzz_csv(data: bytes) -> None:
    _case("csv", data)


@FUZZ
@given(data=FILES["parquet"])
def test_fuzz_parquet(data: bytes) -> None:
    _case("parquet", data)


@pytest.mark.slow
@settings(FUZZ, max_examples=30)
@given(data=FILES["warc"])
def test_fuzz_warc(data: bytes) -> None:
    _case("warc", data)


# -- what the fuzzing found -------------------------------------------------------------------


def _parquet_without_rows(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": pa.array([], pa.string())}), path)


def _warc_without_pages(path: Path) -> None:
    from .helpers import write_warc

    write_warc(path, [{"uri": "http://example.org/", "body": "<p>gone</p>", "status": "404 Not Found"},
                      {"uri": "http://example.org/a.png", "body": b"\x89PNG", "content_type": "image/png"}])


@pytest.mark.parametrize(
    ("name", "fmt", "write", "reason"),
    [
        ("header.csv", "csv", lambda p: p.write_text("text,id\n", encoding="utf-8"), "empty: no records"),
        ("norows.parquet", "parquet", _parquet_without_rows, "empty: no records"),
        ("nopages.warc.gz", "warc", _warc_without_pages,
         "no HTML pages: 2 WARC records (0 not responses, 1 not status 200, 1 not HTML)"),
    ],
)
def test_a_file_without_documents_still_gets_its_row(tmp_path: Path, name, fmt, write, reason) -> None:
    """These files used to yield nothing at all, so they vanished from the documents table."""
    from .fuzz import read_file

    path = tmp_path / name
    write(path)
    docs, counters, _ = read_file(path, fmt)
    assert [(d.source, d.status, d.reason) for d in docs] == [(f"fuzz/{name}", "skipped", reason)]
    assert counters["documents_skipped"] == 1


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path) -> None:
    """JSON may escape half a surrogate pair; spaCy and Arrow refuse such strings (one broke a whole part)."""
    from .fuzz import check_documents, read_file

    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Kratom \\ud800 eases pain.", "title": "T\\udfff"}\n', encoding="utf-8")
    docs, counters, file = read_file(path, "jsonl", ReadOptions(title_field="title"))
    check_documents(docs, file, counters)
    assert [(d.text, d.title) for d in docs] == [("Kratom \ufffd eases pain.", "T\ufffd")]
