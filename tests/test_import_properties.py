"""Property tests (Hypothesis): imports, re-downloads and undos of overlapping files in any order.

The files overlap the way real downloads do: 17a/17b are the same order Deferred then Released, 01 and 10 are 17b
written differently (decimal comma, Excel serial date), 16a/16b share one order, 02 holds 16a and 16b's rows and
three more. Whatever the order of imports and undos:
- the raw table equals importing only the files still active, once each, in another order (nothing counted twice,
  nothing lost, the most advanced status kept);
- replaying the archive gives the live warehouse back (rows with their import and row number, history, events).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import rows, scratch_dir
from tests.test_reliability_cases import CASES
from warehouse.ingest.importer import Warehouse, db_events
from warehouse.ingest.replay import replay

FILES = (
    "17a_report_downloaded_early.csv",
    "17b_same_period_downloaded_later.csv",
    "01_us_decimal_comma_cell.csv",
    "10_excel_serial_datetime.csv",
    "16a_first.csv",
    "16b_overlapping.csv",
    "02_us_resaved_german_excel.csv",
)
FACTS = (
    "select posted_at, type, order_id, sku, quantity, total, transaction_status, count(*) as n "
    "from raw.amazon_transactions group by all order by all"
)
LINEAGE = "select * exclude (row_fp) from raw.amazon_transactions order by import_id, row_no"
HISTORY = "select import_id, file_name, sha256, rows_added, rows_present, status from meta.imports order by 1"

# an operation: ("import", file index) or ("undo", which active import, counted from the oldest)
ops = st.lists(
    st.one_of(
        st.tuples(st.just("import"), st.integers(0, len(FILES) - 1)), st.tuples(st.just("undo"), st.integers(0, 5))
    ),
    min_size=1,
    max_size=7,
)


def _fresh(template: Path, folder: Path, name: str) -> Warehouse:
    shutil.copyfile(template, folder / f"{name}.duckdb")
    return Warehouse(folder / f"{name}.duckdb", folder / f"archive_{name}")


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(sequence=ops)
def test_any_order_of_imports_and_undos_counts_each_transaction_once(sequence, empty_warehouse_file):
    folder = scratch_dir("props-")
    try:
        live = _fresh(empty_warehouse_file, folder, "live")
        try:
            for op, k in sequence:
                if op == "import":
                    assert live.ingest_path(CASES / FILES[k]).ok
                else:
                    active = [
                        i
                        for (i,) in rows(live, "select import_id from meta.imports where status = 'active' order by 1")
                    ]
                    if active:
                        live.undo(active[k % len(active)])
            active_files = sorted(
                {n for (n,) in rows(live, "select file_name from meta.imports where status = 'active'")}
            )
            facts, lineage, history = rows(live, FACTS), rows(live, LINEAGE), rows(live, HISTORY)
            events = db_events(live.cursor())
        finally:
            live.close()
        assert events == live.archive.events()  # the manifest says what the database committed

        ref = _fresh(empty_warehouse_file, folder, "ref")
        try:
            for name in reversed(active_files):  # the distinct transactions once, in another order
                assert ref.ingest_path(CASES / name).ok
            assert rows(ref, FACTS) == facts
        finally:
            ref.close()

        shutil.copyfile(empty_warehouse_file, folder / "replayed.duckdb")
        replay(folder / "archive_live", folder / "replayed.duckdb")
        again = Warehouse(folder / "replayed.duckdb", folder / "archive_live")
        try:
            assert rows(again, LINEAGE) == lineage
            assert rows(again, HISTORY) == history
        finally:
            again.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
