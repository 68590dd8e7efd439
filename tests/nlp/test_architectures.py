"""claimlens.MultiHashEmbed.v1: spaCy's MultiHashEmbed with a configurable mixing layer."""

from __future__ import annotations

import pytest
import spacy
from spacy.util import registry

import pipeline.nlp.architectures  # noqa: F401  (registers the architecture)


def test_embeds_every_token_at_the_given_width() -> None:
    make = registry.architectures.get("claimlens.MultiHashEmbed.v1")
    model = make(width=16, attrs=["NORM", "SHAPE", "ENT_TYPE"], rows=[100, 50, 8], maxout_pieces=2)
    nlp = spacy.blank("en")
    docs = [nlp.make_doc("Kava eases anxiety ."), nlp.make_doc("Hi")]
    model.initialize(X=docs)
    out = model.predict(docs)
    assert [o.shape for o in out] == [(4, 16), (1, 16)]
    maxout = [layer for layer in model.walk() if layer.name == "maxout"][0]
    assert maxout.get_dim("nP") == 2
    assert maxout.get_dim("nI") == 48


def test_rows_and_attrs_must_match() -> None:
    make = registry.architectures.get("claimlens.MultiHashEmbed.v1")
    with pytest.raises(ValueError, match="one per attribute"):
        make(width=16, attrs=["NORM", "SHAPE"], rows=[100])
