"""claimlens_lexicon: concrete lookups over the curated lexicon, matching rules, serialisation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from pipeline.errors import LexiconError
from pipeline.nlp.lexicon import Lexicon, LexiconTagger
from pipeline.nlp.tokenizer import make_tokenizer

KRATOM = "MESH:D032065"


def _blank(claimlens_tokenizer: bool = True) -> Language:
    nlp = spacy.blank("en")
    if claimlens_tokenizer:
        nlp.tokenizer = make_tokenizer(nlp)
    return nlp


CURATED = {"lexicons": ["curated.jsonl"]}


@pytest.fixture(scope="module")
def nlp() -> Language:
    """Curated lexicon only: fast to load."""
    nlp = _blank()
    nlp.add_pipe("claimlens_lexicon", config=CURATED)
    return nlp


@pytest.fixture(scope="module")
def full_nlp() -> Language:
    """The default settings: curated + the open vocabulary."""
    nlp = _blank()
    nlp.add_pipe("claimlens_lexicon")
    return nlp


@pytest.fixture(scope="module")
def nlp_spacy_tokenizer() -> Language:
    nlp = _blank(claimlens_tokenizer=False)
    nlp.add_pipe("claimlens_lexicon", config=CURATED)
    return nlp


def ents(nlp: Language, text: str) -> list[tuple[str, str, str | None]]:
    return [(e.text, e.label_, e._.claimlens_concept_id) for e in nlp(text).ents]


@pytest.mark.parametrize("fixture", ["nlp", "full_nlp"])
def test_kratom_synonyms_share_one_concept(fixture: str, request: pytest.FixtureRequest) -> None:
    nlp = request.getfixturevalue(fixture)
    doc = nlp("Ketum (Mitragyna speciosa, M. speciosa), also called biak-biak or kratum, is sold as kratom.")
    got = {e.text: e._.claimlens_concept_id for e in doc.ents}
    assert got == {
        "Ketum": KRATOM,
        "Mitragyna speciosa": KRATOM,
        "M. speciosa": KRATOM,
        "biak-biak": KRATOM,
        "kratum": KRATOM,
        "kratom": KRATOM,
    }
    assert {e._.claimlens_canonical for e in doc.ents} == {"kratom"}
    assert {e._.claimlens_source for e in doc.ents} == {"lexicon"}


@pytest.mark.parametrize("fixture", ["nlp", "nlp_spacy_tokenizer", "full_nlp"])
def test_opioid_receptors_with_curly_possessive(fixture: str, request: pytest.FixtureRequest) -> None:
    nlp = request.getfixturevalue(fixture)
    assert ents(nlp, "Kratom’s alkaloids act on the brain’s opioid receptors.") == [
        ("Kratom", "SUBSTANCE", KRATOM),
        ("opioid receptors", "MECHANISM", "MESH:D011957"),
    ]
    assert ents(nlp, "kratom's") == [("kratom", "SUBSTANCE", KRATOM)]


@pytest.mark.parametrize("fixture", ["nlp", "nlp_spacy_tokenizer", "full_nlp"])
def test_mu_opioid_receptor_any_hyphenation(fixture: str, request: pytest.FixtureRequest) -> None:
    nlp = request.getfixturevalue(fixture)
    for text in ["mu-opioid receptor", "mu opioid receptors", "μ-opioid receptor", "µ-opioid receptors"]:
        assert ents(nlp, f"It binds the {text}.") == [(text, "MECHANISM", "MESH:D017450")], text


@pytest.mark.parametrize("fixture", ["nlp", "full_nlp"])
def test_opioid_word_rules(fixture: str, request: pytest.FixtureRequest) -> None:
    nlp = request.getfixturevalue(fixture)
    assert ents(nlp, "Opioid withdrawal is hard.") == [
        ("Opioid withdrawal", "CONDITION", "CLAIMLENS:opioid-withdrawal")
    ]
    assert ents(nlp, "It has opioid-like effects.") == []
    assert ents(nlp, "Opioids and opioid use.")[0] == ("Opioids", "SUBSTANCE", "MESH:D000701")
    assert [e[1] for e in ents(nlp, "opioid use disorder (OUD)")] == ["CONDITION", "CONDITION"]


def test_longest_match_wins(nlp: Language) -> None:
    # "generalized anxiety disorder" beats "anxiety" and "anxiety disorder"
    assert ents(nlp, "She has generalized anxiety disorder.") == [
        ("generalized anxiety disorder", "CONDITION", "DOID:14320")
    ]
    assert ents(nlp, "Maeng Da kratom") == [("Maeng Da kratom", "SUBSTANCE", "CLAIMLENS:maeng-da-kratom")]


def test_pain_inside_compounds_and_classes(nlp: Language) -> None:
    assert [e[0] for e in ents(nlp, "pain relief and pain-relieving effects")] == ["pain", "pain"]
    # a drug-class phrase is one SUBSTANCE with no CONDITION inside
    assert ents(nlp, "anxiety medication") == [("anxiety medication", "SUBSTANCE", "MESH:D014151")]


@pytest.mark.parametrize("fixture", ["nlp", "full_nlp"])
def test_case_sensitive_acronyms(fixture: str, request: pytest.FixtureRequest) -> None:
    nlp = request.getfixturevalue(fixture)
    assert ents(nlp, "GAD and PTSD") == [
        ("GAD", "CONDITION", "DOID:14320"),
        ("PTSD", "CONDITION", "MESH:D013313"),
    ]
    assert ents(nlp, "the gad and ptsd and cbd") == []
    assert ents(nlp, "Kratom and KRATOM") == [
        ("Kratom", "SUBSTANCE", KRATOM),
        ("KRATOM", "SUBSTANCE", KRATOM),
    ]


@pytest.mark.parametrize("fixture", ["nlp", "full_nlp"])
def test_generic_words_not_tagged(fixture: str, request: pytest.FixtureRequest) -> None:
    nlp = request.getfixturevalue(fixture)
    assert ents(nlp, "This supplement supports health, mood and focus; see symptoms and side effects.") == []


def test_endogenous_molecule_label_follows_context(nlp: Language) -> None:
    assert [e.label_ for e in nlp("melatonin supplements").ents] == ["SUBSTANCE"]
    assert [e.label_ for e in nlp("melatonin levels").ents] == ["MECHANISM"]
    assert [e.label_ for e in nlp("GABA supplements").ents] == ["SUBSTANCE"]
    assert [e.label_ for e in nlp("raises GABA activity").ents] == ["MECHANISM"]


def test_endogenous_molecule_given_is_a_substance(nlp: Language) -> None:
    # injected or infused, the body's own molecule is a thing taken (docs/ANNOTATION.md, real-text entities)
    assert [e.label_ for e in nlp("Intrathecal adenosine eased the pain.").ents] == ["SUBSTANCE", "CONDITION"]
    assert [e.label_ for e in nlp("an infusion of epinephrine").ents] == ["SUBSTANCE"]
    assert [e.label_ for e in nlp("during epinephrine infusion").ents] == ["SUBSTANCE"]
    assert [e.label_ for e in nlp("Adenosine accumulates in the brain.").ents] == ["MECHANISM"]


def test_real_text_entity_decisions(nlp: Language) -> None:
    """Lexicon entries and blocks from the real-text error analysis (data/gold/real/train.jsonl)."""
    got = [(e.text, e.label_) for e in nlp(
        "It is a potent sedative and hypnotic, unlike other sedatives. Obese rats showed sedation, "
        "tolerance, swelling, tingling, weakness and allergic reactions, with oxidative stress and "
        "free radicals in the immune system; ENaC and alphaENaC fell after dexamethasone, saline and salt."
    ).ents]
    assert got == [
        ("sedatives", "SUBSTANCE"),
        ("swelling", "CONDITION"),
        ("tingling", "CONDITION"),
        ("weakness", "CONDITION"),
        ("allergic reactions", "CONDITION"),
        ("oxidative stress", "MECHANISM"),
        ("free radicals", "MECHANISM"),
        ("immune system", "MECHANISM"),
        ("ENaC", "MECHANISM"),
        ("alphaENaC", "MECHANISM"),
        ("dexamethasone", "SUBSTANCE"),
        ("saline", "SUBSTANCE"),
        ("salt", "SUBSTANCE"),
    ]
    # lab values are not tagged
    assert ents(nlp, "Serum creatinine and bilirubin were normal.") == []


def test_no_entity_across_sentences() -> None:
    nlp = _blank()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimlens_lexicon", config=CURATED)
    doc = nlp("It eases chronic. Pain is gone.")
    assert [e.text for e in doc.ents] == ["Pain"]
    assert [e.text for e in nlp("It eases chronic pain.").ents] == ["chronic pain"]


def _tiny_lexicons(tmp_path: Path) -> tuple[str, str]:
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text(
        json.dumps({"term": "foo bar", "label": "SUBSTANCE", "canonical": "foo", "concept_id": "X:1"}) + "\n",
        encoding="utf-8",
    )
    b.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"term": "Foo Bar", "label": "CONDITION", "canonical": "other", "concept_id": "X:2"},
                {"term": "baz", "label": "MECHANISM", "canonical": "Baz name", "concept_id": "X:1"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return str(a), str(b)


def test_earlier_lexicon_wins_and_canonical_is_unified(tmp_path: Path) -> None:
    a, b = _tiny_lexicons(tmp_path)
    lex = Lexicon.load([a, b])
    assert lex.lookup("FOO BAR").label == "SUBSTANCE"
    assert lex.lookup("baz").canonical == "foo"  # one canonical name per concept: the first file's
    assert lex.canonical("X:1") == "foo"
    assert [e.term for e in lex.terms_of("X:1")] == ["foo bar", "baz"]
    nlp = _blank()
    nlp.add_pipe("claimlens_lexicon", config={"lexicons": [a, b], "blocklist": None})
    assert ents(nlp, "Foo bar and baz") == [("Foo bar", "SUBSTANCE", "X:1"), ("baz", "MECHANISM", "X:1")]


def test_existing_entities_modes(tmp_path: Path) -> None:
    a, b = _tiny_lexicons(tmp_path)

    def run(mode: str) -> list[tuple[str, str, str | None]]:
        nlp = _blank()
        nlp.add_pipe(
            "claimlens_lexicon", config={"lexicons": [a, b], "blocklist": None, "existing_ents": mode}
        )
        doc = nlp.make_doc("foo bar qux and baz")
        doc.ents = [Span(doc, 1, 3, label="SUBSTANCE"), Span(doc, 4, 5, label="CONDITION")]
        doc = nlp.get_pipe("claimlens_lexicon")(doc)
        return [(e.text, e.label_, e._.claimlens_source) for e in doc.ents]

    assert run("lexicon_wins") == [("foo bar", "SUBSTANCE", "lexicon"), ("baz", "MECHANISM", "lexicon")]
    assert run("model_wins") == [("bar qux", "SUBSTANCE", "model"), ("baz", "CONDITION", "model")]
    assert run("replace") == [("foo bar", "SUBSTANCE", "lexicon"), ("baz", "MECHANISM", "lexicon")]


def test_model_entity_kept_when_not_overlapping(tmp_path: Path) -> None:
    a, b = _tiny_lexicons(tmp_path)
    nlp = _blank()
    nlp.add_pipe("claimlens_lexicon", config={"lexicons": [a, b], "blocklist": None})
    doc = nlp.make_doc("qux then baz")
    doc.ents = [Span(doc, 0, 1, label="CONDITION")]
    doc = nlp.get_pipe("claimlens_lexicon")(doc)
    assert [(e.text, e._.claimlens_source) for e in doc.ents] == [("qux", "model"), ("baz", "lexicon")]


def test_to_disk_from_disk_roundtrip(tmp_path: Path, nlp: Language) -> None:
    text = "Kratom eases opioid withdrawal in generalized anxiety disorder (GAD) via the mu-opioid receptor."
    nlp.to_disk(tmp_path / "model")
    saved = json.loads((tmp_path / "model" / "claimlens_lexicon" / "cfg.json").read_text())
    assert saved["version"] == nlp.get_pipe("claimlens_lexicon").version
    loaded = spacy.load(tmp_path / "model")
    proc = loaded.get_pipe("claimlens_lexicon")
    assert isinstance(proc, LexiconTagger) and proc.is_loaded
    assert len(proc.lexicon) == len(nlp.get_pipe("claimlens_lexicon").lexicon)
    before = [(e.start_char, e.end_char, e.label_, e._.claimlens_concept_id) for e in nlp(text).ents]
    after = [(e.start_char, e.end_char, e.label_, e._.claimlens_concept_id) for e in loaded(text).ents]
    assert after == before and len(before) == 5
    # and through bytes
    other = _blank()
    other.add_pipe("claimlens_lexicon", config=CURATED).from_bytes(proc.to_bytes())
    assert [(e.start_char, e.label_) for e in other(text).ents] == [b[:1] + b[2:3] for b in before]


def test_bad_settings_raise_coded_errors(tmp_path: Path) -> None:
    nlp = _blank()
    with pytest.raises(LexiconError, match="E004"):
        nlp.add_pipe("claimlens_lexicon", config={"existing_ents": "sometimes"})
    nlp.add_pipe("claimlens_lexicon", config={"lexicons": ["no_such_file.jsonl"]})  # loads lazily
    with pytest.raises(LexiconError, match="lexicon build"):
        nlp("kratom")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"term": "x", "label": "DRUG"}\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="bad.jsonl:1"):
        Lexicon.load([str(bad)])


def test_open_vocabulary_adds_concepts(full_nlp: Language) -> None:
    doc = full_nlp("Warfarin and cyclosporine cause heartburn; the 5-HT1A receptor binds buspirone.")
    got = [(e.text, e.label_, e._.claimlens_concept_id) for e in doc.ents]
    assert ("Warfarin", "SUBSTANCE", "MESH:D014859") in got
    assert ("heartburn", "CONDITION", "MESH:D006356") in got
    assert ("5-HT1A receptor", "MECHANISM", "MESH:D044282") in got
    # a vocabulary term of a curated concept shows the curated canonical name
    ent = full_nlp("Hyperici herba").ents[0]  # a DrugBank synonym, joined to the curated concept
    assert (ent._.claimlens_concept_id, ent._.claimlens_canonical) == ("MESH:D020902", "St. John's wort")
