"""Model architectures of the trained ClaimLens components (registered for spaCy configs).

`claimlens.MultiHashEmbed.v1` is spaCy's MultiHashEmbed (one HashEmbed
table per token attribute, concatenated, mixed by a Maxout layer) with the
Maxout's number of pieces as a setting: spaCy fixes it at 3, and that
mixing layer is the largest matrix product of a small tok2vec; 2 pieces
cut a third of it (PERFORMANCE.md: the CNN is most of a trained
pipeline's time).
"""

from __future__ import annotations

from spacy.ml.featureextractor import FeatureExtractor
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d


@registry.architectures("claimlens.MultiHashEmbed.v1")
def multi_hash_embed(width: int, attrs: list[str], rows: list[int], maxout_pieces: int = 3) -> Model[list[Doc], list[Floats2d]]:
    """Hash embeddings of ``attrs`` (``rows`` rows each), concatenated and mixed to ``width``."""
    if len(rows) != len(attrs):
        raise ValueError(f"claimlens.MultiHashEmbed.v1: {len(rows)} rows for {len(attrs)} attrs; give one per attribute")
    tables = [HashEmbed(width, r, column=i, seed=8 + i, dropout=0.0) for i, r in enumerate(rows)]
    return chain(
        FeatureExtractor(list(attrs)),
        list2ragged(),
        with_array(concatenate(*tables)),
        with_array(Maxout(width, width * len(tables), nP=maxout_pieces, dropout=0.0, normalize=True)),
        ragged2list(),
    )
