"""Fuzzed whole runs: random folders of awkward files -> every file accounted for, every offset valid.

Also random documents through the windowed path. `python benchmarks/fuzz.py` runs many more.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.engine.worker import annotate
from pipeline.ingest.base import valid_unicode
from pipeline.ingest.document import Document
from pipeline.nlp.windows import _line_cut, plan_windows

from .ingest.fuzz import EXTENSIONS, FILES, nasty_text

SLOW_FUZZ = settings(max_examples=15, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))

folder_files = st.lists(
    st.sampled_from(sorted(FILES)).flatmap(lambda fmt: st.tuples(st.just(fmt), FILES[fmt])),
    min_size=1, max_size=5,
)


def check_tables(tables: dict, keys: list[str]) -> None:
    """Every input in documents; sentence/entity/claim offsets inside their document's text."""
    docs = tables["documents"]
    sources = list(docs["source"])
    for key in keys:
        assert any(s == key or s.startswith(key + "#") for s in sources), f"{key} missing from documents"
    assert set(docs["status"]) <= {"ok", "skipped"}
    assert docs["doc_id"].is_unique
    text = dict(zip(docs["doc_id"], docs["text"], strict=True))
    status = dict(zip(docs["doc_id"], docs["status"], strict=True))
    assert all(docs.loc[docs["status"] == "skipped", "reason"].notna())
    for table in ("sentences", "entities", "claims"):
        for row in tables[table].itertuples():
            assert status[row.doc_id] == "ok"
            t = text[row.doc_id]
            assert 0 <= row.start < row.end <= len(t), (table, row.start, row.end, len(t))
            assert t[row.start : row.end] == row.text
    sents = tables["sentences"]
    n_sents = dict(zip(docs["doc_id"], docs["n_sentences"], strict=True))
    for doc_id, group in sents.groupby("doc_id"):
        assert list(group["sent_idx"]) == list(range(len(group))) == list(range(n_sents[doc_id]))
        assert all(group["start"].iloc[1:].to_numpy() >= group["end"].iloc[:-1].to_numpy())  # in order, apart
    bounds = {(r.doc_id, r.sent_idx): (r.start, r.end) for r in sents.itertuples()}
    for row in tables["entities"].itertuples():
        s, e = bounds[(row.doc_id, row.sent_idx)]
        assert s <= row.start and row.end <= e
    for row in tables["claims"].itertuples():
        assert bounds[(row.doc_id, row.sent_idx)] == (row.start, row.end)


def run_folder(files: list[tuple[str, bytes]], max_chars: int | None = None) -> None:
    from pipeline.api import load
    from pipeline.run import run

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        keys = []
        for i, (fmt, data) in enumerate(files):
            name = f"f{i}{EXTENSIONS[fmt]}"
            (folder / name).write_bytes(data)
            keys.append(f"in/{name}")
        run([str(folder)], Path(tmp) / "out", model="rules", workers=1, max_chars=max_chars)
        check_tables(load(Path(tmp) / "out").tables(), keys)


@pytest.mark.slow
@SLOW_FUZZ
@given(files=folder_files, max_chars=st.sampled_from([None, 1000]))
def test_fuzz_whole_runs(files: list[tuple[str, bytes]], max_chars: int | None) -> None:
    run_folder(files, max_chars)


def check_windows(text: str, size: int, nlp) -> None:
    """Windowed rows of any text: valid global offsets; equal to the whole run when cut at line breaks."""
    import pandas as pd

    text = valid_unicode(text.replace("\r", "\n"))  # as every reader hands texts on
    doc = Document(doc_id="d", source="s", text=text)
    if not text.strip():
        return
    parts: dict[str, list] = {"documents": [], "sentences": [], "entities": [], "claims": []}
    for rows in annotate([doc], nlp, window_chars=size):
        for k, v in rows.items():
            parts[k] += v
    tables = {k: pd.DataFrame(v, columns=None if v else ["doc_id", "start", "end", "text", "sent_idx"])
              for k, v in parts.items()}
    tables["documents"] = pd.DataFrame(parts["documents"])
    check_tables(tables, ["s"])
    if all(_line_cut(text, a) for a, _ in plan_windows(text, size)[1:]):
        whole: dict[str, list] = {"documents": [], "sentences": [], "entities": [], "claims": []}
        for rows in annotate([Document(doc_id="d", source="s", text=text)], nlp):
            for k, v in rows.items():
                whole[k] += v
        assert whole == parts


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(text=nasty_text(80), size=st.integers(20, 400))
def test_fuzz_windows(rules_nlp, text: str, size: int) -> None:
    check_windows(text, size, rules_nlp)


def test_a_file_name_that_is_not_utf8_is_processed(tmp_path: Path) -> None:
    """Such a name used to end the whole run in a UnicodeEncodeError (doc id hash, then Arrow)."""
    import os

    from pipeline.api import load
    from pipeline.run import run

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes: a lone surrogate in the str
    (folder / name).write_text("Kratom may ease chronic pain, users report.\n", encoding="utf-8")
    (folder / "plain.txt").write_text("Kava reduced anxiety in a trial.\n", encoding="utf-8")
    run([str(folder)], tmp_path / "out", model="rules", workers=1)
    docs = load(tmp_path / "out").documents.sort_values("source")
    assert list(docs["source"]) == ["in/caf\ufffd.txt", "in/plain.txt"]
    assert list(docs["status"]) == ["ok", "ok"] and docs["doc_id"].is_unique
