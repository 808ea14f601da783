"""Versioned schema migrations for `meta` and `app`, plus raw tables created (and widened) from the formats."""

from __future__ import annotations

import hashlib

from warehouse.core.config import SQL_DIR
from warehouse.core.customer_ids import ensure_salt
from warehouse.formats import all_formats
from warehouse.ingest.coverage import ensure_import_coverage

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
    (
        2,
        """
        -- what-if inputs the seller edits: event calendar, seasonal KPI band overrides, lead times per SKU/lane
        create table if not exists app.events (
            event_id VARCHAR not null,
            marketplace VARCHAR not null default '*',
            kind VARCHAR not null,
            name_zh VARCHAR not null,
            name_en VARCHAR not null,
            start_date DATE not null,
            end_date DATE not null,
            is_estimated BOOLEAN not null default false,
            primary key (event_id, marketplace)
        );
        create table if not exists app.kpi_bands (
            kpi VARCHAR not null,
            marketplace VARCHAR not null default '*',
            month INTEGER not null default 0,
            event_kind VARCHAR not null default '',
            red_low DOUBLE,
            amber_low DOUBLE,
            amber_high DOUBLE,
            red_high DOUBLE,
            primary key (kpi, marketplace, month, event_kind)
        );
        create table if not exists app.lead_times (
            master_sku VARCHAR not null default '*',
            lane VARCHAR not null default 'sea',
            production_days INTEGER not null,
            first_mile_days INTEGER not null,
            receiving_days INTEGER not null,
            lead_time_sd_days DOUBLE not null default 0,
            moq BIGINT not null default 0,
            case_pack BIGINT not null default 1,
            service_level DOUBLE not null default 0.95,
            is_preferred BOOLEAN not null default true,
            primary key (master_sku, lane)
        );
        """,
    ),
    (
        3,
        """
        -- business-review meetings, agenda, frozen view payloads, OKRs and action items (ids assigned by
        -- metrics/meeting/store.py as max + 1, so replay's table copy needs no sequence)
        create table if not exists app.meetings (
            meeting_id BIGINT primary key,
            title VARCHAR not null,
            period_start DATE not null,
            period_end DATE not null,
            planned_minutes INTEGER not null default 240,
            language VARCHAR not null default 'zh',
            status VARCHAR not null default 'planned',
            current_section VARCHAR,
            snapshot_at TIMESTAMP,
            started_at TIMESTAMP,
            ended_at TIMESTAMP,
            created_at TIMESTAMP not null default current_timestamp
        );
        create table if not exists app.agenda_items (
            meeting_id BIGINT not null,
            position INTEGER not null,
            section_key VARCHAR not null,
            title VARCHAR not null,
            report_minutes INTEGER not null default 0,
            discussion_minutes INTEGER not null default 0,
            presenter VARCHAR,
            started_at TIMESTAMP,
            ended_at TIMESTAMP,
            primary key (meeting_id, section_key)
        );
        create table if not exists app.meeting_snapshots (
            meeting_id BIGINT not null,
            view_key VARCHAR not null,
            payload JSON not null,
            frozen_at TIMESTAMP not null,
            primary key (meeting_id, view_key)
        );
        create table if not exists app.meeting_notes (
            note_id BIGINT primary key,
            meeting_id BIGINT not null,
            kind VARCHAR not null,
            section_key VARCHAR,
            text VARCHAR not null,
            created_at TIMESTAMP not null default current_timestamp
        );
        create table if not exists app.okrs (
            objective_id BIGINT primary key,
            title VARCHAR not null,
            owner VARCHAR,
            period_start DATE not null,
            period_end DATE not null,
            created_at TIMESTAMP not null default current_timestamp
        );
        create table if not exists app.key_results (
            kr_id BIGINT primary key,
            objective_id BIGINT not null,
            title VARCHAR not null,
            metric_id VARCHAR,
            filters JSON,
            period_start DATE not null,
            period_end DATE not null,
            baseline DOUBLE,
            target DOUBLE not null,
            direction VARCHAR not null default 'up',
            manual_value DOUBLE,
            created_at TIMESTAMP not null default current_timestamp
        );
        create table if not exists app.action_items (
            item_id BIGINT primary key,
            meeting_id BIGINT not null,
            title VARCHAR not null,
            owner VARCHAR not null,
            due_date DATE not null,
            section_key VARCHAR,
            kr_id BIGINT,
            status VARCHAR not null default 'open',
            created_at TIMESTAMP not null default current_timestamp,
            closed_at TIMESTAMP
        );
        """,
    ),
    (
        4,
        """
        -- stores (seller accounts): every import of a store's report names its store; templates are company-wide
        -- (store NULL). A warehouse from before stores keeps all its imports in the one store `default`.
        create table if not exists meta.stores (
            store VARCHAR primary key,
            created_at TIMESTAMP not null default current_timestamp
        );
        insert into meta.stores (store) values ('default') on conflict do nothing;
        alter table meta.imports add column if not exists store VARCHAR;
        update meta.imports set store = 'default'
        where store is null and format_id not like 'tpl_%';
        """,
    ),
    (
        5,
        """
        -- the orders of the partitions an incremental refresh recomputes in money_facts (warehouse.marts.refresh):
        -- written and emptied inside the refresh's transaction, so every other reader sees it empty. A table, not a
        -- session variable: DuckDB folds a variable into the plan as a constant, and planning money_facts' stack over
        -- a list of 196k orders (a month of files at 5M order lines) took ~8 s of its 11 s
        create schema if not exists marts_mat;
        create table if not exists marts_mat.scope_orders (o VARCHAR, order_id VARCHAR);
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
    ensure_salt(cur)  # customer ids are hashed while parsing (warehouse/core/customer_ids.py)
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


def code_fingerprint() -> str:
    """Returns a hash of everything the derived schema is built from: migrations, formats, macros, sql/ files."""
    from warehouse.core.sqlmacros import MACROS

    h = hashlib.sha256()
    for version, sql in MIGRATIONS:
        h.update(f"{version}:{sql}".encode())
    for fmt in all_formats():
        h.update(f"{fmt.table}:{fmt.raw_columns()}".encode())
    for sql in MACROS:
        h.update(sql.encode())
    for path in sorted(SQL_DIR.glob("*/*.sql")):
        h.update(str(path.relative_to(SQL_DIR)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def apply(con) -> int:
    """Applies pending migrations, ensures raw tables, rebuilds views; returns the schema version.

    Tables and views are rebuilt only when the code they come from changed since the file was last opened, so
    opening a warehouse stays fast however many views there are.
    """
    from warehouse.core.sqlmacros import create_macros
    from warehouse.core.views import build_views

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
        ensure_import_coverage(cur)
        cur.execute("create table if not exists meta.build_state (fingerprint VARCHAR, built_at TIMESTAMP)")
        fp = code_fingerprint()
        if cur.sql("select count(*) from meta.build_state where fingerprint = ?", params=[fp]).fetchall()[0][0]:
            return current
        ensure_raw_tables(cur)
        create_macros(cur)
        build_views(con)
        cur.execute("delete from meta.build_state")
        cur.execute("insert into meta.build_state values (?, current_timestamp)", [fp])
    finally:
        cur.close()
    return current
