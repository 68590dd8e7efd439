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

from pipeline.ingest.base import InputFile, ReadOptions, RecordBuilder, file_skipped, os_error_reason
from pipeline.ingest.document import Document


def read_jsonl(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    builder = RecordBuilder(file, opts, counters, unit="line")
    try:
        fh = file.path.open("rb")
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    n = 0
    n_records = 0
    with fh:
        try:
            for n, raw in enumerate(fh, start=1):
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
    if n_records == 0:
        yield file_skipped(file, "empty", counters)
