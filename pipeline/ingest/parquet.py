"""Parquet files: one Document per row, read in record batches with pyarrow.

Only the named columns are read, BATCH_ROWS rows at a time, so memory is
bounded by one row group's worth of those columns, not by the file size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.ingest.base import InputFile, ReadOptions, RecordBuilder, file_skipped
from pipeline.ingest.csv_table import missing_columns
from pipeline.ingest.document import Document

BATCH_ROWS = 512


def split_parquet(file: InputFile, target_bytes: int) -> list[InputFile]:
    """Group a Parquet file's row groups into parts of about ``target_bytes`` (compressed); row numbers stay global."""
    try:
        meta = pq.ParquetFile(file.path).metadata
    except Exception:  # unreadable: the reader reports it, as one whole file
        return [file]
    parts: list[InputFile] = []
    first = rows_before = size = rows = 0
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        if size and size + rg.total_byte_size > target_bytes:
            parts.append(replace(file, part=(first, g, rows_before)))
            first, rows_before, size = g, rows, 0
        size += rg.total_byte_size
        rows += rg.num_rows
    parts.append(replace(file, part=(first, meta.num_row_groups, rows_before)))
    return parts if len(parts) > 1 else [file]


def _is_text_type(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    return pa.types.is_string(t) or pa.types.is_large_string(t) or str(t) == "string_view"


def read_parquet(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    try:
        pf = pq.ParquetFile(file.path)
        schema = pf.schema_arrow
    except OSError as err:
        # pyarrow raises OSError (ArrowIOError) for both missing access and bad magic bytes.
        yield file_skipped(file, f"not a readable Parquet file: {err}", counters)
        return
    except Exception as err:  # ArrowInvalid and friends on corrupt footers
        yield file_skipped(file, f"not a readable Parquet file: {type(err).__name__}: {err}", counters)
        return
    with pf:
        reason = missing_columns(schema.names, opts)
        if reason:
            yield file_skipped(file, reason, counters)
            return
        text_type = schema.field(opts.text_field).type
        if not _is_text_type(text_type):
            yield file_skipped(file, f"column '{opts.text_field}' is {text_type}, not text", counters)
            return
        wanted = (opts.text_field, opts.id_field, opts.url_field, opts.title_field)
        columns = [c for c in dict.fromkeys(wanted) if c and c in schema.names]
        builder = RecordBuilder(file, opts, counters, unit="row")
        groups, n = None, 0
        if file.part is not None:
            groups, n = range(file.part[0], file.part[1]), file.part[2]
        try:
            for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=columns, row_groups=groups):
                data = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                names = batch.schema.names
                for values in zip(*data, strict=True):
                    n += 1
                    yield builder.build(n, dict(zip(names, values, strict=True)))
        except Exception as err:  # corrupt pages surface only while reading
            yield file_skipped(file, f"corrupt Parquet data after row {n}: {type(err).__name__}: {err}; "
                                     "rest of file not read", counters)
