"""Run shards in this process or in a fork-based pool (models loaded once per worker).

spaCy's own n_process ships Doc objects between processes and was slower than
one process here (PERFORMANCE.md); our workers write their part files
themselves and send back only a small marker and progress counts.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.engine.shards import RunOptions, Shard
from pipeline.engine.worker import freeze_loaded, process_shard

Progress = Callable[[int, int], None]

_WORKER: dict[str, Any] = {}


def _init_worker(model: str, progress_queue: Any) -> None:
    from pipeline.nlp.build import get_nlp

    _WORKER["nlp"] = get_nlp(model)
    _WORKER["queue"] = progress_queue
    freeze_loaded()


def _run_one(args: tuple[Shard, str, RunOptions]) -> dict[str, Any]:
    shard, staging, options = args
    q = _WORKER["queue"]
    return process_shard(shard, Path(staging), options, _WORKER["nlp"], on_progress=lambda d, w: q.put((d, w)))


def run_local(
    shards: list[Shard],
    staging: Path,
    options: RunOptions,
    *,
    workers: int,
    on_progress: Progress | None = None,
    on_shard: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Process every shard; return their markers (in completion order)."""
    if not shards:
        return []
    workers = max(1, min(workers, len(shards)))
    if workers == 1:
        from pipeline.nlp.build import get_nlp

        nlp = get_nlp(options.model)
        freeze_loaded()
        markers = []
        for shard in shards:
            m = process_shard(shard, staging, options, nlp, on_progress=on_progress)
            markers.append(m)
            if on_shard:
                on_shard(m)
        return markers
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    q = ctx.Queue()
    stop = threading.Event()

    def drain() -> None:
        while not stop.is_set() or not q.empty():
            try:
                d, w = q.get(timeout=0.1)
            except queue.Empty:
                continue
            if on_progress:
                on_progress(d, w)

    drainer = threading.Thread(target=drain, daemon=True)
    drainer.start()
    markers = []
    try:
        with ctx.Pool(workers, initializer=_init_worker, initargs=(options.model, q)) as pool:
            for m in pool.imap_unordered(_run_one, [(s, str(staging), options) for s in shards]):
                markers.append(m)
                if on_shard:
                    on_shard(m)
    finally:
        stop.set()
        drainer.join(timeout=5)
    return markers


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
