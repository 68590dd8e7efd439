"""claimlens_mechanisms: a target and its action or role noun are one MECHANISM span (real web text)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.mechanisms import compound_spans


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimlens_mechanisms")
    return nlp


def tagged(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    """`ents`: (surface, label) in order of appearance, as a lexicon would tag them."""
    doc = nlp.make_doc(text)
    spans, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        doc.user_data[("._.", "claimlens_concept_id", span.start_char, span.end_char)] = f"ID:{surface}"
        spans.append(span)
        pos = start + len(surface)
    doc.ents = spans
    return nlp.get_pipe("claimlens_mechanisms")(doc)


def ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_target_and_action_noun_join(nlp: Language) -> None:
    doc = tagged(nlp, "Kratom boosts serotonin release and glutamate signalling.", [
        ("Kratom", "SUBSTANCE"), ("serotonin", "MECHANISM"), ("glutamate", "MECHANISM"),
    ])
    assert ents(doc) == [("Kratom", "SUBSTANCE"), ("serotonin release", "MECHANISM"),
                         ("glutamate signalling", "MECHANISM")]
    # the joined span keeps the target's concept id
    assert doc.ents[1]._.claimlens_concept_id == "ID:serotonin"


def test_target_and_role_span_merge(nlp: Language) -> None:
    doc = tagged(nlp, "NMDA antagonists and an opiate agonist", [
        ("NMDA", "MECHANISM"), ("antagonists", "MECHANISM"), ("opiate", "SUBSTANCE"), ("agonist", "MECHANISM"),
    ])
    assert ents(doc) == [("NMDA antagonists", "MECHANISM"), ("opiate agonist", "MECHANISM")]


def test_receptor_heads_and_left_actions(nlp: Language) -> None:
    doc = tagged(nlp, "It binds sigma1 receptors and blocks the release of acetylcholine.", [
        ("sigma1", "MECHANISM"), ("acetylcholine", "MECHANISM"),
    ])
    # "release of X" stays apart, as the gold writes it; a role noun before "of" joins
    assert ents(doc) == [("sigma1 receptors", "MECHANISM"), ("acetylcholine", "MECHANISM")]
    doc = tagged(nlp, "Antagonism of sigma receptors protected the mice.", [("sigma receptors", "MECHANISM")])
    assert ents(doc) == [("Antagonism of sigma receptors", "MECHANISM")]


def test_system_adjectives(nlp: Language) -> None:
    doc = tagged(nlp, "Inhibition of dopaminergic neurotransmission and cholinergic activity fell.", [])
    assert ents(doc) == [("Inhibition of dopaminergic neurotransmission", "MECHANISM"),
                         ("cholinergic activity", "MECHANISM")]


def test_nothing_to_join_leaves_the_doc_alone(nlp: Language) -> None:
    doc = tagged(nlp, "Serotonin levels rose after kava.", [("Serotonin", "MECHANISM"), ("kava", "SUBSTANCE")])
    assert ents(doc) == [("Serotonin", "MECHANISM"), ("kava", "SUBSTANCE")]
    assert compound_spans(doc) is None
    # a substance not followed by a role noun stays a substance
    doc = tagged(nlp, "Kava releases tension.", [("Kava", "SUBSTANCE")])
    assert ents(doc) == [("Kava", "SUBSTANCE")]


def test_ligand_read_as_substance_joins_its_receptor(nlp: Language) -> None:
    # the NER may read "dopamine" or "NMDA" as a SUBSTANCE: with a receptor head it is a target
    doc = tagged(nlp, "Haloperidol is a dopamine receptor blocker; MK-801 acts at NMDA receptors.", [
        ("Haloperidol", "SUBSTANCE"), ("dopamine", "SUBSTANCE"), ("MK-801", "SUBSTANCE"), ("NMDA", "SUBSTANCE"),
    ])
    assert ents(doc) == [("Haloperidol", "SUBSTANCE"), ("dopamine receptor blocker", "MECHANISM"),
                         ("MK-801", "SUBSTANCE"), ("NMDA receptors", "MECHANISM")]
    assert doc.ents[1]._.claimlens_concept_id == "ID:dopamine"


def test_subtype_tokens_between_target_and_head(nlp: Language) -> None:
    doc = tagged(nlp, "It blocks dopamine D2 receptors and is an adenosine A2A/A1 receptor antagonist.", [
        ("dopamine", "MECHANISM"), ("adenosine", "MECHANISM"), ("A1 receptor antagonist", "MECHANISM"),
    ])
    assert ents(doc) == [("dopamine D2 receptors", "MECHANISM"), ("adenosine A2A/A1 receptor antagonist", "MECHANISM")]
    # a word that is no subtype keeps a coordination apart
    doc = tagged(nlp, "serotonin at the 5-HT receptors", [("serotonin", "MECHANISM"), ("5-HT receptors", "MECHANISM")])
    assert ents(doc) == [("serotonin", "MECHANISM"), ("5-HT receptors", "MECHANISM")]
    # a substance followed by a dose is not a target
    doc = tagged(nlp, "Kava 250 mg helped.", [("Kava", "SUBSTANCE")])
    assert ents(doc) == [("Kava", "SUBSTANCE")]


def test_span_takes_the_bracket_it_lacks(nlp: Language) -> None:
    doc = tagged(nlp, "Lithium lowered (Na,K)-ATPase activity and the L-type Ca(2+) current.", [
        ("Lithium", "SUBSTANCE"), ("Na,K)-ATPase", "MECHANISM"), ("L-type Ca(2+", "MECHANISM"),
    ])
    assert [t for t, _ in ents(doc)] == ["Lithium", "(Na,K)-ATPase", "L-type Ca(2+)"]
    # a bracketed abbreviation after its long form stays as it is
    doc = tagged(nlp, "post-traumatic stress disorder (PTSD)", [
        ("post-traumatic stress disorder", "CONDITION"), ("PTSD", "CONDITION"),
    ])
    assert [t for t, _ in ents(doc)] == ["post-traumatic stress disorder", "PTSD"]


def test_compound_condition_names_are_one_span(nlp: Language) -> None:
    doc = tagged(nlp, "Gentamicin nephrotoxicity, proximal tubular damage and alcohol withdrawal were seen.", [
        ("Gentamicin", "SUBSTANCE"), ("alcohol", "SUBSTANCE"), ("withdrawal", "CONDITION"),
    ])
    assert ents(doc) == [("Gentamicin nephrotoxicity", "CONDITION"), ("proximal tubular damage", "CONDITION"),
                         ("alcohol withdrawal", "CONDITION")]
    # the joined span keeps the head's concept id
    assert doc.ents[2]._.claimlens_concept_id == "ID:withdrawal"


def test_induced_conditions_and_other_heads_stay_apart(nlp: Language) -> None:
    # "X-induced Y" is two spans; "alcohol cravings" is not a compound name; a longer entity is kept
    doc = tagged(nlp, "Cocaine-induced toxicity, alcohol cravings and liver damage.", [
        ("Cocaine", "SUBSTANCE"), ("toxicity", "CONDITION"), ("alcohol", "SUBSTANCE"), ("cravings", "CONDITION"),
        ("liver damage", "CONDITION"),
    ])
    assert ents(doc) == [("Cocaine", "SUBSTANCE"), ("toxicity", "CONDITION"), ("alcohol", "SUBSTANCE"),
                         ("cravings", "CONDITION"), ("liver damage", "CONDITION")]


def test_targets_sharing_one_plural_head_are_one_span(nlp: Language) -> None:
    doc = tagged(nlp, "It acts on dopamine, opioid and NMDA receptors, unlike serotonin and noradrenaline.", [
        ("dopamine", "MECHANISM"), ("opioid", "SUBSTANCE"), ("NMDA receptors", "MECHANISM"),
        ("serotonin", "MECHANISM"), ("noradrenaline", "MECHANISM"),
    ])
    assert ents(doc) == [("dopamine, opioid and NMDA receptors", "MECHANISM"), ("serotonin", "MECHANISM"),
                         ("noradrenaline", "MECHANISM")]
    # a botanical before a receptor is no receptor family: two spans
    doc = tagged(nlp, "Kratom and opioid receptors", [("Kratom", "SUBSTANCE"), ("opioid receptors", "MECHANISM")])
    assert ents(doc) == [("Kratom", "SUBSTANCE"), ("opioid receptors", "MECHANISM")]
    # conjuncts with their own head stay apart
    doc = tagged(nlp, "adrenergic receptors and serotonin receptors", [
        ("adrenergic receptors", "MECHANISM"), ("serotonin receptors", "MECHANISM"),
    ])
    assert ents(doc) == [("adrenergic receptors", "MECHANISM"), ("serotonin receptors", "MECHANISM")]
