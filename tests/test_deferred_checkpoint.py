"""The app's writer does not checkpoint inside its commits; it checkpoints after them, in the background.

warehouse.marts.writer_lock: a connection opened with `defer_checkpoint` (the app's, ui/data.py) raises DuckDB's
`checkpoint_threshold`, and every refresh that commits starts one CHECKPOINT on a background thread under the writer
lock. What a finance lead relies on: the numbers are the same as a warehouse that checkpoints in its commits, the log
is folded into the file afterwards (a reopened file holds everything), a reader's open transaction keeps its snapshot
while the checkpoint runs beside it, and closing right after an import loses nothing.
Files: the golden templates, then two one-row cuts of the golden amazon.com transaction report posted on Mar 20, 2026
(its FBA storage fee and its Cost of Advertising fee moved to Mar 20; tests/test_refresh_money_imports.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.test_refresh_incremental import EXPORTS, TEMPLATES, assert_same, fresh, marts
from tests.test_refresh_money_imports import ADS, FEE
from tests.test_refresh_money_scope import _write
from warehouse.core.db import DEFERRED_THRESHOLD, connect
from warehouse.ingest.importer import Warehouse
from warehouse.marts import writer_lock
from warehouse.marts.refresh import refresh

MAR20 = "select count(*) from marts.money_lines where posted_date = DATE '2026-03-20'"


def _wal(path: Path) -> int:
    log = Path(str(path) + ".wal")
    return log.stat().st_size if log.exists() else 0


def _deferred(tmp: Path, empty: Path) -> Warehouse:
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(empty, tmp / "wh.duckdb")
    return Warehouse(tmp / "wh.duckdb", tmp / "archive", defer_checkpoint=True)


def _threshold(con) -> str:
    return con.sql("select current_setting('checkpoint_threshold')").fetchall()[0][0]


def test_app_connection_defers_and_folds_the_log_with_the_same_marts(tmp_path, empty_warehouse_file, monkeypatch):
    monkeypatch.setattr(writer_lock, "DELAY", 0.0)
    wh = _deferred(tmp_path / "app", empty_warehouse_file)
    try:
        # DuckDB's default folds the log in the commit past 16 MiB; the app's waits for the writer
        probe = connect(tmp_path / "probe.duckdb", migrate=False)
        probe.execute(f"set checkpoint_threshold = '{DEFERRED_THRESHOLD}'")
        assert _threshold(wh.con) == _threshold(probe) != "16.0 MiB"
        probe.close()
        for name in TEMPLATES:  # each import refreshes and starts a background checkpoint
            assert wh.ingest_path(EXPORTS / name).status == "imported"
        assert wh.ingest_path(_write(tmp_path, "tx_fee.csv", FEE)).status == "imported"
        assert writer_lock.wait_checkpoint(wh.con, 120)
        assert id(wh.con) not in writer_lock.LAST_ERROR
        assert _wal(wh.path) == 0  # every committed change is in the file itself
        got = marts(wh.con)
    finally:
        wh.close()
    # the same files on a warehouse that checkpoints in its commits (the command line's): the same rows
    plain = fresh(tmp_path / "plain", empty_warehouse_file)
    try:
        assert plain.ingest_path(_write(tmp_path, "tx_fee.csv", FEE)).status == "imported"
        refresh(plain.con)  # fresh() opens it without refreshing after imports
        assert_same(got, marts(plain.con))
    finally:
        plain.close()
    # the folded file alone (no log) reopens with the same rows
    again = Warehouse(tmp_path / "app" / "wh.duckdb", tmp_path / "app" / "archive", refresh=False)
    try:
        assert_same(got, marts(again.con))
    finally:
        again.close()


def test_a_reader_keeps_its_snapshot_and_the_checkpoint_waits_for_it(tmp_path, empty_warehouse_file, monkeypatch):
    monkeypatch.setattr(writer_lock, "DELAY", 0.0)  # the first try at once: it meets the reader's open transaction
    wh = _deferred(tmp_path, empty_warehouse_file)
    try:
        assert wh.ingest_path(_write(tmp_path, "tx_fee.csv", FEE)).status == "imported"
        assert writer_lock.wait_checkpoint(wh.con, 60)
        reader = wh.con.cursor()  # a page render that began before the next import's commit
        reader.execute("begin")
        assert reader.sql(MAR20).fetchall()[0][0] == 1  # the storage fee
        assert wh.ingest_path(_write(tmp_path, "tx_ads.csv", ADS)).status == "imported"
        # DuckDB refuses a plain CHECKPOINT beside a transaction older than the last commit: the writer retries
        assert not writer_lock.wait_checkpoint(wh.con, 0.1)
        assert "CHECKPOINT" in writer_lock.LAST_ERROR[id(wh.con)]
        assert _wal(wh.path) > 0  # the second import is in the log, not yet in the file
        assert reader.sql(MAR20).fetchall()[0][0] == 1  # the reader's snapshot: before the second import
        reader.execute("commit")
        reader.close()
        assert writer_lock.wait_checkpoint(wh.con, 60)  # the next retry folds the log
        assert id(wh.con) not in writer_lock.LAST_ERROR and _wal(wh.path) == 0
        # fee + advertising charge, both posted on Mar 20
        assert wh.con.sql(MAR20).fetchall()[0][0] == 2
    finally:
        wh.close()


def test_closing_right_after_an_import_loses_nothing(tmp_path, empty_warehouse_file, monkeypatch):
    monkeypatch.setattr(writer_lock, "RETRY", (3600.0,))  # the one retry an hour away: closing must not wait for it
    wh = _deferred(tmp_path, empty_warehouse_file)
    assert wh.ingest_path(_write(tmp_path, "tx_fee.csv", FEE)).status == "imported"
    reader = wh.con.cursor()
    reader.execute("begin")
    assert reader.sql(MAR20).fetchall()[0][0] == 1  # open across the next import: its checkpoint keeps retrying
    assert wh.ingest_path(_write(tmp_path, "tx_ads.csv", ADS)).status == "imported"
    reader.execute("commit")
    reader.close()
    # closing stops the retries (DuckDB checkpoints at the close itself) instead of waiting for the next one
    assert writer_lock.wait_checkpoint(wh.con, 60, closing=True)
    wh.close()
    again = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive", refresh=False)
    try:
        assert again.con.sql(MAR20).fetchall()[0][0] == 2
    finally:
        again.close()


def test_the_checkpoint_waits_for_the_render_after_the_import(tmp_path, empty_warehouse_file, monkeypatch):
    # the first try DELAY seconds after the commit: the page the app renders right after an import has both cores
    monkeypatch.setattr(writer_lock, "DELAY", 3600.0)
    wh = _deferred(tmp_path, empty_warehouse_file)
    try:
        assert wh.ingest_path(_write(tmp_path, "tx_fee.csv", FEE)).status == "imported"
        assert not writer_lock.wait_checkpoint(wh.con, 0.5)  # not tried yet: no error, the log still holds the import
        assert id(wh.con) not in writer_lock.LAST_ERROR and _wal(wh.path) > 0
        render = wh.con.cursor()  # the render sees the import at once, from the log
        assert render.sql(MAR20).fetchall()[0][0] == 1
        render.close()
        assert writer_lock.wait_checkpoint(wh.con, 60, closing=True)  # closing does not wait out the delay
    finally:
        wh.close()
    again = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive", refresh=False)
    try:
        assert _wal(tmp_path / "wh.duckdb") == 0 and again.con.sql(MAR20).fetchall()[0][0] == 1
    finally:
        again.close()
