"""Returns DuckDB connections to the warehouse file, applies migrations and (re)builds the SQL views.

One connection per process; every query or import takes its own `.cursor()` (DuckDB 2.0 refuses concurrent use
of one connection object).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.config import ROOT

SQL_DIR = ROOT / "sql"
SCHEMAS = ("meta", "raw", "app", "staging", "marts")


class WarehouseLocked(RuntimeError):
    """The warehouse file is held by another process (usually the running app)."""


@contextmanager
def transaction(con) -> Iterator:
    """Yields a fresh cursor inside one transaction: committed on success, rolled back on any error."""
    cur = con.cursor()
    try:
        cur.execute("begin")
        yield cur
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise
    finally:
        cur.close()


def connect(path: str | Path, *, threads: int = 0, memory_limit: str = "", migrate: bool = True):
    """Returns an open, migrated connection to the warehouse at `path` (created when missing)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if threads:
        config["threads"] = int(threads)
    if memory_limit:
        config["memory_limit"] = memory_limit
    try:
        con = duckdb.connect(str(path), config=config)
    except duckdb.IOException as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            pid = re.search(r"PID (\d+)", msg)
            who = f"process {pid.group(1)}" if pid else "another process"
            raise WarehouseLocked(
                f"{path.name}: the warehouse is open in {who} (probably the running Seller Cockpit app); "
                "import through the app's Data page, or stop the app and run the command again."
            ) from None
        raise
    if migrate:
        from warehouse import migrations

        migrations.apply(con)
    return con


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
                cur.execute(f"create or replace view {schema}.{name} as\n{body.rstrip().rstrip(';')}")
            except duckdb.CatalogException as exc:
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
    from warehouse.families import FAMILIES, empty_view_sql

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
