"""Run shards on a Dask distributed cluster.

Each task is one shard: the worker reads its input files, loads the model
once per worker process (cached), and writes its own part files into the
staging folder, returning only the small completion marker. Input paths and
the output folder must therefore be visible to every worker (one machine,
or a shared file system).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.engine.shards import RunOptions, Shard


def _dask_task(shard: Shard, staging: str, options: RunOptions) -> dict[str, Any]:
    from pipeline.engine.worker import process_shard
    from pipeline.nlp.build import get_nlp

    return process_shard(shard, Path(staging), options, get_nlp(options.model))


def run_dask(
    shards: list[Shard],
    staging: Path,
    options: RunOptions,
    *,
    scheduler: str | None,
    on_shard: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra
        from pipeline.errors import ConfigError

        raise ConfigError("--engine dask needs Dask: pip install 'claimlens[dask]'") from exc
    if not shards:
        return []
    if scheduler is None:
        from pipeline.errors import ConfigError

        raise ConfigError("--engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    markers = []
    with Client(scheduler) as client:
        futures = [
            client.submit(_dask_task, s, str(staging), options, key=f"claimlens-shard-{s.shard_id}", pure=False)
            for s in shards
        ]
        for fut in as_completed(futures):
            marker = fut.result()
            markers.append(marker)
            if on_shard:
                on_shard(marker)
    return markers
