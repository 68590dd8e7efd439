"""`claimlens train [ner|claims|all]`: retrain the shipped models (mounted by pipeline/cli.py via `register`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

WHAT = ("ner", "claims", "all")


def train_cmd(
    what: Annotated[str, typer.Argument(help="ner, claims (on the last NER) or all.")] = "all",
    out: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="Write the assembled pipeline here (e.g. models/claimlens-default)."),
    ] = None,
    work: Annotated[
        Path | None, typer.Option("--work", help="Work folder for corpora and checkpoints (default ~/.cache/claimlens/train).")
    ] = None,
    mechanism: Annotated[
        str, typer.Option(help="BC5CDR chemicals the lexicon reads as MECHANISM: 'lexicon' relabels them, 'keep' does not.")
    ] = "lexicon",
    pretrain: Annotated[bool, typer.Option(help="Pretrain the tok2vec on unlabelled text first.")] = True,
    init_tok2vec: Annotated[
        Path | None,
        typer.Option("--init-tok2vec", help="Pretrained tok2vec weights (model*.bin of an earlier pretraining); skips pretraining."),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="First N documents of each source (smoke runs).")] = None,
    max_steps: Annotated[int | None, typer.Option(min=1, help="Stop the NER after N updates (smoke runs).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Retrain from /work/shared corpora and data/ with fixed seeds (see models/claimlens-default/README.md)."""
    from pipeline.train.driver import TrainSettings, run

    if what not in WHAT:
        typer.echo(f"claimlens: error train what must be one of {', '.join(WHAT)}, not {what!r}", err=True)
        raise typer.Exit(2)
    if mechanism not in ("lexicon", "keep"):
        typer.echo("claimlens: error --mechanism must be lexicon or keep", err=True)
        raise typer.Exit(2)
    settings = TrainSettings(
        mechanism=mechanism, pretrain=pretrain, init_tok2vec=init_tok2vec, limit=limit, max_steps=max_steps
    )
    if work is not None:
        settings.work = work
    result = run(what, settings, out=out, say=None if as_json else typer.echo)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
    else:
        typer.echo(f"pipeline written to {result['model']} in {result['seconds']} s")


def register(app: typer.Typer) -> None:
    """Add `train` to the main `claimlens` app."""
    app.command("train")(train_cmd)
