"""The incremental refresh's base list after the marts moved (partitions.bases_after) equals a whole read (bases).

refund_cost_facts and allocation_shares keep rows per base currency: every FX base and every fact or cost currency.
When that list moves, the refresh rebuilds them whole; else it replaces their changed partitions. The list after the
marts moved is now found from the list before and the refresh's deltas (a few lookups) instead of scanning four
whole tables again: here a USD-only company gains JPY (a Japanese transaction report, Shift-JIS), JPY-free TikTok and Shopify
files, then loses JPY again by the undo of that report, and at every refresh the quick list equals the whole read.
"""

from __future__ import annotations

from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.marts import partitions as parts
from warehouse.marts.refresh import refresh


def test_quick_base_list_equals_the_whole_read_at_every_step(tmp_path, empty_warehouse_file, monkeypatch):
    seen: list[tuple] = []
    quick = parts.bases_after

    def checked(cur, before):
        got = quick(cur, before)
        seen.append((before, got, parts.bases(cur)))
        return got

    monkeypatch.setattr(parts, "bases_after", checked)
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        files = ["golden/transactions_us.csv", "amazon_transactions/jp_sjis.csv",
                 "tiktok_statement/statement_20260401-20260430(UTC).csv", "shopify_orders/orders_export_2026-05.csv"]  # fmt: skip
        ids = {}
        for name in files:
            r = wh.ingest_path(EXPORTS / name)
            assert r.status == "imported", r.message
            ids[name] = r.import_id
            refresh(wh.con)
        wh.undo(ids["amazon_transactions/jp_sjis.csv"])
        refresh(wh.con)
    finally:
        wh.close()
    assert len(seen) >= 5, "one check per incremental refresh"
    for before, got, whole in seen:
        assert got == whole, (before, got, whole)
    # the list moved at least once (JPY came with the Japanese report: no template holds yen): else the test shows nothing
    assert any(before != whole for before, _, whole in seen)
