"""Tiny fixture builders for the ingest tests (the tests write everything into tmp_path)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

ARTICLE_TEXT = [
    "Valerian root has been used as a sleep aid for a long time in several parts of Europe and Asia.",
    "In a randomized trial of 120 adults with insomnia, valerian shortened the time it took to fall asleep.",
    "Some users report vivid dreams after taking it in the evening, and a few describe morning grogginess.",
]


def article_html(title: str = "Valerian and Sleep", paragraphs: list[str] | None = None) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in (paragraphs or ARTICLE_TEXT))
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/shop">Shop our herbs</a></li></ul></nav>
<article><h1>{title}</h1>
{paras}
<h2>Common side effects</h2>
<ul><li>Headache after the first doses</li><li>Stomach upset in some people</li></ul>
</article>
<footer><p>Copyright 2024 Herb Notes. All rights reserved.</p></footer>
</body></html>"""


NO_MAIN_TEXT_HTML = """<html><head><title>Menu</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav>
</body></html>"""


def write_warc(path: Path, records: list[dict[str, Any]], gzip: bool = True) -> Path:
    """Write a WARC with warcio's writer.

    Each record: uri, body, and optionally rec_type ('response' | 'request' |
    any other WARC type), status ('200 OK'), content_type ('text/html'), date.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for rec in records:
            body = rec["body"].encode("utf-8") if isinstance(rec["body"], str) else rec["body"]
            rec_type = rec.get("rec_type", "response")
            warc_headers = {"WARC-Date": rec.get("date", "2024-05-01T12:00:00Z")}
            if rec_type == "response":
                http = StatusAndHeaders(rec.get("status", "200 OK"),
                                        [("Content-Type", rec.get("content_type", "text/html"))],
                                        protocol="HTTP/1.1")
                record = writer.create_warc_record(rec["uri"], rec_type, payload=io.BytesIO(body),
                                                   http_headers=http, warc_headers_dict=warc_headers)
            elif rec_type == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                record = writer.create_warc_record(rec["uri"], rec_type, payload=io.BytesIO(body),
                                                   http_headers=http, warc_headers_dict=warc_headers)
            else:
                record = writer.create_warc_record(rec["uri"], rec_type, payload=io.BytesIO(body),
                                                   warc_content_type=rec.get("content_type", "text/plain"),
                                                   warc_headers_dict=warc_headers)
            writer.write_record(record)
    return path
