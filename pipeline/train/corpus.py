"""Training corpora for the ClaimLens models, converted to spaCy DocBins outside the repository.

Sources and how each is labelled (docs/ANNOTATION.md is the target):

- BC5CDR train + dev, minus a held-out slice of dev (`heldout_split`):
  Chemical -> SUBSTANCE, Disease -> CONDITION. With ``mechanism="lexicon"``
  a Chemical mention the lexicon reads as MECHANISM in its context
  (dopamine, serotonin, cortisol as mediators) becomes MECHANISM; with
  ``mechanism="keep"`` it stays SUBSTANCE (BC5CDR's own definition).
  Lexicon MECHANISM matches the corpus leaves unannotated (receptors,
  transporters) are marked missing, not O: BC5CDR has no such label.
- NCBI-disease train: diseases only. Tokens of lexicon SUBSTANCE or
  MECHANISM matches are marked missing, so the model is not taught that
  chemicals are O; every other token is O.
- The gold train split (data/gold/src/train, compiled on the fly): all labels;
  with the real-text gold train split (data/gold/real/train.jsonl, its text
  rebuilt from ../shared and checked by hash).
- Abstracts that the real-text gold puts in its test split are left out of
  every corpus here (BC5CDR, NCBI-disease, pretraining), as are the review,
  fact-sheet, reference and answer documents of that split.
- Silver web text (data/samples): the lexicon's own output (no seeds:
  tests check outputs on them).

Mentions that do not fall on token boundaries are marked missing (their
tokens carry no label), never stretched or cut. The held-out BC5CDR dev
slice and the gold dev split are the development data; test splits are
never read here.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from pipeline.evaluate import corpora
from pipeline.evaluate.goldsrc import compile_folder
from pipeline.paths import data_dir

DEFAULT_LEXICONS: tuple[str, ...] = ("curated.jsonl", "vocab.jsonl")
HELDOUT_DEV_DOCS = 100
MECHANISM_MODES: tuple[str, ...] = ("lexicon", "keep")


def cache_dir() -> Path:
    """Where converted corpora and training runs go (never inside the repository: they hold corpus text)."""
    import os

    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "claimlens" / "train"


def heldout_split(records: Sequence[dict[str, Any]], n_heldout: int = HELDOUT_DEV_DOCS) -> tuple[list, list]:
    """(train part, held-out part) of BC5CDR dev: the held-out docs are the n with the smallest
    sha1(doc_id), a fixed choice that does not depend on file order or a random seed."""
    ranked = sorted(records, key=lambda r: hashlib.sha1(r["doc_id"].encode()).hexdigest())
    held = {r["doc_id"] for r in ranked[:n_heldout]}
    return [r for r in records if r["doc_id"] not in held], [r for r in records if r["doc_id"] in held]


def gold_records(split: str, *, real: bool = True) -> list[dict[str, Any]]:
    """Gold documents of a split (train or dev only): the self-written ones, then the real-text ones."""
    if split not in ("train", "dev"):
        raise ValueError(f"gold split {split!r}: training code reads train and dev only")
    folder = data_dir() / "gold" / "src" / split
    records = compile_folder(folder) if folder.is_dir() else []
    return records + (real_gold_records(split) if real else [])


def real_gold_records(split: str) -> list[dict[str, Any]]:
    """Real-text gold of a split (train or dev only), texts rebuilt from ../shared and checked by hash."""
    from pipeline.evaluate.gold import read_gold

    if split not in ("train", "dev"):
        raise ValueError(f"gold split {split!r}: training code reads train and dev only")
    path = data_dir() / "gold" / "real" / f"{split}.jsonl"
    return list(read_gold(path)) if path.exists() else []


def real_refs(splits: Sequence[str] = ("test",)) -> set[str]:
    """Source references the real-text gold puts in ``splits`` (test: never trained on, not even unlabelled)."""
    sel = data_dir() / "gold" / "real" / "selection.jsonl"
    if not sel.exists():
        return set()
    rows = [json.loads(line) for line in sel.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["ref"] for r in rows if r["split"] in splits}


def _not_real(records: list[dict[str, Any]], corpus: str, split: str, splits: Sequence[str] = ("test",)) -> list[dict[str, Any]]:
    refs = real_refs(splits)
    return [r for r in records if f"{corpus}:{split}:{r['doc_id']}" not in refs]


def realweb_texts(max_words: int = 600_000) -> list[str]:
    """Unlabelled real web text from ../shared/realweb for pretraining, real-gold test documents left out.

    Reviews, fact sheets and answers whole; NIH reference sections in a fixed
    hashed order until ``max_words`` is reached.
    """
    import xml.etree.ElementTree as ET

    from pipeline.evaluate import realsrc as R
    from pipeline.paths import shared_dir

    root, skip = shared_dir(), real_refs()
    refs = [f"druglib:{sp}:{i}" for sp in ("train", "test") for i in range(len(R._druglib_rows(sp, root)))]
    refs += [f"tripsit:{k}" for k in R._tripsit(root)]
    refs += [f"hc3:{k}" for k in R._hc3(root)]
    texts = [R.source_text(r, root)[0] for r in refs if r not in skip]
    words = sum(len(t.split()) for t in texts)
    base = root / R.REALWEB / "medquad-nih"
    mq = []
    for xml in sorted(base.glob("*/*.xml")):
        for pair in ET.parse(xml).getroot().iter("QAPair"):
            mq.append((hashlib.sha1(f"{xml.name}#{pair.get('pid')}".encode()).hexdigest(), xml, pair))
    for _h, xml, pair in sorted(mq, key=lambda t: t[0]):
        if words >= max_words:
            break
        ref = f"medquad:{xml.parent.name}/{xml.name}#{pair.get('pid')}"
        if ref in skip:
            continue
        t = R.medquad_pair_text(pair)
        texts.append(t)
        words += len(t.split())
    return [t for t in texts if t.strip()]


def sample_texts() -> list[tuple[str, str]]:
    """(doc_id, text) of data/samples through the ordinary readers (HTML boilerplate removed)."""
    from pipeline.ingest import iter_documents

    folder = data_dir() / "samples"
    if not folder.is_dir():
        return []
    return [(d.doc_id, d.text) for d in iter_documents([str(folder)]) if d.text]


def annotator(lexicons: Sequence[str] = DEFAULT_LEXICONS) -> Language:
    """Tokenizer + segmenter + lexicon: the front of the shipped pipeline, for silver labels and masks."""
    from pipeline.nlp.build import register_components

    register_components()
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "claimlens_tokenizer.v1"}}})
    nlp.add_pipe("claimlens_segmenter")
    nlp.add_pipe("claimlens_lexicon", config={"lexicons": list(lexicons)})
    nlp.initialize()
    return nlp


@dataclass
class Stats:
    """Counts of what a conversion kept, relabelled and dropped (written beside the DocBins)."""

    counts: Counter = field(default_factory=Counter)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


def _spans(doc: Doc, mentions: Iterable[tuple[int, int, str]], stats: Stats, source: str) -> tuple[list, list]:
    """Token spans of char mentions; misaligned ones come back as (expanded) missing spans."""
    ok: list[Span] = []
    missing: list[Span] = []
    for start, end, label in mentions:
        span = doc.char_span(start, end, label=label)
        if span is None:
            stats.add(f"{source}:misaligned")
            wide = doc.char_span(start, end, alignment_mode="expand")
            if wide is not None:
                missing.append(wide)
            continue
        ok.append(span)
    kept = filter_spans(ok)
    if len(kept) < len(ok):
        stats.add(f"{source}:overlapping_dropped", len(ok) - len(kept))
    return kept, missing


def _set(doc: Doc, ents: list[Span], missing: list[Span]) -> Doc:
    taken = bytearray(len(doc))
    for s in ents:
        taken[s.start : s.end] = b"\x01" * (s.end - s.start)
    missing = filter_spans([m for m in missing if not any(taken[m.start : m.end])])
    doc.set_ents(ents, missing=missing, default="outside")
    return doc


def convert_bc5cdr(
    records: Iterable[dict[str, Any]], lex: Language, *, mechanism: str, stats: Stats, source: str = "bc5cdr"
) -> list[Doc]:
    """BC5CDR records -> reference Docs (see module docstring for the MECHANISM handling)."""
    if mechanism not in MECHANISM_MODES:
        raise ValueError(f"mechanism={mechanism!r}: use one of {MECHANISM_MODES}")
    out: list[Doc] = []
    for rec in records:
        doc = lex(rec["text"])
        lexicon = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
        lex_mech = [e for e in doc.ents if e.label_ == "MECHANISM"]
        mentions = []
        for e in rec["entities"]:
            label = e["label"]
            if mechanism == "lexicon" and label == "SUBSTANCE" and lexicon.get((e["start"], e["end"])) == "MECHANISM":
                label = "MECHANISM"
                stats.add(f"{source}:chemical_to_mechanism")
            mentions.append((e["start"], e["end"], label))
            stats.add(f"{source}:{label}")
        ref = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        ents, missing = _spans(ref, mentions, stats, source)
        missing += [ref[m.start : m.end] for m in lex_mech]
        out.append(_set(ref, ents, missing))
        stats.add(f"{source}:docs")
    return out


def convert_ncbi(records: Iterable[dict[str, Any]], lex: Language, *, stats: Stats) -> list[Doc]:
    """NCBI-disease records: CONDITION mentions; lexicon SUBSTANCE/MECHANISM tokens missing."""
    out: list[Doc] = []
    for rec in records:
        doc = lex(rec["text"])
        ref = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        mentions = [(e["start"], e["end"], "CONDITION") for e in rec["entities"]]
        stats.add("ncbi:CONDITION", len(mentions))
        ents, missing = _spans(ref, mentions, stats, "ncbi")
        masked = [ref[e.start : e.end] for e in doc.ents if e.label_ in ("SUBSTANCE", "MECHANISM")]
        stats.add("ncbi:masked_chemical_spans", len(masked))
        out.append(_set(ref, ents, missing + masked))
        stats.add("ncbi:docs")
    return out


def convert_gold(records: Iterable[dict[str, Any]], nlp: Language, *, stats: Stats, source: str = "gold") -> list[Doc]:
    """Gold records (all three labels, every other token O); claim labels kept in doc.user_data."""
    out: list[Doc] = []
    for rec in records:
        ref = nlp.make_doc(rec["text"])
        mentions = [(e["start"], e["end"], e["label"]) for e in rec["entities"]]
        for m in mentions:
            stats.add(f"{source}:{m[2]}")
        ents, missing = _spans(ref, mentions, stats, source)
        _set(ref, ents, missing)
        ref.user_data["claimlens_sentences"] = rec["sentences"]
        ref.user_data["claimlens_doc_id"] = rec["doc_id"]
        out.append(ref)
        stats.add(f"{source}:docs")
    return out


def convert_silver(texts: Iterable[tuple[str, str]], lex: Language, *, stats: Stats) -> list[Doc]:
    """Web text labelled by the lexicon alone."""
    out: list[Doc] = []
    for _doc_id, text in texts:
        doc = lex(text)
        ref = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        ents = [Span(ref, e.start, e.end, label=e.label_) for e in doc.ents]
        stats.add("silver:entities", len(ents))
        out.append(_set(ref, ents, []))
        stats.add("silver:docs")
    return out


def write_docbin(docs: Sequence[Doc], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    return path


def build_ner_corpora(
    out_dir: Path,
    *,
    mechanism: str = "lexicon",
    lexicons: Sequence[str] = DEFAULT_LEXICONS,
    use_ncbi: bool = True,
    use_gold: bool = True,
    use_silver: bool = True,
    gold_repeat: int = 1,
    limit: int | None = None,
) -> dict[str, Any]:
    """Write train.spacy and dev.spacy (+ dev-bc5cdr.spacy, dev-gold.spacy) to ``out_dir``; return stats.

    ``gold_repeat`` copies the gold and silver web documents into the
    training set that many times (they are few next to the abstracts).
    ``limit`` takes the first N documents of every source (CI smoke runs).
    """
    stats = Stats()
    lex = annotator(lexicons)
    cut = slice(None, limit)
    dev_train, dev_held = heldout_split(corpora.read_bc5cdr("dev"))
    every = ("train", "dev", "test")  # real-gold abstracts come in with their own labels (or not at all)
    dev_train = _not_real(dev_train, "bc5cdr", "dev", every)
    bc_train = _not_real(corpora.read_bc5cdr("train"), "bc5cdr", "train", every)
    train_docs = convert_bc5cdr(bc_train[cut], lex, mechanism=mechanism, stats=stats)
    train_docs += convert_bc5cdr(dev_train[cut], lex, mechanism=mechanism, stats=stats, source="bc5cdr-dev")
    if use_ncbi:
        ncbi_train = _not_real(corpora.read_ncbi_disease("train"), "ncbi", "train", every)
        train_docs += convert_ncbi(ncbi_train[cut], lex, stats=stats)
    web: list[Doc] = []
    if use_gold:
        web += convert_gold(gold_records("train")[cut], lex, stats=stats)
    if use_silver:
        web += convert_silver(sample_texts()[cut], lex, stats=stats)
    train_docs += web * max(gold_repeat, 1)
    held_docs = convert_bc5cdr(dev_held[cut], lex, mechanism=mechanism, stats=stats, source="bc5cdr-heldout")
    gold_dev = convert_gold(gold_records("dev")[cut], lex, stats=stats, source="gold-dev")
    out_dir = Path(out_dir)
    write_docbin(train_docs, out_dir / "train.spacy")
    write_docbin(held_docs + gold_dev, out_dir / "dev.spacy")
    write_docbin(held_docs, out_dir / "dev-bc5cdr.spacy")
    write_docbin(gold_dev, out_dir / "dev-gold.spacy")
    info = {
        "mechanism": mechanism,
        "lexicons": list(lexicons),
        "gold_repeat": gold_repeat,
        "limit": limit,
        "train_docs": len(train_docs),
        "dev_docs": len(held_docs) + len(gold_dev),
        "heldout_bc5cdr_ids": sorted(r["doc_id"] for r in dev_held),
        "counts": dict(sorted(stats.counts.items())),
    }
    (out_dir / "corpus.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    return info


def pretraining_texts() -> list[str]:
    """Unlabelled text for `spacy pretrain`: no test split, no held-out dev doc, no seeds."""
    bc_dev_train, _held = heldout_split(corpora.read_bc5cdr("dev"))
    bc_dev_train = _not_real(bc_dev_train, "bc5cdr", "dev")
    texts = [r["text"] for r in _not_real(corpora.read_bc5cdr("train"), "bc5cdr", "train")]
    texts += [r["text"] for r in bc_dev_train]
    for split in ("train", "dev"):
        texts += [r["text"] for r in _not_real(corpora.read_ncbi_disease(split), "ncbi", split)]
    for split in ("train", "test"):  # GENIA's own splits; neither is a ClaimLens benchmark
        texts += [r["text"] for r in corpora.read_genia(split)]
    texts += [r["text"] for r in gold_records("train")]
    texts += [t for _, t in sample_texts()]
    texts += realweb_texts()
    return texts


def write_pretraining_jsonl(path: Path, limit: int | None = None) -> int:
    """Write pretraining_texts() (the first ``limit``) as JSONL ({"text": ...} per line); return the word count."""
    texts = pretraining_texts()[:limit]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    return sum(len(t.split()) for t in texts)
