"""Rule-based claim classifier: one set of labels per sentence (docs/ANNOTATION.md v2).

The rules live in a pure function, `classify_sentence(sent) -> SentenceLabels`
(and `classify_doc(doc)`, which also tracks list lead-ins and the substance
named in nearby sentences), so a trained classifier can replace them or run
beside them: the component only writes labels for sentences no earlier
component has labelled (unless `overwrite=True`), `set_labels` writes any
`SentenceLabels` onto a span, and `SentenceLabels.scores` carries a model's
confidences.

How a sentence is read (lower-case tokens + SUBSTANCE/CONDITION/MECHANISM
entities, no tagger or parser):
1. cue matching: one dict lookup per token over the phrase lists in
   `pipeline.nlp.cues` (effects, evidence, hedges, negations, calls for
   research, advice, framing);
2. scopes: clauses split at contrast/cause/relative markers; calls for
   research, advice spans, missing evidence and article framing assert nothing;
3. effect cues typed by their object (reduce + condition = benefit,
   increase + condition = harm, anything + receptor = mechanism), then
   "for"-relations, adverse conditions and mechanism entities as fallbacks;
4. claim = substance reference + effect cue; headings need a finite verb;
   list items under a lead-in inherit the lead-in's kind;
5. claim_type from the first predicate of the main clause, negation scoped
   to that predicate, evidence = strongest cue offered in support, hedged =
   any hedge outside non-asserting scopes.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, IS_SPACE, IS_TITLE, LENGTH, LOWER, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.errors import ConfigError
from pipeline.nlp import cues as C
from pipeline.nlp.extensions import register_extensions
from pipeline.nlp.windows import CARRY_KEY, OWN

EVIDENCE_RANK: dict[str, int] = {"clinical": 4, "preclinical": 3, "anecdotal": 2, "unspecified": 1}
_ENT_CODE = {"SUBSTANCE": "S", "CONDITION": "C", "MECHANISM": "M"}


@dataclass(frozen=True, slots=True)
class SentenceLabels:
    """Labels of one sentence and the cue text behind each; `scores` is for models."""

    is_claim: bool = False
    evidence: str | None = None
    claim_type: str | None = None
    hedged: bool = False
    negated: bool = False
    evidence_cue: str | None = None
    claim_cue: str | None = None
    hedge_cue: str | None = None
    negation_cue: str | None = None
    scores: dict[str, float] | None = None


NOT_A_CLAIM = SentenceLabels()


@dataclass(frozen=True, slots=True)
class LeadIn:
    """A list heading or lead-in that names a substance and a kind of effect ("Side effects of 5-HTP:")."""

    claim_type: str
    claim_cue: str | None = None
    hedge_cue: str | None = None


@dataclass(frozen=True, slots=True)
class _Effect:
    kind: str
    strength: str
    form: str  # base | s | ed | ing | word


# ---------------------------------------------------------------------------
# Compiled cue index
# ---------------------------------------------------------------------------


def _entries() -> list[tuple[str, str, object]]:
    out: list[tuple[str, str, object]] = []
    for lemma, (kind, strength) in C.EFFECT_VERBS.items():
        for form, surface in C.verb_forms(lemma).items():
            if surface in C.NOT_VERB_FORMS:
                continue
            out.append((surface, "effect", _Effect(kind, strength, form)))
    for phrase, (kind, strength) in C.EFFECT_PHRASAL_VERBS.items():
        head, rest = phrase.split(" ", 1)
        for form, surface in C.verb_forms(head).items():
            out.append((f"{surface} {rest}", "effect", _Effect(kind, strength, form)))
    for phrase, (kind, strength) in C.EFFECT_WORDS.items():
        out.append((phrase, "effect", _Effect(kind, strength, "word")))
    for label, phrases in C.EVIDENCE_PHRASES.items():
        out.extend((p, "evidence", label) for p in phrases)
    out.extend((p, "hedge", None) for p in C.HEDGE_PHRASES)
    out.extend((p, "neg", None) for p in C.NEGATION_PHRASES)
    out.extend((p, "denial", None) for p in C.DENIAL_PHRASES)
    out.extend((p, "call", None) for p in C.RESEARCH_CALL_PHRASES)
    out.extend((p, "advice", None) for p in C.ADVICE_PHRASES)
    out.extend((p, "frame", None) for p in C.FRAMING_PHRASES)
    out.extend((p, "frame", None) for p in C.AIM_PHRASES)
    out.extend((p, "method", None) for p in C.METHOD_PHRASES)
    out.extend((p, "mechx", None) for p in C.MECHANISM_EXPLAIN_PHRASES)
    out.extend((p, "reason", None) for p in C.REASON_PHRASES)
    out.extend((p, "leadkind", kind) for p, kind in C.LEAD_IN_KINDS.items())
    out.extend((p, "exp", kind) for p, kind in C.REVIEW_EXPERIENCE.items())
    return out


_INDEX = C.compile_phrases(_entries())
_APOS = "’"


def _norm(word: str) -> str:
    return word.replace(_APOS, "'") if _APOS in word else word


# ---------------------------------------------------------------------------
# Per-sentence view: plain lists, built once per sentence
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _View:
    words: list[str]  # lower-case, whitespace tokens removed
    tags: list[str]  # "S" | "C" | "M" | "" per word
    titles: list[bool]  # word is title-case ("Drug" in a journal name)
    toks: list[int]  # doc token index of each word
    arrays: _DocArrays

    def text(self, i: int, j: int) -> str:
        """Surface text of words [i, j), rebuilt from the tokens (Doc.text would rebuild the whole doc)."""
        return self.arrays.surface(self.toks[i], self.toks[j - 1] + 1)


_LOWER_CACHE: dict[int, str] = {}
_ATTRS = [LOWER, IS_SPACE, IS_TITLE, ORTH, SPACY, IDX, LENGTH, SENT_START]


class _DocArrays:
    """Per-doc plain lists (one numpy call, no Token objects): what every sentence view slices."""

    __slots__ = ("lowers", "spaces", "title", "tags", "orth", "ws", "strings", "idx", "length", "sent_starts")

    def __init__(self, doc: Doc) -> None:
        cols = doc.to_array(_ATTRS).T.tolist() if len(doc) else [[] for _ in _ATTRS]
        strings = doc.vocab.strings
        cache = _LOWER_CACHE
        if len(cache) > 500_000:
            cache.clear()
        lowers = []
        append = lowers.append
        for h in cols[0]:
            w = cache.get(h)
            if w is None:
                w = cache[h] = _norm(strings[h])
            append(w)
        self.lowers = lowers
        self.spaces = cols[1]
        self.title = cols[2]
        tags = [""] * len(doc)
        for ent in doc.ents:
            code = _ENT_CODE.get(ent.label_, "")
            for i in range(ent.start, ent.end):
                tags[i] = code
        self.tags = tags
        self.orth = cols[3]
        self.ws = cols[4]
        self.idx = cols[5]
        self.length = cols[6]
        self.sent_starts = cols[7]
        self.strings = strings

    def sentences(self) -> list[tuple[int, int]]:
        """Token offsets of the sentences, as doc.sents gives them, without building Span objects."""
        n = len(self.sent_starts)
        if not n:
            return []
        ss = self.sent_starts
        starts = [0] + [i for i in range(1, n) if ss[i] == 1]
        return [(a, starts[k + 1] if k + 1 < len(starts) else n) for k, a in enumerate(starts)]

    def surface(self, a: int, b: int) -> str:
        strings, orth, ws = self.strings, self.orth, self.ws
        parts = []
        for i in range(a, b):
            parts.append(strings[orth[i]])
            if ws[i] and i < b - 1:
                parts.append(" ")
        return "".join(parts)

    def view(self, start: int, end: int) -> _View:
        spaces = self.spaces
        if 1 not in spaces[start:end]:
            return _View(
                self.lowers[start:end], self.tags[start:end], self.title[start:end], list(range(start, end)), self
            )
        keep = [i for i in range(start, end) if not spaces[i]]
        lowers, tags, title = self.lowers, self.tags, self.title
        return _View([lowers[i] for i in keep], [tags[i] for i in keep], [title[i] for i in keep], keep, self)


# ---------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Result:
    labels: SentenceLabels
    signals: int = 0  # SIG_* bits: what the rules saw, for a trained model
    heading: bool = False
    colon: bool = False
    item: bool = False
    names_substance: bool = False
    lead_kind: str | None = None
    lead_cue: str | None = None
    hedge_cue: str | None = None
    question: bool = False
    span: tuple[int, int] = (0, 0)  # token offsets of the sentence


# What the rules saw in a sentence, as bits (written per sentence for `claimlens_claim_model`):
# the pieces a rule decision is made of, so a model can weigh them where the rules' hard
# conjunction misses a claim (an effect cue without a substance it can resolve, say).
SIG_EFFECT_CUE = 1 << 0  # an effect phrase matched
SIG_EFFECT = 1 << 1  # an effect resolved to benefit/harm/mechanism
SIG_SUBSTANCE_REF = 1 << 2  # a substance or a generic reference to one
SIG_CONTEXT_SUB = 1 << 3  # a nearby sentence or the heading named a substance
SIG_HEADING = 1 << 4
SIG_QUESTION = 1 << 5
SIG_COLON = 1 << 6
SIG_ITEM = 1 << 7
SIG_NON_ASSERT = 1 << 8  # call for research, advice or article framing
SIG_EVIDENCE = {"clinical": 1 << 9, "preclinical": 1 << 10, "anecdotal": 1 << 11, "unspecified": 1 << 12}
SIG_HEDGE = 1 << 13
SIG_NEGATION = 1 << 14
SIG_FIRST_PERSON = 1 << 15
SIG_LEAD_IN = 1 << 16  # an item under a lead-in that names a substance
SIGNAL_NAMES: tuple[str, ...] = (
    "effect_cue", "effect", "substance_ref", "context_sub", "heading", "question", "colon", "item",
    "non_assert", "ev_clinical", "ev_preclinical", "ev_anecdotal", "ev_unspecified", "hedge", "negation",
    "first_person", "lead_in",
)
SIGNALS_KEY = "claimlens_rule_signals"  # doc.user_data[SIGNALS_KEY]: {sentence start_char: bits}
_FIRST_PERSON = frozenset({"i", "my", "me", "i'm", "i've", "myself", "we", "our"})


def _signals(
    fams: dict[str, list[tuple[int, int, str, object]]],
    heading: bool,
    colon: bool,
    question: bool,
    item: bool,
    context_sub: bool,
    words: list[str],
) -> int:
    bits = 0
    if "effect" in fams:
        bits |= SIG_EFFECT_CUE
    if context_sub:
        bits |= SIG_CONTEXT_SUB
    if heading:
        bits |= SIG_HEADING
    if question:
        bits |= SIG_QUESTION
    if colon:
        bits |= SIG_COLON
    if item:
        bits |= SIG_ITEM
    if "call" in fams or "advice" in fams or "frame" in fams:
        bits |= SIG_NON_ASSERT
    for m in fams.get("evidence", ()):
        bits |= SIG_EVIDENCE.get(str(m[3]), 0)
    if "hedge" in fams:
        bits |= SIG_HEDGE
    if "neg" in fams or "denial" in fams:
        bits |= SIG_NEGATION
    if not _FIRST_PERSON.isdisjoint(words):
        bits |= SIG_FIRST_PERSON
    return bits


def _match(words: list[str]) -> list[tuple[int, int, str, object]]:
    """All cue matches: the longest per family at each start, none inside a longer one of its family."""
    out: list[tuple[int, int, str, object]] = []
    reach: dict[str, int] = {}
    n = len(words)
    single_ix, multi_ix, firsts = _INDEX
    for i in range(n):
        w = words[i]
        single = single_ix.get(w)
        multi = multi_ix.get(f"{w} {words[i + 1]}") if w in firsts and i + 1 < n else None
        if single is None and multi is None:
            continue
        done: set[str] = set()
        if multi is not None:
            for toks, fam, val in multi:
                if fam in done:
                    continue
                k = len(toks)
                if k > 2 and (i + k > n or tuple(words[i : i + k]) != toks):
                    continue
                done.add(fam)
                if reach.get(fam, 0) >= i + k:
                    continue
                reach[fam] = i + k
                out.append((i, i + k, fam, val))
        if single is not None:
            for fam, val in single:
                if fam in done or reach.get(fam, 0) > i:
                    continue
                done.add(fam)
                reach[fam] = i + 1
                out.append((i, i + 1, fam, val))
    return out


def _body_start(words: list[str]) -> int:
    """Skip bullets, list numbers, star ratings and Q:/A: labels."""
    i, n = 0, len(words)
    if n > 1 and words[0].isalpha() and words[1] not in _LABEL_MARKS:
        return 0
    while i < n:
        w = words[i]
        if w in C.BULLETS and n > i + 1:
            i += 1
        elif (w.isdigit() or (len(w) == 1 and w.isalpha())) and i + 1 < n and words[i + 1] in {".", ")", ":"}:
            i += 2
        elif w.rstrip(".").isdigit() and w.endswith(".") and i == 0:
            i += 1
        elif not any(ch.isalnum() for ch in w) and w not in {'"', "'", "“", "(", "["}:
            i += 1
        else:
            break
    return min(i, n)


_LABEL_MARKS = frozenset({".", ")", ":"})
_DASHES = frozenset({"-", "–", "—", "--"})
_QUOTE_END = frozenset({'"', "”", "'", "’", ".", "!", "?"})


def _last_mark(words: list[str]) -> str:
    """The sentence's final punctuation, ignoring quotes, asterisks, citation markers and a '– Name' signature."""
    j = len(words) - 1
    for k in range(max(0, j - 8), j):
        if words[k] in _DASHES and k > 0 and words[k - 1] in _QUOTE_END:
            j = k - 1  # '"Works for me." – Dana R., verified buyer'
            break
    while j >= 0:
        w = words[j]
        if w in C.TRAILING_JUNK:
            j -= 1
        elif w == "]" and j >= 2 and words[j - 2] == "[":
            j -= 3
        elif w.isdigit() and j >= 1 and words[j - 1] in ("[", "."):
            j -= 1 if words[j - 1] == "." else 2
        else:
            return w
    return ""


_SEGMENT_TRIGGERS = C.SEGMENT_PUNCT | C.SEGMENT_WORDS | {",", "without"}
_SUBORDINATE_WORDS = frozenset({"although", "though", "whereas", "while", "without"})
_RELATIVE = frozenset({"which", "who", "whom"})


def _segments(words: list[str], matches: list[tuple[int, int, str, object]], b0: int) -> tuple[list[int], set[int]]:
    """Scope segment id per word, and the ids of subordinate segments (not the main clause).

    Contrast, cause and relative clauses start new segments; "although", "because",
    "due to", ", which" and a sentence-initial "While/If/Because ..." clause are subordinate.
    """
    n = len(words)
    sub: set[int] = set()
    starts = {m[0] for m in matches if m[2] == "reason"}
    initial = b0 < n and words[b0] in C.SUBORDINATORS
    triggers = _SEGMENT_TRIGGERS
    cands = [i for i, w in enumerate(words) if w in triggers or i in starts]
    if not cands and not initial:
        return [0] * n, sub
    cur = 0
    relative = initial  # a sentence-initial subordinate clause ends at the first comma
    if initial:
        sub.add(0)
    bounds: list[int] = []
    for i in cands:
        w = words[i]
        nxt = words[i + 1] if i + 1 < n else ""
        if i == b0 and initial:
            continue  # the subordinator opens segment 0
        if w == "," and relative:
            cur += 1
            relative = False
            if nxt in C.REASON_AFTER_COMMA:
                if nxt in _RELATIVE or nxt not in {"and", "so"}:
                    sub.add(cur)
                relative = nxt in _RELATIVE
        elif w in C.SEGMENT_PUNCT or w in C.SEGMENT_WORDS or i in starts:
            cur += 1
            relative = False
            if w in _SUBORDINATE_WORDS or i in starts:
                sub.add(cur)
        elif w == "," and nxt in C.REASON_AFTER_COMMA:
            cur += 1
            if nxt not in {"and", "so"}:
                sub.add(cur)
            relative = nxt in _RELATIVE
        elif w == "without" and i > b0:
            cur += 1
            sub.add(cur)
        else:
            continue
        bounds.append(i)
    seg = [0] * n
    for k, start in enumerate(bounds):
        end = bounds[k + 1] if k + 1 < len(bounds) else n
        seg[start:end] = [k + 1] * (end - start)
    return seg, sub


def _object(view: _View, start: int, end: int, seg: list[int], back: bool) -> str | None:
    """What a direction verb acts on: mech | cond | subst | pos (first found within a short window)."""
    words, tags = view.words, view.tags
    n = len(words)
    rng = range(end, min(n, end + 8))
    passed = False
    if back:
        rng = range(start - 1, max(-1, start - 6), -1)
    for j in rng:
        if seg[j] != seg[start] and not back:
            break
        w = words[j]
        if w in {".", ";", "?", "!"}:
            break
        t = tags[j]
        if t == "C":
            return "cond"
        if t == "M":
            return "mech"
        if t == "S":
            if back:
                continue
            if passed:
                return "subst"
            continue
        if w in C.TRANSPARENT:
            passed = True
            continue
        if w in C.MECHANISM_WORDS:
            if not back and j + 1 < n and words[j + 1] in {"of", "in", "from"}:
                # "the breakdown of the hormones in their contraceptives": the drug is the object
                for k in range(j + 2, min(n, j + 6)):
                    if tags[k] == "S" and seg[k] == seg[start]:
                        return "subst"
            return "mech"
        if w in C.HEALTH_NEGATIVE or w in C.HARM_CONDITION_WORDS or w in _INDUCED:
            return "cond"  # "attenuated the cocaine-induced hyperactivity"
        if w in C.POSITIVE_STATES:
            return "pos"
        if not back and passed and w in {"medications", "medicines", "drugs", "contraceptives", "medication"}:
            return "subst"
    return None


_CAUSE_NOUN_BEFORE = frozenset(
    {"the", "a", "an", "underlying", "possible", "common", "other", "different", "another", "main", "root",
     "primary", "exact", "likely", "many", "no", "known", "unknown", "leading", "frequent", "rare"}
)
_INDUCED = frozenset({"induced", "evoked", "elicited", "provoked", "caused", "associated"})
_UP_MAP = {"mech": "mechanism", "cond": "harm", "subst": "harm", "pos": "benefit"}
_DOWN_MAP = {"mech": "mechanism", "cond": "benefit", "subst": "harm", "pos": "harm"}
_NEUTRAL_MAP = {"mech": "mechanism", "cond": "benefit", "subst": "harm", "pos": "benefit"}
_CAUSE_MAP = {"mech": "mechanism", "cond": "harm", "subst": "harm", "pos": "benefit", None: "harm"}
_BACK_ONLY = {"fall", "falls", "rise", "rises", "rose", "fade", "fades", "faded", "gone", "lifting", "down", "low", "fell",
              "dropped", "easier", "manageable", "away"}
_COPULAS = {"is", "are", "was", "were", "be", "been", "being", "remain", "remains", "seems", "appears", "'s",
            "'re", "considered", "found", "proven", "shown", "me", "you", "them", "him", "her", "us", "feel",
            "feels", "felt", "get", "gets", "got", "getting", "became", "become", "becomes", "had", "has",
            "have", "may", "might", "can", "could", "will", "would", "does", "do", "did"}
_MAKE = {"make", "makes", "made", "making", "render", "renders", "rendered"}
_ADVERBS = {"basically", "almost", "completely", "totally", "mostly", "all", "already", "finally", "much", "far",
            "way", "noticeably", "significantly", "generally", "usually", "often", "also", "still", "very", "so",
            "quite", "really", "just", "pretty", "fairly", "relatively", "perfectly", "itself", "not", "n't",
            "never", "less", "more"}
_NOT_SAFE_NEXT = {"usage", "use", "dosing", "dose", "doses", "administration", "management", "protocols",
                  "practices", "guidelines", "way", "storage"}


def _resolve(view: _View, m: tuple[int, int, str, object], seg: list[int]) -> str | None:
    """The claim type an effect cue stands for here, or None when it says nothing about health."""
    s, e, _, eff = m
    assert isinstance(eff, _Effect)
    kind = eff.kind
    words = view.words
    if kind in ("benefit", "harm", "mechanism"):
        if kind == "benefit" and eff.form == "word" and words[s] in {"less", "more"}:
            # "make HIV drugs far less effective": an interaction
            window = range(max(0, s - 7), s)
            if any(words[j] in _MAKE for j in window) and any(view.tags[j] == "S" for j in window):
                return "harm"
        return kind
    if kind == "safety":
        if words[s] == "safe" and e < len(words) and words[e] in _NOT_SAFE_NEXT:
            return None
        return "harm"
    if kind == "null":
        return "benefit"
    if kind == "cause" and e < len(words) and words[e] in {"fewer", "less", "lower", "no", "reduced"}:
        return None  # "developed fewer ulcers": the comparative decides
    if words[s] in _BACK_ONLY:
        obj = _object(view, s, e, seg, back=True)
    elif _after_copula(words, s):
        obj = _object(view, s, e, seg, back=True) or _object(view, s, e, seg, back=False)
    else:
        obj = _object(view, s, e, seg, back=False)
        if obj is None and eff.form == "word" and words[s] not in {"effect", "effects", "impact", "role"}:
            obj = _object(view, s, e, seg, back=True)
    if kind == "cause" and obj == "mech" and words[s].startswith("develop"):
        return "harm"  # "developed raised liver enzymes"
    if kind == "up":
        return _UP_MAP.get(obj) if obj else None
    if kind == "down":
        return _DOWN_MAP.get(obj) if obj else None
    if kind == "neutral":
        return _NEUTRAL_MAP.get(obj) if obj else None
    if kind == "cause":
        if obj is None and eff.strength == "weak":
            return None  # "a hormone produced by the pineal gland"
        return _CAUSE_MAP.get(obj, "harm")
    if kind == "interact":
        return "mechanism" if obj == "mech" else "harm"
    if kind == "give":
        return {"cond": "harm", "pos": "benefit"}.get(obj or "")
    return None


def _negation_before(
    view: _View, s: int, seg: list[int], negs: list[tuple[int, int]], window: int = 4
) -> tuple[int, int] | None:
    """A negation within `window` words before position s, in the same scope segment."""
    words = view.words
    best = None
    for ns, ne in negs:
        if ne <= s and s - ne <= window and seg[ns] == seg[s]:
            nxt = words[ne] if ne < len(words) else ""
            if nxt in C.NEGATION_EXCLUDED_NEXT:
                continue
            if words[ns] == "no" and nxt in C.OUTCOME_NOUNS:
                continue
            if ns > 0 and words[ns - 1] in ("not", "n't", "never"):
                continue  # "not without risks": a double negation asserts
            best = (ns, ne)
    return best


def _substance_ref(view: _View, b0: int, pronouns: bool = True) -> int:
    """Position of a SUBSTANCE entity or generic reference ("it", "the herb", "two capsules"), else -1.

    A star-rated review line refers to the product reviewed (position 0). `pronouns=False`: "it"
    cannot stand for a substance (no substance named so far on a reference page about a condition).
    """
    words, tags = view.words, view.tags
    if "S" in tags:
        return tags.index("S")
    if words and words[0].startswith("★"):
        return 0
    for i in range(b0, len(words)):
        w = words[i]
        if tags[i]:
            continue
        if w in C.USE_WORDS and i > 0 and words[i - 1] in {"substance", "drug", "opioid"}:
            continue  # "substance use" is a behaviour, not a reference to the substance
        if (pronouns and w in C.GENERIC_PRONOUNS) or w in C.USE_WORDS or w in C.PRODUCT_FORMS:
            return i
        if w in C.GENERIC_NOUNS and i > 0 and (
            words[i - 1] in C.DETERMINERS or (i > 1 and words[i - 2] in C.DETERMINERS)
        ):
            if i > b0 and view.titles[i]:
                continue  # a name: "the journal Drug and Alcohol Dependence"
            return i
    return -1


def _cond_spans(tags: list[str]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i, n = 0, len(tags)
    while i < n:
        if tags[i] == "C":
            j = i
            while j < n and tags[j] == "C":
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def _is_harm_condition(words: list[str], i: int, j: int) -> bool:
    span = words[i:j]
    return any(w in C.HARM_CONDITION_WORDS for w in span) or ("use" in span and "disorder" in span)


_DETS = frozenset({"the", "a", "an", "its", "their", "our", "your", "these", "those"})
_ARTICLES = frozenset({"the", "a", "an", "its", "their", "this", "that", "our", "your"})
_PRONOUNS = frozenset({"it", "that", "here", "there", "what", "this", "he", "she", "who"})
_COMPARATIVES = frozenset({"less", "fewer", "lower", "reduced", "better", "longer", "more"})
_NOUN_NEXT = frozenset({"of", "and", ":", "&", ",", "-", "–", "—", "or", "/"})
_DEFICIENCY = frozenset({"low", "deficiency", "deficient", "insufficient", "lack", "shortage", "depleted"})
_HEALTH_WORDS = C.POSITIVE_STATES | C.HEALTH_NEGATIVE | C.MECHANISM_WORDS
_WORK_OK_NEXT = frozenset({"for", "wonders", "best", "great", "well", "better"})
_NO_SUBSTANCE_OK = frozenset({"side", "adverse"})
_POPULATION_CUES = frozenset({"participants", "patients", "volunteers", "respondents", "case", "a", "in", "among"})


def _classify(
    view: _View,
    lead_in: LeadIn | None = None,
    context_sub: bool = False,
    force: bool = False,
    first_person: bool = False,
    title: bool = False,
    pronouns: bool = True,
    research: bool = False,
    case_doc: bool = False,
) -> _Result:
    """Labels of one sentence; `context_sub`: a nearby sentence named a substance (implicit references).

    `first_person`: the document is a first-person review or testimonial, so an effect the writer
    reports is a claim about the product under review even unnamed, with anecdotal evidence.
    `title`: the sentence is a document's first line outside such a document (an abstract's
    title), which asserts only with a finite verb, like a heading. `research`: the document is a
    research abstract (findings about the treated group are claims without the drug named);
    `case_doc`: it reports a case, so "he", "she", "the patient" are case data (clinical).
    With `force` the claim gates are skipped: the labels say what evidence, type, hedge and
    negation the sentence would carry *if* it were a claim (for a model that decides is_claim).
    """
    words, tags = view.words, view.tags
    n = len(words)
    if n == 0:
        return _Result(NOT_A_CLAIM)
    b0 = _body_start(words)
    item = b0 > 0 and (words[0] in C.BULLETS or words[0].isdigit() or words[0].rstrip(".").isdigit())
    last = _last_mark(words)
    colon = last == ":"
    heading = last not in C.TERMINAL_PUNCT and not colon
    question = last == "?" or (heading and "?" in words)
    matches = _match(words)
    fams: dict[str, list[tuple[int, int, str, object]]] = {}
    for m in matches:
        fams.setdefault(m[2], []).append(m)
    if first_person and "exp" in fams:
        # the writer's experienced effect ("Kinda groggy.") where no effect cue already covers it
        taken = {j for m in fams.get("effect", ()) for j in range(m[0], m[1])}
        extra = [(m[0], m[1], "effect", _Effect(str(m[3]), "strong", "exp")) for m in fams["exp"]
                 if taken.isdisjoint(range(m[0], m[1]))]
        if extra:
            fams["effect"] = sorted([*fams.get("effect", ()), *extra], key=lambda x: x[0])

    # names_substance only matters for headings and lead-ins, or later for claims
    ref = _substance_ref(view, b0, pronouns) if (heading or colon or question) else -1
    has_sub = ref >= 0
    lead_kind = lead_cue = None
    for m in fams.get("leadkind", ()):
        lead_kind, lead_cue = str(m[3]), view.text(m[0], m[1])
        break
    res = _Result(NOT_A_CLAIM, heading=heading, colon=colon, item=item, names_substance=has_sub,
                  lead_kind=lead_kind, lead_cue=lead_cue, question=question)
    res.signals = _signals(fams, heading, colon, question, item, context_sub, words)
    if has_sub:
        res.signals |= SIG_SUBSTANCE_REF
    if (question or colon or "frame" in fams) and not force:
        if colon and fams.get("hedge"):
            m = fams["hedge"][0]
            res.hedge_cue = view.text(m[0], m[1])  # "Kava may help with:" softens its items
        return res
    if "effect" not in fams and "C" not in tags and "M" not in tags and not (lead_in is not None and item) and not force:
        return res
    if not (heading or colon or question):
        ref = _substance_ref(view, b0, pronouns)
        has_sub = ref >= 0
    # a fact-sheet field on one line ("Effects: Euphoria, dry mouth, ...") under a heading that named
    # the substance: its items are effects of that substance
    inline = -1
    if ":" in words[b0 + 1 : b0 + 3]:
        k = words.index(":", b0 + 1)
        if " ".join(words[b0:k]) in C.INLINE_EFFECT_LABELS and (has_sub or context_sub):
            has_sub, inline = True, k
    seg, sub = _segments(words, matches, b0)

    # --- scopes that assert nothing: calls for research, advice ------------------
    excluded = [False] * n
    bad_segs: set[int] = set()
    for m in fams.get("call", ()):
        bad_segs.add(seg[m[0]])
    ev_absent: set[int] = set()
    effect_at = {m[0] for m in fams.get("effect", ())}
    for m in fams.get("evidence", ()):
        s, e = m[0], m[1]
        before = []
        for k in range(s - 1, max(-1, s - 4), -1):
            if k in effect_at:
                break  # "did not outperform placebo": the negation is about the effect
            if not (words[k] in ("few", "little") and k > 0 and words[k - 1] == "a"):
                before.append(words[k])
        if any(w in C.EVIDENCE_ABSENT_BEFORE for w in before) or any(
            w in C.EVIDENCE_ABSENT_AFTER for w in words[e : e + 4]
        ):
            ev_absent.add(s)
            if any(w in C.RESEARCH_VERBS for w in words[e : e + 6]):
                bad_segs.add(seg[s])
    for m in fams.get("advice", ()):
        for j in range(m[0], n):
            if seg[j] != seg[m[0]]:
                break
            excluded[j] = True
    imp = b0
    if 0 in sub and b0 < n and words[b0] in C.SUBORDINATORS:
        imp = next((k + 1 for k in range(b0, n - 1) if words[k] == ","), n)
    if imp < n and words[imp] in C.IMPERATIVE_STARTS and not (imp + 1 < n and words[imp + 1] in {"-", "'s", ":"}):
        for j in range(imp, n):
            if seg[j] != seg[imp]:
                break
            excluded[j] = True
    if 0 in sub and b0 + 1 < n and words[b0] == "if" and words[b0 + 1] == "you":
        bad_segs.add(0)  # "If you rely on alcohol to manage anxiety, ...": a condition, not an assertion
    if bad_segs:
        for j in range(n):
            if seg[j] in bad_segs:
                excluded[j] = True
    # methods and design ("rats were treated with X", "withdrawal was then scored"): the conjunct
    # holding the phrase names no effect, but its population still is the evidence
    no_effect = excluded
    if "method" in fams:
        no_effect = excluded[:]
        for m in fams["method"]:
            lo, hi = m[0], m[1]
            # back to the clause start: a passive subject may hold commas, brackets and "X and Y"
            while lo > 0 and words[lo - 1] != ";" and not (
                words[lo - 1] in _CLAUSE_CONJ and lo >= 2 and words[lo - 2] == ","
            ):
                lo -= 1
            while hi < n and seg[hi] == seg[m[0]] and words[hi] not in _CONJUNCT_BREAKS:
                hi += 1
            for j in range(lo, hi):
                no_effect[j] = True

    # --- effect cues, in tiers: lexical cues > "for"-relations > adverse conditions > mechanism entities
    has_health = "C" in tags or "M" in tags or not _HEALTH_WORDS.isdisjoint(words) or (
        first_person and "exp" in fams
    )
    in_evidence = [False] * n
    for m in fams.get("evidence", ()):
        for j in range(m[0], m[1]):
            in_evidence[j] = True
    effects: list[tuple[int, int, str, _Effect]] = []  # (start, end, type, cue)
    measured: list[tuple[int, int, str, _Effect]] = []  # untyped changes in a research finding
    eff_ms = fams.get("effect", ())
    skip_next = -1
    for idx, m in enumerate(eff_ms):
        s, e = m[0], m[1]
        eff = m[3]
        assert isinstance(eff, _Effect)
        if no_effect[s] or in_evidence[s]:
            continue
        if eff.form == "word" and eff.kind == "harm" and tags[s] == "C":
            continue  # "opioid withdrawal" names a condition; the condition tier handles it
        if eff.strength == "weak" and not has_health and eff.kind not in ("up", "down", "neutral", "cause") and not (
            first_person and not C.FIRST_PERSON_WORDS.isdisjoint(words)
        ):
            continue  # "it helped me a lot" in a review is about the writer's health
        w = words[s]
        nxt_w = words[e] if e < n else "."
        if w in _HELP and any(x in C.NON_HEALTH_HELP for x in words[e : e + 3]):
            continue
        if w.startswith("work") and e - s == 1 and eff.kind == "benefit" and not (
            nxt_w in _WORK_OK_NEXT and ("for" in words[e : e + 2] or first_person) or nxt_w == "wonders"
        ):  # in a review "it worked great" is the writer's outcome
            continue  # "works fine" names no health effect; "works great for my anxiety" does
        if w == "gone" and nxt_w in {"through", "to", "from", "up", "down", "on", "into"}:
            continue
        if w in ("cause", "causes") and (nxt_w == "of" or (s > 0 and words[s - 1] in _CAUSE_NOUN_BEFORE)):
            continue  # "the cause of the lump", "many different causes": a noun, no effect asserted
        if w in ("treated", "treating") and (nxt_w == "with" or (s > 0 and tags[s - 1] == "S")):
            eff = _Effect(eff.kind, eff.strength, "mod")  # "patients treated with morphine": the design
            m = (s, e, "effect", eff)
            if nxt_w == "with":
                continue
        if w == "better" and nxt_w == "-":
            continue
        if eff.form == "word" and w in _COMPARATIVES and idx + 1 < len(eff_ms) and eff_ms[idx + 1][0] == e:
            if w == "less" and nxt_w in C.HARM_STATES:
                effects.append((s, eff_ms[idx + 1][1], "benefit", _Effect("benefit", "strong", "word")))
                skip_next = e  # "less irritable": the state is reduced
            continue  # "fewer side effects": the noun carries the type
        if s == skip_next:
            continue
        # "help reduce X": the verb after an auxiliary-like "help" decides the type
        if eff.kind == "benefit" and w in _HELP:
            nxt = eff_ms[idx + 1] if idx + 1 < len(eff_ms) else None
            if nxt and nxt[0] - e <= 1 and isinstance(nxt[3], _Effect) and nxt[3].form == "base":
                typ = _resolve(view, nxt, seg)
                if typ:
                    effects.append((s, e, typ, eff))
                    continue
        if eff.form == "ed" and s > 0 and words[s - 1] in _DETS:
            continue  # "the treated animals": an adjective
        if eff.form == "ed" and s > 0 and (words[s - 1] == "-" or (tags[s - 1] == "C" and nxt_w == "by")):
            # "cocaine-induced seizures", "the seizures induced by X": a modifier, not the predicate
            eff = _Effect(eff.kind, eff.strength, "mod")
            m = (s, e, "effect", eff)
        if eff.form == "base" and s > 0 and words[s - 1] in _ARTICLES:
            eff = _Effect(eff.kind, eff.strength, "word")  # "a balance of", "a natural aid": a noun
            m = (s, e, "effect", eff)
        typ = _resolve(view, m, seg)
        if typ is None and research and eff.kind in ("up", "down", "neutral") and eff.form in ("s", "ed") and not (
            e < n and words[e] in _NOUN_NEXT
        ):
            # a measured change reported as a finding ("SBP increased by 36%", "IsoP were elevated"):
            # levels, markers and expression are mechanism (docs/ANNOTATION.md); only when nothing else
            # in the sentence types it
            measured.append((s, e, "mechanism", eff))
            continue
        if eff.kind == "cause" and typ == "harm":
            # "responsible for its relaxing effects": the effect named after the verb decides
            nxt = next((x for x in eff_ms[idx + 1 :] if x[0] >= e), None)
            if nxt is not None and nxt[0] - e <= 4 and isinstance(nxt[3], _Effect) and nxt[3].kind == "benefit":
                typ = "benefit"
        if typ:
            effects.append((s, e, typ, eff))
    if not effects:
        effects = measured
    negs = [(m[0], m[1]) for m in fams.get("neg", ())]
    # "no signs of anxiety": absence of symptoms is a benefit outcome
    for ns, ne in negs:
        if words[ns] == "no" and ne < n and not no_effect[ns]:
            j = ne
            if words[j] == "more" and j + 1 < n:
                j += 1  # "no more panic attacks"
            if words[j] in C.OUTCOME_NOUNS and j + 1 < n and words[j + 1] == "of":
                j += 2
            if j < n and tags[j] == "C" and not any(w in C.HARM_CONDITION_WORDS for w in words[j : j + 3]):
                effects.append((ns, j + 1, "benefit", _Effect("benefit", "strong", "outcome")))
    effects.sort(key=lambda x: x[0])
    # "for"-relations: "herbalists recommended it for sleeplessness"
    if has_sub and not any(x[2] == "benefit" for x in effects):
        for i in range(b0, n - 1):
            if words[i] not in ("for", "against") or no_effect[i]:
                continue
            j = next((k for k in range(i + 1, min(n, i + 4)) if tags[k] == "C"), None)
            if j is None:
                continue
            lo = max(0, i - 8)
            verb = next((k for k in range(lo, i) if words[k] in _USE_VERBS), None)
            if verb is not None and not any(words[k] in C.NEGATION_WORDS or words[k] == "n't" for k in range(lo, i)):
                effects.append((verb, verb + 1, "benefit", _Effect("benefit", "strong", "rel")))
                effects.sort(key=lambda x: x[0])
                break
    # conditions that are adverse effects ("never had the constipation", "case reports describe seizures");
    # in a first-person review any symptom the writer reports ("Dry mouth, insomnia.") unless it is
    # the writer's history ("I have had anxiety since college")
    history = first_person and _history(words, tags)
    if not effects:
        for i, j in _cond_spans(tags):
            if no_effect[i]:
                continue
            if _is_harm_condition(words, i, j) or (
                first_person and not history and not any(w in _TREATED_BEFORE for w in words[max(0, i - 2) : i])
            ) or (has_sub and any(w in _CAUSAL_LINKS for w in words[j : j + 3])):
                effects.append((i, j, "harm", _Effect("harm", "strong", "cond")))
    # a substance acting on a named mechanism with no verb we know ("nudges serotonin signalling")
    if not effects and has_sub and "M" in tags and "S" in tags:
        i = tags.index("M")
        if not no_effect[i]:
            j = i
            while j < n and tags[j] == "M":
                j += 1
            effects.append((i, j, "mechanism", _Effect("mechanism", "weak", "ent")))

    in_list = lead_in is not None and item
    # a definition of a condition ("Anxiety is a feeling of fear") names no effect of a substance
    if "S" not in tags and b0 < n and tags[b0] == "C" and not force:
        k = b0
        while k < n and tags[k] == "C":
            k += 1
        if k + 1 < n and words[k] in ("is", "are") and words[k + 1] in C.DEFINITION_NEXT:
            return res
    if has_sub:
        res.signals |= SIG_SUBSTANCE_REF
    if effects:
        res.signals |= SIG_EFFECT
    if force:
        pass
    elif in_list and lead_in is not None and lead_in.claim_type == "any" and not effects:
        return res
    elif not effects and not in_list:
        return res
    elif not has_sub and not in_list:
        # implicit substance: "side effects were mild", "some patients noticed nausea" in a trial report,
        # "I noticed my anxiety had softened" in a testimonial about a substance named just before
        ok = any(words[x[0]] in _NO_SUBSTANCE_OK and x[2] == "harm" for x in effects)
        if not ok and (context_sub or any(x[3].form == "cond" for x in effects)):
            extra = _extra_evidence(view, excluded)
            ok = any(label == "clinical" for _, _, label in extra) or any(
                m[3] == "clinical" and words[m[0]] in _POPULATION_CUES and m[0] not in ev_absent
                for m in fams.get("evidence", ())
            )
            if not ok and context_sub:
                ok = any(label == "anecdotal" for _, _, label in extra) or any(
                    m[3] == "anecdotal" and m[0] not in ev_absent and not excluded[m[0]]
                    for m in fams.get("evidence", ())
                )
            if ok and not any(x[3].form == "cond" for x in effects):
                ok = context_sub and ("C" in tags or "M" in tags)
        if not ok and research and pronouns and ("C" in tags or "M" in tags or has_health or effects is measured):
            # a finding about the treated group in a research abstract that named the drug before
            ok = True
        if not ok and first_person:
            # the product under review: "Made me dizzy.", "No more panic attacks!" (not "Thanks, that's helpful.")
            ok = not (history and all(x[3].form == "cond" for x in effects)) and (
                has_health or not C.FIRST_PERSON_WORDS.isdisjoint(words)
            )
        if not ok:
            return res

    # --- headings: only a finite verb asserts --------------------------------------
    if (heading or title) and not in_list and not force:
        if b0 < n and words[b0] in C.QUESTION_WORDS:
            return res
        if any(words[k] == ":" and k + 1 < n and words[k + 1] in C.QUESTION_WORDS for k in range(b0, n)):
            return res
        finite = any(
            (w in C.MODALS and (w != "'s" or (k > 0 and words[k - 1] in _PRONOUNS))) or w in C.GENERAL_FINITE
            for k, w in enumerate(words[b0:], start=b0)
        )
        if not finite:
            for s, e, _t, eff in effects:
                if eff.form in ("s", "ed") and not (e < n and words[e] in _NOUN_NEXT) and not (
                    s > 0 and (words[s - 1] in C.DETERMINERS or words[s - 1] in _NOUN_NEXT)
                ):
                    finite = True
                    break
        if not finite:
            return res

    # --- main cue: first predicate of the main clause -----------------------------
    def verbal(x: tuple[int, int, str, _Effect]) -> bool:
        s, _, _, eff = x
        if eff.form in ("base", "s", "ed", "rel") or eff.kind in ("null", "safety"):
            return True
        if eff.form != "word":
            return False
        return _after_copula(words, s)

    main = None
    if effects:
        in_main = [x for x in effects if seg[x[0]] not in sub]
        pool = in_main or effects
        main = next((x for x in pool if verbal(x)), pool[0])
        if inline >= 0:  # "Effects: Euphoria, dry mouth": the first item
            main = next((x for x in effects if x[0] > inline), main)
    # "low magnesium levels are linked to poor sleep": a deficiency statement is a benefit claim
    if main is not None and main[2] == "harm" and "S" in tags:
        first_s = tags.index("S")
        if first_s < main[0] and (
            (first_s > 0 and words[first_s - 1] in _DEFICIENCY)
            or any(w in _DEFICIENCY for w in words[first_s + 1 : first_s + 3])
        ):
            main = (main[0], main[1], "benefit", main[3])

    # an abstract explaining how an effect comes about ("... is mediated by ...") makes a mechanism claim
    if research and main is not None and (main[2] != "mechanism" or main[3].form == "mod"):
        mx = next((m for m in fams.get("mechx", ()) if not excluded[m[0]]), None)
        if mx is not None:
            main = (mx[0], mx[1], "mechanism", _Effect("mechanism", "strong", "word"))

    # --- negation of the main claim ---------------------------------------------------
    negated = False
    neg_cue = None
    claim_type = lead_in.claim_type if (in_list and lead_in) else None
    claim_cue = lead_in.claim_cue if (in_list and lead_in) else None
    if main is not None:
        s, e, claim_type, eff = main
        claim_cue = view.text(s, e)
        nb = _negation_before(view, s, seg, negs, window=6 if eff.form == "cond" else 4)
        if eff.kind in ("safety", "null"):
            negated, neg_cue = True, view.text(*nb) if nb else claim_cue
        elif nb is not None:
            negated, neg_cue = True, view.text(*nb)
        for m in fams.get("denial", ()):
            post = words[m[0]] == "not" and m[1] - m[0] >= 3 and words[m[0] + 1] in {"backed", "supported"}
            if m[1] <= s or post:
                negated, neg_cue = True, view.text(m[0], m[1])
                break

    # --- evidence offered in support -----------------------------------------------
    ev_label, ev_cue, ev_rank = "unspecified", None, 0
    animal = any(m[3] == "preclinical" and not excluded[m[0]] for m in fams.get("evidence", ()))
    for m in fams.get("evidence", ()):
        s, e, _, label = m
        if label == "none" or excluded[s] or s in ev_absent:
            continue
        if animal and label == "clinical" and " ".join(words[s:e]) in C.CONTROL_GROUP_CUES:
            continue  # "than the control group" in an animal study: a comparison, not people
        r = EVIDENCE_RANK[str(label)]
        if r > ev_rank:
            ev_label, ev_cue, ev_rank = str(label), view.text(s, e), r
    for s, e, label in _extra_evidence(view, excluded):
        r = EVIDENCE_RANK[label]
        if r > ev_rank:
            ev_label, ev_cue, ev_rank = label, view.text(s, e), r
    if case_doc and not first_person and ev_rank < EVIDENCE_RANK["clinical"]:
        k = next((k for k in range(n) if words[k] in C.CASE_PATIENT_WORDS and not excluded[k]), None)
        if k is not None:  # "Within 2 h he became confused": the reported patient
            end = k + 2 if words[k] in ("this", "the", "our") else k + 1
            ev_label, ev_cue, ev_rank = "clinical", view.text(k, end), EVIDENCE_RANK["clinical"]
    if first_person and ev_rank < EVIDENCE_RANK["anecdotal"]:
        # the writer's own experience is the basis, with or without "I" (a generic line naming
        # the product, "valerian is gentle", stays unspecified)
        blocked = {k for m in fams.get("evidence", ()) if m[3] == "none" for k in range(m[0], m[1])}
        fp = next((k for k in range(n) if words[k] in C.FIRST_PERSON_WORDS and k not in blocked), None)
        if fp is not None or ("S" not in tags and _GENERAL_STATEMENT.isdisjoint(words) and "hedge" not in fams):
            ev_label, ev_rank = "anecdotal", EVIDENCE_RANK["anecdotal"]
            if fp is not None:
                ev_cue = view.text(fp, fp + 1)
            elif main is not None:
                ev_cue = view.text(main[0], main[1])  # the reported effect is the experience
            else:
                ev_cue = claim_cue

    # --- hedges ------------------------------------------------------------------------
    hedge_cue = None
    for m in fams.get("hedge", ()):
        s = m[0]
        if excluded[s]:
            continue
        w = words[s]
        prev = words[s - 1] if s > 0 else ""
        nxt = words[s + 1] if s + 1 < n else ""
        if w == "may" and view.text(s, s + 1) == "May" and (prev in C.MONTHS_AFTER or nxt.isdigit()):
            continue
        if w == "likely" and prev in {"more", "less", "most", "least", "as", "twice", "times"}:
            continue
        if w in {"appear", "appears", "appeared"} and nxt in {"in", "on", "at", "within", "after", "mostly"}:
            continue
        if w == "suggested" and nxt in {"use", "serving", "dose", "dosage", "retail", "servings"}:
            continue
        if w == "claims" and negated:
            continue  # "claims that X ... are not backed by evidence": denied, not softened
        hedge_cue = view.text(m[0], m[1])
        break
    if hedge_cue is None and in_list and lead_in is not None:
        hedge_cue = lead_in.hedge_cue

    res.labels = SentenceLabels(
        is_claim=True,
        evidence=ev_label,
        claim_type=claim_type if claim_type in ("benefit", "harm", "mechanism") else "benefit",
        hedged=hedge_cue is not None,
        negated=negated,
        evidence_cue=ev_cue,
        claim_cue=claim_cue,
        hedge_cue=hedge_cue,
        negation_cue=neg_cue,
    )
    res.hedge_cue = hedge_cue
    return res


# A review field answered with nothing but "None." ("none at all", "None that I am aware of").
_NONE_ANSWER_REST = frozenset({"at", "all", "that", "i", "am", "aware", "of", "noticed", "whatsoever", "so", "far"})


def _none_answer(words: list[str]) -> bool:
    body = [w for w in words if w.isalpha()]
    return bool(body) and body[0] == "none" and len(body) <= 6 and all(w in _NONE_ANSWER_REST for w in body[1:])


# Words before a condition that make it the writer's treated condition, not a reported side effect.
_TREATED_BEFORE = frozenset({"my", "his", "her", "our", "their", "for", "with", "has", "have"})
# A line without I in a first-person document that states something general, not an experience.
_GENERAL_STATEMENT = frozenset({"you", "your", "can", "could", "should", "would", "will", "generally", "usually"})
# A condition followed by one of these is caused by what comes next ("cystitis due to cyclophosphamide").
_CAUSAL_LINKS = frozenset({"due", "secondary", "after", "following", "attributed", "attributable"})
_THIS = frozenset({"this", "the", "our"})
_CLAUSE_CONJ = frozenset({"and", "but", "whereas", "while"})
_CONJUNCT_BREAKS = frozenset({"and", ",", ";", "but", "whereas", "while", "then"})
_HAVE = frozenset({"have", "'ve"})


def _history(words: list[str], tags: list[str]) -> bool:
    """The writer's own condition, not an effect: "diagnosed", "since", "for years", "I have <condition>"."""
    if not C.HISTORY_WORDS.isdisjoint(words):
        return True
    n = len(words)
    for i, w in enumerate(words):
        if w == "for" and any(x in ("years", "months", "decades", "year") for x in words[i + 1 : i + 4]):
            return True
        if w in _HAVE and i > 0 and words[i - 1] in ("i", "we") and "C" in tags[i + 1 : min(n, i + 6)]:
            return True
    return False


def _after_copula(words: list[str], s: int) -> bool:
    """A predicate adjective: 'is safe', 'are basically gone', 'made me sleepy'."""
    for k in range(s - 1, max(-1, s - 4), -1):
        w = words[k]
        if w in _COPULAS:
            return True
        if w not in _ADVERBS and not w.endswith("ly"):
            return False
    return False


_HELP = frozenset({"help", "helps", "helped", "helping", "aid", "aids"})
_USE_VERBS = frozenset(
    """used use uses recommended prescribed prescribe prescribes remedy remedies touted popular relied rely
    relies taken take takes took taking swear""".split()
)


_STOP_SUBJECT = frozenset({".", ";", ":", "but", "however", "although", "though", "whereas", "yet"})
_RESEARCH_NOUNS = frozenset(
    "research studies study researchers scientists experts doctors trials trial review reviews data evidence".split()
)


def _is_number(w: str) -> bool:
    """"40", "1,200", "twelve", "sixty-three"."""
    if w.replace(",", "").isdigit():
        return True
    return w in C.NUMBER_WORDS or ("-" in w and all(p in C.NUMBER_WORDS for p in w.split("-")))


def _age_start(words: list[str], j: int) -> int | None:
    """Start of "45-year" ("45-year" or "45", "-", "year") ending at word j, else None."""
    w = words[j]
    if w.endswith(("-year", "-years")) and w.split("-")[0].isdigit():
        return j
    if w in ("year", "years") and j >= 2 and words[j - 1] == "-" and words[j - 2].isdigit():
        return j - 2
    return None


def _extra_evidence(view: _View, excluded: list[bool]) -> list[tuple[int, int, str]]:
    """Evidence that needs two words apart: 'users ... report', '40 adults', 'patients reported'."""
    words = view.words
    n = len(words)
    out: list[tuple[int, int, str]] = []
    for i, w in enumerate(words):
        if excluded[i]:
            continue
        if w in C.ANECDOTE_SUBJECTS:
            for j in range(i + 1, min(n, i + 13)):
                x = words[j]
                if x in C.REPORT_VERBS and words[j - 1] not in C.DETERMINERS:
                    out.append((i, j + 1, "anecdotal"))
                    break
                if x in _STOP_SUBJECT or x in _RESEARCH_NOUNS:
                    break
        if w == "old" and i >= 2 and words[i - 1] == "-" and any(x in C.CASE_PERSON_NOUNS for x in words[i + 1 : i + 4]):
            age = _age_start(words, i - 2)
            if age is not None:
                out.append((age, i + 1, "clinical"))  # "a 45-year-old man": a case report
                continue
        if w in C.CASE_COUNT_NOUNS:
            num = next((k for k in range(max(0, i - 3), i) if _is_number(words[k])), None)
            if num is not None:
                out.append((num, i + 1, "clinical"))  # "44 deaths", "12 of 40 cases"
                continue
        if w in C.POPULATION_NOUNS:
            lo = max(0, i - 3)
            num = next((k for k in range(lo, i) if _is_number(words[k])), None)
            nxt = words[i + 1] if i + 1 < n else ""
            observed = nxt in C.OBSERVED_VERBS and (
                w not in {"people", "individuals"}
                or (nxt in {"taking", "given", "receiving", "treated"} and i > 0 and words[i - 1] in {"in", "among"})
            )
            studied = any(words[k] in {"of", "in", "among"} for k in range(lo, i)) and any(
                x in _RESEARCH_NOUNS for x in words[max(0, i - 5) : i]
            )
            if num is not None:
                out.append((num, i + 1, "clinical"))
            elif observed or studied:
                out.append((i, i + 1, "clinical"))
    return out


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def classify_sentence(sent: Span, lead_in: LeadIn | None = None) -> SentenceLabels:
    """Labels of one sentence by the rules; `lead_in` is the list heading the sentence sits under, if any."""
    return _classify(_DocArrays(sent.doc).view(sent.start, sent.end), lead_in).labels


def classify_doc(doc: Doc) -> list[SentenceLabels]:
    """Labels of every sentence of a doc, in order, tracking list lead-ins across sentences."""
    return [r.labels for r in _classify_doc(doc)]


# The last doc the rules component labelled and its arrays (one entry: the next component reuses it).
_LAST_ARRAYS: list = [None, None]


def forced_labels(doc: Doc, sentences: list[tuple[int, int, bool]]) -> list[SentenceLabels]:
    """Labels of each (start token, end token, context_sub) sentence as if it were a claim: the rules'
    evidence, type, hedge and negation with their cues, for a model that overrules the claim decision."""
    if not sentences:
        return []
    arrays = _LAST_ARRAYS[1] if _LAST_ARRAYS[0] is doc else _DocArrays(doc)
    share = doc._.claimlens_first_person
    if share is None:
        share = first_person_share(*_share_counts(arrays, arrays.sentences(), C.FIRST_PERSON_WORDS))
    fp = share >= FIRST_PERSON_SHARE
    return [
        _classify(arrays.view(a, b), None, context_sub=ctx, force=True, first_person=fp).labels
        for a, b, ctx in sentences
    ]


def _marker(view: _View) -> str:
    w = view.words[0] if view.words else ""
    return "num" if w.rstrip(".").isdigit() else "bullet"


# A document is first-person (a review, testimonial or forum post) when at least this share of its
# sentences, and at least FIRST_PERSON_MIN of them, use I/my/me.
FIRST_PERSON_SHARE = 0.3
FIRST_PERSON_MIN = 2


RESEARCH_SHARE = 0.3


# A page is sparse in substances (see `_classify_doc`) below this share of sentences naming one.
SPARSE_SUBSTANCE_SHARE = 0.2
SPARSE_MIN_SENTENCES = 5
# Words that name a substance without the lexicon ("medication alone", "creams or ointments").
_SUBSTANCE_NOUNS = (C.GENERIC_NOUNS - {"treatment", "treated", "dose", "doses", "combination", "pairing"}) | {
    "cream", "creams", "ointment", "ointments", "infusion", "infusions", "injection", "injections",
    # a drug's effects or dose stand for the drug: "the side effects are not worth it", "5mg/day eases it"
    "side", "side-effects", "side-effect", "adverse", "mg", "dose-dependent",
}


def _share_counts(arrays: _DocArrays, spans: list[tuple[int, int]], words: frozenset[str]) -> tuple[int, int]:
    """(sentences of two words or more holding one of ``words``, sentences of two words or more)."""
    lowers = arrays.lowers
    total = hits = 0
    for a, b in spans:
        if b - a < 2:
            continue
        total += 1
        if not words.isdisjoint(lowers[a:b]):
            hits += 1
    return hits, total


def document_counts(doc: Doc, own: tuple[int, int] | None = None) -> dict[str, int]:
    """Counts behind the document-level readings (first person, research, case report).

    Over the sentences that start inside ``own`` (character offsets; default: all), so the
    windows of a long document can be counted one by one and summed (pipeline/engine/worker.py).
    """
    arrays = _DocArrays(doc)
    spans = arrays.sentences()
    if own is not None:
        spans = [s for s in spans if own[0] <= arrays.idx[s[0]] < own[1]]
    fp_hits, fp_total = _share_counts(arrays, spans, C.FIRST_PERSON_WORDS)
    rs_hits, rs_total = _share_counts(arrays, spans, C.RESEARCH_MARKERS)
    return {"fp_hits": fp_hits, "fp_total": fp_total, "research_hits": rs_hits, "research_total": rs_total,
            "case": int(_is_case_doc(arrays, spans))}


def _is_case_doc(arrays: _DocArrays, spans: list[tuple[int, int]]) -> bool:
    """A case report: a sentence says so ("we report a case", "a 45-year-old man", "case report")."""
    lowers = arrays.lowers
    for a, b in spans:
        words = lowers[a:b]
        if "case" in words and not C.CASE_REPORT_VERBS.isdisjoint(words):
            return True
        if "patient" in words and any(words[i + 1] == "patient" for i, w in enumerate(words[:-1]) if w in _THIS):
            return True  # "in this patient", "the patient developed"
        for i in range(len(words) - 1):
            if words[i + 1] == "old" and i >= 1 and words[i] == "-" and _age_start(words, i - 1) is not None:
                return True
    return False


def first_person_share(hits: int, total: int) -> float:
    """Share of sentences (two words or more) with a first-person word; 0 below FIRST_PERSON_MIN of them."""
    return hits / total if total and hits >= FIRST_PERSON_MIN else 0.0


def _classify_doc(doc: Doc, arrays: _DocArrays | None = None, carry: dict | None = None) -> list[_Result]:
    """Labels of every sentence in order; the list and heading context runs across sentences.

    ``carry`` (a window's share of doc.user_data[CARRY_KEY], pipeline/nlp/windows.py) holds that
    context where the previous window of the same document left it, and gets it back at the end.
    """
    arrays = arrays or _DocArrays(doc)
    out: list[_Result] = []
    lead: LeadIn | None = None
    marker: str | None = None
    heading_sub = False
    heading_kind: str | None = None
    heading_cue: str | None = None
    recent: list[bool] = []  # did the last sentences name a substance?
    # a window's own text is [own_start, own_end) of this Doc; the rest is context
    state_in = carry.get("claims") if carry is not None else None
    own_start, own_end = carry.get(OWN, (0, 1 << 62)) if carry is not None else (0, 1 << 62)
    state_out = None
    idx = arrays.idx
    spans = arrays.sentences() if not doc.has_annotation("DEP") else [(x.start, x.end) for x in doc.sents]
    # document-level readings: of the whole document, also when it runs in windows (carry["profile"])
    profile = carry.get("profile") if carry is not None else None
    if profile is None:
        fp_hits, fp_total = _share_counts(arrays, spans, C.FIRST_PERSON_WORDS)
        rs_hits, rs_total = _share_counts(arrays, spans, C.RESEARCH_MARKERS)
    else:
        fp_hits, fp_total = profile["fp_hits"], profile["fp_total"]
        rs_hits, rs_total = profile["research_hits"], profile["research_total"]
    share = first_person_share(fp_hits, fp_total)
    doc._.claimlens_first_person = share
    first_person = share >= FIRST_PERSON_SHARE
    research = not first_person and rs_total > 0 and rs_hits / rs_total >= RESEARCH_SHARE
    case_doc = research and (bool(profile["case"]) if profile is not None else _is_case_doc(arrays, spans))
    doc_tags = arrays.tags
    seen_sub = first_person  # "it" stands for a substance once one was named (or the product reviewed)
    first_window = carry is None or own_start == 0  # only a document's own first line can be its title
    # a page that names a substance in few of its sentences (a reference page on a condition, a
    # machine answer on self-care) is about conditions and remedies without substances: there a
    # sentence claims an effect only when it names a substance itself or right after one. Entities
    # come from the NER, which a segmenter-only first pass cannot see: a window of a long document
    # (pipeline/nlp/windows.py) is judged on its own sentences here.
    sparse = (
        not first_person and not research and len(spans) >= SPARSE_MIN_SENTENCES
        and sum("S" in doc_tags[a:b] for a, b in spans) < SPARSE_SUBSTANCE_SHARE * len(spans)
    )
    prev_s = False
    for k, res_span in enumerate(spans):
        if carry is not None:
            at = idx[res_span[0]]
            if state_in is not None and at >= own_start:
                lead, marker, heading_sub, heading_kind, heading_cue, recent = state_in
                recent = list(recent)
                state_in = None
            if state_out is None and at >= own_end:
                state_out = (lead, marker, heading_sub, heading_kind, heading_cue, recent[-2:])
        if not seen_sub and "S" in doc_tags[res_span[0] : res_span[1]]:
            seen_sub = True
        view = arrays.view(*res_span)
        if lead is not None and marker is not None and view.words and _marker(view) != marker:
            lead = None
        res = _classify(
            view, lead, context_sub=any(recent[-2:]) or heading_sub, first_person=first_person,
            title=k == 0 and first_window and not first_person and len(spans) > 2, pronouns=seen_sub, research=research,
            case_doc=case_doc,
        )
        res.span = res_span
        has_s = "S" in view.tags
        if sparse and res.labels.evidence == "unspecified" and not has_s and not prev_s and _SUBSTANCE_NOUNS.isdisjoint(
            view.words
        ):
            res.labels = NOT_A_CLAIM  # "They can help determine the cause of your headache." (a basis named: kept)
        prev_s = has_s
        if first_person and not res.labels.is_claim and _none_answer(view.words):
            # a review field answered "None.": no benefit when it answers the first field (the
            # benefits), otherwise no side effects; either way a negated claim from experience
            cue = view.text(0, 1)
            res.labels = SentenceLabels(
                is_claim=True, evidence="anecdotal", claim_type="benefit" if k == 0 else "harm", negated=True,
                evidence_cue=cue, claim_cue=cue, negation_cue=cue,
            )
        if lead is not None and res.item:
            res.signals |= SIG_LEAD_IN
        recent.append(res.names_substance or "S" in view.tags)
        out.append(res)
        if res.item and lead is not None:
            marker = marker or _marker(view)
            continue
        lead, marker = None, None
        if (res.colon or res.heading or res.question) and not res.item:
            sub = res.names_substance or (res.colon and heading_sub)
            kind = res.lead_kind or (heading_kind if res.colon else None)
            cue = res.lead_cue if res.lead_kind else heading_cue
            if sub:
                # with a kind ("Side effects of X:") every item is a claim; without one
                # ("Why choose our X?") only items that state an effect themselves
                lead = LeadIn(kind or "any", cue if kind else None, res.hedge_cue)
            if (res.heading or res.question) and not res.item:
                heading_sub, heading_kind, heading_cue = res.names_substance, res.lead_kind, res.lead_cue
            elif res.colon and res.names_substance:
                heading_sub = True  # consecutive lists about one substance
    if carry is not None:
        carry["claims"] = state_out or (lead, marker, heading_sub, heading_kind, heading_cue, recent[-2:])
    return out


_FIELDS = (
    ("claimlens_is_claim", "is_claim"),
    ("claimlens_evidence", "evidence"),
    ("claimlens_claim_type", "claim_type"),
    ("claimlens_hedged", "hedged"),
    ("claimlens_negated", "negated"),
    ("claimlens_evidence_cue", "evidence_cue"),
    ("claimlens_claim_cue", "claim_cue"),
    ("claimlens_hedge_cue", "hedge_cue"),
    ("claimlens_negation_cue", "negation_cue"),
)


def set_labels(sent: Span, labels: SentenceLabels) -> None:
    """Write labels onto a sentence span's extensions (shared by the rules and any model component)."""
    x = sent._
    for ext, field in _FIELDS:
        setattr(x, ext, getattr(labels, field))


def _write(user_data: dict, start_char: int, end_char: int, labels: SentenceLabels, full: bool) -> None:
    """set_labels without building Underscore objects: spaCy keys span values by ('._.', name, start, end).

    Non-claims only need is_claim written when nothing else could be set (the rest are the defaults).
    """
    if not full and not labels.is_claim:
        user_data[("._.", "claimlens_is_claim", start_char, end_char)] = False
        return
    for ext, field in _FIELDS:
        user_data[("._.", ext, start_char, end_char)] = getattr(labels, field)


def _check_key_format() -> bool:
    """True when this spaCy stores span extensions under the key _write uses."""
    from spacy.lang.en import English

    doc = English().make_doc("a b")
    doc[0:1]._.claimlens_hedged = True
    return ("._.", "claimlens_hedged", 0, 1) in doc.user_data


def is_labelled(sent: Span) -> bool:
    """True when an earlier component already set this sentence's claim label."""
    return ("._.", "claimlens_is_claim", sent.start_char, sent.end_char) in sent.doc.user_data


class ClaimClassifier:
    """spaCy component: rule labels on every sentence not labelled before (or on all, with overwrite)."""

    def __init__(self, nlp: Language, name: str, *, overwrite: bool, min_words: int) -> None:
        if min_words < 0:
            raise ConfigError(f"claimlens_claims: min_words must be >= 0, got {min_words}; use 0 to label every sentence.")
        self.name = name
        self.overwrite = overwrite
        self.min_words = min_words
        self.version = "rules-1"
        register_extensions()
        self._fast = _check_key_format()

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if not doc.has_annotation("SENT_START"):
            raise ConfigError(
                "claimlens_claims needs sentence boundaries: add 'claimlens_segmenter' (or spaCy's "
                "'sentencizer') before it in the pipeline."
            )
        arrays = _DocArrays(doc)
        _LAST_ARRAYS[0], _LAST_ARRAYS[1] = doc, arrays  # for forced_labels on the same doc, next component
        results = _classify_doc(doc, arrays, doc.user_data.get(CARRY_KEY))
        user_data = doc.user_data
        idx, length = arrays.idx, arrays.length
        signals: dict[int, int] = {}
        user_data[SIGNALS_KEY] = signals
        for res in results:
            a, b = res.span
            start, end = idx[a], idx[b - 1] + length[b - 1]  # Span.start_char / end_char
            signals[start] = res.signals
            if not self.overwrite and ("._.", "claimlens_is_claim", start, end) in user_data:
                continue
            labels = res.labels
            if self.min_words and labels.is_claim and sum(1 for w in arrays.lowers[a:b] if w.isalpha()) < self.min_words:
                labels = NOT_A_CLAIM
            if self._fast:
                _write(user_data, start, end, labels, full=self.overwrite)
            else:
                set_labels(doc[a:b], labels)
        return doc


@Language.factory(
    "claimlens_claims",
    default_config={"overwrite": False, "min_words": 0},
)
def make_claim_classifier(nlp: Language, name: str, *, overwrite: bool, min_words: int) -> ClaimClassifier:
    """Rule-based claim labels (docs/ANNOTATION.md); overwrite=False keeps labels set by an earlier model."""
    return ClaimClassifier(nlp, name, overwrite=overwrite, min_words=min_words)


__all__ = [
    "ClaimClassifier",
    "LeadIn",
    "SentenceLabels",
    "classify_doc",
    "classify_sentence",
    "forced_labels",
    "is_labelled",
    "make_claim_classifier",
    "set_labels",
]
