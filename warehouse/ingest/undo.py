"""Undo of one import and crash recovery: the half of the writer (warehouse.ingest.importer.Warehouse) that takes
rows out again and makes the archive agree with the database.

Undo removes exactly one import's rows; rows it supplied first that other imports of the same format and store also
hold come back under those imports (re-parsed from the archive: only the imports whose coverage overlaps,
`overlapping_imports`). Everything happens in one transaction; the manifest follows after the commit.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from warehouse.core.english import noun
from warehouse.formats import by_id
from warehouse.formats.base import Format
from warehouse.ingest.archive import db_events, fault
from warehouse.ingest.detect import ImportRejected, detect
from warehouse.ingest.options import _resolve_dates, normalise_options
from warehouse.ingest.parse import fingerprinted_sql, insert_new_rows, stage

if TYPE_CHECKING:  # the writer calls in here; importing it at run time would be a cycle
    from warehouse.ingest.importer import Warehouse


def undo_import(wh: Warehouse, import_id: int, at: datetime | None = None) -> str:
    """Removes one import's rows under the writer lock (see `Warehouse.undo`); returns the sentence for the seller."""
    with wh.lock:
        cur = wh.cursor()
        try:
            row = cur.sql(
                "select file_name, format_id, status from meta.imports where import_id = ?", params=[import_id]
            ).fetchall()
            if not row:
                raise ImportRejected(f"import #{import_id} does not exist; list imports with `imports`.")
            file_name, format_id, status = row[0]
            if status != "active":
                return f"import #{import_id} ({file_name}) was already undone; nothing changed."
            fmt = by_id(format_id)
            others = overlapping_imports(cur, import_id)  # of the same store: dedup never crosses stores
            ostore = cur.sql("select store from meta.imports where import_id = ?", params=[import_id]).fetchall()[0][0]
            restaged = []
            cur.execute("begin")
            try:
                n = cur.sql(f"select count(*) from {fmt.table} where import_id = ?", params=[import_id]).fetchall()
                if fmt.volatile:  # rows this file only updated go back to the values the other files hold
                    wh._restage(cur, import_id)
                    nulls = ", ".join(f'"{v}" = NULL' for v in fmt.volatile)
                    cur.execute(
                        f"update {fmt.table} set {nulls} where import_id <> ? and (row_fp, fp_seq) in "
                        f"(select (row_fp, fp_seq) from ({fingerprinted_sql(fmt)})) and import_id in "
                        "(select import_id from meta.imports where store is not distinct from ?::VARCHAR)",
                        [import_id, ostore],
                    )
                cur.execute(f"delete from {fmt.table} where import_id = ?", [import_id])
                cur.execute("update meta.imports set status = 'undone' where import_id = ?", [import_id])
                for oid in others:  # rows this import supplied first come back under their own import
                    ofmt = wh._restage(cur, oid)
                    back = insert_new_rows(cur, ofmt, oid, ostore)
                    if back:
                        restaged.append((oid, back))
                        cur.execute(
                            "update meta.imports set rows_added = rows_added + ?, rows_present = rows_present - ? "
                            "where import_id = ?",
                            [back, back, oid],
                        )
                wh._record(cur, "undo", "", file_name, {}, import_id, at or datetime.now().replace(microsecond=0))
                cur.execute("commit")
            except Exception:
                cur.execute("rollback")
                raise
            fault("commit")
            wh._publish(cur)
            msg = f"import #{import_id} ({file_name}) undone: {n[0][0]:,} {noun(n[0][0], 'row', 'rows')} removed"
            if restaged:
                msg += "; " + ", ".join(
                    f"{b:,} {noun(b, 'row', 'rows')} now credited to import #{o}" for o, b in restaged
                )
            return msg + "."
        finally:
            cur.close()


def restage(wh: Warehouse, cur, import_id: int) -> Format:
    """Stages an archived import's file again into temp table `typed`; returns its format."""
    sha, name, ojson = cur.sql(
        "select sha256, file_name, options from meta.imports where import_id = ?", params=[import_id]
    ).fetchall()[0]
    raw = wh.archive.read(sha)
    ofmt, octx = detect(raw, name, normalise_options(json.loads(ojson or "{}")))
    ofmt.inspect(octx)
    _resolve_dates(ofmt, octx)
    stage(cur, ofmt, octx, wh.archive.path_of(sha), raw)
    return ofmt


def overlapping_imports(cur, import_id: int) -> list[int]:
    """Returns the other active imports of the same format and store that can share rows with `import_id`, oldest
    first: the ones undo must re-parse (the rows the undone import supplied first come back under them).

    Two imports can hold the same row only when their periods (period reports), snapshot dates, key-date ranges and
    marketplaces (meta.imports.data_*, see warehouse.ingest.parse.coverage_sql) overlap; a NULL (an import from before
    these were recorded, not backfillable) overlaps everything.
    """
    return [
        r[0]
        for r in cur.sql(
            "select o.import_id from meta.imports o, meta.imports x where x.import_id = ? and o.format_id = x.format_id "
            "and o.status = 'active' and o.import_id <> x.import_id and o.store is not distinct from x.store "
            "and not (o.period_end < x.period_start or o.period_start > x.period_end or o.as_of <> x.as_of) is true "
            "and coalesce((o.data_undated and x.data_undated) or (o.data_start <= x.data_end and "
            "x.data_start <= o.data_end), o.data_undated is null or x.data_undated is null) "
            "and coalesce(list_has_any(o.data_markets, x.data_markets), true) order by o.import_id",
            params=[import_id],
        ).fetchall()
    ]


def reconcile(wh: Warehouse) -> None:
    """Makes the archive agree with the database after a crash, at start-up.

    The database commit is the moment an import or undo happens: a manifest that lacks committed events is rewritten
    from `meta.events`; staged leftovers and files no event refers to (killed or refused imports) are deleted. A
    database without events but with imports (made before `meta.events` existed) takes the manifest's events; an
    empty database (lost or new) changes nothing, so replay can still rebuild it from the manifest.
    """
    cur = wh.cursor()
    try:
        db = db_events(cur)
        manifest = wh.archive.events()
        if not db and manifest and cur.sql("select count(*) from meta.imports").fetchall()[0][0]:
            for i, e in enumerate(manifest, 1):
                cur.execute("insert into meta.events values (?, ?)", [i, json.dumps(e, ensure_ascii=False)])
            db = manifest
        if db and manifest != db and manifest == db[: len(manifest)]:
            wh.archive.rewrite(db)
            manifest = db
        if wh.archive.manifest.exists() or db:
            wh.archive.sweep({e["sha256"] for e in manifest + db if e.get("sha256")})
    finally:
        cur.close()
