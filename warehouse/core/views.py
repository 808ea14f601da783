"""Builds the SQL views from `sql/`: one view per file (staging, marts), in dependency order, and the
`staging.<family>` unions of every `<family>__<format_id>` view. Views store no data, so a rebuild is cheap.

Views are created unbound (`WITH (DEFER_BINDING)`: only their syntax is checked): binding the marts' deep view trees
when they are created took about 95 s of a first run on a 2-core machine, for nothing, since every query binds the
views it reads anyway. A view is bound when first read, by then over the materialised marts
(warehouse.marts.refresh). Catalog queries that list columns (`duckdb_columns()`, `information_schema.columns`)
bind every unbound view: code asking about one table uses `describe <table>` or `duckdb_tables()` instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from warehouse.core.config import SQL_DIR


def run_sql_files(con, folder: Path, schema: str) -> list[str]:
    """Creates or replaces one view per `.sql` file in `folder` (view name = file stem); returns the names built.

    Files may depend on each other in any order: a view whose dependency is not built yet is retried after the
    others, so the folder needs no numbering.
    """
    pending = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.sql"))}
    pending = {name: pending[name] for name in _dependency_order(pending, schema)}
    built: list[str] = []
    errors: dict[str, str] = {}
    while pending:
        progress = False
        for name, body in list(pending.items()):
            cur = con.cursor()
            try:
                cur.execute(
                    f"create or replace view {schema}.{name} with (defer_binding) as\n{body.rstrip().rstrip(';')}"
                )
            except (duckdb.CatalogException, duckdb.ParserException) as exc:
                errors[name] = str(exc)
                continue
            finally:
                cur.close()
            built.append(name)
            del pending[name]
            progress = True
        if not progress:
            detail = "; ".join(f"{schema}.{n}: {errors[n].splitlines()[0]}" for n in pending)
            raise RuntimeError(f"could not build views: {detail}")
    return built


def _dependency_order(bodies: dict[str, str], schema: str) -> list[str]:
    """Returns view names so that each comes after the views of the same schema it reads (a topological order)."""
    deps = {
        name: {m for m in re.findall(rf"\b{schema}\.(\w+)", body) if m in bodies and m != name}
        for name, body in bodies.items()
    }
    order: list[str] = []
    done: set[str] = set()

    def visit(name: str, seen: tuple = ()) -> None:
        if name in done or name in seen:
            return
        for dep in sorted(deps[name]):
            visit(dep, seen + (name,))
        done.add(name)
        order.append(name)

    for name in sorted(bodies):
        visit(name)
    return order


def build_family_unions(con, built: list[str]) -> list[str]:
    """Creates `staging.<family>` as the union (by name) of every `staging.<family>__<format>` view.

    A new format joins a fact family by adding one staging file named `<family>__<format_id>.sql`; no union
    needs editing. Every union also gets `store` (VARCHAR, the seller account) from `meta.imports` by import_id:
    the store the file was imported into, NULL for company-wide template rows. Staging views never output it.
    """
    families: dict[str, list[str]] = {}
    for name in sorted(built):
        if "__" in name:
            families.setdefault(name.split("__", 1)[0], []).append(name)
    from warehouse.core.families import FAMILIES, empty_view_sql

    cur = con.cursor()
    try:
        for family, views in families.items():
            parts = [f"select * from staging.{v}" for v in views]
            if family in FAMILIES:  # the typed empty row set first: every contract column exists, NULL if unset
                parts.insert(0, empty_view_sql(family))
            body = "\nunion all by name\n".join(parts)
            cur.execute(
                f"create or replace view staging.{family} as\nselect u.*, i.store from (\n{body}\n) as u\n"
                "left join meta.imports as i on i.import_id = u.import_id"
            )
        # a family with no member yet is an empty typed view, so the marts always build
        for family in FAMILIES:
            if family not in families and family not in built:
                empty = empty_view_sql(family).replace(" where false", ", NULL::VARCHAR as store where false")
                cur.execute(f"create or replace view staging.{family} as\n{empty}")
    finally:
        cur.close()
    return list(families)


def build_views(con) -> None:
    """Rebuilds every staging and mart view from `sql/` (cheap: views store no data)."""
    built = run_sql_files(con, SQL_DIR / "staging", "staging")
    build_family_unions(con, built)
    run_sql_files(con, SQL_DIR / "marts", "marts")


def marts_views(cur, names: list[str], *, comment: str | None = None, sql_like: str | None = None) -> set[str]:
    """Returns those of `names` that are views in schema `marts` carrying `comment` (COMMENT ON VIEW), or whose SQL
    text matches the ILIKE pattern `sql_like`. A comment costs nothing to read; the text is rendered for every view of
    the catalog (~8 ms for ~170 views at 5M order lines), so callers mark the views they make and fall back on the
    text for older ones."""
    cond, value = ("comment = ?", comment) if comment is not None else ("sql ilike ?", sql_like)
    rows = cur.sql(
        "select view_name from duckdb_views() where schema_name = 'marts' "
        f"and view_name in (select unnest(?::VARCHAR[])) and {cond}",
        params=[list(names), value],
    ).fetchall()
    return {r[0] for r in rows}
