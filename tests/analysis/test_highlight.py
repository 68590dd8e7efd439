from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import pipeline
from pipeline.analysis import duck
from pipeline.analysis.highlight import Span, document_html, highlight, show_document

from .conftest import D3_TEXT


def _plain(fragment: str) -> str:
    """The text a browser would show, minus label chips and claim tags."""
    fragment = re.sub(r'<span class="cl-(lab|tag)">.*?</span>', "", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_known_case_exact_markup() -> None:
    text = "Tea & <b>kava</b> calm pain. Next."
    out = highlight(
        text,
        entities=[Span(9, 13, "SUBSTANCE", "SUBSTANCE: kava"), Span(23, 27, "CONDITION", None)],
        claims=[Span(0, 28, "clinical", 'clinical "benefit"')],
        labels=False,
        tags=False,
    )
    assert out == (
        '<span class="cl-claim cl-ev-clinical" data-evidence="clinical" title="clinical &quot;benefit&quot;">'
        "Tea &amp; &lt;b&gt;"
        '<mark class="cl-ent cl-ent-substance" data-label="SUBSTANCE" title="SUBSTANCE: kava">kava</mark>'
        "&lt;/b&gt; calm "
        '<mark class="cl-ent cl-ent-condition" data-label="CONDITION">pain</mark>.</span> Next.'
    )


def test_entities_outside_claims_overlaps_and_crossings() -> None:
    text = "alpha beta gamma. delta epsilon."
    out = highlight(
        text,
        entities=[
            Span(0, 5, "SUBSTANCE"),  # outside any claim: still marked
            Span(0, 10, "CONDITION"),  # same start, longer: wins over the one above
            Span(6, 16, "MECHANISM"),  # overlaps the winner: dropped
            Span(15, 20, "CONDITION"),  # crosses the claim's end: left plain
            Span(24, 31, "SUBSTANCE"),
        ],
        claims=[Span(18, 32, "anecdotal", "anecdotal benefit")],
        labels=True,
        tags=True,
    )
    assert out.count("<mark") == 2
    assert (
        '<mark class="cl-ent cl-ent-condition" data-label="CONDITION">alpha beta<span class="cl-lab">CONDITION'
        in out
    )
    assert '<span class="cl-tag">anecdotal benefit</span></span>' in out
    assert _plain(out) == text


@pytest.mark.parametrize("kind", ["results", "connection", "path"])
def test_document_html_from_each_source(toy_out: Path, kind: str) -> None:
    source = {
        "results": lambda: pipeline.load(toy_out),
        "connection": lambda: duck.connect(toy_out),
        "path": lambda: toy_out,
    }[kind]()
    out = document_html(source, "d3", labels=False, tags=False, legend=False, style=False)
    body = out.split('<div class="cl-doc">', 1)[1].rsplit("</div></div>", 1)[0]
    assert _plain(body) == D3_TEXT
    assert "&amp; &quot;stress&quot; &lt;fast&gt;" in body and "<fast>" not in out
    assert re.findall(r'data-label="(\w+)"[^>]*>(\w+)</mark>', body) == [
        ("SUBSTANCE", "Kava"),
        ("CONDITION", "anxiety"),
        ("SUBSTANCE", "Kava"),
    ]
    assert body.count('class="cl-claim cl-ev-unspecified"') == 2
    assert '<p class="cl-head">Kava</p>' in out


def test_document_html_defaults(toy_out: Path) -> None:
    out = document_html(pipeline.load(toy_out))  # no doc_id: the document with most claims (d2, 3 claims)
    assert "d2 · mem/d2.txt · 3 sentences, 3 claims, 6 entities" in out
    assert out.startswith("<style>") and 'class="cl-legend"' in out
    assert 'title="unspecified benefit, negated"' in out  # "It does not ease pain."
    assert 'class="cl-claim cl-ev-preclinical"' in out and 'class="cl-claim cl-ev-anecdotal"' in out
    titled = document_html(toy_out, "d1")
    assert '<p class="cl-head">Kratom &amp; &lt;Pain&gt;</p>' in titled
    assert titled.count('<span class="cl-claim') == 2  # "Kratom is a tree." is not a claim
    with pytest.raises(KeyError):
        document_html(toy_out, "missing")


def test_show_document_is_jupyter_html(toy_out: Path) -> None:
    pytest.importorskip("IPython")
    shown = show_document(toy_out, "d1")
    assert "cl-ev-clinical" in shown._repr_html_()
