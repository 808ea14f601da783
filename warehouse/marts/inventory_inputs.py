"""The inventory input's fingerprint narrowed to the snapshot dates the changed imports touch.

Why. Hashing every snapshot row for each refresh costs ~0.2 s at 5M order lines (630,000 FBA rows and the own
warehouses' counts), for a day that adds one snapshot date. How. `marts_mat.inventory_import_parts` records the
snapshot dates each import's rows occupy (import_id, d); a refresh re-hashes only the partitions (store × location ×
date, warehouse.marts.inputs.INPUTS["inventory"]) on the dates the changed imports (inputs.inventory_scope) occupied at
the last refresh or occupy now, and keeps every other stored fingerprint. Whole dates, not keys: the own-stock view
keeps the latest import's count of a (date, warehouse, SKU) whatever its store, so an import can hide another import's
row in another store's partition, but only on a date it occupies itself; every inventory staging view is otherwise
row-local (one raw row, one staging row).
"""

from __future__ import annotations

PARTS_SQL = "select distinct import_id, snapshot_date as d from staging.inventory_snapshots"
_STORED = "select k, h, n, tiktok, r from marts_mat.fingerprints where input = 'inventory'"


def remember_parts(cur) -> None:
    """Records the snapshot dates of every import's rows (marts_mat.inventory_import_parts: import_id, d), whole."""
    cur.execute(f"create or replace table marts_mat.inventory_import_parts as {PARTS_SQL}")


def narrow(cur, ids: list[int], hashed: str) -> None:
    """Fills temp table fp_new_inventory from the stored fingerprints, re-hashing the partitions on the snapshot dates
    the imports `ids` occupied at the last refresh or occupy now, and updates their rows of
    marts_mat.inventory_import_parts. `hashed`: the input's fingerprint SQL (inputs.INPUTS["inventory"])."""
    if not ids:
        cur.execute(f"create or replace temp table fp_new_inventory as {_STORED}")
        return
    lit = ", ".join(str(i) for i in ids)
    cur.execute(f"create or replace temp table inventory_now as {PARTS_SQL} where import_id in ({lit})")
    dates = {r[0] for r in cur.sql(
        f"select d from inventory_now union select d from marts_mat.inventory_import_parts where import_id in ({lit})"
    ).fetchall()}  # fmt: skip
    listed = ", ".join(f"DATE '{d}'" for d in sorted(d for d in dates if d is not None)) or "NULL"
    pre = f"(snapshot_date in ({listed}){' or snapshot_date is null' if None in dates else ''})"
    keys = ", ".join(f"'{d}'" for d in sorted(str(d) if d is not None else "~" for d in dates))
    whole = hashed.replace("from staging.inventory_snapshots as t", f"from staging.inventory_snapshots "
                                        f"as t where {pre}")  # fmt: skip
    cur.execute(
        f"create or replace temp table fp_new_inventory as {whole} union all {_STORED} "
        f"and split_part(k, chr(31), 3) not in ({keys})"
    )
    cur.execute(f"delete from marts_mat.inventory_import_parts where import_id in ({lit})")
    cur.execute("insert into marts_mat.inventory_import_parts select import_id, d from inventory_now")
