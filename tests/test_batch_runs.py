"""Runs of same-layout files imported together (warehouse.ingest.group): the same rows, results, lineage, archive
and undo as importing them one by one; a bad file in a run refuses only itself."""

import shutil
from pathlib import Path

from tests.test_batch_import import _open, _outcome, _state
from warehouse.ingest.batch import BatchItem, _prepare, _runs, import_batch

ADS = Path(__file__).resolve().parent.parent / "data" / "demo" / "amazon.com" / "ads"
MONTHS = ["2024-11", "2024-12", "2025-01", "2025-02"]


def _run_items(tmp_path: Path) -> list[BatchItem]:
    """Five Sponsored Brands campaign reports of the demo (one layout, one store): two months, an overlapping
    download, a month with one bad cell, a last month."""
    src = tmp_path / "src"
    src.mkdir()
    files = {m: ADS / f"Sponsored_Brands_Campaign_report_{m}.csv" for m in MONTHS}
    lines = {m: p.read_text(encoding="utf-8").splitlines() for m, p in files.items()}
    header = lines["2024-11"][0]
    # November's last 3 rows, November's last row again (a second identical row in one file: occurrence 2 is
    # new), December's first 2 rows: 3 + 2 = 5 rows present, 1 added
    overlap = src / "Sponsored_Brands_Campaign_report_overlap.csv"
    overlap.write_text(
        "\n".join([header, *lines["2024-11"][-3:], lines["2024-11"][-1], *lines["2024-12"][1:3]]) + "\n",
        encoding="utf-8",
    )
    bad_lines = list(lines["2025-01"])
    cells = bad_lines[3].split(",")
    impressions = 7  # "Nov 01, 2024" is quoted and holds a comma: Impressions is the 8th comma field
    assert cells[impressions].isdigit()
    cells[impressions] = "12x4"
    bad_lines[3] = ",".join(cells)
    bad = src / "Sponsored_Brands_Campaign_report_2025-01.csv"
    bad.write_text("\n".join(bad_lines) + "\n", encoding="utf-8")
    paths = [files["2024-11"], files["2024-12"], overlap, bad, files["2025-02"]]
    return [BatchItem(p.name, path=p, store="default") for p in paths]


def test_a_run_with_one_bad_file_refuses_only_that_file(tmp_path, empty_warehouse_file):
    items = _run_items(tmp_path)
    one = _open(tmp_path, "one", empty_warehouse_file)
    try:
        singles = [one.ingest_path(i.path, i.options, file_name=i.file_name, store=i.store) for i in items]
        expected = _state(one)
        one_undo = one.undo(singles[1].import_id)  # December: its 2 rows the overlap file also holds come back
        expected_undone = _state(one)
    finally:
        one.close()
    many = _open(tmp_path, "many", empty_warehouse_file)
    try:
        cur = many.cursor()
        try:  # the five files really form one run (typed together, imported together)
            prepared = _prepare(many, cur, items)
            assert [len(run) for run in _runs(items, prepared)] == [5]
        finally:
            for p in prepared:
                if p is not None and p.incoming is not None:
                    p.incoming.unlink(missing_ok=True)
            cur.close()
        results = import_batch(many, items, refresh=False)
        got = _state(many)
        many_undo = many.undo(results[1].import_id, refresh=False)
        got_undone = _state(many)
    finally:
        many.close()
    assert [_outcome(r) for r in results] == [_outcome(r) for r in singles]
    assert got == expected
    assert many_undo == one_undo and got_undone == expected_undone
    assert [r.status for r in results] == ["imported", "imported", "imported", "rejected", "imported"]
    # the bad file is named with its row (line 4 of the file), column and value; it has no import id
    assert results[3].message.startswith(
        "Sponsored_Brands_Campaign_report_2025-01.csv: row 4, column 'Impressions': '12x4' is not a whole number"
    )
    assert results[3].import_id is None
    # ids in file order, skipping the refused file, as one by one
    assert [r.import_id for r in results if r.ok] == [1, 2, 3, 4]
    # the overlap file: 6 rows, 5 already present (3 of November, 2 of December), 1 added (the second copy)
    assert (results[2].rows_in_file, results[2].rows_added, results[2].rows_present) == (6, 1, 5)


def test_a_run_whose_files_are_all_imported_already_is_all_duplicates(tmp_path, empty_warehouse_file):
    items = _run_items(tmp_path)
    del items[3]  # without the bad file
    wh = _open(tmp_path, "wh", empty_warehouse_file)
    try:
        first = import_batch(wh, items, refresh=False)
        again = import_batch(wh, [BatchItem(i.file_name, path=i.path, store="default") for i in items], refresh=False)
        assert [r.status for r in first] == ["imported"] * 4
        assert [r.status for r in again] == ["duplicate"] * 4
        assert [r.import_id for r in again] == [r.import_id for r in first]
    finally:
        wh.close()
    shutil.rmtree(tmp_path / "src")


RELIABILITY = Path(__file__).resolve().parent / "fixtures" / "reliability"
EARLY = RELIABILITY / "17a_report_downloaded_early.csv"  # the period downloaded while transactions were deferred
LATER = RELIABILITY / "17b_same_period_downloaded_later.csv"  # the same period later: released, settled


def test_a_run_of_transaction_reports_ends_with_the_volatile_values_of_one_by_one(tmp_path, empty_warehouse_file):
    # volatile values (status, release date, settlement id): one by one, each file replaces them when its rank is
    # at least the stored row's; a run must end the same in either download order, and with a file imported before
    for k, order in enumerate([[EARLY, LATER], [LATER, EARLY], [EARLY, LATER, EARLY]]):
        items = [BatchItem(f"{n}_{p.name}", raw=p.read_bytes(), store="default") for n, p in enumerate(order)]
        if len(order) == 3:  # the same bytes twice would be a duplicate: the third file gets one more data row
            items[2].raw = items[0].raw + LATER.read_bytes().splitlines(keepends=True)[-1]
        one = _open(tmp_path, f"one{k}", empty_warehouse_file)
        try:
            singles = [one.ingest_bytes(i.raw, i.file_name, store=i.store, refresh=False) for i in items]
            expected = _state(one)
        finally:
            one.close()
        many = _open(tmp_path, f"many{k}", empty_warehouse_file)
        try:
            cur = many.cursor()
            try:
                prepared = _prepare(many, cur, items)
                assert [len(run) for run in _runs(items, prepared)] == [len(items)]
            finally:
                for p in prepared:
                    if p is not None and p.incoming is not None:
                        p.incoming.unlink(missing_ok=True)
                cur.close()
            results = import_batch(many, items, refresh=False)
            got = _state(many)
        finally:
            many.close()
        assert [_outcome(r) for r in results] == [_outcome(r) for r in singles]
        assert got == expected
        assert all(r.status == "imported" for r in results)
