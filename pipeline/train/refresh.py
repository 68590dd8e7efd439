"""Refresh a trained model folder's rule parts from the checkout, without retraining anything.

A saved pipeline carries its own copy of the lexicon files (claimlens_lexicon/files) and
its own component list (config.cfg). After the lexicons or the rule components change,
`python -m pipeline.train.refresh models/claimlens-default` reloads the lexicon files
from data/lexicons, adds rule components the folder lacks (claimlens_mechanisms, after
claimlens_abbreviations) and saves the folder again. The trained weights (tok2vec, NER,
claim model) are written back unchanged; the command checks that their bytes are
identical and refuses to finish otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline.errors import ModelNotFound

# Rule components a trained folder must have, each after the component named beside it.
RULE_COMPONENTS: tuple[tuple[str, str], ...] = (("claimlens_mechanisms", "claimlens_abbreviations"),)
WEIGHT_DIRS: tuple[str, ...] = ("tok2vec", "ner", "claimlens_claim_model")


def _digests(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for sub in WEIGHT_DIRS:
        for f in sorted((folder / sub).rglob("*")) if (folder / sub).exists() else []:
            if f.is_file():
                out[str(f.relative_to(folder))] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def refresh(model_dir: Path) -> list[str]:
    """Reload lexicons, add missing rule components, save; returns what changed."""
    from pipeline.nlp.build import load_nlp

    if not (model_dir / "config.cfg").exists():
        raise ModelNotFound(f"{model_dir} has no config.cfg: pass a saved pipeline folder.")
    before = _digests(model_dir)
    nlp = load_nlp(model_dir)
    changes: list[str] = []
    lex = nlp.get_pipe("claimlens_lexicon")
    old = lex.version
    lex.load()  # the files named in its config, read from data/lexicons
    if lex.version != old:
        changes.append(f"claimlens_lexicon files {old} -> {lex.version}")
    for name, after in RULE_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, after=after)
            changes.append(f"added {name} after {after}")
    nlp.meta.pop("claimlens_version", None)  # recomputed by load_nlp from the components
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / model_dir.name
        nlp.to_disk(out)
        after_digests = _digests(out)
        if after_digests != before:
            raise RuntimeError("refresh would change trained weights; nothing was written")
        for item in out.iterdir():
            target = model_dir / item.name
            if item.is_dir():
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(item, target)
            else:
                shutil.copy2(item, target)
    return changes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir", type=Path)
    args = ap.parse_args(argv)
    for line in refresh(args.model_dir) or ["nothing to refresh"]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
