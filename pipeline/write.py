"""Output folders that appear whole or not at all, and resume after a crash.

A run writes into a hidden staging folder beside the target
(`.NAME.partial`). Each shard of input becomes one part file per table,
written under a temporary name, renamed when complete, and then marked
done. A crash (even kill -9) leaves only complete parts with markers, so a
re-run skips them; the staging folder is renamed to the target only when
every shard is done.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import DiskFull, NotAnOutputFolder, OutputExists, OutputNotWritable
from pipeline.records import TableBuffer, TableRows
from pipeline.schema import SCHEMAS

MARKERS = "_markers"
STATE = "_state.json"
FORMATS = ("parquet", "jsonl", "csv")


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


class ShardWriter:
    """Streams the rows of one shard into one Parquet part per table, in bounded row groups."""

    def __init__(self, staging: Path, shard_id: int, *, row_group_rows: int = 20_000) -> None:
        self.staging = staging
        self.shard_id = shard_id
        self.row_group_rows = row_group_rows
        self.buffers = {name: TableBuffer(name) for name in SCHEMAS}
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.stats: Counter = Counter()

    def _tmp_path(self, table: str) -> Path:
        return self.staging / f"{table}.parquet" / f"part-{self.shard_id:06d}.parquet.tmp"

    def _flush(self, table: str) -> None:
        buf = self.buffers[table]
        if buf.n == 0:
            return
        writer = self.writers.get(table)
        if writer is None:
            path = self._tmp_path(table)
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(path, SCHEMAS[table], compression="zstd")
            self.writers[table] = writer
        writer.write_table(buf.to_arrow(), row_group_size=self.row_group_rows)
        buf.clear()

    def add(self, rows: TableRows) -> None:
        for table, table_rows in rows.items():
            if table_rows:
                buf = self.buffers[table]
                buf.extend(table_rows)
                if buf.n >= self.row_group_rows:
                    self._flush(table)

    def commit(self, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Close the parts, move them into place, then write the marker (in that order)."""
        for table in SCHEMAS:
            self._flush(table)
            if table not in self.writers:  # an empty part keeps the schema readable
                path = self._tmp_path(table)
                path.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(pa.Table.from_pylist([], schema=SCHEMAS[table]), path)
            else:
                self.writers[table].close()
        for table in SCHEMAS:
            tmp = self._tmp_path(table)
            tmp.replace(tmp.with_suffix(""))
        marker = {"shard_id": self.shard_id, "stats": dict(self.stats), **(extra or {})}
        markers = self.staging / MARKERS
        markers.mkdir(exist_ok=True)
        _atomic_write_text(markers / f"{self.shard_id:06d}.json", json.dumps(marker, sort_keys=True))
        return marker

    def abort(self) -> None:
        """Drop this shard's temporary parts; never raises (it runs while another error propagates)."""
        for w in self.writers.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001 - e.g. the disk that caused the abort is still full
                pass
        for table in SCHEMAS:
            try:
                self._tmp_path(table).unlink(missing_ok=True)
            except OSError:
                pass


class OutputFolder:
    """The target folder of a run and its staging folder."""

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)
        self.staging = self.target.parent / f".{self.target.name}.partial"
        self.old = self.target.parent / f".{self.target.name}.old"

    def check_writable(self, *, overwrite: bool) -> None:
        if self.target.exists() and not overwrite and not self.is_complete_output(self.target):
            raise OutputExists(f"{self.target} exists and is not a ClaimLens output; choose another -o folder.")
        parent = self.target.parent
        if parent.exists() and not parent.is_dir():
            raise OutputNotWritable(f"cannot write to {self.target}: {parent} is not a folder.")
        probe_dir = parent
        while not probe_dir.exists():
            probe_dir = probe_dir.parent
        if not os.access(probe_dir, os.W_OK | os.X_OK):
            raise OutputNotWritable(f"cannot write to {self.target}: {probe_dir} is not writable.")

    @staticmethod
    def is_complete_output(path: Path) -> bool:
        return (path / "manifest.json").is_file()

    def completed_fingerprint(self) -> str | None:
        if not self.is_complete_output(self.target):
            return None
        manifest = json.loads((self.target / "manifest.json").read_text(encoding="utf-8"))
        return manifest.get("fingerprint")

    def open(self, fingerprint: str) -> set[int]:
        """Create or reuse the staging folder; return the shard ids already done."""
        try:
            if self.staging.exists():
                state_path = self.staging / STATE
                state = json.loads(state_path.read_text()) if state_path.exists() else {}
                if state.get("fingerprint") != fingerprint:
                    shutil.rmtree(self.staging)
            self.staging.mkdir(parents=True, exist_ok=True)
            _atomic_write_text(self.staging / STATE, json.dumps({"fingerprint": fingerprint}))
        except OSError as exc:
            error = DiskFull if exc.errno in (errno.ENOSPC, errno.EDQUOT) else OutputNotWritable
            raise error(f"cannot write to {self.target}: {exc.strerror or exc}") from exc
        return self.done_shards()

    def done_shards(self) -> set[int]:
        markers = self.staging / MARKERS
        if not markers.exists():
            return set()
        return {int(p.stem) for p in markers.glob("*.json")}

    def markers(self) -> list[dict[str, Any]]:
        markers = self.staging / MARKERS
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(markers.glob("*.json"))]

    def clean_stale_parts(self, done: set[int]) -> None:
        """Remove temporary or unmarked parts a killed run left behind."""
        for table in SCHEMAS:
            folder = self.staging / f"{table}.parquet"
            if not folder.exists():
                continue
            for p in folder.iterdir():
                name = p.name
                shard = name.removeprefix("part-").split(".", 1)[0]
                if name.endswith(".tmp") or not shard.isdigit() or int(shard) not in done:
                    p.unlink()

    def finalize(self, manifest: dict[str, Any], *, fmt: str = "parquet", overwrite: bool = False) -> Path:
        """Convert formats if asked, write the manifest, and move the folder into place.

        Idempotent up to the final rename, so a run that fails here (a full
        disk) is finished by running it again: each converted table appears
        whole under its final name, the Parquet parts are removed only once
        every table is converted, and the markers last, after the manifest.
        """
        if fmt not in FORMATS:
            raise ValueError(f"format {fmt!r} not in {FORMATS}")
        if fmt != "parquet":
            for table in SCHEMAS:
                src, dst = self.staging / f"{table}.parquet", self.staging / f"{table}.{fmt}"
                if src.is_dir():  # absent: converted and removed by an earlier attempt
                    _convert_table(src, dst, fmt)
            for table in SCHEMAS:
                shutil.rmtree(self.staging / f"{table}.parquet", ignore_errors=True)
        _atomic_write_text(self.staging / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True, default=str))
        shutil.rmtree(self.staging / MARKERS, ignore_errors=True)
        (self.staging / STATE).unlink(missing_ok=True)
        old = None
        if self.target.exists():
            if not overwrite and not self.is_complete_output(self.target):
                raise OutputExists(f"{self.target} exists; pass --overwrite to replace it.")
            old = self.old
            shutil.rmtree(old, ignore_errors=True)
            self.target.replace(old)
        self.staging.replace(self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.target


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob("part-*.parquet"))


def _convert_table(src: Path, dst: Path, fmt: str) -> None:
    """Concatenate the Parquet parts of a table into one JSONL or CSV file, part by part."""
    tmp = dst.with_name(dst.name + ".tmp")
    try:
        _write_converted(src, tmp, fmt)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(dst)


def _write_converted(src: Path, tmp: Path, fmt: str) -> None:
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        for i, part in enumerate(_parts(src)):
            table = pq.read_table(part)
            df = table.to_pandas()
            if fmt == "jsonl":
                if len(df):
                    chunk = df.to_json(orient="records", lines=True, force_ascii=False)
                    fh.write(chunk if chunk.endswith("\n") else chunk + "\n")
            else:
                for f in table.schema:
                    if pa.types.is_list(f.type):
                        df[f.name] = df[f.name].map(lambda v: json.dumps(list(v), ensure_ascii=False))
                df.to_csv(fh, index=False, header=(i == 0))


def table_path(out: Path | str, table: str) -> Path:
    """The file or part folder of a table in a written output, whatever its format."""
    out = Path(out)
    for fmt in FORMATS:
        p = out / f"{table}.{fmt}"
        if p.exists():
            return p
    raise NotAnOutputFolder(f"{out} has no {table} table; is it a `claimlens run` output folder?")
