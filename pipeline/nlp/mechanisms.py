"""MECHANISM compounds: targets with their action or role noun as one span (docs/ANNOTATION.md, real web text).

Real pages and abstracts write a mechanism as a target plus what happens at it:
"serotonin release", "glutamate signalling", "NMDA antagonists", "sigma1 receptors",
"release of acetylcholine", "dopaminergic neurotransmission". The lexicon tags the
target ("serotonin", "NMDA") or the role ("antagonists") on its own, and the trained NER
learns from gold that keeps them apart, so this component joins them after both have
run. It only rewrites spans that already touch a MECHANISM (or a transmitter-system
adjective), keeps the target's canonical name and concept id, and does one pass over
the entities, so its cost is linear in the number of entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.extensions import register_extensions

# Nouns that name what happens at a target: joined to the MECHANISM before them.
ACTION_NOUNS: frozenset[str] = frozenset(
    """release reuptake signaling signalling neurotransmission transmission modulation agonist agonists
    antagonist antagonists agonism antagonism blocker blockers blockade desensitization desensitisation
    receptor receptors channel channels transporter transporters subunit subunits adrenoceptor
    adrenoceptors""".split()
)
# Roles that make a taken substance's name a mechanism ("opiate agonist", "dopamine receptor blocker").
ROLE_NOUNS: frozenset[str] = frozenset(
    "agonist agonists antagonist antagonists agonism antagonism blocker blockers".split()
)
# "release of X", "antagonism of X": the action noun before "of" joins the span.
LEFT_ACTIONS: frozenset[str] = frozenset(
    "release antagonism agonism inhibition activation blockade stimulation modulation reuptake".split()
)
# Transmitter-system adjectives that form a mechanism with an action noun ("cholinergic activity").
SYSTEM_ADJECTIVES: frozenset[str] = frozenset(
    """glutamatergic gabaergic dopaminergic serotonergic noradrenergic adrenergic cholinergic opioidergic
    glycinergic histaminergic monoaminergic""".split()
)
SYSTEM_NOUNS: frozenset[str] = ACTION_NOUNS | frozenset({"activity", "system", "systems", "pathway", "pathways"})
_VALUE_KEYS = ("claimlens_canonical", "claimlens_concept_id", "claimlens_source")


def _values(doc: Doc, span: Span) -> tuple:
    ud = doc.user_data
    a, b = span.start_char, span.end_char
    return tuple(ud.get(("._.", k, a, b)) for k in _VALUE_KEYS)


def compound_spans(doc: Doc) -> list[tuple[int, int, str, tuple]] | None:
    """(start, end, label, values) for every entity after joining; None when nothing changes."""
    ents = list(doc.ents)
    lowers = doc.to_array(LOWER).tolist()
    strings = doc.vocab.strings
    words = [strings[h] for h in lowers]
    n = len(words)
    has_adj = not SYSTEM_ADJECTIVES.isdisjoint(words)
    if not has_adj and not any(e.label_ == "MECHANISM" for e in ents):
        return None
    out: list[tuple[int, int, str, tuple]] = [(e.start, e.end, e.label_, _values(doc, e)) for e in ents]
    changed = False
    merged: list[tuple[int, int, str, tuple]] = []
    i = 0
    while i < len(out):
        s, e, label, vals = out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        if label in ("MECHANISM", "SUBSTANCE") and nxt is not None and nxt[0] == e and nxt[2] == "MECHANISM":
            second = words[nxt[0] : nxt[1]]
            role = all(w in ACTION_NOUNS for w in second) if label == "MECHANISM" else second[0] in ROLE_NOUNS
            if role:  # "NMDA" + "antagonists", "opiate" + "agonist"
                s, e, label = s, nxt[1], "MECHANISM"
                vals = vals if out[i][2] == "MECHANISM" else nxt[3]
                i += 1
                changed = True
                nxt = out[i + 1] if i + 1 < len(out) else None
        if label == "MECHANISM" or (label == "SUBSTANCE" and e < n and words[e] in ROLE_NOUNS):
            k = e
            nouns = ACTION_NOUNS if label == "MECHANISM" else ROLE_NOUNS
            while k < n and k - e < 3 and words[k] in nouns and (nxt is None or k < nxt[0]):
                k += 1
            if k > e:
                e, label, changed = k, "MECHANISM", True
            if s >= 1 and words[s - 1] in SYSTEM_ADJECTIVES and (not merged or merged[-1][1] <= s - 1):
                s, changed = s - 1, True  # "dopaminergic neurotransmission"
            if s >= 2 and words[s - 1] == "of" and words[s - 2] in LEFT_ACTIONS and (
                not merged or merged[-1][1] <= s - 2
            ):
                s, changed = s - 2, True  # "release of acetylcholine"
        merged.append((s, e, label, vals))
        i += 1
    if has_adj:
        taken = bytearray(n)
        for s, e, _, _ in merged:
            taken[s:e] = b"\x01" * (e - s)
        for k in range(n - 1):
            if words[k] in SYSTEM_ADJECTIVES and not taken[k] and not taken[k + 1] and words[k + 1] in SYSTEM_NOUNS:
                j = k + 2 if k + 2 < n and words[k + 2] in ACTION_NOUNS and not taken[k + 2] else k + 1
                s = k - 2 if k >= 2 and words[k - 1] == "of" and words[k - 2] in LEFT_ACTIONS and not taken[k - 2] else k
                merged.append((s, j + 1, "MECHANISM", (None, None, "rule")))
                taken[s : j + 1] = b"\x01" * (j + 1 - s)
                changed = True
        merged.sort(key=lambda x: x[0])
    return merged if changed else None


class MechanismCompounds:
    """spaCy component: join MECHANISM targets with their action or role nouns (see module doc)."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        merged = compound_spans(doc)
        if merged is None:
            return doc
        spans = [Span(doc, s, e, label=label) for s, e, label, _ in merged]
        doc.ents = spans
        ud = doc.user_data
        for span, (_, _, _, vals) in zip(spans, merged, strict=True):
            a, b = span.start_char, span.end_char
            for key, value in zip(_VALUE_KEYS, vals, strict=True):
                ud[("._.", key, a, b)] = value
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)


@Language.factory("claimlens_mechanisms", default_config={})
def make_mechanism_compounds(nlp: Language, name: str) -> MechanismCompounds:
    """MECHANISM compounds ("serotonin release", "NMDA antagonists") as one span."""
    return MechanismCompounds(nlp, name)
