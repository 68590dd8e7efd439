"""Model architectures of the trained ClaimLens components (registered for spaCy configs).

Why a custom embedding: spaCy's MultiHashEmbed concatenates one vector per
feature and mixes them with a Maxout layer of ~3 x n_features x width^2
multiply-adds per token, the most expensive layer of a small tok2vec. Here
each feature gets its own (smaller) width and the concatenation is the
embedding; the first convolution layer, which mixes neighbouring tokens
anyway, also mixes the features. Same inputs, about half the arithmetic.

Longer affixes than spaCy's PREFIX (1 char) and SUFFIX (3 chars) help with
chemical and disease names (-azole, -mycin, -itis, -emia). They are
computed once per word type (a dict keyed by the ORTH id), so a token
costs one dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import ORTH
from spacy.ml.featureextractor import FeatureExtractor
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

AFFIXES: dict[str, Callable[[str], str]] = {
    "pre2": lambda w: "<" + w[:2],
    "pre3": lambda w: "<" + w[:3],
    "suf4": lambda w: w[-4:] + ">",
    "suf5": lambda w: w[-5:] + ">",
}
_CACHE_LIMIT = 500_000


def affix_features(affixes: list[str]) -> Model[list[Doc], list[Ints2d]]:
    """One uint64 column per affix (hash of the lower-cased affix), cached per word type."""
    unknown = [a for a in affixes if a not in AFFIXES]
    if unknown:
        raise ValueError(f"unknown affixes {unknown}; choose from {sorted(AFFIXES)}")
    funcs = [AFFIXES[a] for a in affixes]
    cache: dict[int, tuple[int, ...]] = {}

    def features(doc: Doc) -> numpy.ndarray:
        orths = doc.to_array(ORTH).tolist()
        strings = doc.vocab.strings
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        rows = []
        for o in orths:
            row = cache.get(o)
            if row is None:
                word = strings[o].lower()
                row = tuple(hash_string(f(word)) for f in funcs)
                cache[o] = row
            rows.append(row)
        return numpy.asarray(rows, dtype="uint64").reshape(len(orths), len(funcs))

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
        return [model.ops.asarray2i(features(doc), dtype="uint64") for doc in docs], lambda d: []

    return Model("affix_features", forward, attrs={"affixes": list(affixes)})


def _with_affixes(attrs: list[str], affixes: list[str]) -> Model[list[Doc], list[Ints2d]]:
    if not affixes:
        return FeatureExtractor(list(attrs))
    base = FeatureExtractor(list(attrs))
    extra = affix_features(affixes)

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
        a = base.predict(docs)
        b = extra.predict(docs)
        return [model.ops.xp.hstack((x, y)) for x, y in zip(a, b, strict=True)], lambda d: []

    return Model("features_with_affixes", forward, layers=[base, extra])


@registry.architectures("claimlens.ConcatHashEmbed.v1")
def concat_hash_embed(
    attrs: list[str],
    widths: list[int],
    rows: list[int],
    affixes: list[str] = [],  # noqa: B006 - a config default, never mutated
    seed: int = 7,
) -> Model[list[Doc], list[Floats2d]]:
    """One HashEmbed per token attribute and per extra affix, each of its own width, concatenated.

    ``widths`` and ``rows`` list the attributes first, then the affixes; the
    output width is sum(widths).
    """
    n = len(attrs) + len(affixes)
    if not (n == len(widths) == len(rows)):
        raise ValueError(
            f"widths and rows need one entry per attribute and affix ({n}): got {len(widths)} and {len(rows)}"
        )
    tables = [
        HashEmbed(nO=w, nV=r, column=i, seed=seed + i, dropout=0.0)
        for i, (w, r) in enumerate(zip(widths, rows, strict=True))
    ]
    model: Model[list[Doc], list[Floats2d]] = chain(
        _with_affixes(list(attrs), list(affixes)),
        list2ragged(),
        with_array(concatenate(*tables)),
        ragged2list(),
    )
    model.set_dim("nO", sum(widths))
    return model
