"""Dictionary tagging of SUBSTANCE / CONDITION / MECHANISM mentions, normalised to concepts.

Why a hand-written matcher and not spaCy's PhraseMatcher: with the open
vocabulary (~10^5 terms) building PhraseMatcher patterns means tokenising
every term into a Doc (measured: ~5 s to make Docs of 132k MeSH terms plus
1.2 s to add them, 2.5 GB peak with three lists of such Docs alive), which
strains the pipeline's load budget (< 10 s, < 1 GB). Here a term is a
tuple of normalised token *units* looked up in a dict, so loading needs no
Docs (measured: 146k terms load in ~1.5 s, ~150 MB), and matching is a few
dict probes per token. A saved pipeline carries copies of its lexicon files.

A unit is a token's text split at attached hyphens ("mu-opioid" ->
"mu", "opioid"; "pain-relieving" -> "pain", "relieving") with typographic
quotes, dashes and the micro sign normalised, so "mu-opioid receptor",
"mu opioid receptor", "the brain’s opioid receptors" and "kratom's" all
match whatever the tokenizer decides about hyphens. Matches start and end
on token boundaries, so a possessive or a determiner is never inside.

Matching is longest-first over all candidates (spaCy's filter_spans order:
longer, then leftmost), ties go to the earlier lexicon (then the earlier
line). Blocklist terms take part in matching but produce no entity, so
"opioid-like" (blocked) suppresses "opioid" inside it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.attrs import LOWER, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.errors import LexiconError
from pipeline.nlp.extensions import register_extensions
from pipeline.paths import lexicon_dir

LABELS: tuple[str, ...] = ("SUBSTANCE", "CONDITION", "MECHANISM")
BLOCKED = ""  # label of blocklist entries: they match, win, and are dropped
EXISTING_ENTS_MODES: tuple[str, ...] = ("lexicon_wins", "model_wins", "replace")

# Normalisation applied to token text before splitting into units.
_CHAR_MAP = str.maketrans(
    {
        "\u2019": "'",  # right single quote
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u00b5": "\u03bc",  # micro sign -> Greek mu
    }
)
# Words the tokenizer cannot split (beyond hyphens, which become units anyway): letters and
# digits, but no digit followed by a lower-case letter ("5mg" splits off a unit).
_SIMPLE_TERM = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?: [A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)*$")
_DIGIT_LOWER = re.compile(r"[0-9][a-z]")

# Context cues for terms that name both a taken substance and an endogenous mediator.
SUPPLEMENT_CUES: frozenset[str] = frozenset(
    "supplement supplements supplementation supplemented pill pills capsule capsules tablet tablets "
    "gummy gummies dose doses dosage dosing spray sprays powder".split()
)
# An endogenous molecule given from outside ("intrathecal adenosine", "infusion of epinephrine") is taken.
GIVEN_CUES: frozenset[str] = frozenset(
    "injection injections infusion infusions administration administered injected infused intrathecal "
    "intravenous intracerebroventricular exogenous".split()
)
MEDIATOR_CUES: frozenset[str] = frozenset(
    "level levels production secretion release signaling signalling synthesis activity concentration "
    "concentrations system systems pathway pathways metabolism balance function turnover transmission "
    "neurotransmission availability receptor receptors".split()
)


@dataclass(slots=True)
class LexiconEntry:
    """One line of a lexicon file (plain values only, so it pickles cheaply to workers)."""

    term: str
    label: str  # one of LABELS, or BLOCKED for blocklist terms
    canonical: str
    concept_id: str
    case_sensitive: bool = False
    source: str = ""
    parent_id: str | None = None
    alt_label: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "term": self.term,
            "label": self.label,
            "canonical": self.canonical,
            "concept_id": self.concept_id,
            "case_sensitive": self.case_sensitive,
            "source": self.source,
        }
        if self.parent_id:
            out["parent_id"] = self.parent_id
        if self.alt_label:
            out["alt_label"] = self.alt_label
        return out


def normalise(text: str) -> str:
    return text if text.isascii() else text.translate(_CHAR_MAP)


def split_units(text: str) -> list[str]:
    """Units of one token's (normalised) text: split at hyphens, empty parts dropped."""
    if "-" not in text:
        return [text]
    parts = [p for p in text.split("-") if p]
    return parts or [text]


def resolve_lexicon_path(name: str | Path) -> Path:
    """A bare file name is looked up in data/lexicons; a path with a folder is taken as given."""
    path = Path(name)
    if not path.is_absolute() and len(path.parts) == 1:
        path = lexicon_dir() / path
    if not path.exists():
        raise LexiconError(
            f"lexicon file {path} not found. Give a file name inside {lexicon_dir()} or a path; "
            "the open-vocabulary files are made by `claimlens lexicon build`."
        )
    return path


def read_lexicon_file(path: str | Path) -> Iterator[LexiconEntry]:
    """Entries of a JSONL lexicon, or of a blocklist (.txt: one term per line, '#' comments)."""
    path = Path(path)
    return parse_lexicon(path.read_text(encoding="utf-8"), path)


def parse_lexicon(text: str, path: Path) -> Iterator[LexiconEntry]:
    """Entries of a lexicon file's text; `path` gives the format (.txt = blocklist) and error locations."""
    if path.suffix == ".txt":
        for line in text.splitlines():
            term = line.split("#", 1)[0].strip()
            if term:
                cs = term.startswith("=")
                term = term.lstrip("=").strip()
                yield LexiconEntry(term, BLOCKED, "", "", cs, "blocklist")
        return
    stem = path.stem
    lines = text.splitlines()
    numbers = [i for i, ln in enumerate(lines, 1) if ln.strip()]
    try:  # one parse for the whole file is ~3x faster than one per line
        recs: list[Any] = json.loads("[" + ",".join(lines[i - 1] for i in numbers) + "]")
        if len(recs) != len(numbers):
            raise ValueError("a line holds more than one value")
        parsed = True
    except ValueError:
        recs, parsed = [lines[i - 1] for i in numbers], False  # per line, to report where
    for lineno, rec in zip(numbers, recs, strict=True):
        try:
            if not parsed:
                rec = json.loads(rec)
            entry = LexiconEntry(
                term=rec["term"],
                label=rec["label"],
                canonical=rec.get("canonical") or "",
                concept_id=rec.get("concept_id") or "",
                case_sensitive=bool(rec.get("case_sensitive", False)),
                source=rec.get("source") or stem,
                parent_id=rec.get("parent_id"),
                alt_label=rec.get("alt_label"),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise LexiconError(
                f"{path}:{lineno}: not a lexicon record ({e}); each line must be a JSON object "
                'with at least "term" and "label".'
            ) from e
        if entry.label not in LABELS or (entry.alt_label and entry.alt_label not in LABELS):
            raise LexiconError(f"{path}:{lineno}: label {entry.label!r} is not one of {', '.join(LABELS)}.")
        yield entry


class Lexicon:
    """Merged lexicon entries: earlier files win for the same term; one canonical name per concept.

    Usable without spaCy (e.g. `Lexicon.load(["curated.jsonl"]).canonical("MESH:D032065")`).
    """

    def __init__(self, entries: Iterable[LexiconEntry] = ()) -> None:
        self.entries: list[LexiconEntry] = []
        self._by_key: dict[tuple[bool, str], int] = {}
        self._canonical: dict[str, str] = {}
        self._by_concept: dict[str, list[int]] = {}
        self.add(entries)

    @classmethod
    def load(cls, names: Iterable[str | Path], blocklist: str | Path | None = None) -> Lexicon:
        entries: list[LexiconEntry] = []
        if blocklist:
            entries.extend(read_lexicon_file(resolve_lexicon_path(blocklist)))
        for name in names:
            entries.extend(read_lexicon_file(resolve_lexicon_path(name)))
        return cls(entries)

    @staticmethod
    def key(entry: LexiconEntry) -> tuple[bool, str]:
        term = normalise(entry.term)
        return (True, term) if entry.case_sensitive else (False, term.lower())

    def add(self, entries: Iterable[LexiconEntry]) -> None:
        for e in entries:
            if e.label != BLOCKED and e.concept_id and e.canonical:
                # before the duplicate check: a concept's name comes from its first line that gives one
                self._canonical.setdefault(e.concept_id, e.canonical)
            k = self.key(e)
            if k in self._by_key:
                continue  # earlier file wins
            if e.label != BLOCKED:
                canon = self._canonical.get(e.concept_id) or e.canonical or e.term
                if e.concept_id:
                    self._canonical.setdefault(e.concept_id, canon)
                if canon != e.canonical:
                    e.canonical = canon  # entries are fresh from the reader: safe to fill in
            self._by_key[k] = len(self.entries)
            if e.concept_id:
                self._by_concept.setdefault(e.concept_id, []).append(len(self.entries))
            self.entries.append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, term: str) -> LexiconEntry | None:
        """The entry a term would resolve to (case-sensitive entries first)."""
        t = normalise(term)
        i = self._by_key.get((True, t))
        if i is None:
            i = self._by_key.get((False, t.lower()))
        return None if i is None else self.entries[i]

    def canonical(self, concept_id: str) -> str | None:
        return self._canonical.get(concept_id)

    def terms_of(self, concept_id: str) -> list[LexiconEntry]:
        return [self.entries[i] for i in self._by_concept.get(concept_id, [])]

    def concepts(self) -> dict[str, str]:
        return dict(self._canonical)


# Per vocabulary entry: (orth units, lower units, is a hyphen token, can start a match,
# some lower-case term of 2+ units starts with the first unit, the lower-case one-unit
# term it is (entry index or None), the same two for the case-sensitive table)
_TokenUnits = tuple[tuple[str, ...], tuple[str, ...], bool, bool, bool, "int | None", bool, "int | None"]
_MAX_UNIT_CACHE = 1_000_000  # vocabulary entries cached per matcher before the cache is reset


class TermMatcher:
    """Token-unit dictionary matcher (case-insensitive and case-sensitive tables)."""

    def __init__(self) -> None:
        # key units -> entry index; first index per table is the highest priority
        self.lower: dict[tuple[str, ...], int] = {}
        self.orth: dict[tuple[str, ...], int] = {}
        self._lower_lens: dict[str, tuple[int, ...]] = {}
        self._orth_lens: dict[str, tuple[int, ...]] = {}
        # (first unit, second unit) -> lengths of the terms that start with them, longest first
        self._lower_pairs: dict[tuple[str, str], tuple[int, ...]] = {}
        self._orth_pairs: dict[tuple[str, str], tuple[int, ...]] = {}
        # vocabulary entry (ORTH) -> its units and what they can start; see _token_units
        self._unit_cache: dict[int, _TokenUnits] = {}

    def add(self, units: tuple[str, ...], index: int, case_sensitive: bool) -> None:
        table = self.orth if case_sensitive else self.lower
        if units and units not in table:
            table[units] = index

    def finalise(self) -> None:
        for table, lens, pairs in (
            (self.lower, self._lower_lens, self._lower_pairs),
            (self.orth, self._orth_lens, self._orth_pairs),
        ):
            acc: dict[str, set[int]] = {}
            acc2: dict[tuple[str, str], set[int]] = {}
            for units in table:
                acc.setdefault(units[0], set()).add(len(units))
                if len(units) > 1:
                    acc2.setdefault((units[0], units[1]), set()).add(len(units))
            lens.clear()
            lens.update({k: tuple(sorted(v, reverse=True)) for k, v in acc.items()})
            pairs.clear()
            pairs.update({k: tuple(sorted(v, reverse=True)) for k, v in acc2.items()})
        self._unit_cache.clear()

    def __len__(self) -> int:
        return len(self.lower) + len(self.orth)

    def _token_units(self, orth: int, strings: Any, lower_id: int) -> _TokenUnits:
        """Units of one vocabulary entry and what its first unit can start (see _TokenUnits)."""
        text = strings[orth]
        if text.isascii() and "-" not in text:  # the common case: one unit
            orth_units: tuple[str, ...] = (text,)
            lower_units: tuple[str, ...] = (strings[lower_id],)
        else:
            parts = split_units(normalise(text))
            orth_units = tuple(parts)
            lower_units = tuple(p.lower() for p in parts)
        hyphen = text == "-" or text == "\u2010"
        lower_lens = self._lower_lens.get(lower_units[0]) or ()
        orth_lens = self._orth_lens.get(orth_units[0]) or ()
        lower_one = self.lower.get(lower_units[:1]) if 1 in lower_lens else None
        orth_one = self.orth.get(orth_units[:1]) if 1 in orth_lens else None
        lower_multi = bool(lower_lens) and lower_lens[0] > 1
        orth_multi = bool(orth_lens) and orth_lens[0] > 1
        starts = lower_multi or orth_multi or lower_one is not None or orth_one is not None
        entry = (orth_units, lower_units, hyphen, starts, lower_multi, lower_one, orth_multi, orth_one)
        if len(self._unit_cache) >= _MAX_UNIT_CACHE:
            self._unit_cache.clear()
        self._unit_cache[orth] = entry
        return entry

    def find(self, doc: Doc) -> list[tuple[int, int, int]]:
        """All (start_token, end_token, entry_index) matches; may overlap.

        Token units come from a per-vocabulary-entry cache over the ORTH/LOWER
        arrays (no Token objects); only tokens whose first unit starts some term
        are tried, one-unit terms are resolved in that cache, and longer ones
        are probed only for the lengths of terms sharing their first two units.
        Matches come out in the same order as probing every length would give
        (per start: lower-case table, then case-sensitive, longest first).
        """
        n_tok = len(doc)
        if not n_tok:
            return []
        arr = doc.to_array([ORTH, LOWER, SPACY]).tolist()
        cache = self._unit_cache
        strings = doc.vocab.strings
        u_lower: list[str] = []
        u_orth: list[str] = []
        u_tok: list[int] = []
        u_last: list[bool] = []
        starts: list[tuple[int, _TokenUnits]] = []
        prev_ws = 1
        for t, (orth, lower_id, ws) in enumerate(arr):
            e = cache.get(orth)
            if e is None:
                e = self._token_units(orth, strings, lower_id)
            if e[2] and not prev_ws and not ws:
                prev_ws = ws
                continue  # attached hyphen token: "pain - relieving" as spaCy splits "pain-relieving"
            prev_ws = ws
            if e[3]:
                starts.append((len(u_lower), e))
            ou = e[0]
            u_orth.extend(ou)
            u_lower.extend(e[1])
            if len(ou) == 1:
                u_tok.append(t)
                u_last.append(True)
            else:
                u_tok.extend([t] * len(ou))
                u_last.extend([False] * (len(ou) - 1))
                u_last.append(True)
        out: list[tuple[int, int, int]] = []
        if not starts:
            return out
        n = len(u_lower)
        lower, orth_table = self.lower, self.orth
        lower_pairs, orth_pairs = self._lower_pairs, self._orth_pairs
        for i, e in starts:
            for multi, one, units, table, pairs in (
                (e[4], e[5], u_lower, lower, lower_pairs),
                (e[6], e[7], u_orth, orth_table, orth_pairs),
            ):
                if multi and i + 1 < n:
                    lens = pairs.get((units[i], units[i + 1]))
                    if lens:
                        for length in lens:
                            j = i + length
                            if j > n or not u_last[j - 1]:
                                continue
                            idx = table.get(tuple(units[i:j]))
                            if idx is not None:
                                out.append((u_tok[i], u_tok[j - 1] + 1, idx))
                if one is not None and u_last[i]:
                    out.append((u_tok[i], u_tok[i] + 1, one))
        return out


class LexiconTagger:
    """The `claimlens_lexicon` component. Loads its lexicons lazily (first call, initialize, or from_disk)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        lexicons: list[str],
        blocklist: str | None,
        existing_ents: str,
        context_relabel: bool,
        labels: list[str] | None,
    ) -> None:
        register_extensions()
        if existing_ents not in EXISTING_ENTS_MODES:
            raise LexiconError(
                f"existing_ents={existing_ents!r}: use one of {', '.join(EXISTING_ENTS_MODES)} "
                "(what to do with entities already on the doc, e.g. from a trained NER)."
            )
        bad = [lab for lab in labels or [] if lab not in LABELS]
        if bad:
            raise LexiconError(f"labels {bad} unknown: choose from {', '.join(LABELS)}.")
        self.nlp = nlp
        self.name = name
        self.lexicons = list(lexicons)
        self.blocklist = blocklist
        self.existing_ents = existing_ents
        self.context_relabel = context_relabel
        self.labels = set(labels) if labels else set(LABELS)
        self.lexicon: Lexicon | None = None
        self.matcher: TermMatcher | None = None
        self.version: str | None = None
        self._sources: list[tuple[str, str]] = []
        self._has_blocklist = False

    # -- loading ---------------------------------------------------------------------------
    @property
    def is_loaded(self) -> bool:
        return self.matcher is not None

    def load(self) -> None:
        """Read the lexicon files and compile the matcher (call before forking workers)."""
        sources: list[tuple[str, str]] = []
        if self.blocklist:
            path = resolve_lexicon_path(self.blocklist)
            sources.append((path.name, path.read_text(encoding="utf-8")))
        for name in self.lexicons:
            path = resolve_lexicon_path(name)
            sources.append((path.name, path.read_text(encoding="utf-8")))
        self._load_sources(sources, has_blocklist=bool(self.blocklist))

    def _load_sources(self, sources: list[tuple[str, str]], *, has_blocklist: bool) -> None:
        """Parse (file name, text) pairs in priority order; kept so that to_disk can save them."""
        entries: list[LexiconEntry] = []
        for k, (name, text) in enumerate(sources):
            suffix = ".txt" if (k == 0 and has_blocklist) else ".jsonl"
            entries.extend(parse_lexicon(text, Path(name).with_suffix(suffix)))
        self.lexicon = Lexicon(entries)
        h = hashlib.sha1()
        for _name, text in sources:
            h.update(text.encode("utf-8"))
            h.update(b"\0")
        self.version = h.hexdigest()[:10]
        self._sources = sources
        self._has_blocklist = has_blocklist
        self._compile(self._units_for_terms(self.lexicon.entries))

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        if not self.is_loaded:
            self.load()

    def _units_for_terms(self, entries: list[LexiconEntry]) -> list[tuple[str, ...]]:
        """Unit keys of every entry's term, tokenised with the pipeline's own tokenizer.

        Terms of letters, spaces and hyphens that are not tokenizer special cases
        tokenise to their words, so they skip the tokenizer (most of the vocabulary).
        """
        rules = {k.lower() for k in (getattr(self.nlp.tokenizer, "rules", None) or {})}
        out: list[tuple[str, ...] | None] = [None] * len(entries)
        slow: list[int] = []
        simple, digit_lower = _SIMPLE_TERM.match, _DIGIT_LOWER.search
        for i, e in enumerate(entries):
            term = normalise(e.term)
            if simple(term) and not digit_lower(term):
                low = term.lower()
                if rules.isdisjoint(low.split(" ")):
                    out[i] = tuple((term if e.case_sensitive else low).replace("-", " ").split())
                    continue
            slow.append(i)
        texts = (normalise(entries[i].term) for i in slow)
        for i, doc in zip(slow, self.nlp.tokenizer.pipe(texts, batch_size=1000), strict=True):
            cs = entries[i].case_sensitive
            units: list[str] = []
            prev_ws = True
            for tok in doc:
                if tok.text == "-" and not prev_ws and not tok.whitespace_:
                    prev_ws = False
                    continue
                prev_ws = bool(tok.whitespace_)
                units.extend(split_units(tok.text))
            out[i] = tuple(u if cs else u.lower() for u in units)
        return [u or () for u in out]

    def _compile(self, units: list[tuple[str, ...]]) -> None:
        assert self.lexicon is not None
        matcher = TermMatcher()
        labels = self.labels | {BLOCKED}
        for i, (e, key) in enumerate(zip(self.lexicon.entries, units, strict=True)):
            if e.label in labels:
                matcher.add(key, i, e.case_sensitive)
        matcher.finalise()
        self.matcher = matcher

    # -- tagging ---------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if not self.is_loaded:
            self.load()
        assert self.matcher is not None and self.lexicon is not None
        entries = self.lexicon.entries
        found = self.matcher.find(doc)
        if any(m[1] - m[0] > 1 for m in found) and doc.has_annotation("SENT_START"):
            # a term never spans a sentence start (read from the array, not Token objects)
            sent_start = doc.to_array(SENT_START).tolist()
            found = [m for m in found if 1 not in sent_start[m[0] + 1 : m[1]]]
        # longest first, then leftmost, then the earliest lexicon entry
        found.sort(key=lambda m: (m[0] - m[1], m[0], m[2]))
        taken = bytearray(len(doc))
        chosen: list[tuple[int, int, int]] = []
        for start, end, idx in found:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            if entries[idx].label != BLOCKED:
                chosen.append((start, end, idx))
        spans: list[Span] = []
        values: list[tuple[Span, LexiconEntry]] = []
        for start, end, idx in sorted(chosen):
            e = entries[idx]
            label = self._label_in_context(doc, start, end, e) if self.context_relabel and e.alt_label else e.label
            span = Span(doc, start, end, label=label)
            spans.append(span)
            values.append((span, e))
        final = self._merge(doc, spans)
        doc.ents = final
        kept = {id(s) for s in final}
        ud = doc.user_data
        for span, e in values:
            if id(span) not in kept:
                continue  # lost to an existing (model) entity
            # span._.x = v without building Underscore objects (the same user_data keys spaCy uses)
            a, b = span.start_char, span.end_char
            ud[("._.", "claimlens_canonical", a, b)] = e.canonical
            ud[("._.", "claimlens_concept_id", a, b)] = e.concept_id or None
            ud[("._.", "claimlens_source", a, b)] = "lexicon"
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    @staticmethod
    def _label_in_context(doc: Doc, start: int, end: int, e: LexiconEntry) -> str:
        """Endogenous molecule as mediator (MECHANISM) vs taken or given as a product (SUBSTANCE)."""
        nxt = doc[end].lower_ if end < len(doc) else ""
        if e.label == "SUBSTANCE" and nxt in MEDIATOR_CUES:
            return e.alt_label or e.label
        if e.label == "MECHANISM":
            prev = doc[start - 1].lower_ if start >= 1 else ""
            if prev == "of" and start >= 2:
                prev = doc[start - 2].lower_  # "infusion of epinephrine"
            if nxt in SUPPLEMENT_CUES or nxt in GIVEN_CUES or prev in GIVEN_CUES:
                return e.alt_label or e.label
        return e.label

    def _merge(self, doc: Doc, spans: list[Span]) -> list[Span]:
        existing = list(doc.ents)
        if not existing or self.existing_ents == "replace":
            return spans
        for ent in existing:
            if ent._.claimlens_source is None:
                ent._.claimlens_source = "model"
        if self.existing_ents == "lexicon_wins":
            taken = bytearray(len(doc))
            for s in spans:
                taken[s.start : s.end] = b"\x01" * (s.end - s.start)
            kept = [e for e in existing if not any(taken[e.start : e.end])]
            return sorted(spans + kept, key=lambda s: s.start)
        taken = bytearray(len(doc))
        for e in existing:
            taken[e.start : e.end] = b"\x01" * (e.end - e.start)
        return filter_spans(existing + [s for s in spans if not any(taken[s.start : s.end])])

    # -- serialisation ---------------------------------------------------------------------
    # A saved pipeline carries copies of its lexicon files (not the compiled matcher): reloading
    # them is faster than parsing a compiled form, and the tokenizer that made the units is
    # the one being loaded with it.
    def _payload(self) -> dict[str, Any]:
        if not self.is_loaded:
            self.load()
        return {
            "lexicons": self.lexicons,
            "blocklist": self.blocklist,
            "version": self.version,
            "has_blocklist": self._has_blocklist,
            "files": [name for name, _ in self._sources],
        }

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        cfg = self._payload()
        path = Path(path)
        (path / "files").mkdir(parents=True, exist_ok=True)
        stored = []
        for k, (name, text) in enumerate(self._sources):
            stored.append(f"{k:02d}_{name}")
            (path / "files" / stored[-1]).write_text(text, encoding="utf-8")
        cfg["files"] = stored
        (path / "cfg.json").write_text(json.dumps(cfg, indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconTagger:
        path = Path(path)
        cfg_file = path / "cfg.json"
        if not cfg_file.exists():
            raise LexiconError(
                f"{path} is not a saved claimlens_lexicon (no cfg.json); save it with nlp.to_disk."
            )
        cfg = json.loads(cfg_file.read_text(encoding="utf-8"))
        sources = [(name, (path / "files" / name).read_text(encoding="utf-8")) for name in cfg["files"]]
        self._apply(cfg, sources)
        return self

    def _apply(self, cfg: dict[str, Any], sources: list[tuple[str, str]]) -> None:
        self.lexicons = cfg.get("lexicons", self.lexicons)
        self.blocklist = cfg.get("blocklist", self.blocklist)
        self._load_sources(sources, has_blocklist=bool(cfg.get("has_blocklist")))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        cfg = self._payload()
        cfg["texts"] = [text for _, text in self._sources]
        return json.dumps(cfg, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> LexiconTagger:
        cfg = json.loads(data)
        self._apply(cfg, list(zip(cfg["files"], cfg["texts"], strict=True)))
        return self


@Language.factory(
    "claimlens_lexicon",
    default_config={
        "lexicons": ["curated.jsonl", "vocab.jsonl"],
        "blocklist": "blocklist.txt",
        "existing_ents": "lexicon_wins",
        "context_relabel": True,
        "labels": None,
    },
    assigns=[
        "doc.ents",
        "span._.claimlens_canonical",
        "span._.claimlens_concept_id",
        "span._.claimlens_source",
    ],
)
def make_lexicon_tagger(
    nlp: Language,
    name: str,
    *,
    lexicons: list[str],
    blocklist: str | None,
    existing_ents: str,
    context_relabel: bool,
    labels: list[str] | None,
) -> LexiconTagger:
    """lexicons: file names in data/lexicons (or paths), earlier files win; blocklist: terms never tagged;
    existing_ents: lexicon_wins | model_wins | replace for entities already on the doc."""
    return LexiconTagger(
        nlp,
        name,
        lexicons=lexicons,
        blocklist=blocklist,
        existing_ents=existing_ents,
        context_relabel=context_relabel,
        labels=labels,
    )
