"""A full disk ends the run with E009 (exit 2, one line) and a staging folder the same command resumes.

Two ways: a real, nearly full tmpfs (needs root and mount rights; skipped
with the reason otherwise), and the writer made to raise ENOSPC on the
third part and in the JSONL conversion (runs everywhere).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import pipeline.write as write
from pipeline.errors import DiskFull
from pipeline.lock import lock_path
from pipeline.run import run

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
KEYS = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "sent_idx"],
    "entities": ["doc_id", "start", "end"],
    "claims": ["doc_id", "sent_idx"],
}
SENTENCES = [
    "Kratom may ease chronic pain, users report.",
    "In rats, mitragynine bound to opioid receptors.",
    "A randomized trial found that kava reduced anxiety in {n} adults.",
    "Valerian is sold as a tea and as capsules of {n} mg.",
    "CBD oil did not improve sleep in a study of {n} veterans.",
]


def _corpus(folder: Path, n_files: int) -> Path:
    folder.mkdir()
    for i in range(n_files):
        lines = [SENTENCES[(i + j) % len(SENTENCES)].format(n=(i * 7 + j * 13) % 97 + 3) for j in range(40)]
        (folder / f"doc{i:03d}.txt").write_text(f"Article {i}\n" + " ".join(lines) + "\n", encoding="utf-8")
    return folder


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    from pipeline.api import load

    res = load(out)
    return {n: df.sort_values(KEYS[n]).reset_index(drop=True) for n, df in res.tables().items()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, pd.DataFrame]]:
    root = tmp_path_factory.mktemp("disk-full")
    inp = _corpus(root / "in", 12)
    out = root / "ref"
    run([inp], out, model="rules", workers=1, files_per_shard=1)
    return inp, _tables(out)


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_enospc_while_writing_is_e009_and_resumable(reference, tmp_path: Path, monkeypatch, fmt: str) -> None:
    inp, want = reference
    out, staging = tmp_path / "out", tmp_path / ".out.partial"
    real_commit = write.ShardWriter.commit
    calls = {"n": 0}

    def commit(self, extra=None):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_commit(self, extra)

    monkeypatch.setattr(write.ShardWriter, "commit", commit)
    with pytest.raises(DiskFull) as info:
        run([inp], out, model="rules", workers=1, files_per_shard=1, fmt=fmt)
    message = str(info.value)
    assert message.startswith("[E009] no space left on the device while writing ") and "\n" not in message
    assert str(staging) in message and "run the same command again to resume" in message
    assert not out.exists() and not lock_path(out).exists()
    assert sorted(p.name for p in (staging / "_markers").iterdir()) == ["000000.json", "000001.json"]
    assert not list(staging.rglob("*.tmp"))  # the failed shard's parts were removed
    monkeypatch.setattr(write.ShardWriter, "commit", real_commit)

    if fmt == "jsonl":  # and once more, while converting the finished parts into JSONL
        real_convert = write._write_converted
        tables: list[str] = []

        def convert(src, tmp, fmt_):
            tables.append(src.name)
            if len(tables) == 2:
                tmp.write_text("half a table")
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_convert(src, tmp, fmt_)

        monkeypatch.setattr(write, "_write_converted", convert)
        with pytest.raises(DiskFull):
            run([inp], out, model="rules", workers=1, files_per_shard=1, fmt=fmt)
        assert not out.exists() and len(list((staging / "_markers").iterdir())) == 12
        assert not list(staging.rglob("*.tmp")) and (staging / "documents.parquet").is_dir()
        monkeypatch.setattr(write, "_write_converted", real_convert)

    result = run([inp], out, model="rules", workers=1, files_per_shard=1, fmt=fmt)
    assert result.resumed_shards == (2 if fmt == "parquet" else 12)
    assert not staging.exists()
    got = _tables(out)
    for name in KEYS:
        pd.testing.assert_frame_equal(got[name], want[name], check_dtype=fmt == "parquet")


@pytest.fixture
def tiny_tmpfs(tmp_path: Path):
    """A 2 MiB tmpfs, unmounted afterwards; skips when this machine does not allow mounting."""
    mnt = tmp_path / "tmpfs"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the ENOSPC path is covered by the monkeypatched test")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mount -t tmpfs not permitted here ({done.stderr.strip()}); covered by the monkeypatched test")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.mark.slow
def test_real_full_tmpfs_then_free_space_and_resume(reference, tiny_tmpfs: Path) -> None:
    inp, want = reference
    # Leave about 100 KiB free: room for a few parts (each part file takes at least one 4 KiB page).
    filler = tiny_tmpfs / "filler"
    filler.write_bytes(b"\0" * (2 * 2**20 - 100 * 2**10))
    out, staging = tiny_tmpfs / "out", tiny_tmpfs / ".out.partial"
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(inp), "-o", str(out), "-w", "1",
           "--files-per-shard", "1", "--model", "rules", "-q"]
    full = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=600)
    assert full.returncode == 2, full.stdout + full.stderr
    lines = full.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in full.stderr, full.stderr
    assert lines[0].startswith("claimlens: error [E009] ") and "No space left on device" in lines[0]
    assert not out.exists() and staging.is_dir() and not lock_path(out).exists()
    done = len(list((staging / "_markers").glob("*.json")))
    assert 1 <= done < 12

    filler.unlink()  # space freed: the same command resumes
    again = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"resuming: {done} of 12 parts already done" in again.stderr
    assert json.loads((out / "manifest.json").read_text())["resumed_shards"] == done
    got = _tables(out)
    for name in KEYS:
        pd.testing.assert_frame_equal(got[name], want[name])
