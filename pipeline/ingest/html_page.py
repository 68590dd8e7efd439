"""HTML files: main text, one Document per file, through a chosen extractor.

Main text only (no navigation, sidebars, footers or comments); headings,
paragraphs and list items come out as lines of their own ("- " before each
list item), which the sentence segmenter treats as sentence boundaries.
The title comes from the page metadata, the url from its canonical link.

Extractors (`--html-extractor`; figures from benchmarks/html.py, README Speed):
- fast (default): ClaimLens's own rules over an lxml tree (html_fast.py),
  as accurate as trafilatura on the evaluation set at about 4x its speed.
- cascade: fast, and trafilatura where fast finds less than
  CASCADE_MIN_WORDS words (the pages it is least sure of).
- trafilatura: trafilatura's extract() with the choices below.
- resiliparse: resiliparse's extract_plain_text(main_content=True), the
  fastest, with the most boilerplate (comment threads, teasers) kept.

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

from pipeline.errors import ConfigError
from pipeline.ingest.base import (
    HTML_EXTRACTORS,
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
CASCADE_MIN_WORDS = 50
_BULLET = re.compile(r"^\s*[•·]\s*", re.MULTILINE)

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


def _fast_extract(payload: bytes | str, url: str | None) -> Page | None:
    from pipeline.ingest.html_fast import extract

    result = extract(payload)
    if result is None:
        return None
    return Page(text=result.text, title=result.title, url=result.url)


def _resiliparse_extract(payload: bytes | str, url: str | None) -> Page | None:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    if isinstance(payload, bytes):
        tree = HTMLTree.parse_from_bytes(payload, detect_encoding(payload) or "utf-8")
    else:
        tree = HTMLTree.parse(payload)
    text = extract_plain_text(tree, main_content=True, alt_texts=False, form_fields=False)
    # one line per block, "- " before list items, as the other extractors give
    lines = (_BULLET.sub("- ", line).strip() for line in text.split("\n"))
    return Page(text="\n".join(line for line in lines if line), title=tree.title or None)


def _trafilatura_page(payload: bytes | str, url: str | None) -> Page | None:
    result = _trafilatura_extract(payload, url)
    if result is None:
        return None
    text = normalize_newlines(getattr(result, "text", None) or "")
    if text.strip() and _only_link_text(text, payload):
        text = ""
    meta = {k: v for k in ("date", "author", "sitename", "language") if (v := getattr(result, k, None))}
    return Page(text=text, title=getattr(result, "title", None) or None,
                url=getattr(result, "url", None) or None, meta=meta)


def _cascade_extract(payload: bytes | str, url: str | None) -> Page | None:
    page = _fast_extract(payload, url)
    if page is not None and len(page.text.split()) >= CASCADE_MIN_WORDS:
        return page
    slow = _trafilatura_page(payload, url)
    if slow is None or not slow.text.strip():
        return page
    slow.meta["extractor"] = "trafilatura"
    if page is not None:  # fast's title and canonical url stay when trafilatura found none
        slow.title = slow.title or page.title
        slow.url = slow.url or page.url
    return slow


def check_extractor(name: str) -> str:
    """The name itself, or ConfigError naming the choices."""
    if name not in HTML_EXTRACTORS:
        raise ConfigError(f"unknown HTML extractor {name!r}; choose one of {', '.join(HTML_EXTRACTORS)}")
    return name


def extractor_version(name: str) -> str:
    """What produced the text, for manifest.json: the extractor and the library versions behind it."""
    from importlib import metadata

    def v(pkg: str) -> str:
        try:
            return f"{pkg} {metadata.version(pkg)}"
        except metadata.PackageNotFoundError:
            return f"{pkg} ?"

    if name == "fast":
        from pipeline.ingest.html_fast import VERSION

        return f"fast {VERSION} ({v('lxml')})"
    if name == "cascade":
        from pipeline.ingest.html_fast import VERSION

        return f"cascade (fast {VERSION}, {v('lxml')}; {v('trafilatura')} under {CASCADE_MIN_WORDS} words)"
    return v(name)


_EXTRACTORS = {
    "fast": "_fast_extract",
    "cascade": "_cascade_extract",
    "trafilatura": "_trafilatura_page",
    "resiliparse": "_resiliparse_extract",
}


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


def extract_page(payload: bytes | str, *, url: str | None = None, timeout: float | None = 10.0,
                 extractor: str = HTML_EXTRACTORS[0]) -> Page | str:
    """Main text and metadata of one HTML page, or the reason there is none.

    Returns a str (the skip reason) instead of raising, so every caller
    turns failures into skipped Documents the same way.
    """
    run = globals()[_EXTRACTORS[check_extractor(extractor)]]  # looked up per call: tests patch them
    try:
        with time_limit(timeout):
            page = run(payload, url)
    except TimeLimitExceeded:
        return f"{TIMED_OUT} after {timeout:g}s"
    except Exception as err:  # lxml/trafilatura edge cases must not stop a batch
        return clean_reason(f"HTML extraction failed: {type(err).__name__}: {err}")
    if page is None or not page.text.strip():
        return NO_MAIN_TEXT
    page.text = normalize_newlines(page.text)
    return page


def read_html(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    try:
        data = file.path.read_bytes()
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    if not data.strip():
        yield file_skipped(file, "empty", counters)
        return
    page = extract_page(data, timeout=opts.html_timeout, extractor=opts.html_extractor)
    if isinstance(page, str):
        if page.startswith(TIMED_OUT):
            counters["html_timeouts"] += 1
        yield file_skipped(file, page, counters)
        return
    yield Document(
        doc_id=make_doc_id(file.key), source=file.key, text=page.text, title=page.title, url=page.url,
        meta={"path": str(file.path), **page.meta},
    )
