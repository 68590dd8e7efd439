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
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.extensions import register_extensions

MAX_PAREN_TOKENS = 8  # scispaCy ignores longer bracket contents


def _paren_candidates(doc: Doc, orths: list[int] | None = None) -> list[tuple[int, int, int]]:
    """(-1, start, end) of bracket contents, like scispaCy's matches without the brackets.

    Reads the ORTH array (`orths`, computed if not given) instead of iterating
    Token objects, which was most of this component's time.
    """
    if orths is None:
        orths = doc.to_array(ORTH).tolist()
    strings = doc.vocab.strings
    open_id, close_id = strings["("], strings[")"]
    out: list[tuple[int, int, int]] = []
    n = len(orths)
    i = -1
    while True:
        try:
            i = orths.index(open_id, i + 1)
        except ValueError:
            return out
        for j in range(i + 1, min(n, i + MAX_PAREN_TOKENS + 2)):
            t = orths[j]
            if t == open_id:
                break
            if t == close_id:
                if j > i + 1:
                    out.append((-1, i + 1, j))
                break


def find_definitions(doc: Doc, orths: list[int] | None = None) -> list[tuple[Span, Span]]:
    """(short form, long form) pairs defined in the doc; the long form stays inside its sentence."""
    candidates = _paren_candidates(doc, orths)
    if not candidates:
        return []
    has_sents = doc.has_annotation("SENT_START")
    pairs: list[tuple[Span, Span]] = []
    seen_short: set[str] = set()
    for long_cand, short_cand in filter_matches(candidates, doc):
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
        orths = doc.to_array(ORTH).tolist()
        pairs = find_definitions(doc, orths)
        if not pairs:
            return doc
        ents = list(doc.ents)
        # values of the ents we keep, by (start, end): (label, canonical, concept_id, source);
        # read from user_data, where span._ keeps them (the defaults are None)
        ud = doc.user_data
        info: dict[tuple[int, int], tuple[str, str | None, str | None, str | None]] = {}
        for e in ents:
            a, b = e.start_char, e.end_char
            info[(e.start, e.end)] = (
                e.label_,
                ud.get(("._.", "claimlens_canonical", a, b)),
                ud.get(("._.", "claimlens_concept_id", a, b)),
                ud.get(("._.", "claimlens_source", a, b)),
            )
        for short, long in pairs:
            target = self._long_form_entity(long, info, short)
            occurrences = self._occurrences(doc, [t.text for t in short], orths)
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
            # span._.x = v without building Underscore objects (the same user_data keys)
            a, b = span.start_char, span.end_char
            ud[("._.", "claimlens_canonical", a, b)] = canonical
            ud[("._.", "claimlens_concept_id", a, b)] = concept_id
            ud[("._.", "claimlens_source", a, b)] = source
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

    def _occurrences(self, doc: Doc, words: list[str], orths: list[int] | None = None) -> list[tuple[int, int]]:
        """Every token sequence spelling the short form (case-sensitive), plus its plural in -s.

        Compares ORTH ids (`orths`, the doc's ORTH array) instead of token texts:
        a token's ORTH is its text's StringStore id (the hash, or a symbol id for
        strings such as "DEP"), so equal ids mean equal texts.
        """
        forms = [words]
        if self.plural_forms:
            last = words[-1]
            forms.append(
                [*words[:-1], last[:-1]]
                if last.endswith("s") and len(last) > 2
                else [*words[:-1], last + "s"]
            )
        if orths is None:
            orths = doc.to_array(ORTH).tolist()
        strings = doc.vocab.strings
        out: list[tuple[int, int]] = []
        last_start = len(orths) - 1
        for form in forms:
            n = len(form)
            ids = [strings[w] for w in form]
            first = ids[0]
            i = -1
            while True:
                try:
                    i = orths.index(first, i + 1, last_start - n + 2)
                except ValueError:
                    break
                if orths[i : i + n] == ids:
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
