"""Batch import (warehouse.ingest.batch): the same rows, lineage and archive as importing the files one by one."""

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, rows, table_state
from warehouse.ingest.batch import BatchItem, import_batch
from warehouse.ingest.importer import Warehouse

US = FIXTURES / "amazon_transactions" / "us_2025.csv"


def _split_report(tmp_path: Path, keep: list[int], name: str) -> Path:
    """Writes a copy of the US transaction report with only the data rows `keep` (1-based)."""
    lines = US.read_text(encoding="utf-8").splitlines()
    path = tmp_path / name
    path.write_text("\n".join(lines[:10] + [lines[10 + i - 1] for i in keep]) + "\n", encoding="utf-8")
    return path


def _fixture_set(tmp_path: Path) -> list[BatchItem]:
    """Files of several formats: same-format files typed together (two FBA snapshots whose date is a constant),
    overlapping reports, the same bytes twice, a cut-off file, a missing file."""
    src = tmp_path / "src"
    src.mkdir()
    cut = src / "cut_off.csv"
    cut.write_bytes(US.read_bytes()[:-40])  # the last line loses its end: refused with its sentence
    names = [
        ("amazon_transactions", "us_2025.csv", {}),
        ("amazon_transactions", "de_2025.csv", {}),
        ("amazon_transactions", "jp_sjis.csv", {}),
        ("amazon_fba_inventory", "fba_inventory_2026-03-31.txt", {}),
        ("amazon_fba_inventory", "manage_fba_inventory.txt", {"as_of": "2026-04-30"}),
        ("amazon_business_report", "BusinessReport_2026-03-01_2026-03-31_jp.csv", {}),
        ("amazon_business_report", "zh_gbk.csv", {"period": "2026-03-01:2026-03-31"}),
        ("shopify_orders", "orders_export_1.csv", {}),
        ("tiktok_orders", "All order-2026-03-20-08_00.xlsx", {}),
    ]
    items = [BatchItem(n, path=FIXTURES / d / n, options=o) for d, n, o in names]
    items.insert(3, BatchItem("march_a.csv", path=_split_report(src, [1, 2, 3, 4], "march_a.csv")))
    items.insert(4, BatchItem("march_b.csv", path=_split_report(src, [3, 4, 5, 6], "march_b.csv")))
    items.insert(6, BatchItem("cut_off.csv", path=cut))
    items.append(BatchItem("us_2025.csv", path=US))  # the same bytes again: a duplicate
    items.append(BatchItem("gone.csv", path=src / "gone.csv", missing="gone.csv: no such file; check the path."))
    return items


def _state(wh: Warehouse) -> dict:
    """Every raw row (sorted), meta.imports without the clock, the manifest without the clock, the archive."""
    out = {
        "imports": rows(
            wh,
            "select import_id, file_name, sha256, format_id, variant, encoding, sheet, rows_in_file, rows_added, "
            "rows_present, period_start, period_end, as_of, marketplace, warnings, options, status, store "
            "from meta.imports order by import_id",
        )
    }
    for (table,) in rows(wh, "select table_name from duckdb_tables() where schema_name = 'raw' order by 1"):
        out[table] = rows(wh, f"select * from raw.{table} order by all")
    out["events"] = [{k: v for k, v in e.items() if k != "at"} for e in wh.archive.events()]
    out["archive"] = sorted(p.name for p in wh.archive.root.glob("??/*"))
    out["incoming"] = sorted(p.name for p in (wh.archive.root / "incoming").glob("*"))
    return out


def _open(tmp_path: Path, name: str, empty: Path) -> Warehouse:
    (tmp_path / name).mkdir()
    shutil.copyfile(empty, tmp_path / name / "wh.duckdb")
    return Warehouse(tmp_path / name / "wh.duckdb", tmp_path / name / "archive")


def _outcome(r) -> tuple:
    # a duplicate's sentence carries the clock of the first import; the rest of the result must be equal
    message = r.message.split(" on ")[0] if r.status == "duplicate" else r.message
    return (r.file_name, r.status, message, r.format_id, r.variant, r.scope, r.import_id, r.store, r.rows_in_file,
            r.rows_added, r.rows_present, r.warnings)  # fmt: skip


def test_batch_gives_the_same_rows_imports_and_archive_as_one_by_one(tmp_path, empty_warehouse_file):
    items = _fixture_set(tmp_path)
    one = _open(tmp_path, "one", empty_warehouse_file)
    try:
        singles = []
        for item in items:
            if item.missing:
                continue
            singles.append(one.ingest_path(item.path, item.options, file_name=item.file_name))
        expected = _state(one)
    finally:
        one.close()
    seen = []
    many = _open(tmp_path, "many", empty_warehouse_file)
    try:
        results = import_batch(many, items, progress=lambda done, total, line: seen.append((done, total, line)))
        got = _state(many)
    finally:
        many.close()
    assert [_outcome(r) for r in results if r.file_name != "gone.csv"] == [_outcome(r) for r in singles]
    assert got == expected
    # the kinds the set is made of really occurred: imports, overlaps, a duplicate, refusals
    statuses = [r.status for r in results]
    assert statuses.count("duplicate") == 1 and statuses.count("rejected") == 2
    assert any(r.rows_present for r in results if r.file_name == "march_b.csv")  # rows 3 and 4 were there
    assert got["incoming"] == []  # nothing staged is left behind
    # one progress call per file, in order, with its result line
    assert [(d, t) for d, t, _ in seen] == [(i, len(items)) for i in range(1, len(items) + 1)]
    assert [line for *_, line in seen] == [r.line() for r in results]
    assert seen[-1][2] == "REJECTED gone.csv: no such file; check the path."


def test_a_bad_file_is_refused_with_its_sentence_and_the_others_import(wh, tmp_path):
    cut = tmp_path / "cut_off.csv"
    cut.write_bytes(US.read_bytes()[:-40])
    before = table_state(wh)
    results = import_batch(wh, [BatchItem("cut_off.csv", path=cut)], refresh=False)
    assert results[0].status == "rejected"
    assert results[0].message.startswith("cut_off.csv: line 16 cannot be read")  # the cut fell inside a quote
    assert table_state(wh) == before  # the refusal changed nothing
    results = import_batch(
        wh,
        [BatchItem("cut_off.csv", path=cut), BatchItem("us_2025.csv", path=US)],
        refresh=False,
    )
    assert [r.status for r in results] == ["rejected", "imported"]
    assert rows(wh, "select count(*) from meta.imports")[0][0] == 1
    assert rows(wh, "select count(*) from raw.amazon_transactions")[0][0] == results[1].rows_added > 0
