"""Inputs -> the ordered list of entries to read or report, each with a stable key.

Order: inputs as given; inside a folder, entries sorted by their path
relative to the folder (code-point order, the same on every machine),
walked recursively without following symlinked folders. A file named
explicitly is always read (as plain text when its extension is unknown).

Every entry a folder walk meets is accounted for: what will not be read
becomes an InputFile with fmt "skip" and a reason, which the reader turns
into one skipped documents row. That covers hidden entries (name starting
with "."; a hidden folder is one row, not walked), unknown extensions,
broken symlinks, symlink loops, symlinked folders, fifos/sockets/devices,
unreadable folders and a second path to a file already read (a symlink).
Files without any extension are read: fmt "sniff" decides between HTML and
plain text from their first bytes (binary ones are skipped by the text
reader). The same path given twice (a folder and a file inside it) is read
once and counted as a duplicate input.

Keys (Document.source, and the base of every doc_id) do not depend on the
current directory: "<folder name>/<path inside the folder>" for entries found
through a folder, the file name for a file named explicitly. When two
different entries would get the same key, the later one is qualified with
enough parent folder names to differ (its absolute path at worst).
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import InputNotFound
from pipeline.ingest.base import InputFile

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".warc": "warc",
    ".warc.gz": "warc",
}


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return FORMATS[suffix]
    return None


def has_extension(path: Path) -> bool:
    """A dot inside the name (not leading): "notes.pdf" has one, "README" and ".bashrc" do not."""
    return "." in path.name.lstrip(".")


_SPECIAL = ((stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
            (stat.S_ISBLK, "block device"))


def _special_kind(mode: int) -> str:
    return next((name for test, name in _SPECIAL if test(mode)), "special file")


def _symlink_reason(path: str) -> str | None:
    """Why a symlink cannot be read as a file, or None when it points to a regular file."""
    try:
        st = os.stat(path)  # follows the link
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symlink loop: too many levels of symbolic links"
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            return f"broken symlink: target {os.readlink(path)!r} not found"
        return f"unreadable symlink: {err.strerror or type(err).__name__}"
    if stat.S_ISDIR(st.st_mode):
        return "symlinked folder: not followed"
    if not stat.S_ISREG(st.st_mode):
        return f"not a regular file: symlink to a {_special_kind(st.st_mode)}"
    return None


# (parts relative to the walked root, path, skip reason or None)
_Entry = tuple[tuple[str, ...], Path, str | None]


def _walk(root: Path, counters: Counter[str]) -> list[_Entry]:
    """Every entry under root, files to read and entries to report, sorted by relative path."""
    found: list[_Entry] = []
    stack: list[tuple[str, ...]] = [()]
    while stack:
        rel_dir = stack.pop()
        folder = Path(root, *rel_dir)
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as err:
            found.append((rel_dir, folder, f"unreadable folder: {err.strerror or type(err).__name__}"))
            counters["unreadable_folders"] += 1
            continue
        for entry in entries:
            rel = (*rel_dir, entry.name)
            path = Path(entry.path)
            try:
                if entry.name.startswith("."):
                    counters["hidden_skipped"] += 1
                    kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                    found.append((rel, path, f"hidden {kind}: name starts with '.'"))
                elif entry.is_symlink():
                    found.append((rel, path, _symlink_reason(entry.path)))
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(rel)
                elif entry.is_file(follow_symlinks=False):
                    found.append((rel, path, None))
                else:
                    kind = _special_kind(entry.stat(follow_symlinks=False).st_mode)
                    found.append((rel, path, f"not a regular file: {kind}"))
            except OSError as err:
                found.append((rel, path, f"unreadable: {err.strerror or type(err).__name__}"))
    found.sort(key=lambda item: item[0])
    return found


def _check_exists(raw: str | Path) -> Path:
    path = Path(os.path.expanduser(os.fspath(raw)))
    if not path.exists():
        raise InputNotFound(
            f"Input not found: '{raw}' (looked for {Path(os.path.abspath(path))}). "
            "Pass existing files or folders; relative paths are resolved from the current folder."
        )
    if not (path.is_file() or path.is_dir()):
        raise InputNotFound(f"Input '{raw}' is neither a regular file nor a folder.")
    return path


def input_file(path: str | Path, key: str) -> InputFile:
    """An InputFile for a path whose key was decided earlier (e.g. by plan() in the parent process)."""
    path = Path(path)
    return InputFile(path=path, key=key, fmt=format_of(path) or "text", explicit=True)


def plan(inputs: Iterable[str | Path | InputFile], counters: Counter[str] | None = None) -> list[InputFile]:
    """Every entry to read or report as skipped, in order, with its key and format.

    Checks all inputs before returning, so a typo in the last path fails
    before any work starts. InputFile items (already planned, e.g. shipped
    to a worker) pass through unchanged, keeping their keys.
    """
    if isinstance(inputs, (str, Path, InputFile)):
        inputs = [inputs]
    counters = counters if counters is not None else Counter()
    checked = [raw if isinstance(raw, InputFile) else _check_exists(raw) for raw in inputs]
    # (absolute path parts, number of trailing parts in the short key, path, fmt, explicit, skip reason),
    # or a ready InputFile
    candidates: list[tuple[tuple[str, ...], int, Path, str, bool, str | None] | InputFile] = []
    for path in checked:
        if isinstance(path, InputFile):
            candidates.append(path)
            continue
        absolute = Path(os.path.abspath(path))
        if path.is_file():
            fmt = format_of(path) or "text"
            candidates.append((absolute.parts, 1, path, fmt, True, None))
            continue
        root_named = 1 if absolute.name else 0
        for rel_parts, file_path, reason in _walk(path, counters):
            fmt = "skip"
            if reason is None:
                known = format_of(file_path)
                if known is not None:
                    fmt = known
                elif not has_extension(file_path):
                    fmt = "sniff"
                else:
                    counters["ignored_files"] += 1
                    suffix = "." + file_path.name.rsplit(".", 1)[1]
                    reason = f"unsupported extension: {suffix} (name the file to read it as plain text)"
            parts = (*absolute.parts, *rel_parts)
            candidates.append((parts, len(rel_parts) + root_named, file_path, fmt, False, reason))

    files: list[InputFile] = []
    seen_real: dict[str, str] = {}  # real path -> key of the entry that reads it
    seen_abs: set[str] = set()
    taken: set[str] = set()
    for cand in candidates:
        if isinstance(cand, InputFile):
            files.append(cand)
            taken.add(cand.key)
            continue
        parts, n_tail, path, fmt, explicit, reason = cand
        absolute = os.path.abspath(path)
        if absolute in seen_abs:  # the same path named twice: read once, nothing to report
            counters["duplicate_inputs"] += 1
            continue
        seen_abs.add(absolute)
        real = os.path.realpath(path)
        if reason is None and real in seen_real:  # a second path (a symlink) to a file already read
            counters["duplicate_inputs"] += 1
            fmt, reason = "skip", f"duplicate: same file as {seen_real[real]}"
        key = _key(parts, n_tail)
        while key in taken and n_tail < len(parts):
            n_tail += 1
            key = _key(parts, n_tail)
        taken.add(key)
        if reason is None:
            seen_real[real] = key
        files.append(InputFile(path=path, key=key, fmt=fmt, explicit=explicit, skip=reason))
    return files


def _key(parts: tuple[str, ...], n_tail: int) -> str:
    tail = parts[-n_tail:]
    if len(tail) == len(parts):  # the whole absolute path
        return Path(*parts).as_posix()
    return "/".join(tail)


def discover(inputs: Iterable[str | Path | InputFile], counters: Counter[str] | None = None) -> list[Path]:
    """The files iter_documents would read, in the order it reads them (entries reported as skipped left out).

    Raises InputNotFound (naming the path) when an input does not exist.
    """
    return [f.path for f in plan(inputs, counters) if f.fmt != "skip"]
