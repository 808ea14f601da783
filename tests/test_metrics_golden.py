"""Golden metric values for a hand-built scenario, every figure computed by hand in the comments.

Scenario (tests/fixtures/exports/golden/, real export layouts), base currency CNY, March 2026:
- SKUs: CAM-A (amazon.com as CAM-A-US, amazon.de as CAM-A-DE), CAM-B (amazon.com), MOUNT-C (amazon.de).
- FX (CNY per unit): 27 Feb USD 6.9; 1 Mar USD 7.0, EUR 8.0; 15 Mar USD 7.2, EUR 7.5 (ASOF: latest on or before).
- CAM-A batches: B1 3 units at (20 + 2 + 1 + 0) USD paid at 6.5 = 149.5 CNY/unit; B2 10 units at
  (160 + 10 + 5 + 5) CNY = 180 CNY/unit. CAM-B has no batch: SKU cost 35 USD from 1 Jan, 38 USD from 15 Mar.
  MOUNT-C has no cost at all.
- amazon.com (transaction report, settlement S-US-1 unless noted):
  O7 CAM-B 1 u, purchased 28 Feb (all-orders report), posted 2 Mar: sales 80, fees −12 −6
  O1 CAM-A 2 u, 5 Mar: sales 200, promotion −10, fees −30 −10
  O4 CAM-B 1 u, 8 Mar: sales 80, fees −12 −6
  O5 CAM-B 1 u, 18 Mar: sales 80 + shipping 5, fees −12.75 −6
  O3 CAM-A 2 u, 20 Mar: sales 200, fees −30 −10;  storage fee −45 (20 Mar, no SKU)
  refund O1 1 u, 22 Mar: −100, promotion reversed +5, fee refunded +12
  ad charge −50 (25 Mar; an ads report covers March, so it only reconciles);  transfer −322.25 (28 Mar)
  O8 CAM-A 1 u, purchased 31 Mar, posted 1 Apr (settlement S-US-2): sales 100, fees −15 −5
- amazon.de (settlement S-DE-1): O2 CAM-A 2 u, 10 Mar: 180 (+34.20 VAT), fees −27 −10;
  O6 MOUNT-C 3 u, 16 Mar: 60, fees −9 −9; subscription −39 (25 Mar); ad charge −12 (26 Mar, no ads report
  for amazon.de: it is the ad spend); transfer −168.20 (28 Mar).
- Ads report (amazon.com): CAM-A 5 Mar spend 20, sales 200; CAM-B 18 Mar spend 30, sales 80.
- Own stock (Shenzhen): 1 Mar CAM-A 13, CAM-B 10, MOUNT-C 20; 31 Mar CAM-A 6, CAM-B 8, MOUNT-C 17.

Lines in CNY (operational calendar = purchase/event date):
  O1 5 Mar ×7.0: gross 1400, promo −70, fees −280, cost 2 × 149.5 = 299 (B1)
  O4 8 Mar ×7.0: gross 560, fees −126, cost 35 × 7.0 = 245
  O2 10 Mar ×8.0: gross 1440, fees −296, cost 149.5 (last B1 unit) + 180 (first B2 unit) = 329.5
  O6 16 Mar ×7.5: gross 450, fees −135, cost missing (3 units)
  O5 18 Mar ×7.2: gross 85 × 7.2 = 612, fees −18.75 × 7.2 = −135, cost 38 × 7.2 = 273.6
  O3 20 Mar ×7.2: gross 1440, fees −288, cost 2 × 180 = 360 (B2);  storage −45 × 7.2 = −324
  refund 22 Mar ×7.2: refunds −720, promo +36, fees +86.4 (restock rate 0: no cost back)
  O8 31 Mar ×7.2: gross 720, fees −144, cost 180 (B2)
  O7 28 Feb ×6.9: gross 552, fees −124.2, cost 35 × 6.9 = 241.5 (financial calendar: March)
  DE subscription −39 × 7.5 = −292.5; DE ad charge 12 × 7.5 = 90; ads CAM-A 20 × 7.0 = 140 (sales 1400),
  CAM-B 30 × 7.2 = 216 (sales 576).
Charges without a SKU are spread by each SKU's share of the marketplace's March net sales:
  amazon.com operational: CAM-A 1400 − 70 + 1440 − 720 + 36 + 720 = 2806, CAM-B 560 + 612 = 1172 (3978)
  amazon.de: CAM-A 1440, MOUNT-C 450 (1890).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from metrics.core import api
from metrics.core.settings import set_settings
from warehouse.ingest.importer import Warehouse

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "exports" / "golden"
FILES = ["sku_map.csv", "fx_rates.csv", "inbound_batches.csv", "landed_costs.csv", "own_stock.csv",
         "transactions_us.csv", "transactions_de.csv", "all_orders_us.txt", "ads_products_us.csv"]  # fmt: skip
MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
approx = pytest.approx


_BUILT: list[Path] = []


def build_golden(folder: Path) -> Warehouse:
    """Returns a warehouse in `folder` with every golden file imported through the normal import path.

    The files are imported once per test process; later callers get a copy of that warehouse file.
    """
    if not _BUILT:
        first = Path(tempfile.mkdtemp(prefix="golden-"))
        wh = Warehouse(first / "wh.duckdb", first / "archive")
        for name in FILES:
            result = wh.ingest_path(GOLDEN / name)
            assert result.status == "imported", result.message
        wh.close()
        _BUILT.append(first / "wh.duckdb")
    shutil.copy(_BUILT[0], folder / "wh.duckdb")
    return Warehouse(folder / "wh.duckdb", folder / "archive")


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    wh = build_golden(tmp_path_factory.mktemp("golden"))
    yield wh
    wh.close()


def test_total_kpis_operational(gold):
    k = api.kpis(gold.con, api.Filters(**MARCH))
    assert k["units"] == 12  # US 2 + 1 + 1 + 2 + 1 (O1 O4 O5 O3 O8), DE 2 + 3
    assert k["orders"] == 7  # O1 O4 O5 O3 O8 O2 O6 (O7 was purchased in February)
    assert k["gross_sales"] == approx(6622)  # 1400 + 560 + 612 + 1440 + 720 + 1440 + 450
    assert k["promotions"] == approx(-34)  # −70 + 36
    assert k["refunds"] == approx(-720)
    assert k["net_sales"] == approx(5868)  # 6622 − 34 − 720
    assert k["aov"] == approx(946)  # 6622 / 7
    assert k["marketplace_fees"] == approx(-1317.6)  # −280 −126 −135 −288 + 86.4 −144 −296 −135
    assert k["other_fees"] == approx(-616.5)  # storage −324 + subscription −292.5 (US ad charge reconciles only)
    assert k["ad_spend"] == approx(446)  # 140 + 216 + DE fallback 90
    assert k["ad_sales"] == approx(1976)  # 1400 + 576
    assert k["cogs"] == approx(1687.1)  # 299 + 245 + 329.5 + 273.6 + 360 + 180
    assert k["landed_cost_unit"] == approx(1687.1 / 9)  # 9 units with a cost (MOUNT-C's 3 have none)
    assert k["gross_profit"] == approx(2863.3)  # 5868 − 1317.6 − 1687.1
    assert k["contribution_before_ads"] == approx(2246.8)  # 2863.3 − 616.5
    assert k["net_profit"] == approx(1800.8)  # 2246.8 − 446
    assert k["net_margin"] == approx(1800.8 / 5868)
    assert k["gross_margin"] == approx(2863.3 / 5868)
    assert k["unit_profit"] == approx(1800.8 / 12)
    assert k["acos"] == approx(446 / 1976)
    assert k["roas"] == approx(1976 / 446)
    assert k["tacos"] == approx(446 / 6622)
    assert k["breakeven_acos"] == approx(2246.8 / 6622)
    assert k["refund_rate"] == approx(1 / 12)
    # order lines' net sales 6622 − 70 = 6552 (the +36 promotion reversal is on the refund line, which has no cost of
    # its own); MOUNT-C's 450 has no cost
    assert k["cost_coverage"] == approx((6552 - 450) / 6552)
    assert k["ad_spend_share"] == approx(446 / 5868)


def test_inventory_kpis(gold):
    k = api.kpis(gold.con, api.Filters(**MARCH))
    # unit cost of stock on hand: CAM-A's next unit is in B2 (7 of 13 batch units sold) = 180; CAM-B has no batch:
    # its latest SKU cost 38 USD at the latest rate 7.2 = 273.6; MOUNT-C has none (left out)
    assert k["inventory_value"] == approx(6 * 180 + 8 * 273.6)  # = 3268.8 on 31 Mar
    # daily value: 1–30 Mar 13 × 180 + 10 × 273.6, 31 Mar 3268.8 → average over 31 days
    avg_value = (30 * (13 * 180 + 10 * 273.6) + 3268.8) / 31
    assert k["inventory_turnover"] == approx(1687.1 / avg_value)
    # days on hand in units: on hand 13 + 10 + 20 = 43 on 1–30 Mar, 6 + 8 + 17 = 31 on 31 Mar → Σ 30 × 43 + 31 =
    # 1321 unit-days, average 1321 / 31; 12 units sold → 31 / (12 / (1321 / 31)) = 1321 / 12 = 110.08 days
    assert k["days_of_inventory"] == approx(1321 / 12)
    # available 6 + 8 + 17 = 31; units in 2–31 Mar: CAM-A 7, CAM-B 2, MOUNT-C 3 → 12 / 30 a day, no stock-out day
    assert k["days_of_cover"] == approx(31 / (12 / 30))  # = 77.5
    assert k["sell_through_cn"] == approx(1.0)  # 3 SKUs in stock, all 3 sold
    # 90 days to 31 Mar: 12 + O7 = 13 units; on hand 30 × 43 + 31 over 31 days of stock data
    assert k["sell_through_amz"] == approx(13 / ((30 * 43 + 31) / 31))


@pytest.mark.parametrize("base", ["CNY", "USD", "JPY"])
def test_days_on_hand_and_cover_do_not_depend_on_the_base_currency(gold, base):
    # unit-based (see test_inventory_kpis): 1321 / 12 = 110.08 days on hand, 31 / (12 / 30) = 77.5 days of cover,
    # in CNY, in USD (golden rates to CNY only) and in JPY (no JPY rate at all)
    k = api.kpis(gold.con, api.Filters(**MARCH, base_currency=base))
    assert k["days_of_inventory"] == approx(1321 / 12)
    assert k["days_of_cover"] == approx(77.5)
    from metrics.core import query
    from metrics.planning.inventory import sku_inventory_metrics

    f = api.Filters(**MARCH, base_currency=base)
    with query.cursor(gold.con, f) as cur:
        per_sku = sku_inventory_metrics(cur, f)
    # CAM-A: 13 on hand 1–30 Mar, 6 on 31 Mar → 396 unit-days; 7 sold in March → 31 / (7 / (396 / 31)) = 396 / 7
    assert per_sku.filter(pl.col("sku") == "CAM-A")["days_of_inventory"].item() == approx(396 / 7)  # 56.57


def test_total_kpis_financial(gold):
    k = api.kpis(gold.con, api.Filters(**MARCH, calendar="financial"))
    # O7 (posted 2 Mar) is in, O8 (posted 1 Apr) is out
    assert k["units"] == 12  # 12 + 1 − 1
    assert k["orders"] == 7
    assert k["gross_sales"] == approx(6454)  # 6622 + 552 − 720
    assert k["net_sales"] == approx(5700)  # 6454 − 34 − 720
    assert k["marketplace_fees"] == approx(-1297.8)  # −1317.6 − 124.2 + 144
    assert k["cogs"] == approx(1748.6)  # 1687.1 + 241.5 − 180
    assert k["gross_profit"] == approx(2653.6)  # 5700 − 1297.8 − 1748.6
    assert k["contribution_before_ads"] == approx(2037.1)  # 2653.6 − 616.5
    assert k["net_profit"] == approx(1591.1)  # 2037.1 − 446
    assert k["aov"] == approx(6454 / 7)
    assert k["breakeven_acos"] == approx(2037.1 / 6454)
    assert k["cost_coverage"] == approx((6384 - 450) / 6384)  # order lines: 6454 − 70; MOUNT-C's 450 uncosted


def test_per_sku_operational(gold):
    frame = api.sku_economics(gold.con, api.Filters(**MARCH))
    s = {r["sku"]: r for r in frame.iter_rows(named=True)}
    assert list(s) == ["CAM-A", "CAM-B", "MOUNT-C"]  # by net sales; every charge allocated
    a, b, c = s["CAM-A"], s["CAM-B"], s["MOUNT-C"]
    us_a, us_b, de_a, de_c = 2806 / 3978, 1172 / 3978, 1440 / 1890, 450 / 1890  # net-sales shares
    # CAM-A: O1 O3 O8 (US) + O2 (DE), refund of O1
    assert (a["units"], a["orders"], a["refund_units"]) == (7, 4, 1)
    assert a["gross_sales"] == approx(5000)  # 1400 + 1440 + 720 + 1440
    assert a["net_sales"] == approx(4246)  # 5000 − 34 − 720
    assert a["marketplace_fees"] == approx(-921.6)  # −280 − 288 + 86.4 − 144 − 296
    assert a["other_fees"] == approx(-324 * us_a - 292.5 * de_a)
    assert a["ad_spend"] == approx(140 + 90 * de_a)
    assert a["cogs"] == approx(1168.5)  # 299 + 360 + 180 + 329.5
    assert a["landed_cost_unit"] == approx(1168.5 / 7)
    assert a["gross_profit"] == approx(2155.9)  # 4246 − 921.6 − 1168.5
    assert a["net_profit"] == approx(2155.9 - 324 * us_a - 292.5 * de_a - 140 - 90 * de_a)
    assert a["acos"] == approx((140 + 90 * de_a) / 1400)
    assert a["u_cogs"] == approx(-1168.5 / 7)
    assert a["cost_coverage"] == approx(1.0)
    # CAM-B: O4 O5 from SKU cost; its ads run above break-even
    assert (b["units"], b["orders"]) == (2, 2)
    assert b["gross_sales"] == approx(1172)  # 560 + 612
    assert b["cogs"] == approx(518.6)  # 245 + 273.6
    assert b["gross_profit"] == approx(392.4)  # 1172 − 261 − 518.6
    cba_b = 392.4 - 324 * us_b
    assert b["contribution_before_ads"] == approx(cba_b)
    assert b["net_profit"] == approx(cba_b - 216)
    assert b["acos"] == approx(216 / 576)  # 0.375 > break-even
    assert b["breakeven_acos"] == approx(cba_b / 1172)  # ≈ 0.253
    # MOUNT-C: no landed cost anywhere → cost 0 and coverage 0; DE charges by share
    assert c["units"] == 3 and c["cogs"] == approx(0)
    assert c["cost_coverage"] == approx(0.0)
    assert c["net_profit"] == approx(315 - 292.5 * de_c - 90 * de_c)  # 450 − 135 − 69.64 − 21.43
    assert c["acos"] is None  # no ad sales: empty, never 0
    assert sum(r["net_profit"] for r in s.values()) == approx(1800.8)  # SKUs add up to the total


def test_per_sku_financial(gold):
    frame = api.sku_economics(gold.con, api.Filters(**MARCH, calendar="financial"))
    s = {r["sku"]: r for r in frame.iter_rows(named=True)}
    assert s["CAM-A"]["units"] == 6  # O8 posted in April
    assert s["CAM-A"]["gross_profit"] == approx(1759.9)  # (4246 − 720) − (921.6 − 144) − (1168.5 − 180)
    assert s["CAM-B"]["units"] == 3  # O7 posted 2 Mar
    assert s["CAM-B"]["gross_profit"] == approx(578.7)  # (1172 + 552) − (261 + 124.2) − (518.6 + 241.5)
    # financial amazon.com shares: CAM-A 2806 − 720 = 2086, CAM-B 1172 + 552 = 1724 (3810)
    assert s["CAM-B"]["other_fees"] == approx(-324 * 1724 / 3810)


def test_fifo_crosses_the_batch_boundary(gold):
    d = api.sku_detail(gold.con, api.Filters(**MARCH), "CAM-A")
    layers = {(r["order_id"], r["txn_type"]): r for r in d["cost_lines"].iter_rows(named=True)}
    o2 = layers[("302-0000002-0000002", "order")]
    assert (o2["batch_ids"], o2["cost_method"]) == ("B1,B2", "fifo")
    assert o2["cogs"] == approx(329.5)  # last unit of B1 (149.5) + first of B2 (180)
    assert layers[("113-0000001-0000001", "order")]["cogs"] == approx(299)  # 2 × 149.5
    assert layers[("113-0000003-0000003", "order")]["unit_cost"] == approx(180)
    assert d["kpis"]["units"] == 7
    # the batches March consumed: B1 all 3 units (O1 2 + O2 1), B2 4 of 10 (O2 1 + O3 2 + O8 1) → 6 left on 31 Mar
    batches = {r["batch_id"]: r for r in d["cost_layers"].iter_rows(named=True)}
    assert {b: (r["units_in_view"], r["units_left"]) for b, r in batches.items()} == {"B1": (3, 0), "B2": (4, 6)}
    b1 = batches["B1"]  # (20 + 2 + 1 + 0) USD at the 6.5 paid = 130 + 13 + 6.5 + 0 = 149.5 CNY
    assert (b1["purchase_base"], b1["first_mile_base"], b1["duty_base"]) == (approx(130), approx(13), approx(6.5))
    assert b1["unit_cost_base"] == approx(149.5) and batches["B2"]["unit_cost_base"] == approx(180)
    assert d["non_fifo"] == {"sku_cost_units": 0, "missing_units": 0, "unrated_units": 0}
    # the waterfall's cost parts add up to COGS per unit: purchase (3 × 130 + 4 × 160) / 7 units; first mile + duty +
    # other: (3 × 19.5 + 4 × 20) / 7 (no refunds of CAM-A in March)
    row = api.sku_economics(gold.con, api.Filters(**MARCH)).filter(pl.col("sku") == "CAM-A").row(0, named=True)
    assert row["u_purchase"] == approx(-(3 * 130 + 4 * 160) / 7)
    assert row["u_first_mile"] + row["u_duty"] + row["u_cost_other"] == approx(-(3 * 19.5 + 4 * 20) / 7)
    assert row["u_purchase"] + row["u_first_mile"] + row["u_duty"] + row["u_cost_other"] == approx(row["u_cogs"])


def test_payout_bridge(gold):
    p = {r["settlement_id"]: r for r in api.payouts(gold.con, api.Filters(**MARCH)).iter_rows(named=True)}
    us = p["S-US-1"]
    assert us["sales"] == approx(540)  # 80 + 190 + 80 + 85 + 200 − 95
    assert us["marketplace_fees"] == approx(-122.75)  # −18 − 40 − 18 − 18.75 − 40 + 12
    assert (us["other_charges"], us["ad_charges"], us["taxes"]) == (approx(-45), approx(-50), approx(0))
    assert us["net_proceeds"] == approx(322.25)  # 540 − 122.75 − 45 − 50
    assert (us["transfers"], us["balance"], us["unexplained"]) == (approx(-322.25), approx(0), approx(0))
    de = p["S-DE-1"]
    assert de["net_proceeds"] == approx(168.2)  # 240 − 55 − 39 − 12 + 34.20 VAT
    assert de["taxes"] == approx(34.2) and de["balance"] == approx(0)
    assert "S-US-2" not in p  # O8's settlement closes in April


def test_comparisons(gold):
    f = api.Filters(**MARCH, compare="previous")
    # March is a whole month: the previous period is February (1–28), not the 31 days before 1 March (29 Jan–28 Feb)
    assert (f.comparison().start, f.comparison().end) == (date(2026, 2, 1), date(2026, 2, 28))
    c = api.kpi_compare(gold.con, f)
    # previous period holds O7 only: gross 552 (80 × 6.9)
    assert c["gross_sales"]["compare"] == approx(552)
    assert c["gross_sales"]["change"] == approx(6622 - 552)
    assert c["gross_sales"]["change_pct"] == approx((6622 - 552) / 552)
    yoy = api.kpi_compare(gold.con, api.Filters(**MARCH, compare="yoy"))
    assert yoy["net_sales"]["compare"] == approx(0) and yoy["net_sales"]["change_pct"] is None
    assert yoy["net_margin"]["compare"] is None  # no sales in March 2025: empty, not 0


def test_trend_and_breakdown(gold):
    t = api.trend(gold.con, api.Filters(**MARCH), ["net_sales", "units"], "month")
    assert t.rows() == [(date(2026, 3, 1), approx(5868), 12.0)]
    # weeks start on Monday; a period starting on Wednesday 11 March labels its first (cut) week 11 March, never the
    # Monday before, and the weeks add up to the same period's month total
    cut = api.Filters(start=date(2026, 3, 11), end=date(2026, 3, 31))
    w = api.trend(gold.con, cut, ["net_sales"], "week")
    m = api.trend(gold.con, cut, ["net_sales"], "month")
    assert w["period"].min() >= date(2026, 3, 11) and w["period"].is_unique().all()
    assert m["period"].to_list() == [date(2026, 3, 11)]
    assert w["net_sales"].sum() == approx(m["net_sales"].sum())
    b = {r["marketplace"]: r for r in api.breakdown(gold.con, api.Filters(**MARCH)).iter_rows(named=True)}
    assert b["amazon.com"]["net_sales"] == approx(3978) and b["amazon.de"]["net_sales"] == approx(1890)


def test_ads_campaign_above_breakeven(gold):
    rows = {r["campaign"]: r for r in api.ad_campaigns(gold.con, api.Filters(**MARCH)).iter_rows(named=True)}
    cam_b = rows["SP - CAM-B"]
    assert cam_b["acos"] == approx(0.375) and cam_b["above_breakeven"] is True
    assert cam_b["cpc"] == approx(216 / 15)  # 30 USD × 7.2 over 15 clicks
    assert rows["SP - CAM-A"]["above_breakeven"] is False  # 0.10 < CAM-A's break-even
    skus = {r["sku"]: r for r in api.ad_skus(gold.con, api.Filters(**MARCH)).iter_rows(named=True)}
    assert skus["CAM-B"]["above_breakeven"] is True


def test_settings_change_every_number(gold):
    f = api.Filters(**MARCH)
    try:
        set_settings(gold.con, restock_rate=1.0, allocation_rule="unallocated")
        k = api.kpis(gold.con, f)
        assert k["cogs"] == approx(1687.1 - 149.5)  # the refunded O1 unit returns at its FIFO cost (B1)
        s = {r["sku"]: r for r in api.sku_economics(gold.con, f).iter_rows(named=True)}
        assert s["(unallocated)"]["other_fees"] == approx(-616.5)
        assert s["(unallocated)"]["ad_spend"] == approx(90)
        assert s["CAM-A"]["other_fees"] == approx(0)
    finally:
        set_settings(gold.con, restock_rate=0.0, allocation_rule="net_sales_share")
    assert api.kpis(gold.con, f)["cogs"] == approx(1687.1)


def test_other_base_currency_uses_cross_rates(gold):
    k = api.kpis(gold.con, api.Filters(**MARCH, base_currency="USD"))
    # USD lines as they are; EUR via the same-day CNY cross: O2 10 Mar 180 × 8.0 / 7.0, O6 16 Mar 60 × 7.5 / 7.2
    assert k["gross_sales"] == approx(200 + 80 + 85 + 200 + 100 + 180 * 8.0 / 7.0 + 60 * 7.5 / 7.2)


def test_health_and_lineage(gold):
    h = api.data_health(gold.con)
    assert h["missing_costs"].select("master_sku", "units").rows() == [("MOUNT-C", 3)]
    assert h["missing_fx"].height == 0 and h["unmapped_skus"].height == 0
    lin = api.lineage(gold.con, api.Filters(**MARCH), "CAM-A", "gross_sales")
    got = {(r["file_name"], r["marketplace"], r["currency"]): round(r["amount"], 6) for r in lin.iter_rows(named=True)}
    # in each file's own currency (the base-currency figures were 1400 + 1440 + 720 CNY and 1440 CNY):
    # O1 200 + O3 200 + O8 100 USD (= 1400/7.0 + 1440/7.2 + 720/7.2); O2 180 EUR (= 1440/8.0)
    assert got == {
        ("transactions_us.csv", "amazon.com", "USD"): 200 + 200 + 100,
        ("transactions_de.csv", "amazon.de", "EUR"): 180,
    }
    # units come from order lines only: O1 2 + O3 2 + O8 1 in the US file, O2 2 in the DE file
    units = api.lineage(gold.con, api.Filters(**MARCH), "CAM-A", "units")
    assert {r["file_name"]: r["amount"] for r in units.iter_rows(named=True)} == {
        "transactions_us.csv": 5,
        "transactions_de.csv": 2,
    }
    # advertising rows of that SKU only, in the report's currency: CAM-A 5 Mar spend 20 USD (CAM-B's 30 is not in)
    ads = api.lineage(gold.con, api.Filters(**MARCH), "CAM-A", "ad_spend").filter(pl.col("family") == "ads")
    assert ads.select("file_name", "rows", "amount", "currency").rows() == [("ads_products_us.csv", 1, 20.0, "USD")]
    assert api.data_bounds(gold.con) == {"first": date(2026, 2, 28), "last": date(2026, 3, 31)}


def test_missing_fx_rate_is_left_out_never_one(tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        assert wh.ingest_path(GOLDEN / "transactions_us.csv").status == "imported"
        k = api.kpis(wh.con, api.Filters(**MARCH))
        # without the orders report O7 counts on its posting day (2 Mar), O8 on 1 Apr: 1 + 2 + 1 + 1 + 2 units
        assert k["units"] == 7 and k["gross_sales"] == approx(0)  # USD has no CNY rate: nothing converted
        warn = api.data_health(wh.con)["missing_fx"]
        # every line is warned, the transfer too: 9 in March, O8 in April
        assert warn.select("currency", "month", "rows").rows() == [
            ("USD", date(2026, 3, 1), 9),
            ("USD", date(2026, 4, 1), 1),
        ]
        usd = api.kpis(wh.con, api.Filters(**MARCH, base_currency="USD"))
        assert usd["gross_sales"] == approx(645)  # 80 + 200 + 80 + 85 + 200: the base currency itself is 1.0
    finally:
        wh.close()
