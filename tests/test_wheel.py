"""A user's install: build the wheel, install it into a fresh venv, use it from outside the checkout.

The editable install used everywhere else hides packaging faults: the
checkout's data/ and models/ are always beside the package. Here nothing of
the checkout is on sys.path (no PYTHONPATH, working folder elsewhere), and
the venv holds scispaCy's own top-level `data/` folder in site-packages,
which once passed for the checkout's.

Takes about 2.7 minutes on 2 cores under a load of 6 (80 s `pip install`
of the dependencies from the configured index and wheel folder, 46 s for
the four commands, 33 s for the two notebooks).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
KERNEL = "claimlens-wheel-python"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _sh(cmd: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(venv, working folder): the wheel of this checkout installed with its dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    dist, venv, work = root / "dist", root / "venv", root / "work"
    work.mkdir()
    _sh([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(REPO)], cwd=root)
    (wheel,) = dist.glob("claimlens-*.whl")
    # venv's own base interpreter, not this venv's: nothing of the test environment leaks in.
    _sh([sys.executable, "-m", "venv", str(venv)], cwd=root)
    # --no-compile: byte-compiling every dependency doubled the CPU time of the install (56 s -> 30 s user).
    _sh([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile", f"{wheel}[notebooks]"], cwd=root)
    return venv, work


def test_wheel_finds_its_own_data(installed) -> None:
    venv, work = installed
    python = str(venv / "bin" / "python")
    probe = "import json, pipeline.paths as p; print(json.dumps([str(p.data_dir()), str(p.models_dir()), p.in_checkout()]))"
    data, models, in_checkout = json.loads(_sh([python, "-c", probe], cwd=work).stdout)
    pkg = Path(data).parent
    assert not in_checkout
    assert pkg.parent.name == "site-packages" and pkg.name == "pipeline"
    assert Path(data) == pkg / "_data" and Path(models) == pkg / "_models"
    # The trap the marker check avoids: another distribution's data/ beside the package.
    assert (pkg.parent / "data").is_dir()


def test_wheel_cli(installed) -> None:
    venv, work = installed
    claimlens = str(venv / "bin" / "claimlens")
    run = _sh([claimlens, "run", "-o", "out", "-q", "-w", "1"], cwd=work)  # no input: the bundled samples
    assert "wrote out" in run.stdout
    manifest = json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents_ok"] >= 5 and manifest["counts"]["claims"] > 0
    assert all("site-packages/pipeline/_data/samples" in p for p in manifest["inputs"])

    rules = _sh([claimlens, "run", "-o", "out-rules", "--model", "rules", "-q", "-w", "1"], cwd=work)
    assert "wrote out-rules" in rules.stdout
    assert json.loads((work / "out-rules" / "manifest.json").read_text())["counts"]["claims"] > 0

    lookup = _sh([claimlens, "lexicon", "lookup", "ketum"], cwd=work)
    assert lookup.stdout.split("\t")[:3] == ["ketum", "SUBSTANCE", "kratom"]

    _sh([claimlens, "report", "out", "-o", "report.html"], cwd=work)
    html = (work / "report.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and "kratom" in html.lower()


def _run_notebook(name: str, venv: Path, work: Path, kernels: Path):
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    spec_dir = kernels / KERNEL
    if not spec_dir.exists():
        spec_dir.mkdir(parents=True)
        spec = {
            "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "ClaimLens wheel",
            "language": "python",
            "env": {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONNOUSERSITE": "1"},
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, km=km, timeout=120, resources={"metadata": {"path": str(work)}}, kernel_name=KERNEL)
    old = os.environ.pop("PYTHONPATH", None)  # the kernel inherits this process's environment
    try:
        client.execute()
    finally:
        if old is not None:
            os.environ["PYTHONPATH"] = old
    return nb


def test_wheel_notebooks(installed, tmp_path: Path) -> None:
    pytest.importorskip("nbclient")
    venv, work = installed
    t0 = time.perf_counter()
    quick = _run_notebook("01-quickstart.ipynb", venv, work, tmp_path / "kernels")
    listed = quick.cells[1].outputs[0]["data"]["text/plain"]
    assert ".html" in listed and ".txt" in listed
    explore = _run_notebook("02-explore.ipynb", venv, work, tmp_path / "kernels")
    pngs = [o for c in explore.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(pngs) >= 2
    assert time.perf_counter() - t0 < 240
