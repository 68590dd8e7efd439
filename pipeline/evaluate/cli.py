"""`claimlens evaluate` and `claimlens benchmark`.

Mounted by pipeline/cli.py through `register(app)`. The same commands are
also available as the Typer apps `evaluate_app` and `benchmark_app` (each
runs its command by default, for ``app.add_typer(evaluate_app, name="evaluate")``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.errors import ClaimLensError, InputNotFound

BENCHMARK_CHOICES = ("bc5cdr", "ncbi", "pysbd", "genia", "all")


def _load_nlp(model: str | None) -> Any:
    if model is None:
        return None
    from pipeline.nlp.build import load_nlp

    return load_nlp(model)


def _fail(message: str) -> None:
    typer.echo(f"claimlens: error {message}", err=True)
    raise typer.Exit(2)


def evaluate_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file (data/gold/FORMAT.md), e.g. data/gold/dev.jsonl.")],
    pred: Annotated[
        Path | None,
        typer.Option("--pred", help="Score this `claimlens run` output folder instead of running the pipeline."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    model: Annotated[
        str | None, typer.Option("--model", help="Pipeline: 'rules', a .cfg, or a model folder.")
    ] = None,
) -> None:
    """Score the pipeline against a gold file: sentences, entities, claims, evidence, attributes."""
    from pipeline.evaluate.render import print_report
    from pipeline.evaluate.run import evaluate_gold

    if not gold.is_file():
        _fail(str(InputNotFound(f"gold file {gold} not found; build it with `python -m pipeline.evaluate.goldsrc`.")))
    try:
        report = evaluate_gold(gold, pred_dir=pred, nlp=None if pred is not None else _load_nlp(model))
    except ClaimLensError as exc:
        _fail(str(exc))
    except ValueError as exc:  # invalid gold record or prediction table
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_report(report)


def benchmark_cmd(
    corpus: Annotated[
        str, typer.Option("--corpus", help=f"One of {', '.join(BENCHMARK_CHOICES)}.")
    ] = "all",
    split: Annotated[
        str, typer.Option("--split", help="Corpus split (pySBD golden rules have none). Never tune on test.")
    ] = "test",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    model: Annotated[
        str | None, typer.Option("--model", help="Pipeline: 'rules', a .cfg, or a model folder.")
    ] = None,
) -> None:
    """Score the pipeline on public corpora: BC5CDR, NCBI-disease, pySBD golden rules, GENIA."""
    from rich.console import Console

    from pipeline.evaluate.benchmarks import CORPORA, run_benchmarks
    from pipeline.evaluate.render import print_report

    if corpus not in BENCHMARK_CHOICES:
        _fail(f"--corpus must be one of {', '.join(BENCHMARK_CHOICES)}, not {corpus!r}")
    names = CORPORA if corpus == "all" else (corpus,)
    console = Console()

    def show(name: str, result: dict[str, Any]) -> None:
        if not as_json:  # print each as it finishes: the whole set takes minutes
            print_report({"benchmarks": {name: result}}, console)

    try:
        report = run_benchmarks(names, split=split, limit=limit, nlp=_load_nlp(model), on_done=show)
    except ClaimLensError as exc:
        _fail(str(exc))
    except ValueError as exc:  # unknown split
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))


evaluate_app = typer.Typer(
    add_completion=False, pretty_exceptions_enable=False, context_settings={"allow_interspersed_args": True}
)
evaluate_app.callback(invoke_without_command=True)(evaluate_cmd)

benchmark_app = typer.Typer(
    add_completion=False, pretty_exceptions_enable=False, context_settings={"allow_interspersed_args": True}
)
benchmark_app.callback(invoke_without_command=True)(benchmark_cmd)


def register(app: typer.Typer) -> None:
    """Add `evaluate` and `benchmark` to the main `claimlens` app."""
    app.command("evaluate")(evaluate_cmd)
    app.command("benchmark")(benchmark_cmd)
