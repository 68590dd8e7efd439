from __future__ import annotations

import json
import re
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from pipeline.analysis.report import build_report, script_json
from pipeline.analysis.show import render_show

from .conftest import D3_TEXT, EXPECTED

EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|@import|<link\b|<iframe\b""",
    re.IGNORECASE,
)


def _payload(page: str) -> dict:
    m = re.search(r"<script type='application/json' id='cl-data'>(.*?)</script>", page, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


def test_report_is_self_contained_and_embeds_the_claims(toy_out: Path) -> None:
    page = build_report(toy_out)
    assert page.startswith("<!DOCTYPE html>")
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert page.count("<script") == 2 and page.count("</script>") == 2  # data + page script, both inline
    assert "<script src" not in page
    data = _payload(page)
    assert data["total"] == EXPECTED["claims"] and len(data["claims"]) == EXPECTED["claims"]
    texts = [c["t"] for c in data["claims"]]
    assert D3_TEXT.split(". ")[0] + "." in texts
    # '<' never appears literally inside the data block, yet decodes back
    block = page.split("id='cl-data'>", 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "\\u003cPain\\u003e" in block
    assert ["d1", "Kratom & <Pain>", "mem/d1.txt", "https://example.org/d1"] in data["docs"]
    # entity spans are relative to the sentence and name the right words
    by_text = {c["t"]: c for c in data["claims"]}
    c = by_text["In mice, kratom binds opioid receptors and eases pain."]
    assert [(c["t"][s:e], data["labels"][lab], canon) for s, e, lab, canon in c["x"]] == [
        ("kratom", "SUBSTANCE", "kratom"),
        ("opioid receptors", "MECHANISM", "opioid receptors"),
        ("pain", "CONDITION", "pain"),
    ]
    assert (data["evidence"][c["e"]], data["claim_types"][c["c"]], c["s"], c["k"], c["m"]) == (
        "preclinical",
        "mechanism",
        ["kratom"],
        ["pain"],
        ["opioid receptors"],
    )
    neg = by_text["It does not ease pain."]
    assert (neg["n"], neg["h"], neg["q"]) == (1, 0, [None, "ease", None, "not"])
    # headline figures and charts are in the static HTML
    assert '<div class="fig-value">7</div><div class="fig-label">claims</div>' in page
    assert page.count('<svg class="chart"') >= 6
    assert 'data-substance="kratom"' in page and 'data-condition="anxiety"' in page


def test_script_json_is_safe_in_a_script_tag() -> None:
    tricky = {"t": "</script><!-- <script> & \u2028 \u2029 'q' \"d\""}
    out = script_json(tricky)
    assert "</" not in out and "<!--" not in out and "\u2028" not in out and "&" not in out
    assert json.loads(out) == tricky


def test_max_claims_truncates_with_a_note(toy_out: Path) -> None:
    page = build_report(toy_out, max_claims=3, title="Three <of> seven")
    data = _payload(page)
    assert len(data["claims"]) == 3 and data["total"] == 7
    assert "Showing the first 3 of 7 claims" in page
    assert "<title>Three &lt;of&gt; seven</title>" in page


def test_report_on_thousands_of_claims(synthetic_out: Path) -> None:
    data = _payload(build_report(synthetic_out))
    assert len(data["claims"]) == 3000 and len(data["docs"]) == 300


def test_report_command(toy_out: Path, tmp_path: Path) -> None:
    from pipeline.cli import app

    dest = tmp_path / "sub" / "report.html"
    result = CliRunner().invoke(app, ["report", str(toy_out), "-o", str(dest)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and dest.is_file()
    assert len(_payload(dest.read_text(encoding="utf-8"))["claims"]) == EXPECTED["claims"]
    bad = CliRunner().invoke(app, ["report", str(tmp_path), "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and "E007" in bad.output


def test_render_show(toy_outputs: dict[str, Path]) -> None:
    console = Console(record=True, width=130, color_system=None)
    render_show(toy_outputs["jsonl"], console)
    text = console.export_text()
    assert "pipeline toy-1" in text and "jsonl" in text
    assert re.search(r"documents\s+4\s+3 ok, 1 skipped", text)
    assert re.search(r"claims\s+7\s+88% of sentences", text)
    assert re.search(r"unspecified\s+│\s+4\s+│\s+0\s+│\s+0\s+│\s+4 \(57%\)", text)
    assert re.search(r"kratom\s+│\s+3\s+│\s+1\s+│\s+1\s+│\s+0\s+│\s+1\s+│\s+33%", text)
    assert re.search(r"pain\s+│\s+3\s+│", text)
    assert re.search(r"empty\s+│\s+1\s+│\s+mem/bad.html", text)


def test_report_data_is_the_same_for_every_format(toy_outputs: dict[str, Path]) -> None:
    payloads = {fmt: _payload(build_report(out)) for fmt, out in toy_outputs.items()}
    assert payloads["jsonl"] == payloads["parquet"] and payloads["csv"] == payloads["parquet"]
