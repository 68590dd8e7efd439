"""Every entry of an input folder is accounted for: read, or a skipped documents row with its reason.

The folder holds the awkward inputs a crawl or a user's download folder
has: dangling symlinks, symlink loops, a symlinked folder, a second link to
a file, a fifo, hidden entries, unknown and missing extensions, empty,
binary and undecodable files, unreadable files and folders. Tests run as
root here, and chmod 000 does not stop root from reading: the unreadable
cases are then checked by making the OS call fail (monkeypatch), and the
chmod'ed entries are checked to be read like any other file.
"""

from __future__ import annotations

import errno
import os
from collections import Counter
from pathlib import Path

import pytest

from pipeline.ingest import iter_documents, plan

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks, fifos and modes")

ARTICLE = "Kratom may ease chronic pain, users report.\nIn rats, mitragynine bound to opioid receptors.\n"
HTML = (b"<!DOCTYPE html><html><head><title>Kava</title></head><body><article><h1>Kava and sleep</h1>"
        b"<p>A randomized trial found that kava reduced anxiety in 60 adults over eight weeks of use.</p>"
        b"<p>Participants who took kava slept longer and reported fewer night awakenings than those on placebo.</p>"
        b"</article></body></html>")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def build_awkward(root: Path) -> Path:
    """A folder of 30-odd awkward entries (written by the test, nothing third-party)."""
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "sub" / "empty-folder").mkdir()
    (root / ".hidden-folder").mkdir()
    (root / ".hidden-folder" / "inside.txt").write_text(ARTICLE)
    (root / "locked-folder").mkdir()
    (root / "locked-folder" / "in-locked.txt").write_text(ARTICLE)
    files: dict[str, bytes] = {
        "article.txt": ARTICLE.encode(),
        "notes.md": ("# Notes\n\n" + ARTICLE).encode(),
        "page.html": HTML,
        "rows.jsonl": b'{"text": "Kava may ease anxiety."}\nnot json\n',
        "table.csv": b"text\nValerian may help with insomnia.\n",
        "empty.txt": b"",
        "blank.txt": b"  \n\n",
        "binary.txt": bytes(range(256)) * 4,
        "utf16-broken.txt": b"\xff\xfeK\x00a\x00\x00\xd8",
        "README": ARTICLE.encode(),  # no extension, text: read
        "saved-page": HTML,  # no extension, HTML: read as HTML
        "blob": b"\x7fELF\x02\x01\x01\x00" + bytes(300),  # no extension, binary: skipped
        "no-ext-empty": b"",
        "trailing.": ARTICLE.encode(),
        "report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(40),
        "archive.tar.gz": b"\x1f\x8b\x08\x00" + bytes(40),
        "notes.log": ARTICLE.encode(),
        "name with spaces ü ☃.txt": ARTICLE.encode(),
        ".hidden.txt": ARTICLE.encode(),
        "locked.txt": ARTICLE.encode(),
        "sub/deeper/deep.txt": ARTICLE.encode(),
        "sub/inner.HTML": HTML,
    }
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    (root / "dangling.txt").symlink_to(root / "missing-target.txt")
    (root / "loop-a").symlink_to(root / "loop-b")
    (root / "loop-b").symlink_to(root / "loop-a")
    (root / "self-loop.txt").symlink_to(root / "self-loop.txt")
    (root / "linked-folder").symlink_to(root / "sub", target_is_directory=True)
    (root / "second-link.txt").symlink_to(root / "article.txt")
    (root / "link-outside.txt").symlink_to(root.parent / "outside.txt")
    (root.parent / "outside.txt").write_text(ARTICLE)
    os.mkfifo(root / "a-fifo")
    (root / "link-to-fifo").symlink_to(root / "a-fifo")
    os.chmod(root / "locked.txt", 0)
    os.chmod(root / "locked-folder", 0)
    return root


def listing(root: Path) -> list[str]:
    """Keys of every entry that must be accounted for: the walk's contract in plain os calls.

    Real (not symlinked, not hidden) folders are walked; every other entry is one key.
    """
    keys = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = Path(dirpath).relative_to(root.parent)
        walked = []
        for d in dirnames:
            full = Path(dirpath, d)
            if d.startswith(".") or full.is_symlink() or not os.access(full, os.R_OK | os.X_OK):
                keys.append((rel / d).as_posix())
            else:
                walked.append(d)
        dirnames[:] = walked
        keys += [(rel / f).as_posix() for f in filenames]
    return sorted(keys)


@pytest.fixture
def awkward(tmp_path: Path):
    root = build_awkward(tmp_path / "awkward")
    yield root
    os.chmod(root / "locked-folder", 0o755)
    os.chmod(root / "locked.txt", 0o644)


def _accounted(keys: list[str], sources: list[str]) -> list[str]:
    have = set(sources)
    prefixes = {s.split("#", 1)[0] for s in sources}
    return [k for k in keys if k not in have and k not in prefixes]


def test_every_listed_entry_becomes_a_row(awkward: Path) -> None:
    counters: Counter[str] = Counter()
    docs = list(iter_documents([awkward], counters=counters))
    keys = listing(awkward)
    assert len(keys) >= 30
    assert _accounted(keys, [d.source for d in docs]) == []
    assert len({d.doc_id for d in docs}) == len(docs)
    by_source = {d.source: d for d in docs}
    reason = {s: d.reason for s, d in by_source.items() if not d.ok}
    ok = {s for s, d in by_source.items() if d.ok}

    assert reason["awkward/dangling.txt"].startswith("broken symlink: target ")
    for loop in ("awkward/loop-a", "awkward/loop-b", "awkward/self-loop.txt"):
        assert reason[loop] == "symlink loop: too many levels of symbolic links"
    assert reason["awkward/linked-folder"] == "symlinked folder: not followed"
    assert reason["awkward/second-link.txt"] == "duplicate: same file as awkward/article.txt"
    assert reason["awkward/a-fifo"] == "not a regular file: fifo"
    assert reason["awkward/link-to-fifo"] == "not a regular file: symlink to a fifo"
    assert reason["awkward/.hidden.txt"] == "hidden file: name starts with '.'"
    assert reason["awkward/.hidden-folder"] == "hidden folder: name starts with '.'"
    for name, ext in (("report.pdf", ".pdf"), ("image.png", ".png"), ("archive.tar.gz", ".gz"),
                      ("notes.log", ".log"), ("trailing.", ".")):
        assert reason[f"awkward/{name}"].startswith(f"unsupported extension: {ext} "), name
    assert reason["awkward/empty.txt"] == reason["awkward/blank.txt"] == reason["awkward/no-ext-empty"] == "empty"
    assert reason["awkward/binary.txt"] == reason["awkward/blob"] == "binary file"
    assert reason["awkward/utf16-broken.txt"].startswith("undecodable")
    # read: known formats, extensionless text and HTML, a symlink to a file outside, nested files
    for name in ("article.txt", "notes.md", "page.html", "rows.jsonl#1", "table.csv#1", "README",
                 "saved-page", "link-outside.txt", "name with spaces ü ☃.txt", "sub/deeper/deep.txt",
                 "sub/inner.HTML"):
        assert f"awkward/{name}" in ok, name
    assert by_source["awkward/saved-page"].title == "Kava"  # went through the HTML reader (its <title>)
    assert "<p>" not in by_source["awkward/saved-page"].text
    assert reason["awkward/rows.jsonl#2"].startswith("line 2: ")
    if IS_ROOT:  # chmod 000 does not stop root: both are read like any other entry
        assert "awkward/locked.txt" in ok and "awkward/locked-folder/in-locked.txt" in ok
    else:
        assert reason["awkward/locked.txt"] == "unreadable: Permission denied"
        assert reason["awkward/locked-folder"] == "unreadable folder: Permission denied"


def test_unreadable_folder_and_file_are_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The permission errors root never sees, made to happen by failing the OS calls."""
    root = tmp_path / "corpus"
    (root / "closed").mkdir(parents=True)
    (root / "closed" / "x.txt").write_text(ARTICLE)
    (root / "closed.txt").write_text(ARTICLE)
    (root / "open.txt").write_text(ARTICLE)
    real_scandir, real_read_bytes = os.scandir, Path.read_bytes

    def scandir(path):
        if Path(path) == root / "closed":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self: Path) -> bytes:
        if self.name == "closed.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    counters: Counter[str] = Counter()
    docs = {d.source: d for d in iter_documents([root], counters=counters)}
    assert docs["corpus/closed"].reason == "unreadable folder: Permission denied"
    assert docs["corpus/closed.txt"].reason == "unreadable: Permission denied"
    assert docs["corpus/open.txt"].ok
    assert len(docs) == 3 and counters["unreadable_folders"] == 1
    # an unreadable folder given as the input itself is one row too
    only = list(plan([root / "closed"]))
    assert [(f.key, f.fmt, f.skip) for f in only] == [("closed", "skip", "unreadable folder: Permission denied")]


def test_rows_show_in_summary_show_and_report(awkward: Path, tmp_path: Path) -> None:
    """A real run with the rules pipeline: the skipped entries reach every place that lists skips."""
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.write import table_path

    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(awkward), "-o", str(out), "-w", "1", "--model", "rules"])
    assert result.exit_code == 0, result.output
    import pandas as pd

    docs = pd.read_parquet(table_path(out, "documents"))
    assert _accounted(listing(awkward), list(docs.source)) == []
    for group in ("symlink loop (3)", "broken symlink (1)", "unsupported extension (5)", "hidden file (1)",
                  "hidden folder (1)", "not a regular file (2)", "duplicate (1)", "symlinked folder (1)"):
        assert group in result.output, group
    shown = runner.invoke(app, ["show", str(out)], terminal_width=200)
    assert shown.exit_code == 0
    for cue in ("symlink loop", "broken symlink", "unsupported extension", "not a regular file"):
        assert cue in shown.output, cue
    html_path = tmp_path / "report.html"
    assert runner.invoke(app, ["report", str(out), "-o", str(html_path)]).exit_code == 0
    html = html_path.read_text(encoding="utf-8")
    for cue in ("symlink loop", "broken symlink", "unsupported extension", "symlinked folder"):
        assert cue in html, cue


def test_the_runs_own_output_inside_the_input_is_not_read(tmp_path: Path) -> None:
    """`claimlens run corpus -o corpus/out`: the output, staging folder and lock are not inputs, so a rerun is a no-op."""
    from pipeline.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(ARTICLE)
    first = run([corpus], corpus / "out", model="rules", workers=1)
    assert first.counts["documents_ok"] == 3 and first.counts.get("documents_skipped", 0) == 0
    again = run([corpus], corpus / "out", model="rules", workers=1)
    assert again.already_complete
