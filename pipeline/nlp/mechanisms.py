"""MECHANISM compounds: targets with their action or role noun as one span (docs/ANNOTATION.md, real web text).

Real pages and abstracts write a mechanism as a target plus what happens at it:
"serotonin release", "glutamate signalling", "NMDA antagonists", "sigma1 receptors",
"antagonism of sigma receptors", "dopaminergic neurotransmission". The lexicon tags the
target ("serotonin", "NMDA") or the role ("antagonists") on its own, and the trained NER
learns from gold that keeps them apart, so this component joins them after both have
run. It only rewrites spans that already touch a MECHANISM (or a transmitter-system
adjective), keeps the target's canonical name and concept id, and does one pass over
the entities, so its cost is linear in the number of entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, LOWER
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
# Of these, only the roles join before a tagged target ("antagonism of sigma receptors"): the gold keeps
# "release of ACh", "inhibition of NO synthesis", "reuptake of serotonin" apart (real train: 10 of 16
# "<action> of <target>" outside the span, self-written gold 5 of 5).
LEFT_ROLES: frozenset[str] = frozenset({"antagonism", "agonism"})
LEFT_ACTIONS: frozenset[str] = frozenset(
    "release antagonism agonism inhibition activation blockade stimulation modulation reuptake".split()
)
# Transmitter-system adjectives that form a mechanism with an action noun ("cholinergic activity").
SYSTEM_ADJECTIVES: frozenset[str] = frozenset(
    """glutamatergic gabaergic dopaminergic serotonergic noradrenergic adrenergic cholinergic opioidergic
    glycinergic histaminergic monoaminergic""".split()
)
SYSTEM_NOUNS: frozenset[str] = ACTION_NOUNS | frozenset({"activity", "system", "systems", "pathway", "pathways"})
# Target heads that make a ligand's name a target ("NMDA receptor", "dopamine receptor blocker") even when
# the NER read the ligand as a SUBSTANCE.
TARGET_HEADS: frozenset[str] = frozenset(
    "receptor receptors transporter transporters channel channels adrenoceptor adrenoceptors".split()
)
MAX_SUBTYPE_TOKENS = 3  # "D2", "5-HT1A", "A2A / A1" between a target and its head
_VALUE_KEYS = ("claimlens_canonical", "claimlens_concept_id", "claimlens_source")


def _values(doc: Doc, span: Span | _Ent) -> tuple:
    ud = doc.user_data
    a, b = span.start_char, span.end_char
    return tuple(ud.get(("._.", k, a, b)) for k in _VALUE_KEYS)


def _is_subtype(word: str) -> bool:
    """A receptor subtype token ("d2", "5-ht1a", "a2a", "h2", "1a", "/"): short, with a digit, or a slash."""
    return word == "/" or (len(word) <= 7 and any(c.isdigit() for c in word) and any(c.isalnum() for c in word))


def _subtype_end(words: list[str], e: int, limit: int) -> int:
    """End of the subtype tokens at `e` when a target head follows them, else `e`."""
    k = e
    while k < limit and k - e < MAX_SUBTYPE_TOKENS and _is_subtype(words[k]):
        k += 1
    return k if k > e and k < limit and words[k] in TARGET_HEADS else e


def _balance(words: list[str], s: int, e: int, lo: int, hi: int) -> tuple[int, int]:
    """Widen a span by the bracket token it opens or closes without ("Na,K)-ATPase" -> "(Na,K)-ATPase")."""
    opened = sum(w.count("(") for w in words[s:e])
    closed = sum(w.count(")") for w in words[s:e])
    if closed > opened and s > lo and words[s - 1] == "(":
        return s - 1, e
    if opened > closed and e < hi and words[e] == ")":
        return s, e + 1
    return s, e


def lower_words(doc: Doc) -> list[str]:
    """Lower-case token texts, read from the LOWER array (no Token objects)."""
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(LOWER).tolist()]


class _Ent(NamedTuple):
    """The parts of an entity Span this module reads, built from token arrays (doc.ents builds Spans)."""

    start: int
    end: int
    label_: str
    start_char: int
    end_char: int


def _ents(doc: Doc) -> list[_Ent]:
    if not len(doc):
        return []
    arr = doc.to_array([ENT_IOB, IDX, LENGTH]).astype("int64")
    iob, idx, length = arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist()
    types = doc.to_array(ENT_TYPE).tolist()  # string hashes: uint64, kept apart from the int64 columns
    strings = doc.vocab.strings
    out = []
    n = len(iob)
    i = 0
    while i < n:
        if iob[i] == 3:
            j = i + 1
            while j < n and iob[j] == 1:
                j += 1
            out.append(_Ent(i, j, strings[types[i]], idx[i], idx[j - 1] + length[j - 1]))
            i = j
        else:
            i += 1
    return out


def compound_spans(doc: Doc, words: list[str] | None = None) -> list[tuple[int, int, str, tuple]] | None:
    """(start, end, label, values) for every entity after joining; None when nothing changes."""
    ents = _ents(doc)
    if words is None:
        words = lower_words(doc)
    n = len(words)
    has_adj = not SYSTEM_ADJECTIVES.isdisjoint(words)
    if (
        not has_adj
        and not any(e.label_ == "MECHANISM" for e in ents)
        and not any(e.end < n and (words[e.end] in TARGET_HEADS or _is_subtype(words[e.end])) for e in ents)
        and "(" not in doc.text
    ):
        return None
    out: list[tuple[int, int, str, tuple]] = [(e.start, e.end, e.label_, _values(doc, e)) for e in ents]
    changed = False
    merged: list[tuple[int, int, str, tuple]] = []
    i = 0
    while i < len(out):
        s, e, label, vals = out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        while nxt is not None and label in ("MECHANISM", "SUBSTANCE") and nxt[2] == "MECHANISM":
            gap = words[e : nxt[0]]
            if gap and not (len(gap) <= MAX_SUBTYPE_TOKENS and all(_is_subtype(w) for w in gap)):
                break
            second = gap + words[nxt[0] : nxt[1]]
            if label == "MECHANISM":
                role = all(w in ACTION_NOUNS for w in second)
            else:
                role = second[0] in ROLE_NOUNS or second[0] in TARGET_HEADS
            # "dopamine" + "D2 receptors": a subtype span with its head belongs to the target before it
            role = role or (_is_subtype(second[0]) and not TARGET_HEADS.isdisjoint(second))
            if not role:
                break
            # "NMDA" + "antagonists", "opiate" + "agonist", "NMDA" (SUBSTANCE) + "receptor"
            vals = vals if label == "MECHANISM" else nxt[3]
            e, label, changed = nxt[1], "MECHANISM", True
            i += 1
            nxt = out[i + 1] if i + 1 < len(out) else None
        limit = nxt[0] if nxt is not None else n
        head = e < limit and (words[e] in ROLE_NOUNS or words[e] in TARGET_HEADS)
        if label == "MECHANISM" or (label == "SUBSTANCE" and (head or _subtype_end(words, e, limit) > e)):
            j = _subtype_end(words, e, limit)  # "dopamine D2 receptors", "5-HT1A receptor"
            substance_role = label == "SUBSTANCE" and j == e and words[e] in ROLE_NOUNS
            nouns = ROLE_NOUNS if substance_role else ACTION_NOUNS
            k = j
            while k < limit and k - j < 3 and words[k] in nouns:
                k += 1
            if k > j:
                e, label, changed = k, "MECHANISM", True
            if s >= 1 and words[s - 1] in SYSTEM_ADJECTIVES and (not merged or merged[-1][1] <= s - 1):
                s, changed = s - 1, True  # "dopaminergic neurotransmission"
            if s >= 2 and words[s - 1] == "of" and words[s - 2] in LEFT_ROLES and (
                not merged or merged[-1][1] <= s - 2
            ):
                s, changed = s - 2, True  # "antagonism of sigma receptors"
        b = _balance(words, s, e, merged[-1][1] if merged else 0, limit)
        if b != (s, e):
            (s, e), changed = b, True
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


# Heads of compound condition names ("gentamicin nephrotoxicity", "alcohol withdrawal", "renal damage"):
# with the substance or organ words before them they are one CONDITION (docs/ANNOTATION.md).
CONDITION_HEADS: frozenset[str] = frozenset(
    """withdrawal dependence toxicity nephrotoxicity hepatotoxicity cardiotoxicity neurotoxicity ototoxicity
    intoxication poisoning overdose abuse nephropathy damage injury injuries cystitis dermopathy""".split()
)
# Organ and tissue words that name where the damage is ("proximal tubular damage", "CNS toxicity").
ORGAN_WORDS: frozenset[str] = frozenset(
    """renal kidney liver hepatic cardiac heart brain cerebral cns axonal hippocampal tubular glomerular papillary
    nerve neuronal neuropathic podocyte tubulointerstitial cord cerebellum cerebellar joint behavioral behavioural
    proximal peripheral cervical spinal muscle pulmonary lung myocardial retinal cochlear skin bone
    gastrointestinal gi intestinal testicular ovarian""".split()
)
MAX_ORGAN_WORDS = 3


def condition_compounds(
    doc: Doc, spans: list[tuple[int, int, str, tuple]], words: list[str]
) -> list[tuple[int, int, str, tuple]] | None:
    """Join a condition head with the substance or organ words before it; None when nothing changes.

    Only space-separated words join: "cocaine-induced toxicity" stays two spans ("X-induced Y").
    """
    if CONDITION_HEADS.isdisjoint(words):
        return None
    owner = [-1] * len(words)
    for i, (s, e, _, _) in enumerate(spans):
        for t in range(s, e):
            owner[t] = i
    changed = False
    out = list(spans)
    drop: set[int] = set()
    for k, w in enumerate(words):
        if w not in CONDITION_HEADS or k == 0:
            continue
        head = owner[k]
        if head >= 0 and (out[head][0] != k or out[head][1] != k + 1 or out[head][2] != "CONDITION"):
            continue  # inside a longer entity ("liver damage" from the lexicon) or another label
        j = k
        while j > 0 and k - j < MAX_ORGAN_WORDS and owner[j - 1] < 0 and words[j - 1] in ORGAN_WORDS:
            if not doc[j - 1].whitespace_:
                break
            j -= 1
        if j > 0 and owner[j - 1] >= 0 and doc[j - 1].whitespace_:
            prev = out[owner[j - 1]]
            if prev[2] == "SUBSTANCE" and prev[1] == j and owner[j - 1] not in drop:
                j = prev[0]  # "amphotericin B nephrotoxicity", "alcohol withdrawal"
        if j == k:
            continue
        inside = {owner[t] for t in range(j, k + 1) if owner[t] >= 0}
        drop |= inside
        vals = out[head][3] if head >= 0 else (None, None, "rule")
        out.append((j, k + 1, "CONDITION", (doc[j : k + 1].text, vals[1], "rule")))
        for t in range(j, k + 1):
            owner[t] = len(out) - 1
        changed = True
    if not changed:
        return None
    return sorted((x for i, x in enumerate(out) if i not in drop), key=lambda x: x[0])


PLURAL_HEADS: frozenset[str] = frozenset("receptors channels transporters adrenoceptors".split())
CONJUNCTIONS: frozenset[str] = frozenset({",", "and", "or", "/"})
# Ligand words that also name a receptor family, so "opioid and NMDA receptors" is one span.
RECEPTOR_FAMILIES: frozenset[str] = frozenset(
    "opioid opiate cannabinoid benzodiazepine nicotine nicotinic muscarinic histamine adenosine melatonin".split()
)


def shared_head_coordinations(
    spans: list[tuple[int, int, str, tuple]], words: list[str]
) -> list[tuple[int, int, str, tuple]] | None:
    """"dopamine, opioid, GABA(A) and NMDA receptors": targets coordinated before one plural head are one
    MECHANISM span (docs/ANNOTATION.md: coordinations that share one head word); None when nothing changes."""
    if PLURAL_HEADS.isdisjoint(words):
        return None
    out = list(spans)
    changed = False
    i = len(out) - 1
    while i > 0:
        s, e, label, vals = out[i]
        if label != "MECHANISM" or words[e - 1] not in PLURAL_HEADS or e - s < 2:
            i -= 1
            continue
        j = i
        while j > 0:
            ps, pe, plabel, _ = out[j - 1]
            between = words[pe : out[j][0]]
            if plabel not in ("MECHANISM", "SUBSTANCE") or not between or len(between) > 2:
                break
            if not all(w in CONJUNCTIONS for w in between) or pe - ps > 2 or words[pe - 1] in ACTION_NOUNS:
                break  # "adrenergic receptors and serotonin receptors" name their own heads
            j -= 1
        # a substance list before a receptor ("kratom and opioid receptors") needs a target among its items
        if not any(x[2] == "MECHANISM" or " ".join(words[x[0] : x[1]]) in RECEPTOR_FAMILIES for x in out[j:i]):
            j = i
        if j < i:
            out[j : i + 1] = [(out[j][0], e, "MECHANISM", out[j][3] if out[j][2] == "MECHANISM" else vals)]
            changed = True
        i = j - 1
    return out if changed else None


class MechanismCompounds:
    """spaCy component: join MECHANISM targets with their action or role nouns, and compound condition
    names ("gentamicin nephrotoxicity", "renal damage") into one CONDITION (see module doc)."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        words = lower_words(doc)
        merged = compound_spans(doc, words)
        conditions = condition_compounds(
            doc, merged if merged is not None else [(e.start, e.end, e.label_, _values(doc, e)) for e in doc.ents], words
        )
        merged = conditions if conditions is not None else merged
        if merged is not None or any(e.label_ == "MECHANISM" for e in doc.ents):
            coordinated = shared_head_coordinations(
                merged if merged is not None else [(e.start, e.end, e.label_, _values(doc, e)) for e in doc.ents],
                words,
            )
            merged = coordinated if coordinated is not None else merged
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
