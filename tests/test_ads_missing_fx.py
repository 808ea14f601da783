"""Ads in a currency without a rate to the base: the Ads page warns (zh/en) instead of showing 0.00 silently, and a
currency the FX template holds (INR) is a base-currency choice in the sidebar and on the Settings page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.core.api import Filters
from metrics.sales.ads import missing_fx
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
RUPEE = ROOT / "tests" / "fixtures" / "cases" / "min_ads_sp_campaign_rupee_14day.csv"
FEB_2020 = {"period": "custom", "start": "2020-02-01", "end": "2020-02-29"}


@pytest.fixture(scope="module")
def rupee_wh(tmp_path_factory) -> Path:
    """amazon.in SP campaign report (INR, 1 Feb 2020) and an FX template with INR→USD only: no INR→CNY rate."""
    folder = tmp_path_factory.mktemp("rupee")
    fx = folder / "fx_rates.csv"
    fx.write_text("Date,Currency,Base currency,Rate\n2020-02-01,INR,USD,0.014\n", encoding="utf-8")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        for path in (RUPEE, fx):
            assert wh.ingest_path(path).ok, path.name
    finally:
        wh.close()
    return folder / "wh.duckdb"


def test_missing_fx_counts_the_rupee_spend(rupee_wh):
    # the file's two campaign rows on 1 Feb 2020 spend Rs.201.68 + Rs.255.92 = 457.60 INR; base CNY has no INR rate
    wh = Warehouse(rupee_wh, rupee_wh.parent / "archive")
    try:
        got = missing_fx(wh.con, Filters(start=date(2020, 2, 1), end=date(2020, 2, 29)))
        in_usd = missing_fx(wh.con, Filters(start=date(2020, 2, 1), end=date(2020, 2, 29), base_currency="USD"))
        later = missing_fx(wh.con, Filters(start=date(2020, 3, 1), end=date(2020, 3, 31)))
    finally:
        wh.close()
    assert got.select("currency", "base_currency").rows() == [("INR", "CNY")]
    assert got["spend"][0] == pytest.approx(201.68 + 255.92)
    assert (got["first_day"][0], got["last_day"][0]) == (date(2020, 2, 1), date(2020, 2, 1))
    assert in_usd.is_empty() and later.is_empty()  # USD base has the rate; March holds no ads


def open_page(path: Path, monkeypatch, page: str, lang: str) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in {**FEB_2020, "lang": lang}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# the two INR rows fall on one day: "1 … ad day … has no rate" (singular)
@pytest.mark.parametrize(("lang", "words"), [("zh", "没有 INR→CNY 汇率"), ("en", "has no INR→CNY rate")])
def test_ads_page_warns_and_offers_inr(rupee_wh, monkeypatch, lang, words):
    at = open_page(rupee_wh, monkeypatch, "pages/ads.py", lang)
    warnings = [w.value for w in at.warning]
    assert any(words in w and "457.60" in w for w in warnings), warnings
    assert "INR" in at.selectbox(key="w_base").options


@pytest.mark.parametrize(("lang", "words"), [("zh", "1 天的 INR 广告数据"), ("en", "1 INR ad day between")])
def test_ads_warning_counts_days_not_rows(rupee_wh, monkeypatch, lang, words):
    # the file's 2 campaign rows are both on 1 Feb 2020: 2 rows but 1 distinct day, so the warning says 1 day
    wh = Warehouse(rupee_wh, rupee_wh.parent / "archive")
    try:
        got = missing_fx(wh.con, Filters(start=date(2020, 2, 1), end=date(2020, 2, 29)))
    finally:
        wh.close()
    assert (got["rows"][0], got["days"][0]) == (2, 1)
    at = open_page(rupee_wh, monkeypatch, "pages/ads.py", lang)
    assert any(words in w.value for w in at.warning), [w.value for w in at.warning]
