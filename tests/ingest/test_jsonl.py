from __future__ import annotations

import codecs
import json
from collections import Counter
from pathlib import Path

from pipeline.ingest import iter_documents
from pipeline.ingest.document import make_doc_id


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_records_bad_json_in_the_middle_and_missing_text(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "articles.jsonl", [
        json.dumps({"text": "Kava may ease anxiety.", "url": "https://a.example/1", "headline": "Kava"}),
        '{"text": "broken',
        "",
        json.dumps({"body": "no text key here"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "Valerian\r\nhelps sleep."}),
    ])
    counters: Counter[str] = Counter()
    docs = list(iter_documents([path], url_field="url", title_field="headline", counters=counters))
    assert [(d.status, d.reason) for d in docs] == [
        ("ok", None),
        ("skipped", "line 2: not valid JSON"),
        ("skipped", "line 4: no 'text' field"),
        ("skipped", "line 5: no 'text' field (value is int, not text)"),
        ("skipped", "line 6: no 'text' field (value is empty)"),
        ("skipped", "line 7: not a JSON object (a list)"),
        ("ok", None),
    ]
    first, last = docs[0], docs[-1]
    assert (first.text, first.url, first.title) == ("Kava may ease anxiety.", "https://a.example/1", "Kava")
    assert last.text == "Valerian\nhelps sleep."
    assert last.url is None
    # key = line number without id_field
    assert first.source == "articles.jsonl#1" and first.doc_id == make_doc_id("articles.jsonl", 1)
    assert last.doc_id == make_doc_id("articles.jsonl", 8)
    assert len({d.doc_id for d in docs}) == len(docs)
    assert counters["bad_records"] == 5
    assert (counters["documents_ok"], counters["documents_skipped"]) == (2, 5)


def test_id_field_gives_stable_ids_and_duplicates_are_skipped(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "a.ndjson", [
        json.dumps({"id": "abc", "text": "Kava may ease anxiety."}),
        json.dumps({"id": 7, "text": "Kratom is a botanical."}),
        json.dumps({"text": "No id here."}),
        json.dumps({"id": "abc", "text": "Second abc."}),
        json.dumps({"id": "zz"}),
    ])
    docs = list(iter_documents([path], id_field="id"))
    assert [(d.source, d.status, d.reason) for d in docs] == [
        ("a.ndjson#abc", "ok", None),
        ("a.ndjson#7", "ok", None),
        ("a.ndjson#line 3", "skipped", "line 3: no 'id' field"),
        ("a.ndjson#line 4", "skipped", "line 4: duplicate id 'abc' (first on line 1)"),
        ("a.ndjson#zz", "skipped", "line 5: no 'text' field"),
    ]
    assert docs[0].doc_id == make_doc_id("a.ndjson", "abc")
    assert len({d.doc_id for d in docs}) == 5
    # the same record moved to another line keeps its id
    write_lines(path, ["", json.dumps({"id": "abc", "text": "Kava may ease anxiety."})])
    (moved,) = iter_documents([path], id_field="id")
    assert moved.doc_id == docs[0].doc_id


def test_bom_invalid_utf8_and_custom_text_field(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"body": "Kava calms."}\n{"body": "caf\xe9"}\n')
    docs = list(iter_documents([path], text_field="body"))
    assert [(d.status, d.reason, d.text) for d in docs] == [
        ("ok", None, "Kava calms."),
        ("skipped", "line 2: not valid UTF-8", ""),
    ]


def test_empty_jsonl_is_one_skipped_document(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "none.jsonl", ["", "  "])
    (doc,) = iter_documents([path])
    assert (doc.status, doc.reason, doc.doc_id) == ("skipped", "empty", make_doc_id("none.jsonl"))


def _read(files: list) -> list[tuple[str, str | None, str | None]]:
    from pipeline.ingest import read_input
    from pipeline.ingest.base import ReadOptions

    return [(d.doc_id, d.text, d.reason) for f in files for d in read_input(f, ReadOptions())]


def test_split_parts_read_back_as_the_whole_file(tmp_path: Path) -> None:
    from pipeline.ingest import input_file
    from pipeline.ingest.jsonl import split_jsonl

    lines = [json.dumps({"text": f"Kava note {i} " + "x" * (i % 29)}) for i in range(120)]
    lines[7] = '{"text": "broken'
    lines[50] = ""
    body = "\n".join(lines)  # no newline at the end
    path = tmp_path / "big.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    whole = input_file(path, "big.jsonl")
    expected = _read([whole])
    assert len(expected) == 119 and "line 8: not valid JSON" in expected[7][2]
    size = path.stat().st_size
    for target in (1, 64, 700, size // 2):
        parts = split_jsonl(whole, target)
        assert len(parts) > 1
        assert [p.part[0] for p in parts][0] == 0 and parts[-1].part[1] == size
        assert all(a.part[1] == b.part[0] for a, b in zip(parts, parts[1:], strict=False))
        raw = path.read_bytes()
        assert all(raw[p.part[0] - 1 : p.part[0]] == b"\n" for p in parts[1:])  # cut at line starts
        assert _read(parts) == expected  # same doc ids (line numbers), texts and reasons
    assert split_jsonl(whole, size) == [whole]
