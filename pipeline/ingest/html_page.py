"""HTML files: main text through trafilatura, one Document per file.

Main text only (no navigation, sidebars, footers or comments); headings,
paragraphs and list items come out as lines of their own ("- " before each
list item), which the sentence segmenter treats as sentence boundaries.
The title comes from the page metadata, the url from its canonical link.

Two choices on top of trafilatura's defaults:
- tables are left out: data tables come out as "| a | b |" rows (not
  sentences), and layout tables (old sites) glue the menu and the article
  into one table row, while without tables trafilatura finds the article.
- on a page with no article (a menu, a tag index) trafilatura's fallback
  returns the menu links; a short result whose every line is the text of
  a link on the page is treated as "no main text".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.ingest.base import (
    InputFile,
    ReadOptions,
    clean_reason,
    file_skipped,
    normalize_newlines,
    os_error_reason,
)
from pipeline.ingest.document import Document, make_doc_id
from pipeline.ingest.timeout import TimeLimitExceeded, time_limit

NO_MAIN_TEXT = "no main text in HTML"
TIMED_OUT = "HTML extraction timed out"
_LINK_CHECK_MAX_WORDS = 40

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)


@dataclass(slots=True)
class Page:
    text: str
    title: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _trafilatura_extract(payload: bytes | str, url: str | None) -> Any:
    # Imported lazily: trafilatura pulls in lxml, justext and htmldate (~0.5 s).
    import trafilatura

    return trafilatura.bare_extraction(
        payload,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=True,
        deduplicate=False,
    )


def _only_link_text(text: str, payload: bytes | str) -> bool:
    """True when every line of a short extraction is the text of some <a> on the page."""
    if len(text.split()) > _LINK_CHECK_MAX_WORDS:
        return False
    from trafilatura.utils import load_html

    tree = load_html(payload)
    if tree is None:
        return False
    anchors = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    lines = (" ".join(line.removeprefix("- ").split()) for line in text.split("\n"))
    return all(line in anchors for line in lines if line)


def decode_with_charset(payload: bytes, content_type: str | None) -> bytes | str:
    """Decode with a declared charset when it works, else leave detection to trafilatura."""
    if not content_type:
        return payload
    m = _CHARSET.search(content_type)
    if not m:
        return payload
    try:
        return payload.decode(m.group(1))
    except (LookupError, UnicodeDecodeError):
        return payload


def extract_page(payload: bytes | str, *, url: str | None = None, timeout: float | None = 10.0) -> Page | str:
    """Main text and metadata of one HTML page, or the reason there is none.

    Returns a str (the skip reason) instead of raising, so every caller
    turns failures into skipped Documents the same way.
    """
    try:
        with time_limit(timeout):
            result = _trafilatura_extract(payload, url)
    except TimeLimitExceeded:
        return f"{TIMED_OUT} after {timeout:g}s"
    except Exception as err:  # lxml/trafilatura edge cases must not stop a batch
        return clean_reason(f"HTML extraction failed: {type(err).__name__}: {err}")
    text = normalize_newlines(getattr(result, "text", None) or "") if result is not None else ""
    if not text.strip() or _only_link_text(text, payload):
        return NO_MAIN_TEXT
    meta = {k: v for k in ("date", "author", "sitename", "language")
            if (v := getattr(result, k, None))}
    return Page(text=text, title=getattr(result, "title", None) or None,
                url=getattr(result, "url", None) or None, meta=meta)


def read_html(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    try:
        data = file.path.read_bytes()
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    if not data.strip():
        yield file_skipped(file, "empty", counters)
        return
    page = extract_page(data, timeout=opts.html_timeout)
    if isinstance(page, str):
        if page.startswith(TIMED_OUT):
            counters["html_timeouts"] += 1
        yield file_skipped(file, page, counters)
        return
    yield Document(
        doc_id=make_doc_id(file.key), source=file.key, text=page.text, title=page.title, url=page.url,
        meta={"path": str(file.path), **page.meta},
    )
