"""Hypothesis strategies for every input format and the checks every reader must pass.

Shared by tests/ingest/test_fuzz_readers.py, tests/test_fuzz_runs.py and
benchmarks/fuzz.py. Each strategy draws the bytes of one file: random bytes,
random Unicode (lone surrogates, NUL, RTL marks, combining marks, huge
lines) in several encodings, broken HTML, malformed JSONL/CSV rows, and
Parquet and WARC files cut short or with bytes flipped.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import strategies as st

from pipeline.ingest import read_input
from pipeline.ingest.base import InputFile, ReadOptions
from pipeline.ingest.document import Document
from pipeline.records import document_row
from pipeline.schema import SCHEMAS

from .helpers import write_warc

EXTENSIONS = {"text": ".txt", "html": ".html", "jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet", "warc": ".warc.gz"}

NASTY = [
    "\x00", "\u202e", "\u200f", "\u0301", "\ufeff", "\ud800", "\udfff", "\u2028", "\u2029", "\r", "\r\n",
    "\t", "\x0b", "\x0c", "\x85", "\x1b[31m", "\U0001f600", "e\u0301", "\u0130", "\uffff", "\ufffd",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u4e2d\u6587", "<", ">", "&", "&amp;", '"', "'",
    ",", "\n", "\n\n", "  ", "- ", "# ", "(GAD)", "e.g.", "Dr.", "...", "kratom", "pain", "may ease",
]
WORDS = ["Kratom", "may", "ease", "chronic", "pain", "in", "rats", "a", "trial", "found", "kava", "reduced",
         "anxiety", "users", "report", "mitragynine", "opioid", "receptors", "(GAD)", "the", "Dr.", "e.g."]

_piece = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(WORDS).map(lambda w: w + " "),
    st.text(max_size=20),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=8),
)


@st.composite
def nasty_text(draw: st.DrawFn, max_pieces: int = 40) -> str:
    """Random Unicode with the awkward characters above, sometimes one huge line."""
    text = "".join(draw(st.lists(_piece, max_size=max_pieces)))
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", " ") * draw(st.integers(1, 400))  # a long line
    return text


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return text.encode("utf-16", errors="surrogatepass")
    if encoding == "cp1252":
        return text.encode("cp1252", errors="replace")
    return text.encode("utf-8", errors="surrogatepass")  # lone surrogates become invalid UTF-8


encoded_text = st.builds(encode, nasty_text(), st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252"]))


@st.composite
def corrupt(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes as they are, cut short, or with a few bytes overwritten."""
    # positions are drawn as fractions of the length: a WARC's length varies from run to run
    # (warcio writes a random record id), and hypothesis wants the same draws for the same case
    how = draw(st.sampled_from(["keep", "keep", "truncate", "flip"]))
    if not data or how == "keep":
        return data
    if how == "truncate":
        return data[: _at(draw, len(data))]
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        out[min(_at(draw, len(out)), len(out) - 1)] = draw(st.integers(0, 255))
    return bytes(out)


def _at(draw: st.DrawFn, n: int) -> int:
    """A position in [0, n)."""
    return min(int(draw(st.floats(0, 1)) * n), max(n - 1, 0))


text_file = st.one_of(st.binary(max_size=3000), encoded_text)

_TAGS = ["<html>", "<head>", "<title>", "</title>", "<body>", "<p>", "</p>", "<div>", "</div>", "<article>",
         "<h1>", "</h1>", "<ul><li>", "</li>", "<a href='x'>", "</a>", "<script>", "</script>", "<style>",
         "<!--", "-->", "<![CDATA[", "<br/>", "&#0;", "&#xD800;", "&nbsp;", "<table><tr><td>", "<meta charset='",
         "<?xml ?>", "<!DOCTYPE html>", "<svg><foreignObject>", "<", ">", "</", "<p", "='"]


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(_TAGS), nasty_text(8),
                                    st.sampled_from(WORDS).map(lambda w: w + " ")), max_size=80))
    return "".join(parts)


@st.composite
def html_article(draw: st.DrawFn) -> str:
    from .helpers import article_html

    paras = draw(st.lists(nasty_text(20), min_size=1, max_size=6))
    return article_html(draw(nasty_text(5)), paras)


html_file = st.one_of(
    st.binary(max_size=2000),
    st.builds(encode, html_soup(), st.sampled_from(["utf-8", "utf-16", "cp1252"])),
    st.builds(encode, html_article(), st.just("utf-8")),
)

_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | nasty_text(6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_record = st.fixed_dictionaries(
    {},
    optional={"text": st.one_of(nasty_text(), _json_value), "id": _json_value, "url": _json_value,
              "title": _json_value},
)


@st.composite
def jsonl_file(draw: st.DrawFn) -> bytes:
    lines = []
    for kind in draw(st.lists(st.sampled_from(["record", "record", "value", "cut", "bytes", "blank"]), max_size=12)):
        if kind == "record":
            line = json.dumps(draw(_record), ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
        elif kind == "value":
            line = json.dumps(draw(_json_value)).encode("utf-8", "surrogatepass")
        elif kind == "cut":
            full = json.dumps(draw(_record)).encode("utf-8", "surrogatepass")
            line = full[: draw(st.integers(0, len(full)))]
        elif kind == "bytes":
            line = draw(st.binary(max_size=60)).replace(b"\n", b" ")
        else:
            line = draw(st.sampled_from([b"", b"   ", b"\r", b"\t"]))
        lines.append(line)
    data = draw(st.sampled_from([b"\n", b"\r\n"])).join(lines)
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return draw(corrupt(data))


@st.composite
def csv_file(draw: st.DrawFn) -> bytes:
    cell = st.one_of(nasty_text(6), st.sampled_from(['"', '""', '"a,b"', "a\nb", ",", "\x00", ""]))
    header = draw(st.lists(st.sampled_from(["text", "id", "url", "title", "other", "", "text "]), max_size=5))
    rows = draw(st.lists(st.lists(cell, max_size=6), max_size=10))
    raw = st.booleans()
    out = []
    for row in [header, *rows]:
        if draw(raw):
            out.append(",".join(row))  # unquoted: stray quotes and commas as they come
        else:
            buf = io.StringIO()
            import csv

            csv.writer(buf).writerow(row)
            out.append(buf.getvalue().rstrip("\r\n"))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(out)
    data = encode(text, draw(st.sampled_from(["utf-8", "utf-8", "cp1252"])))
    return draw(corrupt(data))


@st.composite
def parquet_file(draw: st.DrawFn) -> bytes:
    n = draw(st.integers(0, 12))
    valid_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
    columns: dict[str, pa.Array] = {}
    kind = draw(st.sampled_from(["string", "string", "large_string", "int", "binary", "dictionary", "missing"]))
    values = draw(st.lists(st.one_of(st.none(), valid_text, nasty_text(10).map(
        lambda t: t.encode("utf-8", "replace").decode("utf-8"))), min_size=n, max_size=n))
    if kind == "string":
        columns["text"] = pa.array(values, pa.string())
    elif kind == "large_string":
        columns["text"] = pa.array(values, pa.large_string())
    elif kind == "dictionary":
        columns["text"] = pa.array(values, pa.string()).dictionary_encode()
    elif kind == "int":
        columns["text"] = pa.array(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), pa.int64())
    elif kind == "binary":
        columns["text"] = pa.array(draw(st.lists(st.binary(max_size=20), min_size=n, max_size=n)), pa.binary())
    columns["id"] = pa.array(draw(st.lists(st.one_of(st.none(), st.text(max_size=3)), min_size=n, max_size=n)),
                             pa.string())
    buf = io.BytesIO()
    pq.write_table(pa.table(columns), buf, row_group_size=draw(st.integers(1, 5)),
                   compression=draw(st.sampled_from(["none", "snappy", "zstd"])))
    return draw(corrupt(buf.getvalue()))


@st.composite
def warc_file(draw: st.DrawFn) -> bytes:
    records = []
    for _ in range(draw(st.integers(0, 4))):
        body = draw(st.one_of(html_article(), html_soup(), st.binary(max_size=200)))
        if isinstance(body, str):
            body = encode(body, "utf-8")
        records.append({
            "uri": "http://example.org/" + str(len(records)),
            "body": body,
            "rec_type": draw(st.sampled_from(["response", "response", "response", "request", "metadata"])),
            "status": draw(st.sampled_from(["200 OK", "200 OK", "404 Not Found", "301 Moved"])),
            "content_type": draw(st.sampled_from(["text/html", "text/html; charset=utf-8",
                                                  "text/html; charset=bogus", "image/png", "application/xhtml+xml"])),
        })
    with tempfile.TemporaryDirectory() as tmp:
        path = write_warc(Path(tmp) / "x.warc", records, gzip=draw(st.booleans()))
        data = path.read_bytes()
    if draw(st.booleans()) and data:  # two files glued, the first cut inside a gzip member
        data = data[: _at(draw, len(data))] + data
    return draw(corrupt(data))


FILES = {"text": text_file, "html": html_file, "jsonl": jsonl_file(), "csv": csv_file(),
         "parquet": parquet_file(), "warc": warc_file()}


# -- checks ----------------------------------------------------------------------------------


def _valid_unicode(s: str | None) -> bool:
    if s is None:
        return True
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_documents(docs: list[Document], file: InputFile, counters: Counter) -> None:
    """What every reader owes for any input: accounted for, clean records, writable rows."""
    assert counters["reader_errors"] == 0, [d.reason for d in docs if not d.ok]
    assert docs, f"{file.key}: no Document at all (the file would vanish from the output)"
    ids = [d.doc_id for d in docs]
    assert len(ids) == len(set(ids)), "doc ids repeat"
    for d in docs:
        assert d.source == file.key or d.source.startswith(file.key + "#"), d.source
        assert d.status in ("ok", "skipped")
        if d.ok:
            assert isinstance(d.text, str) and d.text.strip(), "ok document without text"
            assert "\r" not in d.text, "newlines not normalised"
        else:
            assert d.reason and d.reason.isprintable() and len(d.reason) <= 300, d.reason
        for value in (d.text, d.title, d.url, d.crawl_date, d.reason):
            assert _valid_unicode(value), f"not valid Unicode (lone surrogate) in {d.source}"
    pa.Table.from_pylist([document_row(d) for d in docs], schema=SCHEMAS["documents"])


def read_file(path: Path, fmt: str, opts: ReadOptions | None = None) -> tuple[list[Document], Counter, InputFile]:
    file = InputFile(path=path, key=f"fuzz/{path.name}", fmt=fmt)
    counters: Counter = Counter()
    docs = list(read_input(file, opts or ReadOptions(html_timeout=5.0), counters))
    return docs, counters, file


def check_reader(fmt: str, data: bytes, folder: Path) -> int:
    """Write ``data`` as a file of format ``fmt`` and check what the reader makes of it."""
    path = folder / f"case{EXTENSIONS[fmt]}"
    path.write_bytes(data)
    docs, counters, file = read_file(path, fmt)
    check_documents(docs, file, counters)
    return len(docs)
