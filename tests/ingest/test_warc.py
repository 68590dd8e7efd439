from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from pipeline.ingest import iter_documents
from pipeline.ingest.document import make_doc_id

from .helpers import NO_MAIN_TEXT_HTML, article_html, write_warc

MIXED = [
    {"uri": "https://a.example/robots.txt", "body": "", "rec_type": "request"},
    {"uri": "https://a.example/valerian", "body": article_html(), "date": "2024-05-02T08:30:00Z"},
    {"uri": "https://a.example/logo.png", "body": b"\x89PNG\r\n\x1a\n", "content_type": "image/png"},
    {"uri": "https://a.example/old", "body": article_html("Moved"), "status": "301 Moved Permanently"},
    {"uri": "https://a.example/gone", "body": article_html("Gone"), "status": "404 Not Found"},
    {"uri": "https://a.example/menu", "body": NO_MAIN_TEXT_HTML},
    {"uri": "https://a.example/meta", "body": "crawl notes", "rec_type": "metadata"},
    {"uri": "https://a.example/kava", "body": article_html("Kava Notes"),
     "content_type": "application/xhtml+xml; charset=utf-8"},
]


@pytest.mark.parametrize("compress", [True, False])
def test_mixed_records(tmp_path: Path, compress: bool) -> None:
    name = "crawl.warc.gz" if compress else "crawl.warc"
    path = write_warc(tmp_path / name, MIXED, gzip=compress)
    counters: Counter[str] = Counter()
    docs = list(iter_documents([path], counters=counters))
    assert [(d.url, d.status, d.reason) for d in docs] == [
        ("https://a.example/valerian", "ok", None),
        ("https://a.example/menu", "skipped", "no main text in HTML"),
        ("https://a.example/kava", "ok", None),
    ]
    page = docs[0]
    assert page.title == "Valerian and Sleep"
    assert page.crawl_date == "2024-05-02T08:30:00Z"
    assert page.text.split("\n")[-2:] == ["- Headache after the first doses", "- Stomach upset in some people"]
    assert "Home" not in page.text and "Copyright" not in page.text
    # source is file key + record offset; the offset points at the record in the file
    offset = page.meta["warc_offset"]
    assert page.source == f"{name}#{offset}"
    assert page.doc_id == make_doc_id(name, offset)
    raw = path.read_bytes()
    record_bytes = gzip.decompress(raw[offset:]) if compress else raw[offset:]
    assert record_bytes.startswith(b"WARC/1.")
    assert b"WARC-Target-URI: https://a.example/valerian" in record_bytes[:600]
    assert len({d.doc_id for d in docs}) == 3
    assert counters["warc_records"] == 8
    assert (counters["warc_not_response"], counters["warc_not_200"], counters["warc_not_html"]) == (2, 2, 1)
    assert (counters["documents_ok"], counters["documents_skipped"]) == (2, 1)


def test_ids_are_stable_across_runs(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "c.warc.gz", MIXED)
    first = [d.doc_id for d in iter_documents([path])]
    again = [d.doc_id for d in iter_documents([path])]
    assert first == again and len(first) == 3


def test_corrupt_warc_is_one_skipped_document_and_batch_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "a-bad.warc"
    bad.write_bytes(b"this is not a WARC file at all\r\n\r\n")
    good = write_warc(tmp_path / "b-good.warc.gz", MIXED[1:2])
    docs = list(iter_documents([tmp_path]))
    assert [(d.source, d.status) for d in docs] == [
        (f"{tmp_path.name}/a-bad.warc", "skipped"),
        (f"{tmp_path.name}/b-good.warc.gz#0", "ok"),
    ]
    assert docs[0].reason == "corrupt WARC at record 1: not a WARC record"
    assert good.exists()


def test_truncated_gzip_keeps_earlier_records(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "cut.warc.gz", [MIXED[1], MIXED[7]])
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - 200])  # damage the second record's gzip member
    docs = list(iter_documents([path]))
    assert [(d.source, d.status) for d in docs] == [("cut.warc.gz#0", "ok"), ("cut.warc.gz", "skipped")]
    offset = int(docs[0].source.rsplit("#", 1)[1])
    assert docs[1].reason.startswith("corrupt WARC at record 2: record at offset ")
    assert docs[1].reason.endswith(" bytes missing)")
    assert offset == 0


def test_empty_warc(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    (doc,) = iter_documents([path])
    assert (doc.status, doc.reason) == ("skipped", "empty")


def test_garbled_gzip_member_gives_a_short_printable_reason(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "flip.warc.gz", [MIXED[1], MIXED[7], MIXED[1]])
    raw = bytearray(path.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 40] = bytes(b ^ 0x5A for b in raw[middle:middle + 40])
    path.write_bytes(bytes(raw))
    docs = list(iter_documents([path]))
    assert [(d.source, d.status) for d in docs] == [("flip.warc.gz#0", "ok"), ("flip.warc.gz", "skipped")]
    assert docs[1].reason.startswith("corrupt WARC at record 2: ")
    assert docs[1].reason.isprintable() and len(docs[1].reason) <= 300


def test_fastwarc_reads_a_sound_file_without_warcio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import warcio.archiveiterator

    def no_warcio(*args: object, **kwargs: object) -> None:
        raise AssertionError("warcio must not be needed for a sound file")

    monkeypatch.setattr(warcio.archiveiterator, "ArchiveIterator", no_warcio)
    path = write_warc(tmp_path / "crawl.warc.gz", MIXED)
    counters: Counter[str] = Counter()
    docs = list(iter_documents([path], counters=counters))
    assert [(d.url, d.status) for d in docs] == [("https://a.example/valerian", "ok"),
                                                 ("https://a.example/menu", "skipped"),
                                                 ("https://a.example/kava", "ok")]
    assert counters["warc_records"] == 8


@pytest.mark.parametrize("compress", [True, False])
def test_fastwarc_and_warcio_give_the_same_documents(tmp_path: Path, compress: bool) -> None:
    from pipeline.ingest import input_file
    from pipeline.ingest.base import ReadOptions
    from pipeline.ingest.warc import _read_warc_warcio, read_warc

    path = write_warc(tmp_path / ("c.warc.gz" if compress else "c.warc"), MIXED, gzip=compress)
    file = input_file(path, path.name)
    fast_counts: Counter[str] = Counter()
    slow_counts: Counter[str] = Counter()
    fast = list(read_warc(file, ReadOptions(), fast_counts))
    slow = list(_read_warc_warcio(file, ReadOptions(), slow_counts))
    fields = [(d.doc_id, d.source, d.url, d.crawl_date, d.title, d.text, d.status, d.reason,
               d.meta["warc_record_id"]) for d in fast]
    assert fields == [(d.doc_id, d.source, d.url, d.crawl_date, d.title, d.text, d.status, d.reason,
                       d.meta["warc_record_id"]) for d in slow]
    assert fast_counts == slow_counts


def test_truncated_plain_warc_is_handed_to_warcio_at_the_cut_record(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "cut.warc", [MIXED[1], MIXED[7]], gzip=False)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - 200])  # FastWARC returns the second payload short
    counters: Counter[str] = Counter()
    docs = list(iter_documents([path], counters=counters))
    assert [(d.source, d.status) for d in docs] == [("cut.warc#0", "ok"), ("cut.warc", "skipped")]
    assert docs[1].reason.startswith("corrupt WARC at record 2: ")
    assert counters["warc_records"] == 2  # the first record is counted once, not again by warcio
