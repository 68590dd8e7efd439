"""Deterministic shards of input: the unit of parallelism, output parts and resume."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.ingest.base import InputFile, ReadOptions

# Default of RunOptions.max_chars (also pipeline.engine.worker.MAX_CHARS): a few million
# characters, far beyond any article, still bounded in time and in the size of its rows.
DEFAULT_MAX_CHARS = 5_000_000

# Reader settings, passed unchanged to every worker.
IngestOptions = ReadOptions


@dataclass(frozen=True, slots=True)
class Shard:
    """A group of input files processed together into one part file per table."""

    shard_id: int
    files: tuple[InputFile, ...]
    n_bytes: int

    @property
    def paths(self) -> list[str]:
        return [str(f.path) for f in self.files]


@dataclass(slots=True)
class RunOptions:
    """Everything that decides the content of a run's output (and so its fingerprint)."""

    model: str
    ingest: IngestOptions = field(default_factory=IngestOptions)
    files_per_shard: int = 64
    bytes_per_shard: int = 16 * 2**20
    batch_size: int = 64
    max_chars: int = DEFAULT_MAX_CHARS  # longer document texts are cut (pipeline/engine/worker.py)


def _splitters() -> dict[str, Callable[[InputFile, int], list[InputFile]]]:
    from pipeline.ingest.jsonl import split_jsonl
    from pipeline.ingest.parquet import split_parquet

    return {"jsonl": split_jsonl, "parquet": split_parquet}


def plan_shards(
    files: list[InputFile], *, files_per_shard: int, bytes_per_shard: int, split_large: bool = True
) -> list[Shard]:
    """Group files in their given (sorted) order.

    A file larger than ``bytes_per_shard`` is a shard of its own, or, for
    JSONL and Parquet when ``split_large``, several (one per part), so one big
    dump still feeds every worker.
    """
    shards: list[Shard] = []
    group: list[InputFile] = []
    size = 0
    splitters = _splitters() if split_large else {}
    for f in files:
        try:
            n = Path(f.path).stat().st_size
        except OSError:
            n = 0
        if n > bytes_per_shard and f.fmt in splitters:
            parts = splitters[f.fmt](f, bytes_per_shard)
            if len(parts) > 1:
                if group:
                    shards.append(Shard(len(shards), tuple(group), size))
                    group, size = [], 0
                for p in parts:
                    assert p.part is not None
                    share = p.part[1] - p.part[0] if f.fmt == "jsonl" else n // len(parts)
                    shards.append(Shard(len(shards), (p,), share))
                continue
        if group and (len(group) >= files_per_shard or size + n > bytes_per_shard):
            shards.append(Shard(len(shards), tuple(group), size))
            group, size = [], 0
        group.append(f)
        size += n
    if group:
        shards.append(Shard(len(shards), tuple(group), size))
    return shards


def fingerprint(shards: list[Shard], options: RunOptions, model_version: str) -> str:
    """Same inputs, options and model -> same fingerprint, so a re-run may resume."""
    payload = {
        "shards": [[s.shard_id, [[f.key, str(f.path), f.fmt, f.part] for f in s.files], s.n_bytes] for s in shards],
        "model": model_version,
        "ingest": asdict(options.ingest),
        "files_per_shard": options.files_per_shard,
        "bytes_per_shard": options.bytes_per_shard,
    }
    if options.max_chars != DEFAULT_MAX_CHARS:  # only when set, so earlier outputs keep their fingerprint
        payload["max_chars"] = options.max_chars
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]
