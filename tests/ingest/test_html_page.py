from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline.ingest import html_page, iter_documents
from pipeline.ingest.document import make_doc_id
from pipeline.paths import samples_dir

from .helpers import NO_MAIN_TEXT_HTML, article_html

SAMPLE = samples_dir() / "kava-calm-clinic.html"


def test_bundled_sample_main_text_has_headings_and_items_on_own_lines() -> None:
    docs = list(iter_documents([SAMPLE]))
    assert len(docs) == 1
    doc = docs[0]
    assert doc.ok
    assert doc.source == "kava-calm-clinic.html"
    assert doc.doc_id == make_doc_id("kava-calm-clinic.html")
    assert doc.title == "Kava and Anxiety: What the Research Says"
    assert doc.url == "https://calmclinic.example/blog/kava-and-anxiety"
    lines = doc.text.split("\n")
    assert lines[0] == "Kava and Anxiety: What the Research Says"
    for heading in ("How kava works", "What the studies show", "Risks and side effects", "The bottom line"):
        assert heading in lines
    items = [line for line in lines if line.startswith("- ")]
    assert items == ["- Headaches and dizziness", "- Upset stomach",
                     "- Dry, scaly skin with heavy, long-term use", "- Liver damage in rare cases"]
    # the evidence/hedge/negation sentences the sample exists for
    for sentence in (
        "Studies in rats showed that kavalactones enhance the activity of GABA-A receptors",
        "In a randomized controlled trial of 75 adults with generalized anxiety disorder",
        "Many people report that a small cup of kava in the evening helps them unwind",
        "Kava may ease mild, everyday stress in some adults",
        "Kava does not cure panic disorder",
        "Kava also relaxes tense muscles after a long day.",
    ):
        assert sentence in doc.text
    # boilerplate gone: navigation, sidebar, comments, comment form, footer
    for junk in ("Herb Guide", "Contact", "Popular posts", "Chamomile tea", "newsletter", "Marcus",
                 "panic attacks are completely gone", "Leave a reply", "Privacy Policy", "not medical advice"):
        assert junk not in doc.text
    assert 320 <= len(doc.text.split()) <= 380


def test_html_file_reader(tmp_path: Path) -> None:
    path = tmp_path / "valerian.htm"
    path.write_text(article_html(), encoding="utf-8")
    (doc,) = iter_documents([path])
    assert doc.ok and doc.title == "Valerian and Sleep"
    assert doc.text.split("\n") == [
        "Valerian and Sleep",
        "Valerian root has been used as a sleep aid for a long time in several parts of Europe and Asia.",
        "In a randomized trial of 120 adults with insomnia, valerian shortened the time it took to fall asleep.",
        "Some users report vivid dreams after taking it in the evening, and a few describe morning grogginess.",
        "Common side effects",
        "- Headache after the first doses",
        "- Stomach upset in some people",
    ]


@pytest.mark.parametrize(
    "html",
    [NO_MAIN_TEXT_HTML, "<html><body><script>var kava = 1;</script></body></html>", "<html><body></body></html>"],
)
def test_html_without_main_text_is_skipped(tmp_path: Path, html: str) -> None:
    path = tmp_path / "menu.html"
    path.write_text(html)
    (doc,) = iter_documents([path])
    assert (doc.status, doc.reason) == ("skipped", "no main text in HTML")


def test_empty_html_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"\n  \n")
    (doc,) = iter_documents([path])
    assert (doc.status, doc.reason) == ("skipped", "empty")


def test_short_real_text_is_not_mistaken_for_links() -> None:
    page = html_page.extract_page("<html><body><article><p>Kava may ease anxiety.</p>"
                                  "<p><a href='/kava'>Read more</a></p></article></body></html>")
    assert not isinstance(page, str)
    assert "Kava may ease anxiety." in page.text


def test_declared_charset_is_used() -> None:
    html = article_html(paragraphs=["Le kava apaise l'anxiété chez certains adultes, selon une étude menée "
                                    "auprès de patients anxieux pendant plusieurs semaines en France."])
    payload = html.replace('<meta charset="utf-8">', "").encode("latin-1")
    decoded = html_page.decode_with_charset(payload, "text/html; charset=ISO-8859-1")
    assert isinstance(decoded, str) and "anxiété" in decoded
    assert html_page.decode_with_charset(payload, "text/html; charset=nonsense") is payload
    assert html_page.decode_with_charset(payload, None) is payload


# (extractor, the function it calls that the test makes stall or fail)
STAGES = [("fast", "_fast_extract"), ("trafilatura", "_trafilatura_extract"), ("cascade", "_fast_extract"),
          ("resiliparse", "_resiliparse_extract")]


@pytest.mark.parametrize(("extractor", "stage"), STAGES)
def test_stalled_extraction_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: str,
                                      stage: str) -> None:
    def stall(payload: bytes | str, url: str | None) -> None:
        try:
            time.sleep(5)
        except Exception:  # noqa: BLE001 - the timeout must get through library code like this
            return None

    monkeypatch.setattr(html_page, stage, stall)
    path = tmp_path / "slow.html"
    path.write_text(article_html())
    counters: Counter[str] = Counter()
    started = time.monotonic()
    (doc,) = iter_documents([path], html_timeout=0.2, html_extractor=extractor, counters=counters)
    assert time.monotonic() - started < 2
    assert (doc.status, doc.reason) == ("skipped", "HTML extraction timed out after 0.2s")
    assert counters["html_timeouts"] == 1


@pytest.mark.parametrize(("extractor", "stage"), STAGES)
def test_extraction_error_becomes_reason(monkeypatch: pytest.MonkeyPatch, extractor: str, stage: str) -> None:
    def boom(payload: bytes | str, url: str | None) -> None:
        raise ValueError("bad tree")

    monkeypatch.setattr(html_page, stage, boom)
    assert html_page.extract_page("<p>x</p>", extractor=extractor) == "HTML extraction failed: ValueError: bad tree"


def _extract_in_worker(html: str) -> str:
    page = html_page.extract_page(html, timeout=0.2, extractor="trafilatura")
    return page if isinstance(page, str) else "ok"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork so the stall patch reaches the worker")
def test_timeout_works_inside_a_worker_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def stall(payload: bytes | str, url: str | None) -> None:
        time.sleep(5)

    monkeypatch.setattr(html_page, "_trafilatura_extract", stall)
    ctx = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        started = time.monotonic()
        result = pool.submit(_extract_in_worker, article_html()).result(timeout=10)
    assert result == "HTML extraction timed out after 0.2s"
    assert time.monotonic() - started < 3
