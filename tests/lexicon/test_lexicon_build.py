"""The open-vocabulary build, on a tiny slice of the shared vocab files, and the committed output."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from pipeline.lexicon.build import (
    VOCAB_FILE,
    BuildOptions,
    build_vocab,
    clean_html,
    inflect,
    keep_term,
    spell_greek,
    uninvert,
    write_vocab,
)
from pipeline.paths import lexicon_dir, shared_dir

SHARED = shared_dir()
VOCAB = SHARED / "vocab"
needs_shared = pytest.mark.skipif(not VOCAB.exists(), reason=f"{VOCAB} not found")

MESH_IDS = {"D009270", "D017450", "D003865", "D006973", "D012701", "D001569"}
DOIDS = {"DOID:14320", "DOID:10763"}
DRUGBANK_IDS = {"DB01183"}
TARGET_IDS = {"319", "928"}
LIGAND_IDS = {"13149"}


def _slice_lines(src: Path, dst: Path, keep, header_lines: int = 1) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    with src.open(encoding="utf-8") as f, dst.open("w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i < header_lines or keep(line):
                out.write(line)


def _slice_obo(src: Path, dst: Path, ids: set[str]) -> None:
    text = src.read_text(encoding="utf-8")
    header, *blocks = text.split("\n[Term]\n")
    kept = [b for b in blocks if b.split("\n", 1)[0].removeprefix("id: ") in ids]
    dst.write_text(header + "".join(f"\n[Term]\n{b}" for b in kept) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def tiny_shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shared")
    v = root / "vocab"
    mesh = re.compile(r"^(" + "|".join(MESH_IDS) + r")\t")
    for name in (
        "mesh_descriptor_terms.tsv",
        "mesh_descriptor_trees.tsv",
        "mesh_pharmacological_actions.tsv",
    ):
        _slice_lines(VOCAB / "MeSH-descriptors" / name, v / "MeSH-descriptors" / name, mesh.match)
    do = VOCAB / "HumanDiseaseOntology"
    for name in ("HumanDO.tsv", "MESHinDO.tsv"):
        _slice_lines(
            do / name, v / "HumanDiseaseOntology" / name, lambda ln: ln.split("\t")[0].strip('"') in DOIDS
        )
    _slice_lines(
        do / "doid_en_labels_synonyms_from_translation_files.tsv",
        v / "HumanDiseaseOntology" / "doid_en_labels_synonyms_from_translation_files.tsv",
        lambda ln: ln.split("\t")[0] in DOIDS,
    )
    _slice_obo(do / "doid_2016-09-01.obo", v / "HumanDiseaseOntology" / "doid_2016-09-01.obo", DOIDS)
    _slice_lines(
        VOCAB / "DrugBank-vocabulary" / "drugbank_vocabulary.csv",
        v / "DrugBank-vocabulary" / "drugbank_vocabulary.csv",
        lambda ln: ln.split(",", 1)[0] in DRUGBANK_IDS,
    )
    g = VOCAB / "GtoPdb-targets"
    _slice_lines(
        g / "targets_and_families_2025.3.csv",
        v / "GtoPdb-targets" / "targets_and_families_2025.3.csv",
        lambda ln: next(csv.reader([ln]))[3] in TARGET_IDS,
        header_lines=2,
    )
    _slice_lines(
        g / "ligands_reduced_2024.1.csv",
        v / "GtoPdb-targets" / "ligands_reduced_2024.1.csv",
        lambda ln: ln.split(",", 1)[0] in LIGAND_IDS,
    )
    return root


@pytest.fixture(scope="module")
def built(tiny_shared: Path) -> tuple[list[dict], dict]:
    return build_vocab(tiny_shared, BuildOptions(), common=set())


def _find(records: list[dict], term: str) -> dict:
    hits = [r for r in records if r["term"].lower() == term.lower()]
    assert len(hits) == 1, (term, hits)
    return hits[0]


@needs_shared
def test_mesh_terms_labels_and_uninverted_names(built: tuple[list[dict], dict]) -> None:
    records, _ = built
    assert _find(records, "Naloxone")["label"] == "SUBSTANCE"
    assert _find(records, "Naloxone")["concept_id"] == "MESH:D009270"
    mdd = _find(records, "Major Depressive Disorder")
    assert (mdd["label"], mdd["concept_id"], mdd["canonical"]) == (
        "CONDITION",
        "MESH:D003865",
        "Major Depressive Disorder",
    )
    mor = _find(records, "mu Opioid Receptors")
    assert (mor["label"], mor["concept_id"]) == ("MECHANISM", "MESH:D017450")
    # a neurotransmitter is a mediator first, a substance when taken
    sero = _find(records, "Serotonin")
    assert (sero["label"], sero.get("alt_label")) == ("MECHANISM", "SUBSTANCE")
    # inflected variant of a drug class
    assert _find(records, "Benzodiazepine")["concept_id"] == "MESH:D001569"


@needs_shared
def test_other_sources_merge_into_mesh_concepts(built: tuple[list[dict], dict]) -> None:
    records, _ = built
    # DO hypertension carries a MeSH xref that is a CONDITION descriptor here
    assert _find(records, "hypertension")["concept_id"] == "MESH:D006973"
    # GAD's xref (a 2025 descriptor) is not in this MeSH: it keeps its DO id
    gad = _find(records, "generalized anxiety disorder")
    assert (gad["label"], gad["concept_id"], gad["source"]) == ("CONDITION", "DOID:14320", "doid")
    # DrugBank naloxone's synonyms join the MeSH concept
    narcan = [r for r in records if r["term"].lower() == "narcan"]
    assert narcan and narcan[0]["concept_id"] == "MESH:D009270"
    # GtoPdb "&mu; receptor": decoded, spelled out, opioid-style names, same MeSH concept
    for term in ("μ receptor", "mu receptor", "mu-opioid receptor", "μ-opioid receptors"):
        r = _find(records, term)
        assert (r["label"], r["concept_id"]) == ("MECHANISM", "MESH:D017450"), term
    assert _find(records, "μ-opioid receptors")["source"] == "iuphar"
    # transporter with an all-caps abbreviation: case-sensitive
    sert = _find(records, "SERT")
    assert (sert["label"], sert["case_sensitive"]) == ("MECHANISM", True)
    assert _find(records, "mitragynine")["concept_id"] == "IUPHAR:L13149"


@needs_shared
def test_filters_drop_unreadable_and_short_terms(built: tuple[list[dict], dict]) -> None:
    records, stats = built
    terms = {r["term"] for r in records}
    assert not any(re.search(r"[\[\](),]", t) for t in terms)
    assert stats["dropped_formula_like"] > 0
    assert all(len(t) >= 3 for t in terms)
    assert all(len(t.split()) <= 6 for t in terms)


@needs_shared
def test_output_is_deterministic(tiny_shared: Path, tmp_path: Path) -> None:
    opts = BuildOptions()
    a = write_vocab(*build_vocab(tiny_shared, opts, common=set())[:1], tmp_path / "a", {}, opts)
    b = write_vocab(*build_vocab(tiny_shared, opts, common=set())[:1], tmp_path / "b", {}, opts)
    assert a.read_bytes() == b.read_bytes()
    lines = a.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(ln)["label"] in {"SUBSTANCE", "CONDITION", "MECHANISM"} for ln in lines)


def test_helpers() -> None:
    assert clean_html("5-HT<sub>1A</sub> receptor") == "5-HT1A receptor"
    assert clean_html("&mu; receptor") == "μ receptor"
    assert spell_greek("α2A-adrenoceptor") == "alpha2A-adrenoceptor"
    assert uninvert("Receptors, Opioid, mu") == "mu Opioid Receptors"
    assert uninvert("1,2-Dichloroethane") is None
    assert inflect("Seizures", "CONDITION") == "Seizure"
    assert inflect("liver injury", "CONDITION") == "liver injuries"
    assert inflect("Naloxone", "SUBSTANCE") is None
    opts = BuildOptions()
    assert keep_term("health", opts, {"health"}) == "common_words"
    assert keep_term("2,4-dinitrophenol", opts, set()) == "formula_like"
    assert keep_term("12345", opts, set()) == "non_alpha"
    assert keep_term("kratom", opts, set()) is None


@needs_shared
@pytest.mark.slow
def test_committed_vocab_regenerates_identically(tmp_path: Path) -> None:
    committed = lexicon_dir() / VOCAB_FILE
    if not committed.exists():
        pytest.skip("no committed vocab.jsonl")
    opts = BuildOptions()
    records, stats = build_vocab(SHARED, opts, curated=lexicon_dir() / "curated.jsonl")
    out = write_vocab(records, tmp_path, stats, opts)
    assert out.read_bytes() == committed.read_bytes(), "run `claimlens lexicon build` and commit the result"
