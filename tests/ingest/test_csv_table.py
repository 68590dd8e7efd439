from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.ingest import csv_table, iter_documents
from pipeline.ingest.document import make_doc_id


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_rows_become_documents(tmp_path: Path) -> None:
    big = "Kava may ease anxiety. " * 8000  # ~180 KB: over csv's default field limit
    path = write_csv(tmp_path / "posts.csv", [
        ["doc", "text", "link", "title"],
        ["a1", "Kava may ease anxiety.\r\nSecond line.", "https://a.example/1", "Kava"],
        ["a2", "", "https://a.example/2", ""],
        [],
        ["a3", big, "", "Long"],
        ["a4"],  # ragged row: no text cell at all
    ])
    counters: Counter[str] = Counter()
    docs = list(iter_documents([path], id_field="doc", url_field="link", title_field="title", counters=counters))
    assert [(d.source, d.status, d.reason) for d in docs] == [
        ("posts.csv#a1", "ok", None),
        ("posts.csv#a2", "skipped", "row 2: no 'text' field (value is empty)"),
        ("posts.csv#a3", "ok", None),
        ("posts.csv#a4", "skipped", "row 4: no 'text' field"),
    ]
    assert docs[0].text == "Kava may ease anxiety.\nSecond line."  # quoted multi-line field, CRLF normalised
    assert (docs[0].url, docs[0].title) == ("https://a.example/1", "Kava")
    assert (docs[2].url, docs[2].title, len(docs[2].text)) == (None, "Long", len(big))
    assert docs[0].doc_id == make_doc_id("posts.csv", "a1")
    assert counters["bad_records"] == 2


def test_row_numbers_as_keys_without_id_field(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["text"], ["One."], ["Two."]])
    docs = list(iter_documents([path]))
    assert [d.source for d in docs] == ["t.csv#1", "t.csv#2"]
    assert [d.doc_id for d in docs] == [make_doc_id("t.csv", 1), make_doc_id("t.csv", 2)]


def test_missing_text_column_skips_file_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "wrong.csv", [["body", "url"], ["Kava.", "u"], ["Kratom.", "v"]])
    (doc,) = iter_documents([path])
    assert (doc.status, doc.reason) == ("skipped", "no 'text' column (columns: 'body', 'url')")
    assert doc.doc_id == make_doc_id("wrong.csv")


def test_missing_id_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "noid.csv", [["text"], ["Kava."]])
    (doc,) = iter_documents([path], id_field="uid")
    assert doc.reason == "no 'uid' column (columns: 'text')"


def test_empty_and_undecodable_csv(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    bad = tmp_path / "latin.csv"
    bad.write_bytes(b"text\nKava calms.\ncaf\xe9 kava\nKratom.\n")
    docs = list(iter_documents([empty, bad]))
    assert [(d.source, d.status, d.reason) for d in docs] == [
        ("empty.csv", "skipped", "empty"),
        ("latin.csv#1", "ok", None),
        ("latin.csv#2", "skipped", "row 2: not valid UTF-8"),
        ("latin.csv#3", "ok", None),
    ]
    assert docs[-1].text == "Kratom."


def test_csv_error_mid_file_keeps_earlier_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The csv module is lenient by default; a csv.Error (e.g. from a stricter dialect) must still
    # end only this file, with the rows before it kept.
    def failing_reader(fh: object) -> Iterator[list[str]]:
        yield ["text"]
        yield ["Kava calms."]
        raise csv.Error("unexpected end of data")

    monkeypatch.setattr(csv_table.csv, "reader", failing_reader)
    path = write_csv(tmp_path / "cut.csv", [["text"], ["Kava calms."], ["x"]])
    docs = list(iter_documents([path]))
    assert [(d.source, d.status, d.reason) for d in docs] == [
        ("cut.csv#1", "ok", None),
        ("cut.csv", "skipped", "malformed CSV at row 2: unexpected end of data; rest of file not read"),
    ]
