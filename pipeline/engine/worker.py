"""What a worker does: documents -> spaCy -> rows, and one shard -> part files.

Shared by every engine and by the notebook API, so a document is processed
the same way whichever way it is run.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.engine.shards import RunOptions, Shard
from pipeline.ingest.document import Document
from pipeline.records import TableRows, doc_to_rows, document_row

MAX_CHARS = 5_000_000


def _count(stats: Counter, rows: TableRows) -> None:
    for d in rows["documents"]:
        if d["status"] == "ok":
            stats["documents_ok"] += 1
            stats["words"] += d["n_words"]
        else:
            stats["documents_skipped"] += 1
            reason = (d["reason"] or "unknown").split(":", 1)[0]
            stats[f"skipped:{reason}"] += 1
    stats["sentences"] += len(rows["sentences"])
    stats["claims"] += len(rows["claims"])
    for c in rows["claims"]:
        stats[f"evidence:{c['evidence']}"] += 1
        stats[f"claim_type:{c['claim_type']}"] += 1
    for e in rows["entities"]:
        stats[f"entities:{e['label']}"] += 1


def _skip(document: Document, reason: str) -> Document:
    document.status, document.reason = "skipped", reason
    return document


def annotate(
    documents: Iterable[Document],
    nlp: Language,
    *,
    batch_size: int = 64,
    stats: Counter | None = None,
) -> Iterator[TableRows]:
    """Yield the rows of each document; a document that breaks the NLP is skipped, not fatal."""
    version = nlp.meta.get("claimlens_version", "unknown")
    nlp.max_length = max(nlp.max_length, MAX_CHARS)
    stats = stats if stats is not None else Counter()
    it = iter(documents)
    while True:
        batch = list(islice(it, batch_size))
        if not batch:
            return
        ready: list[Document] = []
        for d in batch:
            if d.ok and len(d.text) > MAX_CHARS:
                _skip(d, f"too long: {len(d.text)} characters (limit {MAX_CHARS})")
            if d.ok:
                ready.append(d)
            else:
                rows = {"documents": [document_row(d)], "sentences": [], "entities": [], "claims": []}
                _count(stats, rows)
                yield rows
        try:
            docs = list(nlp.pipe((d.text for d in ready), batch_size=batch_size))
        except Exception:  # one bad document must not sink its batch: retry one by one
            docs = []
            for d in ready:
                try:
                    docs.append(nlp(d.text))
                except Exception as exc:  # noqa: BLE001 - recorded as the skip reason
                    docs.append(None)
                    _skip(d, f"processing error: {type(exc).__name__}: {exc}")
        for doc, d in zip(docs, ready, strict=True):
            rows = (
                doc_to_rows(doc, d, version)
                if doc is not None
                else {"documents": [document_row(d)], "sentences": [], "entities": [], "claims": []}
            )
            _count(stats, rows)
            yield rows


def process_shard(
    shard: Shard,
    staging: Path,
    options: RunOptions,
    nlp: Language,
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Read, annotate and write one shard; return its completion marker."""
    from pipeline.ingest import read_input
    from pipeline.write import ShardWriter

    t0 = time.perf_counter()
    writer = ShardWriter(staging, shard.shard_id)
    ingest_counters: Counter = Counter()
    try:
        docs = (d for f in shard.files for d in read_input(f, options.ingest, ingest_counters))
        for rows in annotate(docs, nlp, batch_size=options.batch_size, stats=writer.stats):
            writer.add(rows)
            if on_progress is not None:
                d = rows["documents"][0]
                on_progress(1, d["n_words"])
    except BaseException:
        writer.abort()
        raise
    for key, value in ingest_counters.items():
        writer.stats[f"ingest:{key}"] += value
    return writer.commit({"seconds": round(time.perf_counter() - t0, 3), "paths": shard.paths})
