"""The ads fingerprints are re-hashed only where an import can have changed them, and stay equal to a whole hash.

An incremental refresh re-hashes the staging.ads partitions (store × marketplace × month; external consoles' rows
'ext' × month) that the imports added or undone since the last refresh occupy now or occupied at the last refresh,
plus those of the imports that can share rows with them (inputs.ads_scope, warehouse.ingest.undo.overlapping_imports):
a second download of the same days adds only its new rows, and undoing the first credits the shared rows back to
it. Each step checks the invariant that matters: the stored ads fingerprints and the per-import partitions
(marts_mat.ads_import_parts) equal a whole re-hash of staging.ads, and the marts equal a full rebuild.
File: the Sponsored Products advertised-product daily report (4 rows, Mar 1-2 2026).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_refresh_incremental import EXPORTS, assert_same, fresh, marts
from warehouse.marts import inputs
from warehouse.marts.refresh import refresh

SP = (EXPORTS / "amazon_ads_products" / "sp_advertised_product_daily_us.csv").read_text(encoding="utf-8").splitlines()
HEAD, BODY = SP[:1], SP[1:]


def _write(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(HEAD + rows) + "\n", encoding="utf-8")
    return path


def _check(wh) -> None:
    """Stored ads fingerprints and per-import partitions = a whole re-hash; the marts = a full rebuild's."""
    cur = wh.cursor()
    try:
        stored = cur.sql("select k, h, n, tiktok, r from marts_mat.fingerprints where input = 'ads'").fetchall()
        assert sorted(stored) == sorted(cur.sql(inputs.INPUTS["ads"]).fetchall())
        parts = cur.sql("select import_id, k from marts_mat.ads_import_parts").fetchall()
        assert sorted(parts) == sorted(cur.sql(inputs.ADS_PARTS_SQL).fetchall())
    finally:
        cur.close()
    incremental = marts(wh.con)
    refresh(wh.con, full=True)
    assert_same(incremental, marts(wh.con))


def _scope(wh) -> list[int] | None:
    cur = wh.cursor()
    try:
        return inputs.ads_scope(cur, inputs.view_texts(cur))
    finally:
        cur.close()


def _months(wh, import_id: int) -> list[str]:
    rows = wh.con.sql("select k from marts_mat.ads_import_parts where import_id = ?", params=[import_id]).fetchall()
    return sorted(k.split(chr(31))[-1] for (k,) in rows)


def test_ads_fingerprints_rehash_only_the_imports_partitions(tmp_path, empty_warehouse_file):
    assert len(BODY) == 4 and all(r.startswith('"Mar 0') for r in BODY)  # the fixture: 4 rows on Mar 1-2 2026
    april = BODY[0].replace('"Mar 01, 2026"', '"Apr 01, 2026"')
    files = {
        "march": _write(tmp_path, "sp_march.csv", BODY),
        # a later download: the same 4 March rows (already held by the first) and one row of April 1
        "again": _write(tmp_path, "sp_again.csv", BODY + [april]),
    }
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        refresh(wh.con, full=True)  # the bookkeeping of a warehouse refreshed before these imports
        march = wh.ingest_path(files["march"], refresh=False).import_id
        assert _scope(wh) == [march]  # a first download shares rows with no other import
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
        assert _months(wh, march) == ["2026-03"]
        res = wh.ingest_path(files["again"], refresh=False)
        again = res.import_id
        assert res.rows_added == 1  # only the April row is new: the 4 March rows stay the first download's
        assert _scope(wh) == sorted([march, again])
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
        assert _months(wh, again) == ["2026-04"]
        # undoing the first download credits its 4 March rows to the later one: March becomes the later import's
        # partition too (left out of the scope, its per-import partitions would stay April only)
        wh.undo(march, refresh=False)
        assert _scope(wh) == sorted([march, again])
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
        assert _months(wh, again) == ["2026-03", "2026-04"]
        wh.undo(again, refresh=False)
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
        assert wh.con.sql("select count(*) from marts_mat.ads_import_parts").fetchall()[0][0] == 0
    finally:
        wh.close()
