"""Kill -9 at every step boundary of an import and an undo: warehouse, archive and replay agree afterwards.

A child process imports (or undoes) with SELLER_COCKPIT_FAULT naming the step; it dies there with os._exit (no
cleanup runs, as with kill -9). The next start of the warehouse reconciles; then:
- the import/undo either happened (committed) or did not, in the database and the manifest alike;
- no bytes of an uncommitted import stay in the archive, nothing half-written stays anywhere;
- replaying the archive into a new file gives the same rows, lineage and history.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, rows
from tests.test_reliability_cases import CASES, archive_files
from warehouse.ingest.importer import FAULT_ENV, Warehouse, db_events
from warehouse.ingest.replay import replay

LINEAGE = "select * exclude (row_fp) from raw.amazon_transactions order by import_id, row_no"
HISTORY = "select import_id, file_name, status from meta.imports order by 1"


def _child(db, archive, code: str, step: str) -> int:
    env = dict(os.environ, **{FAULT_ENV: step}, PYTHONPATH=str(ROOT))
    script = f"from warehouse.ingest.importer import Warehouse\nw = Warehouse({str(db)!r}, {str(archive)!r})\n{code}\n"
    return subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, timeout=300).returncode


def _agree(tmp_path, db, archive, empty_warehouse_file) -> tuple[list, list]:
    """Opens the warehouse (start-up reconciles), checks manifest = meta.events, replays, returns (history, rows)."""
    w = Warehouse(db, archive)
    try:
        history, lineage = rows(w, HISTORY), rows(w, LINEAGE)
        assert db_events(w.cursor()) == w.archive.events()
        referenced = {e["sha256"] for e in w.archive.events() if e["sha256"]}
        assert {f for f in archive_files(w)} == {f"{s[:2]}/{s}" for s in referenced}  # no leftovers, nothing missing
    finally:
        w.close()
    shutil.copyfile(empty_warehouse_file, tmp_path / "replayed.duckdb")
    replay(archive, tmp_path / "replayed.duckdb")
    r = Warehouse(tmp_path / "replayed.duckdb", archive)
    try:
        assert rows(r, HISTORY) == history and rows(r, LINEAGE) == lineage
    finally:
        r.close()
    return history, lineage


@pytest.mark.parametrize("step, committed", [("archive", False), ("commit", True), ("manifest", True)])
def test_killed_import_is_all_or_nothing(tmp_path, empty_warehouse_file, step, committed):
    db, archive = tmp_path / "wh.duckdb", tmp_path / "archive"
    shutil.copyfile(empty_warehouse_file, db)
    w = Warehouse(db, archive)
    assert w.ingest_path(CASES / "16a_first.csv").status == "imported"
    w.close()
    code = _child(db, archive, f"w.ingest_path({str(CASES / '16b_overlapping.csv')!r})", step)
    assert code == 137  # it died at the step
    history, lineage = _agree(tmp_path, db, archive, empty_warehouse_file)
    if committed:
        assert history == [(1, "16a_first.csv", "active"), (2, "16b_overlapping.csv", "active")]
        assert len(lineage) == 3  # 16a's two rows + 16b's refund
    else:
        assert history == [(1, "16a_first.csv", "active")] and len(lineage) == 2
        # the file can be imported now (not "already imported")
        w = Warehouse(db, archive)
        try:
            assert w.ingest_path(CASES / "16b_overlapping.csv").rows_added == 1
        finally:
            w.close()


def test_killed_undo_after_commit_stays_undone(tmp_path, empty_warehouse_file):
    db, archive = tmp_path / "wh.duckdb", tmp_path / "archive"
    shutil.copyfile(empty_warehouse_file, db)
    w = Warehouse(db, archive)
    a = w.ingest_path(CASES / "16a_first.csv")
    w.ingest_path(CASES / "16b_overlapping.csv")
    w.close()
    assert _child(db, archive, f"w.undo({a.import_id})", "commit") == 137
    history, lineage = _agree(tmp_path, db, archive, empty_warehouse_file)
    # the undo was committed: replay must not bring import 1 back; 16b's rows keep their own row numbers 1 and 2
    assert history == [(1, "16a_first.csv", "undone"), (2, "16b_overlapping.csv", "active")]
    assert [(r[-3], r[-2]) for r in lineage] == [(2, 1), (2, 2)]  # (import_id, row_no) before fp_seq


def test_a_new_database_beside_an_old_archive_never_shortens_the_manifest(tmp_path, empty_warehouse_file):
    db, archive = tmp_path / "wh.duckdb", tmp_path / "archive"
    shutil.copyfile(empty_warehouse_file, db)
    w = Warehouse(db, archive)
    w.ingest_path(CASES / "16a_first.csv")
    w.close()
    shutil.copyfile(empty_warehouse_file, db)  # the database is lost; the archive stays
    w = Warehouse(db, archive)
    try:
        assert [e["file_name"] for e in w.archive.events()] == ["16a_first.csv"]
        w.ingest_path(CASES / "17a_report_downloaded_early.csv")
        assert [e["file_name"] for e in w.archive.events()] == ["16a_first.csv", "17a_report_downloaded_early.csv"]
        assert len(archive_files(w)) == 2  # both uploads' bytes kept
    finally:
        w.close()
