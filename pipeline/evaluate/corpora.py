"""Readers for the public benchmark corpora in /work/shared/corpora.

Every reader returns records in the gold record shape (doc_id, text,
sentences, entities), so the scorer serves gold and public data alike.
Entity benchmarks carry entities only (``sentences`` empty); sentence
benchmarks carry sentence spans only. The corpora are read in place and
never copied into the repository.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pipeline.errors import InputNotFound
from pipeline.paths import shared_dir

BC5CDR_LABELS: dict[str, str] = {"Chemical": "SUBSTANCE", "Disease": "CONDITION"}
NCBI_LABELS: dict[str, str] = {
    "SpecificDisease": "CONDITION",
    "DiseaseClass": "CONDITION",
    "Modifier": "CONDITION",
    "CompositeMention": "CONDITION",
}

_BC5CDR_FILES = {
    "train": "CDR_TrainingSet.PubTator.txt",
    "dev": "CDR_DevelopmentSet.PubTator.txt",
    "test": "CDR_TestSet.PubTator.txt",
}
_NCBI_FILES = {
    "train": "NCBItrainset_corpus.txt",
    "dev": "NCBIdevelopset_corpus.txt",
    "test": "NCBItestset_corpus.txt",
}
_GENIA_FILES = {"train": "GENIAtrain.pos", "test": "GENIAtest.pos"}
_PYSBD_FILES = {
    "golden": "english_golden_rules.jsonl",
    "regressions": "regression_issues__TEST_ISSUE_DATA.jsonl",
}


def corpora_dir() -> Path:
    return shared_dir() / "corpora"


def _corpus_file(folder: str, files: Mapping[str, str], split: str, root: Path | None) -> Path:
    if split not in files:
        raise ValueError(f"split {split!r} not available for {folder}; choose one of {sorted(files)}")
    path = (root or corpora_dir()) / folder / files[split]
    if not path.exists():
        raise InputNotFound(
            f"benchmark file {path} not found; the public corpora are read from "
            f"{corpora_dir()} (shared_dir()/corpora) and are not shipped with the package"
        )
    return path


# ------------------------------------------------------------------ PubTator


class PubTatorError(ValueError):
    """A PubTator line that cannot be read, with its location."""


def parse_pubtator(
    lines: Iterable[str],
    label_map: Mapping[str, str] | None = None,
    *,
    source: str = "<pubtator>",
) -> Iterator[dict[str, Any]]:
    """Yield one record per PubTator document: text = title + " " + abstract.

    Mention rows ``PMID start end mention type id [...]`` become entities
    with ``label`` = ``label_map[type]`` (types absent from the map are
    dropped; no map keeps the original type), plus ``type``, ``mention`` and
    ``concept_id`` for reference. Relation rows are skipped. Each mention
    is checked against the text so an offset convention change cannot pass
    silently (surrounding whitespace in the mention column, which
    NCBI-disease has in a few rows, is tolerated).
    """
    doc: dict[str, Any] | None = None
    title: str | None = None

    def finish() -> Iterator[dict[str, Any]]:
        if doc is not None:
            yield doc

    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            continue
        head = line.split("|", 2)
        if len(head) == 3 and head[1] in ("t", "a") and "\t" not in head[0]:
            pmid, kind, body = head
            if kind == "t":
                yield from finish()
                doc = None
                title = body
                current = pmid
                continue
            if title is None or pmid != current:
                raise PubTatorError(f"{source}:{lineno}: abstract of {pmid} without its title line")
            doc = {"doc_id": pmid, "text": f"{title} {body}", "sentences": [], "entities": []}
            title = None
            continue
        cols = line.split("\t")
        if doc is None or cols[0] != doc["doc_id"]:
            raise PubTatorError(f"{source}:{lineno}: annotation row outside its document: {line[:80]!r}")
        if len(cols) == 4:  # relation row: PMID CID chem disease
            continue
        if len(cols) < 6:
            raise PubTatorError(f"{source}:{lineno}: want 6 tab-separated columns, got {len(cols)}")
        start, end, mention, typ, concept = int(cols[1]), int(cols[2]), cols[3], cols[4], cols[5]
        if doc["text"][start:end] != mention and doc["text"][start:end].strip() != mention.strip():
            raise PubTatorError(
                f"{source}:{lineno}: offsets {start}-{end} give {doc['text'][start:end]!r}, "
                f"row says {mention!r}"
            )
        if label_map is not None and typ not in label_map:
            continue
        doc["entities"].append(
            {
                "start": start,
                "end": end,
                "label": label_map[typ] if label_map is not None else typ,
                "type": typ,
                "mention": mention,
                "concept_id": concept,
            }
        )
    yield from finish()


def read_pubtator(path: Path, label_map: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as fh:
        return list(parse_pubtator(fh, label_map, source=str(path)))


def read_bc5cdr(split: str = "test", *, root: Path | None = None) -> list[dict[str, Any]]:
    """BC5CDR abstracts with Chemical -> SUBSTANCE and Disease -> CONDITION."""
    return read_pubtator(_corpus_file("BC5CDR-PubTator", _BC5CDR_FILES, split, root), BC5CDR_LABELS)


def read_ncbi_disease(split: str = "test", *, root: Path | None = None) -> list[dict[str, Any]]:
    """NCBI-disease abstracts with all four mention types -> CONDITION."""
    return read_pubtator(_corpus_file("NCBI-disease-original", _NCBI_FILES, split, root), NCBI_LABELS)


# ----------------------------------------------------------------- sentences
# The SBD readers live in pipeline/evaluate/sbd.py (the segmenter's own
# benchmark uses them too); these wrap them into gold-shaped records.


def _sentence_record(doc_id: str, text: str, spans: list[tuple[int, int]], **meta: Any) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "text": text,
        "meta": meta,
        "sentences": [{"start": s, "end": e} for s, e in spans],
        "entities": [],
    }


def read_pysbd(subset: str = "golden", *, root: Path | None = None) -> list[dict[str, Any]]:
    """pySBD's English golden rules (or its regression cases) as sentence records.

    Each case's expected sentences are located in its text in order; a case
    where that fails (none at the time of writing) is skipped.
    """
    from pipeline.evaluate.sbd import locate_sentences, read_golden_rules

    out: list[dict[str, Any]] = []
    for i, case in enumerate(read_golden_rules(_corpus_file("pySBD-golden-rules", _PYSBD_FILES, subset, root))):
        try:
            spans = locate_sentences(case["sentences"], case["text"])
        except ValueError:
            continue
        key = case.get("rule", case.get("issue", i))
        out.append(
            _sentence_record(f"pysbd-{subset}-{i:03d}", case["text"], spans, case=key, title=case.get("title"))
        )
    return out


def read_genia(split: str = "test", *, root: Path | None = None) -> list[dict[str, Any]]:
    """GENIA sentence-split MEDLINE abstracts, detokenised, sentences joined by one space."""
    from pipeline.evaluate.sbd import read_genia as sbd_read_genia

    out: list[dict[str, Any]] = []
    for pmid, sentences in sbd_read_genia(_corpus_file("GENIA-pos-sentences", _GENIA_FILES, split, root)):
        text = ""
        spans: list[tuple[int, int]] = []
        for sent in sentences:
            if text:
                text += " "
            spans.append((len(text), len(text) + len(sent)))
            text += sent
        out.append(_sentence_record(f"genia-{pmid}", text, spans))
    return out
