"""spaCy's English tokenizer with a few measured changes for web health text.

The changes are deliberately small, because the tokenizer is the speed floor
of the whole pipeline (see PERFORMANCE.md) and every other component, the
lexicon patterns included, sees text through it:

- a sentence period glued to the next sentence is split off even after a
  digit, a closing bracket, a percent sign or an acronym ("in 2019.The",
  "(PTSD).It"); spaCy already does this after a lower-case letter;
- a period glued to a citation marker or a closing quote is split off
  ("withdrawal.[4]", "withdrawal.(4)", "withdrawal.4", 'said."It');
- chemical and receptor names whose first part is a locant, a single letter
  or a Greek letter stay one token ("7-hydroxymitragynine", "5-HTP",
  "L-theanine", "mu-opioid", "11-OH-THC"), while ordinary hyphenated words
  are still split as spaCy does ("pain-relieving" -> "pain - relieving", so
  "pain" can be tagged);
- a few abbreviations common in health writing are single tokens ("al.",
  "approx.", "incl.", "Fig.", "cf.").

Everything else ("e.g.", "i.e.", "U.S.", "vs.", "Dr.", "St.", "7.5 mg",
"CB1", newlines as their own whitespace tokens) is spaCy's default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import spacy
from spacy.attrs import ORTH
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER, HYPHENS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

_AU, _AL, _A = ALPHA_UPPER, ALPHA_LOWER, ALPHA

# Periods that end a sentence although no space follows. spaCy's own infix
# rule covers "lowercase.Upper"; these add the other common left contexts.
# Each alternative starts with the character it splits off and checks its
# left context with a look-behind after it, so the regex fails fast at
# ordinary characters (the infix regex runs on every uncached chunk).
_EXTRA_INFIXES: list[str] = [
    r"\.(?:"
    # "in 2019.The", "CB1.It", "5%.The", "(2019).It", "[4].The"
    rf"(?<=[0-9%\)\]]\.)(?=[{_AU}][{_AL}])"
    # "PTSD.The" (two capitals before, so "U.S.It" stays one token)
    rf"|(?<=[{_AU}][{_AU}]\.)(?=[{_AU}][{_AL}])"
    # "withdrawal.[4]", "withdrawal.(4)", 'said."It'
    rf"|(?<=[{_A}0-9%\)]\.)(?=[\[\(]|[\"\u201d\u2019][{_AU}])"
    # "withdrawal.4", "withdrawal.4,5", "(2019).4-6": a glued reference number
    rf"|(?<=[{_AL}\)]\.)(?=[0-9]{{1,3}}(?:[,\u2013\-][0-9]{{1,3}})*$)"
    r")",
    # the bracket or closing quote after such a period: "withdrawal.[4]", 'said."It'
    rf"[\[\(](?<=[{_A}0-9%\)]\.[\[\(])",
    rf"[\"\u201d\u2019](?<=\.[\"\u201d\u2019])(?=[{_AU}])",
    # "[4][5]": adjacent reference markers
    r"\](?<=[0-9]\])(?=\[)",
    r"\[(?<=\]\[)(?=[0-9])",
    # "(PTSD).It": the closing bracket before a glued sentence period
    rf"[\)\]](?=\.[{_AU}])",
]

# spaCy's rule that splits hyphens between letters, and our guarded version:
# no split after a locant, a single letter or a Greek letter at the start of
# the chunk ("7-hydroxymitragynine", "5-HTP", "L-theanine", "mu-opioid"), so
# those stay one token while "pain-relieving" is still "pain - relieving".
_SPACY_HYPHEN_INFIX = rf"(?<=[{_A}0-9])(?:{HYPHENS})(?=[{_A}])"
_GREEK_WORDS = ("alpha", "beta", "gamma", "delta", "kappa", "mu", "omega")
_HYPHEN_GUARDS = "".join(
    [r"(?<!^[0-9A-Za-z\u03b1-\u03c9])", r"(?<!^[0-9]{2})", r"(?<!^[0-9]{3})"]
    + [rf"(?<!^{g})(?<!^{g.capitalize()})" for g in _GREEK_WORDS]
)
_GUARDED_HYPHEN_INFIX = rf"(?<=[{_A}0-9])(?=[\-\u2013\u2014~]){_HYPHEN_GUARDS}(?:{HYPHENS})(?=[{_A}])"

# Bullets that spaCy does not already strip as prefixes ("⁃9." -> "⁃", "9", ".").
_EXTRA_PREFIXES: list[str] = ["\u2043", "\u2219"]

# Abbreviations that stay one token, in addition to spaCy's English exceptions.
EXTRA_ABBREVIATIONS: tuple[str, ...] = (
    "al.", "approx.", "Approx.", "incl.", "Incl.", "Fig.", "Figs.", "fig.", "figs.",
    "cf.", "Cf.", "ca.", "Eq.", "eq.", "Ref.", "Refs.", "resp.", "Suppl.", "Vol.", "vol.",
    "pp.", "Nos.", "Assoc.", "Dept.", "Univ.", "Jr.", "Sr.", "Ave.", "Blvd.", "Capt.",
    "Col.", "Lt.", "Sgt.", "Hon.", "Mmes.", "Mme.", "Mlle.", "Esq.",
)  # fmt: skip


# Chunks (whitespace-delimited strings) whose tokenization is cached. spaCy's default
# (10k) is smaller than the distinct chunks of a few hundred articles; each entry costs
# ~100 bytes in spaCy's cache plus ~100 in WarmCacheTokenizer's set of seen chunks.
CACHE_CHUNKS = 200_000
# Punctuation stripped from both ends of a chunk before deciding it cannot meet a special case.
_EDGE_PUNCT = ".,;:!?()[]{}\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026*"


class WarmCacheTokenizer(Tokenizer):
    """spaCy's Tokenizer whose chunk cache is filled ahead of each document.

    Why: spaCy caches the tokens of a chunk (a whitespace-delimited string)
    only while no special case has been used earlier in the same document
    (spaCy issue #1250 guard), and a newline is a special case, so on web
    articles almost nothing was cached and every chunk went through the
    prefix/suffix/infix regexes again; a warm cache tokenizes ~10x faster
    (PERFORMANCE.md). Before tokenizing a document, its chunks never seen
    before are tokenized on their own: the plain ones (letters and hyphens in
    optional edge punctuation, with no special-case string among their
    prefix/suffix-stripped forms) together in one string, the others one by
    one, so a special case in one chunk cannot stop the others from being
    cached. The document itself is then tokenized by spaCy as before; the
    cache only ever replays what spaCy itself stored for a chunk, so the
    tokens are the same whether or not a chunk was warmed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_cache_size", CACHE_CHUNKS)
        super().__init__(*args, **kwargs)
        self._seen: set[str] = set()  # chunks already warmed (cached, or uncachable)
        self._state: tuple[int, ...] = ()
        self._specials: frozenset[str] = frozenset()

    def _fingerprint(self) -> tuple[int, ...]:
        """Identity of the settings whose change flushes spaCy's cache (then _seen is stale)."""
        rules = self.rules
        return (
            id(rules),
            len(rules),
            id(self.prefix_search),
            id(self.suffix_search),
            id(self.infix_finditer),
            id(self.token_match),
            id(self.url_match),
        )

    def add_special_case(self, string: str, substrings: Any) -> None:
        super().add_special_case(string, substrings)  # flushes spaCy's cache
        self._state = ()

    def _plain(self, chunk: str) -> bool:
        """True when tokenizing `chunk` cannot use a special case (so spaCy will cache it).

        Special cases are looked up on the chunk and on what remains after
        stripping prefixes and suffixes; for a core of letters and hyphens only
        edge punctuation is stripped, so those forms are all checked here.
        """
        core = chunk.strip(_EDGE_PUNCT)
        if not core or not core.replace("-", "").isalpha():
            return False
        lead = chunk.index(core)
        tail = lead + len(core)
        specials = self._specials
        n = len(chunk)
        for i in range(lead + 1):
            for j in range(tail, n + 1):
                if chunk[i:j] in specials:
                    return False
        return True

    def _warm(self, string: str) -> None:
        state = self._fingerprint()
        if state != self._state:
            self._seen.clear()
            self._specials = frozenset(self.rules)
            self._state = state
        seen = self._seen
        if len(seen) >= self.max_cache_size:
            return  # spaCy's cache is full too: nothing more would be stored
        new = [c for c in dict.fromkeys(string.split()) if c not in seen]
        if not new:
            return
        seen.update(new)
        plain: list[str] = []
        call = super().__call__
        for c in new:
            if self._plain(c):
                plain.append(c)
            else:
                call(c)
        if plain:
            call(" ".join(plain))

    def __call__(self, string: str) -> Doc:
        self._warm(string)
        return super().__call__(string)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)


def make_tokenizer(nlp: Language) -> Tokenizer:
    """Build the ClaimLens tokenizer over `nlp.vocab` from the language's defaults."""
    defaults = nlp.Defaults
    prefixes = list(_EXTRA_PREFIXES) + list(defaults.prefixes or [])
    suffixes = list(defaults.suffixes or [])
    infixes = [_GUARDED_HYPHEN_INFIX if p == _SPACY_HYPHEN_INFIX else p for p in defaults.infixes or []]
    infixes += _EXTRA_INFIXES
    rules = dict(defaults.tokenizer_exceptions)
    for abbr in EXTRA_ABBREVIATIONS:
        rules.setdefault(abbr, [{ORTH: abbr}])
    return WarmCacheTokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


@spacy.registry.tokenizers("claimlens_tokenizer.v1")
def create_claimlens_tokenizer() -> Callable[[Language], Tokenizer]:
    """Config entry: `[nlp.tokenizer] @tokenizers = "claimlens_tokenizer.v1"`."""
    return make_tokenizer
