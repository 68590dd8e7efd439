"""The claimlens_segmenter component: sentence rules of docs/ANNOTATION.md on web health text."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

import pipeline.nlp.segment  # noqa: F401  (registers the factory)
import pipeline.nlp.tokenizer  # noqa: F401  (registers the tokenizer)
from pipeline.errors import ConfigError


def make_nlp(**config: object) -> Language:
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "claimlens_tokenizer.v1"}}})
    nlp.add_pipe("claimlens_segmenter", config=config)
    return nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return make_nlp()


def sents(nlp: Language, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


CASES: list[tuple[str, list[str]]] = [
    # ---- ANNOTATION.md "Sentences"
    (
        "Benefits of Kratom\nKratom may ease pain. Users report better sleep.\n- Better mood\n* Less anxiety\n"
        "\u2022 More energy\n1. First item\n2) Second item",
        [
            "Benefits of Kratom",
            "Kratom may ease pain.",
            "Users report better sleep.",
            "- Better mood",
            "* Less anxiety",
            "\u2022 More energy",
            "1. First item",
            "2) Second item",
        ],
    ),
    (
        "By Jane Doe\nMarch 3, 2024\nImage: Shutterstock\nKratom is a tree.",
        ["By Jane Doe", "March 3, 2024", "Image: Shutterstock", "Kratom is a tree."],
    ),
    (
        "It may ease opioid withdrawal.[4] Others disagree.",
        ["It may ease opioid withdrawal.[4]", "Others disagree."],
    ),
    (
        "It may ease opioid withdrawal. [4] Others disagree.",
        ["It may ease opioid withdrawal. [4]", "Others disagree."],
    ),
    (
        "It may ease opioid withdrawal. (4) Others disagree.",
        ["It may ease opioid withdrawal. (4)", "Others disagree."],
    ),
    ("It eases withdrawal.[4][5] Others disagree.", ["It eases withdrawal.[4][5]", "Others disagree."]),
    ("It eases withdrawal.[4, 5] Others disagree.", ["It eases withdrawal.[4, 5]", "Others disagree."]),
    ("It eases withdrawal.4 Others disagree.", ["It eases withdrawal.4", "Others disagree."]),
    ("Take two capsules.It works fast.", ["Take two capsules.", "It works fast."]),
    ("Dr. Lee in St. Louis studied it.", ["Dr. Lee in St. Louis studied it."]),
    ("It is sold in the U.S. and Canada.", ["It is sold in the U.S. and Canada."]),
    ("Smith et al. found a benefit. Others did not.", ["Smith et al. found a benefit.", "Others did not."]),
    ("Smith et al. (2019) found a benefit.", ["Smith et al. (2019) found a benefit."]),
    (
        "M. speciosa grows in Thailand. E. coli was absent.",
        ["M. speciosa grows in Thailand.", "E. coli was absent."],
    ),
    # ---- the brief's list
    (
        "It contains e.g. mitragynine, i.e. an alkaloid, at approx. 2% vs. 1% in kava.",
        ["It contains e.g. mitragynine, i.e. an alkaloid, at approx. 2% vs. 1% in kava."],
    ),
    ("Mr. and Mrs. Lee met Ms. Park and Prof. Kim.", ["Mr. and Mrs. Lee met Ms. Park and Prof. Kim."]),
    (
        "Kava, valerian, etc. may interact. Ask a doctor.",
        ["Kava, valerian, etc. may interact.", "Ask a doctor."],
    ),
    ("See Fig. 3 and No. 5 for details.", ["See Fig. 3 and No. 5 for details."]),
    ("Doses incl. 5 mg. were used, cf. Table 2.", ["Doses incl. 5 mg. were used, cf. Table 2."]),
    ("My name is Jonas E. Smith.", ["My name is Jonas E. Smith."]),
    ("It needs vitamin D. Kratom does not.", ["It needs vitamin D.", "Kratom does not."]),
    (
        "Doses of 7.5 mg and 0.5% were used. 7-hydroxymitragynine is potent.",
        ["Doses of 7.5 mg and 0.5% were used.", "7-hydroxymitragynine is potent."],
    ),
    ("The dose was 5 mg. The effect was mild.", ["The dose was 5 mg.", "The effect was mild."]),
    ("Is it safe? No. It is not.", ["Is it safe?", "No.", "It is not."]),
    ("Is it safe? No. 3 studies found harm.", ["Is it safe?", "No.", "3 studies found harm."]),
    ("It helps!! Others say no?! Nobody knows.", ["It helps!!", "Others say no?!", "Nobody knows."]),
    ("I felt awful... Then I tried kratom.", ["I felt awful...", "Then I tried kratom."]),
    ("I felt... well, unsure. Then it passed.", ["I felt... well, unsure.", "Then it passed."]),
    ('She said, "It works." Then she left.', ['She said, "It works."', "Then she left."]),
    ('"It works," she said. "Really."', ['"It works," she said.', '"Really."']),
    ("It works (in mice.) for pain.", ["It works (in mice.) for pain."]),
    ("It is sold in the U.S. How is it used?", ["It is sold in the U.S.", "How is it used?"]),
    ("The U.S. Government regulates it.", ["The U.S. Government regulates it."]),
    ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
    ("Rated 4.5 of 5. Great product.", ["Rated 4.5 of 5.", "Great product."]),
    ("It was studied in 2019. 12 patients improved.", ["It was studied in 2019.", "12 patients improved."]),
    ("Levels rose. mRNA levels fell.", ["Levels rose.", "mRNA levels fell."]),
    ("It is safe. kratom is not.", ["It is safe. kratom is not."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences(nlp: Language, text: str, expected: list[str]) -> None:
    assert sents(nlp, text) == expected


def test_every_token_is_set(nlp: Language) -> None:
    doc = nlp("Dr. Lee said so.\n\nKratom helps. It is legal.")
    assert all(t.is_sent_start in (True, False) for t in doc)
    assert doc[0].is_sent_start is True
    assert doc.has_annotation("SENT_START")


def test_whitespace_goes_to_the_sentence_before(nlp: Language) -> None:
    doc = nlp("\n First one.  \n\nSecond one.\n")
    assert [s.text for s in doc.sents] == ["\n First one.  \n\n", "Second one.\n"]


def test_whitespace_only_doc(nlp: Language) -> None:
    doc = nlp(" \n\n ")
    assert [s.text for s in doc.sents] == [" \n\n "]
    assert len(nlp("")) == 0


def test_extra_abbreviations() -> None:
    text = "Use the leaf Ext. Powder is also sold."
    assert sents(make_nlp(), text) == ["Use the leaf Ext.", "Powder is also sold."]
    assert sents(make_nlp(extra_abbreviations=["Ext."]), text) == [text]


def test_bad_abbreviation_setting_is_a_coded_error() -> None:
    with pytest.raises(ConfigError, match=r"\[E003\].*not one word"):
        make_nlp(extra_abbreviations=["two words"])


def test_pipeline_round_trip(nlp: Language, tmp_path) -> None:
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    text = "Smith et al. found it. 7-hydroxymitragynine helps.[4] Next."
    assert [s.text for s in loaded(text).sents] == [s.text for s in nlp(text).sents]


# ---- properties on arbitrary text -------------------------------------------------

PIECES = [
    "Kratom", "may", "help", "it", "I", "The", "e.g.", "Dr.", "U.S.", "et al.", "7.5", "mg", "5-HTP",
    ".", "!", "?", "...", "\u2026", ". . .", ",", '"', "\u201c", "\u201d", "'", "(", ")", "[4]", "[", "]",
    "1.", "2)", "a.", "-", "*", "\u2022", " ", " ", " ", "  ", "\n", "\n\n", " \n ", "\t", "M.", "E.",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.text(max_size=60)))
def test_sentences_partition_the_doc(text: str) -> None:
    doc = _PROPERTY_NLP(text)
    if len(doc) == 0:
        return
    spans = list(doc.sents)
    assert all(t.is_sent_start in (True, False) for t in doc)
    # in order, non-overlapping, covering every token
    assert spans[0].start == 0 and spans[-1].end == len(doc)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:], strict=False))
    assert "".join(s.text_with_ws for s in spans) == text
    # never empty: only a whitespace-only document has a whitespace-only sentence
    if text.strip():
        assert all(s.text.strip() for s in spans)
        # whitespace between sentences stays with the sentence before
        assert all(not s[0].is_space for s in spans[1:])


_PROPERTY_NLP = make_nlp()


def test_markdown_heading_with_a_list_number_is_one_sentence():
    import spacy

    import pipeline.nlp.segment  # noqa: F401
    from pipeline.nlp.tokenizer import make_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    nlp.add_pipe("claimlens_segmenter")
    doc = nlp("## 1. Melatonin\nIt helps.\n### 2. Valerian")
    assert [s.text.strip() for s in doc.sents] == ["## 1. Melatonin", "It helps.", "### 2. Valerian"]
