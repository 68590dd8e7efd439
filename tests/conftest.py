"""Shared fixtures: a tiny stand-in pipeline for core tests, the real one for end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline.nlp import extensions  # noqa: F401

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"


@Language.component("test_toy_claims")
def _toy_claims(doc):
    """Marks sentences with 'eases' as unspecified benefit claims (cue 'eases')."""
    for sent in doc.sents:
        for tok in sent:
            if tok.lower_ == "eases":
                sent._.claimlens_is_claim = True
                sent._.claimlens_evidence = "unspecified"
                sent._.claimlens_claim_type = "benefit"
                sent._.claimlens_claim_cue = tok.text
    return doc


@pytest.fixture(scope="session")
def toy_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "SUBSTANCE", "pattern": [{"LOWER": "kratom"}]},
            {"label": "CONDITION", "pattern": [{"LOWER": "pain"}]},
            {"label": "MECHANISM", "pattern": [{"LOWER": "opioid"}, {"LOWER": "receptors"}]},
        ]
    )
    nlp.add_pipe("test_toy_claims")
    nlp.meta["claimlens_version"] = "toy-1"
    return nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default ClaimLens pipeline, loaded once per test session."""
    from pipeline.nlp.build import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def rules_nlp() -> Language:
    """The rules-only ClaimLens pipeline (lexicons and cues, no trained weights)."""
    from pipeline.nlp.build import get_nlp

    return get_nlp("rules")


def pytest_collection_modifyitems(config, items):
    if not SHARED.exists():
        skip = pytest.mark.skip(reason=f"{SHARED} not found (../shared must sit beside the checkout)")
        for item in items:
            if "shared" in item.keywords:
                item.add_marker(skip)
