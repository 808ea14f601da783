"""What each import's rows cover (first and last key date, undated rows, marketplaces) in `meta.imports`, so an undo
re-parses only the imports that can share rows with the one undone (warehouse.ingest.undo.overlapping_imports)."""

from __future__ import annotations

from warehouse.formats import all_formats

COVERAGE_COLUMNS = [("data_start", "DATE"), ("data_end", "DATE"), ("data_undated", "BOOLEAN"),
                    ("data_markets", "VARCHAR[]")]  # fmt: skip


def ensure_import_coverage(cur) -> None:
    """Adds what each import's rows cover to `meta.imports` (warehouse.ingest.parse.coverage_sql), once per warehouse.

    New imports record it when they load. For older imports it is backfilled from the raw tables where the import's
    rows are all there (`rows_present = 0`: every row of its file is stored under its own id); the others keep NULL,
    which undo reads as "may share rows with any import" (it re-parses them, as before). Cheap when done (one
    catalog query): kept out of MIGRATIONS so the code fingerprint, and with it the materialised marts, stay valid.
    """
    # `describe` of the one table: duckdb_columns() would bind every unbound view (warehouse/core/views.py)
    if "data_markets" in {r[0] for r in cur.sql("describe meta.imports").fetchall()}:
        return
    cur.execute("begin")
    try:
        for name, typ in COVERAGE_COLUMNS:
            cur.execute(f"alter table meta.imports add column if not exists {name} {typ}")
        backfill_import_coverage(cur)
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise


def backfill_import_coverage(cur) -> None:
    """Fills the coverage of active imports that lack it from their raw rows when all of them are stored under the
    import (`rows_present = 0`); also used by bench/bigwh.py for its generated imports."""
    from warehouse.ingest.parse import coverage_sql

    tables = {r[0] for r in cur.sql("select schema_name || '.' || table_name from duckdb_tables()").fetchall()}
    for fmt in all_formats():
        sql = coverage_sql(fmt, fmt.table, "import_id")
        if sql is None or fmt.table not in tables:
            continue
        cur.execute(
            f"update meta.imports as i set data_start = c.data_start, data_end = c.data_end, data_undated = "
            f"c.data_undated, data_markets = c.data_markets from ({sql}) as c where c.import_id = i.import_id "
            "and i.format_id = ? and i.status = 'active' and i.rows_present = 0 and i.data_undated is null",
            [fmt.id],
        )
