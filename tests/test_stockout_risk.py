"""One stock-out risk on every page that lists them (`metrics.planning.stockout.with_stockout_risk`).

The fresh-eyes walk of the demo: the meeting's supply-chain view listed CHG-DUAL only (a stock-out within 30 days),
the Inventory page CHG-DUAL, ACC-REMOTE, CASE-SOFT and CAM-5K-PRO (within 90 days), the ad what-if warned of 7 SKUs
(at its extra sales). Now a SKU is at risk when it sells and is out of stock, or its days of cover < its lead time +
SAFETY_DAYS at the current sales rate; the meeting and Inventory list the same SKUs, and the what-if's warning says
it answers another question (its extra sales).
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.core import api
from metrics.meeting.views import build_views
from metrics.planning.stockout import SAFETY_DAYS, outlook_row, with_stockout_risk
from tests.conftest import scratch_dir
from ui.i18n import tr

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 1, 1)


def _risk(lead: int | None, available: int = 100, per_day: float = 2.0) -> bool:
    row = outlook_row("X", [per_day] * 365, available, 0, TODAY)
    frame = (
        pl.DataFrame([row])
        .rename({"demand_per_day": "daily_units"})
        .with_columns(lead_time_days=pl.lit(lead, dtype=pl.Int64))
    )
    return with_stockout_risk(frame)["stockout_risk"][0]


def test_risk_threshold_by_hand():
    # 100 units at 2 a day: stock after day i is 100 − 2·(i + 1), first below 0 on day i = 50 → 50 days of cover
    row = outlook_row("X", [2.0] * 365, 100, 0, TODAY)
    assert row["days_of_cover"] == 50 and row["stockout_date"] == date(2026, 2, 20)
    assert SAFETY_DAYS == 14
    # at risk when 50 < lead + 14: lead 37 → 51 (risk); lead 36 → 50 (not: the stock lasts exactly until arrival + 14)
    assert _risk(37) is True
    assert _risk(36) is False
    # no lead time known: the safety days alone (50 < 14 is false)
    assert _risk(None) is False
    # out of stock and selling: a risk whatever the lead time; no sales: never a risk (capped cover)
    assert _risk(0, available=0) is True
    assert _risk(365, per_day=0.0) is False


def _inventory_lines(db: Path, end: date, lang: str, monkeypatch) -> list[str]:
    copy = scratch_dir("stockout_risk_") / "wh.duckdb"  # the app keeps its own connection open
    shutil.copyfile(db, copy)
    monkeypatch.setenv("WAREHOUSE_PATH", str(copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    params = {"period": "custom", "start": "2026-10-01", "end": end.isoformat(), "lang": lang}
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/inventory.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return [m.value for m in at.markdown if ":material/event_busy:" in m.value]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_meeting_and_inventory_list_the_same_stockout_risks(demo_warehouse_file, monkeypatch, lang):
    con = duckdb.connect(str(demo_warehouse_file))
    try:
        supply = build_views(con, date(2026, 10, 1), date(2026, 10, 31))["supply_chain"]
        last = api.data_bounds(con)["last"]
        stock = api.inventory_status(con, last, api.Filters(start=date(2026, 10, 1), end=last))
    finally:
        con.close()
    meeting = {r["sku"] for r in supply["tables"]["stockout_risks"]}
    lines = _inventory_lines(demo_warehouse_file, last, lang, monkeypatch)
    page = {re.search(r"event_busy: (\S+)", line).group(1).replace("\\", "") for line in lines}  # markdown-escaped
    # the walk's four SKUs, on both (the meeting listed CHG-DUAL only, 30 days; Inventory all four, 90 days)
    assert {"CHG-DUAL", "ACC-REMOTE", "CASE-SOFT", "CAM-5K-PRO"} <= meeting
    assert meeting == page
    # every listed SKU meets the definition, every other selling SKU does not
    per_sku = stock.unique("sku")
    for r in per_sku.iter_rows(named=True):
        sells = (r["daily_units"] or 0) > 0
        short = r["days_of_cover"] is not None and r["days_of_cover"] < (r["lead_time_days"] or 0) + SAFETY_DAYS
        assert (r["sku"] in meeting) == (sells and (r["out_of_stock"] or short)), r


def test_whatif_warning_says_it_is_about_extra_sales():
    en = tr("wa_stockout", "en", n=7, skus="A, B")
    zh = tr("wa_stockout", "zh", n=7, skus="A, B")
    assert "what-if's extra sales" in en and "current sales rate" in en
    assert "额外销量" in zh and "当前销售速度" in zh


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_whatif_warning_without_extra_sales_does_not_blame_them(demo_warehouse_file, lang):
    """The walk: at +0 % the what-if said "At the what-if's extra sales, 7 advertised SKUs run out" — there are no
    extra sales at an unchanged budget. Unchanged: the sentence says they run out without extra sales; at +50 % the
    extra-sales sentence comes back."""
    from tests.conftest import warehouse_env

    copy = scratch_dir("wa_stock_") / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, copy)
    with warehouse_env(copy):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("pages/whatif_ads.py").run()
        assert not at.exception, [e.value for e in at.exception]
        now_head = tr("wa_stockout_now", lang, n=2, skus="X", safety=SAFETY_DAYS).split("2")[0]
        extra_head = tr("wa_stockout", lang, n=2, skus="X").split("2")[0]
        warnings = [w.value for w in at.warning]
        assert any(w.startswith(now_head) for w in warnings), warnings
        assert not any(w.startswith(extra_head) for w in warnings), warnings
        at.slider(key="wa_account").set_value(50).run()
        warnings = [w.value for w in at.warning]
        assert any(w.startswith(extra_head) for w in warnings), warnings
