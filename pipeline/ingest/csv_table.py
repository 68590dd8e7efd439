"""CSV files: a header row, then one Document per row.

Read with the csv module as a stream (memory stays flat), UTF-8 with an
optional BOM, comma-separated, RFC 4180 quoting (a quoted field may span
lines). Rows are numbered from 1 after the header; blank rows are not
records. A header without the text (or id) column skips the whole file
with one Document instead of one per row.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Iterator

from pipeline.ingest.base import InputFile, ReadOptions, RecordBuilder, file_skipped, os_error_reason
from pipeline.ingest.document import Document

# Articles are longer than the csv module's default 128 KiB field limit.
_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


def missing_columns(columns: list[str], opts: ReadOptions) -> str | None:
    """The file-level skip reason when a required column is absent."""
    shown = ", ".join(repr(c) for c in columns[:20]) + (", ..." if len(columns) > 20 else "")
    for name in (opts.text_field, opts.id_field):
        if name and name not in columns:
            return f"no '{name}' column (columns: {shown})"
    return None


def _is_utf8(row: list[str]) -> bool:
    try:
        "".join(row).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates left by surrogateescape
        return False
    return True


def read_csv(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    builder = RecordBuilder(file, opts, counters, unit="row")
    try:
        # surrogateescape: a row with bad bytes is skipped on its own (checked below)
        # instead of a decode error ending the whole file at the first 8 KiB chunk.
        fh = file.path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    n = 0
    with fh:
        try:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                yield file_skipped(file, "empty", counters)
                return
            header = [h.strip() for h in header]
            reason = missing_columns(header, opts)
            if reason:
                yield file_skipped(file, reason, counters)
                return
            for row in reader:
                if not row or not any(cell.strip() for cell in row):
                    continue
                n += 1
                if not _is_utf8(row):
                    yield builder.bad(n, "not valid UTF-8")
                    continue
                yield builder.build(n, dict(zip(header, row, strict=False)))
        except csv.Error as err:
            yield file_skipped(file, f"malformed CSV at row {n + 1}: {err}; rest of file not read", counters)
        except OSError as err:
            yield file_skipped(file, f"{os_error_reason(err)} at row {n + 1}; rest of file not read", counters)
