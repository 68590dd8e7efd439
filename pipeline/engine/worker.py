"""What a worker does: documents -> spaCy -> rows, and one shard -> part files.

Shared by every engine and by the notebook API, so a document is processed
the same way whichever way it is run.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.engine.shards import DEFAULT_MAX_CHARS, RunOptions, Shard
from pipeline.ingest.base import clean_reason
from pipeline.ingest.document import Document
from pipeline.nlp.windows import CARRY_KEY, OWN, context, cut_point, plan_windows
from pipeline.records import TableRows, doc_to_rows, document_row, window_rows

# Longest document text processed; longer texts are cut there (the documents row says so).
MAX_CHARS = DEFAULT_MAX_CHARS
# A document longer than this is run in windows (pipeline/nlp/windows.py).
WINDOW_CHARS = 100_000
# Tokens per spaCy batch and per window: the tok2vec needs ~7 KB per token of a batch, so this
# bounds a worker's working memory (~300 MB) whatever the documents (1-character lines give
# one token per character, prose one per ~5).
BATCH_TOKENS = 40_000


def freeze_loaded() -> None:
    """Move everything allocated so far (the loaded pipeline: lexicons, vocab) out of the GC's sight.

    Why: the cyclic GC walks every tracked object on its full collections, and a loaded
    pipeline is a few hundred thousand of them; the rows, spans and dicts made per sentence
    trigger collections all the time. Freezing them after loading gave 15-30% more words/s
    (CPU time, same minute) on both normal and many-short-lines documents. For processes
    that run documents, not for a notebook user's session.
    """
    gc.collect()
    gc.freeze()


def _count(stats: Counter, rows: TableRows) -> None:
    for d in rows["documents"]:
        if d["status"] == "ok":
            stats["documents_ok"] += 1
            stats["words"] += d["n_words"]
            if d["reason"] and d["reason"].startswith("truncated"):
                stats["documents_truncated"] += 1
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


def truncate(document: Document, max_chars: int) -> None:
    """Cut an ok document's text to at most ``max_chars`` at a window-style boundary, saying so in its reason."""
    n = len(document.text)
    if not document.ok or n <= max_chars:
        return
    cut = cut_point(document.text, max_chars // 2, max_chars)
    if cut > max_chars:  # cut_point moves past whitespace; that whitespace is not needed
        cut = max_chars
    document.text = document.text[:cut]
    note = f"truncated at {cut:,} of {n:,} characters (max_chars {max_chars:,})"
    document.reason = f"{document.reason}; {note}" if document.reason else note


def _skipped_rows(document: Document) -> TableRows:
    return {"documents": [document_row(document)], "sentences": [], "entities": [], "claims": []}


def annotate(
    documents: Iterable[Document],
    nlp: Language,
    *,
    batch_size: int = 64,
    stats: Counter | None = None,
    max_chars: int = MAX_CHARS,
    window_chars: int = WINDOW_CHARS,
    batch_tokens: int = BATCH_TOKENS,
) -> Iterator[TableRows]:
    """Yield the rows of each document, in input order; a document that breaks the NLP is skipped, not fatal.

    Short documents go through nlp.pipe in batches of at most ``batch_size`` documents and
    ``batch_tokens`` tokens. A document over ``window_chars`` characters or ``batch_tokens``
    tokens is run window by window (pipeline/nlp/windows.py) and its rows come in several
    parts: sentences, entities and claims of each window, then the documents row (the only
    part with one). Texts over ``max_chars`` are cut there first.
    """
    version = nlp.meta.get("claimlens_version", "unknown")
    nlp.max_length = max(nlp.max_length, window_chars * 2, max_chars + 1)
    stats = stats if stats is not None else Counter()
    pending: list[tuple[Document, Doc | None]] = []
    n_tokens = 0

    def flush() -> Iterator[TableRows]:
        nonlocal n_tokens
        for rows in _run_batch(pending, nlp, version):
            _count(stats, rows)
            yield rows
        pending.clear()
        n_tokens = 0

    for d in documents:
        if d.ok:
            truncate(d, max_chars)
        doc = None
        if d.ok and len(d.text) <= window_chars:
            try:
                doc = nlp.make_doc(d.text)
            except Exception as exc:  # noqa: BLE001 - recorded as the skip reason
                _skip(d, f"processing error: {type(exc).__name__}: {exc}")
        if d.ok and (doc is None or len(doc) > batch_tokens):
            yield from flush()
            for rows in _run_windows(d, nlp, version, window_chars, batch_tokens):
                _count(stats, rows)
                yield rows
            continue
        pending.append((d, doc))
        n_tokens += len(doc) if doc is not None else 0
        if n_tokens >= batch_tokens or len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def _run_batch(pending: list[tuple[Document, Doc | None]], nlp: Language, version: str) -> Iterator[TableRows]:
    ready = [(d, doc) for d, doc in pending if d.ok and doc is not None]
    try:
        done = dict(zip((id(d) for d, _ in ready), nlp.pipe(doc for _, doc in ready), strict=True))
    except Exception:  # one bad document must not sink its batch: retry one by one, from fresh Docs
        done = {}
        for d, _ in ready:
            try:
                done[id(d)] = nlp(d.text)
            except Exception as exc:  # noqa: BLE001 - recorded as the skip reason
                _skip(d, f"processing error: {type(exc).__name__}: {exc}")
    for d, _ in pending:
        out = done.get(id(d))
        yield doc_to_rows(out, d, version) if out is not None and d.ok else _skipped_rows(d)


def _windows(
    nlp: Language, text: str, lo: int, hi: int, size: int, max_tokens: int
) -> Iterator[tuple[int, int, int, Doc | Exception]]:
    """(context start, own start, own end, Doc of the window with its context) for text[lo:hi].

    A window whose Doc has more than ``max_tokens`` tokens is planned again, smaller; one that
    cannot be tokenized comes with the exception instead of a Doc.
    """
    for a, b in plan_windows(text[lo:hi], size):
        a, b = lo + a, lo + b
        c, d = context(text, a, b)
        try:
            doc = nlp.make_doc(text[c:d])
        except Exception as exc:  # noqa: BLE001 - the caller records the failed window
            yield c, a, b, exc
            continue
        if len(doc) > max_tokens and b - a > 1:
            smaller = max(1, min(b - a - 1, int((b - a) * max_tokens / len(doc) * 0.9)))
            del doc
            yield from _windows(nlp, text, a, b, smaller, max_tokens)
        else:
            yield c, a, b, doc


def _profile(nlp: Language, text: str, window_chars: int, max_tokens: int) -> dict[str, int]:
    """The counts behind the document-level readings (first-person, research, case report), summed
    over the windows: a first pass with the tokenizer and segmenter alone (a few % of the cost), so
    every window is read as part of the whole document, as an unwindowed run reads it."""
    from pipeline.nlp.claim_model import document_counts as model_counts
    from pipeline.nlp.claims import document_counts as rule_counts

    segment = [nlp.get_pipe(n) for n in nlp.pipe_names if n == "claimlens_segmenter"]
    total: Counter = Counter()
    for c, a, b, doc in _windows(nlp, text, 0, len(text), window_chars, max_tokens):
        if isinstance(doc, Exception):
            continue
        for proc in segment:
            doc = proc(doc)
        own = (a - c, b - c)
        total.update(rule_counts(doc, own))
        total.update(model_counts(doc, own))
    return dict(total)


def _run_windows(
    document: Document, nlp: Language, version: str, window_chars: int, max_tokens: int
) -> Iterator[TableRows]:
    """Rows of a long document, window by window, with global offsets and one sentence numbering."""
    text = document.text
    carry: dict = {"profile": _profile(nlp, text, window_chars, max_tokens)}
    n_sents = n_done = 0
    failed: list[str] = []
    for c, a, b, doc in _windows(nlp, text, 0, len(text), window_chars, max_tokens):
        own = (a - c, b - c)
        carry[OWN] = own
        try:
            if isinstance(doc, Exception):
                raise doc
            doc.user_data[CARRY_KEY] = carry
            doc = nlp(doc)
        except Exception as exc:  # noqa: BLE001 - the other windows still count; the reason says which failed
            failed.append(f"processing error at characters {a}-{b}: {type(exc).__name__}: {exc}")
            continue
        rows = window_rows(doc, document.doc_id, version, offset=c, sent_base=n_sents, own=own)
        n_sents += len(rows["sentences"])
        n_done += 1
        yield {"documents": [], **rows}
    if failed and n_done == 0:  # nothing of it could be processed: skipped, as a short document would be
        _skip(document, clean_reason(failed[0]))
    elif failed:
        note = clean_reason(f"{len(failed)} window(s) not processed; first: {failed[0]}")
        document.reason = f"{document.reason}; {note}" if document.reason else note
    yield {"documents": [document_row(document, n_sentences=n_sents)], "sentences": [], "entities": [], "claims": []}


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
        for rows in annotate(docs, nlp, batch_size=options.batch_size, stats=writer.stats, max_chars=options.max_chars):
            writer.add(rows)
            if on_progress is not None and rows["documents"]:
                on_progress(1, rows["documents"][0]["n_words"])
    except BaseException:
        writer.abort()
        raise
    for key, value in ingest_counters.items():
        writer.stats[f"ingest:{key}"] += value
    return writer.commit({"seconds": round(time.perf_counter() - t0, 3), "paths": shard.paths})
