"""Corpus readers on tiny inline strings (plus a header check of the shared corpora when present)."""

from __future__ import annotations

import pytest

from pipeline.evaluate.corpora import (
    BC5CDR_LABELS,
    NCBI_LABELS,
    PubTatorError,
    corpora_dir,
    parse_pubtator,
    read_bc5cdr,
    read_genia,
    read_ncbi_disease,
    read_pysbd,
)

# title "Naloxone reverses clonidine." (28 chars) + " " + abstract: the abstract starts at 29
PUBTATOR = (
    "111|t|Naloxone reverses clonidine.\n"
    "111|a|Rats had hypertension.\n"
    "111\t0\t8\tNaloxone\tChemical\tD009270\n"
    "111\t18\t27\tclonidine\tChemical\tD003000\n"
    "111\t38\t50\thypertension\tDisease\tD006973\n"
    "111\tCID\tD003000\tD006973\n"
    "\n"
    "222|t|Kava.\n"
    "222|a|Liver damage was seen.\n"
    "222\t6\t18\tLiver damage\tModifier\tD056486\n"
)


def test_pubtator_text_offsets_and_labels() -> None:
    docs = list(parse_pubtator(PUBTATOR.splitlines(keepends=True), BC5CDR_LABELS))
    assert [d["doc_id"] for d in docs] == ["111", "222"]
    d = docs[0]
    assert d["text"] == "Naloxone reverses clonidine. Rats had hypertension."
    assert [(e["start"], e["end"], e["label"]) for e in d["entities"]] == [
        (0, 8, "SUBSTANCE"),
        (18, 27, "SUBSTANCE"),
        (38, 50, "CONDITION"),
    ]
    assert d["entities"][2]["concept_id"] == "D006973"
    assert d["sentences"] == []
    # Modifier is not a BC5CDR type: dropped under the BC5CDR map, CONDITION under NCBI's
    assert docs[1]["entities"] == []
    ncbi = list(parse_pubtator(PUBTATOR.splitlines(), NCBI_LABELS))
    assert [(e["start"], e["end"], e["label"], e["type"]) for e in ncbi[1]["entities"]] == [
        (6, 18, "CONDITION", "Modifier")
    ]


def test_pubtator_offset_mismatch_raises_with_location() -> None:
    bad = PUBTATOR.replace("111\t0\t8\tNaloxone", "111\t1\t9\tNaloxone")
    with pytest.raises(PubTatorError, match=r"<pubtator>:3"):
        list(parse_pubtator(bad.splitlines(), BC5CDR_LABELS))


def test_pubtator_without_map_keeps_types() -> None:
    docs = list(parse_pubtator(PUBTATOR.splitlines()))
    assert [e["label"] for e in docs[0]["entities"]] == ["Chemical", "Chemical", "Disease"]


@pytest.mark.skipif(not (corpora_dir() / "BC5CDR-PubTator").exists(), reason="shared corpora not present")
def test_shared_corpora_counts_match_their_readmes() -> None:
    bc5 = read_bc5cdr("test")
    assert len(bc5) == 500
    assert sum(e["label"] == "SUBSTANCE" for d in bc5 for e in d["entities"]) == 5385
    assert sum(e["label"] == "CONDITION" for d in bc5 for e in d["entities"]) == 4424
    ncbi = read_ncbi_disease("test")
    assert len(ncbi) == 100
    assert sum(len(d["entities"]) for d in ncbi) == 555 + 121 + 264 + 20


@pytest.mark.skipif(not (corpora_dir() / "GENIA-pos-sentences").exists(), reason="shared corpora not present")
def test_sentence_corpora_as_records() -> None:
    genia = read_genia("test")
    assert len(genia) == 210
    assert sum(len(d["sentences"]) for d in genia) == 1826  # title lines included (README)
    d = genia[0]
    assert d["doc_id"] == "genia-92043714"
    first = d["sentences"][0]
    assert d["text"][first["start"] : first["end"]].startswith("Charybdotoxin-sensitive, Ca(2+)-dependent")
    rules = read_pysbd("golden")
    assert len(rules) == 48
    r1 = rules[0]
    assert r1["meta"]["case"] == 1
    assert [r1["text"][s["start"] : s["end"]] for s in r1["sentences"]] == ["Hello World.", "My name is Jonas."]
