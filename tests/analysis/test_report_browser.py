"""The report in a real browser: headless Chromium driven over the DevTools protocol (tests/analysis/cdp.py).

Checks that the page script ran, the charts and table rendered, filters, search,
sort and paging work, nothing was fetched from outside the file, and the console
stayed clean; saves a full-page screenshot to test-artifacts/report.png.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.analysis.report import write_report

from .cdp import Browser, find_chromium

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(
            "Chromium not found: install it with `apt-get install chromium` to run the report browser test"
        )
    return path


def _rows(b: Browser) -> tuple[int, int]:
    return (
        int(b.evaluate("document.getElementById('cl-rows').getAttribute('data-rows')")),
        int(b.evaluate("document.getElementById('cl-table').getAttribute('data-matching')")),
    )


def _set(b: Browser, element_id: str, value: str) -> None:
    b.evaluate(
        f"(function(){{var e=document.getElementById({json.dumps(element_id)});e.value={json.dumps(value)};"
        "e.dispatchEvent(new Event('change',{bubbles:true}));})()"
    )


def _assert_clean(b: Browser, page: Path) -> None:
    assert b.problems() == []
    assert b.evaluate("document.body.getAttribute('data-js-errors')") is None
    assert b.requested_urls() == [page.as_uri()], "the report fetched something besides itself"


def test_toy_report_renders_and_filters(chromium: str, toy_out: Path, tmp_path: Path) -> None:
    page = write_report(toy_out, tmp_path / "toy.html")
    with Browser(chromium) as b:
        b.open(page.as_uri())
        assert b.evaluate("document.body.getAttribute('data-ready')") == "1"
        assert b.evaluate("document.querySelectorAll('svg.chart rect').length") > 20
        assert _rows(b) == (7, 7)
        # sentence cells carry highlighted entities and the evidence colour
        assert (
            b.evaluate("document.querySelectorAll('#cl-rows mark.cl-ent').length") == 13
        )  # 14 minus 'Kratom is a tree.'
        assert b.evaluate("document.querySelectorAll('#cl-rows .cl-claim.cl-ev-clinical').length") == 1
        _set(b, "f-ev", "unspecified")
        assert _rows(b) == (4, 4)
        _set(b, "f-negated", "1")
        assert _rows(b) == (1, 1)
        assert b.evaluate("document.querySelector('#cl-rows td.sent').textContent").startswith(
            "It does not ease pain."
        )
        b.evaluate("document.getElementById('f-reset').click()")
        assert _rows(b) == (7, 7)
        b.evaluate("var q=document.getElementById('f-q');q.value='kava';q.dispatchEvent(new Event('input'))")
        b.evaluate("new Promise(function(r){setTimeout(r,400)})")
        assert _rows(b) == (3, 3)
        b.evaluate("document.getElementById('f-reset').click()")
        # clicking a chart bar or a pair row filters the table
        b.evaluate(
            "document.querySelector('svg g[data-substance=\"kratom\"] rect').dispatchEvent(new MouseEvent('click',{bubbles:true}))"
        )
        assert _rows(b) == (3, 3) and b.evaluate("document.getElementById('f-sub').value") == "kratom"
        b.evaluate('document.querySelector(\'tr[data-substance="kava"][data-condition="anxiety"]\').click()')
        assert _rows(b) == (2, 2)
        b.evaluate("document.getElementById('f-reset').click()")
        # sorting by evidence puts the clinical claim first, twice reversed puts it last
        b.evaluate("document.querySelector('th[data-sort=\"e\"]').click()")
        first = "document.querySelector('#cl-rows .badge').textContent"
        assert b.evaluate(first) == "clinical"
        b.evaluate("document.querySelector('th[data-sort=\"e\"]').click()")
        assert b.evaluate(first) == "unspecified"
        _assert_clean(b, page)


def test_thousands_of_claims_page_and_screenshot(chromium: str, synthetic_out: Path, tmp_path: Path) -> None:
    page = write_report(synthetic_out, tmp_path / "report.html")
    with Browser(chromium) as b:
        b.open(page.as_uri())
        assert b.evaluate("document.body.getAttribute('data-ready')") == "1"
        assert _rows(b) == (50, 3000)
        assert b.evaluate("document.getElementById('cl-page').textContent") == "page 1 of 60"
        b.evaluate("document.querySelector('#cl-pager button[data-page=\"last\"]').click()")
        assert b.evaluate("document.getElementById('cl-page').textContent") == "page 60 of 60"
        _set(b, "f-size", "500")
        assert _rows(b) == (500, 3000)
        _set(b, "f-ev", "clinical")
        rows, matching = _rows(b)
        expected = b.evaluate(
            "JSON.parse(document.getElementById('cl-data').textContent).claims.filter(function(c){return c.e===0}).length"
        )
        assert matching == expected and 300 < matching < 800 and rows == min(500, matching)
        b.evaluate("document.getElementById('f-reset').click()")
        _set(b, "f-size", "25")
        b.evaluate("window.scrollTo(0,0)")
        shot = b.screenshot(ARTIFACTS / "report.png")
        _assert_clean(b, page)
    assert shot.stat().st_size > 50_000
