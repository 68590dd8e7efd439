"""A real run killed with SIGKILL mid-way resumes to tables identical to an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow

PARAGRAPH = (
    "Kratom may ease chronic pain, users report. In rats, mitragynine bound to opioid receptors. "
    "A randomized trial found that kava reduced anxiety in 60 adults. Consult your doctor first.\n"
)

KEYS = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "sent_idx"],
    "entities": ["doc_id", "start", "end"],
    "claims": ["doc_id", "sent_idx"],
}


def _cmd(inp: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "run", str(inp), "-o", str(out),
            "-w", "1", "--files-per-shard", "1", "-q"]


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    from pipeline.api import load

    res = load(out)
    return {n: df.sort_values(KEYS[n]).reset_index(drop=True) for n, df in res.tables().items()}


def test_kill_9_then_rerun_finishes_only_what_is_missing(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    n_files = 40
    for i in range(n_files):
        (inp / f"doc{i:03d}.txt").write_text(f"Article {i}\n" + PARAGRAPH * 40, encoding="utf-8")
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}

    ref = tmp_path / "ref"
    subprocess.run(_cmd(inp, ref), check=True, env=env, cwd=repo, timeout=600)

    out = tmp_path / "out"
    staging = tmp_path / ".out.partial"
    proc = subprocess.Popen(_cmd(inp, out), env=env, cwd=repo)
    deadline = time.time() + 300
    while time.time() < deadline:
        done = list((staging / "_markers").glob("*.json")) if staging.exists() else []
        if len(done) >= 3 or proc.poll() is not None:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists(), "a killed run must not leave a visible output folder"
    killed_at = len(list((staging / "_markers").glob("*.json")))
    assert 3 <= killed_at < n_files

    subprocess.run(_cmd(inp, out), check=True, env=env, cwd=repo, timeout=600)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["resumed_shards"] >= killed_at
    assert not staging.exists()

    got, want = _tables(out), _tables(ref)
    assert got["documents"].doc_id.is_unique and len(got["documents"]) == n_files
    for name in KEYS:
        pd.testing.assert_frame_equal(got[name], want[name])
