"""The money fingerprints are re-hashed only where an import can have changed them, and stay equal to a whole hash.

An incremental refresh re-hashes the staging.money partitions (store × marketplace × posting day) of the imports
added or undone since the last refresh plus the imports that can share rows with them (inputs.money_scope): an Amazon
transaction report updates the volatile values (status, release date, settlement id) of an older import's identical
rows, and an undo credits rows back to the other downloads holding them. Each step here checks the invariant that
matters: the stored money fingerprints and the per-import partitions equal a whole re-hash of staging.money, and the
marts equal a full rebuild. Files: the golden amazon.com transaction report (tests/fixtures/exports/golden), its
March rows first downloaded while Amazon still held them ("Deferred", no release date or settlement id), then as
released; its April row, and a later download of April that adds a row posted on May 2.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_refresh_incremental import EXPORTS, assert_same, fresh, marts
from warehouse.marts import inputs
from warehouse.marts.refresh import refresh

TX = (EXPORTS / "golden" / "transactions_us.csv").read_text(encoding="utf-8").splitlines()
HEAD, BODY = TX[:4], TX[4:]
MARCH = [r for r in BODY if r.startswith('"Mar')]
APRIL = [r for r in BODY if r.startswith('"Apr')]


def _deferred(row: str) -> str:
    """The row as downloaded before release: status Deferred, release date and settlement id empty."""
    cells = row.split('","')
    cells[1] = ""  # settlement id
    cells[-2], cells[-1] = "Deferred", '"'
    return '","'.join(cells)


def _write(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(HEAD + rows) + "\n", encoding="utf-8")
    return path


def _check(wh) -> None:
    """Stored money fingerprints and per-import partitions = a whole re-hash; the marts = a full rebuild's."""
    cur = wh.cursor()
    try:
        stored = cur.sql("select k, h, n, tiktok, r from marts_mat.fingerprints where input = 'money'").fetchall()
        whole = cur.sql(inputs.INPUTS["money"]).fetchall()
        assert sorted(stored) == sorted(whole)
        parts = cur.sql("select import_id, k from marts_mat.money_import_parts").fetchall()
        assert sorted(parts) == sorted(cur.sql(inputs.MONEY_PARTS_SQL).fetchall())
    finally:
        cur.close()
    incremental = marts(wh.con)
    refresh(wh.con, full=True)
    assert_same(incremental, marts(wh.con))


def _scope(wh) -> list[int] | None:
    cur = wh.cursor()
    try:
        return inputs.money_scope(cur, inputs.view_texts(cur))
    finally:
        cur.close()


def test_money_fingerprints_rehash_only_the_imports_partitions(tmp_path, empty_warehouse_file):
    assert len(MARCH) == 9 and len(APRIL) == 1  # the golden file: 9 rows posted in March, 1 in April
    assert '"Deferred"' in _deferred(MARCH[0]) and ',"S-US-1",' not in _deferred(MARCH[0])
    files = {
        "deferred": _write(tmp_path, "tx_march_deferred.csv", [_deferred(r) for r in MARCH]),
        "released": _write(tmp_path, "tx_march.csv", MARCH),
        "april": _write(tmp_path, "tx_april.csv", APRIL),
        "april_again": _write(tmp_path, "tx_april_again.csv", APRIL + [APRIL[0].replace('"Apr 1,', '"May 2,')]),
    }
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        ids = {}
        ids["deferred"] = wh.ingest_path(files["deferred"], refresh=False).import_id
        assert _scope(wh) == [ids["deferred"]]  # a first download of March shares rows with no other import
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
        # the released download holds the same 9 rows: no row is added, the deferred import's rows take its status,
        # release date and settlement id, so the deferred import's partitions are re-hashed too
        res = wh.ingest_path(files["released"], refresh=False)
        ids["released"] = res.import_id
        assert res.rows_added == 0
        assert _scope(wh) == sorted([ids["deferred"], ids["released"]])
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
        # undoing the deferred download credits its rows to the released one (re-parsed): both imports' partitions
        wh.undo(ids["deferred"], refresh=False)
        assert _scope(wh) == sorted([ids["deferred"], ids["released"]])
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
        for key in ("april", "april_again"):
            ids[key] = wh.ingest_path(files[key], refresh=False).import_id
        refresh(wh.con)
        _check(wh)
        wh.undo(ids["april"], refresh=False)  # its row comes back under the later download of April
        assert _scope(wh) == sorted([ids["april"], ids["april_again"]])
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
    finally:
        wh.close()


def test_a_tiktok_statement_is_fingerprinted_whole(tmp_path, empty_warehouse_file):
    """TikTok statement lines are grouped per order across rows: their money partitions are re-hashed whole."""
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        path = EXPORTS / "tiktok_statement" / "statement_20260401-20260430(UTC).csv"
        assert wh.ingest_path(path, refresh=False).status == "imported"
        assert _scope(wh) is None
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
    finally:
        wh.close()
