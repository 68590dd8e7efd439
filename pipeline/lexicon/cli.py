"""`claimlens lexicon ...`: build the open-vocabulary lexicon and look terms up."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from pipeline.paths import lexicon_dir, shared_dir

lexicon_app = typer.Typer(
    help="Build and inspect the tagging lexicons (data/lexicons).", no_args_is_help=True
)


@lexicon_app.command("build")
def build_cmd(
    shared: Annotated[
        Path, typer.Option(help="Folder holding vocab/ (and corpora/ for the common-word list).")
    ] = None,  # type: ignore[assignment]
    out: Annotated[Path, typer.Option(help="Where vocab.jsonl and vocab.stats.json are written.")] = None,  # type: ignore[assignment]
    no_common_words: Annotated[bool, typer.Option(help="Keep one-word terms that are common words.")] = False,
    case_insensitive_acronyms: Annotated[
        bool, typer.Option(help="Match all-caps terms in any case.")
    ] = False,
) -> None:
    """Build data/lexicons/vocab.jsonl from MeSH, Disease Ontology, DrugBank and GtoPdb."""
    from pipeline.lexicon.build import BuildOptions, build_vocab, write_vocab

    shared = shared or shared_dir()
    out = out or lexicon_dir()
    opts = BuildOptions(
        common_words=not no_common_words, acronyms_case_sensitive=not case_insensitive_acronyms
    )
    t0 = time.perf_counter()
    records, stats = build_vocab(shared, opts, curated=lexicon_dir() / "curated.jsonl")
    path = write_vocab(records, out, stats, opts)
    size = path.stat().st_size / 1e6
    typer.echo(
        f"wrote {path} ({stats['entries']:,} entries, {stats['concepts']:,} concepts, {size:.1f} MB) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    for k, v in stats.items():
        if k.startswith(("dropped_", "entries_")):
            typer.echo(f"  {k}: {v:,}")


@lexicon_app.command("lookup")
def lookup_cmd(
    terms: Annotated[list[str], typer.Argument(help="Terms to look up.")],
    lexicons: Annotated[
        list[str], typer.Option("--lexicon", help="Lexicon files, in priority order.")
    ] = None,  # type: ignore[assignment]
) -> None:
    """Show what each term resolves to (label, canonical name, concept id, source)."""
    from pipeline.nlp.lexicon import Lexicon

    names = lexicons or [n for n in ("curated.jsonl", "vocab.jsonl") if (lexicon_dir() / n).exists()]
    lex = Lexicon.load(names, blocklist="blocklist.txt")
    for term in terms:
        e = lex.lookup(term)
        if e is None:
            typer.echo(f"{term}\t-")
        elif not e.label:
            typer.echo(f"{term}\tblocked")
        else:
            typer.echo(f"{term}\t{e.label}\t{e.canonical}\t{e.concept_id}\t{e.source}")
