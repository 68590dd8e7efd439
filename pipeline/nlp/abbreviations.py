"""Abbreviations defined in the text inherit the entity of their long form.

"Substance Use Disorders (SUDs)" defines SUDs; every later "SUDs" (and
"SUD"/"SUDs" plural forms) becomes the same CONDITION concept, and a
lexicon reading that the definition contradicts ("GAD" the gene when the
text says "generalized anxiety disorder (GAD)", or a tagged acronym whose
long form is no entity at all) is replaced or removed.

Detection is scispaCy's Schwartz & Hearst implementation
(`scispacy.abbreviation.filter_matches` and `find_abbreviation`, the core of
its AbbreviationDetector). The detector class itself is not used because
it force-registers Doc/Span extensions outside pipeline/nlp/extensions.py
and stores Span objects in them, which cannot cross process boundaries;
its parenthesis Matcher (`( + )`) is also quadratic in the number of
brackets, so candidates come from a linear scan here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from scispacy.abbreviation import filter_matches, find_abbreviation
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.extensions import register_extensions

MAX_PAREN_TOKENS = 8  # scispaCy ignores longer bracket contents


def _paren_candidates(doc: Doc) -> list[tuple[int, int, int]]:
    """(-1, start, end) of bracket contents, like scispaCy's matches without the brackets."""
    out: list[tuple[int, int, int]] = []
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.text != "(":
            continue
        for j in range(i + 1, min(n, i + MAX_PAREN_TOKENS + 2)):
            t = doc[j].text
            if t == "(":
                break
            if t == ")":
                if j > i + 1:
                    out.append((-1, i + 1, j))
                break
    return out


def find_definitions(doc: Doc) -> list[tuple[Span, Span]]:
    """(short form, long form) pairs defined in the doc; the long form stays inside its sentence."""
    has_sents = doc.has_annotation("SENT_START")
    pairs: list[tuple[Span, Span]] = []
    seen_short: set[str] = set()
    for long_cand, short_cand in filter_matches(_paren_candidates(doc), doc):
        if has_sents and len(long_cand):
            sent_start = doc[short_cand.start].sent.start
            if long_cand.start < sent_start:
                long_cand = doc[sent_start : long_cand.end]
            if not len(long_cand):
                continue
        short, long = find_abbreviation(long_cand, short_cand)
        if long is None or not len(long) or short.text in seen_short:
            continue
        seen_short.add(short.text)
        pairs.append((short, long))
    return pairs


class AbbreviationLinker:
    """The `claimlens_abbreviations` component (run after claimlens_lexicon and any NER)."""

    def __init__(self, nlp: Language, name: str, *, remove_contradicted: bool, plural_forms: bool) -> None:
        register_extensions()
        self.name = name
        self.remove_contradicted = remove_contradicted
        self.plural_forms = plural_forms

    def __call__(self, doc: Doc) -> Doc:
        pairs = find_definitions(doc)
        if not pairs:
            return doc
        ents = list(doc.ents)
        # values of the ents we keep, by (start, end): (label, canonical, concept_id, source)
        info: dict[tuple[int, int], tuple[str, str | None, str | None, str | None]] = {
            (e.start, e.end): (
                e.label_,
                e._.claimlens_canonical,
                e._.claimlens_concept_id,
                e._.claimlens_source,
            )
            for e in ents
        }
        for short, long in pairs:
            target = self._long_form_entity(long, info, short)
            occurrences = self._occurrences(doc, [t.text for t in short])
            if target is None:
                if self.remove_contradicted:
                    for s, e in occurrences:
                        if (s, e) in info and info[(s, e)][3] == "lexicon":
                            del info[(s, e)]
                continue
            label, canonical, concept_id = target
            for s, e in occurrences:
                current = info.get((s, e))
                if current is not None and current[0] == label and current[2] == concept_id:
                    continue  # the lexicon already agrees
                overlapping = [k for k in info if k[0] < e and s < k[1]]
                if any(k[0] < s or k[1] > e for k in overlapping):
                    continue  # inside or across a larger entity: leave it
                for k in overlapping:
                    del info[k]
                info[(s, e)] = (label, canonical, concept_id, "abbreviation")
        spans = [Span(doc, s, e, label=v[0]) for (s, e), v in sorted(info.items())]
        doc.ents = spans
        for span in spans:
            label, canonical, concept_id, source = info[(span.start, span.end)]
            span._.claimlens_canonical = canonical
            span._.claimlens_concept_id = concept_id
            span._.claimlens_source = source
        return doc

    @staticmethod
    def _long_form_entity(
        long: Span, info: dict[tuple[int, int], tuple[str, str | None, str | None, str | None]], short: Span
    ) -> tuple[str, str | None, str | None] | None:
        """The entity equal to the long form, else the longest entity ending where it ends."""
        best: tuple[int, int] | None = None
        for s, e in info:
            if e == long.end and long.start <= s < e and (e <= short.start or s >= short.end):
                if best is None or s < best[0]:
                    best = (s, e)
        if best is None:
            return None
        label, canonical, concept_id, _ = info[best]
        if canonical is None:
            canonical = long.doc[best[0] : best[1]].text
        return label, canonical, concept_id

    def _occurrences(self, doc: Doc, words: list[str]) -> list[tuple[int, int]]:
        """Every token sequence spelling the short form (case-sensitive), plus its plural in -s."""
        forms = [words]
        if self.plural_forms:
            last = words[-1]
            forms.append(
                [*words[:-1], last[:-1]]
                if last.endswith("s") and len(last) > 2
                else [*words[:-1], last + "s"]
            )
        out: list[tuple[int, int]] = []
        texts = [t.text for t in doc]
        for form in forms:
            n = len(form)
            for i in range(len(texts) - n + 1):
                if texts[i] == form[0] and texts[i : i + n] == form:
                    out.append((i, i + n))
        return out

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)


@Language.factory(
    "claimlens_abbreviations",
    default_config={"remove_contradicted": True, "plural_forms": True},
    assigns=[
        "doc.ents",
        "span._.claimlens_canonical",
        "span._.claimlens_concept_id",
        "span._.claimlens_source",
    ],
    requires=["doc.ents"],
)
def make_abbreviation_linker(
    nlp: Language, name: str, *, remove_contradicted: bool, plural_forms: bool
) -> AbbreviationLinker:
    """remove_contradicted: drop lexicon entities on a short form whose defined long form is no entity;
    plural_forms: "SUD" defined also links "SUDs" (and the reverse)."""
    return AbbreviationLinker(nlp, name, remove_contradicted=remove_contradicted, plural_forms=plural_forms)
