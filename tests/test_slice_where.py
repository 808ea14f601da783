"""One helper turns the sidebar's period / channel / marketplace / store / SKU filters into SQL for the ad marts
(`metrics.core.query.slice_where`); the ads page and the what-if history both use it, so they filter alike."""

from __future__ import annotations

from datetime import date

import duckdb

from metrics.core import history, query
from metrics.core.api import Filters
from metrics.sales import ads


def test_slice_where_filters_every_field():
    con = duckdb.connect()
    con.execute("create table t (day date, channel varchar, marketplace varchar, store varchar, master_sku varchar)")
    con.execute("""insert into t values
        ('2026-03-01', 'amazon', 'amazon.com', 'default', 'CAM-4K'),   -- kept by every filter below
        ('2026-03-01', 'amazon', 'amazon.de', 'default', 'CAM-4K'),    -- other marketplace
        ('2026-03-01', 'shopify', 'shopify', 'default', 'CAM-4K'),     -- other channel
        ('2026-03-01', 'amazon', 'amazon.com', 'outlet', 'CAM-4K'),    -- other store
        ('2026-03-01', 'amazon', 'amazon.com', 'default', 'LAMP-1'),   -- other SKU
        ('2026-04-01', 'amazon', 'amazon.com', 'default', 'CAM-4K')    -- outside the period""")
    f = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), channel="amazon", marketplace="amazon.com",
                store="default", sku_search=" cam ")  # fmt: skip
    cond, params = query.slice_where(f)
    assert con.execute(f"select count(*) from t where {cond}", params).fetchone()[0] == 1
    cond, params = query.slice_where(f.model_copy(update={"sku_search": None, "sku": "LAMP-1"}), alias="x")
    assert con.execute(f"select count(*) from t as x where {cond}", params).fetchone()[0] == 1
    assert query.slice_where(Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))) == (
        "day between ? and ?",
        [date(2026, 3, 1), date(2026, 3, 31)],
    )


def test_ads_and_history_share_it():
    f = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), channel="tiktok", store="s2", sku_search="A")
    assert ads._ad_cond(f) == query.slice_where(f)
    cond, params = history._ad_where(f)
    assert (cond, params) == (query.slice_where(f)[0] + " and master_sku is not null", query.slice_where(f)[1])
