"""The notebooks are committed clean and run top to bottom on the real pipeline.

The kernel is this interpreter (sys.executable) through a kernelspec written
to a temporary folder, so the notebooks run in the same venv as the tests
whatever kernels the machine has registered. The repo root goes on the
kernel's PYTHONPATH so an uninstalled checkout works too.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAMES = ["01-quickstart.ipynb", "02-explore.ipynb"]
KERNEL = "claimlens-test-python"


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    assert all(c.outputs == [] and c.execution_count is None for c in code), (
        "clear the outputs before committing"
    )
    assert nb.metadata.kernelspec.name == "python3"


@pytest.fixture(scope="module")
def kernel_manager_factory(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    kernels = tmp_path_factory.mktemp("kernels")
    spec_dir = kernels / KERNEL
    spec_dir.mkdir()
    pythonpath = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "ClaimLens tests",
        "language": "python",
        "env": {"PYTHONPATH": pythonpath, "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    ksm = KernelSpecManager(kernel_dirs=[str(kernels)])

    def make() -> KernelManager:
        return KernelManager(kernel_name=KERNEL, kernel_spec_manager=ksm)

    return make


def _execute(name: str, make_km) -> tuple[object, float]:
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        nb, km=make_km(), timeout=60, resources={"metadata": {"path": str(NOTEBOOKS)}}, kernel_name=KERNEL
    )
    t0 = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    return nb, time.perf_counter() - t0


def _outputs(nb, mime: str) -> list[str]:
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if mime in data:
                found.append(data[mime])
    return found


@pytest.mark.slow
def test_quickstart_runs(kernel_manager_factory) -> None:
    nb, seconds = _execute("01-quickstart.ipynb", kernel_manager_factory)
    assert seconds < 60
    first = nb.cells[1].outputs[0]["data"]["text/plain"]
    assert ".html" in first and ".txt" in first  # the bundled samples were listed
    html = "\n".join(_outputs(nb, "text/html"))
    assert "evidence" in html and "substances" in html  # DataFrames of the tables rendered


@pytest.mark.slow
def test_explore_runs(kernel_manager_factory) -> None:
    nb, seconds = _execute("02-explore.ipynb", kernel_manager_factory)
    assert seconds < 60
    assert len(_outputs(nb, "image/png")) >= 2  # matplotlib charts
    html = "\n".join(_outputs(nb, "text/html"))
    assert 'class="cl-claim cl-ev-' in html and 'class="cl-ent cl-ent-' in html  # the highlighted article
