"""A per-base copy kept whole is left as it is after an incremental refresh only when none of its inputs changed
(warehouse.marts.copy_inputs), and inventory_days values the stock rows at the kept unit costs (a view).

The small company of tests/test_refresh_incremental.py (templates first), then one report at a time: after each
refresh every copy kept whole equals its plain view (marts_plain.<name> under the same conventions), and the ones
the report cannot reach are left as they were (stats.per_base 0) while the ones it reaches are rebuilt (-1).
"""

from __future__ import annotations

import pytest

from tests.test_refresh_fifo import _row as _tx_row  # one amazon.com transaction row, real layout
from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.core.conventions import apply_to_cursor, get_settings
from warehouse.marts import copy_inputs, per_base
from warehouse.marts.refresh import HEAVY, refresh

WHOLE = ["fx_warnings", "sku_unit_costs", *per_base.BASE_FREE]


def _rows(cur, sql: str) -> list[tuple]:
    return sorted(
        (tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in cur.sql(sql).fetchall()), key=repr
    )


def _assert_copies_are_plain(con, names=(*WHOLE, "inventory_days")) -> None:
    """Each copy equals what its plain view gives now (the stored base's conventions on the cursor)."""
    cur = con.cursor()
    try:
        apply_to_cursor(cur, get_settings(con))
        for name in names:
            got, want = _rows(cur, f"select * from marts_base.{name}"), _rows(cur, f"select * from marts_plain.{name}")
            assert got == want, (name, len(got), len(want), [r for r in got if r not in want][:2])
    finally:
        cur.close()


def _import(wh, name: str):
    res = wh.ingest_path(EXPORTS / name, refresh=False)
    assert res.status == "imported", res.line()
    stats = refresh(wh.con)
    assert stats.mode == "incremental", stats
    return stats


def test_the_walk_finds_each_copys_inputs(tmp_path, empty_warehouse_file):
    """What the walk finds on the real views: cash receipts read the settlement and payout reports (never ads);
    fx_warnings reads expense_days' current_date; an unknown schema or a volatile function is unknown."""
    wh = fresh(tmp_path, empty_warehouse_file)
    try:
        cur = wh.cursor()
        texts = copy_inputs.texts(cur)
        cur.close()
        cash = copy_inputs.leaves(texts, HEAVY, "cash_receipts")
        assert {"raw.amazon_settlement", "raw.shopify_payments", "raw.tiktok_statement"} <= cash
        assert not {leaf for leaf in cash if "ads" in leaf or leaf.startswith(("?", "marts_mat"))}, cash
        assert copy_inputs.DAY in copy_inputs.leaves(texts, HEAVY, "fx_warnings")
        assert "marts_mat.batch_takes" in copy_inputs.leaves(texts, HEAVY, "sku_unit_costs")
        fake = texts | {"marts.cash_receipts": "select * from main.t, raw.amazon_settlement where now() > x"}
        found = copy_inputs.leaves(fake, HEAVY, "cash_receipts")
        assert "?main.t" in found and any(leaf.startswith("?volatile") for leaf in found), found
        fake = texts | {"marts.cash_receipts": 'with "source" as (select 1) select * from "source" join t on true'}
        assert copy_inputs.leaves(fake, HEAVY, "cash_receipts") == {"?t in marts.cash_receipts"}  # t: no CTE
    finally:
        wh.close()


@pytest.mark.parametrize(
    ("report", "rebuilt", "left"),
    [
        # an ads report: only the unmapped advertised ASINs read it (fx_warnings: ad_facts moved, but every new ad
        # day is in USD on a day with a USD rate: no warning can move, copy_inputs.fx_warnings_changed)
        ("golden/ads_products_us.csv", {"unmapped_ad_asins"},
         {"fx_warnings", "cash_receipts", "cash_timing", "return_lines", "customer_orders"}),
        # a settlement (a payout): the cash receipts and the sale → cash timing
        ("amazon_settlement/us_settlement.txt", {"cash_receipts", "cash_timing"},
         {"unmapped_ad_asins", "return_lines", "customer_orders"}),
        # a TikTok Shop statement: its paid statements
        (
            "tiktok_statement/statement_20260401-20260430(UTC).csv",
            {"cash_receipts", "cash_timing"},
            {"unmapped_ad_asins", "return_lines", "customer_orders"},
        ),
        # a returns report: the returned lines only
        ("amazon_returns/us_returns_march_golden.txt", {"return_lines"},
         {"fx_warnings", "sku_unit_costs", "cash_receipts", "cash_timing", "unmapped_ad_asins", "customer_orders"}),
        # a Shopify orders export: its buyers' orders
        ("shopify_orders/orders_export_2026-05.csv", {"customer_orders"}, {"unmapped_ad_asins", "return_lines"}),
    ],
)  # fmt: skip
def test_a_report_rebuilds_the_copies_it_reaches_and_leaves_the_others(
    tmp_path, empty_warehouse_file, report, rebuilt, left
):
    """After one report, the copies reading it are rebuilt (-1) and equal their plain views; the copies it cannot
    reach are left as they were (0) and still equal their plain views (a wrong skip would leave them stale)."""
    wh = fresh(tmp_path, empty_warehouse_file)
    try:
        _import(wh, "golden/transactions_us.csv")  # sales and their settlements' ids: cash timing has lines to pay
        stats = _import(wh, report)
        assert {name: stats.per_base[name] for name in rebuilt} == dict.fromkeys(rebuilt, -1)
        assert {name: stats.per_base[name] for name in left} == dict.fromkeys(left, 0)
        _assert_copies_are_plain(wh.con)
    finally:
        wh.close()


def test_a_payout_changes_the_cash_receipts_copy(tmp_path, empty_warehouse_file):
    """An ads report leaves cash_receipts untouched (0, same rows); a settlement then adds its payout to the copy."""
    wh = fresh(tmp_path, empty_warehouse_file)
    try:
        _import(wh, "golden/transactions_us.csv")  # its refund gives refund costs in the base: the next ones update
        cur = wh.cursor()
        before = _rows(cur, "select * from marts_base.cash_receipts")
        cur.close()
        assert _import(wh, "golden/ads_products_us.csv").per_base["cash_receipts"] == 0
        cur = wh.cursor()
        assert _rows(cur, "select * from marts_base.cash_receipts") == before
        cur.close()
        assert _import(wh, "amazon_settlement/us_settlement.txt").per_base["cash_receipts"] == -1
        cur = wh.cursor()
        assert len(_rows(cur, "select * from marts_base.cash_receipts")) > len(before)
        cur.close()
        _assert_copies_are_plain(wh.con)
    finally:
        wh.close()


def test_a_new_day_rebuilds_what_reads_current_date(tmp_path, empty_warehouse_file):
    """fx_warnings reads expense_days, which spreads recurring expenses up to the current month: with the day its
    copies were made gone (marts_base.built says another day), a returns report rebuilds it; on the same day not."""
    wh = fresh(tmp_path, empty_warehouse_file)
    try:
        wh.con.execute("update marts_base.built set day = day - 1")
        stats = _import(wh, "amazon_returns/us_returns_march_golden.txt")
        assert stats.per_base["fx_warnings"] == -1 and stats.per_base["cash_receipts"] == 0, stats.per_base
        stats = _import(wh, "amazon_returns/us_returns.txt")
        assert stats.per_base["fx_warnings"] == 0, stats.per_base
    finally:
        wh.close()


def test_unknown_touched_rebuilds_every_whole_copy(tmp_path, empty_warehouse_file):
    """Without the refresh's touched tables (None: unknown) every copy kept whole is rebuilt, as before."""
    wh = fresh(tmp_path, empty_warehouse_file)
    try:
        wh.con.execute("drop table marts_mat.imports_seen")  # the bookkeeping of imports seen is gone: unknown
        stats = _import(wh, "amazon_returns/us_returns_march_golden.txt")
        assert all(stats.per_base[name] == -1 for name in WHOLE), stats.per_base
        _assert_copies_are_plain(wh.con)
    finally:
        wh.close()


def test_a_fifo_move_revalues_the_stock_in_the_copy(tmp_path, empty_warehouse_file):
    """CAM-A's batches (golden/inbound_batches.csv): B1 3 units at (20 + 2 + 1 + 0) USD × 6.5 paid = 149.5 CNY, B2
    10 units at 160 + 10 + 5 + 5 = 180 CNY. Before any sale the frontier is B1: the 31 March count of 6 units is
    worth 6 × 149.5 = 897 CNY. One order of 4 units (10 March) sells past B1's 3 units: the frontier moves to B2,
    6 × 180 = 1080 CNY, without a stock row rewritten (inventory_days: 0 rows, a view) and as the plain view says."""
    wh = fresh(tmp_path, empty_warehouse_file)
    sql = ("select landed_cost_unit, inventory_value, on_hand from marts_base.inventory_days "
           "where master_sku = 'CAM-A' and day = date '2026-03-31'")  # fmt: skip
    try:
        cur = wh.cursor()
        assert cur.sql(sql).fetchall() == [(pytest.approx(149.5), pytest.approx(897.0), 6)]
        assert cur.sql("select count(*) from duckdb_views() where schema_name = 'marts_base' "
                       "and view_name = 'inventory_days'").fetchall()[0][0] == 1  # fmt: skip
        cur.close()
        head = (EXPORTS / "golden" / "transactions_us.csv").read_text(encoding="utf-8").splitlines()[:4]
        row = _tx_row("Mar 10, 2026 12:00:00 PM PDT", "Order", "113-9000001-0000001", "CAM-A-US", 4, 400.0)
        (tmp_path / "sale.csv").write_text("\n".join([*head, row]) + "\n", encoding="utf-8")
        assert wh.ingest_path(tmp_path / "sale.csv", refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental", stats
        assert stats.per_base["sku_unit_costs"] == -1 and stats.per_base["inventory_days"] == 0, stats.per_base
        cur = wh.cursor()
        assert cur.sql(sql).fetchall() == [(pytest.approx(180.0), pytest.approx(1080.0), 6)]
        cur.close()
        _assert_copies_are_plain(wh.con)
    finally:
        wh.close()
