"""The public contract: iter_documents over a folder holding every format."""

from __future__ import annotations

import json
import pickle
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline.ingest as ingest
from pipeline.errors import InputNotFound
from pipeline.ingest import Document, InputFile, ReadOptions, input_file, iter_documents, plan, read_input

from .helpers import article_html, write_warc


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    root = tmp_path / "batch"
    (root / "web").mkdir(parents=True)
    (root / "a.txt").write_bytes(b"Kava Basics\r\nKava may ease anxiety.\r\n")
    (root / "b.md").write_bytes(b"")
    (root / "c.jsonl").write_text(
        json.dumps({"id": "k1", "text": "Kratom eases pain.", "url": "https://k.example"}) + "\nnot json\n")
    (root / "d.csv").write_text("id,text\nc1,Valerian helps sleep.\nc2,\n")
    pq.write_table(pa.table({"id": ["p1"], "text": ["CBD may reduce anxiety."]}), root / "e.parquet")
    (root / "web" / "page.html").write_text(article_html())
    write_warc(root / "web" / "crawl.warc.gz", [
        {"uri": "https://w.example/1", "body": article_html("Kava Notes")},
        {"uri": "https://w.example/img", "body": b"\x89PNG", "content_type": "image/png"},
    ])
    (root / "web" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    return root


def test_every_format_in_one_folder(mixed: Path) -> None:
    counters: Counter[str] = Counter()
    docs = list(iter_documents([mixed], id_field="id", url_field="url", counters=counters))
    assert all(isinstance(d, Document) for d in docs)
    assert [(d.source, d.status, d.reason) for d in docs] == [
        ("batch/.DS_Store", "skipped", "hidden file: name starts with '.'"),
        ("batch/a.txt", "ok", None),
        ("batch/b.md", "skipped", "empty"),
        ("batch/c.jsonl#k1", "ok", None),
        ("batch/c.jsonl#line 2", "skipped", "line 2: not valid JSON"),
        ("batch/d.csv#c1", "ok", None),
        ("batch/d.csv#c2", "skipped", "row 2: no 'text' field (value is empty)"),
        ("batch/e.parquet#p1", "ok", None),
        ("batch/web/crawl.warc.gz#0", "ok", None),
        ("batch/web/notes.pdf", "skipped", "unsupported extension: .pdf (name the file to read it as plain text)"),
        ("batch/web/page.html", "ok", None),
    ]
    assert docs[1].text == "Kava Basics\nKava may ease anxiety.\n" and docs[1].title == "Kava Basics"
    assert docs[3].url == "https://k.example"
    assert len({d.doc_id for d in docs}) == len(docs) == 11
    assert counters["files"] == 9  # the 7 readable files and the 2 entries reported as skipped
    assert (counters["documents_ok"], counters["documents_skipped"]) == (6, 5)
    assert counters["ignored_files"] == 1 and counters["hidden_skipped"] == 1
    assert counters["warc_not_html"] == 1
    assert counters["reader_errors"] == 0


def test_ids_are_stable_across_runs_and_working_folders(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = [(d.source, d.doc_id) for d in iter_documents([mixed], id_field="id")]
    monkeypatch.chdir(mixed / "web")
    again = [(d.source, d.doc_id) for d in iter_documents([".."], id_field="id")]
    assert first == again


def test_missing_input_raises_at_call_time(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound, match="no-such-folder"):
        iter_documents([tmp_path / "no-such-folder"])  # no next(): the check is eager


def test_reader_crash_becomes_one_skipped_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
        raise RuntimeError("bug in reader")
        yield  # pragma: no cover

    monkeypatch.setitem(ingest.READERS, "text", broken)
    (tmp_path / "x.txt").write_text("Kava.")
    (tmp_path / "y.html").write_text(article_html())
    counters: Counter[str] = Counter()
    docs = list(iter_documents([tmp_path], counters=counters))
    assert [(d.status, d.reason) for d in docs] == [
        ("skipped", "reader error: RuntimeError: bug in reader"),
        ("ok", None),
    ]
    assert counters["reader_errors"] == 1 and counters["documents_skipped"] == 1


def test_plan_and_read_input_split_work_across_processes(mixed: Path) -> None:
    files = plan([mixed])
    shipped = pickle.loads(pickle.dumps(files))  # what a process pool does with them
    opts = ReadOptions(id_field="id")
    by_file = [d.doc_id for f in shipped for d in read_input(f, opts)]
    assert by_file == [d.doc_id for d in iter_documents([mixed], id_field="id")]


def test_planned_files_keep_their_keys_when_read_one_by_one(tmp_path: Path) -> None:
    (tmp_path / "corpus" / "a").mkdir(parents=True)
    (tmp_path / "corpus" / "b").mkdir()
    (tmp_path / "corpus" / "a" / "x.txt").write_text("Kava calms.")
    (tmp_path / "corpus" / "b" / "x.txt").write_text("Kratom eases pain.")
    planned = plan([tmp_path / "corpus"])
    # what a sharding engine does: each worker reads its own files
    shard_docs = [d for f in planned for d in iter_documents([input_file(f.path, f.key)])]
    assert [d.source for d in shard_docs] == ["corpus/a/x.txt", "corpus/b/x.txt"]
    assert [d.doc_id for d in shard_docs] == [d.doc_id for d in iter_documents([tmp_path / "corpus"])]
    # bare paths lose the folder context: both files are keyed "x.txt" when read separately
    bare = [d.source for f in planned for d in iter_documents([f.path])]
    assert bare == ["x.txt", "x.txt"]
