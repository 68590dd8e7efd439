"""Real-text gold: labels kept as offsets plus a hash, text read from ../shared.

Third-party text never enters the repository, so a real-text gold record
names its document by a *source reference* (``druglib:train:17``,
``bc5cdr:dev:1234567``, ...) and stores the sha256 of the text that
reference builds. The loader rebuilds the text from ../shared and refuses
it when the hash differs, so labels can never be scored against a text
they were not made for.

Annotators edit the same one-sentence-per-line markup as the self-written
gold (data/gold/FORMAT.md). Because web text has its own whitespace, the
sentences are *located* in the source text in order (whitespace between
and inside sentences may differ; every other character must match), and
the offsets come from there. ``\\[ \\] \\{ \\}`` write literal brackets.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import ClaimLensError
from pipeline.evaluate.gold import validate_document
from pipeline.evaluate.goldsrc import GoldSyntaxError, _parse_labels, _strip_markup, stats, write_jsonl
from pipeline.paths import shared_dir


class GoldTextMismatch(ClaimLensError):
    """The text a real-gold reference builds is not the text that was labelled."""

    code = "E020"


class GoldSourceMissing(ClaimLensError):
    code = "E021"


REALWEB = "realweb"
_ESCAPES = {"\\[": "\ue000", "\\]": "\ue001", "\\{": "\ue002", "\\}": "\ue003"}
_UNESCAPE = str.maketrans({v: k[1] for k, v in _ESCAPES.items()})


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- source texts


def _root(root: Path | None) -> Path:
    path = root or shared_dir()
    if not path.exists():
        raise GoldSourceMissing(
            f"{path} not found: real-text gold reads its texts from ../shared beside the checkout "
            "(set it there or pass root=)"
        )
    return path


@cache
def _druglib_rows(split: str, root: Path) -> list[dict[str, str]]:
    name = {"train": "drugLibTrain_raw.tsv", "test": "drugLibTest_raw.tsv"}[split]
    csv.field_size_limit(1 << 30)
    with (root / REALWEB / "druglib" / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def druglib_text(split: str, row: int, root: Path) -> tuple[str, dict[str, str]]:
    """A review page: its three free-text fields as paragraphs (the drug is in meta, as a page title)."""
    rec = _druglib_rows(split, root)[row]
    parts = [rec[k].strip() for k in ("benefitsReview", "sideEffectsReview", "commentsReview")]
    text = "\n\n".join(p for p in parts if p)
    drug = rec.get("DrugName") or rec.get("urlDrugName") or ""
    return text, {"title": drug, "condition": rec.get("condition", "").strip()}


@cache
def _tripsit(root: Path) -> dict[str, Any]:
    return json.loads((root / REALWEB / "tripsit" / "drugs.json").read_text(encoding="utf-8"))


TRIPSIT_FIELDS = ("summary", "effects", "avoid", "warning", "detection", "contraindications", "risks",
                  "adverse-effects", "side-effects", "overdose-symptoms", "tolerance", "pharmacology",
                  "pharmacodynamics", "note")


def tripsit_text(name: str, root: Path) -> tuple[str, dict[str, str]]:
    """A fact sheet: the substance name as heading, then each prose field as one labelled line."""
    entry = _tripsit(root)[name]
    props = entry.get("properties", {})
    lines = [entry.get("pretty_name") or name]
    for key in TRIPSIT_FIELDS:
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            lines.append(f"{key.capitalize()}: {value.strip()}")
    return "\n".join(lines), {"title": lines[0]}


def medquad_pair_text(pair: ET.Element) -> str:
    """One question-answer section of an NIH page: its question as heading, its answer as prose."""
    return f"{(pair.findtext('Question') or '').strip()}\n{(pair.findtext('Answer') or '').strip()}"


def medquad_text(path: str, pid: str, root: Path) -> tuple[str, dict[str, str]]:
    """One section of an NIH page (`medquad_pair_text`), with the page's focus and URL."""
    tree = ET.parse(root / REALWEB / "medquad-nih" / path)
    doc = tree.getroot()
    for pair in doc.iter("QAPair"):
        if pair.get("pid") == pid:
            return medquad_pair_text(pair), {"title": doc.findtext("Focus") or "", "url": doc.get("url", "")}
    raise GoldSourceMissing(f"medquad {path} has no QA pair {pid}")


@cache
def _hc3(root: Path) -> dict[str, str]:
    csv.field_size_limit(1 << 30)
    with (root / REALWEB / "hc3-chatgpt-medicine" / "hc3_medicine_chatgpt.csv").open(encoding="utf-8", newline="") as fh:
        return {r["id"]: r["text"] for r in csv.DictReader(fh)}


def hc3_text(rid: str, root: Path) -> tuple[str, dict[str, str]]:
    return _hc3(root)[rid].strip(), {}


@cache
def _pubtator(corpus: str, split: str, root: Path) -> dict[str, str]:
    from pipeline.evaluate.corpora import read_bc5cdr, read_ncbi_disease

    if split == "test":
        raise GoldSourceMissing(f"{corpus} test abstracts are a benchmark test split and never used for gold")
    reader = read_bc5cdr if corpus == "bc5cdr" else read_ncbi_disease
    return {r["doc_id"]: r["text"] for r in reader(split, root=root / "corpora")}


def abstract_text(corpus: str, split: str, pmid: str, root: Path) -> tuple[str, dict[str, str]]:
    """A research abstract as PubTator gives it: title + " " + abstract."""
    docs = _pubtator(corpus, split, root)
    key = pmid if pmid in docs else next((k for k in docs if k.endswith(pmid)), pmid)
    return docs[key], {}


def source_text(ref: str, root: Path | None = None) -> tuple[str, dict[str, str]]:
    """The text (and page metadata) a source reference names."""
    base = _root(root)
    corpus, _, rest = ref.partition(":")
    try:
        if corpus == "druglib":
            split, row = rest.split(":")
            return druglib_text(split, int(row), base)
        if corpus == "tripsit":
            return tripsit_text(rest, base)
        if corpus == "medquad":
            path, pid = rest.split("#")
            return medquad_text(path, pid, base)
        if corpus == "hc3":
            return hc3_text(rest, base)
        if corpus in ("bc5cdr", "ncbi"):
            split, pmid = rest.split(":")
            return abstract_text(corpus, split, pmid, base)
    except (KeyError, IndexError, ValueError, FileNotFoundError) as exc:
        raise GoldSourceMissing(f"source {ref!r} cannot be read from {base}: {exc!r}") from exc
    raise GoldSourceMissing(f"source {ref!r}: unknown corpus {corpus!r}")


def resolve_text(rec: dict[str, Any], root: Path | None = None) -> dict[str, Any]:
    """A real-gold record with its text filled in from ../shared, checked against its hash."""
    text, _ = source_text(rec["source"], root)
    if sha256(text) != rec["sha256"]:
        raise GoldTextMismatch(
            f"{rec['doc_id']}: the text built from {rec['source']!r} has sha256 {sha256(text)[:12]}..., "
            f"the labels were made for {rec['sha256'][:12]}...; the shared copy changed, relabel or restore it"
        )
    return {**rec, "text": text}


# ---------------------------------------------------------------- alignment


def _locate(text: str, plain: str, pos: int) -> tuple[int, list[int]] | None:
    """Match ``plain`` in ``text`` from ``pos`` (after whitespace); whitespace runs may differ in length and kind.

    Returns the start and, for every character of ``plain``, its index in ``text``.
    """
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    start = pos
    mapping: list[int] = []
    i = 0
    while i < len(plain):
        ch = plain[i]
        if ch.isspace():
            if pos >= n or not text[pos].isspace():
                return None
            while i < len(plain) and plain[i].isspace():
                mapping.append(pos)
                i += 1
            while pos < n and text[pos].isspace():
                pos += 1
            continue
        if pos >= n or text[pos] != ch:
            return None
        mapping.append(pos)
        pos += 1
        i += 1
    return start, mapping


def compile_real(source: str, name: str, path: Path | str = "<string>", root: Path | None = None) -> dict[str, Any]:
    """Locate each marked-up sentence of one real document in its source text; return offsets + hash."""
    meta: dict[str, str] = {}
    lines: list[tuple[int, str]] = []
    for lineno, line in enumerate(source.splitlines(), start=1):
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip() and " " not in key.strip():
                meta[key.strip()] = value.strip()
        elif line.strip():
            lines.append((lineno, line))
    ref = meta.pop("source", None)
    if not ref:
        raise GoldSyntaxError(path, 0, "missing '# source: <corpus>:<key>' line")
    text, page_meta = source_text(ref, root)
    sentences: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    pos = 0
    for lineno, line in lines:
        raw_labels, bar, rest = line.partition("|")
        if not bar:
            raise GoldSyntaxError(path, lineno, "want 'LABELS | TEXT'")
        if raw_labels.strip() == "?":
            raise GoldSyntaxError(path, lineno, "sentence not labelled yet ('?')")
        labels = _parse_labels(raw_labels.strip(), path, lineno)
        if rest.startswith("+"):  # the glue mark of hand-written gold: located text needs none
            rest = rest[1:]
        for esc, ph in _ESCAPES.items():
            rest = rest.replace(esc, ph)
        plain, ents = _strip_markup(rest.strip(), path, lineno)
        plain = plain.translate(_UNESCAPE)
        found = _locate(text, plain, pos)
        if found is None:
            ahead = text[pos : pos + 60].strip().replace("\n", "\\n")
            raise GoldSyntaxError(path, lineno, f"sentence does not continue the source text; the text goes on: {ahead!r}")
        start, mapping = found
        end = mapping[-1] + 1
        sentences.append({"start": start, "end": end, **labels})
        entities.extend(
            {"start": mapping[s], "end": mapping[e - 1] + 1, "label": lab} for s, e, lab in ents
        )
        pos = end
    rest_text = text[pos:].strip()
    if rest_text:
        raise GoldSyntaxError(path, 0, f"text left after the last sentence: {rest_text[:60]!r}")
    record = {
        "doc_id": f"real-{name}",
        "source": ref,
        "sha256": sha256(text),
        "meta": {**{k: v for k, v in page_meta.items() if v}, **meta},
        "sentences": sentences,
        "entities": entities,
    }
    problems = validate_document({**record, "text": text})
    if problems:
        raise GoldSyntaxError(path, 0, "; ".join(problems))
    return record


def compile_real_folder(folder: Path, root: Path | None = None, *, skip_bad: bool = False) -> list[dict[str, Any]]:
    """Compile every markup file of a split; with ``skip_bad`` a file that fails is reported on stderr and left out."""
    out = []
    for f in sorted(Path(folder).glob("*.txt")):
        try:
            out.append(compile_real(f.read_text(encoding="utf-8"), f.stem, f, root))
        except GoldSyntaxError as exc:
            if not skip_bad:
                raise
            print(f"skipped: {exc}", file=sys.stderr)
    return out


def render(rec: dict[str, Any]) -> str:
    """The editable markup of a resolved real-gold record (the inverse of `compile_real`, up to whitespace).

    The repository keeps only offsets and hashes; this rebuilds the markup
    from ../shared for whoever needs to edit labels, and `compile_real`
    turns it back into the same record.
    """
    text = rec["text"]
    head = [f"# source: {rec['source']}"]
    head += [f"# {k}: {v}" for k, v in rec.get("meta", {}).items() if k not in ("title", "url", "condition")]
    lines = []
    ents = sorted(rec["entities"], key=lambda e: e["start"])
    for s in rec["sentences"]:
        if s["is_claim"]:
            labels = " ".join([s["claim_type"], s["evidence"]] + [f for f in ("hedged", "negated") if s[f]])
        else:
            labels = "-"
        out, pos = [], s["start"]
        for e in ents:
            if s["start"] <= e["start"] and e["end"] <= s["end"]:
                out.append(_escape(text[pos : e["start"]]))
                out.append(f"[{_escape(text[e['start'] : e['end']])}]{{{e['label'][0]}}}")
                pos = e["end"]
        out.append(_escape(text[pos : s["end"]]))
        lines.append(f"{labels} | " + " ".join("".join(out).split()))
    return "\n".join(head + [""] + lines) + "\n"


# ---------------------------------------------------------------- skeletons

_NAIVE_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")


def naive_sentences(text: str) -> list[str]:
    """A neutral first cut for annotators to correct (lines, then end punctuation before a capital).

    Deliberately not the pipeline's segmenter, so the gold boundaries are not
    anchored on the system being scored.
    """
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        out.extend(p.strip() for p in _NAIVE_SPLIT.split(line) if p.strip())
    return out


def _escape(s: str) -> str:
    for esc in ("[", "]", "{", "}"):
        s = s.replace(esc, "\\" + esc)
    return s


def skeleton(ref: str, genre: str, root: Path | None = None) -> str:
    """An unlabelled markup file for one source: every sentence as '? | text'."""
    text, page_meta = source_text(ref, root)
    head = [f"# source: {ref}", f"# genre: {genre}"]
    head += [f"# page_{k}: {v}" for k, v in page_meta.items() if v]
    head.append("# (page_* lines are context only; the labels are yours: replace every '?' )")
    return "\n".join(head + [""] + [f"? | {_escape(s)}" for s in naive_sentences(text)]) + "\n"


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compile", help="compile a split folder of markup into JSONL (offsets + sha256)")
    c.add_argument("folder", type=Path)
    c.add_argument("-o", "--out", type=Path, required=True)
    c.add_argument("--stats", action="store_true")
    c.add_argument("--skip-bad", action="store_true", help="leave out files that do not compile (work in progress)")
    s = sub.add_parser("skeleton", help="write an unlabelled markup file for a source reference")
    s.add_argument("ref")
    s.add_argument("--genre", required=True)
    s.add_argument("-o", "--out", type=Path, required=True)
    k = sub.add_parser("check", help="compile single markup files and print their counts (for annotators)")
    k.add_argument("files", type=Path, nargs="+")
    r = sub.add_parser("markup", help="rebuild the editable markup files of a compiled JSONL (text from ../shared)")
    r.add_argument("jsonl", type=Path)
    r.add_argument("-o", "--out", type=Path, required=True, help="folder for <name>.txt files")
    t = sub.add_parser("text", help="print the text of a source reference")
    t.add_argument("ref")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "compile":
            records = compile_real_folder(args.folder, skip_bad=args.skip_bad)
            write_jsonl(records, args.out)
            if args.stats:
                full = [resolve_text(r) for r in records]
                for key, value in sorted(stats(full).items()):
                    print(f"{key:28s} {value}")
        elif args.cmd == "skeleton":
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(skeleton(args.ref, args.genre), encoding="utf-8")
        elif args.cmd == "markup":
            from pipeline.evaluate.gold import read_gold

            args.out.mkdir(parents=True, exist_ok=True)
            for rec in read_gold(args.jsonl):
                (args.out / f"{rec['doc_id'].removeprefix('real-')}.txt").write_text(render(rec), encoding="utf-8")
        elif args.cmd == "check":
            bad = 0
            for f in args.files:
                try:
                    rec = resolve_text(compile_real(f.read_text(encoding="utf-8"), f.stem, f))
                except (GoldSyntaxError, ClaimLensError) as exc:
                    bad += 1
                    print(f"FAIL {exc}")
                    continue
                c = stats([rec])
                print(f"ok   {f.name}: {c['sentences']} sentences, {c['claims']} claims, "
                      + ", ".join(f"{k}={v}" for k, v in sorted(c.items()) if k.startswith(("evidence", "entity"))))
            return 1 if bad else 0
        else:
            print(source_text(args.ref)[0])
    except (GoldSyntaxError, ClaimLensError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
