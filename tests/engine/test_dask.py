"""The Dask engine on a real LocalCluster (two worker processes, loopback) gives the local tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed")


def test_dask_engine_matches_local_run_row_for_row(tmp_path: Path):
    from pipeline.api import load
    from pipeline.run import run

    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(6):
        (inp / f"a{i}.txt").write_text(
            f"Post {i}\nUsers report that kratom eases opioid withdrawal. "
            "In mice, CBD reduced anxiety-like behaviour. Kava is sold as a drink.\n",
            encoding="utf-8",
        )
    (inp / "empty.txt").write_text("")
    local = run([str(inp)], tmp_path / "local", workers=1, files_per_shard=2)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        result = run([str(inp)], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address,
                     files_per_shard=2)
    assert result.n_shards == local.n_shards == 4
    a, b = load(tmp_path / "local"), load(tmp_path / "dask")
    keys = {"documents": ["doc_id"], "sentences": ["doc_id", "sent_idx"],
            "entities": ["doc_id", "start", "end"], "claims": ["doc_id", "sent_idx"]}
    for name, k in keys.items():
        x = a.tables()[name].sort_values(k).reset_index(drop=True)
        y = b.tables()[name].sort_values(k).reset_index(drop=True)
        assert len(x) > 0
        pd.testing.assert_frame_equal(x, y)
    assert b.manifest["config"]["run"]["engine"] == "dask"
