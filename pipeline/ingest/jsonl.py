"""JSON Lines (.jsonl, .ndjson): one JSON object per line, one Document per object.

Lines are counted from 1 and blank lines are not records. The file is read
as bytes split on b"\\n" only, so U+2028 inside a JSON string cannot break
a record in two.
"""

from __future__ import annotations

import codecs
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from pipeline.ingest.base import InputFile, ReadOptions, RecordBuilder, file_skipped, os_error_reason
from pipeline.ingest.document import Document

_SCAN = 1 << 20


def split_jsonl(file: InputFile, target_bytes: int) -> list[InputFile]:
    """Cut a JSONL file at line starts into parts of about ``target_bytes`` (one scan, no parsing).

    Each part carries the number of lines before it, so line numbers and doc
    ids are those of an unsplit read.
    """
    parts: list[InputFile] = []
    start = lines_before = 0
    pos = lines = 0
    with file.path.open("rb") as fh:
        while chunk := fh.read(_SCAN):
            lo = 0
            while pos + len(chunk) - start >= target_bytes:
                cut = chunk.find(b"\n", max(lo, start + target_bytes - pos - 1))
                if cut < 0:
                    break
                lines += chunk.count(b"\n", lo, cut + 1)
                end = pos + cut + 1
                parts.append(replace(file, part=(start, end, lines_before)))
                start, lines_before, lo = end, lines, cut + 1
            lines += chunk.count(b"\n", lo)
            pos += len(chunk)
    if pos > start:
        parts.append(replace(file, part=(start, pos, lines_before)))
    return parts if len(parts) > 1 else [file]


def read_jsonl(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    builder = RecordBuilder(file, opts, counters, unit="line")
    try:
        fh = file.path.open("rb")
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    start, end, before = file.part or (0, -1, 0)
    n = before
    n_records = 0
    with fh:
        try:
            if start:
                fh.seek(start)
            pos = start
            for n, raw in enumerate(fh, start=before + 1):
                if end >= 0:
                    if pos >= end:
                        break
                    pos += len(raw)
                if n == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                if not raw.strip():
                    continue
                n_records += 1
                try:
                    rec = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    yield builder.bad(n, "not valid UTF-8")
                    continue
                except ValueError:
                    yield builder.bad(n, "not valid JSON")
                    continue
                if not isinstance(rec, dict):
                    yield builder.bad(n, f"not a JSON object (a {type(rec).__name__})")
                    continue
                yield builder.build(n, rec)
        except OSError as err:
            yield file_skipped(file, f"{os_error_reason(err)} after line {n}", counters)
            return
    if n_records == 0 and file.part is None:
        yield file_skipped(file, "empty", counters)
