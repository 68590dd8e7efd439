from __future__ import annotations

import codecs
import os
from collections import Counter
from pathlib import Path

import pytest

from pipeline.ingest import iter_documents
from pipeline.ingest.document import make_doc_id
from pipeline.ingest.text import decode_text, guess_title, looks_binary


def one(path: Path, counters: Counter[str] | None = None):
    docs = list(iter_documents([path], counters=counters))
    assert len(docs) == 1
    return docs[0]


def test_crlf_becomes_lf_and_nothing_else_changes(tmp_path: Path) -> None:
    raw = "Kava Notes\r\n\r\n  Kava may ease anxiety.  \r\nIt is\tcalming.\rEnd \n"
    path = tmp_path / "notes.txt"
    path.write_bytes(raw.encode("utf-8"))
    doc = one(path)
    assert doc.ok
    assert doc.text == "Kava Notes\n\n  Kava may ease anxiety.  \nIt is\tcalming.\nEnd \n"
    # offsets into the normalised text: the sentence starts after "Kava Notes\n\n  "
    start = doc.text.index("Kava may")
    assert start == 14
    assert doc.text[start:start + 22] == "Kava may ease anxiety."
    assert doc.text[doc.text.index("It is"):].startswith("It is\tcalming.\nEnd")


def test_utf8_bom_is_stripped_and_accents_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Café au kava, naïve users.\n".encode())
    doc = one(path)
    assert doc.text == "Café au kava, naïve users.\n"
    assert "encoding" not in doc.meta


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Kava may ease anxiety.\r\n".encode("utf-16"))  # writes a BOM
    doc = one(path)
    assert doc.ok and doc.text == "Kava may ease anxiety.\n"
    assert doc.meta["encoding"].startswith("utf-16")


def test_cp1252_fallback_for_clean_western_text(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Kava \u201ccalms\u201d the mind \u2013 says the caf\u00e9 owner.\n".encode("cp1252"))
    doc = one(path)
    assert doc.ok
    assert doc.text == "Kava \u201ccalms\u201d the mind \u2013 says the caf\u00e9 owner.\n"
    assert doc.meta["encoding"] == "cp1252"


def test_undecodable_bytes_are_skipped_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "koi8.txt"
    # Russian in KOI8-R: not UTF-8, and as cp1252 it would be mostly accented garbage.
    path.write_bytes("Кава снимает тревогу и стресс".encode("koi8-r"))
    doc = one(path)
    assert not doc.ok
    assert doc.reason.startswith("undecodable: not UTF-8 (invalid byte 0x")
    assert doc.text == ""


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    c: Counter[str] = Counter()
    doc = one(path, c)
    assert (doc.status, doc.reason) == ("skipped", "binary file")
    assert c["documents_skipped"] == 1 and c["files_skipped"] == 1


def test_control_characters_without_nul_count_as_binary() -> None:
    assert looks_binary(b"\x01\x02\x03\x04abc" * 10)
    assert not looks_binary("plain text with a tab\tand é".encode())


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n  "])
def test_empty_and_whitespace_only_are_skipped(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(content)
    doc = one(path)
    assert (doc.status, doc.reason) == ("skipped", "empty")
    assert doc.doc_id == make_doc_id("blank.md")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Kava may ease anxiety.")
    path.chmod(0)
    try:
        doc = one(path)
    finally:
        path.chmod(0o644)
    assert (doc.status, doc.reason) == ("skipped", "unreadable: Permission denied")


def test_unreadable_file_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "flaky.txt"
    path.write_text("Kava may ease anxiety.")
    real = Path.read_bytes

    def failing(self: Path) -> bytes:
        if self.name == "flaky.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    doc = one(path)
    assert (doc.status, doc.reason) == ("skipped", "unreadable: Permission denied")
    assert doc.source == "flaky.txt"


def test_title_from_heading_line(tmp_path: Path) -> None:
    md = tmp_path / "post.md"
    md.write_text("# Kava and Sleep\n\nKava may help you sleep.\n")
    doc = one(md)
    assert doc.title == "Kava and Sleep"
    assert doc.text.startswith("# Kava and Sleep\n")  # markdown kept in the text


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Does Kava Work?\nSome say yes.", "Does Kava Work?"),
        ("Kava may ease anxiety in adults.\nMore text.", None),  # a sentence, not a heading
        ("Side effects:\n- nausea", None),  # a lead-in
        ("Only one line heading", None),  # nothing follows it
        ("\n\n  Kava Basics  \nText.", "Kava Basics"),
        (" ".join(["word"] * 20) + "\nText.", None),  # too long
        ("2024-05-01\nText.", None),  # no letters
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(text) == title


def test_decode_text_reports_reasons() -> None:
    assert decode_text(b"ok") == ("ok", "utf-8")
    assert decode_text(b"a\x00b") == "binary file"
    assert decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8") == (
        "undecodable: starts with a utf-16-le byte-order mark but is not valid utf-16-le (unexpected end of data)"
    )
