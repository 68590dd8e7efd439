"""WARC files (.warc, .warc.gz): one Document per archived HTML page.

What counts as a document: a `response` record with an HTTP status of 200
and an HTML content type (text/html, application/xhtml+xml). Such a record
always yields a Document: ok with the trafilatura main text, or skipped
(no main text, timeout). Every other record is not a document and is only
counted, never yielded:
  warc_not_response  request, metadata, warcinfo, revisit, resource records
  warc_not_200       responses with any other status (redirects, 404s, ...)
  warc_not_html      200 responses of another type (images, CSS, PDF, ...)
A WARC that cannot be parsed (not a WARC, bad gzip, a truncated record)
yields one skipped Document for the file naming the first bad record;
documents from records before the damage have already been yielded.

Records are read with FastWARC (C++/Rust, several times faster than warcio).
When FastWARC stops on a record (an error, or a payload shorter than its
Content-Length), the file is read again with warcio from that record on:
warcio reads what FastWARC could not, and names the damage in the reason.

source is "<file key>#<record offset>" (the byte offset of the record in
the file, stable and unique even when a URL was crawled twice); url is
WARC-Target-URI, crawl_date is WARC-Date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pipeline.ingest.base import InputFile, ReadOptions, file_skipped, os_error_reason
from pipeline.ingest.document import Document, make_doc_id
from pipeline.ingest.html_page import TIMED_OUT, decode_with_charset, extract_page

HTML_TYPES = ("text/html", "application/xhtml+xml")


class _Corrupt(Exception):
    pass


def _html_type(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def read_warc(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    try:
        fh = file.path.open("rb")
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    n_records = 0
    with fh:
        try:
            for record in ArchiveIterator(fh, parse_http=True):
                if record.record_type != WarcRecordType.response or not record.is_http:
                    n_records += 1
                    counters["warc_records"] += 1
                    counters["warc_not_response"] += 1
                    continue
                http = record.http_headers
                content_type = http.get("Content-Type")
                if http.status_code == 200 and _html_type(content_type):
                    payload = record.reader.read()
                    if len(payload) != record.content_length:
                        break  # cut short: warcio reads it again and names the damage
                else:
                    payload = None
                n_records += 1
                counters["warc_records"] += 1
                if http.status_code != 200:
                    counters["warc_not_200"] += 1
                    continue
                if payload is None:
                    counters["warc_not_html"] += 1
                    continue
                headers = record.headers
                yield _page_document(file, record.stream_pos, headers.get("WARC-Target-URI"),
                                     headers.get("WARC-Date"), headers.get("WARC-Record-ID"),
                                     payload, content_type, opts, counters)
            else:
                if n_records == 0 and file.path.stat().st_size == 0:
                    yield file_skipped(file, "empty", counters)
                    return
                if n_records:
                    return
        except Exception:  # noqa: BLE001 - FastWARC raises OSError and others; warcio tells what is wrong
            pass
    yield from _read_warc_warcio(file, opts, counters, skip=n_records)


def _read_warc_warcio(file: InputFile, opts: ReadOptions, counters: Counter[str], skip: int = 0) -> Iterator[Document]:
    """The records from number `skip` on (0-based), read with warcio (slower, but says what is broken)."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        fh = file.path.open("rb")
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    n_records = 0
    with fh:
        try:
            records = ArchiveIterator(fh)
            for record in records:
                n_records += 1
                if record.format != "warc":  # warcio falls back to parsing ARC headers out of anything
                    raise _Corrupt("not a WARC record")
                if n_records <= skip:  # already read by FastWARC
                    continue
                counters["warc_records"] += 1
                if record.rec_type != "response" or record.http_headers is None:
                    counters["warc_not_response"] += 1
                    continue
                if record.http_headers.get_statuscode() != "200":
                    counters["warc_not_200"] += 1
                    continue
                content_type = record.http_headers.get_header("Content-Type")
                if not _html_type(content_type):
                    counters["warc_not_html"] += 1
                    continue
                payload = record.content_stream().read()
                missing = getattr(record.raw_stream, "limit", 0)
                if missing:  # warcio returns a cut-off record without complaint
                    raise _Corrupt(f"record at offset {records.offset} is truncated ({missing} bytes missing)")
                headers = record.rec_headers
                yield _page_document(file, records.get_record_offset(), headers.get_header("WARC-Target-URI"),
                                     headers.get_header("WARC-Date"), headers.get_header("WARC-Record-ID"),
                                     payload, content_type, opts, counters)
        except Exception as err:  # warcio raises ArchiveLoadFailed, zlib/gzip/EOF errors, ValueError
            # _Corrupt is raised inside the loop (record already counted); warcio's errors while
            # parsing the next record, before it is counted.
            at = n_records if isinstance(err, _Corrupt) else n_records + 1
            what = str(err) if isinstance(err, _Corrupt) else f"{type(err).__name__}: {err}"
            yield file_skipped(file, f"corrupt WARC at record {at}: {what}", counters)
            return
    if n_records == 0:
        yield file_skipped(file, "empty", counters)


def _page_document(file: InputFile, offset: int, url: str | None, date: str | None, record_id: str | None,
                   payload: bytes, content_type: str | None, opts: ReadOptions, counters: Counter[str]) -> Document:
    meta = {"path": str(file.path), "warc_offset": offset, "warc_record_id": record_id}
    source = f"{file.key}#{offset}"
    common = {"doc_id": make_doc_id(file.key, offset), "source": source, "url": url, "crawl_date": date}
    page = extract_page(decode_with_charset(payload, content_type), url=url, timeout=opts.html_timeout,
                        extractor=opts.html_extractor)
    if isinstance(page, str):
        if page.startswith(TIMED_OUT):
            counters["html_timeouts"] += 1
        counters["bad_records"] += 1
        return Document(status="skipped", reason=page, meta=meta, **common)
    return Document(text=page.text, title=page.title, meta={**meta, **page.meta}, **common)
