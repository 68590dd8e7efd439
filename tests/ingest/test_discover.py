from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from pipeline.errors import InputNotFound
from pipeline.ingest import discover, format_of, plan


def touch(path: Path, text: str = "Kava may ease anxiety.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a.md", "sub/z.html", "sub/deeper/c.jsonl", "A.CSV", "x.warc.gz",
                ".hidden.txt", ".git/config.txt", "notes.pdf", "data.gz", "sub/y.parquet"]:
        touch(root / rel)
    return root


def test_recursive_sorted_hidden_and_unknown_reported(corpus: Path) -> None:
    counters: Counter[str] = Counter()
    files = plan([corpus], counters)
    assert [(f.key, f.fmt) for f in files] == [
        ("corpus/.git", "skip"), ("corpus/.hidden.txt", "skip"), ("corpus/A.CSV", "csv"),
        ("corpus/a.md", "text"), ("corpus/b.txt", "text"), ("corpus/data.gz", "skip"),
        ("corpus/notes.pdf", "skip"), ("corpus/sub/deeper/c.jsonl", "jsonl"),
        ("corpus/sub/y.parquet", "parquet"), ("corpus/sub/z.html", "html"), ("corpus/x.warc.gz", "warc"),
    ]
    reasons = {f.key: f.skip for f in files if f.skip}
    assert reasons == {
        "corpus/.git": "hidden folder: name starts with '.'",
        "corpus/.hidden.txt": "hidden file: name starts with '.'",
        "corpus/data.gz": "unsupported extension: .gz (name the file to read it as plain text)",
        "corpus/notes.pdf": "unsupported extension: .pdf (name the file to read it as plain text)",
    }
    assert counters["ignored_files"] == 2  # notes.pdf, data.gz
    assert counters["hidden_skipped"] == 2  # .hidden.txt, the .git folder (not walked)
    assert discover([corpus]) == [f.path for f in files if f.fmt != "skip"]


def test_explicit_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    log = touch(tmp_path / "notes.log")
    hidden = touch(tmp_path / ".secret.txt")
    files = plan([log, hidden])
    assert [(f.key, f.fmt, f.explicit) for f in files] == [("notes.log", "text", True), (".secret.txt", "text", True)]


def test_missing_input_names_the_path(tmp_path: Path) -> None:
    ok = touch(tmp_path / "a.txt")
    with pytest.raises(InputNotFound) as info:
        discover([ok, tmp_path / "nope" / "missing.txt"])
    message = str(info.value)
    assert message.startswith("[E001] Input not found: '")
    assert "missing.txt" in message


def test_keys_do_not_depend_on_cwd(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)
    from_parent = [f.key for f in plan(["corpus"])]
    monkeypatch.chdir(corpus / "sub")
    from_inside = [f.key for f in plan([".."])]
    from_absolute = [f.key for f in plan([corpus])]
    assert from_parent == from_inside == from_absolute
    assert from_parent[2] == "corpus/A.CSV"


def test_colliding_keys_are_qualified_and_duplicates_read_once(tmp_path: Path) -> None:
    one = touch(tmp_path / "left" / "data" / "a.txt")
    two = touch(tmp_path / "right" / "data" / "a.txt")
    counters: Counter[str] = Counter()
    files = plan([one.parent, two.parent, one, tmp_path / "left" / "data" / "a.txt"], counters)
    assert [f.key for f in files] == ["data/a.txt", "right/data/a.txt"]
    assert counters["duplicate_inputs"] == 2
    # the same two files named explicitly
    assert [f.key for f in plan([one, two])] == ["a.txt", "data/a.txt"]


def test_single_path_string_is_accepted(tmp_path: Path) -> None:
    path = touch(tmp_path / "x.txt")
    assert discover(str(path)) == [path]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    touch(root / "a.txt")
    outside = touch(tmp_path / "elsewhere" / "b.txt")
    (root / "link").symlink_to(outside.parent, target_is_directory=True)
    files = plan([root])
    assert [(f.key, f.fmt, f.skip) for f in files] == [
        ("root/a.txt", "text", None), ("root/link", "skip", "symlinked folder: not followed")
    ]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.warc.gz", "warc"), ("a.WARC", "warc"), ("a.ndjson", "jsonl"), ("a.htm", "html"),
     ("a.gz", None), ("warc.gz", None), ("a.markdown", None), ("README", None)],
)
def test_format_of(name: str, fmt: str | None) -> None:
    assert format_of(Path(name)) == fmt
