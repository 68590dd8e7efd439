"""End-to-end expectations on the three real seed articles in ../shared/seeds (read, never copied)."""

from __future__ import annotations

import pytest

from pipeline.api import Results, extract

from .conftest import SEEDS

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seeds(nlp) -> Results:
    if not SEEDS.exists():
        pytest.skip("../shared/seeds not found")
    return extract(sorted(SEEDS.glob("*.txt")), nlp=nlp)


def _sentence(res: Results, source_prefix: str, startswith: str):
    docs = res.documents[res.documents.source.str.contains(source_prefix)]
    assert len(docs) == 1, f"one seed document matching {source_prefix}"
    doc_id = docs.doc_id.iloc[0]
    s = res.sentences[(res.sentences.doc_id == doc_id) & res.sentences.text.str.startswith(startswith)]
    assert len(s) >= 1, f"no sentence starting {startswith!r} in {source_prefix}"
    row = s.iloc[0]
    ents = res.entities[(res.entities.doc_id == doc_id) & (res.entities.sent_idx == row.sent_idx)]
    return row, ents


def test_users_report_ptsd_is_anecdotal_benefit(seeds):
    row, ents = _sentence(seeds, "004_", "Users report that certain strains of kratom")
    assert row.text.endswith("flashbacks, anxiety, and depression.")
    assert (row.is_claim, row.evidence, row.claim_type) == (True, "anecdotal", "benefit")
    assert "Users report" in row.evidence_cue
    got = {(t, lab) for t, lab in zip(ents.text, ents.label, strict=True)}
    assert {("kratom", "SUBSTANCE"), ("PTSD", "CONDITION"), ("flashbacks", "CONDITION"),
            ("anxiety", "CONDITION"), ("depression", "CONDITION")} <= got


def test_preclinical_studies_sentence_is_preclinical(seeds):
    row, _ = _sentence(seeds, "000_", "Preclinical studies have demonstrated that kratom can modulate these systems")
    assert row.is_claim and row.evidence == "preclinical"
    assert row.evidence_cue.lower().startswith("preclinical")


def test_opioid_receptors_is_mechanism_not_substance(seeds):
    row, ents = _sentence(seeds, "001_", "Kratom interacts with the brain")
    mech = ents[ents.label == "MECHANISM"]
    assert "opioid receptors" in mech.text.tolist()
    assert not ((ents.label == "SUBSTANCE") & ents.text.str.lower().str.startswith("opioid")).any()
    assert row.is_claim and row.claim_type == "mechanism"


def test_call_for_trials_is_not_a_claim(seeds):
    row, _ = _sentence(seeds, "000_", "Clinical trials are essential to establish kratom")
    assert not row.is_claim and row.evidence is None


def test_suds_carries_the_concept_of_substance_use_disorders(seeds):
    suds = seeds.entities[seeds.entities.text == "SUDs"]
    assert len(suds) >= 5
    assert set(suds.canonical) == {"substance use disorders"}
    assert suds.concept_id.nunique() == 1 and suds.concept_id.iloc[0]
    assert set(suds.label) == {"CONDITION"}


def test_tables_are_consistent(seeds):
    docs = seeds.documents.set_index("doc_id")
    for t in (seeds.sentences, seeds.entities):
        for row in t.itertuples():
            assert docs.loc[row.doc_id, "text"][row.start : row.end] == row.text
    assert len(seeds.claims) == int(seeds.sentences.is_claim.sum())


def test_every_cue_on_the_seeds_is_a_word(seeds):
    # cues from the trained claim model are content words too, never punctuation or "in"
    cols = ["evidence_cue", "claim_cue", "hedge_cue", "negation_cue"]
    cues = seeds.sentences[cols].stack().dropna()
    assert len(cues) > 20
    assert cues.str.contains(r"[A-Za-z]").all()
    assert not cues.str.lower().isin(["in", "the", "of", "and", "to", "a"]).any()
