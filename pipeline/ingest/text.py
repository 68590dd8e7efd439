"""Plain text and Markdown: the file's text, byte-for-byte apart from newlines.

Document.text is the decoded file with CRLF / lone CR turned into LF and
nothing else (no stripping, no Markdown rendering), so sentence and entity
offsets can be mapped straight back to the file. Decoding: UTF-8 (BOM
stripped), UTF-16 when the file starts with a UTF-16 BOM, else cp1252 only
when the bytes decode cleanly and read like Western text; anything else is
skipped as undecodable rather than guessed.
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Iterator

from pipeline.ingest.base import InputFile, ReadOptions, file_skipped, normalize_newlines, os_error_reason
from pipeline.ingest.document import Document, make_doc_id

_SNIFF = 65536
# Control bytes that never appear in text (TAB, LF, VT, FF, CR and ESC excluded).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_MAX_CONTROL_RATIO = 0.05
# cp1252 fallback: legacy Western text has few non-ASCII characters; text in
# another legacy encoding (KOI8, GBK, Shift-JIS) decodes to mostly non-ASCII.
_MAX_NON_ASCII_RATIO = 0.10
_TITLE_MAX_CHARS = 120
_TITLE_MAX_WORDS = 16


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    head = data[:_SNIFF]
    n_control = len(head) - len(head.translate(None, _CONTROL))
    return n_control > _MAX_CONTROL_RATIO * len(head)


def decode_text(data: bytes) -> tuple[str, str] | str:
    """(text, encoding), or the skip reason."""
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        # UTF-32 LE starts with the UTF-16 LE BOM too: its NUL pairs fail the check below.
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF32_LE):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as err:
                return f"undecodable: starts with a {enc} byte-order mark but is not valid {enc} ({err.reason})"
            if "\x00" in text:
                return "binary file"
            return text, enc
    if looks_binary(data):
        return "binary file"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = f"invalid byte 0x{data[err.start]:02x} at offset {err.start}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return f"undecodable: not UTF-8 ({utf8_error}) and not cp1252"
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii > _MAX_NON_ASCII_RATIO * len(text):
        return f"undecodable: not UTF-8 ({utf8_error}) and too many non-ASCII characters for cp1252 text"
    return text, "cp1252"


def guess_title(text: str) -> str | None:
    """The first non-blank line when it reads like a heading, else None.

    A heading is short, ends without sentence/lead-in punctuation, and is
    followed by more text. Markdown '#' markers are dropped from the title
    (the document text keeps them).
    """
    lines = text.lstrip().split("\n", 1)
    if len(lines) < 2 or not lines[1].strip():
        return None
    first = lines[0].strip()
    if first.startswith("#"):
        first = first.lstrip("#").strip()
    if (not first or len(first) > _TITLE_MAX_CHARS or len(first.split()) > _TITLE_MAX_WORDS
            or first[-1] in ".,;:" or not any(ch.isalpha() for ch in first)):
        return None
    return first


def read_text(file: InputFile, opts: ReadOptions, counters: Counter[str]) -> Iterator[Document]:
    try:
        data = file.path.read_bytes()
    except OSError as err:
        yield file_skipped(file, os_error_reason(err), counters)
        return
    decoded = decode_text(data)
    if isinstance(decoded, str):
        yield file_skipped(file, decoded, counters)
        return
    raw, encoding = decoded
    text = normalize_newlines(raw)
    if not text.strip():
        yield file_skipped(file, "empty", counters)
        return
    meta: dict[str, object] = {"path": str(file.path)}
    if encoding != "utf-8":
        meta["encoding"] = encoding
    yield Document(doc_id=make_doc_id(file.key), source=file.key, text=text, title=guess_title(text), meta=meta)
