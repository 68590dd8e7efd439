"""claimlens_abbreviations: short forms inherit the entity of their defined long form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline.nlp import abbreviations, lexicon  # noqa: F401  (factory registration)
from pipeline.nlp.abbreviations import find_definitions
from pipeline.nlp.tokenizer import make_tokenizer


def _nlp(lexicon_config: dict | None = None, sentences: bool = True) -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    if sentences:
        nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimlens_lexicon", config=lexicon_config or {"lexicons": ["curated.jsonl"]})
    nlp.add_pipe("claimlens_abbreviations")
    return nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return _nlp()


def ents(doc) -> list[tuple[str, str, str | None, str | None]]:
    return [(e.text, e.label_, e._.claimlens_concept_id, e._.claimlens_source) for e in doc.ents]


def test_suds_carry_the_long_form_concept(nlp: Language) -> None:
    doc = nlp("Substance use disorders (SUDs) are common. Kratom may help with SUDs.")
    got = [(e.text, e._.claimlens_concept_id) for e in doc.ents]
    assert got == [
        ("Substance use disorders", "MESH:D019966"),
        ("SUDs", "MESH:D019966"),
        ("Kratom", "MESH:D032065"),
        ("SUDs", "MESH:D019966"),
    ]
    assert {e._.claimlens_canonical for e in doc.ents if e.text == "SUDs"} == {"substance use disorders"}


def test_unknown_short_form_becomes_entity(nlp: Language) -> None:
    doc = nlp("Some users develop kratom use disorder (KUD). KUD is rare, and KUDs are under-studied.")
    assert ents(doc) == [
        ("kratom use disorder", "CONDITION", "CLAIMLENS:kratom-use-disorder", "lexicon"),
        ("KUD", "CONDITION", "CLAIMLENS:kratom-use-disorder", "abbreviation"),
        ("KUD", "CONDITION", "CLAIMLENS:kratom-use-disorder", "abbreviation"),
        ("KUDs", "CONDITION", "CLAIMLENS:kratom-use-disorder", "abbreviation"),
    ]


def test_gad_resolves_to_the_disorder(nlp: Language) -> None:
    doc = nlp("In generalized anxiety disorder (GAD), worry is constant. GAD responds to therapy.")
    assert [(e.text, e._.claimlens_concept_id) for e in doc.ents if e.text == "GAD"] == [
        ("GAD", "DOID:14320"),
        ("GAD", "DOID:14320"),
    ]


def test_contradicted_lexicon_reading_is_removed(nlp: Language) -> None:
    doc = nlp("Glutamic acid decarboxylase (GAD) makes GABA. GAD is an enzyme.")
    assert [e.text for e in doc.ents] == ["GABA"]


def test_disagreeing_lexicon_entity_is_replaced(tmp_path: Path) -> None:
    lex = tmp_path / "genes.jsonl"
    lex.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "term": "GAD",
                    "label": "MECHANISM",
                    "canonical": "GAD gene",
                    "concept_id": "X:gene",
                    "case_sensitive": True,
                },
                {"term": "generalized anxiety disorder", "label": "CONDITION", "concept_id": "X:gad"},
            ]
        ),
        encoding="utf-8",
    )
    nlp = _nlp({"lexicons": [str(lex)], "blocklist": None})
    doc = nlp("She has generalized anxiety disorder (GAD). GAD is common.")
    assert ents(doc) == [
        ("generalized anxiety disorder", "CONDITION", "X:gad", "lexicon"),
        ("GAD", "CONDITION", "X:gad", "abbreviation"),
        ("GAD", "CONDITION", "X:gad", "abbreviation"),
    ]
    # without a definition the lexicon reading stands
    assert ents(nlp("GAD is common.")) == [("GAD", "MECHANISM", "X:gene", "lexicon")]


def test_long_form_inside_brackets(nlp: Language) -> None:
    doc = nlp("SNRIs (serotonin-norepinephrine reuptake inhibitors) are used. SNRIs work.")
    assert [e.label_ for e in doc.ents] == ["SUBSTANCE"] * 3


def test_long_form_does_not_reach_into_previous_sentence() -> None:
    doc = _nlp()("I take kratom. Use Daily (KUD) is a label.")
    assert [(s.text, ln.text) for s, ln in find_definitions(doc)] == []
    assert [e.text for e in doc.ents] == ["kratom"]


def test_works_without_sentence_boundaries() -> None:
    nlp = _nlp(sentences=False)
    doc = nlp("post-traumatic stress disorder (PTSD) and PTSD")
    assert [(e.text, e._.claimlens_concept_id) for e in doc.ents] == [
        ("post-traumatic stress disorder", "MESH:D013313"),
        ("PTSD", "MESH:D013313"),
        ("PTSD", "MESH:D013313"),
    ]


def test_short_forms_that_are_spacy_symbols_are_found(nlp: Language) -> None:
    """ "DEP" or "POS" have small symbol ids as ORTH, not string hashes; occurrences must still match."""
    linker = nlp.get_pipe("claimlens_abbreviations")
    doc = nlp.make_doc("Diethylpropion (DEP) is old. DEP and DEPs and POS (POS) again.")
    assert linker._occurrences(doc, ["DEP"]) == [(2, 3), (7, 8), (9, 10)]
    assert linker._occurrences(doc, ["POS"]) == [(11, 12), (13, 14)]


def test_occurrences_match_a_token_scan(nlp: Language) -> None:
    """The ORTH-array search finds exactly the token sequences a text scan finds (forms and plurals)."""
    linker = nlp.get_pipe("claimlens_abbreviations")
    doc = nlp.make_doc("The SUD (SUD) and SUDs, the CB1 R and CB1 Rs; CB1 R. (and a SUD)")
    texts = [t.text for t in doc]
    for words in (["SUD"], ["SUDs"], ["CB1", "R"], ["and"], ["absent"]):
        forms = [words, [*words[:-1], words[-1][:-1] if words[-1].endswith("s") and len(words[-1]) > 2 else words[-1] + "s"]]
        expected = [
            (i, i + len(f)) for f in forms for i in range(len(texts) - len(f) + 1) if texts[i : i + len(f)] == f
        ]
        assert linker._occurrences(doc, words) == expected
