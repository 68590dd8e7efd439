"""The notebook API: extract() in memory, load() a written folder, both as DataFrames."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.ingest.document import Document, make_doc_id
from pipeline.schema import COLUMNS, SCHEMAS


@dataclass
class Results:
    """The four tables of a run; `manifest` is set when loaded from a folder."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    entities: pd.DataFrame
    claims: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in COLUMNS}

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(df)}" for n, df in self.tables().items())
        return f"Results({sizes})"


def _frame(table: str, columns: dict[str, list[Any]]) -> pd.DataFrame:
    return pa.Table.from_pydict(columns, schema=SCHEMAS[table]).to_pandas()


def _as_documents(inputs: Iterable[str | Path | Document], ingest_kwargs: dict[str, Any]) -> Iterable[Document]:
    from pipeline.ingest import iter_documents

    for item in inputs:
        if isinstance(item, Document):
            yield item
        elif isinstance(item, Path) or (
            isinstance(item, str) and "\n" not in item and len(item) < 4096 and Path(item).exists()
        ):
            yield from iter_documents([item], **ingest_kwargs)
        elif isinstance(item, str):
            text = item.replace("\r\n", "\n")
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
            yield Document(doc_id=make_doc_id(f"text:{digest}"), source="<text>", text=text)
        else:
            raise TypeError(f"extract() takes texts, paths or Documents, not {type(item).__name__}")


def extract(
    inputs: str | Path | Document | Iterable[str | Path | Document],
    *,
    model: str | None = None,
    nlp: Any = None,
    batch_size: int = 64,
    max_chars: int | None = None,
    **ingest_kwargs: Any,
) -> Results:
    """Run the pipeline in memory: texts, file/folder paths, or Documents -> four DataFrames.

    A string that names an existing file or folder is read as a path; any other
    string is treated as the text of one document. `ingest_kwargs` go to
    pipeline.ingest.iter_documents (text_field, html_timeout,
    html_extractor="fast" | "cascade" | "trafilatura" | "resiliparse", ...).
    ``max_chars`` (default 5,000,000) cuts longer texts, as `claimlens run --max-chars` does.
    """
    from pipeline.engine.worker import annotate
    from pipeline.nlp.build import get_nlp

    if isinstance(inputs, (str, Path, Document)):
        inputs = [inputs]
    nlp = nlp or get_nlp(model)
    cols = {name: {c: [] for c in COLUMNS[name]} for name in COLUMNS}
    from pipeline.engine.worker import MAX_CHARS

    docs = _as_documents(inputs, ingest_kwargs)
    for rows in annotate(docs, nlp, batch_size=batch_size, max_chars=max_chars or MAX_CHARS):
        for table, table_rows in rows.items():
            target = cols[table]
            for row in table_rows:
                for c, values in target.items():
                    values.append(row[c])
    return Results(**{name: _frame(name, cols[name]) for name in COLUMNS})


def load(out: str | Path) -> Results:
    """Read a `claimlens run` output folder (any format) into DataFrames."""
    from pipeline.errors import NotAnOutputFolder
    from pipeline.write import table_path

    out = Path(out)
    if not (out / "manifest.json").is_file():
        raise NotAnOutputFolder(f"{out} has no manifest.json; is it a `claimlens run` output folder?")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    frames = {}
    for name in COLUMNS:
        path = table_path(out, name)
        if path.suffix == ".parquet":
            frames[name] = pd.read_parquet(path)
        elif path.suffix == ".jsonl":
            frames[name] = _read_jsonl(path, name)
        else:
            frames[name] = _read_csv(path, name)
    return Results(**frames, manifest=manifest)


def _read_jsonl(path: Path, table: str) -> pd.DataFrame:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    cols = {c: [r.get(c) for r in rows] for c in COLUMNS[table]}
    return _frame(table, cols)


def _read_csv(path: Path, table: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    schema = SCHEMAS[table]
    cols: dict[str, list[Any]] = {}
    for f in schema:
        values = df[f.name].tolist() if f.name in df else [None] * len(df)
        values = [None if (isinstance(v, float) and v != v) else v for v in values]
        if pa.types.is_boolean(f.type):
            values = [None if v is None else v == "True" for v in values]
        elif pa.types.is_integer(f.type):
            values = [None if v is None else int(v) for v in values]
        elif pa.types.is_list(f.type):
            values = [[] if v is None else json.loads(v) for v in values]
        elif not f.nullable:  # CSV cannot tell "" from missing; the schema can
            values = ["" if v is None else v for v in values]
        cols[f.name] = values
    return _frame(table, cols)
