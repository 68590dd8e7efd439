"""What every reader shares: options, the input-file record, skip helpers.

A reader is `read(file: InputFile, opts: ReadOptions, counters: Counter[str])
-> Iterator[Document]`. It never raises for bad input: a file it cannot read
becomes one skipped Document (key None, so its doc_id is make_doc_id(key)),
a bad record inside a file becomes a skipped Document for that record, and
the reader moves on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.ingest.document import Document, make_doc_id

Reader = Callable[["InputFile", "ReadOptions", "Counter[str]"], Iterator[Document]]


# Main-text extractors for HTML (pipeline/ingest/html_page.py); the first is the default,
# the one with the best measured speed and F1 (benchmarks/html.py).
HTML_EXTRACTORS = ("fast", "cascade", "trafilatura", "resiliparse")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Field names for record formats (JSONL, CSV, Parquet), the HTML extractor and its time limit."""

    text_field: str = "text"
    id_field: str | None = None
    url_field: str | None = None
    title_field: str | None = None
    html_timeout: float = 10.0
    html_extractor: str = HTML_EXTRACTORS[0]


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read.

    `key` is the stable, cwd-independent name used as Document.source and in
    doc ids: "<root folder name>/<path inside it>" for files found in a
    folder, the bare file name for a file named explicitly (longer only when
    two inputs would otherwise share a key).
    """

    path: Path
    key: str
    fmt: str
    explicit: bool = False
    # A slice of a large file, so that one file can feed several workers:
    # (start, end, records before start). Units are bytes at line starts for
    # JSONL and row groups for Parquet; record numbers (and so doc ids) stay
    # those of the whole file. None: the whole file.
    part: tuple[int, int, int] | None = None
    # Why the folder walk met this entry but will not read it (fmt "skip"): it
    # still becomes one skipped documents row, so every entry is accounted for.
    skip: str | None = None


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR -> LF, nothing else, so offsets stay meaningful."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_MAX_REASON = 300


def clean_reason(reason: str) -> str:
    """One printable line of bounded length: library errors can quote raw binary input."""
    if not reason.isprintable():
        reason = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in reason)
    return reason if len(reason) <= _MAX_REASON else reason[: _MAX_REASON - 3] + "..."


def file_skipped(file: InputFile, reason: str, counters: Counter[str]) -> Document:
    """The one skipped Document that stands for a whole unreadable file."""
    counters["files_skipped"] += 1
    return Document.skipped(file.key, clean_reason(reason), meta={"path": str(file.path)})


def os_error_reason(err: OSError) -> str:
    # strerror without the file name: the path is already in source/meta.
    return f"unreadable: {err.strerror or type(err).__name__}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (JSON's "\\ud800" escapes) replaced by U+FFFD, one for one.

    Why: they are not Unicode; spaCy and Arrow both refuse them (a record holding one broke its
    whole output part). One character for one keeps every offset.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    s = valid_unicode(str(value)).strip()
    return s or None


class RecordBuilder:
    """Turns one record (mapping) of a JSONL/CSV/Parquet file into a Document.

    Keys: the record's id (id_field) when given, else its line/row number; a
    record whose id is missing or repeated is skipped and keyed
    "<unit> <n>" so its doc_id stays unique too.
    """

    def __init__(self, file: InputFile, opts: ReadOptions, counters: Counter[str], unit: str) -> None:
        self.file = file
        self.opts = opts
        self.counters = counters
        self.unit = unit
        self._seen: dict[str, int] = {}

    def _doc(self, key: str | int, **kw: Any) -> Document:
        source = f"{self.file.key}#{key}"
        # make_doc_id(file key, record key) == make_doc_id(source): one id either way.
        return Document(doc_id=make_doc_id(self.file.key, key), source=source, **kw)

    def bad(self, n: int, reason: str, key: str | int | None = None) -> Document:
        """Skipped record; `reason` gets the "<unit> n: " prefix."""
        self.counters["bad_records"] += 1
        if key is None:
            key = f"{self.unit} {n}" if self.opts.id_field else n
        return self._doc(key, status="skipped", reason=clean_reason(f"{self.unit} {n}: {reason}"),
                         meta={"path": str(self.file.path), self.unit: n})

    def build(self, n: int, rec: Mapping[str, Any]) -> Document:
        opts = self.opts
        key: str | int = n
        if opts.id_field:
            rid = _clean_str(rec.get(opts.id_field))
            if rid is None:
                return self.bad(n, f"no '{opts.id_field}' field")
            first = self._seen.get(rid)
            if first is not None:
                return self.bad(n, f"duplicate id {rid!r} (first on {self.unit} {first})")
            self._seen[rid] = n
            key = rid
        value = rec.get(opts.text_field)
        missing = f"no '{opts.text_field}' field"
        if value is None:
            return self.bad(n, missing, key if opts.id_field else None)
        if not isinstance(value, str):
            return self.bad(n, f"{missing} (value is {type(value).__name__}, not text)",
                            key if opts.id_field else None)
        if not value.strip():
            return self.bad(n, f"{missing} (value is empty)", key if opts.id_field else None)
        return self._doc(
            key,
            text=normalize_newlines(valid_unicode(value)),
            url=_clean_str(rec.get(opts.url_field)) if opts.url_field else None,
            title=_clean_str(rec.get(opts.title_field)) if opts.title_field else None,
            meta={"path": str(self.file.path), self.unit: n},
        )
