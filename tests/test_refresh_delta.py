"""The refresh's change sets (warehouse.marts.partitions.delta): the rows of a mart's replaced partitions that changed,
as multisets, whichever side is empty. The next marts and the per-base copies are updated from exactly these rows,
so a duplicate row lost or a row counted twice here moves a sum on a page.
"""

from __future__ import annotations

from collections import Counter

import duckdb

from warehouse.marts.partitions import delta


def _delta(old: list[tuple], new: list[tuple], new_cols: str = "sku, units") -> Counter:
    cur = duckdb.connect()
    cur.execute("create temp table old_m (sku VARCHAR, units INTEGER)")
    cur.execute(
        f"create temp table new_m ({' '.join(c + (' VARCHAR,' if c == 'sku' else ' INTEGER,') for c in new_cols.split(', ')).rstrip(',')})"
    )
    if old:
        cur.executemany("insert into old_m values (?, ?)", old)
    if new:
        cur.executemany(f"insert into new_m ({new_cols}) values (?, ?)", new)
    delta(cur, "m")
    assert [c[0] for c in cur.sql("select * from delta_m").description] == ["sku", "units"]  # old_m's columns
    return Counter(cur.sql("select sku, units from delta_m").fetchall())


def test_new_partitions_give_every_new_row_duplicates_included():
    # a day after the data: no old rows; two identical sales lines are two rows
    assert _delta([], [("A", 1), ("A", 1), ("B", 2)]) == Counter({("A", 1): 2, ("B", 2): 1})


def test_emptied_partitions_give_every_old_row():
    # an undo of the only file of a day: every old row changed
    assert _delta([("A", 1), ("A", 1)], []) == Counter({("A", 1): 2})


def test_both_sides_give_the_rows_that_differ_as_multisets():
    # old A×2, B; new A×1, B, C: one A gone, C added, B unchanged
    assert _delta([("A", 1), ("A", 1), ("B", 2)], [("A", 1), ("B", 2), ("C", 3)]) == Counter({("A", 1): 1, ("C", 3): 1})
    assert _delta([("A", 1)], [("A", 1)]) == Counter()


def test_an_empty_side_keeps_the_old_sides_column_order():
    # new_<mart> built from the definition may list its columns in another order than the stored table
    assert _delta([], [(2, "A")], new_cols="units, sku") == Counter({("A", 2): 1})
