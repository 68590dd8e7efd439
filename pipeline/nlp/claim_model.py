"""Trained claim classifier (component `claimlens_claim_model`), run after the rules (`claimlens_claims`).

Why linear and why after the rules: the gold data is a few hundred
sentences, the rules are strong, and the pipeline has almost no time left
(PERFORMANCE.md). So the model is one linear layer per label over hashed
word uni- and bigrams (entity mentions replaced by their label, so
"kava eases anxiety" and "valerian eases insomnia" share features) plus
the rules' own decisions and cues as features; it learns where the rules
go wrong. A sentence costs a few vectorised numpy operations per document.

`mode` says what the model may change:
- "rules": nothing (the component is a no-op; for comparisons);
- "recall": sentences the rules call non-claims become claims when the
  model's claim probability is >= `claim_threshold` (labels from the model);
  the rules' claims stay as they are;
- "override": the model decides is_claim (threshold `claim_threshold`) and,
  for claims, evidence, claim_type, hedged and negated.
`relabel_threshold` (< 1 to use it) lets the model also replace the rules'
evidence of a claim the rules found without an evidence cue, when its probability for
another class reaches the threshold: the rules read one sentence, the model
also sees the document (a first-person review, an animal study).
Cue texts stay the rules' when the rules found one; for a label the model
sets on its own, the evidence cue is the sentence's word or bigram that
added most to that label's score.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, IS_ALPHA, IS_SPACE, IS_STOP, LENGTH, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ConfigError, ModelNotFound
from pipeline.nlp.claims import (
    SIG_CONTEXT_SUB,
    SIG_NON_ASSERT,
    SIGNAL_NAMES,
    SIGNALS_KEY,
    SentenceLabels,
    forced_labels,
)
from pipeline.nlp.extensions import register_extensions
from pipeline.nlp.windows import CARRY_KEY

EVIDENCE: tuple[str, ...] = ("clinical", "preclinical", "anecdotal", "unspecified")
CLAIM_TYPES: tuple[str, ...] = ("benefit", "harm", "mechanism")
MODES: tuple[str, ...] = ("rules", "recall", "override")
# Score columns of the weight matrix, in order.
HEADS: dict[str, tuple[str, ...]] = {
    "claim": ("claim",),
    "evidence": EVIDENCE,
    "claim_type": CLAIM_TYPES,
    "hedged": ("hedged",),
    "negated": ("negated",),
}
N_OUT = sum(len(v) for v in HEADS.values())
_COL = {}
_c = 0
for _head, _labels in HEADS.items():
    _COL[_head] = slice(_c, _c + len(_labels))
    _c += len(_labels)

# Dense features from the rules (and the entities), after the hashed ones.
BASE_FEATURES: tuple[str, ...] = (
    "bias_rules",
    "rule_claim",
    *(f"rule_evidence={e}" for e in EVIDENCE),
    *(f"rule_type={t}" for t in CLAIM_TYPES),
    "rule_hedged",
    "rule_negated",
    "rule_evidence_cue",
    "rule_claim_cue",
    "rule_hedge_cue",
    "rule_negation_cue",
    "has_SUBSTANCE",
    "has_CONDITION",
    "has_MECHANISM",
    "ends_with_period",
    "short",
    *(f"sig_{n}" for n in SIGNAL_NAMES),
    # context the sentence alone does not show: who is writing, about what kind of study
    "ctx_sent_first_person",
    "ctx_doc_first_person",
    "ctx_sent_animal",
    "ctx_doc_animal",
    "ctx_sent_human",
    "ctx_doc_human",
    "ctx_first_sentence",
    "ctx_prev_rule_claim",
)
# Kinds of document whose sentences get their own copy of every feature (hashed and dense), so
# one linear model learns what a word means in a first-person review and in a research abstract
# beside what it means anywhere (feature augmentation for domain adaptation).
DOMAINS: tuple[str, ...] = ("firstperson", "research")
RULE_FEATURES: tuple[str, ...] = BASE_FEATURES + tuple(f"{n}@{d}" for d in DOMAINS for n in BASE_FEATURES)
_NB = len(BASE_FEATURES)
_CTX0 = RULE_FEATURES.index("ctx_sent_first_person")
# Word lists of the context features (lower case, single tokens).
FIRST_PERSON = ("i", "my", "me", "myself", "mine", "i'm", "i've", "i'd", "im", "ive")
ANIMAL_WORDS = ("rat", "rats", "mice", "mouse", "rabbit", "rabbits", "dog", "dogs", "animal", "animals",
                "rodent", "rodents", "vitro", "cultured", "cell", "cells", "zebrafish", "guinea", "monkeys")
HUMAN_WORDS = ("patient", "patients", "participants", "volunteers", "trial", "trials", "placebo", "subjects",
               "women", "men", "children", "adults", "case", "cases", "randomized", "randomised", "cohort")
STUDY_WORDS = ("study", "studies", "results", "methods", "conclusions", "background", "objective", "investigated",
               "examined", "significantly", "evaluated", "aim")
_SIG0 = RULE_FEATURES.index(f"sig_{SIGNAL_NAMES[0]}")
_EXT = (
    "claimlens_is_claim",
    "claimlens_evidence",
    "claimlens_claim_type",
    "claimlens_hedged",
    "claimlens_negated",
    "claimlens_evidence_cue",
    "claimlens_claim_cue",
    "claimlens_hedge_cue",
    "claimlens_negation_cue",
)
_MIX = numpy.uint64(0x9E3779B97F4A7C15)
_BOS = numpy.uint64(0x2545F4914F6CDD1D)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the doc's sentences (as doc.sents gives them)."""
    n = len(doc)
    if not n:
        return []
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist() if doc.has_annotation("SENT_START") else []
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    return list(zip(starts, [*starts[1:], n], strict=True))


def read_rule_labels(doc: Doc, bounds: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The labels earlier components wrote on each sentence span (defaults where none).

    Only claims carry more than is_claim, so the other keys are read for claims alone (speed).
    """
    from pipeline.nlp.extensions import SPAN_SENTENCE_EXTENSIONS

    if not bounds:
        return []
    arr = doc.to_array([IDX, LENGTH]).astype("int64")
    first = arr[[a for a, _ in bounds], 0].tolist()  # only the bound tokens: tolist of a whole doc is slow
    last = arr[[b - 1 for _, b in bounds]]
    after = (last[:, 0] + last[:, 1]).tolist()
    ud = doc.user_data
    defaults = {ext: SPAN_SENTENCE_EXTENSIONS[ext] for ext in _EXT}
    out = []
    for start, end in zip(first, after, strict=True):
        if ud.get(("._.", "claimlens_is_claim", start, end)):
            out.append({ext: ud.get(("._.", ext, start, end), defaults[ext]) for ext in _EXT})
        else:
            out.append(defaults)
    return out


def _content_mask(doc: Doc) -> numpy.ndarray:
    """Per token: a content word (alphabetic, not a stop word), the only kind worth showing as a cue."""
    arr = doc.to_array([IS_ALPHA, IS_STOP])
    return (arr[:, 0] == 1) & (arr[:, 1] == 0)


class _ContentRows:
    """Feature rows of each sentence that fall on content words, indexed once per doc.

    Computing the content mask and scanning every feature row per claim sentence made a
    document's cost grow with (claims x tokens): minutes on a 900k-word single document.
    """

    __slots__ = ("doc", "sent_ids", "tok_ids", "_order", "_sorted", "_mask")

    def __init__(self, doc: Doc, sent_ids: numpy.ndarray, tok_ids: numpy.ndarray) -> None:
        self.doc, self.sent_ids, self.tok_ids = doc, sent_ids, tok_ids
        self._order: numpy.ndarray | None = None

    def rows(self, i: int) -> numpy.ndarray:
        """Ascending feature-row indices of sentence i whose token is a content word."""
        if self._order is None:
            self._order = numpy.argsort(self.sent_ids, kind="stable")  # stable: rows stay ascending
            self._sorted = self.sent_ids[self._order]
            self._mask = _content_mask(self.doc)
        lo, hi = numpy.searchsorted(self._sorted, [i, i + 1])
        rows = self._order[lo:hi]
        return rows[self._mask[self.tok_ids[rows]]]


class Featurizer:
    """Hashed uni/bigram ids and dense rule features of every sentence of a doc."""

    def __init__(self, n_hash: int) -> None:
        if n_hash < 1024:
            raise ConfigError(f"claimlens_claim_model: n_hash={n_hash} is too small; use 2**16 or more.")
        self.n_hash = int(n_hash)
        self.n_features = self.n_hash + len(RULE_FEATURES)

    def __call__(
        self, doc: Doc, bounds: list[tuple[int, int]], rules: list[dict[str, Any]]
    ) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """(hash ids, sentence index of each id, token index of each id, dense (n_sents, F) matrix)."""
        arr = doc.to_array([LOWER, ENT_TYPE, ENT_IOB, IS_SPACE, ORTH, IDX])  # one call: to_array dominates
        words = arr[:, 0].copy()
        ent = arr[:, 1]
        inside = (ent != 0) & (arr[:, 2] == 1)  # continuation of an entity: dropped
        is_ent = ent != 0
        with numpy.errstate(over="ignore"):
            words[is_ent] = ent[is_ent] * _MIX  # the label stands for the mention
        keep = numpy.flatnonzero((arr[:, 3] == 0) & ~inside)
        starts = numpy.asarray([a for a, _ in bounds], dtype="int64")
        sent_of = numpy.searchsorted(starts, keep, side="right") - 1
        w = words[keep]
        with numpy.errstate(over="ignore"):
            uni = w % numpy.uint64(self.n_hash)
            same = sent_of[1:] == sent_of[:-1]
            first = numpy.ones(len(keep), dtype=bool)
            first[1:] = ~same
            prev = numpy.where(first, _BOS, numpy.concatenate(([_BOS], w[:-1])))
            bi = (prev * _MIX + w) % numpy.uint64(self.n_hash)
        ids = numpy.concatenate((uni, bi)).astype("int64")
        sent_ids = numpy.concatenate((sent_of, sent_of))
        tok_ids = numpy.concatenate((keep, keep))
        n_s = len(bounds)
        dense = numpy.zeros((n_s, len(RULE_FEATURES)), dtype="float32")  # base block first, domain copies after
        dense[:, 0] = 1.0
        for i, r in enumerate(rules):
            if not r["claimlens_is_claim"]:
                continue  # a non-claim carries no labels or cues
            row = dense[i]
            row[1] = 1.0
            if r["claimlens_evidence"] in EVIDENCE:
                row[2 + EVIDENCE.index(r["claimlens_evidence"])] = 1.0
            if r["claimlens_claim_type"] in CLAIM_TYPES:
                row[6 + CLAIM_TYPES.index(r["claimlens_claim_type"])] = 1.0
            row[9] = float(bool(r["claimlens_hedged"]))
            row[10] = float(bool(r["claimlens_negated"]))
            row[11] = float(r["claimlens_evidence_cue"] is not None)
            row[12] = float(r["claimlens_claim_cue"] is not None)
            row[13] = float(r["claimlens_hedge_cue"] is not None)
            row[14] = float(r["claimlens_negation_cue"] is not None)
        # entity presence from the token arrays (doc.ents builds Span objects)
        begins = numpy.flatnonzero(is_ent & (arr[:, 2] == 3))
        if len(begins):
            ent_sent = numpy.searchsorted(starts, begins, side="right") - 1
            labels = ent[begins]
            for j, code in enumerate(_ent_codes(doc)):
                hit = ent_sent[labels == code]
                dense[hit, 15 + j] = 1.0
        # last non-space token of each sentence: closing punctuation or not (headings, list items)
        ends = numpy.asarray([b for _, b in bounds], dtype="int64")
        nonspace = numpy.flatnonzero(arr[:, 3] == 0)
        if len(nonspace):
            last = nonspace[numpy.clip(numpy.searchsorted(nonspace, ends, side="left") - 1, 0, None)]
            dense[:, 18] = numpy.isin(arr[last, 4], _closing_orths(doc)) & (last >= starts)
        counts = numpy.bincount(sent_of, minlength=n_s) if len(keep) else numpy.zeros(n_s, int)
        dense[:, 19] = counts < 6
        signals = doc.user_data.get(SIGNALS_KEY)
        if signals:
            bits = numpy.asarray([signals.get(int(x), 0) for x in arr[starts, 5]], dtype="int64")
            dense[:, _SIG0 : _SIG0 + len(SIGNAL_NAMES)] = (bits[:, None] >> numpy.arange(len(SIGNAL_NAMES))) & 1
        if n_s:
            per_sent = _sentence_hits(doc, arr, starts)
            for k in range(3):
                dense[:, _CTX0 + 2 * k] = per_sent[k]
            # of the whole document, also when it runs in windows (the profile of worker.py)
            counts = (doc.user_data.get(CARRY_KEY) or {}).get("profile") or _counts(doc, arr, per_sent)
            # first person: a habit of the document (a review, a forum post), not one stray "I"
            dense[:, _CTX0 + 1] = counts["cm_fp_sents"] >= 0.25 * counts["cm_sents"]
            dense[:, _CTX0 + 3] = counts["cm_animal"] > 0
            dense[:, _CTX0 + 5] = counts["cm_human"] > 0
            dense[0, _CTX0 + 6] = 1.0
            dense[1:, _CTX0 + 7] = dense[:-1, 1]
            domain = self.domain(dense, counts)
            if domain:
                k = DOMAINS.index(domain) + 1
                dense[:, k * _NB : (k + 1) * _NB] = dense[:, :_NB]
                with numpy.errstate(over="ignore"):
                    extra = (ids.astype("uint64") * _MIX + numpy.uint64(k)) % numpy.uint64(self.n_hash)
                ids = numpy.concatenate((ids, extra.astype("int64")))
                sent_ids = numpy.concatenate((sent_ids, sent_ids))
                tok_ids = numpy.concatenate((tok_ids, tok_ids))
        return ids, sent_ids, tok_ids, dense

    @staticmethod
    def domain(dense: numpy.ndarray, counts: dict[str, int]) -> str | None:
        """firstperson (a review, a forum post), research (an abstract or study report) or neither."""
        if dense[0, _CTX0 + 1]:
            return "firstperson"
        if (counts["cm_animal"] or counts["cm_human"]) and counts["cm_study"] >= 2:
            return "research"
        return None


_WORD_TABLE: list[tuple[numpy.ndarray, numpy.ndarray]] = []


def _word_classes(doc: Doc, lowers: numpy.ndarray) -> numpy.ndarray:
    """Per token, a bit mask: 1 first person, 2 animal/in vitro, 4 human population, 8 study word.

    One sorted lookup per doc (numpy.isin per word list cost a few % of the pipeline)."""
    if not _WORD_TABLE:
        bits: dict[int, int] = {}
        for bit, words in ((1, FIRST_PERSON), (2, ANIMAL_WORDS), (4, HUMAN_WORDS), (8, STUDY_WORDS)):
            for w in words:
                h = int(doc.vocab.strings.add(w))
                bits[h] = bits.get(h, 0) | bit
        keys = numpy.asarray(sorted(bits), dtype="uint64")
        _WORD_TABLE.append((keys, numpy.asarray([bits[int(k)] for k in keys], dtype="int64")))
    keys, vals = _WORD_TABLE[0]
    pos = numpy.minimum(numpy.searchsorted(keys, lowers), len(keys) - 1)
    return numpy.where(keys[pos] == lowers, vals[pos], 0)


def _sentence_hits(doc: Doc, arr: numpy.ndarray, starts: numpy.ndarray) -> list[numpy.ndarray]:
    """Per sentence: holds a first-person word, an animal/in-vitro word, a human-population word
    (and, last, the per-token word classes for the study-word count)."""
    n_s = len(starts)
    classes = _word_classes(doc, arr[:, 0])
    tok_sent = numpy.searchsorted(starts, numpy.arange(len(arr)), side="right") - 1
    out = [numpy.bincount(tok_sent[(classes & bit) > 0], minlength=n_s) > 0 for bit in (1, 2, 4)]
    return [*out, classes]


def _counts(doc: Doc, arr: numpy.ndarray, per_sent: list[numpy.ndarray], rows: Any = slice(None),
            tokens: Any = slice(None)) -> dict[str, int]:
    fp, animal, human = (h[rows] for h in per_sent[:3])
    return {
        "cm_fp_sents": int(fp.sum()),
        "cm_sents": len(fp),
        "cm_animal": int(animal.sum()),
        "cm_human": int(human.sum()),
        "cm_study": int(((per_sent[3][tokens] & 8) > 0).sum()),
    }


def document_counts(doc: Doc, own: tuple[int, int] | None = None) -> dict[str, int]:
    """The counts behind the document-level features, over the sentences starting inside ``own``
    (characters; default all) and their tokens: summed over the windows of a long document."""
    bounds = sentence_bounds(doc)
    if not bounds:
        return {"cm_fp_sents": 0, "cm_sents": 0, "cm_animal": 0, "cm_human": 0, "cm_study": 0}
    arr = doc.to_array([LOWER, IDX]).astype("uint64")
    starts = numpy.asarray([a for a, _ in bounds], dtype="int64")
    per_sent = _sentence_hits(doc, arr, starts)
    if own is None:
        return _counts(doc, arr, per_sent)
    at = arr[starts, 1].astype("int64")
    rows = (at >= own[0]) & (at < own[1])
    first, last = (int(starts[rows][0]), bounds[int(numpy.flatnonzero(rows)[-1])][1]) if rows.any() else (0, 0)
    return _counts(doc, arr, per_sent, rows, slice(first, last))


_CLOSING = (".", "!", "?", '"', "”", "]", ")")


def _closing_orths(doc: Doc) -> numpy.ndarray:
    strings = doc.vocab.strings
    return numpy.asarray([strings.add(x) for x in _CLOSING], dtype="uint64")


def _ent_codes(doc: Doc) -> list[int]:
    strings = doc.vocab.strings
    return [strings.add(x) for x in ("SUBSTANCE", "CONDITION", "MECHANISM")]


def _sigmoid(x: numpy.ndarray) -> numpy.ndarray:
    return 1.0 / (1.0 + numpy.exp(-x))


class ClaimModel:
    """The `claimlens_claim_model` component: a linear model over the rules' output and hashed n-grams."""

    def __init__(
        self, nlp: Language, name: str, *, mode: str, claim_threshold: float, n_hash: int, relabel_threshold: float = 1.0
    ) -> None:
        if mode not in MODES:
            raise ConfigError(f"claimlens_claim_model: mode={mode!r}; use one of {', '.join(MODES)}.")
        if not 0.0 < claim_threshold < 1.0:
            raise ConfigError(f"claimlens_claim_model: claim_threshold={claim_threshold} must be in (0, 1).")
        register_extensions()
        self.name = name
        self.mode = mode
        self.relabel_threshold = float(relabel_threshold)
        self.claim_threshold = float(claim_threshold)
        self.featurizer = Featurizer(n_hash)
        self.W: numpy.ndarray | None = None  # (n_hash, N_OUT)
        self.V: numpy.ndarray | None = None  # (len(RULE_FEATURES), N_OUT)
        self.b: numpy.ndarray | None = None  # (N_OUT,)
        self.meta: dict[str, Any] = {}

    @property
    def version(self) -> str:
        return f"claim-model-{self.meta.get('version', 'untrained')}-{self.mode}"

    def set_weights(self, W: numpy.ndarray, V: numpy.ndarray, b: numpy.ndarray, meta: dict[str, Any]) -> None:
        n = self.featurizer.n_hash
        if W.shape != (n, N_OUT) or V.shape != (len(RULE_FEATURES), N_OUT) or b.shape != (N_OUT,):
            raise ConfigError(f"claimlens_claim_model: weights of shape {W.shape}, {V.shape}, {b.shape} do not fit.")
        self.W, self.V, self.b = W.astype("float32"), V.astype("float32"), b.astype("float32")
        self.meta = dict(meta)

    # -- scoring -----------------------------------------------------------------------------
    def scores(self, doc: Doc) -> tuple[list[tuple[int, int]], list[dict[str, Any]], numpy.ndarray, Any]:
        """Sentence bounds, rule labels, (n_sents, N_OUT) raw scores and the per-id contributions."""
        if self.W is None or self.V is None or self.b is None:
            raise ModelNotFound(
                "claimlens_claim_model has no weights: load a trained pipeline folder or run `claimlens train claims`."
            )
        bounds = sentence_bounds(doc)
        rules = read_rule_labels(doc, bounds)
        ids, sent_ids, tok_ids, dense = self.featurizer(doc, bounds, rules)
        out = dense @ self.V + self.b
        contrib = self.W[ids] if len(ids) else numpy.zeros((0, N_OUT), dtype="float32")
        if len(ids):  # per-sentence sums; bincount is ~10x faster than numpy.add.at
            n_s = len(bounds)
            for c in range(N_OUT):
                out[:, c] += numpy.bincount(sent_ids, weights=contrib[:, c], minlength=n_s)
        return bounds, rules, out, (ids, sent_ids, tok_ids, contrib)

    def __call__(self, doc: Doc) -> Doc:
        if self.mode == "rules" or not len(doc):
            return doc
        bounds, rules, out, (_ids, sent_ids, tok_ids, contrib) = self.scores(doc)
        p_claim = _sigmoid(out[:, _COL["claim"]][:, 0])
        changed: list[tuple[int, bool]] = []
        relabels: dict[int, str | None] = {}  # evidence the model puts on a rule claim (see _relabel)
        signals = doc.user_data.get(SIGNALS_KEY) or {}
        arr = doc.to_array([IDX, LENGTH]).astype("int64")
        for i, r in enumerate(rules):
            rule_claim = bool(r["claimlens_is_claim"])
            model_claim = bool(p_claim[i] >= self.claim_threshold)
            if rule_claim and (model_claim or self.mode == "recall"):
                relabels[i] = self._relabel(out[i], r)
                if relabels[i] is not None:  # the claim stays; the model may correct its evidence
                    changed.append((i, True))
                continue
            if self.mode == "recall":
                if not model_claim:
                    continue
                if signals.get(int(arr[bounds[i][0], 0]), 0) & SIG_NON_ASSERT:
                    continue  # the rules found a call for research, advice or framing: unambiguous, they win
            elif model_claim == rule_claim:
                continue
            changed.append((i, model_claim))
        if not changed:
            return doc
        # what the rules would label these sentences if they were claims (cues included)
        todo = [bounds[i] for i, claim in changed if claim]
        forced = iter(
            forced_labels(doc, [(a, b, bool(signals.get(int(arr[a, 0]), 0) & SIG_CONTEXT_SUB)) for a, b in todo])
        )
        ud = doc.user_data
        content = _ContentRows(doc, sent_ids, tok_ids)
        for i, claim in changed:
            a, b = bounds[i]
            start, end = int(arr[a, 0]), int(arr[b - 1, 0] + arr[b - 1, 1])
            if claim:
                labels = self._labels(doc, i, rules[i], next(forced), out[i], content, contrib, relabels.get(i))
            else:
                labels = (False, None, None, False, False, None, None, None, None)
            for ext, value in zip(_EXT, labels, strict=True):
                ud[("._.", ext, start, end)] = value
        return doc

    def _labels(
        self,
        doc: Doc,
        i: int,
        rule: dict[str, Any],
        forced: SentenceLabels,
        score: numpy.ndarray,
        content: _ContentRows,
        contrib: numpy.ndarray,
        relabel: str | None = None,
    ) -> tuple[Any, ...]:
        """Labels of a sentence the model calls a claim.

        A rule claim kept by the model keeps the rules' labels. Otherwise each label comes
        from the rules' reading of the sentence where they found a cue for it (`forced`),
        else from the model, with the n-gram that added most to it as the cue.
        """
        if rule["claimlens_is_claim"]:
            kept = [rule[ext] for ext in _EXT]
            if relabel is not None:
                k = EVIDENCE.index(relabel)
                kept[1], kept[5] = relabel, self._salient(doc, i, _COL["evidence"].start + k, content, contrib)
            return tuple(kept)

        def salient(col: int) -> str | None:
            return self._salient(doc, i, col, content, contrib)

        if forced.evidence_cue is not None:
            evidence, ev_cue = forced.evidence, forced.evidence_cue
        else:
            evidence = EVIDENCE[int(score[_COL["evidence"]].argmax())]
            ev_cue = None if evidence == "unspecified" else salient(_COL["evidence"].start + EVIDENCE.index(evidence))
        if forced.claim_cue is not None:
            claim_type, claim_cue = forced.claim_type, forced.claim_cue
        else:
            claim_type = CLAIM_TYPES[int(score[_COL["claim_type"]].argmax())]
            claim_cue = salient(_COL["claim"].start)
        if forced.hedge_cue is not None:
            hedged, hedge_cue = True, forced.hedge_cue
        else:
            hedged = bool(score[_COL["hedged"]][0] > 0)
            hedge_cue = salient(_COL["hedged"].start) if hedged else None
        if forced.negation_cue is not None:
            negated, neg_cue = forced.negated, forced.negation_cue
        else:
            negated = bool(score[_COL["negated"]][0] > 0)
            neg_cue = salient(_COL["negated"].start) if negated else None
        return (True, evidence, claim_type, hedged, negated, ev_cue, claim_cue, hedge_cue, neg_cue)

    def _relabel(self, score: numpy.ndarray, rule: dict[str, Any]) -> str | None:
        """The evidence the model confidently puts in place of the rules' (claim_type relabelling lost on dev)."""
        if self.relabel_threshold >= 1.0 or rule["claimlens_evidence_cue"] is not None:
            return None  # a cue the rules found ("users report", "in rats") is read, not guessed: it stays
        z = score[_COL["evidence"]].astype("float64")
        p = numpy.exp(z - z.max())
        p /= p.sum()
        best = int(p.argmax())
        if EVIDENCE[best] != rule["claimlens_evidence"] and p[best] >= self.relabel_threshold:
            return EVIDENCE[best]
        return None

    @staticmethod
    def _salient(doc: Doc, i: int, col: int, content: _ContentRows, contrib: numpy.ndarray) -> str | None:
        """Text of the content word whose features added most to score column ``col`` in sentence i.

        Punctuation and stop words carry weight in a bag of n-grams but would tell a reader nothing.
        """
        rows = content.rows(i)
        if not len(rows):
            return None
        j = rows[int(contrib[rows, col].argmax())]
        if contrib[j, col] <= 0:
            return None
        return doc[int(content.tok_ids[j])].text

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Nothing to do: weights come from `claimlens train claims` (pipeline/train/claims.py)."""

    # -- serialisation -----------------------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        cfg = {"n_hash": self.featurizer.n_hash, "meta": self.meta, "features": list(RULE_FEATURES)}
        (path / "cfg.json").write_text(json.dumps(cfg, indent=1), encoding="utf-8")
        if self.W is not None:
            numpy.savez_compressed(path / "weights.npz", W=self.W, V=self.V, b=self.b)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ClaimModel:
        path = Path(path)
        cfg = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        if cfg.get("features") != list(RULE_FEATURES):
            raise ModelNotFound(
                f"{path}: the saved claim model was trained on other rule features; retrain with `claimlens train claims`."
            )
        self.featurizer = Featurizer(cfg["n_hash"])
        if (path / "weights.npz").exists():
            z = numpy.load(path / "weights.npz")
            self.set_weights(z["W"], z["V"], z["b"], cfg.get("meta", {}))
        return self


@Language.factory(
    "claimlens_claim_model",
    default_config={"mode": "recall", "claim_threshold": 0.5, "n_hash": 65536, "relabel_threshold": 1.0},
    assigns=[f"span._.{e}" for e in _EXT],
)
def make_claim_model(
    nlp: Language, name: str, *, mode: str, claim_threshold: float, n_hash: int, relabel_threshold: float
) -> ClaimModel:
    """mode: rules | recall | override; relabel_threshold: when the model replaces a rule claim's labels (module docstring)."""
    return ClaimModel(
        nlp, name, mode=mode, claim_threshold=claim_threshold, n_hash=n_hash, relabel_threshold=relabel_threshold
    )
