"""Every Doc/Span extension ClaimLens uses, declared in one place.

Values are plain (str, bool, None): span extension values are stored in
`doc.user_data` keyed by character offsets, so they survive DocBin
serialisation and never hold Span objects across process boundaries.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Entities (set on the spans in doc.ents)
SPAN_ENTITY_EXTENSIONS: dict[str, object] = {
    "claimlens_canonical": None,  # canonical concept name
    "claimlens_concept_id": None,  # e.g. MESH:D032065, DOID:1596, CLAIMLENS:kratom
    "claimlens_source": None,  # lexicon | abbreviation | model
}

# Sentences (set on the spans of doc.sents)
SPAN_SENTENCE_EXTENSIONS: dict[str, object] = {
    "claimlens_is_claim": False,
    "claimlens_evidence": None,
    "claimlens_claim_type": None,
    "claimlens_hedged": False,
    "claimlens_negated": False,
    "claimlens_evidence_cue": None,
    "claimlens_claim_cue": None,
    "claimlens_hedge_cue": None,
    "claimlens_negation_cue": None,
}

DOC_EXTENSIONS: dict[str, object] = {
    "claimlens_doc_id": None,
    # share of sentences with I/my/me (set by claimlens_claims); >= claims.FIRST_PERSON_SHARE makes
    # the document a first-person review whose reported effects are claims about the product
    "claimlens_first_person": None,
}


def register_extensions() -> None:
    """Idempotent: safe to call from every component factory."""
    for name, default in {**SPAN_ENTITY_EXTENSIONS, **SPAN_SENTENCE_EXTENSIONS}.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
