"""A tiny output folder with known contents, written in each format by the real writer.

The claim labels come from a toy component below (keyword rules), so these
tests do not depend on the real claim rules. Expected contents:

doc "d1" (title with markup):  s0 clinical benefit kratom->pain; s1 unspecified benefit hedged
kratom->anxiety; s2 no claim.
doc "d2": s0 preclinical mechanism kratom->pain + kratom->opioid receptors; s1 anecdotal benefit
kava->anxiety; s2 unspecified benefit negated, no substance ->pain.
doc "d3" (shard 1): s0 unspecified benefit kava->anxiety (text with & " < >); s1 kava, no target.
doc "bad" (shard 1): skipped, reason "empty: no text".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.ingest.document import Document
from pipeline.nlp import extensions  # noqa: F401
from pipeline.records import doc_to_rows
from pipeline.write import OutputFolder, ShardWriter

DOCS: list[tuple[str, str | None, str]] = [
    ("d1", "Kratom & <Pain>", "Kratom eases pain in a trial. Kratom may ease anxiety. Kratom is a tree."),
    (
        "d2",
        None,
        "In mice, kratom binds opioid receptors and eases pain. Users say kava eases anxiety. "
        "It does not ease pain.",
    ),
    ("d3", "Kava", 'Kava eases anxiety & "stress" <fast>. Kava eases things.'),
]
D3_TEXT = DOCS[2][2]

EXPECTED = {
    "documents": 4,
    "sentences": 8,
    "entities": 14,
    "claims": 7,
    "claim_triples": 8,
    "entities_by_label": {"SUBSTANCE": 7, "CONDITION": 6, "MECHANISM": 1},
    "evidence": {"clinical": 1, "preclinical": 1, "anecdotal": 1, "unspecified": 4},
}


@Language.component("test_analysis_canonical")
def _canonical(doc: Doc) -> Doc:
    for ent in doc.ents:
        ent._.claimlens_canonical = ent.text.lower()
        ent._.claimlens_concept_id = "TOY:" + ent.text.lower().replace(" ", "_")
        ent._.claimlens_source = "lexicon"
    return doc


@Language.component("test_analysis_claims")
def _claims(doc: Doc) -> Doc:
    """Keyword rules: ease/eases/binds make a claim; trial/mice/users set evidence; may hedges; not negates."""
    for sent in doc.sents:
        words = {t.lower_ for t in sent}
        if not words & {"ease", "eases", "binds"}:
            continue
        x = sent._
        x.claimlens_is_claim = True
        x.claimlens_claim_type = "mechanism" if "binds" in words else "benefit"
        x.claimlens_claim_cue = "binds" if "binds" in words else "ease"
        for cue, level in (("trial", "clinical"), ("mice", "preclinical"), ("users", "anecdotal")):
            if cue in words:
                x.claimlens_evidence, x.claimlens_evidence_cue = level, cue
                break
        else:
            x.claimlens_evidence = "unspecified"
        if "may" in words:
            x.claimlens_hedged, x.claimlens_hedge_cue = True, "may"
        if "not" in words:
            x.claimlens_negated, x.claimlens_negation_cue = True, "not"
    return doc


@pytest.fixture(scope="session")
def analysis_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "SUBSTANCE", "pattern": [{"LOWER": {"IN": ["kratom", "kava"]}}]},
            {"label": "CONDITION", "pattern": [{"LOWER": {"IN": ["pain", "anxiety"]}}]},
            {"label": "MECHANISM", "pattern": [{"LOWER": "opioid"}, {"LOWER": "receptors"}]},
        ]
    )
    nlp.add_pipe("test_analysis_canonical")
    nlp.add_pipe("test_analysis_claims")
    return nlp


def write_output(nlp: Language, out: Path, fmt: str, docs: list[tuple[str, str | None, str]] = DOCS) -> Path:
    """Write `docs` (plus one skipped document) with the project's writer, in two shards."""
    folder = OutputFolder(out)
    folder.open("toy")
    shards = [docs[:2], docs[2:]]
    for shard_id, shard_docs in enumerate(shards):
        w = ShardWriter(folder.staging, shard_id)
        for doc_id, title, text in shard_docs:
            document = Document(
                doc_id=doc_id,
                source=f"mem/{doc_id}.txt",
                text=text,
                title=title,
                url=f"https://example.org/{doc_id}",
            )
            w.add(doc_to_rows(nlp(text), document, "toy-1"))
        if shard_id == 1:
            w.add({"documents": [_skipped_row()], "sentences": [], "entities": [], "claims": []})
        w.commit()
    manifest = {
        "claimlens_version": "0.1.0",
        "versions": {"pipeline": "toy-1", "claimlens": "0.1.0"},
        "timings": {"finished": "2026-11-21T00:00:00+00:00", "seconds": 1.5},
        "inputs": ["mem"],
        "counts": {"documents_ok": 3, "documents_skipped": 1, "skipped:empty": 1},
        "format": fmt,
    }
    folder.finalize(json.loads(json.dumps(manifest)), fmt=fmt)
    return out


def _skipped_row() -> dict:
    from pipeline.records import document_row

    return document_row(Document.skipped("mem/bad.html", "empty: no text", title=None))


@pytest.fixture(scope="session")
def toy_outputs(analysis_nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("analysis-out")
    return {fmt: write_output(analysis_nlp, base / fmt, fmt) for fmt in ("parquet", "jsonl", "csv")}


@pytest.fixture(scope="session")
def toy_out(toy_outputs: dict[str, Path]) -> Path:
    return toy_outputs["parquet"]


SUBSTANCES = [
    "kratom",
    "kava",
    "CBD",
    "valerian",
    "ashwagandha",
    "melatonin",
    "5-HTP",
    "St. John's wort",
    "mitragynine",
    "caffeine",
    "magnesium",
    "lavender",
]
CONDITIONS = [
    "anxiety",
    "insomnia",
    "chronic pain",
    "depression",
    "opioid withdrawal",
    "PTSD",
    "fatigue",
    "liver damage",
    "nausea",
    "stress",
]
MECHANISMS = ["opioid receptors", "GABA", "serotonin", "cortisol"]
TEMPLATES = [
    ("{s} eased {c} in a randomized trial of 80 adults.", "clinical", "benefit", "randomized trial"),
    ("In mice, {s} binds {m} and reduces {c}.", "preclinical", "mechanism", "mice"),
    ("Users report that {s} may help with {c}.", "anecdotal", "benefit", "Users report"),
    ("{s} can cause {c} at high doses.", "unspecified", "harm", None),
    ("There is no evidence that {s} prevents {c}.", "unspecified", "benefit", None),
    ("Studies suggest {s} could calm {c} through {m}.", "unspecified", "benefit", "Studies suggest"),
]


def write_synthetic(out: Path, n_docs: int = 300, claims_per_doc: int = 10, seed: int = 7) -> Path:
    """A larger output (n_docs x claims_per_doc claims) with realistic spread, written without spaCy."""
    import random

    rng = random.Random(seed)
    folder = OutputFolder(out)
    folder.open("synthetic")
    w = ShardWriter(folder.staging, 0)
    for d in range(n_docs):
        doc_id = f"syn{d:05d}"
        sents, ents, claims, pieces, pos = [], [], [], [], 0
        for i in range(claims_per_doc):
            tpl, ev, ctype, cue = TEMPLATES[rng.randrange(len(TEMPLATES))]
            s, c, m = rng.choice(SUBSTANCES), rng.choice(CONDITIONS), rng.choice(MECHANISMS)
            text = tpl.format(s=s, c=c, m=m)
            if text[0].islower():
                text = text[0].upper() + text[1:]
            start = pos
            spans = []
            for name, label in ((s, "SUBSTANCE"), (c, "CONDITION"), (m, "MECHANISM")):
                at = text.lower().find(name.lower())
                if at >= 0 and ("{m}" in tpl or label != "MECHANISM"):
                    spans.append((start + at, start + at + len(name), label, name))
            hedged = any(h in text for h in ("may", "could"))
            negated = "no evidence" in text
            sents.append(
                {
                    "doc_id": doc_id,
                    "sent_idx": i,
                    "start": start,
                    "end": start + len(text),
                    "text": text,
                    "is_claim": True,
                    "evidence": ev,
                    "claim_type": ctype,
                    "hedged": hedged,
                    "negated": negated,
                    "evidence_cue": cue,
                    "claim_cue": None,
                    "hedge_cue": "may" if "may" in text else ("could" if "could" in text else None),
                    "negation_cue": "no evidence" if negated else None,
                    "version": "syn-1",
                }
            )
            for a, b, label, name in sorted(spans):
                ents.append(
                    {
                        "doc_id": doc_id,
                        "sent_idx": i,
                        "start": a,
                        "end": b,
                        "text": name,
                        "label": label,
                        "canonical": name.lower(),
                        "concept_id": None,
                        "source": "lexicon",
                        "version": "syn-1",
                    }
                )
            claims.append(
                {
                    k: sents[-1][k]
                    for k in (
                        "doc_id",
                        "sent_idx",
                        "start",
                        "end",
                        "text",
                        "evidence",
                        "claim_type",
                        "hedged",
                        "negated",
                        "evidence_cue",
                        "version",
                    )
                }
                | {
                    "substances": [s.lower()],
                    "conditions": [c.lower()],
                    "mechanisms": [m.lower()] if "{m}" in tpl else [],
                }
            )
            pieces.append(text)
            pos += len(text) + 1
        text = " ".join(pieces)
        document = {
            "doc_id": doc_id,
            "source": f"syn/{doc_id}.html",
            "url": f"https://example.org/{doc_id}",
            "title": f"Article {d}: herbs & <health>",
            "crawl_date": None,
            "text": text,
            "n_sentences": len(sents),
            "n_words": len(text.split()),
            "status": "ok",
            "reason": None,
        }
        w.add({"documents": [document], "sentences": sents, "entities": ents, "claims": claims})
    w.add({"documents": [_skipped_row()], "sentences": [], "entities": [], "claims": []})
    w.commit()
    folder.finalize(
        {
            "versions": {"pipeline": "syn-1"},
            "timings": {"finished": "2026-11-21T00:00:00+00:00"},
            "counts": {},
        },
        fmt="parquet",
    )
    return out


@pytest.fixture(scope="session")
def synthetic_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("synthetic") / "out")
