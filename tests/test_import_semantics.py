"""Import semantics: archive, same file twice, overlapping reports, identical rows, undo, replay, atomicity."""

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, rows, table_state
from warehouse.ingest.importer import Warehouse
from warehouse.ingest.replay import replay

US = FIXTURES / "amazon_transactions" / "us_2025.csv"


def _split_report(tmp_path: Path, keep: list[int], name: str, extra: list[int] = ()) -> Path:
    """Writes a copy of the US report with only the data rows `keep` (1-based), plus repeats of `extra`."""
    lines = US.read_text(encoding="utf-8").splitlines()
    head, data = lines[:10], lines[10:]
    out = head + [data[i - 1] for i in keep] + [data[i - 1] for i in extra]
    path = tmp_path / name
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_upload_is_archived_byte_for_byte(wh):
    r = wh.ingest_path(US)
    digest = rows(wh, "select sha256 from meta.imports where import_id = ?", [r.import_id])[0][0]
    assert wh.archive.read(digest) == US.read_bytes()
    assert [e["event"] for e in wh.archive.events()] == ["import"]


def test_same_file_twice_is_a_no_op_that_says_so(wh):
    first = wh.ingest_path(US)
    before = table_state(wh)
    again = wh.ingest_path(US)
    assert again.status == "duplicate" and again.ok
    assert f"already imported as import #{first.import_id}" in again.line()
    assert table_state(wh) == before


def test_overlapping_reports_never_double_count(wh, tmp_path):
    a = wh.ingest_path(_split_report(tmp_path, [1, 2, 3, 4], "march_a.csv"))
    b = wh.ingest_path(_split_report(tmp_path, [3, 4, 5, 6], "march_b.csv"))
    assert (a.rows_added, a.rows_present) == (4, 0)
    assert (b.rows_added, b.rows_present) == (2, 2)  # rows 3 and 4 were already there
    # the whole month once: 99.17 + 224.34 - 107.63 - 1200.00 - 45.30 - 1039.92 = -2069.34
    assert rows(wh, "select round(sum(total), 2), count(*) from raw.amazon_transactions")[0] == (-2069.34, 6)


def test_identical_rows_inside_one_file_are_kept(wh, tmp_path):
    # row 1 twice in one file is two real sales (e.g. two identical single-unit orders posted together)
    r = wh.ingest_path(_split_report(tmp_path, [1, 2], "dup_inside.csv", extra=[1]))
    assert r.rows_added == 3
    # a later file that holds row 1 once adds nothing; one that holds it three times adds exactly one
    assert wh.ingest_path(_split_report(tmp_path, [1], "once.csv")).rows_added == 0
    assert wh.ingest_path(_split_report(tmp_path, [1], "thrice.csv", extra=[1, 1])).rows_added == 1
    assert rows(wh, "select count(*) from raw.amazon_transactions where row_fp = "
                    "(select row_fp from raw.amazon_transactions where order_id = '113-1234567-7654321' "
                    "and txn_type = 'order' limit 1)")[0][0] == 3  # fmt: skip


def test_undo_removes_exactly_its_rows_and_restores_shared_ones(wh, tmp_path):
    a = wh.ingest_path(_split_report(tmp_path, [1, 2, 3, 4], "a.csv"))
    b = wh.ingest_path(_split_report(tmp_path, [3, 4, 5, 6], "b.csv"))
    msg = wh.undo(a.import_id)
    assert f"import #{a.import_id} (a.csv) undone: 4 rows removed" in msg
    assert f"2 rows now credited to import #{b.import_id}" in msg
    # b's own view of March is intact: rows 3..6 = -107.63 - 1200.00 - 45.30 - 1039.92 = -2392.85
    assert rows(wh, "select round(sum(total), 2), count(*), min(import_id) from raw.amazon_transactions")[0] == (
        -2392.85, 4, b.import_id,
    )  # fmt: skip
    assert rows(wh, "select status from meta.imports where import_id = ?", [a.import_id])[0][0] == "undone"
    assert "already undone" in wh.undo(a.import_id)
    # the undone file can be imported again
    assert wh.ingest_path(tmp_path / "a.csv").rows_added == 2


def test_replay_rebuilds_identical_rows(tmp_path):
    src = Warehouse(tmp_path / "src.duckdb", tmp_path / "archive")
    for p in sorted((FIXTURES / "amazon_transactions").glob("*.csv")):
        assert src.ingest_path(p).status == "imported"
    a = src.ingest_path(_split_report(tmp_path, [1, 2], "part.csv"))
    src.undo(a.import_id)
    expected = rows(src, "select * exclude (row_fp) from raw.amazon_transactions order by import_id, row_no")
    # replay keeps the history of undone imports: imported, then undone again, in the manifest's order
    imports = rows(src, "select import_id, file_name, rows_added, status from meta.imports order by 1")
    src.close()
    results = replay(tmp_path / "archive", tmp_path / "replayed.duckdb")
    assert all(r.status == "imported" for r in results)
    dst = Warehouse(tmp_path / "replayed.duckdb", tmp_path / "archive")
    try:
        assert (
            rows(dst, "select * exclude (row_fp) from raw.amazon_transactions order by import_id, row_no") == expected
        )
        assert rows(dst, "select import_id, file_name, rows_added, status from meta.imports order by 1") == imports
        # a new import after replay never reuses an id
        new = dst.ingest_path(_split_report(tmp_path, [5], "later.csv", extra=[5]))
        assert new.import_id > max(i for i, *_ in imports)
    finally:
        dst.close()


def test_failed_import_changes_nothing(wh, tmp_path):
    wh.ingest_path(US)
    before = table_state(wh)
    events = len(wh.archive.events())
    lines = US.read_text(encoding="utf-8").splitlines()
    lines[11] = lines[11].replace('"259.98"', '"25x.98"')
    bad = tmp_path / "bad_number.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = wh.ingest_path(bad)
    assert r.status == "rejected"
    assert r.message == (
        "bad_number.csv: row 12, column 'product sales': '25x.98' is not a number; "
        "correct that cell (or download the report again) and upload the file again."
    )
    assert table_state(wh) == before
    assert len(wh.archive.events()) == events


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings_of_the_same_report_give_the_same_rows(tmp_path, encoding):
    text = US.read_text(encoding="utf-8")
    path = tmp_path / f"us_{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    w = Warehouse(tmp_path / "e.duckdb", tmp_path / "archive")
    try:
        r = w.ingest_path(path)
        assert r.status == "imported", r.message
        assert rows(w, "select round(sum(total), 2), count(*) from raw.amazon_transactions")[0] == (-2069.34, 6)
    finally:
        w.close()


def test_shift_jis_japanese_report(wh):
    r = wh.ingest_path(FIXTURES / "amazon_transactions" / "jp_sjis.csv")
    assert (r.status, r.variant) == ("imported", "JP"), r.message
    # order 17,488 (19,800 + 1,800 tax - 198 points - 1,000 - 100 promotion - 1,980 - 834 fees) then refund -18,718: JPY integers with thousands commas; points cost is a promotion
    assert rows(
        wh, "select sum(total), sum(points_cost), min(currency), min(marketplace) from raw.amazon_transactions"
    )[0] == (-1230.0, 0.0, "JPY", "amazon.co.jp")
    assert (
        rows(wh, "select cast(posted_at as varchar) from raw.amazon_transactions where txn_type = 'refund'")[0][0]
        == "2026-03-04 22:40:12"
    )
