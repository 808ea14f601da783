"""Compares the materialised marts of two warehouses row by row: an incremental result against a full rebuild.

    .venv/bin/python bench/compare_marts.py INCREMENTAL.duckdb FULL.duckdb

Reads every table of the schemas marts_mat (the writer's marts) and marts_base (the per-base copies the pages read)
in both files (read-only). Per table the non-floating columns are the key: both sides are grouped by it (rows per
key, and the sum of every DOUBLE column), the groups joined (NULL keys equal), and a key is reported when its row
counts differ or a sum differs by more than 1e-6 of its size (at least 1e-6): floating sums in another order differ
in their last bits (at 5M order lines: up to 7e-8 CNY on a month's sales by SKU), which is not a different number.

Bookkeeping tables whose rows legitimately depend on the history are left out (EXCLUDE, with the reason).
Prints one line per table and exits 1 when any table differs; `compare` returns the same as a dict.
"""

from __future__ import annotations

import sys

import duckdb

SCHEMAS = ("marts_mat", "marts_base")
# table: why its rows may differ between an incremental sequence and a full rebuild of the same imports
EXCLUDE = {
    "marts_mat.order_first_days": "each refresh appends its delta's orders; a full rebuild compacts (a lower bound only)",
    "marts_mat.refresh_state": "timings and the refresh mode",
    "marts_base.state": "the key of the refresh the copies were made by",
    "marts_base.built": "when each copy was made",
}
TOLERANCE = 1e-6


def _tables(con, catalog: str) -> list[tuple[str, str]]:
    rows = con.sql(
        "select schema_name, table_name from duckdb_tables() where database_name = ? and schema_name in "
        "(select unnest(?::VARCHAR[])) and not temporary order by 1, 2",
        params=[catalog, list(SCHEMAS)],
    ).fetchall()
    return [(s, t) for s, t in rows if f"{s}.{t}" not in EXCLUDE]


def _columns(con, catalog: str, schema: str, table: str) -> list[tuple[str, str]]:
    return con.sql(
        "select column_name, data_type from duckdb_columns() where database_name = ? and schema_name = ? "
        "and table_name = ? order by column_index",
        params=[catalog, schema, table],
    ).fetchall()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def compare_table(con, left: str, right: str, schema: str, table: str, limit: int = 3) -> dict:
    """Returns {"rows": rows on the left, "keys_differ": keys whose row count or a DOUBLE sum differs,
    "max_abs": the largest absolute difference of a sum within tolerance, "examples": up to `limit` differing keys}
    for `schema.table` of the attached catalogs `left` and `right`. Raises what DuckDB raises (a column missing on
    one side: the layouts differ)."""
    cols = _columns(con, left, schema, table)
    keys = [c for c, t in cols if t not in ("DOUBLE", "FLOAT")]
    vals = [c for c, t in cols if t in ("DOUBLE", "FLOAT")]
    items = [_q(k) for k in keys] + [f"sum({_q(v)}) as {_q(v)}" for v in vals] + ["count(*) as n__"]
    sel = {
        x: f"select {', '.join(items)} from {cat}.{_q(schema)}.{_q(table)}" + (" group by all" if keys else "")
        for x, cat in (("a", left), ("b", right))
    }
    on = " and ".join(f"a.{_q(k)} is not distinct from b.{_q(k)}" for k in keys) or "true"
    diffs = [f"abs(coalesce(a.{_q(v)}, 0) - coalesce(b.{_q(v)}, 0))" for v in vals]
    sizes = [f"greatest(1, abs(coalesce(a.{_q(v)}, 0)), abs(coalesce(b.{_q(v)}, 0)))" for v in vals]
    off = " or ".join(
        ["a.n__ is distinct from b.n__"]
        + [
            f"({d} > {TOLERANCE} * {s} or (a.{_q(v)} is null) <> (b.{_q(v)} is null))"
            for d, s, v in zip(diffs, sizes, vals, strict=True)
        ]  # fmt: skip
    )
    worst = f"greatest({', '.join(diffs)})" if diffs else "0"
    shown = ", ".join([f"coalesce(a.{_q(k)}, b.{_q(k)})::VARCHAR" for k in keys[:6]]) or "'(one row)'"
    row = con.sql(
        f"with a as ({sel['a']}), b as ({sel['b']}), j as (select *, ({off}) as off, {worst} as worst, "
        f"concat_ws(' | ', {shown}) as shown from a full join b on {on}) "
        f"select (select count(*) from {left}.{_q(schema)}.{_q(table)}), count(*) filter (where off), "
        f"coalesce(max(worst) filter (where not off), 0), "
        f"(list(shown order by shown) filter (where off))[1:{limit}] from j"
    ).fetchall()[0]
    return {"rows": row[0], "keys_differ": row[1], "max_abs": row[2], "examples": row[3] or []}


def compare(con, left: str, right: str) -> dict[str, dict]:
    """Returns {"schema.table": compare_table(...)} for every mart table of both catalogs (EXCLUDE aside);
    {"only": "left"} or {"only": "right"} for a table one side lacks."""
    here, there = _tables(con, left), _tables(con, right)
    out = {f"{s}.{t}": compare_table(con, left, right, s, t) if (s, t) in there else {"only": "left"} for s, t in here}
    return out | {f"{s}.{t}": {"only": "right"} for s, t in there if (s, t) not in here}


def _said(name: str, r: dict) -> str:
    if r.get("only"):
        return f"{name}: only on the {r['only']}"
    return f"{name}: {r['keys_differ']:,} keys differ {r['examples']}"


def differing(result: dict[str, dict]) -> list[str]:
    """Returns 'schema.table: n keys differ (examples)' or '…: only on the left/right' for each table of
    `compare`'s result that differs."""
    return [_said(name, r) for name, r in result.items() if r.get("only") or r["keys_differ"]]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    con = duckdb.connect()
    con.execute(f"attach '{argv[0]}' as inc (read_only)")
    con.execute(f"attach '{argv[1]}' as full_ (read_only)")
    result = compare(con, "inc", "full_")
    for name, r in result.items():
        print(_said(name, r) if r.get("only") else f"{name}: {r['rows']:,} rows, {r['keys_differ']:,} keys differ, "
              f"largest difference within tolerance {r['max_abs']:.2g} {r['examples'] or ''}")  # fmt: skip
    return 1 if differing(result) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
