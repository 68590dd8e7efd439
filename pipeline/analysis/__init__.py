"""Analyst tools over a written output: DuckDB views, highlighted documents, the HTML report, `show`."""
