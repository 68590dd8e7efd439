"""One writer per output: a second run stops at once (E008, exit 2); a killed run's lock is taken over."""

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

from pipeline.errors import OutputLocked
from pipeline.lock import OutputLock, lock_path

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
PARAGRAPH = (
    "Kratom may ease chronic pain, users report. In rats, mitragynine bound to opioid receptors. "
    "A randomized trial found that kava reduced anxiety in 60 adults. Consult your doctor first.\n"
)


def _corpus(folder: Path, n_files: int, paragraphs: int) -> Path:
    folder.mkdir()
    for i in range(n_files):
        (folder / f"doc{i:03d}.txt").write_text(f"Article {i}\n" + PARAGRAPH * paragraphs, encoding="utf-8")
    return folder


def _cmd(inp: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "run", str(inp), "-o", str(out), "-w", "1",
            "--files-per-shard", "1", "--model", "rules", "-q"]


def test_second_lock_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with OutputLock(target) as first:
        assert json.loads(lock_path(target).read_text())["pid"] == os.getpid()
        t0 = time.perf_counter()
        with pytest.raises(OutputLocked) as info:
            OutputLock(target).acquire()
        assert time.perf_counter() - t0 < 1
        message = str(info.value)
        assert message.startswith("[E008] ") and "\n" not in message
        assert f"pid {os.getpid()} on host " in message and str(lock_path(target)) in message
        assert first.previous is None
    assert not lock_path(target).exists()  # released: removed
    with OutputLock(target) as again:  # and free for the next run
        assert again.previous is None


def test_lock_of_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    target = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pipeline.lock import OutputLock; OutputLock(sys.argv[1]).acquire(); "
         "print('locked', flush=True); time.sleep(600)", str(target)],
        env=ENV, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(OutputLocked, match=f"pid {holder.pid} "):
            OutputLock(target).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert json.loads(lock_path(target).read_text())["pid"] == holder.pid  # the file outlives the process
    with OutputLock(target) as lock:
        assert lock.previous is not None and lock.previous["pid"] == holder.pid
        assert json.loads(lock_path(target).read_text())["pid"] == os.getpid()


def test_dask_engine_respects_the_lock(tmp_path: Path) -> None:
    """The lock is taken in run() before any engine starts, so no scheduler is contacted."""
    from pipeline.run import run

    inp = _corpus(tmp_path / "in", 1, 1)
    with OutputLock(tmp_path / "out"), pytest.raises(OutputLocked):
        run([inp], tmp_path / "out", engine="dask", scheduler="tcp://127.0.0.1:9", model="rules")
    assert not (tmp_path / ".out.partial").exists()


@pytest.mark.slow
def test_two_concurrent_runs_one_wins_the_other_exits_2(tmp_path: Path) -> None:
    inp = _corpus(tmp_path / "in", 24, 20)
    out = tmp_path / "out"
    first = subprocess.Popen(_cmd(inp, out), env=ENV, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not lock_path(out).exists() and time.time() < deadline and first.poll() is None:
        time.sleep(0.01)
    assert lock_path(out).exists(), "the first run never took the lock"
    t0 = time.perf_counter()
    second = subprocess.run(_cmd(inp, out), env=ENV, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    second_seconds = time.perf_counter() - t0
    still_running = first.poll() is None
    _, first_err = first.communicate(timeout=600)

    assert second.returncode == 2, second.stderr
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in second.stderr
    assert lines[0].startswith(f"claimlens: error [E008] {out} is being written by another claimlens run: pid {first.pid} ")
    assert still_running, "the second run must stop while the first is still writing"
    assert second_seconds < 30  # at once: before loading any model (interpreter start-up on a busy machine)
    assert first.returncode == 0, first_err
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == 24 and (docs.status == "ok").all()
    assert json.loads((out / "manifest.json").read_text())["counts"]["documents_ok"] == 24
    assert not (tmp_path / ".out.partial").exists() and not lock_path(out).exists()


@pytest.mark.slow
def test_kill_9_leaves_a_stale_lock_the_rerun_takes_over_and_resumes(tmp_path: Path) -> None:
    inp = _corpus(tmp_path / "in", 24, 30)
    out, staging = tmp_path / "out", tmp_path / ".out.partial"
    proc = subprocess.Popen(_cmd(inp, out), env=ENV, cwd=tmp_path)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if staging.exists() and len(list((staging / "_markers").glob("*.json"))) >= 2:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = len(list((staging / "_markers").glob("*.json")))
    assert 2 <= killed_at < 24
    assert json.loads(lock_path(out).read_text())["pid"] == proc.pid  # stale: its holder is dead

    rerun = subprocess.run(_cmd(inp, out), env=ENV, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"took over the lock of an ended run (pid {proc.pid} on host " in rerun.stderr
    assert f"resuming: {killed_at} of 24 parts already done" in rerun.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["resumed_shards"] == killed_at and manifest["counts"]["documents_ok"] == 24
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs.doc_id.is_unique and len(docs) == 24
    assert not staging.exists() and not lock_path(out).exists()
