"""The `claimlens` command on real files: exit codes, bad input, formats, resume."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli import app

runner = CliRunner()

GOOD = "Kratom may ease chronic pain, users report.\nKava is sold as a powder.\n"


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "crlf.txt").write_bytes(b"Title line\r\nIn rats, kratom reduced anxiety.\r\n")
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (d / "bad.jsonl").write_text('{"text": "CBD helps with insomnia."}\nnot json\n{"body": "no text field"}\n')
    return d


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"claimlens {__version__}"


def test_run_records_bad_input_and_goes_on(inputs, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(inputs), "-o", str(out), "-w", "1"])
    assert result.exit_code == 0, result.output
    docs = pd.read_parquet(out / "documents.parquet").set_index("source")
    assert docs.loc["in/good.txt", "status"] == "ok"
    assert docs.loc["in/empty.txt", "status"] == "skipped" and "empty" in docs.loc["in/empty.txt", "reason"]
    assert docs.loc["in/binary.txt", "status"] == "skipped" and "binary" in docs.loc["in/binary.txt", "reason"]
    assert docs.loc["in/crlf.txt", "text"] == "Title line\nIn rats, kratom reduced anxiety.\n"
    assert (docs.status == "ok").sum() == 3  # good.txt, crlf.txt and the first JSONL line
    jsonl_skips = docs[docs.index.str.startswith("in/bad.jsonl") & (docs.status == "skipped")]
    assert sorted(jsonl_skips.reason.str.extract(r"^(line \d+)")[0]) == ["line 2", "line 3"]
    assert "skipped" in result.output and "words/s" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["documents_skipped"] == 4
    assert manifest["versions"]["claimlens"] == __version__ and manifest["versions"]["spacy"]
    assert "claimlens_lexicon" in manifest["versions"]["components"]
    assert not list(tmp_path.glob(".out.partial"))


def test_rerun_is_a_no_op_and_show_prints_the_summary(inputs, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(inputs), "-o", str(out), "-w", "1"]).exit_code == 0
    before = (out / "manifest.json").read_text()
    again = runner.invoke(app, ["run", str(inputs), "-o", str(out), "-w", "1"])
    assert again.exit_code == 0 and "nothing to do" in again.output
    assert (out / "manifest.json").read_text() == before
    shown = runner.invoke(app, ["show", str(out)])
    assert shown.exit_code == 0 and "documents" in shown.output and "skipped" in shown.output


def test_other_inputs_into_an_existing_output_need_overwrite(inputs, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(inputs / "good.txt"), "-o", str(out)]).exit_code == 0
    refused = runner.invoke(app, ["run", str(inputs), "-o", str(out)])
    assert refused.exit_code == 2 and "--overwrite" in refused.output
    assert runner.invoke(app, ["run", str(inputs), "-o", str(out), "--overwrite"]).exit_code == 0
    assert len(pd.read_parquet(out / "documents.parquet")) == 7


def test_missing_input_is_one_line_exit_2_and_nothing_written(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(tmp_path / "nope"), "-o", str(out)])
    assert result.exit_code == 2
    assert "E001" in result.output and "nope" in result.output
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


def test_unwritable_output_is_exit_2(inputs, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["run", str(inputs), "-o", str(blocker / "out")])
    assert result.exit_code == 2 and "E002" in result.output


def test_html_extractor_option_is_used_and_recorded(tmp_path):
    from pipeline.paths import samples_dir

    pages = tmp_path / "pages"
    pages.mkdir()
    # the sample's comment thread: trafilatura and fast drop it, resiliparse keeps it
    (pages / "kava.html").write_bytes((samples_dir() / "kava-calm-clinic.html").read_bytes())
    texts = {}
    for extractor in ("fast", "trafilatura", "resiliparse"):
        out = tmp_path / extractor
        result = runner.invoke(app, ["run", str(pages), "-o", str(out), "-w", "1", "--html-extractor", extractor])
        assert result.exit_code == 0, result.output
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["config"]["run"]["ingest"]["html_extractor"] == extractor
        assert manifest["versions"]["html_extractor"].startswith(f"{extractor} ")
        (texts[extractor],) = pd.read_parquet(out / "documents.parquet").text
    assert "panic attacks are completely gone" in texts["resiliparse"]
    assert "panic attacks are completely gone" not in texts["fast"]
    assert "panic attacks are completely gone" not in texts["trafilatura"]
    bad = runner.invoke(app, ["run", str(pages), "-o", str(tmp_path / "x"), "--html-extractor", "boilerpipe"])
    assert bad.exit_code == 2 and "E003" in bad.output and "boilerpipe" in bad.output
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_formats_hold_the_same_tables(inputs, tmp_path, fmt):
    from pipeline.api import load

    a, b = tmp_path / "a", tmp_path / fmt
    assert runner.invoke(app, ["run", str(inputs), "-o", str(a), "-w", "1"]).exit_code == 0
    assert runner.invoke(app, ["run", str(inputs), "-o", str(b), "-w", "1", "--format", fmt]).exit_code == 0
    assert (b / f"claims.{fmt}").is_file()
    ra, rb = load(a), load(b)
    for name in ("documents", "sentences", "entities", "claims"):
        x, y = ra.tables()[name], rb.tables()[name]
        pd.testing.assert_frame_equal(x.reset_index(drop=True), y.reset_index(drop=True), check_dtype=False)


def test_installed_console_script_runs_on_samples(tmp_path):
    exe = Path(sys.executable).with_name("claimlens")
    if not exe.exists():
        pytest.skip("package not pip-installed in this environment")
    out = tmp_path / "out"
    proc = subprocess.run([str(exe), "run", "-o", str(out), "-q"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert proc.returncode == 0, proc.stderr
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) >= 7 and (docs.status == "ok").all()
