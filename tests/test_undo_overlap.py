"""Undo re-parses only the imports that can share rows with the undone one, and refreshes only its partitions.

Amazon transaction reports and daily ads reports print no period: each import records the key dates and
marketplaces its rows cover (meta.imports.data_*), and undo restages only the same-format imports of the same store
whose coverage overlaps. Files: the golden amazon.com transaction report (tests/fixtures/exports/golden) cut into a
March file, an April file and a second download of April; the golden Sponsored Products report cut into its two days.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.test_refresh_incremental import EXPORTS, assert_same, fresh, marts
from warehouse.ingest.coverage import ensure_import_coverage
from warehouse.ingest.importer import Warehouse
from warehouse.ingest.undo import overlapping_imports
from warehouse.marts.refresh import refresh

TX = (EXPORTS / "golden" / "transactions_us.csv").read_text(encoding="utf-8").splitlines()
ADS = (EXPORTS / "golden" / "ads_products_us.csv").read_text(encoding="utf-8").splitlines()


def _write(folder: Path, name: str, head: list[str], rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory, empty_warehouse_file) -> Path:
    """The golden templates plus March, April and April-again transaction files and two daily ads files (built once:
    each test works on a copy)."""
    tmp_path = tmp_path_factory.mktemp("undo_overlap")
    head, body = TX[:4], TX[4:]
    march = [r for r in body if r.startswith('"Mar')]
    april = [r for r in body if r.startswith('"Apr')]
    assert len(march) == 9 and len(april) == 1  # the golden file: 9 rows posted in March, 1 in April
    files = {
        "march": _write(tmp_path, "tx_march.csv", head, march),
        "april": _write(tmp_path, "tx_april.csv", head, april),
        # a later download: the same April row plus one posted on May 2
        "april_again": _write(tmp_path, "tx_april_again.csv", head, april + [april[0].replace('"Apr 1,', '"May 2,')]),
        "ads_mar05": _write(tmp_path, "ads_mar05.csv", ADS[:1], ADS[1:2]),
        "ads_mar18": _write(tmp_path, "ads_mar18.csv", ADS[:1], ADS[2:3]),
    }
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    ids = {}
    for key, path in files.items():
        res = wh.ingest_path(path, refresh=False)
        assert res.status == "imported", res.line()
        ids[key] = res.import_id
    assert refresh(wh.con).mode == "incremental"
    wh.close()
    (tmp_path / "wh" / "ids.txt").write_text(" ".join(f"{k}={v}" for k, v in ids.items()))
    return tmp_path / "wh"


@pytest.fixture
def company(built, tmp_path):
    shutil.copytree(built, tmp_path / "wh")
    ids = {k: int(v) for k, v in (p.split("=") for p in (tmp_path / "wh" / "ids.txt").read_text().split())}
    wh = Warehouse(tmp_path / "wh" / "wh.duckdb", tmp_path / "wh" / "archive", refresh=False)
    yield wh, ids
    wh.close()


def _coverage(wh: Warehouse, import_id: int) -> tuple:
    cur = wh.cursor()
    try:
        return cur.sql(
            "select data_start, data_end, data_undated, list_sort(data_markets) from meta.imports where import_id = ?",
            params=[import_id],
        ).fetchall()[0]
    finally:
        cur.close()


def test_imports_record_the_dates_and_marketplaces_they_cover(company):
    wh, ids = company
    # March rows: orders Mar 2 … Mar 22, fee/transfer rows Mar 20, 25, 28 (rows without a marketplace take the
    # file's, amazon.com: all amounts in USD)
    assert _coverage(wh, ids["march"]) == (date(2026, 3, 2), date(2026, 3, 28), False, ["amazon.com"])
    # April: the one order of Apr 1; the later download adds May 2
    assert _coverage(wh, ids["april"]) == (date(2026, 4, 1), date(2026, 4, 1), False, ["amazon.com"])
    assert _coverage(wh, ids["april_again"]) == (date(2026, 4, 1), date(2026, 5, 2), False, ["amazon.com"])
    # the daily ads rows: Mar 05 and Mar 18, country US = amazon.com
    assert _coverage(wh, ids["ads_mar05"])[:3] == (date(2026, 3, 5), date(2026, 3, 5), False)
    assert _coverage(wh, ids["ads_mar18"])[:3] == (date(2026, 3, 18), date(2026, 3, 18), False)


def test_undo_reparses_only_overlapping_imports(company):
    wh, ids = company
    cur = wh.cursor()
    try:
        assert overlapping_imports(cur, ids["march"]) == []
        assert overlapping_imports(cur, ids["april"]) == [ids["april_again"]]
        assert overlapping_imports(cur, ids["ads_mar05"]) == []
    finally:
        cur.close()
    restaged = []
    real = wh._restage

    def counting(cur, import_id):  # the real restage, counted (it parses the archived file again)
        restaged.append(import_id)
        return real(cur, import_id)

    wh._restage = counting
    april_before = _money_rows(wh, "posted_date >= '2026-04-01'")
    wh.undo(ids["march"], refresh=False)
    # the transaction report has volatile columns: the undone file itself is restaged, no other import
    assert restaged == [ids["march"]]
    stats = refresh(wh.con)
    assert stats.mode == "incremental"
    # money_facts partitions (store × marketplace × posting day): default × amazon.com × the March file's posting
    # days only: Mar 2, 5, 8, 18, 20 (two rows), 22, 25, 28 = 8 days (the fee and transfer rows take the file's
    # marketplace); April is untouched
    assert stats.partitions["money_facts"] == 8
    assert _money_rows(wh, "posted_date < '2026-04-01'") == []
    assert _money_rows(wh, "posted_date >= '2026-04-01'") == april_before != []
    restaged.clear()
    msg = wh.undo(ids["april"], refresh=False)  # the second download of April holds the same row: it comes back
    assert restaged == [ids["april"], ids["april_again"]]
    assert f"credited to import #{ids['april_again']}" in msg
    restaged.clear()
    wh.undo(ids["ads_mar05"], refresh=False)
    assert restaged == []
    incremental = (refresh(wh.con), marts(wh.con))[1]
    refresh(wh.con, full=True)
    assert_same(incremental, marts(wh.con))


def _money_rows(wh: Warehouse, where: str) -> list[tuple]:
    cur = wh.cursor()
    try:
        return sorted(cur.sql(f"select * from marts_mat.money_facts where {where}").fetchall(), key=repr)
    finally:
        cur.close()


def test_migration_backfills_coverage_of_older_imports(company, tmp_path):
    """A warehouse from before coverage was recorded: backfilled from the raw rows when all of them are stored."""
    wh, ids = company
    path = Path(wh.path)
    wh.close()
    old = tmp_path / "old.duckdb"
    shutil.copyfile(path, old)
    import duckdb

    con = duckdb.connect(str(old))
    for name in ("data_start", "data_end", "data_undated", "data_markets"):
        con.execute(f"alter table meta.imports drop column {name}")
    ensure_import_coverage(con.cursor())
    rows = {
        r[0]: r[1:]
        for r in con.sql("select import_id, data_start, data_end, data_undated from meta.imports").fetchall()
    }
    con.close()
    assert rows[ids["march"]] == (date(2026, 3, 2), date(2026, 3, 28), False)
    # April-again added no row (its one row is stored under April): not backfillable, so undo treats it as
    # overlapping every import (as before coverage was recorded)
    assert rows[ids["april_again"]] == (None, None, None)
