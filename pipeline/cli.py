"""The `claimlens` command: a thin Typer layer over plain functions."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from pipeline import __version__
from pipeline.engine.shards import DEFAULT_MAX_CHARS
from pipeline.errors import ClaimLensError

app = typer.Typer(
    name="claimlens",
    help="Extract health claims (substances, conditions, mechanisms, evidence) from articles into tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(exc: ClaimLensError) -> None:
    typer.echo(f"claimlens: error {exc}", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimlens {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = None,
) -> None:
    """ClaimLens command-line interface."""


def _default_inputs() -> list[Path]:
    from pipeline.paths import samples_dir

    local = Path("data/samples")
    return [local if local.exists() else samples_dir()]


@app.command()
def run(
    inputs: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: data/samples).")] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("claimlens-out"),
    fmt: Annotated[str, typer.Option("--format", help="parquet, jsonl or csv.")] = "parquet",
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Processes (default: all cores).")] = None,
    model: Annotated[
        str | None, typer.Option(help="Pipeline: 'rules', a .cfg, a model folder, or FOLDER@models-only.")
    ] = None,
    text_field: Annotated[str, typer.Option(help="Text column of JSONL/CSV/Parquet input.")] = "text",
    id_field: Annotated[str | None, typer.Option(help="Id column of tabular input.")] = None,
    url_field: Annotated[str | None, typer.Option(help="URL column of tabular input.")] = None,
    title_field: Annotated[str | None, typer.Option(help="Title column of tabular input.")] = None,
    html_timeout: Annotated[float, typer.Option(help="Seconds allowed per HTML page.")] = 10.0,
    html_extractor: Annotated[
        str, typer.Option(help="Main text of HTML and WARC pages: fast (default), cascade, trafilatura or resiliparse.")
    ] = "fast",
    files_per_shard: Annotated[int, typer.Option(help="Input files per output part.")] = 64,
    shard_mb: Annotated[
        float,
        typer.Option(min=0.01, help="Input megabytes per output part; larger JSONL/Parquet files are split."),
    ] = 16,
    max_chars: Annotated[
        int,
        typer.Option(min=1000, help="Longest document text processed; a longer one is cut there (its reason says so)."),
    ] = DEFAULT_MAX_CHARS,
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (with --engine dask).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing output folder.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Turn articles into the documents, sentences, entities and claims tables."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from pipeline.engine.shards import IngestOptions
    from pipeline.run import run as run_fn
    from pipeline.summary import summary_lines
    from pipeline.write import FORMATS

    if fmt not in FORMATS:
        typer.echo(f"claimlens: error --format must be one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    if engine not in ("local", "dask"):
        typer.echo("claimlens: error --engine must be local or dask", err=True)
        raise typer.Exit(2)
    from pipeline.ingest.html_page import check_extractor

    try:
        check_extractor(html_extractor)
    except ClaimLensError as exc:
        _fail(exc)
    console = Console(stderr=True)
    ingest = IngestOptions(text_field, id_field, url_field, title_field, html_timeout, html_extractor)
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[docs]:,} docs  {task.fields[words]:,} words  {task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
        transient=False,
    )
    state = {"task": None, "docs": 0, "words": 0, "t0": time.perf_counter()}

    def on_start(total: int, done: int) -> None:
        if done:
            console.print(f"resuming: {done} of {total} parts already done")
        state["task"] = progress.add_task("parts", total=total, completed=done, docs=0, words=0, rate="")

    def on_progress(docs: int, words: int) -> None:
        state["docs"] += docs
        state["words"] += words
        rate = state["words"] / max(time.perf_counter() - state["t0"], 1e-9)
        progress.update(state["task"], docs=state["docs"], words=state["words"], rate=f"{rate:,.0f} w/s")

    def on_shard(_marker: dict) -> None:
        progress.advance(state["task"])

    def on_note(note: str) -> None:
        console.print(note)

    try:
        with progress:
            result = run_fn(
                [str(p) for p in (inputs or _default_inputs())],
                out,
                model=model,
                workers=workers,
                fmt=fmt,
                overwrite=overwrite,
                ingest=ingest,
                files_per_shard=files_per_shard,
                shard_mb=shard_mb,
                max_chars=max_chars,
                engine=engine,
                scheduler=scheduler,
                on_start=on_start,
                on_progress=on_progress,
                on_shard=on_shard,
                on_note=on_note,
            )
    except ClaimLensError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        typer.echo(
            f"claimlens: interrupted; finished parts are kept in the staging folder beside {out}. "
            "Run the same command again to resume.",
            err=True,
        )
        raise typer.Exit(130) from None
    if result.already_complete:
        typer.echo(f"{result.out} is already complete for these inputs; nothing to do (use --overwrite to redo).")
    else:
        typer.echo(f"wrote {result.out}")
    for line in summary_lines(result.counts, seconds=result.seconds or None, words_processed=result.words_processed):
        typer.echo(line)
    if result.counts.get("documents_ok", 0) == 0 and not result.already_complete:
        typer.echo("claimlens: no document could be processed", err=True)
        raise typer.Exit(1)


@app.command()
def show(out: Annotated[Path, typer.Argument(help="A `claimlens run` output folder.")]) -> None:
    """Print the summary and top tables of a written output folder."""
    from rich.console import Console

    from pipeline.analysis.show import render_show

    try:
        render_show(out, Console())
    except ClaimLensError as exc:
        _fail(exc)


def _mount_subapps() -> None:
    """Sub-commands owned by their packages; each is optional until it exists."""
    import importlib

    for module, attr, name in (
        ("pipeline.evaluate.cli", "register", None),
        ("pipeline.lexicon.cli", "lexicon_app", "lexicon"),
        ("pipeline.train.cli", "register", None),
        ("pipeline.analysis.cli", "register", None),
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("pipeline"):
                continue
            raise
        obj = getattr(mod, attr, None)
        if obj is None:
            continue
        if name:
            app.add_typer(obj, name=name)
        else:
            obj(app)


_mount_subapps()


def main() -> None:
    try:
        app()
    except ClaimLensError as exc:  # raised outside a command's own handling
        print(f"claimlens: error {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
