"""The demo company's money, last 30 days: no ad charge inside marketplace fees, no weekly dip in the daily trend.

The demo writes a weekly Amazon "Cost of Advertising" service fee in `other transaction fees` (as Amazon does);
classified by what it is, it is an ad charge (reconcile-only where the ads reports cover the month), so fees
stay a steady share of net sales on every weekday.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import polars as pl
import pytest

from metrics.core import api, query
from warehouse.ingest.importer import Warehouse


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo_money")
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")
    w = Warehouse(folder / "wh.duckdb", folder / "archive")
    yield w
    w.close()


@pytest.fixture(scope="module")
def last30(demo):
    last = api.data_bounds(demo.con)["last"]
    return api.Filters(start=last - timedelta(days=29), end=last)


def test_marketplace_fees_hold_no_ad_charge(demo, last30):
    with query.cursor(demo.con, last30) as cur:
        leaked = cur.sql(
            "select count(*) from marts.money_lines where txn_type <> 'order' and txn_type <> 'refund' "
            "and marketplace_fees <> 0 and event_date between $1 and $2",
            params=[last30.start, last30.end],
        ).fetchall()[0][0]
        ad_charges = cur.sql(
            "select count(*), sum(ad_charges_base) from marts.money_lines "
            "where txn_type = 'ad_charge' and event_date between $1 and $2",
            params=[last30.start, last30.end],
        ).fetchall()[0]
    assert leaked == 0
    assert ad_charges[0] > 0 and ad_charges[1] < 0  # the demo's weekly ad charges exist, as ad charges
    k = api.kpis(demo.con, last30)
    # Amazon's referral + FBA fees are 8–45 % of net sales, never more (TikTok/Shopify carry no fee here)
    assert -0.45 < k["marketplace_fees"] / k["net_sales"] < -0.05


def test_daily_trend_has_no_weekly_dip(demo, last30):
    """Per weekday, marketplace fees / net sales stays within ±25 % of the 30-day ratio, and the net margin within
    10 points: a weekly charge counted as a fee or as profit would put one weekday far off."""
    days = api.trend(demo.con, last30, ["net_sales", "marketplace_fees", "net_profit"], "day")
    period = days.select(pl.col("marketplace_fees").sum() / pl.col("net_sales").sum()).item()
    margin = days.select(pl.col("net_profit").sum() / pl.col("net_sales").sum()).item()
    by_weekday = (
        days.with_columns(weekday=pl.col(days.columns[0]).cast(pl.Date).dt.weekday())
        .group_by("weekday")
        .agg(
            fees=pl.col("marketplace_fees").sum() / pl.col("net_sales").sum(),
            margin=pl.col("net_profit").sum() / pl.col("net_sales").sum(),
        )  # fmt: skip
    )
    assert by_weekday.height == 7
    for row in by_weekday.iter_rows(named=True):
        assert abs(row["fees"] / period - 1) <= 0.25, (row, period)
        assert abs(row["margin"] - margin) < 0.10, (row, margin)
