"""Ingest: files and folders -> a stream of Documents, ok or skipped with a reason.

Nothing in here raises for bad input except a missing input path
(InputNotFound, at call time): an unreadable file or a bad record becomes a
skipped Document so the documents table shows what was left out and why.

Counter keys written to `counters` (all optional, absent means zero):
  files, files_skipped, documents_ok, documents_skipped, bad_records,
  ignored_files (unknown extension), hidden_skipped, unreadable_folders,
  duplicate_inputs, html_timeouts,
  warc_records, warc_not_response, warc_not_200, warc_not_html,
  reader_errors (a reader bug caught by the safety net; should stay 0).

For process pools: plan(inputs) gives picklable InputFile records (path,
key, format). Ship those (or path + key, rebuilt with input_file()) to the
workers and pass them to iter_documents() or read_input(). Do NOT ship bare
file paths: a file named explicitly is keyed by its name alone, so
"corpus/a/x.txt" and "corpus/b/x.txt" read in different workers would get
the same doc_id; planned in one call they are "corpus/a/x.txt" and
"corpus/b/x.txt".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.ingest.base import (
    HTML_EXTRACTORS,
    InputFile,
    Reader,
    ReadOptions,
    file_skipped,
    os_error_reason,
)
from pipeline.ingest.csv_table import read_csv
from pipeline.ingest.discover import FORMATS, discover, format_of, input_file, plan
from pipeline.ingest.document import Document, make_doc_id
from pipeline.ingest.html_page import check_extractor, read_html
from pipeline.ingest.jsonl import read_jsonl
from pipeline.ingest.parquet import read_parquet
from pipeline.ingest.text import read_text
from pipeline.ingest.warc import read_warc

_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<?xml")
_SNIFF_BYTES = 4096


def read_skipped(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    """An entry the folder walk met but will not read: one skipped row with the walk's reason."""
    yield file_skipped(file, file.skip or "not read", counters)


def read_sniffed(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    """A file without extension: HTML when its first bytes open an HTML page, else the text reader.

    Crawls and `wget` mirrors save pages without an extension; anything else
    goes to the text reader, which skips binary, empty and undecodable files.
    """
    try:
        with file.path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    is_html = start.startswith(_HTML_START) and (b"<html" in head.lower() or b"<body" in head.lower())
    reader = read_html if is_html else read_text
    yield from reader(file, opts, counters)


READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
    "warc": read_warc,
    "sniff": read_sniffed,
    "skip": read_skipped,
}

__all__ = [
    "FORMATS",
    "HTML_EXTRACTORS",
    "READERS",
    "Document",
    "InputFile",
    "ReadOptions",
    "discover",
    "format_of",
    "input_file",
    "iter_documents",
    "make_doc_id",
    "plan",
    "read_input",
]


def read_input(file: InputFile, opts: ReadOptions, counters: Counter[str] | None = None) -> Iterator[Document]:
    """All Documents of one file; a reader crash becomes one skipped Document."""
    counters = counters if counters is not None else Counter()
    counters["files"] += 1
    before = counters.copy() if file.fmt == "warc" else None
    n = 0
    try:
        for doc in READERS[file.fmt](file, opts, counters):
            counters["documents_ok" if doc.ok else "documents_skipped"] += 1
            n += 1
            yield doc
    except Exception as err:  # safety net: one broken file must not end the batch
        counters["reader_errors"] += 1
        counters["documents_skipped"] += 1
        yield file_skipped(file, f"reader error: {type(err).__name__}: {err}", counters)
        return
    if n == 0 and file.part is None:
        # a CSV with a header only, a Parquet file without rows, a WARC without HTML pages:
        # the file still gets its documents row, so no input vanishes from the output
        counters["documents_skipped"] += 1
        yield file_skipped(file, _no_documents_reason(file, counters, before), counters)


def _no_documents_reason(file: InputFile, counters: Counter[str], before: Counter[str] | None) -> str:
    if before is None:
        return "empty: no records"
    seen = {k: counters[k] - before[k] for k in ("warc_records", "warc_not_response", "warc_not_200", "warc_not_html")}
    return (f"no HTML pages: {seen['warc_records']} WARC records ({seen['warc_not_response']} not responses, "
            f"{seen['warc_not_200']} not status 200, {seen['warc_not_html']} not HTML)")


def iter_documents(
    inputs: Iterable[str | Path | InputFile],
    *,
    text_field: str = "text",
    id_field: str | None = None,
    url_field: str | None = None,
    title_field: str | None = None,
    html_timeout: float = 10.0,
    html_extractor: str = HTML_EXTRACTORS[0],
    counters: Counter[str] | None = None,
) -> Iterator[Document]:
    """One Document per document in `inputs` (files or folders, recursive).

    The field names apply to JSONL/CSV/Parquet records; html_timeout and
    html_extractor (one of HTML_EXTRACTORS) to each HTML page (also inside
    WARC files). Inputs and the extractor name are checked now, so a missing
    path raises InputNotFound before the first document is read.
    """
    check_extractor(html_extractor)
    counters = counters if counters is not None else Counter()
    files = plan(inputs, counters)
    opts = ReadOptions(text_field=text_field, id_field=id_field, url_field=url_field,
                       title_field=title_field, html_timeout=html_timeout, html_extractor=html_extractor)
    return _iterate(files, opts, counters)


def _iterate(files: list[InputFile], opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    for file in files:
        yield from read_input(file, opts, counters)
