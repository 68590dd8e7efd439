"""Score HTML main-text extraction on trafilatura's evaluation set (../shared/corpora/trafilatura-eval).

The set is 990 real pages, each with snippets that belong to the main text
("with") and snippets that are boilerplate ("without"). Scoring is
trafilatura's own: a "with" snippet found verbatim in the extracted text is
a true positive (missing: false negative), a "without" snippet found is a
false positive (missing: true negative); precision, recall and F1 are over
all snippets. A page an extractor gives up on counts as empty text.

The pages are split into a tuning half (rules and thresholds were chosen
there) and a checking half (reported) by a hash of the file name, so the
split is the same on every machine and for every extractor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluate.scorer import PRFCounts
from pipeline.paths import shared_dir

TUNE, CHECK = "tune", "check"


@dataclass(frozen=True, slots=True)
class EvalPage:
    file: str
    url: str
    with_: tuple[str, ...]
    without: tuple[str, ...]

    @property
    def half(self) -> str:
        return split_of(self.file)


@dataclass(frozen=True, slots=True)
class Score(PRFCounts):
    tp: int
    fn: int
    fp: int
    tn: int

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)


def split_of(file_name: str) -> str:
    """'tune' or 'check': the parity of the first byte of sha1(file name)."""
    return TUNE if hashlib.sha1(file_name.encode("utf-8")).digest()[0] % 2 == 0 else CHECK


def corpus_dir() -> Path:
    return shared_dir() / "corpora" / "trafilatura-eval"


def load_eval(path: Path | None = None) -> list[EvalPage]:
    """The scored pages, in file-name order."""
    data = json.loads((path or corpus_dir() / "evaldata.json").read_text(encoding="utf-8"))
    pages = [EvalPage(v["file"], url, tuple(v["with"]), tuple(v["without"])) for url, v in data.items()]
    return sorted(pages, key=lambda p: p.file)


def score_page(page: EvalPage, text: str | None) -> Score:
    text = text or ""
    tp = sum(1 for s in page.with_ if s in text)
    fp = sum(1 for s in page.without if s in text)
    return Score(tp, len(page.with_) - tp, fp, len(page.without) - fp)


def score(pages: Iterable[EvalPage], texts: Mapping[str, str | None]) -> Score:
    """Total over `pages`; texts maps file name -> extracted text (missing: empty)."""
    total = Score(0, 0, 0, 0)
    for page in pages:
        total = total + score_page(page, texts.get(page.file))
    return total


def extract_all(pages: Iterable[EvalPage], html_dir: Path,
                extract: Callable[[bytes, str], str | None]) -> dict[str, str | None]:
    """Run `extract(raw bytes, url)` over every page's file."""
    return {p.file: extract((html_dir / p.file).read_bytes(), p.url) for p in pages}
