"""A large JSONL file is cut into several shards; the tables are those of reading it whole."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

KEYS = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "sent_idx"],
    "entities": ["doc_id", "start", "end"],
    "claims": ["doc_id", "sent_idx"],
}


def _write(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(60):
            text = (
                f"Post {i}. Users report that kratom eases opioid withdrawal. "
                "In mice, CBD reduced anxiety-like behaviour. Kava is sold as a drink."
            )
            fh.write(json.dumps({"text": text} if i != 13 else {"body": "no text"}) + "\n")
    return path


def test_split_file_run_equals_whole_file_run(tmp_path: Path) -> None:
    from pipeline.api import load
    from pipeline.engine.shards import IngestOptions
    from pipeline.run import run

    src = _write(tmp_path / "dump.jsonl")
    whole = run([str(src)], tmp_path / "whole", model="rules", workers=1)
    split = run([str(src)], tmp_path / "split", model="rules", workers=2, shard_mb=2_000 / 2**20)
    size = src.stat().st_size
    assert whole.n_shards == 1 and split.n_shards == size // 2_000  # parts of >= 2,000 bytes, the last one larger
    keyed = run([str(src)], tmp_path / "keyed", model="rules", shard_mb=2_000 / 2**20, ingest=IngestOptions(id_field="id"))
    assert keyed.n_shards == 1  # --id-field: repeated ids are only caught when the file is read whole
    a, b = load(tmp_path / "whole").tables(), load(tmp_path / "split").tables()
    assert len(a["documents"]) == 60 and (a["documents"]["status"] == "skipped").sum() == 1
    for name, k in KEYS.items():
        x = a[name].sort_values(k).reset_index(drop=True)
        y = b[name].sort_values(k).reset_index(drop=True)
        pd.testing.assert_frame_equal(x, y)
