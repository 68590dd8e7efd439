"""Long documents in windows: where to cut, and the state carried from one window to the next.

Why: the tok2vec's working memory is ~7 KB per token and spaCy runs a Doc (and
a batch of Docs) as one sequence, so one 900k-word document took 7.5 GB. A
document longer than the window is cut into windows that are run one after
the other, each a Doc of its own; rows get global offsets and one sentence
numbering (pipeline/engine/worker.py).

Where to cut, in order of preference, in the second half of the window:
after a blank line (a paragraph), after any line break (the segmenter ends a
sentence at every line break, so both cut where a sentence ends anyway and
the tokens are those of the whole document), after a sentence-final
". ! ?" followed by whitespace and an upper-case letter, digit or opening
quote/bracket, after any whitespace, and only for a window without any
whitespace at the window size itself. A cut is always moved past the
whitespace run it falls in, so no window starts with whitespace.

What crosses a cut: a window cut after a line break is run with a little
context (up to CONTEXT_CHARS of the lines on each side, cut at whitespace),
whose rows are dropped: the tok2vec sees two tokens to each side of a token,
so the window's own tokens get the vectors they get in the whole document.
The components that read beyond a sentence keep their state in
``doc.user_data[CARRY_KEY]``, one plain dict shared by the windows of a
document: the claim rules' list/heading context (claims.py, taken where the
window's own text starts and left where it ends) and the abbreviations
defined so far (abbreviations.py). So for text cut at line breaks, the rows
are those of the whole document, except that an abbreviation is applied to
uses before its definition only inside the definition's window (and the
window before it, through the context). Cuts inside a line (no line break
within a window) get no context: there the sentence split at the cut and the
entities of the two tokens on each side may differ from an unwindowed run.
"""

from __future__ import annotations

import re

CARRY_KEY = "claimlens_carry"
# carry["own"] = (start, end) of the window's own text, in the window Doc's characters
OWN = "own"
CONTEXT_CHARS = 400

_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
_LINE = re.compile(r"\n\s*")
_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_SPACE = re.compile(r"\s+")


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def cut_point(text: str, lo: int, hi: int) -> int:
    """Where to end a window that starts before ``lo`` and may not go past ``hi`` (see the module doc)."""
    part = text[lo:hi]
    for pattern in (_PARAGRAPH, _LINE, _SENTENCE, _SPACE):
        last = None
        for last in pattern.finditer(part):  # noqa: B007 - the last match is wanted
            pass
        if last is not None and lo + last.end() > lo:
            return _skip_space(text, lo + last.end())
    return hi


def plan_windows(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) character ranges covering ``text`` in order, each at most ``size`` long.

    A cut may be followed by whitespace up to the next word, which goes to the
    window before it (so a window can exceed ``size`` by that whitespace).
    """
    n = len(text)
    if n <= size:
        return [(0, n)]
    size = max(size, 2)
    out: list[tuple[int, int]] = []
    pos = 0
    while n - pos > size:
        cut = cut_point(text, pos + size // 2, pos + size)
        if cut >= n:
            break
        out.append((pos, cut))
        pos = cut
    out.append((pos, n))
    return out


def _line_cut(text: str, a: int) -> bool:
    """True when the text before ``a`` ends with whitespace holding a line break (a sentence ends there)."""
    j = a
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j < a and "\n" in text[j:a]


def context(text: str, a: int, b: int, chars: int | None = None) -> tuple[int, int]:
    """(c, d) around the window [a, b): up to ``chars`` of text on each side, at whitespace.

    Only at cuts after a line break (see the module doc); elsewhere c = a or d = b. The
    context starts after whitespace and ends after whitespace, so its tokens near the
    window are the whole document's.
    """
    chars = CONTEXT_CHARS if chars is None else chars
    n = len(text)
    c = a
    if a > 0 and _line_cut(text, a):
        lo = max(0, a - chars)
        m = None
        for m in _SPACE.finditer(text, lo, a):  # noqa: B007 - the first whitespace at or after lo
            break
        if m is not None and m.end() < a:
            c = m.end() if lo > 0 else 0
    d = b
    if b < n and _line_cut(text, b):
        hi = min(n, b + chars)
        if hi == n:
            d = n
        else:
            last = None
            for last in _SPACE.finditer(text, b, hi):  # noqa: B007 - the last whitespace before hi
                pass
            if last is not None and last.start() > b:
                d = last.end()
    return c, d
