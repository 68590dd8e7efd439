"""claimlens_ner: constrained BILUO decoding, merging with lexicon entities, training and serialisation."""

from __future__ import annotations

import itertools
import random

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from pipeline.errors import ConfigError
from pipeline.nlp import ner as N

SMALL_MODEL = {
    "@architectures": "spacy.Tagger.v2",
    "nO": None,
    "normalize": False,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 16,
        "depth": 1,
        "embed_size": 500,
        "window_size": 1,
        "maxout_pieces": 2,
        "subword_features": True,
    },
}


def _valid(tags: tuple[int, ...]) -> bool:
    closed, label = True, None
    for t in tags:
        if t == 0:
            if not closed:
                return False
            continue
        move, lab = (t - 1) % 4, (t - 1) // 4
        if move in (0, 3):  # B, U
            if not closed:
                return False
            closed, label = move == 3, lab
        else:  # I, L
            if closed or lab != label:
                return False
            closed = move == 2
    return closed


def test_viterbi_finds_the_best_valid_sequence() -> None:
    rng = numpy.random.default_rng(1)
    n_tags = 1 + 4 * 2
    for _ in range(60):
        rows = [rng.normal(size=(int(rng.integers(1, 5)), n_tags)).astype("float32") * 3 for _ in range(3)]
        for row, got in zip(rows, N.viterbi(rows, 2), strict=True):
            paths = (p for p in itertools.product(range(n_tags), repeat=len(row)) if _valid(p))
            best = max(paths, key=lambda p: sum(float(row[i, t]) for i, t in enumerate(p)))
            assert tuple(int(x) for x in got) == best


def test_biluo_tag_order() -> None:
    assert N.biluo_tags(["A", "B"]) == ["O", "B-A", "I-A", "L-A", "U-A", "B-B", "I-B", "L-B", "U-B"]


def _pipe(existing_ents: str = "model_wins") -> tuple[Language, N.TaggerEntityRecognizer]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ner = nlp.add_pipe("claimlens_ner", config={"model": SMALL_MODEL, "existing_ents": existing_ents})
    for label in ("SUBSTANCE", "CONDITION"):
        ner.add_label(label)
    return nlp, ner


def _scores(n: int, best: dict[int, int]) -> numpy.ndarray:
    x = numpy.zeros((n, 9), dtype="float32")
    x[:, 0] = 5.0
    for i, t in best.items():
        x[i, t] = 10.0
    return x


def test_decode_keeps_valid_argmax_and_repairs_invalid() -> None:
    nlp, ner = _pipe()
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc("kava eases mild anxiety today"))
    ok = ner.decode([doc], [_scores(5, {0: 4, 2: 5, 3: 7})])[0]  # U-SUB, B-COND L-COND
    assert ok.tolist() == [4, 0, 5, 7, 0]
    # "I-CONDITION" alone is not a valid sequence: Viterbi chooses the best valid one
    fixed = ner.decode([doc], [_scores(5, {3: 6})])[0]
    assert _valid(tuple(fixed.tolist()))


def test_entities_do_not_cross_sentences() -> None:
    nlp, ner = _pipe()
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc("Take kava. Anxiety goes."))
    assert [t.is_sent_start for t in doc][3] is True  # "Anxiety"
    tags = ner.decode([doc], [_scores(len(doc), {1: 1, 2: 2, 3: 3})])[0]  # B . . L across the boundary
    ner.set_annotations([doc], [tags])
    assert all(e.sent == doc[e.start].sent for e in doc.ents)
    assert _valid(tuple(tags[:3].tolist())) and _valid(tuple(tags[3:].tolist()))


@pytest.mark.parametrize(
    "mode,expected",
    [
        ("model_wins", [("kava extract", "SUBSTANCE"), ("anxiety", "CONDITION")]),
        ("lexicon_wins", [("kava", "SUBSTANCE"), ("anxiety", "CONDITION")]),
        ("replace", [("kava extract", "SUBSTANCE")]),
    ],
)
def test_existing_entities_are_merged_by_mode(mode: str, expected: list[tuple[str, str]]) -> None:
    nlp, ner = _pipe(mode)
    doc = nlp.make_doc("kava extract eases anxiety")
    doc.ents = [Span(doc, 0, 1, "SUBSTANCE"), Span(doc, 3, 4, "CONDITION")]
    tags = numpy.asarray([1, 3, 0, 0], dtype="int32")  # model: "kava extract"
    ner.set_annotations([doc], [tags])
    assert [(e.text, e.label_) for e in doc.ents] == expected
    model_span = [e for e in doc.ents if e.text == "kava extract"]
    if model_span:
        assert model_span[0]._.claimlens_source == "model"


def test_bad_mode_is_a_config_error() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ConfigError, match="existing_ents"):
        nlp.add_pipe("claimlens_ner", config={"model": SMALL_MODEL, "existing_ents": "union"})


TRAIN = [
    ("Kava eases anxiety in adults .", [(0, 4, "SUBSTANCE"), (11, 18, "CONDITION")]),
    ("Valerian helps insomnia .", [(0, 8, "SUBSTANCE"), (15, 23, "CONDITION")]),
    ("Many adults drink kava for anxiety .", [(18, 22, "SUBSTANCE"), (27, 34, "CONDITION")]),
]


def _trained() -> Language:
    random.seed(0)
    numpy.random.seed(0)
    nlp, _ner = _pipe()
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    opt = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=opt, drop=0.0)
    return nlp


def test_learns_and_roundtrips(tmp_path) -> None:
    nlp = _trained()
    doc = nlp("Kava eases anxiety in adults .")
    assert [(e.text, e.label_) for e in doc.ents] == [("Kava", "SUBSTANCE"), ("anxiety", "CONDITION")]
    nlp.to_disk(tmp_path / "m")
    again = spacy.load(tmp_path / "m")
    assert again.get_pipe("claimlens_ner").labels == ("SUBSTANCE", "CONDITION")
    doc2 = again("Kava eases anxiety in adults .")
    assert [(e.text, e.label_) for e in doc2.ents] == [("Kava", "SUBSTANCE"), ("anxiety", "CONDITION")]


def test_missing_annotation_gives_no_gradient() -> None:
    nlp, ner = _pipe()
    doc = nlp.make_doc("kava eases anxiety")
    ref = Doc(doc.vocab, words=["kava", "eases", "anxiety"])
    ref.set_ents([Span(ref, 0, 1, "SUBSTANCE")], missing=[ref[2:3]], default="outside")
    eg = Example(doc, ref)
    nlp.initialize(lambda: [eg])
    assert ner.gold_ids(eg).tolist() == [4, 0, -1]  # U-SUBSTANCE, O, missing
    probs = numpy.full((3, 9), 1 / 9, dtype="float32")
    loss, (grad,) = ner.get_loss([eg], [probs])
    assert grad[2].tolist() == [0.0] * 9
    assert grad[0][4] == pytest.approx(1 / 9 - 1)
    assert loss == pytest.approx(-2 * numpy.log(1 / 9), rel=1e-4)


def test_keep_labels_and_sources_filter_lexicon_entities() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimlens_lexicon", config={"lexicons": ["curated.jsonl"]})
    ner = nlp.add_pipe(
        "claimlens_ner",
        config={"model": SMALL_MODEL, "keep_labels": ["SUBSTANCE"], "keep_sources": ["curated"]},
    )
    for label in ("SUBSTANCE", "CONDITION"):
        ner.add_label(label)
    doc = nlp.get_pipe("claimlens_lexicon")(nlp.make_doc("Kratom may ease anxiety ."))
    assert [(e.text, e.label_) for e in doc.ents] == [("Kratom", "SUBSTANCE"), ("anxiety", "CONDITION")]
    ner.set_annotations([doc], [numpy.zeros(len(doc), dtype="int32")])  # the model found nothing
    assert [(e.text, e.label_) for e in doc.ents] == [("Kratom", "SUBSTANCE")]
    assert doc.ents[0]._.claimlens_source == "lexicon"
    ner.cfg["keep_sources"] = ["mesh"]
    doc = nlp.get_pipe("claimlens_lexicon")(nlp.make_doc("Kratom may ease anxiety ."))
    ner.set_annotations([doc], [numpy.zeros(len(doc), dtype="int32")])
    assert list(doc.ents) == []
