"""Imports a run of a batch's files together: consecutive files of one format, column layout and store.

A daily report downloaded for a month is 30 files that differ only in their rows. One by one, each costs about
fifteen small statements (duplicate check, cell checks, scope, coverage, fingerprints, de-duplicating insert,
`meta.imports`, the event); planning them is most of a small file's import time. A run does each of those once
for all its files, over the batch's typed group table (warehouse.ingest.batch: the rows of every file of the
run, each row carrying its file number `_f`), in ONE transaction:

- the same rows as importing the files one by one in order: fingerprints and their occurrence numbers are
  counted per file; a row is added when its (fingerprint, occurrence) is neither in the raw table among the store's
  imports nor in an earlier file of the run (the earliest file supplies it, with its own import id and row number);
- each file keeps its own import id (allocated in file order, as one by one), `meta.imports` row (rows added and
  present, coverage, options), event, archive copy, so it can be undone alone;
- a file that would be refused or is a duplicate (a bad cell, no data rows, bytes already imported) is left to the
  one-by-one path, which refuses it with its own sentence and changes nothing; the others import together.

Volatile values (`Format.volatile`, e.g. a transaction's status) end as one by one: those of the last file with
the highest rank. Formats that check whole files (`Format.validate`: templates) or their rows against the store
(`Format.check_store`: Shopify order numbers) go one by one. Anything unexpected in the shared transaction rolls it back and the run is imported one by one.
"""

from __future__ import annotations

import json
from datetime import datetime

from warehouse.formats.base import Format
from warehouse.ingest import archive as archive_mod
from warehouse.ingest.importer import (
    ImportResult,
    Warehouse,
    _json_options,
    _store_for,
    clean_file_name,
    clean_store,
    fault,
    normalise_options,
)
from warehouse.ingest.parse import bad_cell_conditions, coverage_sql, identity_columns
from warehouse.ingest.scope import scope_text

IMPORT_COLUMNS = (
    "import_id, file_name, sha256, format_id, variant, encoding, sheet, rows_in_file, rows_added, rows_present, "
    "period_start, period_end, as_of, marketplace, warnings, options, imported_at, status, store, data_start, "
    "data_end, data_undated, data_markets"
)


def groupable(prep) -> bool:
    """True when a prepared file (warehouse.ingest.batch.Prepared) may be imported in a run with others."""
    if prep is None or prep.group is None or prep.rejected is not None or prep.fmt is None:
        return False
    fmt = prep.fmt
    return type(fmt).validate is Format.validate and type(fmt).check_store is Format.check_store


def run_key(item, prep) -> tuple | None:
    """Returns what consecutive files must share to be imported as one run (None: the file goes alone)."""
    if not groupable(prep):
        return None
    try:
        return prep.group, clean_store(item.store)
    except ValueError:
        return None


def import_run(wh: Warehouse, cur, run: list[tuple]) -> list[ImportResult]:
    """Imports `run` ([(BatchItem, Prepared)], consecutive files of one run key) in order; one result per file.

    The caller holds `wh.lock`; the manifest is left to the caller (rewritten once after the batch). Never raises
    for bad input: a refused file gets its one-by-one result.
    """
    first_item, first = run[0]
    fmt, table = first.fmt, first.group
    wanted = clean_store(first_item.store)
    numbers = [p.number for _, p in run]
    alone: set[int] = set()  # files the one-by-one path decides (refused or duplicate: they change nothing)
    prior = cur.sql(
        "select distinct sha256 from meta.imports where sha256 in (select unnest(?::VARCHAR[])) "
        "and status = 'active' and (store is null or ?::VARCHAR is null or store = ?)",
        params=[[p.sha for _, p in run], wanted, wanted],
    ).fetchall()
    alone |= {p.number for _, p in run if p.sha in {r[0] for r in prior}}
    checks = _check(cur, fmt, first.ctx, table, numbers)
    alone |= {n for n in numbers if checks.get(n, (0, True))[0] == 0 or checks[n][1]}
    grouped = [(item, p) for item, p in run if p.number not in alone]
    try:
        store = _store_for(cur, fmt, wanted, clean_file_name(first_item.file_name)) if grouped else None
    except Exception:  # noqa: BLE001 - e.g. several stores and none named: each file says so itself
        grouped = []
    done: dict[int, ImportResult] = {}
    if grouped:
        try:
            done = _import_together(wh, cur, grouped, checks, store)
        except Exception:  # noqa: BLE001 - the run goes one by one, each file with its own sentence
            for item, p in grouped:
                if p.incoming is None or not p.incoming.exists():
                    p.incoming = wh.archive.stage_incoming(item.read(), p.sha)
            done = {}
    results = []
    for item, p in run:
        if p.number in done:
            results.append(done[p.number])
        else:
            results.append(ingest_one(wh, cur, item, p))
    return results


def _in_run(table: str, numbers: list[int]) -> str:
    return f"(select * from {table} where _f in ({', '.join(str(int(n)) for n in numbers)}))"


def _check(cur, fmt: Format, ctx, table: str, numbers: list[int]) -> dict[int, tuple[int, bool]]:
    """Returns {file number: (typed rows, whether some cell is bad)} in one scan of the run's rows."""
    _, conditions = bad_cell_conditions(fmt, ctx)
    bad = f"bool_or({' or '.join(f'({c})' for c in conditions)})" if conditions else "false"
    got = cur.sql(f"select _f, count(*), coalesce({bad}, false) from {_in_run(table, numbers)} group by _f").fetchall()
    return {f: (n, b) for f, n, b in got}


def _scopes(cur, table: str, numbers: list[int]) -> dict[int, str]:
    """Returns each file's scope text (warehouse.ingest.scope.file_scope) from one query."""
    cols = {r[0] for r in cur.sql(f"describe {table}").fetchall()}
    if "marketplace" not in cols:
        return {}
    currency = "currency" if "currency" in cols else "NULL::VARCHAR"
    pairs: dict[int, list[tuple]] = {}
    for f, mp, cur_, n in cur.sql(
        f"select _f, marketplace, {currency} as currency, count(*) as n from {_in_run(table, numbers)} "
        "where marketplace is not null group by all order by _f, n desc, marketplace, currency"
    ).fetchall():
        pairs.setdefault(f, []).append((mp, cur_, n))
    return {f: scope_text(p) for f, p in pairs.items()}


def _fingerprinted(fmt: Format, source: str) -> str:
    """`parse.fingerprinted_sql` for many files: fingerprints as one by one, occurrences numbered per file (_f)."""
    quoted = ", ".join(f'"{n}"' for n in identity_columns(fmt))
    cols = ", ".join(f'"{c.name}"' for c in fmt.columns)
    return (
        f"with fp as (select _f, {cols}, row_no, "
        f"(cast(hash({quoted}) as UHUGEINT) << 64) | cast(hash('seller-cockpit', {quoted}) as UHUGEINT) as row_fp "
        f"from {source}), "
        "repeated as (select _f, row_fp from fp group by _f, row_fp having count(*) > 1) "
        "select fp.*, 1 as fp_seq from fp anti join repeated r on r._f = fp._f and r.row_fp = fp.row_fp "
        "union all "
        "select fp.*, row_number() over (partition by fp._f, fp.row_fp order by fp.row_no) as fp_seq from fp "
        "semi join repeated r on r._f = fp._f and r.row_fp = fp.row_fp"
    )


def _volatile(cur, fmt: Format, same_store: str, store: str | None) -> str:
    """Updates the volatile values of rows already stored as the run's files would one by one; returns the select
    list of the new rows' columns (volatile ones from temp table `fp_best`, as b.)

    One by one, each file replaces a row's volatile values when its rank is at least the stored row's, so after the
    run a row holds the values of the LAST file with the highest rank among the files holding it, or keeps its own
    when its rank is higher than all of theirs (temp table `fp_best`: that file's values per row).
    """
    rank, vol = fmt.volatile_rank, ", ".join(f'"{n}"' for n in fmt.volatile)
    cur.execute("drop table if exists fp_best")
    cur.execute(
        f"create temp table fp_best as select row_fp, fp_seq, {vol}, _rank from (select *, {rank} as _rank "
        "from fp_rows) qualify row_number() over (partition by row_fp, fp_seq order by _rank desc, _f desc) = 1"
    )
    sets = ", ".join(f'"{n}" = n."{n}"' for n in fmt.volatile)
    differs = " or ".join(f'o."{n}" is distinct from b."{n}"' for n in fmt.volatile)
    best = ", ".join(f'b."{n}"' for n in fmt.volatile)
    cur.execute(
        f"update {fmt.table} t set {sets} from (select b.row_fp, b.fp_seq, {best} from fp_best b "
        f"join (select row_fp, fp_seq, {vol}, {rank} as _rank from {fmt.table} where {same_store}) o "
        f"using (row_fp, fp_seq) where b._rank >= o._rank and ({differs})) n "
        f"where t.row_fp = n.row_fp and t.fp_seq = n.fp_seq and t.{same_store}",
        [store, store],
    )
    return ", ".join(f'b."{c.name}"' if c.name in fmt.volatile else f'f."{c.name}"' for c in fmt.columns)


def _import_together(wh: Warehouse, cur, grouped: list[tuple], checks: dict, store: str | None) -> dict:
    """Imports the run's clean files in one transaction; returns {file number: ImportResult}."""
    fmt, table = grouped[0][1].fmt, grouped[0][1].group
    numbers = [p.number for _, p in grouped]
    source = _in_run(table, numbers)
    scopes = _scopes(cur, table, numbers)
    cover = coverage_sql(fmt, source + " t", group="_f")
    covered = {r[0]: r[1:] for r in cur.sql(cover).fetchall()} if cover else {}
    cols = ", ".join(f'"{c.name}"' for c in fmt.columns)
    same_store = "import_id in (select import_id from meta.imports where store is not distinct from ?::VARCHAR)"
    now = datetime.now().replace(microsecond=0)
    cur.execute("drop table if exists fp_rows")
    cur.execute(f"create temp table fp_rows as {_fingerprinted(fmt, source)}")
    cur.execute("begin")
    try:
        given = [item.import_id for item, _ in grouped if item.import_id is not None]
        fresh = []
        if len(given) < len(grouped):  # ids in file order, as one by one
            fresh = sorted(
                r[0]
                for r in cur.sql(
                    f"select nextval('meta.import_seq') from range({len(grouped) - len(given)})"
                ).fetchall()
            )
        ids = {}
        for item, p in grouped:
            ids[p.number] = item.import_id if item.import_id is not None else fresh.pop(0)
        # a row is new when the store's imports lack it and no earlier file of the run has it
        cur.execute("drop table if exists fp_new")
        cur.execute(
            "create temp table fp_new as select f.* from fp_rows f where not exists (select 1 from "
            f"{fmt.table} r where r.row_fp = f.row_fp and r.fp_seq = f.fp_seq and r.{same_store}) "
            "qualify row_number() over (partition by row_fp, fp_seq order by _f) = 1",
            [store],
        )
        added = dict(cur.sql("select _f, count(*) from fp_new group by _f").fetchall())
        picked = cols
        if fmt.volatile:
            picked = _volatile(cur, fmt, same_store, store)
        cur.execute(
            f"insert into {fmt.table} ({cols}, import_id, row_no, row_fp, fp_seq) "
            f"select {picked}, ids.import_id, f.row_no, f.row_fp, f.fp_seq from fp_new f "
            "join (select unnest(?::INTEGER[]) as _f, unnest(?::BIGINT[]) as import_id) ids using (_f)"
            + (" join fp_best b using (row_fp, fp_seq)" if fmt.volatile else ""),
            [list(ids), list(ids.values())],
        )
        if store is not None:
            cur.execute("insert into meta.stores (store) values (?) on conflict do nothing", [store])
        values, params, events = [], [], []
        for item, p in grouped:
            ctx, opts = p.ctx, normalise_options(item.options)
            n_rows, n_added = checks[p.number][0], added.get(p.number, 0)
            at = item.imported_at or now
            ps, pe = ctx.constants.get("period_start"), ctx.constants.get("period_end")
            values.append("(" + ", ".join(["?"] * 17) + ", 'active', ?, ?, ?, ?, ?)")
            params += [
                ids[p.number], ctx.file_name, p.sha, fmt.id, ctx.variant, ctx.encoding, ctx.sheet, n_rows, n_added,
                n_rows - n_added, ps, pe, ctx.constants.get("snapshot_date"), ctx.constants.get("marketplace"),
                ctx.warnings, _json_options(opts), at, store,
                *covered.get(p.number, (None, None, True, None)),
            ]  # fmt: skip
            events.append(archive_mod.make_event("import", p.sha, ctx.file_name, opts, ids[p.number], at, store=store))
        cur.execute(f"insert into meta.imports ({IMPORT_COLUMNS}) values {', '.join(values)}", params)
        bodies = [json.dumps(e, ensure_ascii=False) for e in events]
        cur.execute(
            "insert into meta.events select (select coalesce(max(seq), 0) from meta.events) + k, body from "
            "(select unnest(?::VARCHAR[]) as body, unnest(range(1, ?::BIGINT + 1)) as k)",
            [bodies, len(bodies)],
        )
        for _, p in grouped:
            wh.archive.keep(p.incoming, p.sha)
        fault("archive")
        cur.execute("commit")
    except Exception:
        cur.execute("rollback")
        raise
    finally:
        cur.execute("drop table if exists fp_rows")
        cur.execute("drop table if exists fp_new")
        cur.execute("drop table if exists fp_best")
    fault("commit")
    out = {}
    for _, p in grouped:
        ctx, n_rows, n_added = p.ctx, checks[p.number][0], added.get(p.number, 0)
        p.incoming = None  # moved into the archive
        out[p.number] = ImportResult(
            ctx.file_name, "imported", format_id=fmt.id, format_label=fmt.label_en, variant=ctx.variant,
            scope=scopes.get(p.number, ""), import_id=ids[p.number], store=store, rows_in_file=n_rows,
            rows_added=n_added, rows_present=n_rows - n_added, warnings=list(ctx.warnings),
        )  # fmt: skip
    return out


def ingest_one(wh, cur, item, prepared):
    """Returns the ImportResult of one batch item imported on its own, on the caller's cursor and inside the batch's
    transaction (the manifest is published after the commit); `prepared` is its read-ahead typing."""
    return wh.ingest_with(cur, item.read(), item.file_name, item.options, store=item.store, import_id=item.import_id,
                          imported_at=item.imported_at, prepared=prepared, publish=False)  # fmt: skip
