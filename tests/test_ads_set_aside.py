"""One report level per account × marketplace × program × day (marts.ad_facts): the amazon.in campaign, search-term
and targeting reports of 1 Feb 2020 cover a day the advertised-product report already counts, so their spend is set
aside. The Ads page never said so; it now names how many imported reports were set aside (zh/en), and the spend stays
the advertised-product file's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.core.api import Filters
from metrics.sales.ads import set_aside_reports
from ui.i18n import tr
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "cases"
FILES = ["min_ads_sp_advertised_product_asin_only_14day.xlsx", "min_ads_sp_campaign_rupee_14day.csv",
         "min_ads_sp_search_term_14day.xlsx", "min_ads_sp_targeting_report.xlsx"]  # fmt: skip
DAY1 = Filters(start=date(2020, 2, 1), end=date(2020, 2, 1))
FEB = Filters(start=date(2020, 2, 1), end=date(2020, 2, 29))


@pytest.fixture(scope="module")
def inr_wh(tmp_path_factory) -> Path:
    """The four amazon.in Sponsored Products reports of 1-2 Feb 2020, one store."""
    folder = tmp_path_factory.mktemp("set_aside")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        for name in FILES:
            assert wh.ingest_path(CASES / name).ok, name
    finally:
        wh.close()
    return folder / "wh.duckdb"


def _spend(wh: Warehouse, f: Filters) -> float:
    sql = "select sum(ad_spend) from marts.ad_days where marketplace = 'amazon.in' and day between ? and ?"
    return wh.con.sql(sql, params=[f.start, f.end]).fetchall()[0][0]


def test_three_reports_are_set_aside_and_spend_is_the_advertised_product_files(inr_wh):
    wh = Warehouse(inr_wh, inr_wh.parent / "archive")
    try:
        day1, feb = set_aside_reports(wh.con, DAY1), set_aside_reports(wh.con, FEB)
        day1_spend, feb_spend = _spend(wh, DAY1), _spend(wh, FEB)
        other = set_aside_reports(wh.con, FEB.model_copy(update={"marketplace": "amazon.de"}))
    finally:
        wh.close()
    # 1 Feb 2020: campaign CSV (Rs.201.68 + Rs.255.92), search-term (31.35) and targeting (31.35) rows all fall on
    # the day the advertised-product file counts: 3 reports set aside, the day's spend is that file's row, ₹112.97
    assert (day1["reports"], day1["days"], day1["used_levels"]) == (3, 1, ["product"])
    assert day1_spend == pytest.approx(112.97)
    # the month: 2 Feb adds search-term (139.75) and targeting (262.40) rows, again under the product file's day;
    # still 3 reports, 2 days; spend = the product file's 112.97 + 364.10 = 477.07, not 477.07 + 457.60 + 171.10 + 293.75
    assert (feb["reports"], feb["days"]) == (3, 2)
    assert feb_spend == pytest.approx(477.07)
    assert other["reports"] == 0  # a marketplace with no ads sets nothing aside


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ads_page_says_three_reports_were_set_aside(inr_wh, monkeypatch, lang):
    monkeypatch.setenv("WAREHOUSE_PATH", str(inr_wh))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in {"period": "custom", "start": "2020-02-01", "end": "2020-02-01", "lang": lang}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/ads.py").run()
    assert not at.exception, [e.value for e in at.exception]
    want = tr("ads_set_aside", lang, n=3, used=tr("ad_level_product", lang))
    shown = [c.value for c in at.caption]
    assert want in shown, shown
    assert "3" in want
