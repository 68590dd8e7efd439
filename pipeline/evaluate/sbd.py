"""Sentence-boundary scoring, and readers for the public SBD test sets.

Boundaries are compared as character offsets, with the convention of
`pipeline.evaluate.scorer.boundary_offsets`: a boundary is where a sentence
ends once trailing whitespace is dropped, and the end of the document's
last word is not one (every segmenter finds it). So where whitespace
between sentences goes never counts. A ratio with a zero denominator is
0.0, with the counts beside it (the scorer's convention); per case, look
at `passed` (every gold sentence predicted exactly, nothing extra).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from spacy.language import Language

from pipeline.evaluate.scorer import PRFCounts


@dataclass(frozen=True)
class SBDScore(PRFCounts):
    """Boundary counts and exact-sentence counts for one or more texts."""

    tp: int
    fp: int
    fn: int
    gold_sentences: int
    exact_sentences: int  # gold sentences predicted with exactly the same (trimmed) span
    cases: int = 1
    exact_cases: int = 0  # texts whose every sentence is exact

    @property
    def sentence_accuracy(self) -> float:
        return self.exact_sentences / self.gold_sentences if self.gold_sentences else 0.0

    @property
    def passed(self) -> bool:
        return self.exact_cases == self.cases

    def __add__(self, other: SBDScore) -> SBDScore:
        return SBDScore(
            tp=self.tp + other.tp,
            fp=self.fp + other.fp,
            fn=self.fn + other.fn,
            gold_sentences=self.gold_sentences + other.gold_sentences,
            exact_sentences=self.exact_sentences + other.exact_sentences,
            cases=self.cases + other.cases,
            exact_cases=self.exact_cases + other.exact_cases,
        )

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = asdict(self)
        out.update(
            precision=round(self.precision, 4),
            recall=round(self.recall, 4),
            f1=round(self.f1, 4),
            sentence_accuracy=round(self.sentence_accuracy, 4),
        )
        return out


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding whitespace, or None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def locate_sentences(gold_sentences: Sequence[str], text: str) -> list[tuple[int, int]]:
    """Character spans of the gold sentences, found in order in `text`.

    Raises ValueError naming the first sentence that is not a substring at
    or after the end of the previous one.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for k, sent in enumerate(gold_sentences):
        s = sent.strip()
        if not s:
            continue
        start = text.find(s, pos)
        if start < 0:
            raise ValueError(f"gold sentence {k} ({s[:60]!r}) not found in the text after offset {pos}")
        spans.append((start, start + len(s)))
        pos = start + len(s)
    return spans


def score_boundaries(
    gold_sentences: Sequence[str], text: str, predicted_spans: Iterable[tuple[int, int]]
) -> SBDScore:
    """Score predicted sentence spans (start, end character offsets) against gold sentence strings.

    Gold sentences must occur in `text` in order (surrounding whitespace is
    ignored); raises ValueError otherwise.
    """
    gold = locate_sentences(gold_sentences, text)
    pred = [t for s, e in predicted_spans if (t := trim_span(text, s, e)) is not None]
    doc_end = len(text.rstrip())
    gold_b = {e for _, e in gold if e < doc_end}
    pred_b = {e for _, e in pred if e < doc_end}
    exact = len(set(gold) & set(pred))
    return SBDScore(
        tp=len(gold_b & pred_b),
        fp=len(pred_b - gold_b),
        fn=len(gold_b - pred_b),
        gold_sentences=len(gold),
        exact_sentences=exact,
        cases=1,
        exact_cases=int(exact == len(gold) == len(pred)),
    )


def total(scores: Iterable[SBDScore]) -> SBDScore:
    """Micro-averaged sum of per-text scores."""
    out = SBDScore(0, 0, 0, 0, 0, cases=0, exact_cases=0)
    for s in scores:
        out = out + s
    return out


def build_sentence_nlp(**segmenter_config: object) -> Language:
    """`spacy.blank("en")` with the ClaimLens tokenizer and segmenter only."""
    import spacy

    import pipeline.nlp.segment  # noqa: F401  (registers the factory)
    import pipeline.nlp.tokenizer  # noqa: F401  (registers the tokenizer)

    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "claimlens_tokenizer.v1"}}})
    nlp.add_pipe("claimlens_segmenter", config=dict(segmenter_config))
    return nlp


# -- public test sets ---------------------------------------------------------


def read_golden_rules(path: Path | str) -> list[dict]:
    """pySBD's English golden rules: dicts with rule, title, text, sentences."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# GENIA tokens that attach to the previous / next token when detokenising.
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", ")", "]", "}", "%", "?", "!", "'s", "'", "n't", "'re", "'ve"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{"})


def detokenise(tokens: Sequence[tuple[str, str]]) -> str:
    """Approximate raw text from (word, POS) pairs of the Penn/GENIA style.

    Closing punctuation attaches left, opening brackets attach right,
    quotes attach by their POS (`` opens, '' closes); everything else is
    separated by one space. GENIA's own tokenisation splits little else,
    so this recovers the abstract text closely enough for boundary tests.
    """
    out: list[str] = []
    glue_next = True
    for word, pos in tokens:
        if not word:
            continue
        if glue_next or word in _NO_SPACE_BEFORE or pos == "''" or pos == "POS":
            out.append(word)
        else:
            out.append(" " + word)
        glue_next = word in _NO_SPACE_AFTER or pos == "``"
    return "".join(out)


def _split_pos(token: str) -> tuple[str, str]:
    word, slash, pos = token.rpartition("/")
    return (word, pos) if slash and word else (token, "")


def read_genia(path: Path | str) -> Iterator[tuple[str, list[str]]]:
    """Yield (PMID, detokenised sentences) per abstract of a GENIA .pos file.

    Lines are sentences; "UI/LS -/: <pmid>" opens an abstract, "TI/LS -/:"
    and "AB/LS -/:" mark the first title and abstract sentence (the marker
    tokens are dropped; the title is kept as the first sentence(s)).
    """
    pmid: str | None = None
    sentences: list[str] = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            toks = [_split_pos(t) for t in line.split()]
            if not toks:
                continue
            if toks[0] == ("UI", "LS"):
                if pmid is not None and sentences:
                    yield pmid, sentences
                pmid = toks[2][0] if len(toks) > 2 else str(len(sentences))
                sentences = []
                continue
            if toks[0] in (("TI", "LS"), ("AB", "LS")) and len(toks) > 1 and toks[1][0] == "-":
                toks = toks[2:]
            sent = detokenise(toks)
            if sent:
                sentences.append(sent)
    if pmid is not None and sentences:
        yield pmid, sentences
