"""SQL over a written output folder: DuckDB views, and the queries the notebook and report share.

`connect(out)` gives views `documents`, `sentences`, `entities`, `claims`
over the files of any output format (nothing is copied: the views read
the files when queried) and `claim_triples`, the claims flattened to one
row per substance x target.

claim_triples keeps every claim: a claim that names no substance has
substance NULL, one that names no condition or mechanism has target NULL
(so `count(DISTINCT (doc_id, sent_idx))` over it equals the claims count).
The substance->target helpers below drop the NULL sides themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from pipeline.errors import NotAnOutputFolder
from pipeline.schema import COLUMNS, ENTITY_LABELS, EVIDENCE_ORDER, SCHEMAS
from pipeline.write import table_path

TABLES: tuple[str, ...] = tuple(COLUMNS)


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _duck_type(typ: pa.DataType) -> str:
    if pa.types.is_list(typ):
        return _duck_type(typ.value_type) + "[]"
    if pa.types.is_boolean(typ):
        return "BOOLEAN"
    if pa.types.is_integer(typ):
        return "BIGINT"
    if pa.types.is_floating(typ):
        return "DOUBLE"
    return "VARCHAR"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _empty_select(table: str) -> str:
    cols = ", ".join(f"CAST(NULL AS {_duck_type(f.type)}) AS {_q(f.name)}" for f in SCHEMAS[table])
    return f"SELECT {cols} WHERE false"


def _columns_struct(table: str, *, all_text: bool = False) -> str:
    items = ", ".join(
        f"{_sql_str(f.name)}: {_sql_str('VARCHAR' if all_text else _duck_type(f.type))}"
        for f in SCHEMAS[table]
    )
    return "{" + items + "}"


def _table_select(table: str, path: Path) -> str:
    """A SELECT with the schema's columns, in order and type, whatever the file format."""
    names = ", ".join(_q(c) for c in COLUMNS[table])
    if path.suffix == ".parquet":
        parts = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        if not parts:
            return _empty_select(table)
        glob = str(path / "*.parquet") if path.is_dir() else str(path)
        return f"SELECT {names} FROM read_parquet({_sql_str(glob)})"
    if path.stat().st_size == 0:
        return _empty_select(table)
    if path.suffix == ".jsonl":
        return (
            f"SELECT {names} FROM read_json({_sql_str(str(path))}, format='newline_delimited', "
            f"columns={_columns_struct(table)})"
        )
    # CSV: every field is text (lists are JSON arrays, booleans True/False); cast per column.
    casts = []
    for f in SCHEMAS[table]:
        t = _duck_type(f.type)
        if t.endswith("[]"):
            casts.append(f"coalesce(from_json({_q(f.name)}, '[\"VARCHAR\"]'), []::VARCHAR[]) AS {_q(f.name)}")
        elif t == "VARCHAR" and not f.nullable:  # CSV cannot tell "" from missing; the schema can
            casts.append(f"coalesce({_q(f.name)}, '') AS {_q(f.name)}")
        elif t == "VARCHAR":
            casts.append(_q(f.name))
        else:
            casts.append(f"CAST({_q(f.name)} AS {t}) AS {_q(f.name)}")
    return (
        f"SELECT {', '.join(casts)} FROM read_csv({_sql_str(str(path))}, header=true, auto_detect=false, "
        f"delim=',', quote='\"', escape='\"', columns={_columns_struct(table, all_text=True)})"
    )


CLAIM_TRIPLES_SQL = """
CREATE OR REPLACE VIEW claim_triples AS
WITH subs AS (
    SELECT doc_id, sent_idx, unnest(substances) AS substance,
           unnest(generate_series(1, len(substances))) AS s_pos
    FROM claims
), targets AS (
    SELECT doc_id, sent_idx, unnest(conditions) AS target, 'CONDITION' AS target_label,
           unnest(generate_series(1, len(conditions))) AS t_pos
    FROM claims
    UNION ALL
    SELECT doc_id, sent_idx, unnest(mechanisms) AS target, 'MECHANISM' AS target_label,
           unnest(generate_series(1, len(mechanisms))) + 100000 AS t_pos
    FROM claims
)
SELECT c.doc_id, c.sent_idx, s.substance, t.target, t.target_label,
       c.evidence, c.claim_type, c.hedged, c.negated, c.evidence_cue,
       c.start, c."end", c.text AS sentence
FROM claims c
LEFT JOIN subs s ON s.doc_id = c.doc_id AND s.sent_idx = c.sent_idx
LEFT JOIN targets t ON t.doc_id = c.doc_id AND t.sent_idx = c.sent_idx
ORDER BY c.doc_id, c.sent_idx, s.s_pos NULLS FIRST, t.t_pos NULLS FIRST
"""


def connect(out: str | Path, *, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """Open DuckDB with views over a `claimlens run` output folder (parquet, jsonl or csv).

    Views hold absolute file paths, so a file `database` keeps working from any directory.
    """
    out = Path(out).resolve()
    if not (out / "manifest.json").is_file():
        raise NotAnOutputFolder(f"{out} has no manifest.json; is it a `claimlens run` output folder?")
    con = duckdb.connect(database)
    for table in TABLES:
        con.execute(f"CREATE OR REPLACE VIEW {table} AS {_table_select(table, table_path(out, table))}")
    con.execute(CLAIM_TRIPLES_SQL)
    return con


def read_manifest(out: str | Path) -> dict[str, Any]:
    return json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))


# --- shared queries -------------------------------------------------------------------------------

_EVIDENCE_COUNTS = ", ".join(f"count(*) FILTER (WHERE evidence = '{e}') AS {e}" for e in EVIDENCE_ORDER)
_ATTRS = "avg(CAST(hedged AS DOUBLE)) AS hedged_share, avg(CAST(negated AS DOUBLE)) AS negated_share"


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Headline figures: counts per table, claims per evidence / claim_type, entities per label, skips."""
    docs = con.execute(
        "SELECT count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status <> 'ok'), "
        "coalesce(sum(n_words), 0) FROM documents"
    ).fetchone()
    n_sentences = con.execute("SELECT count(*) FROM sentences").fetchone()[0]
    n_claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    by_evidence = dict(con.execute("SELECT evidence, count(*) FROM claims GROUP BY 1").fetchall())
    by_type = dict(con.execute("SELECT claim_type, count(*) FROM claims GROUP BY 1").fetchall())
    by_label = dict(con.execute("SELECT label, count(*) FROM entities GROUP BY 1").fetchall())
    attrs = con.execute(
        "SELECT count(*) FILTER (WHERE hedged), count(*) FILTER (WHERE negated) FROM claims"
    ).fetchone()
    skipped = con.execute(
        "SELECT coalesce(split_part(reason, ':', 1), 'unknown') AS r, count(*) AS n FROM documents "
        "WHERE status <> 'ok' GROUP BY 1 ORDER BY n DESC, r"
    ).fetchall()
    return {
        "documents": docs[0] + docs[1],
        "documents_ok": docs[0],
        "documents_skipped": docs[1],
        "words": int(docs[2]),
        "sentences": n_sentences,
        "claims": n_claims,
        "evidence": {e: by_evidence.get(e, 0) for e in EVIDENCE_ORDER},
        "claim_type": {t: by_type.get(t, 0) for t in ("benefit", "harm", "mechanism")},
        "entities": {lab: by_label.get(lab, 0) for lab in ENTITY_LABELS},
        "hedged": attrs[0],
        "negated": attrs[1],
        "skipped": dict(skipped),
    }


def evidence_by_substance(con: duckdb.DuckDBPyConnection, *, top: int | None = None) -> pd.DataFrame:
    """Claims per substance split by evidence (a claim counts once per substance it names)."""
    limit = f"LIMIT {int(top)}" if top else ""
    return _df(
        con,
        f"""
        WITH c AS (SELECT DISTINCT doc_id, sent_idx, substance, evidence, hedged, negated
                   FROM claim_triples WHERE substance IS NOT NULL)
        SELECT substance, count(*) AS claims, {_EVIDENCE_COUNTS}, {_ATTRS},
               count(DISTINCT doc_id) AS documents
        FROM c GROUP BY substance ORDER BY claims DESC, substance {limit}
        """,
    )


def evidence_by_target(
    con: duckdb.DuckDBPyConnection, *, label: str = "CONDITION", top: int | None = None
) -> pd.DataFrame:
    """Claims per condition (or mechanism, label='MECHANISM') split by evidence."""
    limit = f"LIMIT {int(top)}" if top else ""
    return _df(
        con,
        f"""
        WITH c AS (SELECT DISTINCT doc_id, sent_idx, target, evidence, hedged, negated
                   FROM claim_triples WHERE target_label = ?)
        SELECT target AS {"condition" if label == "CONDITION" else "mechanism"}, count(*) AS claims,
               {_EVIDENCE_COUNTS}, {_ATTRS}, count(DISTINCT doc_id) AS documents
        FROM c GROUP BY target ORDER BY claims DESC, target {limit}
        """,
        [label],
    )


def evidence_by_condition(con: duckdb.DuckDBPyConnection, *, top: int | None = None) -> pd.DataFrame:
    return evidence_by_target(con, label="CONDITION", top=top)


def attribute_shares(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Hedged and negated shares of claims per evidence level, plus an 'all' row."""
    df = _df(
        con,
        f"""
        SELECT evidence, count(*) AS claims, count(*) FILTER (WHERE hedged) AS hedged,
               count(*) FILTER (WHERE negated) AS negated, {_ATTRS}
        FROM claims GROUP BY evidence
        UNION ALL
        SELECT 'all', count(*), count(*) FILTER (WHERE hedged), count(*) FILTER (WHERE negated), {_ATTRS}
        FROM claims
        """,
    )
    order = {e: i for i, e in enumerate((*EVIDENCE_ORDER, "all"))}
    df = df.sort_values("evidence", key=lambda s: s.map(order)).reset_index(drop=True)
    df[["hedged_share", "negated_share"]] = df[["hedged_share", "negated_share"]].fillna(0.0)
    return df


def claims_by_evidence_and_type(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Cross-tab: one row per evidence level, one column per claim_type (zeros included)."""
    df = _df(
        con,
        """
        SELECT evidence,
               count(*) FILTER (WHERE claim_type = 'benefit') AS benefit,
               count(*) FILTER (WHERE claim_type = 'harm') AS harm,
               count(*) FILTER (WHERE claim_type = 'mechanism') AS mechanism,
               count(*) AS total
        FROM claims GROUP BY evidence
        """,
    ).set_index("evidence")
    return df.reindex(list(EVIDENCE_ORDER), fill_value=0).rename_axis("evidence").reset_index()


def top_pairs(
    con: duckdb.DuckDBPyConnection, *, n: int = 20, label: str | None = "CONDITION"
) -> pd.DataFrame:
    """The substance->target pairs named together in most claims, with their evidence split.

    `best_evidence` is the strongest level among the pair's claims (clinical > preclinical >
    anecdotal > unspecified); label=None pairs substances with conditions and mechanisms.
    """
    where = "substance IS NOT NULL AND target IS NOT NULL"
    params: list[Any] = []
    if label:
        where += " AND target_label = ?"
        params.append(label)
    rank = " ".join(f"WHEN '{e}' THEN {i}" for i, e in enumerate(EVIDENCE_ORDER))
    best = " ".join(f"WHEN {i} THEN '{e}'" for i, e in enumerate(EVIDENCE_ORDER))
    return _df(
        con,
        f"""
        WITH t AS (SELECT *, CASE evidence {rank} END AS ev_rank FROM claim_triples WHERE {where})
        SELECT substance, target, target_label, count(*) AS claims, {_EVIDENCE_COUNTS},
               CASE min(ev_rank) {best} END AS best_evidence, {_ATTRS},
               count(DISTINCT doc_id) AS documents
        FROM t GROUP BY substance, target, target_label
        ORDER BY claims DESC, min(ev_rank), substance, target
        LIMIT {int(n)}
        """,
        params,
    )


def skipped_reasons(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(
        con,
        "SELECT coalesce(split_part(reason, ':', 1), 'unknown') AS reason, count(*) AS documents, "
        "min(source) AS example FROM documents WHERE status <> 'ok' GROUP BY 1 ORDER BY documents DESC, reason",
    )
