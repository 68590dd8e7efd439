"""Rule-based sentence segmenter for web health text (component `claimlens_segmenter`).

Why not spaCy's sentencizer or pySBD: the sentencizer splits after every
"Dr." and "e.g.", ignores newlines and glues citation markers to the next
sentence; pySBD gets more of that right but costs ~10x the tokenizer
(PERFORMANCE.md). This component visits only the few tokens where a
boundary is possible (sentence punctuation, line breaks, bullets, closing
brackets), found through a per-segmenter cache of each vocabulary entry's
kind (so no Token objects and no `doc.text` are built), and writes every
token's `is_sent_start` in one `Doc.from_array` call.

Rules (docs/ANNOTATION.md, "Sentences"):
- every line break ends a sentence, so headings and list items are
  sentences; a leading bullet or number stays with its item;
- ". ! ?" (with closing quotes/brackets and citation markers such as
  "[4]", "(4)" or a glued "4") end a sentence when the next token looks like
  a sentence start: upper case, digit, opening quote/bracket, bullet, or a
  mixed-case symbol such as "mRNA"; a glued "capsules.It" splits too;
- abbreviations do not split: titles and Latin ("Dr.", "e.g.", "vs.",
  "et al."), number prefixes before a number ("Fig. 3", "p. 55"), genus
  initials and personal initials ("M. speciosa", "Jonas E. Smith"); ambiguous
  ones ("U.S.", "etc.", "Inc.", "a.m.") split only before a common
  sentence-opening word ("U.S. How", but not "U.S. Government");
- an ellipsis splits before a capital word other than "I"; a bracketed
  "[...]" never does;
- an inline numbered or lettered list ("1) one 2) two") splits before each
  next marker once the sentence opened with the previous one.
Whitespace between sentences stays with the sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress

import numpy
from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ConfigError
from pipeline.nlp.tokenizer import EXTRA_ABBREVIATIONS

# Token kinds, cached per vocabulary string; only non-zero kinds are visited.
# ")" only matters for inline lists ("1) one 2) two").
OTHER, TERMINAL, BULLET, CLOSE_PAREN, LINE_BREAK = range(5)
_MAX_CACHE = 2_000_000  # kinds cached per segmenter before the cache is reset

LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")
BULLETS = frozenset("\u2022\u25aa\u25e6\u2023\u2043\u25cf\u25a0\u25ba\u2219\u27a2\u27a4\u2713\u2714\u25c6")
# Bullets only at the start of a line (mid-line they are dashes and asterisks).
LINE_BULLETS = BULLETS | {"-", "*", "\u2013", "\u2014", "+"}


def _is_line_prefix(tok: str) -> bool:
    """A bullet or a markdown heading mark ("#", "##") that may precede a list number."""
    return tok in LINE_BULLETS or (tok != "" and tok.strip("#") == "")
TERMINATORS = frozenset({".", "!", "?", "\u2026", "...", "....", ".....", "!!", "??", "?!", "!?", "!!!"})
ELLIPSES = frozenset({"...", "\u2026"})
CLOSERS = frozenset({")", "]", "}", '"', "\u201d", "\u2019", "'", "\u00bb", "\u203a"})
OPENERS = frozenset(
    {"(", "[", "{", '"', "\u201c", "\u2018", "'", "\u00ab", "\u2039", "\u00bf", "\u00a1", "`", "``"}
)
_CITATION_INSIDE = re.compile(r"^[0-9]{1,4}(?:[,\u2013\u2014\-][0-9]{1,4})*$|^[,\u2013\u2014\-]$")
_GLUED_CITATION = re.compile(r"^[0-9]{1,3}(?:[,\u2013\-][0-9]{1,3})*$|^[\u00b9\u00b2\u00b3\u2070-\u2079]+$")
_SUPERSCRIPTS = frozenset("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079")
_NOT_START = numpy.uint64(2**64 - 1)
_MULTI_PERIOD = re.compile(r"^(?:[a-z]\.)+[a-z]$")
_LIST_NUMBER = re.compile(r"^[0-9]{1,2}$")

# Never a boundary after these titles before a name (exact case: "MS." may end a sentence).
TITLES: frozenset[str] = frozenset({
    "Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "St", "Mt", "Ft", "Rev", "Gen", "Gov", "Sen", "Rep",
    "Capt", "Col", "Lt", "Sgt", "Cmdr", "Hon", "Messrs", "Mme", "Mmes", "Mlle", "Pres", "Supt",
})  # fmt: skip
# Never a boundary after these (lower case, without the final period): Latin and
# citation abbreviations that are always followed by more of the sentence.
NEVER_SPLIT: frozenset[str] = frozenset({
    "e.g", "i.e", "eg", "ie", "vs", "v", "cf", "viz", "approx", "ca", "incl", "al", "resp",
    "esp", "dept", "univ", "assoc", "ave", "blvd",
})  # fmt: skip
# No boundary when a number follows ("Fig. 3", "p. 55", "No. 5", "N°. 12").
NUMBER_PREFIXES: frozenset[str] = frozenset({
    "fig", "figs", "no", "nos", "n°", "nr", "p", "pp", "vol", "vols", "ch", "chap", "sec", "sect",
    "eq", "eqs", "ref", "refs", "tab", "art", "op", "ed", "suppl", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "para", "pt", "ex", "rs",
})  # fmt: skip
# Ambiguous: a boundary only before a common sentence-opening word.
AMBIGUOUS: frozenset[str] = frozenset({
    "etc", "co", "inc", "ltd", "corp", "jr", "sr", "bros", "plc", "llc", "a.m", "p.m", "u.s",
    "u.k", "e.u", "u.s.a", "u.n", "ph.d", "m.d", "b.a", "m.a", "b.sc", "m.sc", "d.c",
})  # fmt: skip
# Abbreviations the tokenizer keeps as one token with their period ("Calif.", "Inc."):
# ambiguous unless listed above.
TOKEN_ABBREVIATIONS: frozenset[str] = frozenset(
    k[:-1].lower()
    for k in [*English.Defaults.tokenizer_exceptions, *EXTRA_ABBREVIATIONS]
    if k.endswith(".") and len(k) > 2 and not k[:-1].isdigit()
)
# Lower-case words after which a capital initial is a name ("and K. Arai"), not an
# ending ("vitamin D. Kratom").
_NAME_CONTEXT: frozenset[str] = frozenset(
    "and or by of with from to et de van von der del la le the a an".split()
)
# Common sentence openers, for ambiguous abbreviations and initials.
SENTENCE_OPENERS: frozenset[str] = frozenset(
    """A An The This That These Those It Its He She They We I You His Her Their Our My Your
    There Here In On At For But And Or So If When While However Although Though As After
    Before Because Since Thus Therefore Moreover Furthermore Also Some Many Most All Other
    Such What How Why Who Where Which Is Are Was Were Do Does Did Can Could Would Should May
    Might Will No Not Yet Then Still One Each Both Only Even Now To With By From Of Yes Please
    Let Over Under During Despite Unlike Like Overall Finally First Second Third Next Another
    Studies Research Researchers Users People Patients""".split()
)


def _starts_sentence(word: str, attached: bool) -> bool:
    """Does a token look like the first token of a sentence?"""
    c = word[0]
    if c.isupper():
        return True
    if attached:
        return False
    if c.isdigit() or c in OPENERS or c in BULLETS:
        return True
    # "mRNA", "p53", "iNOS", "c-Jun": lower-case first letter, mixed case or digits after.
    return c.islower() and any(ch.isupper() or ch.isdigit() for ch in word[1:])


def _kind(word: str) -> int:
    c = word[-1]
    if c in ".!?\u2026":
        return TERMINAL
    if word.isspace():
        return LINE_BREAK if any(ch in LINE_BREAKS for ch in word) else OTHER
    if word in BULLETS:
        return BULLET
    if word == ")":
        return CLOSE_PAREN
    return OTHER


class _View:
    """The few per-token facts the rules need, as plain lists (no Token objects)."""

    __slots__ = ("n", "ws", "kinds", "words", "orths")

    def __init__(
        self, n: int, ws: list[int], kinds: list[int], orths: list[int], words: dict[int, str]
    ) -> None:
        self.n = n
        self.ws = ws  # 1 when a space follows the token
        self.kinds = kinds
        self.orths = orths
        self.words = words

    def text(self, i: int) -> str:
        return self.words[self.orths[i]]

    def is_space(self, i: int) -> bool:
        return self.words[self.orths[i]].isspace()

    def next_content(self, j: int) -> int:
        """First non-whitespace token at or after j (n if none)."""
        n, words, orths = self.n, self.words, self.orths
        while j < n and words[orths[j]].isspace():
            j += 1
        return j


class ClaimLensSegmenter:
    """Sets `token.is_sent_start` (True/False) on every token of a Doc."""

    def __init__(self, name: str = "claimlens_segmenter", *, extra_abbreviations: Iterable[str] = ()) -> None:
        self.name = name
        extra = []
        for abbr in extra_abbreviations:
            if not isinstance(abbr, str) or not abbr.strip(". ") or any(ch.isspace() for ch in abbr.strip()):
                raise ConfigError(
                    f"claimlens_segmenter: extra_abbreviations entry {abbr!r} is not one word; "
                    'give abbreviations like "approx." or "Jr." (the final period is optional).'
                )
            extra.append(abbr.strip().rstrip(".").lower())
        self.extra_abbreviations = tuple(extra)
        self.never_split = NEVER_SPLIT | frozenset(extra)
        self._kinds: dict[int, int] = {}
        self._words: dict[int, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # SENT_START: 1 starts a sentence, -1 (as uint64, which from_array expects) does not
        starts = numpy.full((n, 1), _NOT_START, dtype=numpy.uint64)
        starts[0, 0] = 1
        if n > 1:
            for i in self._boundaries(self._view(doc)):
                starts[i, 0] = 1
        doc.from_array([SENT_START], starts)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _view(self, doc: Doc) -> _View:
        arr = doc.to_array([ORTH, SPACY])
        orths: list[int] = arr[:, 0].tolist()
        cache = self._kinds
        kinds: list[int | None] = list(map(cache.get, orths))
        if None in kinds:
            if len(cache) > _MAX_CACHE:
                cache.clear()
                self._words.clear()
                kinds = [None] * len(orths)
            strings = doc.vocab.strings
            for i, k in enumerate(kinds):
                if k is None:
                    h = orths[i]
                    word = strings[h]
                    self._words[h] = word
                    kinds[i] = cache[h] = _kind(word)
        return _View(len(orths), arr[:, 1].tolist(), kinds, orths, self._words)

    # -- the rules ---------------------------------------------------------

    def _boundaries(self, v: _View) -> list[int]:
        """Indices of the tokens that start a sentence (besides token 0), in order."""
        n, ws, kinds = v.n, v.ws, v.kinds
        # the first sentence starts at token 0 but its content at `first`: nothing
        # before or at `first` can open another sentence (leading whitespace stays put)
        first = v.next_content(0)
        if first >= n:
            return []
        starts: list[int] = [first]
        skip_to = first - 1
        for i in compress(range(n), kinds):
            if i <= skip_to:
                continue
            kind = kinds[i]
            if kind == LINE_BREAK:
                j = v.next_content(i + 1)
                if j < n and j > starts[-1]:
                    starts.append(j)
                    skip_to = j - 1
            elif kind == BULLET:
                # a mid-line bullet opens a list item
                if i > starts[-1] and (ws[i - 1] or v.is_space(i - 1)):
                    starts.append(i)
            elif kind == CLOSE_PAREN:
                # inline list "1) one 2) two": the sentence opened with the previous marker
                k = i - 1
                if k > starts[-1] and ws[k - 1] and ws[i] and _is_marker(v.text(k)):
                    cur = starts[-1] if starts[-1] <= i else starts[-2]
                    if _list_marker(v, cur) == (v.text(k), ")"):
                        starts.append(k)
            else:
                j, consumed = self._decide(v, i, starts)
                skip_to = consumed
                if j is not None and j > starts[-1]:
                    starts.append(j)
                    skip_to = min(consumed, j - 1)
        return starts[1:]

    def _decide(self, v: _View, i: int, starts: list[int]) -> tuple[int | None, int]:
        """(index of the token that starts the next sentence or None, last token used)."""
        n, spacy_ws = v.n, v.ws
        t = v.text(i)
        cur_start = starts[-1] if starts[-1] <= i else starts[-2]
        # ---- the terminal group: "!!", "?!", "....", ". . ." -------------
        e = i
        kind = "period"
        if t in ELLIPSES or (t.startswith("..") and set(t) == {"."}):
            kind = "ellipsis4" if len(t) >= 4 else "ellipsis"
            if i > 0 and not spacy_ws[i - 1] and v.text(i - 1) in ("[", "("):
                return None, i  # "[...]" marks an omission inside a quotation
        elif t[-1] in "!?":
            kind = "bang"
        elif t == "." and i > 0 and spacy_ws[i - 1] and not v.is_space(i - 1):
            kind = "loose"  # a period after a space: ". . ." or a typo
        # extend over glued terminal punctuation ("!?", "?!", "..")
        while e + 1 < n and not spacy_ws[e] and v.text(e + 1) in TERMINATORS:
            e += 1
            if v.text(e) in "!?":
                kind = "bang"
        # spaced dots: ". . ." after this one
        dots = 0
        k = e
        while k + 1 < n and spacy_ws[k] and v.text(k + 1) == ".":
            k += 1
            dots += 1
        if dots >= 2 or (kind == "loose" and dots >= 1):
            total = dots + 1
            if kind == "period" and t == "." and i > 0 and not spacy_ws[i - 1] and dots == 3:
                # "compounds. . . . The": the period ends the sentence, the
                # spaced ellipsis opens the next one
                nxt = v.next_content(_skip_closers(v, k) + 1)
                if nxt < n and _starts_sentence(v.text(nxt), False):
                    return e + 1, e
            e = k
            kind = "ellipsis4" if total >= 4 else "ellipsis"
        # ---- closers and citation markers ------------------------------------
        if kind != "period" and i == cur_start:
            return None, e  # an ellipsis or stray period opening a sentence ends nothing
        e = _skip_citations(v, _skip_closers(v, e))
        j = e + 1
        newline = False
        kinds = v.kinds
        while j < n and v.is_space(j):
            newline = newline or kinds[j] == LINE_BREAK
            j += 1
        if j >= n:
            return None, e
        if newline:
            return j, e
        nxt = v.text(j)
        attached = j == e + 1 and not spacy_ws[e]
        if kind == "bang":
            # "!Kung" and "Yahoo!Research" are names; "Really?Yes" is rare
            return (j if not attached and _starts_sentence(nxt, False) else None), e
        if kind == "ellipsis4" or kind == "loose":
            return (j if _starts_sentence(nxt, attached) else None), e
        if kind == "ellipsis":
            return (j if nxt != "I" and _starts_sentence(nxt, attached) else None), e
        # ---- a period: which word does it end? -------------------------------
        word = _word_before_period(v, i, t, cur_start)
        first_i = i - 1 if t == "." else i  # the token carrying a one-token word
        one_token = word == v.text(first_i).rstrip(".")
        if one_token and _is_marker(word):
            # "1. The first", "• 9. The first", "a. The first": a list marker
            if first_i - cur_start <= 3 and all(_is_line_prefix(v.text(k)) for k in range(cur_start, first_i)):
                return None, e  # "1. ", "- 1. ", "## 1. " open an item or heading
            # "1. The first item 2. The second item": split before the next marker
            if (
                spacy_ws[first_i - 1]
                and not attached
                and _starts_sentence(nxt, False)
                and _list_marker(v, cur_start) == (word, ".")
            ):
                return first_i, e
        if not _starts_sentence(nxt, attached):
            return None, e
        return (j if self._period_ends(v, word, nxt, attached, first_i, cur_start, t) else None), e

    def _period_ends(
        self, v: _View, word: str, nxt: str, attached: bool, first_i: int, cur_start: int, t: str
    ) -> bool:
        """Does the period after `word` end the sentence, given the next token `nxt`?"""
        if not word:
            return True
        lw = word.lower()
        if lw in self.never_split or word in TITLES:
            return False
        if attached and len(word) <= 3 and word[0].isupper() and word[1:].islower():
            return False  # "Ph.D", "Co.Ltd": a short capitalised abbreviation glued to the next one
        if lw in NUMBER_PREFIXES and not (lw == "no" and first_i == cur_start):
            return not nxt[0].isdigit()  # "No. 5", but the answer "No. 3 studies say..." ends
        if lw == "etc":
            return True
        if lw in AMBIGUOUS or _MULTI_PERIOD.match(lw) or (t != "." and lw in TOKEN_ABBREVIATIONS):
            # "U.S. How" splits, "U.S. Government" does not
            return nxt in SENTENCE_OPENERS
        if len(word) == 1 and word.isupper():
            # initials: "Jonas E. Smith", "M. speciosa", "and K. Arai"; but
            # "vitamin D. Kratom", "you and I. Did"
            if nxt in SENTENCE_OPENERS:
                return True
            if attached:
                return False
            prev = first_i - 1
            if prev < cur_start:
                return False
            pw = v.text(prev).lstrip("-\u2013(")
            if not pw:
                return False
            if word == "I":
                return not pw[0].isupper()
            return pw.isalpha() and pw.islower() and pw not in _NAME_CONTEXT
        return True


def _skip_closers(v: _View, e: int) -> int:
    """Closing quotes and brackets glued after the sentence punctuation."""
    n, spacy_ws = v.n, v.ws
    while e + 1 < n and not spacy_ws[e] and v.text(e + 1) in CLOSERS:
        e += 1
    return e


def _skip_citations(v: _View, e: int) -> int:
    """Reference markers after the final period: "[4]", "[4, 5]", "(4)", a glued "4" or "²"."""
    n, spacy_ws = v.n, v.ws
    while e + 1 < n:
        t = v.text(e + 1)
        c = t[0]
        if not (c.isdigit() or c == "[" or c == "(" or c in _SUPERSCRIPTS):
            break
        if (
            not spacy_ws[e]
            and _GLUED_CITATION.match(t)
            and (e + 2 >= n or spacy_ws[e + 1] or v.is_space(e + 2))
        ):
            e += 1
            continue
        if t in ("[", "("):
            close = "]" if t == "[" else ")"
            k = e + 2
            ok = False
            while k < n and k <= e + 8:
                tk = v.text(k)
                if tk == close:
                    ok = k > e + 2
                    break
                if not _CITATION_INSIDE.match(tk):
                    break
                k += 1
            if ok:
                e = k
                continue
        break
    return e


def _word_before_period(v: _View, i: int, t: str, cur_start: int) -> str:
    """The word a period belongs to: "Dr" for "Dr.", "approx" for "approx" + ".", "" if loose."""
    if t != ".":
        return t[:-1]
    spacy_ws = v.ws
    k = i - 1
    if k < 0 or spacy_ws[k]:
        return ""
    parts: list[str] = []
    while k >= 0 and k >= cur_start:
        tk = v.text(k)
        if tk.isspace() or tk in OPENERS or tk in BULLETS:
            break
        parts.append(tk)
        if k == 0 or spacy_ws[k - 1]:
            break
        k -= 1
    return "".join(reversed(parts))


def _is_marker(word: str) -> bool:
    """A list enumerator: one or two digits or one letter."""
    return (len(word) == 1 and word.isalpha()) or _LIST_NUMBER.match(word) is not None


def _list_marker(v: _View, s: int) -> tuple[str, str] | None:
    """If the sentence at token s opens with "1." / "1)" / "a." (after an optional
    bullet), the marker the next inline item would carry ("2", "."), else None."""
    n = v.n
    if s < n and v.text(s) in LINE_BULLETS:
        s += 1
    if s + 1 >= n:
        return None
    t = v.text(s)
    if len(t) == 2 and t[1] == "." and t[0].isalpha() and t[0].islower():
        return (chr(ord(t[0]) + 1), ".")
    nxt = v.text(s + 1)
    if _LIST_NUMBER.match(t) and nxt in (".", ")"):
        return (str(int(t) + 1), nxt)
    if len(t) == 1 and t.isalpha() and nxt == ")":
        return (chr(ord(t) + 1), ")")
    return None


@Language.factory(
    "claimlens_segmenter",
    assigns=["token.is_sent_start"],
    default_config={"extra_abbreviations": []},
)
def make_segmenter(nlp: Language, name: str, *, extra_abbreviations: list[str]) -> ClaimLensSegmenter:
    """spaCy factory; `extra_abbreviations` ("Jr.", "approx.") never end a sentence."""
    return ClaimLensSegmenter(name, extra_abbreviations=extra_abbreviations)
