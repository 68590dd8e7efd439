"""`claimlens run` as a plain function: inputs -> a complete output folder."""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.engine.local import default_workers, run_local
from pipeline.engine.shards import DEFAULT_MAX_CHARS, IngestOptions, RunOptions, fingerprint, plan_shards
from pipeline.errors import DiskFull, OutputExists
from pipeline.ingest.base import InputFile
from pipeline.lock import OutputLock, describe, lock_path
from pipeline.summary import merge_stats
from pipeline.write import OutputFolder


@dataclass
class RunResult:
    out: Path
    counts: dict[str, int]
    seconds: float
    words_processed: int
    n_shards: int
    resumed_shards: int
    already_complete: bool = False


def _pkg_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    model: str | None = None,
    workers: int | None = None,
    fmt: str = "parquet",
    overwrite: bool = False,
    ingest: IngestOptions | None = None,
    files_per_shard: int = 64,
    shard_mb: float = 16,
    max_chars: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_shard: Callable[[dict[str, Any]], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> RunResult:
    """Process inputs into `out`; resume a killed run; do nothing if `out` is already this run's result.

    Raises OutputLocked (E008) at once when another run writes into `out`, and
    DiskFull (E009) when the device fills up (the staging folder stays resumable).

    ``max_chars``: a document text longer than this is cut there (default DEFAULT_MAX_CHARS);
    its documents row stays ok and its reason says where it was cut.
    """
    from pipeline.ingest import plan
    from pipeline.ingest.html_page import check_extractor

    t0 = time.perf_counter()
    started = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    check_extractor((ingest or IngestOptions()).html_extractor)
    folder = OutputFolder(out)
    files = _outside_output(plan(inputs), folder)
    folder.check_writable(overwrite=overwrite)
    # One writer per output: held from before the staging folder or the target is looked at
    # until the output is in place (pipeline/lock.py); a second run stops here with E008.
    with OutputLock(folder.target) as lock:
        if lock.previous and on_note:
            on_note(f"took over the lock of an ended run ({describe(lock.previous)}); resuming its work")
        try:
            return _run_locked(
                inputs, files, folder, t0=t0, started=started, model=model, workers=workers, fmt=fmt,
                overwrite=overwrite, ingest=ingest, files_per_shard=files_per_shard, shard_mb=shard_mb,
                max_chars=max_chars, engine=engine, scheduler=scheduler, on_start=on_start, on_progress=on_progress, on_shard=on_shard,
            )
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFull(
                    f"no space left on the device while writing {folder.target} ({exc.strerror or exc}). "
                    f"Finished parts are kept in {folder.staging}; free some space and run the same command "
                    "again to resume."
                ) from None
            raise


def _outside_output(files: list[InputFile], folder: OutputFolder) -> list[InputFile]:
    """Drop this run's own output, staging folder and lock when an input folder holds them."""
    own = [os.path.abspath(p) for p in (folder.target, folder.staging, folder.old, lock_path(folder.target))]

    def inside(path: Path) -> bool:
        a = os.path.abspath(path)
        return any(a == o or a.startswith(o + os.sep) for o in own)

    return [f for f in files if not inside(f.path)]


def _run_locked(
    inputs: Sequence[str | Path],
    files: list[InputFile],
    folder: OutputFolder,
    *,
    t0: float,
    started: str,
    model: str | None,
    workers: int | None,
    fmt: str,
    overwrite: bool,
    ingest: IngestOptions | None,
    files_per_shard: int,
    shard_mb: float,
    max_chars: int | None,
    engine: str,
    scheduler: str | None,
    on_start: Callable[[int, int], None] | None,
    on_progress: Callable[[int, int], None] | None,
    on_shard: Callable[[dict[str, Any]], None] | None,
) -> RunResult:
    from pipeline.ingest.html_page import extractor_version
    from pipeline.nlp.build import component_versions, default_model, get_nlp

    model = str(model or default_model())
    options = RunOptions(
        model=model,
        ingest=ingest or IngestOptions(),
        files_per_shard=files_per_shard,
        bytes_per_shard=max(1, int(shard_mb * 2**20)),
        max_chars=max_chars or DEFAULT_MAX_CHARS,
    )
    # Parts of one file cannot see each other's record ids, so keyed records keep a file whole
    # (a repeated --id-field value is then still caught).
    shards = plan_shards(
        files,
        files_per_shard=options.files_per_shard,
        bytes_per_shard=options.bytes_per_shard,
        split_large=options.ingest.id_field is None,
    )
    nlp = get_nlp(model)
    version = nlp.meta["claimlens_version"]
    fp = fingerprint(shards, options, version)
    if not overwrite and folder.target.exists():
        if folder.completed_fingerprint() != fp:
            raise OutputExists(
                f"{folder.target} holds the output of a different run; pass --overwrite to replace it or choose another -o."
            )
        manifest = json.loads((folder.target / "manifest.json").read_text(encoding="utf-8"))
        return RunResult(folder.target, manifest["counts"], 0.0, 0, len(shards), len(shards), already_complete=True)
    done = folder.open(fp)
    folder.clean_stale_parts(done)
    todo = [s for s in shards if s.shard_id not in done]
    if on_start:
        on_start(len(shards), len(done))
    if engine == "dask":
        from pipeline.engine.dask import run_dask

        markers = run_dask(todo, folder.staging, options, scheduler=scheduler, on_shard=on_shard)
    else:
        markers = run_local(
            todo, folder.staging, options, workers=workers or default_workers(), on_progress=on_progress, on_shard=on_shard
        )
    words_now = sum(m["stats"].get("words", 0) for m in markers)
    counts = dict(merge_stats(folder.markers()))
    seconds = time.perf_counter() - t0
    manifest = {
        "claimlens_version": __version__,
        "fingerprint": fp,
        "versions": {
            "claimlens": __version__,
            "spacy": _pkg_version("spacy"),
            "scispacy": _pkg_version("scispacy"),
            "python": platform.python_version(),
            "pipeline": version,
            "components": component_versions(nlp),
            "html_extractor": extractor_version(options.ingest.html_extractor),
        },
        "pipeline": {"name": nlp.meta.get("name"), "model": model, "components": nlp.pipe_names},
        "config": {
            "nlp": nlp.config.to_str(),
            "run": {**asdict(options), "format": fmt, "workers": workers, "engine": engine},
        },
        "inputs": [str(p) for p in inputs],
        "n_files": len(files),
        "n_shards": len(shards),
        "resumed_shards": len(done),
        "counts": counts,
        "timings": {
            "started": started,
            "finished": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(seconds, 3),
            "words_processed_this_run": words_now,
            "words_per_second": round(words_now / seconds, 1) if seconds > 0 else None,
        },
        "format": fmt,
    }
    folder.finalize(manifest, fmt=fmt, overwrite=True)
    return RunResult(folder.target, counts, seconds, words_now, len(shards), len(done))
