"""claimlens_claim_model: features, the three modes, cues and serialisation (weights set by hand)."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.errors import ConfigError, ModelNotFound
from pipeline.nlp.claim_model import _COL, N_OUT, RULE_FEATURES, ClaimModel, read_rule_labels, sentence_bounds

N_HASH = 4096


def _nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _doc(nlp: Language, text: str, ents: list[tuple[int, int, str]] = ()) -> Doc:
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc.ents = [Span(doc, a, b, lab) for a, b, lab in ents]
    return doc


def _model(nlp: Language, mode: str = "recall", **weights: float) -> ClaimModel:
    cm = nlp.add_pipe("claimlens_claim_model", config={"mode": mode, "claim_threshold": 0.5, "n_hash": N_HASH})
    W = numpy.zeros((N_HASH, N_OUT), dtype="float32")
    V = numpy.zeros((len(RULE_FEATURES), N_OUT), dtype="float32")
    b = numpy.zeros(N_OUT, dtype="float32")
    b[_COL["claim"]] = -3.0
    b[_COL["evidence"].start + 3] = 1.0  # unspecified by default
    for word, w in weights.items():
        i = int(nlp.vocab.strings.add(word) % N_HASH)
        W[i, _COL["claim"]] += w
        W[i, _COL["evidence"].start + 2] += w  # anecdotal
    cm.set_weights(W, V, b, {"version": "test"})
    return cm


def test_features_share_ids_across_entities_and_stop_at_sentences() -> None:
    nlp = _nlp()
    cm = ClaimModel(nlp, "m", mode="recall", claim_threshold=0.5, n_hash=N_HASH)
    ents = [(0, 1, "SUBSTANCE"), (2, 3, "CONDITION"), (4, 5, "SUBSTANCE"), (6, 7, "CONDITION")]
    doc = _doc(nlp, "Kava eases anxiety. Valerian eases insomnia.", ents)
    bounds = sentence_bounds(doc)
    assert bounds == [(0, 4), (4, 8)]
    rules = read_rule_labels(doc, bounds)
    assert rules[0]["claimlens_is_claim"] is False
    ids, sent_ids, _tok, dense = cm.featurizer(doc, bounds, rules)
    first = sorted(ids[sent_ids == 0].tolist())
    second = sorted(ids[sent_ids == 1].tolist())
    assert first == second  # "<S> eases <C> ." both times
    assert dense.shape == (2, len(RULE_FEATURES))
    assert dense[0, RULE_FEATURES.index("has_SUBSTANCE")] == 1.0


def test_recall_mode_adds_a_claim_with_the_rules_cue() -> None:
    nlp = _nlp()
    cm = _model(nlp, "recall", swear=8.0)
    doc = cm(_doc(nlp, "Users swear by it. The shop opens at nine."))
    first, second = list(doc.sents)
    assert first._.claimlens_is_claim is True
    # the rules' reading of the promoted sentence supplies the evidence and its cue
    assert first._.claimlens_evidence == "anecdotal"
    assert first._.claimlens_evidence_cue == "swear by"
    assert second._.claimlens_is_claim is False


def test_recall_mode_falls_back_to_the_most_contributing_word() -> None:
    nlp = _nlp()
    cm = _model(nlp, "recall", grandma=8.0)
    doc = cm(_doc(nlp, "Grandma had it daily."))
    sent = list(doc.sents)[0]
    assert sent._.claimlens_is_claim is True
    assert sent._.claimlens_evidence == "anecdotal"  # the model's label: no rule cue here
    assert sent._.claimlens_evidence_cue == "Grandma"
    assert sent._.claimlens_claim_cue == "Grandma"


def test_rule_signals_are_features() -> None:
    from pipeline.nlp.claims import SIG_EFFECT_CUE, SIG_FIRST_PERSON, SIGNALS_KEY

    nlp = _nlp()
    cm = ClaimModel(nlp, "m", mode="recall", claim_threshold=0.5, n_hash=N_HASH)
    doc = _doc(nlp, "It eased my pain. The shop opens.")
    doc.user_data[SIGNALS_KEY] = {0: SIG_EFFECT_CUE | SIG_FIRST_PERSON}
    bounds = sentence_bounds(doc)
    _ids, _s, _t, dense = cm.featurizer(doc, bounds, read_rule_labels(doc, bounds))
    assert dense[0, RULE_FEATURES.index("sig_effect_cue")] == 1.0
    assert dense[0, RULE_FEATURES.index("sig_first_person")] == 1.0
    assert dense[0, RULE_FEATURES.index("sig_heading")] == 0.0
    assert dense[1, RULE_FEATURES.index("sig_effect_cue")] == 0.0


def test_recall_mode_keeps_rule_claims_and_rules_mode_changes_nothing() -> None:
    nlp = _nlp()
    cm = _model(nlp, "recall", swear=8.0)
    doc = _doc(nlp, "Kava eases anxiety. Users swear by it.")
    first = list(doc.sents)[0]
    first._.claimlens_is_claim = True
    first._.claimlens_evidence = "clinical"
    first._.claimlens_evidence_cue = "trial"
    cm(doc)
    assert (first._.claimlens_evidence, first._.claimlens_evidence_cue) == ("clinical", "trial")
    cm.mode = "rules"
    doc2 = cm(_doc(nlp, "Users swear by it."))
    assert list(doc2.sents)[0]._.claimlens_is_claim is False


def test_override_mode_can_remove_a_rule_claim() -> None:
    nlp = _nlp()
    cm = _model(nlp, "override")
    doc = _doc(nlp, "Further trials are needed.")
    sent = list(doc.sents)[0]
    sent._.claimlens_is_claim = True
    sent._.claimlens_evidence = "clinical"
    cm(doc)
    assert sent._.claimlens_is_claim is False
    assert sent._.claimlens_evidence is None


def test_untrained_model_says_how_to_fix_it() -> None:
    nlp = _nlp()
    cm = nlp.add_pipe("claimlens_claim_model", config={"n_hash": N_HASH})
    with pytest.raises(ModelNotFound, match="claimlens train claims"):
        cm(_doc(nlp, "Kava eases anxiety."))


def test_bad_settings_are_config_errors() -> None:
    nlp = _nlp()
    with pytest.raises(ConfigError, match="mode"):
        nlp.add_pipe("claimlens_claim_model", config={"mode": "always"})
    with pytest.raises(ConfigError, match="claim_threshold"):
        nlp.add_pipe("claimlens_claim_model", name="x", config={"claim_threshold": 1.5})


def test_roundtrip(tmp_path) -> None:
    nlp = _nlp()
    _model(nlp, "recall", swear=8.0)
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    doc = again("Users swear by it.")
    assert list(doc.sents)[0]._.claimlens_is_claim is True
    assert again.get_pipe("claimlens_claim_model").version == "claim-model-test-recall"


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("I took it for a month. My sleep got better. It was cheap.", "firstperson"),
        ("Results: treated rats slept longer. The study examined 40 animals.", "research"),
        ("Kava is a shrub. It grows in the Pacific.", None),
    ],
)
def test_document_domain_and_its_copy_of_the_features(text: str, domain: str | None) -> None:
    nlp = _nlp()
    cm = ClaimModel(nlp, "m", mode="recall", claim_threshold=0.5, n_hash=N_HASH)
    doc = _doc(nlp, text)
    bounds = sentence_bounds(doc)
    ids, _s, _t, dense = cm.featurizer(doc, bounds, read_rule_labels(doc, bounds))
    from pipeline.nlp.claim_model import BASE_FEATURES, DOMAINS

    nb = len(BASE_FEATURES)
    blocks = [dense[:, (k + 1) * nb : (k + 2) * nb] for k in range(len(DOMAINS))]
    for name, block in zip(DOMAINS, blocks, strict=True):
        if name == domain:
            assert (block == dense[:, :nb]).all() and block.any()
        else:
            assert not block.any()
    n_tokens = sum(1 for t in doc if not t.is_space)
    assert len(ids) == (4 if domain else 2) * n_tokens  # uni + bigrams, doubled by the domain copy


def test_relabel_replaces_evidence_only_where_the_rules_found_no_cue() -> None:
    nlp = _nlp()
    cm = _model(nlp, mode="override", felt=8.0)
    cm.relabel_threshold = 0.8
    rule = {"claimlens_is_claim": True, "claimlens_evidence": "unspecified", "claimlens_evidence_cue": None}
    score = numpy.zeros(N_OUT, dtype="float32")
    score[_COL["evidence"].start + 2] = 5.0  # anecdotal, p ~ 0.98
    assert cm._relabel(score, rule) == "anecdotal"
    assert cm._relabel(score, {**rule, "claimlens_evidence_cue": "in rats"}) is None
    score[_COL["evidence"].start + 2] = 1.0  # p ~ 0.48: not sure enough
    assert cm._relabel(score, rule) is None
