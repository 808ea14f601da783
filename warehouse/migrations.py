"""Versioned schema migrations for `meta` and `app`, plus raw tables created (and widened) from the formats."""

from __future__ import annotations

from warehouse.formats import all_formats

# Each entry runs once, in order; never edit a released entry, append a new one.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        create schema if not exists meta;
        create schema if not exists raw;
        create schema if not exists app;
        create schema if not exists staging;
        create schema if not exists marts;
        create sequence if not exists meta.import_seq start 1;
        create table if not exists meta.imports (
            import_id BIGINT primary key,
            file_name VARCHAR not null,
            sha256 VARCHAR not null,
            format_id VARCHAR not null,
            variant VARCHAR,
            encoding VARCHAR,
            sheet VARCHAR,
            rows_in_file BIGINT,
            rows_added BIGINT,
            rows_present BIGINT,
            period_start DATE,
            period_end DATE,
            as_of DATE,
            marketplace VARCHAR,
            warnings VARCHAR[],
            options JSON,
            imported_at TIMESTAMP not null,
            status VARCHAR not null default 'active'
        );
        create table if not exists app.settings (
            key VARCHAR primary key,
            value VARCHAR not null,
            updated_at TIMESTAMP not null default current_timestamp
        );
        """,
    ),
]


def _version(cur) -> int:
    cur.execute("create schema if not exists meta")
    cur.execute(
        "create table if not exists meta.schema_version (version INTEGER, applied_at TIMESTAMP default current_timestamp)"
    )
    rows = cur.sql("select coalesce(max(version), 0) from meta.schema_version").fetchall()
    return int(rows[0][0])


def ensure_raw_tables(cur) -> None:
    """Creates each format's table when missing and adds columns a newer format version declares."""
    for fmt in all_formats():
        cur.execute(f"create schema if not exists {fmt.schema}")
        cols = fmt.raw_columns()
        lineage = [("import_id", "BIGINT"), ("row_no", "BIGINT"), ("row_fp", "UHUGEINT"), ("fp_seq", "INTEGER")]
        existing = {
            r[0]
            for r in cur.sql(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                params=[fmt.schema, fmt.id],
            ).fetchall()
        }
        if not existing:
            body = ", ".join(f'"{n}" {t}' for n, t in cols + lineage)
            cur.execute(f"create table {fmt.table} ({body})")
            continue
        for name, typ in cols + lineage:
            if name not in existing:
                cur.execute(f'alter table {fmt.table} add column "{name}" {typ}')


def apply(con) -> int:
    """Applies pending migrations, ensures raw tables, rebuilds views; returns the schema version."""
    from warehouse.db import build_views
    from warehouse.sqlmacros import create_macros

    cur = con.cursor()
    try:
        current = _version(cur)
        for version, sql in MIGRATIONS:
            if version > current:
                cur.execute("begin")
                cur.execute(sql)
                cur.execute("insert into meta.schema_version (version) values (?)", [version])
                cur.execute("commit")
                current = version
        ensure_raw_tables(cur)
        create_macros(cur)
    finally:
        cur.close()
    build_views(con)
    return current
