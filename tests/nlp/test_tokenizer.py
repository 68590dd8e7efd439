"""The ClaimLens tokenizer: spaCy's English rules plus a few changes for web health text."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.nlp.tokenizer import make_tokenizer


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "claimlens_tokenizer.v1"}}})


def words(nlp: Language, text: str) -> list[str]:
    return [t.text for t in nlp(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a missing space after a sentence period
        ("capsules.It works", ["capsules", ".", "It", "works"]),
        ("in 2019.The", ["in", "2019", ".", "The"]),
        ("disorder (PTSD).It", ["disorder", "(", "PTSD", ")", ".", "It"]),
        ("with PTSD.The", ["with", "PTSD", ".", "The"]),
        ('it works."It', ["it", "works", ".", '"', "It"]),
        # citation markers glued to the final period
        ("withdrawal.[4] Next", ["withdrawal", ".", "[", "4", "]", "Next"]),
        ("withdrawal.[4][5] Next", ["withdrawal", ".", "[", "4", "]", "[", "5", "]", "Next"]),
        ("withdrawal.(4) Next", ["withdrawal", ".", "(", "4", ")", "Next"]),
        ("withdrawal.4 Next", ["withdrawal", ".", "4", "Next"]),
        # names that stay whole
        ("7-hydroxymitragynine binds", ["7-hydroxymitragynine", "binds"]),
        ("5-HTP, L-theanine and CB1.", ["5-HTP", ",", "L-theanine", "and", "CB1", "."]),
        ("the mu-opioid receptor", ["the", "mu-opioid", "receptor"]),
        ("(7-hydroxymitragynine)", ["(", "7-hydroxymitragynine", ")"]),
        ("5-HT1A-mediated", ["5-HT1A", "-", "mediated"]),
        # ordinary hyphenated words are still split, so "pain" can be tagged
        ("pain-relieving opioid-like", ["pain", "-", "relieving", "opioid", "-", "like"]),
        # numbers and doses
        ("take 7.5 mg or 0.5% daily", ["take", "7.5", "mg", "or", "0.5", "%", "daily"]),
        ("10mg", ["10", "mg"]),
        # abbreviations
        ("e.g. kava, i.e. a root", ["e.g.", "kava", ",", "i.e.", "a", "root"]),
        ("in the U.S. and", ["in", "the", "U.S.", "and"]),
        ("Smith et al. found", ["Smith", "et", "al.", "found"]),
        ("approx. 5 vs. 6", ["approx.", "5", "vs.", "6"]),
        ("Dr. Lee of St. Louis", ["Dr.", "Lee", "of", "St.", "Louis"]),
        ("M. speciosa", ["M.", "speciosa"]),
        # bullets
        ("\u20439. The", ["\u2043", "9", ".", "The"]),
        # untouched: URLs, e-mails, decimals, versions
        ("see https://example.com/a.html.", ["see", "https://example.com/a.html", "."]),
        ("Jane.Doe@example.com.", ["Jane.Doe@example.com", "."]),
        ("U.S.It", ["U.S.It"]),
    ],
)
def test_tokens(nlp: Language, text: str, expected: list[str]) -> None:
    assert words(nlp, text) == expected


def test_newlines_are_whitespace_tokens(nlp: Language) -> None:
    doc = nlp("Heading\nText here.\n\n- item")
    assert [t.text for t in doc] == ["Heading", "\n", "Text", "here", ".", "\n\n", "-", "item"]
    assert [t.is_space for t in doc] == [False, True, False, False, False, True, False, False]


def test_offsets_cover_the_text(nlp: Language) -> None:
    text = "Kratom (M. speciosa).It may help.[4] 7-hydroxymitragynine!"
    doc = nlp(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_make_tokenizer_replaces_the_default() -> None:
    nlp = spacy.blank("en")
    assert [t.text for t in nlp("5-HTP")] == ["5", "-", "HTP"]
    nlp.tokenizer = make_tokenizer(nlp)
    assert [t.text for t in nlp("5-HTP")] == ["5-HTP"]


def test_serialised_rules_survive_a_round_trip(nlp: Language) -> None:
    """A saved pipeline stores the tokenizer's patterns; loading them must give the same tokens."""
    other = spacy.blank("en")
    other.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    text = "7-hydroxymitragynine eases pain.[4] Smith et al. found it.It works in 2019.The"
    assert words(other, text) == words(nlp, text)


def test_warm_cache_gives_the_same_tokens_as_spacy(nlp: Language) -> None:
    """Chunks warmed ahead of a document must tokenize exactly as spaCy's own Tokenizer does."""
    from spacy.attrs import NORM, ORTH, SPACY
    from spacy.tokenizer import Tokenizer

    from pipeline.nlp.tokenizer import WarmCacheTokenizer

    assert isinstance(nlp.tokenizer, WarmCacheTokenizer)
    plain = Tokenizer(nlp.vocab)
    plain.from_bytes(nlp.tokenizer.to_bytes())
    texts = [
        "Heading\nDon't take kratom's 7-hydroxymitragynine, e.g. 5mg.It works.[4]\n\n- item (PTSD).",
        "Kratom (M. speciosa) eases pain-relieving doses; it's U.S. law :) vs. 10mg/kg (n=12).",
        "Don't take kratom's doses. Heading\n(e.g., pain-relieving) gonna cannot em 'em",
    ]
    for _ in range(2):  # second round: every chunk comes from the cache
        for text in texts:
            a = nlp.tokenizer(text).to_array([ORTH, SPACY, NORM])
            b = plain(text).to_array([ORTH, SPACY, NORM])
            assert a.tolist() == b.tolist()


def test_warm_cache_survives_a_rule_change(nlp: Language) -> None:
    """A special case added later flushes spaCy's cache; the warmed set must follow."""
    import copy

    other = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "claimlens_tokenizer.v1"}}})
    assert words(other, "gimme kratom") == ["gimme", "kratom"]
    other.tokenizer.add_special_case("gimme", [{"ORTH": "gim"}, {"ORTH": "me"}])
    assert words(other, "gimme kratom") == ["gim", "me", "kratom"]
    assert copy.deepcopy(other.tokenizer) is not None
