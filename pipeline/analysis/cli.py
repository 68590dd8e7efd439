"""`claimlens report`, mounted on the main app by pipeline.cli."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def report(
    out: Annotated[Path, typer.Argument(help="A `claimlens run` output folder.")],
    dest: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("report.html"),
    max_claims: Annotated[
        int, typer.Option(help="Claims embedded in the explorer table (the figures always count all).")
    ] = 50_000,
    title: Annotated[str | None, typer.Option(help="Page title (default: from the folder name).")] = None,
) -> None:
    """Write one self-contained HTML report: headline figures, charts and a searchable claims table."""
    from pipeline.analysis.report import write_report
    from pipeline.errors import ClaimLensError

    try:
        path = write_report(out, dest, max_claims=max_claims, title=title)
    except ClaimLensError as exc:
        typer.echo(f"claimlens: error {exc}", err=True)
        raise typer.Exit(2) from None
    size = path.stat().st_size
    typer.echo(f"wrote {path} ({size / 1024:,.0f} KB); open it in a browser, it needs no network")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
