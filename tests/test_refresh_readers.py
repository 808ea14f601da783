"""A reader querying KPIs while another cursor of the same process imports and refreshes sees the old or the new
numbers, never an error or a mix of both (the refresh is one transaction; a page's queries one read transaction)."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

from metrics.core import api
from warehouse.ingest.importer import Warehouse

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
GOLDEN = ["sku_map.csv", "fx_rates.csv", "inbound_batches.csv", "landed_costs.csv", "own_stock.csv",
          "transactions_us.csv"]  # fmt: skip
MARCH = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))


def _kpis(con) -> tuple:
    values = api.kpis(con, MARCH)
    return tuple(sorted((k, None if v is None else round(v, 6)) for k, v in values.items()))


def test_reader_sees_old_or_new_numbers_never_a_mix(tmp_path, empty_warehouse_file):
    shutil.copyfile(empty_warehouse_file, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        for name in GOLDEN:
            assert wh.ingest_path(EXPORTS / "golden" / name).status == "imported"
        old = _kpis(wh.con)
        seen, errors, stop = [], [], threading.Event()

        def reader():
            while not stop.is_set():
                try:
                    seen.append(_kpis(wh.con))
                except Exception as exc:  # noqa: BLE001 - the test asserts there are none
                    errors.append(repr(exc))

        thread = threading.Thread(target=reader)
        thread.start()
        try:
            # amazon.de's March sales and the all-orders report's purchase dates: order lines and SKU days both move
            for name in ("transactions_de.csv", "all_orders_us.txt"):
                assert wh.ingest_path(EXPORTS / "golden" / name).status == "imported"
        finally:
            stop.set()
            thread.join()
        new = _kpis(wh.con)
        assert errors == []
        assert old != new
        assert seen, "the reader ran no query"
        mid = _kpis_after_de(tmp_path, empty_warehouse_file)
        for values in seen:
            assert values in (old, mid, new), "a reader saw numbers of no committed state"
    finally:
        wh.close()


def _kpis_after_de(tmp_path, empty_warehouse_file) -> tuple:
    """The KPIs of the state between the two imports (the first committed, not the second), built apart."""
    shutil.copyfile(empty_warehouse_file, tmp_path / "mid.duckdb")
    wh = Warehouse(tmp_path / "mid.duckdb", tmp_path / "mid_archive")
    try:
        for name in GOLDEN + ["transactions_de.csv"]:
            wh.ingest_path(EXPORTS / "golden" / name)
        return _kpis(wh.con)
    finally:
        wh.close()
