"""Readers for the public benchmark corpora in /work/shared/corpora.

Every reader returns records in the gold record shape (doc_id, text,
sentences, entities), so the scorer serves gold and public data alike.
Entity benchmarks carry entities only (``sentences`` empty); sentence
benchmarks carry sentence spans only. The corpora are read in place and
never copied into the repository.
"""

from __future__ import annotations

import json
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


def _sentence_record(doc_id: str, text: str, spans: list[tuple[int, int]], **meta: Any) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "text": text,
        "meta": meta,
        "sentences": [{"start": s, "end": e} for s, e in spans],
        "entities": [],
    }


def locate_sentences(text: str, sentences: Iterable[str]) -> list[tuple[int, int]] | None:
    """Find each sentence string in order in ``text``; None when one is missing."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sent in sentences:
        sent = sent.strip()
        i = text.find(sent, pos)
        if i < 0:
            return None
        spans.append((i, i + len(sent)))
        pos = i + len(sent)
    return spans


def read_pysbd(subset: str = "golden", *, root: Path | None = None) -> list[dict[str, Any]]:
    """pySBD's English golden rules (or its regression cases) as sentence records.

    Each case's expected sentences are located in its text in order; cases
    where that fails (none at the time of writing) are skipped.
    """
    path = _corpus_file("pySBD-golden-rules", _PYSBD_FILES, subset, root)
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if not line.strip():
                continue
            case = json.loads(line)
            spans = locate_sentences(case["text"], case["sentences"])
            if spans is None:
                continue
            key = case.get("rule", case.get("issue", i))
            out.append(
                _sentence_record(f"pysbd-{subset}-{i:03d}", case["text"], spans, case=key, title=case.get("title"))
            )
    return out


_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", ")", "]", "}", "%", "?", "!", "'s", "n't", "''"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "``"})


def detokenize(tokens: list[tuple[str, str]]) -> str:
    """Approximate raw text from (word, POS) tokens: no space before closing punctuation or after opening.

    GENIA quotes are written as " with POS `` or ''; that POS decides the side.
    """
    out: list[str] = []
    glue_next = True
    for word, pos in tokens:
        key = "''" if pos == "''" else "``" if pos == "``" else word
        if not glue_next and key not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(word)
        glue_next = key in _NO_SPACE_AFTER
    return "".join(out)


def _genia_tokens(line: str) -> list[tuple[str, str]]:
    toks: list[tuple[str, str]] = []
    for tok in line.split():
        word, sep, pos = tok.rpartition("/")
        toks.append((word, pos) if sep and word else (tok, ""))
    return toks


def parse_genia(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """GENIA POS abstracts as sentence records: title and abstract sentences joined by one space.

    The corpus is tokenised; `detokenize` rebuilds approximate raw text,
    which is what a segmenter sees on the web (sentence-final "." glued to
    the last word).
    """
    doc_id: str | None = None
    sents: list[str] = []

    def finish() -> Iterator[dict[str, Any]]:
        if doc_id is not None and sents:
            text = ""
            spans: list[tuple[int, int]] = []
            for s in sents:
                if text:
                    text += " "
                spans.append((len(text), len(text) + len(s)))
                text += s
            yield _sentence_record(f"genia-{doc_id}", text, spans)

    for line in lines:
        toks = _genia_tokens(line)
        if not toks:
            continue
        if len(toks) >= 2 and toks[0][1] == "LS" and toks[1][0] == "-":
            tag, rest = toks[0][0], toks[2:]
            if tag == "UI":
                yield from finish()
                doc_id, sents = (rest[0][0] if rest else str(len(sents))), []
                continue
            toks = rest  # TI / AB prefix
        if toks:
            sents.append(detokenize(toks))
    yield from finish()


def read_genia(split: str = "test", *, root: Path | None = None) -> list[dict[str, Any]]:
    """GENIA sentence-split MEDLINE abstracts (detokenised)."""
    path = _corpus_file("GENIA-pos-sentences", _GENIA_FILES, split, root)
    with path.open(encoding="utf-8") as fh:
        return list(parse_genia(fh))
