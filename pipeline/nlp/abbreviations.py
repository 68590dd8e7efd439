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

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from scispacy.abbreviation import filter_matches, find_abbreviation
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.extensions import register_extensions
from pipeline.nlp.windows import CARRY_KEY

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


class _EntityIndex:
    """Non-overlapping entity token spans -> values, sorted by start (bisect instead of scans)."""

    __slots__ = ("starts", "ends", "values")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.values: list[tuple[str, str | None, str | None, str | None]] = []

    def add(self, s: int, e: int, value: tuple[str, str | None, str | None, str | None]) -> None:
        i = bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)
        self.values.insert(i, value)

    def _find(self, s: int, e: int) -> int:
        i = bisect_left(self.starts, s)
        return i if i < len(self.starts) and self.starts[i] == s and self.ends[i] == e else -1

    def get(self, s: int, e: int) -> tuple[str, str | None, str | None, str | None] | None:
        i = self._find(s, e)
        return self.values[i] if i >= 0 else None

    def remove(self, s: int, e: int) -> None:
        i = self._find(s, e)
        if i >= 0:
            del self.starts[i], self.ends[i], self.values[i]

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        out = []
        i = bisect_left(self.starts, e) - 1  # the last span starting before e
        while i >= 0 and self.ends[i] > s:
            out.append((self.starts[i], self.ends[i]))
            i -= 1
        return out

    def ending_at(self, end: int) -> tuple[int, int] | None:
        i = bisect_left(self.starts, end) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 and self.ends[i] == end else None

    def items(self) -> list[tuple[tuple[int, int], tuple[str, str | None, str | None, str | None]]]:
        return [((s, e), v) for s, e, v in zip(self.starts, self.ends, self.values, strict=True)]


class AbbreviationLinker:
    """The `claimlens_abbreviations` component (run after claimlens_lexicon and any NER)."""

    def __init__(self, nlp: Language, name: str, *, remove_contradicted: bool, plural_forms: bool) -> None:
        register_extensions()
        self.name = name
        self.remove_contradicted = remove_contradicted
        self.plural_forms = plural_forms

    def __call__(self, doc: Doc) -> Doc:
        orths = doc.to_array(ORTH).tolist()
        carry = doc.user_data.get(CARRY_KEY)
        # definitions made in earlier windows of the same document (pipeline/nlp/windows.py)
        carried: list[tuple[str, list[str], tuple[str, str | None, str | None] | None]] = (
            carry.setdefault("abbreviations", []) if carry is not None else []
        )
        known = {text for text, _, _ in carried}
        pairs = [(sh, lg) for sh, lg in find_definitions(doc, orths) if sh.text not in known]
        if not pairs and not carried:
            return doc
        # values of the ents we keep, by (start, end): (label, canonical, concept_id, source);
        # read from user_data, where span._ keeps them (the defaults are None)
        ud = doc.user_data
        info = _EntityIndex()
        for e in doc.ents:
            a, b = e.start_char, e.end_char
            info.add(
                e.start,
                e.end,
                (
                    e.label_,
                    ud.get(("._.", "claimlens_canonical", a, b)),
                    ud.get(("._.", "claimlens_concept_id", a, b)),
                    ud.get(("._.", "claimlens_source", a, b)),
                ),
            )
        positions: dict[int, list[int]] = {}
        for i, o in enumerate(orths):
            positions.setdefault(o, []).append(i)
        own = carry.get("own") if carry is not None else None
        todo = [(words, target, None) for _, words, target in carried]
        todo += [([t.text for t in short], None, (short, long)) for short, long in pairs]
        for words, target, pair in todo:
            if pair is not None:
                short, long = pair
                target = self._long_form_entity(long, info, short)
                if carry is not None and (own is None or own[0] <= short.start_char < own[1]):
                    carried.append((short.text, words, target))
            occurrences = self._occurrences(doc, words, orths, positions)
            if target is None:
                if self.remove_contradicted:
                    for s, e in occurrences:
                        current = info.get(s, e)
                        if current is not None and current[3] == "lexicon":
                            info.remove(s, e)
                continue
            label, canonical, concept_id = target
            for s, e in occurrences:
                current = info.get(s, e)
                if current is not None and current[0] == label and current[2] == concept_id:
                    continue  # the lexicon already agrees
                overlapping = info.overlapping(s, e)
                if any(k[0] < s or k[1] > e for k in overlapping):
                    continue  # inside or across a larger entity: leave it
                for k in overlapping:
                    info.remove(*k)
                info.add(s, e, (label, canonical, concept_id, "abbreviation"))
        items = info.items()
        spans = [Span(doc, s, e, label=v[0]) for (s, e), v in items]
        doc.ents = spans
        for span, (_, (_label, canonical, concept_id, source)) in zip(spans, items, strict=True):
            # span._.x = v without building Underscore objects (the same user_data keys)
            a, b = span.start_char, span.end_char
            ud[("._.", "claimlens_canonical", a, b)] = canonical
            ud[("._.", "claimlens_concept_id", a, b)] = concept_id
            ud[("._.", "claimlens_source", a, b)] = source
        return doc

    @staticmethod
    def _long_form_entity(long: Span, info: _EntityIndex, short: Span) -> tuple[str, str | None, str | None] | None:
        """The entity ending where the long form ends, starting inside it (and not on the short form).

        Entities never overlap, so at most one ends at the long form's end.
        """
        key = info.ending_at(long.end)
        if key is None:
            return None
        s, e = key
        if not (long.start <= s < e and (e <= short.start or s >= short.end)):
            return None
        label, canonical, concept_id, _ = info.get(s, e)  # type: ignore[misc]
        if canonical is None:
            canonical = long.doc[s:e].text
        return label, canonical, concept_id

    def _occurrences(
        self,
        doc: Doc,
        words: list[str],
        orths: list[int] | None = None,
        positions: dict[int, list[int]] | None = None,
    ) -> list[tuple[int, int]]:
        """Every token sequence spelling the short form (case-sensitive), plus its plural in -s.

        Compares ORTH ids (`orths`, the doc's ORTH array) instead of token texts:
        a token's ORTH is its text's StringStore id (the hash, or a symbol id for
        strings such as "DEP"), so equal ids mean equal texts. `positions` (token
        indices of each ORTH id) makes this linear in the occurrences instead of in
        the doc for every definition.
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
        n_tok = len(orths)
        for form in forms:
            n = len(form)
            ids = [strings[w] for w in form]
            found = positions.get(ids[0], ()) if positions is not None else (
                i for i, o in enumerate(orths) if o == ids[0]
            )
            for i in found:
                if i + n <= n_tok and orths[i : i + n] == ids:
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
