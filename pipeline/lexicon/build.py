"""Open-vocabulary lexicon from the vocabularies in ../shared/vocab (MeSH, DO, DrugBank, GtoPdb).

What goes in, and why:
- SUBSTANCE: MeSH chemicals and drugs (D tree: small molecules, hormones,
  lipids, carbohydrates, amino acids and peptides, complex mixtures,
  pharmaceutical preparations and drug classes), DrugBank common names and
  synonyms, GtoPdb ligands. Enzymes, other proteins, nucleic acids and
  biological factors are left out: they are not "taken into the body".
- CONDITION: MeSH Diseases (C tree) and Mental Disorders (F03), Disease
  Ontology labels and exact synonyms. A DO term whose MeSH cross-reference
  is one of those MeSH descriptors gets the MeSH id, so one concept has
  one id.
- MECHANISM: MeSH receptors and membrane transport proteins
  (D12.776.543.750, D12.776.826, D12.776.827, D12.776.157.530), GtoPdb
  targets (receptors, channels, transporters, enzymes) with HTML entities
  decoded and Greek letters also spelled out ("&mu; receptor" -> "μ
  receptor", "mu receptor", "mu-opioid receptor"), and endogenous
  mediators (the classic neurotransmitters and cortisol by MeSH id,
  neuropeptides, and MeSH "Neurotransmitter Agents" that are amines,
  amino acids or peptides), which take SUBSTANCE as their alt_label.

Precision filters (each a BuildOptions switch, measured in
benchmarks/lexicon_costs.py) drop terms that would tag ordinary words or
unreadable chemistry. MeSH's inverted names ("Arthritis, Rheumatoid") are
also given in reading order ("Rheumatoid Arthritis").

Output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.errors import InputNotFound

VOCAB_FILE = "vocab.jsonl"

# MeSH tree prefixes per label
# Dosage forms and vehicles (powder, tablets, capsules) are product forms, never tagged (ANNOTATION.md).
EXCLUDED_TREES: tuple[str, ...] = ("D26.255", "D26.650", "D27.720.744")
MECHANISM_TREES: tuple[str, ...] = ("D12.776.543.750", "D12.776.826", "D12.776.827", "D12.776.157.530")
SUBSTANCE_TREES: tuple[str, ...] = (
    "D01", "D02", "D03", "D04", "D05", "D06", "D08.211", "D09", "D10", "D12.125", "D12.644", "D20", "D26", "D27",
)  # fmt: skip
CONDITION_TREES: tuple[str, ...] = tuple(f"C{i:02d}" for i in range(1, 27) if i not in (22,)) + ("F03",)
# Mediators named in the text are MECHANISM; taken as products they are SUBSTANCE (alt_label).
NEUROTRANSMITTER_ACTION = "Neurotransmitter Agents"
ENDOGENOUS_TREES: tuple[str, ...] = ("D02.092.211", "D12.125", "D12.644", "D06.472")
# Direct children of these are mediators (neuropeptides: endorphins, substance P, orexins...),
# and so are the classic small-molecule neurotransmitters and stress hormones listed by id.
MEDIATOR_PARENTS: frozenset[str] = frozenset({"D12.644.400"})
MEDIATOR_IDS: frozenset[str] = frozenset(
    {
        "D012701",  # serotonin
        "D004298",  # dopamine
        "D009638",  # norepinephrine
        "D004837",  # epinephrine
        "D006632",  # histamine
        "D000109",  # acetylcholine
        "D005680",  # gamma-aminobutyric acid
        "D018698",  # glutamic acid
        "D010121",  # oxytocin
        "D006854",  # hydrocortisone (cortisol)
        "D063388",  # endocannabinoids
    }
)

GREEK: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_FORMULA = re.compile(r"[\[\]{}(),;:/\\+=*<>@#]|\b\d+[A-Za-z]?,\d|\b[A-Z][a-z]?\d+[A-Z]")
_LABELS = ("SUBSTANCE", "CONDITION", "MECHANISM")


@dataclass(frozen=True)
class BuildOptions:
    """Precision filters; each can be switched off to measure what it buys."""

    common_words: bool = True  # drop one-word terms that are common words (see common_word_list)
    min_chars: int = 3  # drop shorter terms
    max_tokens: int = 6  # drop terms with more words
    drop_formula_like: bool = True  # commas, brackets, slashes, IUPAC locants
    drop_non_alpha: bool = True  # fewer than half letters (digits-only, codes)
    acronyms_case_sensitive: bool = True  # all-caps terms match only in capitals
    uninvert: bool = True  # "Arthritis, Rheumatoid" -> "Rheumatoid Arthritis"
    drop_ambiguous: bool = True  # a term naming two concepts of one source (unless one's preferred name)
    drop_lab_codes: bool = True  # MeSH LexicalTag LAB ("SCH 23390"), DrugBank codes
    short_case_sensitive: int = 3  # terms this short match only in their exact spelling ("Ice", not "ice")
    drop_short_gene_synonyms: bool = True  # GtoPdb synonyms <= 4 chars that are not all-caps ("gad")
    drop_plain_word_synonyms: bool = True  # GtoPdb one-word lower-case synonyms ("Crash", "muscles")
    peptides: bool = False  # MeSH D12.644 peptides (hormones, neuropeptides) as SUBSTANCE (costs precision)
    inflect: bool = True  # add the singular/plural of the last word ("Seizures" -> "Seizure")
    drop_categories: bool = True  # MeSH category headings ("Therapeutic Uses", "Pharmaceutical Preparations")
    sources: tuple[str, ...] = ("mesh", "doid", "drugbank", "iuphar")
    extra_common: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Candidate:
    term: str
    label: str
    concept_id: str
    canonical: str
    source: str
    preferred: bool = False  # the concept's own name (wins ambiguity)
    alt_label: str | None = None


# -------------------------------------------------------------------------------- helpers
def _need(path: Path) -> Path:
    if not path.exists():
        raise InputNotFound(
            f"{path} not found: `claimlens lexicon build --shared DIR` needs the vocab folder "
            "(DIR/vocab/MeSH-descriptors, HumanDiseaseOntology, DrugBank-vocabulary, GtoPdb-targets)."
        )
    return path


def clean_html(text: str) -> str:
    """GtoPdb names: '&mu; receptor' -> 'μ receptor', '5-HT<sub>1A</sub>' -> '5-HT1A'."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", text))).strip()


def spell_greek(text: str) -> str:
    """'μ receptor' -> 'mu receptor'; 'α2A-adrenoceptor' -> 'alpha2A-adrenoceptor'."""
    return "".join(GREEK.get(ch, ch) for ch in text)


def uninvert(term: str) -> str | None:
    """MeSH inverted headings in reading order; None when the term is not an inversion."""
    if ", " not in term or re.search(r"\d,\d|[()\[\]]", term):
        return None
    parts = [p.strip() for p in term.split(", ")]
    if len(parts) > 3 or not all(parts):
        return None
    return " ".join(reversed(parts))


def _is_category(loc: str) -> bool:
    """MeSH headings that name a kind of use or a chemical class too broad to tag (D26.049, D27.505.954)."""
    depth = loc.count(".") + 1
    return depth <= 2 or (loc.startswith("D27") and depth <= 3)


def index_key(term: str) -> str:
    """Name comparison across vocabularies: case, hyphens and Greek spellings do not matter."""
    return re.sub(r"[\s\-]+", " ", spell_greek(term).lower()).strip()


def is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters) and len(term) <= 10


def inflect(term: str, label: str) -> str | None:
    """The other number of the last word (regular English only); None when unsure or pointless."""
    head, _, last = term.rpartition(" ")
    if len(last) < 4 or not last.isalpha() or is_acronym(last):
        return None
    low = last.lower()
    if low.endswith("ies"):
        other = last[:-3] + "y"
    elif low.endswith(("sses", "xes", "ches", "shes")):
        other = last[:-2]
    elif low.endswith("s") and not low.endswith(("ss", "us", "is", "as", "os", "ys")):
        other = last[:-1]
    elif label == "SUBSTANCE":
        return None  # chemical names have no plural worth matching
    elif low.endswith("y") and low[-2] not in "aeiou":
        other = last[:-1] + "ies"
    elif low.endswith(("s", "x", "ch", "sh")):
        other = last + "es"
    elif low.endswith(("ia", "itis", "osis", "emia", "pathy", "algia", "ism", "um", "ine", "ion", "ness")):
        return None  # mass nouns and Latin forms
    else:
        other = last + "s"
    return f"{head} {other}" if head else other


def _plural(term: str) -> str | None:
    last = term.rsplit(" ", 1)[-1]
    if last.lower() in {
        "receptor",
        "transporter",
        "channel",
        "adrenoceptor",
        "agonist",
        "antagonist",
        "inhibitor",
    }:
        return term + "s"
    return None


# -------------------------------------------------------------------------------- common words
def common_word_list(shared: Path, min_outside: int = 2, max_inside_ratio: float = 0.1) -> set[str]:
    """Words too common to be a one-word term, derived from unlabelled and labelled text at hand.

    spaCy's English stop words, plus words of the BC5CDR and NCBI-disease
    *training* abstracts that occur at least `min_outside` times outside
    gold mentions and rarely inside them, plus frequent GENIA words
    (biomedical prose) that those corpora rarely annotate. No dev/test
    data is used.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    words: set[str] = {w.lower() for w in STOP_WORDS}
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    corpora = shared / "corpora"
    trains = [
        corpora / "BC5CDR-PubTator" / "CDR_TrainingSet.PubTator.txt",
        corpora / "NCBI-disease-original" / "NCBItrainset_corpus.txt",
    ]
    for train in (p for p in trains if p.exists()):
        for text, mentions in _read_pubtator(train):
            mask = bytearray(len(text))
            for s, e, _t in mentions:
                mask[s:e] = b"\x01" * (e - s)
            for m in _WORD.finditer(text):
                w = m.group().lower()
                (inside if mask[m.start()] else outside)[w] += 1
    for w, n in outside.items():
        if n >= min_outside and inside[w] <= max_inside_ratio * (n + inside[w]):
            words.add(w)
    genia = shared / "corpora" / "GENIA-pos-sentences" / "GENIAtrain.pos"
    if genia.exists():
        counts: Counter[str] = Counter()
        with genia.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                for tok in line.split():
                    w = tok.rsplit("/", 1)[0].lower()
                    if w.isalpha():
                        counts[w] += 1
        for w, n in counts.items():
            if n >= 20 and inside[w] <= max_inside_ratio * (n + inside[w]):
                words.add(w)
    return words


def _read_pubtator(path: Path) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """(title + ' ' + abstract, [(start, end, type)]) per document."""
    title = abstract = ""
    mentions: list[tuple[int, int, str]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if title or abstract:
                    yield f"{title} {abstract}", mentions
                title = abstract = ""
                mentions = []
                continue
            if "|t|" in line[:20]:
                title = line.split("|t|", 1)[1]
            elif "|a|" in line[:20]:
                abstract = line.split("|a|", 1)[1]
            else:
                parts = line.split("\t")
                if len(parts) >= 5 and parts[1].isdigit():
                    mentions.append((int(parts[1]), int(parts[2]), parts[4]))
    if title or abstract:
        yield f"{title} {abstract}", mentions


# -------------------------------------------------------------------------------- sources
def mesh_candidates(vocab: Path, opts: BuildOptions) -> tuple[list[Candidate], dict[str, str]]:
    """MeSH terms by tree; returns candidates and descriptor id -> label (for merging DO/DrugBank)."""
    base = vocab / "MeSH-descriptors"
    trees: dict[str, list[str]] = defaultdict(list)
    with _need(base / "mesh_descriptor_trees.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            trees[r["DescriptorUI"]].append(r["tree_location"])
    actions: dict[str, set[str]] = defaultdict(set)
    with _need(base / "mesh_pharmacological_actions.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            actions[r["DescriptorUI"]].add(r["PharmActionName"])

    def label_of(ui: str) -> tuple[str | None, str | None]:
        locs = trees.get(ui, [])
        if any(loc.startswith(MECHANISM_TREES) for loc in locs):
            return "MECHANISM", None
        if any(loc.startswith(CONDITION_TREES) for loc in locs):
            return "CONDITION", None
        trees_ok = SUBSTANCE_TREES if opts.peptides else tuple(t for t in SUBSTANCE_TREES if t != "D12.644")
        sub_locs = [loc for loc in locs if loc.startswith(trees_ok) and not loc.startswith(EXCLUDED_TREES)]
        if opts.drop_categories and sub_locs and all(_is_category(loc) for loc in sub_locs):
            return None, None
        if sub_locs:
            if (
                ui in MEDIATOR_IDS
                or any(loc.rsplit(".", 1)[0] in MEDIATOR_PARENTS for loc in locs)
                or (
                    NEUROTRANSMITTER_ACTION in actions.get(ui, ())
                    and any(loc.startswith(ENDOGENOUS_TREES) for loc in locs)
                )
            ):
                return "MECHANISM", "SUBSTANCE"
            return "SUBSTANCE", None
        return None, None

    out: list[Candidate] = []
    labels: dict[str, str] = {}
    with _need(base / "mesh_descriptor_terms.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["IsPermutedTermYN"] != "N":
                continue
            ui = r["DescriptorUI"]
            label, alt = label_of(ui)
            if label is None:
                continue
            if opts.drop_lab_codes and r["LexicalTag"] == "LAB":
                continue
            labels[ui] = label
            cid = f"MESH:{ui}"
            canonical = r["DescriptorName"]
            canonical = (uninvert(canonical) or canonical) if opts.uninvert else canonical
            preferred = r["RecordPreferredTermYN"] == "Y"
            term = r["TermName"]
            out.append(Candidate(term, label, cid, canonical, "mesh", preferred, alt))
            if opts.uninvert:
                u = uninvert(term)
                if u:
                    out.append(Candidate(u, label, cid, canonical, "mesh", preferred, alt))
    return out, labels


def doid_candidates(vocab: Path, mesh_labels: dict[str, str], opts: BuildOptions) -> list[Candidate]:
    """DO labels and exact synonyms (2016 OBO + current labels + translation-file synonyms)."""
    base = vocab / "HumanDiseaseOntology"
    names: dict[str, str] = {}
    syns: dict[str, set[str]] = defaultdict(set)
    xref: dict[str, set[str]] = defaultdict(set)
    obsolete: set[str] = set()
    cur: str | None = None
    with _need(base / "doid_2016-09-01.obo").open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("[") and line != "[Term]":
                cur = None
            elif line == "[Term]":
                cur = None
            elif line.startswith("id: DOID:"):
                cur = line[4:]
            elif cur is None:
                continue
            elif line.startswith("name: "):
                names[cur] = line[6:]
            elif line.startswith("synonym: ") and line.rsplit('"', 1)[-1].strip().startswith("EXACT"):
                syns[cur].add(line.split('"')[1])
            elif line.startswith("xref: MESH:D"):
                xref[cur].add(line[6:].split()[0])
            elif line == "is_obsolete: true":
                obsolete.add(cur)
    with _need(base / "HumanDO.tsv").open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) >= 2 and row[0].startswith("DOID:"):
                names[row[0]] = row[1]  # current labels win over 2016
                obsolete.discard(row[0])
    with _need(base / "MESHinDO.tsv").open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) >= 3 and row[2].startswith("MESH:D"):
                xref[row[0]].add(row[2])
    trans = base / "doid_en_labels_synonyms_from_translation_files.tsv"
    if trans.exists():
        with trans.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["predicate"] in ("oboInOwl:hasExactSynonym", "rdfs:label"):
                    syns[row["doid"]].add(row["text"])
    out: list[Candidate] = []
    for doid in sorted(names):
        if doid in obsolete:
            continue
        mesh_ids = sorted(x for x in xref.get(doid, ()) if mesh_labels.get(x.split(":", 1)[1]) == "CONDITION")
        cid = mesh_ids[0] if len(mesh_ids) == 1 else doid
        name = names[doid]
        out.append(Candidate(name, "CONDITION", cid, name, "doid", True))
        for s in sorted(syns.get(doid, ())):
            out.append(Candidate(s, "CONDITION", cid, name, "doid", False))
    return out


def drugbank_candidates(vocab: Path, mesh_index: dict[str, str], opts: BuildOptions) -> list[Candidate]:
    """DrugBank common names + synonyms; a drug whose name is a MeSH substance term takes the MeSH id."""
    path = _need(vocab / "DrugBank-vocabulary" / "drugbank_vocabulary.csv")
    out: list[Candidate] = []
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = r["Common name"].strip()
            if not name:
                continue
            cid = mesh_index.get(index_key(name), f"DRUGBANK:{r['DrugBank ID']}")
            out.append(Candidate(name, "SUBSTANCE", cid, name, "drugbank", True))
            for s in r["Synonyms"].split(" | "):
                s = s.strip()
                if s and s != name:
                    out.append(Candidate(s, "SUBSTANCE", cid, name, "drugbank", False))
    return out


def iuphar_candidates(
    vocab: Path, mesh_index: dict[str, dict[str, str]], drugbank_index: dict[str, str], opts: BuildOptions
) -> list[Candidate]:
    """GtoPdb targets (MECHANISM) and ligands (SUBSTANCE)."""
    base = vocab / "GtoPdb-targets"
    out: list[Candidate] = []
    with _need(base / "targets_and_families_2025.3.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[1]
    col = {name: i for i, name in enumerate(header)}
    seen_targets: set[str] = set()
    for row in rows[2:]:
        tid = row[col["Target id"]]
        if tid in seen_targets:
            continue  # a target listed under several families
        seen_targets.add(tid)
        name = clean_html(row[col["Target name"]])
        family = clean_html(row[col["Family name"]])
        terms = [
            name,
            clean_html(row[col["Target abbreviated name"]]),
            clean_html(row[col["Target systematic name"]]),
        ]
        terms += [clean_html(s) for s in row[col["synonyms"]].split("|")]
        symbol = row[col["HGNC symbol"]].strip()
        if symbol:
            terms.append(symbol)
        variants: list[str] = []
        for t in terms:
            if not t:
                continue
            variants.append(t)
            spelled = spell_greek(t)
            if spelled != t:
                variants.append(spelled)
        # "μ receptor" in family "Opioid receptors" -> "μ-opioid receptor", "mu-opioid receptor"
        stem = family.lower().removesuffix(" receptors") if family.lower().endswith(" receptors") else None
        m = re.fullmatch(r"(\S+) receptor", name)
        if stem and m and " " not in stem and len(m.group(1)) <= 8:
            for head in {m.group(1), spell_greek(m.group(1))}:
                variants.append(f"{head}-{stem} receptor")
        for t in list(variants):
            p = _plural(t)
            if p:
                variants.append(p)
        # one concept, one id: the first name (family-style names, then the rest in order) that MeSH knows
        family_first = [v for v in variants if v.endswith("receptor") and "-" in v] + variants
        cid = next(
            (
                mesh_index["MECHANISM"][k]
                for k in map(index_key, family_first)
                if k in mesh_index["MECHANISM"]
            ),
            f"IUPHAR:T{tid}",
        )
        for i, t in enumerate(dict.fromkeys(variants)):
            if i and opts.drop_short_gene_synonyms and len(t) <= 4 and not is_acronym(t):
                continue
            if i and opts.drop_plain_word_synonyms and re.fullmatch(r"[A-Za-z][a-z]+", t):
                continue  # "Crash", "muscles": mouse-mutant and gene nicknames that are English words
            out.append(Candidate(t, "MECHANISM", cid, name, "iuphar", i == 0))
    with _need(base / "ligands_reduced_2024.1.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            kind = (r.get("Type") or "").strip()
            if kind == "Peptide" and not (r.get("Approved") or "").strip():
                continue  # mostly endogenous peptides and research tools
            name = clean_html(r["Name"])
            if not name:
                continue
            key = index_key(name)
            cid = mesh_index["SUBSTANCE"].get(key) or drugbank_index.get(key) or f"IUPHAR:L{r['Ligand ID']}"
            out.append(Candidate(name, "SUBSTANCE", cid, name, "iuphar", True))
            spelled = spell_greek(name)
            if spelled != name:
                out.append(Candidate(spelled, "SUBSTANCE", cid, name, "iuphar", False))
    return out


# -------------------------------------------------------------------------------- filters and assembly
def keep_term(term: str, opts: BuildOptions, common: set[str]) -> str | None:
    """None if the term passes every filter, else the name of the filter that drops it."""
    if len(term) < opts.min_chars:
        return "min_chars"
    if opts.drop_non_alpha and sum(c.isalpha() for c in term) * 2 < len(term):
        return "non_alpha"
    if opts.drop_formula_like and _FORMULA.search(term):
        return "formula_like"
    if len(term.split()) > opts.max_tokens:
        return "max_tokens"
    if opts.common_words:
        low = term.lower()
        if (" " not in low and low in common) or low in opts.extra_common:
            return "common_words"
    return None


def build_vocab(
    shared: Path,
    opts: BuildOptions | None = None,
    common: set[str] | None = None,
    curated: Path | None = None,
) -> tuple[list[dict], dict]:
    """All vocabulary entries (dicts in the lexicon JSONL format) and build statistics.

    `curated`: a curated lexicon whose concept ids take over vocabulary concepts that
    one of their preferred names matches (DrugBank "Kava" joins the curated MESH:D020901).
    """
    opts = opts or BuildOptions()
    vocab = shared / "vocab"
    if common is None:
        common = common_word_list(shared) if opts.common_words else set()
    stats: Counter[str] = Counter()
    mesh, mesh_labels = mesh_candidates(vocab, opts)
    # term -> MeSH id by label (preferred names first), for merging other sources into MeSH concepts
    mesh_index: dict[str, dict[str, str]] = {lab: {} for lab in _LABELS}
    for c in sorted(mesh, key=lambda c: (not c.preferred, c.concept_id)):
        mesh_index[c.label].setdefault(index_key(c.term), c.concept_id)
    cands: list[Candidate] = []
    if "mesh" in opts.sources:
        cands += mesh
    if "doid" in opts.sources:
        cands += doid_candidates(vocab, mesh_labels, opts)
    drugbank = drugbank_candidates(vocab, mesh_index["SUBSTANCE"], opts) if "drugbank" in opts.sources else []
    cands += drugbank
    drugbank_index: dict[str, str] = {}
    for c in drugbank:
        if c.preferred:
            drugbank_index.setdefault(index_key(c.term), c.concept_id)
    if "iuphar" in opts.sources:
        cands += iuphar_candidates(vocab, mesh_index, drugbank_index, opts)
    if opts.inflect:
        cands += [
            Candidate(v, c.label, c.concept_id, c.canonical, c.source, False, c.alt_label)
            for c in cands
            if (v := inflect(c.term, c.label))
        ]
    stats["candidates"] = len(cands)
    source_rank = {s: i for i, s in enumerate(("mesh", "doid", "drugbank", "iuphar"))}
    label_rank = {"MECHANISM": 0, "CONDITION": 1, "SUBSTANCE": 2}
    drug_code = re.compile(r"^[A-Z]{1,4}[- ]?\d{2,}[A-Z0-9-]*$")
    # group by match key (case-insensitive unless acronym)
    groups: dict[tuple[bool, str], list[Candidate]] = defaultdict(list)
    for c in cands:
        term = re.sub(r"\s+", " ", c.term).strip()
        why = keep_term(term, opts, common)
        if why is None and opts.drop_lab_codes and drug_code.match(term):
            why = "lab_codes"
        if why:
            stats[f"dropped_{why}"] += 1
            continue
        c.term = term
        cs = (opts.acronyms_case_sensitive and is_acronym(term)) or len(term) <= opts.short_case_sensitive
        groups[(cs, term if cs else term.lower())].append(c)
    if curated is not None and curated.exists():
        remap = _curated_remap(curated, cands)
        stats["concepts_joined_to_curated"] = len(remap)
        for c in cands:
            c.concept_id = remap.get(c.concept_id, c.concept_id)
    canonical: dict[str, str] = {}
    for c in sorted(cands, key=lambda c: (source_rank[c.source], not c.preferred, c.concept_id, c.canonical)):
        canonical.setdefault(c.concept_id, c.canonical)
    records: list[dict] = []
    for (cs, _key), group in groups.items():
        group.sort(
            key=lambda c: (source_rank[c.source], not c.preferred, label_rank[c.label], c.concept_id, c.term)
        )
        best = group[0]
        if opts.drop_ambiguous:
            rivals = {
                c.concept_id for c in group if c.source == best.source and c.concept_id != best.concept_id
            }
            if rivals and not best.preferred:
                stats["dropped_ambiguous"] += 1
                continue
        rec = {
            "term": best.term,
            "label": best.label,
            "canonical": canonical[best.concept_id],
            "concept_id": best.concept_id,
            "case_sensitive": cs,
            "source": best.source,
        }
        if best.alt_label:
            rec["alt_label"] = best.alt_label
        records.append(rec)
    records.sort(key=lambda r: (r["concept_id"], r["term"].lower(), r["term"]))
    stats["entries"] = len(records)
    stats["concepts"] = len({r["concept_id"] for r in records})
    for lab in _LABELS:
        stats[f"entries_{lab}"] = sum(r["label"] == lab for r in records)
    return records, dict(sorted(stats.items()))


def _curated_remap(curated: Path, cands: list[Candidate]) -> dict[str, str]:
    """Vocabulary concept id -> curated concept id, when a preferred name equals a curated term of the same label."""
    terms: dict[tuple[str, str], str] = {}
    with curated.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if r.get("concept_id") and not r.get("case_sensitive"):
                    terms.setdefault((r["label"], index_key(r["term"])), r["concept_id"])
    remap: dict[str, str] = {}
    for c in sorted(cands, key=lambda c: (c.concept_id, c.term)):
        if c.preferred and c.concept_id not in remap:
            target = terms.get((c.label, index_key(c.term)))
            if target and target != c.concept_id:
                remap[c.concept_id] = target
    return remap


def compact(records: Iterable[dict]) -> Iterator[str]:
    """JSONL lines with redundant fields omitted: canonical only on a concept's first line,
    case_sensitive only when true (the loader fills both back in)."""
    last_concept = None
    for r in records:
        out = {"term": r["term"], "label": r["label"], "concept_id": r["concept_id"]}
        if r["concept_id"] != last_concept:
            out["canonical"] = r["canonical"]
        if r["case_sensitive"]:
            out["case_sensitive"] = True
        out["source"] = r["source"]
        if r.get("alt_label"):
            out["alt_label"] = r["alt_label"]
        last_concept = r["concept_id"]
        yield json.dumps(out, ensure_ascii=False, sort_keys=False)


def write_vocab(records: list[dict], out_dir: Path, stats: dict, opts: BuildOptions) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / VOCAB_FILE
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as f:
        for line in compact(records):
            f.write(line + "\n")
    tmp.replace(path)
    meta = {
        "options": {
            k: (sorted(v) if isinstance(v, frozenset | tuple) else v) for k, v in asdict(opts).items()
        }
    }
    meta["stats"] = stats
    (out_dir / "vocab.stats.json").write_text(
        json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return path
