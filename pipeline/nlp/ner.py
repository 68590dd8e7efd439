"""Trained entity recogniser (component `claimlens_ner`): a BILUO tagger with constrained Viterbi decoding.

Why not spaCy's transition-based `ner`: in this build its state loop takes
and drops the GIL inside every validity check (measured with perf: ~7 us
per token whatever the model size, more than the whole budget of a trained
model in a 40k words/s pipeline). A per-token softmax over BILUO tags on the
shared tok2vec costs one small matrix product; the best valid tag sequence
per sentence (B/I only before I/L of the same label) is found by a Viterbi
pass that runs over all sentences of a batch at once in numpy.

Entities already on the doc (the lexicon runs first in the shipped
pipeline, so its matches are also features of the tok2vec) are merged by
`existing_ents`: "model_wins" keeps the model's spans and adds the
lexicon's where none overlaps, "lexicon_wins" the other way round,
"replace" keeps the model's only. `keep_labels` and `keep_sources` limit
which lexicon spans take part (the shipped pipeline keeps curated
SUBSTANCE and MECHANISM terms only: measured on the dev sets, they add
2 points on web text and cost 0.2 on BC5CDR abstracts, where the open
vocabulary and the curated CONDITION terms disagree with the corpus).
Extension values the lexicon set (canonical name, concept id) are keyed
by character offsets, so a model span with the lexicon's offsets keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples, validate_get_examples
from spacy.util import filter_spans
from spacy.vocab import Vocab
from thinc.api import Config, Model, set_dropout_rate

from pipeline.errors import ConfigError
from pipeline.nlp.extensions import register_extensions

EXISTING_ENTS_MODES: tuple[str, ...] = ("model_wins", "lexicon_wins", "replace")
MOVES: tuple[str, ...] = ("B", "I", "L", "U")
_NEG = numpy.float32(-1e4)  # log-score of a forbidden transition
_CHUNK = 512  # sentences decoded together

DEFAULT_MODEL_CONFIG = """
[model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 64
depth = 2
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""
DEFAULT_MODEL = Config().from_str(DEFAULT_MODEL_CONFIG)["model"]


def biluo_tags(labels: Sequence[str]) -> list[str]:
    """Tag names in model order: O, then B/I/L/U of each label."""
    return ["O"] + [f"{m}-{lab}" for lab in labels for m in MOVES]


def start_scores(n_labels: int) -> numpy.ndarray:
    """(T,) log-scores of a sentence's first tag: O, B or U (never I or L)."""
    start = numpy.zeros(1 + 4 * n_labels, dtype="float32")
    start[2::4] = _NEG
    start[3::4] = _NEG
    return start


def viterbi(rows: Sequence[numpy.ndarray], n_labels: int) -> list[numpy.ndarray]:
    """Best valid BILUO tag sequence of each row of (n_i, T) log-scores, many rows at once.

    BILUO makes the recursion cheap: O, B-x and U-x may follow only O, L-*
    or U-* (one shared best predecessor); I-x and L-x may follow only B-x or
    I-x. So a step costs O(T), not O(T^2). Rows are padded with positions
    where only O is possible and O cannot follow B or I, so each sequence
    ends on O, L or U without a separate end constraint.
    """
    out: list[numpy.ndarray] = [numpy.zeros(0, dtype="int32")] * len(rows)
    if not rows:
        return out
    k = n_labels
    n_tags = 1 + 4 * k
    outside = numpy.asarray([0] + [3 + 4 * j for j in range(k)] + [4 + 4 * j for j in range(k)], dtype="int32")
    begin_of = numpy.asarray([0] + [1 + 4 * ((t - 1) // 4) for t in range(1, n_tags)], dtype="int32")
    inside = numpy.zeros(n_tags, dtype=bool)  # I-x and L-x: their predecessor is B-x or I-x
    inside[2::4] = True
    inside[3::4] = True
    label_of = numpy.maximum((numpy.arange(n_tags) - 1) // 4, 0)
    start = start_scores(k)
    order = sorted(range(len(rows)), key=lambda j: rows[j].shape[0])
    for c in range(0, len(order), _CHUNK):
        idx = order[c : c + _CHUNK]
        n, length = len(idx), rows[idx[-1]].shape[0] + 1
        emit = numpy.full((n, length, n_tags), _NEG, dtype="float32")
        emit[:, :, 0] = 0.0
        for r, j in enumerate(idx):
            emit[r, : rows[j].shape[0]] = rows[j]
        back_out = numpy.zeros((n, length), dtype="int8")
        back_in = numpy.zeros((n, length, k), dtype=bool)
        ar = numpy.arange(n)
        score = emit[:, 0] + start
        new = numpy.empty_like(score)
        per_label = new[:, 1:].reshape(n, k, 4)
        for i in range(1, length):
            cand = score[:, outside]
            best = cand.argmax(axis=1)
            v_out = cand[ar, best]
            sk = score[:, 1:].reshape(n, k, 4)
            from_i = sk[:, :, 1] > sk[:, :, 0]
            v_in = numpy.where(from_i, sk[:, :, 1], sk[:, :, 0])
            new[:, 0] = v_out
            per_label[:, :, 0] = v_out[:, None]
            per_label[:, :, 3] = v_out[:, None]
            per_label[:, :, 1] = v_in
            per_label[:, :, 2] = v_in
            new += emit[:, i]
            back_out[:, i] = best
            back_in[:, i] = from_i
            score, new = new, score
            per_label = new[:, 1:].reshape(n, k, 4)
        tags = numpy.zeros((n, length), dtype="int32")
        cur = score.argmax(axis=1).astype("int32")
        for i in range(length - 1, 0, -1):
            tags[:, i] = cur
            prev_in = begin_of[cur] + back_in[ar, i, label_of[cur]]
            cur = numpy.where(inside[cur], prev_in, outside[back_out[:, i]]).astype("int32")
        tags[:, 0] = cur
        for r, j in enumerate(idx):
            out[j] = tags[r, : rows[j].shape[0]]
    return out


def sentence_bounds(doc: Doc) -> list[int]:
    """Token offsets where sentences start, plus len(doc); the whole doc when it has no sentences."""
    if len(doc) and doc.has_annotation("SENT_START"):
        starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        if not starts or starts[0] != 0:
            starts = [0, *starts]
        return [*starts, len(doc)]
    return [0, len(doc)]


class TaggerEntityRecognizer(TrainablePipe):
    """Per-token BILUO softmax on the shared tok2vec; constrained Viterbi per sentence."""

    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "claimlens_ner",
        *,
        existing_ents: str = "model_wins",
        o_bias: float = 0.0,
        keep_labels: Sequence[str] | None = None,
        keep_sources: Sequence[str] | None = None,
        lexicon_component: str = "claimlens_lexicon",
        nlp: Language | None = None,
        scorer: Callable | None = None,
    ) -> None:
        if existing_ents not in EXISTING_ENTS_MODES:
            raise ConfigError(
                f"claimlens_ner: existing_ents={existing_ents!r}; use one of {', '.join(EXISTING_ENTS_MODES)}."
            )
        register_extensions()
        self.vocab = vocab
        self.model = model
        self.name = name
        self.scorer = scorer
        self.cfg: dict[str, Any] = {
            "labels": [],
            "existing_ents": existing_ents,
            "o_bias": float(o_bias),
            "keep_labels": list(keep_labels) if keep_labels is not None else None,
            "keep_sources": list(keep_sources) if keep_sources is not None else None,
            "lexicon_component": lexicon_component,
        }
        self._nlp = nlp

    # Settings that say how to combine, not what was learned: the config wins over the
    # saved cfg, so `spacy.load(path, config={"components.ner.existing_ents": ...})` works.
    _RUN_SETTINGS: tuple[str, ...] = ("existing_ents", "o_bias", "keep_labels", "keep_sources", "lexicon_component")

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> TaggerEntityRecognizer:
        run = {k: self.cfg[k] for k in self._RUN_SETTINGS}
        super().from_disk(path, exclude=exclude)
        self.cfg.update(run)
        return self

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> TaggerEntityRecognizer:
        run = {k: self.cfg[k] for k in self._RUN_SETTINGS}
        super().from_bytes(bytes_data, exclude=exclude)
        self.cfg.update(run)
        return self

    # -- labels ----------------------------------------------------------------------------
    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cfg["labels"])

    @property
    def tags(self) -> list[str]:
        return biluo_tags(self.labels)

    @property
    def version(self) -> str:
        return str(self.cfg.get("version") or "ner-" + "-".join(self.labels))

    def add_label(self, label: str) -> int:
        if not isinstance(label, str):
            raise ConfigError(f"claimlens_ner: labels are strings, got {label!r}")
        if label in self.labels:
            return 0
        self._allow_extra_label()
        self.cfg["labels"].append(label)
        self.vocab.strings.add(label)
        return 1

    # -- prediction ------------------------------------------------------------------------
    def predict(self, docs: Iterable[Doc]) -> list[numpy.ndarray]:
        docs = list(docs)
        if not any(len(doc) for doc in docs):
            return [numpy.zeros(len(doc), dtype="int32") for doc in docs]
        scores = self.model.predict(docs)
        return self.decode(docs, scores)

    def decode(self, docs: Sequence[Doc], scores: Sequence[numpy.ndarray]) -> list[numpy.ndarray]:
        """Tag ids per doc from the model's per-token scores (logits or probabilities).

        A sentence whose per-token best tags already form a valid sequence
        keeps them (the best valid sequence cannot score higher); only the
        others go through Viterbi. The argmax and the validity check run once
        over the whole batch (doc starts count as sentence starts): ~15 small
        numpy calls per doc were most of the decoding time. Log-probabilities
        are still computed per doc, as before.
        """
        o_bias = numpy.float32(self.cfg.get("o_bias", 0.0))
        allowed, opens, closes = _validity(len(self.labels))
        sizes = [len(doc) for doc in docs]
        xs = [
            numpy.asarray(self.model.ops.to_numpy(sc), dtype="float32")
            for n, sc in zip(sizes, scores, strict=True)
            if n
        ]
        if not xs:
            return [numpy.zeros(0, dtype="int32") for _ in docs]
        x_all = numpy.concatenate(xs) if len(xs) > 1 else xs[0].copy()
        if o_bias:
            x_all[:, 0] += o_bias  # same as adding it to the log-probability
        best = x_all.argmax(axis=1).astype("int32")
        total = len(best)
        offsets = numpy.zeros(len(sizes) + 1, dtype="int64")
        numpy.cumsum(sizes, out=offsets[1:])
        out = [best[offsets[d] : offsets[d + 1]] for d in range(len(docs))]
        if not best.any():
            return out
        first = numpy.zeros(total + 1, dtype=bool)
        first[offsets] = True  # every doc starts as if after O
        doc_bounds: dict[int, numpy.ndarray] = {}
        for d, doc in enumerate(docs):
            if sizes[d] and out[d].any():
                bounds = numpy.asarray(sentence_bounds(doc))
                doc_bounds[d] = bounds
                first[bounds + offsets[d]] = True
        prev = numpy.concatenate(([0], best[:-1]))
        prev[first[:-1]] = 0  # a sentence starts as if after O
        bad = ~allowed[prev, best]
        bad |= first[1:] & ~closes[best]  # the token before a sentence start, and each doc's last token
        if not bad.any():
            return out
        bad_at = numpy.flatnonzero(bad)
        bad_doc = numpy.searchsorted(offsets, bad_at, side="right") - 1
        rows: list[numpy.ndarray] = []
        where: list[tuple[int, int, int]] = []
        for d in numpy.unique(bad_doc).tolist():
            bounds = doc_bounds[d]
            at = bad_at[bad_doc == d] - offsets[d]
            sent_of = numpy.searchsorted(bounds, at, side="right") - 1
            logp = _log_softmax(x_all[offsets[d] : offsets[d + 1]])
            for k in numpy.unique(sent_of).tolist():
                a, b = int(bounds[k]), int(bounds[k + 1])
                rows.append(logp[a:b])
                where.append((d, a, b))
        for (d, a, b), tags in zip(where, viterbi(rows, len(self.labels)), strict=True):
            out[d][a:b] = tags
        return out

    def set_annotations(self, docs: Iterable[Doc], tag_ids: Sequence[numpy.ndarray]) -> None:
        labels = self.labels
        mode = self.cfg.get("existing_ents", "model_wins")
        for doc, tags in zip(docs, tag_ids, strict=True):
            nz = numpy.flatnonzero(tags)
            existing = self._kept(doc) if mode != "replace" else []
            if not len(nz) and not existing and not doc.ents:
                continue
            spans: list[Span] = []
            if len(nz):
                arr = doc.to_array([IDX, LENGTH])
                ud = doc.user_data
                begin = 0
                for i in nz.tolist():
                    t = int(tags[i]) - 1
                    move = t % 4
                    if move == 0:
                        begin = i
                        continue
                    if move == 1:
                        continue
                    start = begin if move == 2 else i
                    spans.append(Span(doc, start, i + 1, label=labels[t // 4]))
                    # span._.claimlens_source without building Underscore objects (same key spaCy uses)
                    key = ("._.", "claimlens_source", int(arr[start, 0]), int(arr[i, 0] + arr[i, 1]))
                    if ud.get(key) is None:
                        ud[key] = "model"
            if not existing:
                doc.set_ents(spans, default="outside")
                continue
            doc.set_ents(_merge(len(doc), spans, existing, model_first=mode == "model_wins"), default="outside")

    def _kept(self, doc: Doc) -> list[Span]:
        """The existing entities that take part in the merge: `keep_labels` and `keep_sources` filter them.

        A source is the `source` of the lexicon entry a span's text resolves to
        in the pipeline's lexicon component ("curated", "mesh", ...).
        """
        ents = list(doc.ents)
        labels, sources = self.cfg.get("keep_labels"), self.cfg.get("keep_sources")
        if labels is not None:
            ents = [e for e in ents if e.label_ in labels]
        if sources is not None and ents:
            lookup = self._lexicon().lookup
            ents = [e for e in ents if (entry := lookup(e.text)) is not None and entry.source in sources]
        return ents

    def _lexicon(self) -> Any:
        name = self.cfg.get("lexicon_component", "claimlens_lexicon")
        if self._nlp is None or name not in self._nlp.pipe_names:
            raise ConfigError(
                f"claimlens_ner: keep_sources needs the lexicon component {name!r} in the same pipeline."
            )
        comp = self._nlp.get_pipe(name)
        if not comp.is_loaded:
            comp.load()
        return comp.lexicon

    # -- training --------------------------------------------------------------------------
    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Any = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        if losses is None:
            losses = {}
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        validate_examples(examples, "TaggerEntityRecognizer.update")
        if not any(len(eg.predicted) for eg in examples):
            return losses
        set_dropout_rate(self.model, drop)
        scores, backprop = self.model.begin_update([eg.predicted for eg in examples])
        loss, d_scores = self.get_loss(examples, scores)
        backprop(d_scores)
        if sgd not in (None, False):
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def gold_ids(self, example: Example) -> numpy.ndarray:
        """Gold tag id per predicted token, -1 where the annotation is missing."""
        index = {t: i for i, t in enumerate(self.tags)}  # unknown labels count as missing
        return numpy.asarray(
            [index.get(t, -1) if t is not None else -1 for t in example.get_aligned_ner()], dtype="int64"
        )

    def get_loss(self, examples: Sequence[Example], scores: Sequence[Any]) -> tuple[float, list[Any]]:
        """Softmax cross-entropy; tokens with missing annotation add no loss and no gradient."""
        validate_examples(examples, "TaggerEntityRecognizer.get_loss")
        ops = self.model.ops
        loss = 0.0
        grads = []
        for eg, sc in zip(examples, scores, strict=True):
            probs = ops.to_numpy(sc)
            gold = self.gold_ids(eg)
            known = gold >= 0
            d = probs.copy()
            rows = numpy.flatnonzero(known)
            d[rows, gold[rows]] -= 1.0
            d[~known] = 0.0
            loss += float(-numpy.log(probs[rows, gold[rows]] + 1e-8).sum())
            grads.append(ops.asarray(d, dtype="float32"))
        return loss, grads

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None, labels: Any = None
    ) -> None:
        validate_get_examples(get_examples, "TaggerEntityRecognizer.initialize")
        if labels is not None:
            for lab in labels:
                self.add_label(lab)
        else:
            found: set[str] = set()
            for eg in get_examples():
                found.update(ent.label_ for ent in eg.reference.ents)
            for lab in sorted(found):
                self.add_label(lab)
        if not self.labels:
            raise ConfigError("claimlens_ner: no entity labels in the training examples and none given.")
        docs, golds = [], []
        n_tags = len(self.tags)
        for eg in islice(get_examples(), 10):
            docs.append(eg.x)
            ids = self.gold_ids(eg)
            onehot = numpy.zeros((len(ids), n_tags), dtype="float32")
            onehot[numpy.arange(len(ids)), numpy.maximum(ids, 0)] = 1.0
            golds.append(self.model.ops.asarray(onehot))
        self.model.initialize(X=docs, Y=golds)



def _validity(n_labels: int) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(T, T) allowed tag pairs, (T,) tags that may open a sentence, (T,) tags that may close one."""
    n = 1 + 4 * n_labels
    out_like = numpy.zeros(n, dtype=bool)  # O, L-x, U-x: an entity is closed after them
    out_like[0] = True
    out_like[3::4] = True
    out_like[4::4] = True
    opens = out_like.copy()  # O, B-x, U-x
    opens[3::4] = False
    opens[1::4] = True
    allowed = numpy.zeros((n, n), dtype=bool)
    allowed[numpy.ix_(out_like, opens)] = True
    for k in range(n_labels):
        b, i, last = 1 + 4 * k, 2 + 4 * k, 3 + 4 * k
        allowed[[b, i], i] = True
        allowed[[b, i], last] = True
    return allowed, opens, out_like


def _log_softmax(x: numpy.ndarray) -> numpy.ndarray:
    """Log-probabilities from logits; probabilities (rows summing to 1) are logged directly."""
    x = numpy.asarray(x, dtype="float32")
    if x.size and x.min() >= 0.0 and abs(float(x[0].sum()) - 1.0) < 1e-3:
        return numpy.log(x + numpy.float32(1e-8))
    m = x.max(axis=1, keepdims=True)
    z = x - m
    return z - numpy.log(numpy.exp(z).sum(axis=1, keepdims=True))


def _merge(n: int, first: list[Span], second: list[Span], *, model_first: bool) -> list[Span]:
    """Spans of the winning list, plus those of the other list that overlap none of them."""
    win, lose = (first, second) if model_first else (second, first)
    taken = bytearray(n)
    for s in win:
        taken[s.start : s.end] = b"\x01" * (s.end - s.start)
    kept = [s for s in lose if not any(taken[s.start : s.end])]
    return filter_spans(win + kept)


@Language.factory(
    "claimlens_ner",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "span._.claimlens_source"],
    default_config={
        "model": DEFAULT_MODEL,
        "existing_ents": "model_wins",
        "o_bias": 0.0,
        "keep_labels": None,
        "keep_sources": None,
        "lexicon_component": "claimlens_lexicon",
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_ner(
    nlp: Language,
    name: str,
    *,
    model: Model,
    existing_ents: str,
    o_bias: float,
    keep_labels: list[str] | None,
    keep_sources: list[str] | None,
    lexicon_component: str,
    scorer: Callable | None,
) -> TaggerEntityRecognizer:
    """existing_ents: model_wins | lexicon_wins | replace; o_bias: added to the O log-score (> 0: fewer
    entities); keep_labels / keep_sources: which existing (lexicon) entities take part in the merge."""
    return TaggerEntityRecognizer(
        nlp.vocab,
        model,
        name,
        existing_ents=existing_ents,
        o_bias=o_bias,
        keep_labels=keep_labels,
        keep_sources=keep_sources,
        lexicon_component=lexicon_component,
        nlp=nlp,
        scorer=scorer,
    )
