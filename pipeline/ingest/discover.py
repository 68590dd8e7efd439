"""Inputs -> the ordered list of files to read, each with a stable key.

Order: inputs as given; inside a folder, files sorted by their path relative
to the folder (code-point order, the same on every machine), walked
recursively without following symlinked folders. Hidden files and folders
(name starting with ".") inside a folder are skipped; files with an unknown
extension inside a folder are ignored and counted; a file named explicitly
is always read (as plain text when its extension is unknown). A file
reached twice (a folder and a file inside it) is read once.

Keys (Document.source, and the base of every doc_id) do not depend on the
current directory: "<folder name>/<path inside the folder>" for files found
through a folder, the file name for a file named explicitly. When two
different files would get the same key, the later one is qualified with
enough parent folder names to differ (its absolute path at worst).
"""

from __future__ import annotations

import os
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


def _walk(root: Path, counters: Counter[str]) -> list[tuple[tuple[str, ...], Path]]:
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        hidden = [d for d in dirnames if d.startswith(".")]
        if hidden:
            counters["hidden_skipped"] += len(hidden)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel_dir = Path(dirpath).relative_to(root).parts
        for name in filenames:
            if name.startswith("."):
                counters["hidden_skipped"] += 1
                continue
            path = Path(dirpath, name)
            if not path.is_file():  # sockets, fifos, dangling symlinks
                counters["ignored_files"] += 1
                continue
            found.append(((*rel_dir, name), path))
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
    """Every file to read, in order, with its key and format.

    Checks all inputs before returning, so a typo in the last path fails
    before any work starts. InputFile items (already planned, e.g. shipped
    to a worker) pass through unchanged, keeping their keys.
    """
    if isinstance(inputs, (str, Path, InputFile)):
        inputs = [inputs]
    counters = counters if counters is not None else Counter()
    checked = [raw if isinstance(raw, InputFile) else _check_exists(raw) for raw in inputs]
    # (absolute path parts, number of trailing parts in the short key, path, fmt, explicit),
    # or a ready InputFile
    candidates: list[tuple[tuple[str, ...], int, Path, str, bool] | InputFile] = []
    for path in checked:
        if isinstance(path, InputFile):
            candidates.append(path)
            continue
        absolute = Path(os.path.abspath(path))
        if path.is_file():
            fmt = format_of(path) or "text"
            candidates.append((absolute.parts, 1, path, fmt, True))
            continue
        root_named = 1 if absolute.name else 0
        for rel_parts, file_path in _walk(path, counters):
            fmt = format_of(file_path)
            if fmt is None:
                counters["ignored_files"] += 1
                continue
            candidates.append(((*absolute.parts, *rel_parts), len(rel_parts) + root_named, file_path, fmt, False))

    files: list[InputFile] = []
    seen_real: set[str] = set()
    taken: set[str] = set()
    for cand in candidates:
        if isinstance(cand, InputFile):
            files.append(cand)
            taken.add(cand.key)
            continue
        parts, n_tail, path, fmt, explicit = cand
        real = os.path.realpath(path)
        if real in seen_real:
            counters["duplicate_inputs"] += 1
            continue
        seen_real.add(real)
        key = _key(parts, n_tail)
        while key in taken and n_tail < len(parts):
            n_tail += 1
            key = _key(parts, n_tail)
        taken.add(key)
        files.append(InputFile(path=path, key=key, fmt=fmt, explicit=explicit))
    return files


def _key(parts: tuple[str, ...], n_tail: int) -> str:
    tail = parts[-n_tail:]
    if len(tail) == len(parts):  # the whole absolute path
        return Path(*parts).as_posix()
    return "/".join(tail)


def discover(inputs: Iterable[str | Path | InputFile], counters: Counter[str] | None = None) -> list[Path]:
    """The files iter_documents would read, in the order it reads them.

    Raises InputNotFound (naming the path) when an input does not exist.
    """
    return [f.path for f in plan(inputs, counters)]
