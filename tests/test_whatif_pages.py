"""AppTest of the what-if pages on a real warehouse: the golden company plus 59 days of ads on a known curve.

Moving a slider must change the numbers it drives (and only those): the account slider moves the account
totals, a currency slider moves the scenario profit.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.planning.store import set_kpi_bands
from ui.state import defaults
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "exports" / "golden"
HEADER = (GOLDEN / "ads_products_us.csv").read_text(encoding="utf-8").splitlines()[0]


def _ads_csv() -> bytes:
    """Daily SP advertised-product rows, 1 Feb – 31 Mar 2026: spend 10…40 USD, sales = 30·spend^0.6."""
    lines = [HEADER]
    for i in range(59):
        d = date(2026, 2, 1) + timedelta(days=i)
        for sku, asin, k in (("CAM-A-US", "B0GOLDENA1", 30.0), ("CAM-B-US", "B0GOLDENB1", 12.0)):
            spend = 10.0 + 5 * (i % 7)
            sales = k * spend**0.6
            units = max(int(sales // 100), 1)
            lines.append(
                f'"{d:%b %d, %Y}",Cameras,USD,SP - {sku},Auto,Amazon,US,{sku},{asin},"1,000",20,2.0000%,$1.00,'
                f"${spend:.2f},${sales:.2f},10.0000%,2.00,{units},{units},5.0000%,{units},0,${sales:.2f},$0.00"
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def app_env(tmp_path_factory):
    d = tmp_path_factory.mktemp("whatif_app")
    w = Warehouse(d / "wh.duckdb", d / "archive")
    try:
        for p in sorted(GOLDEN.iterdir()):
            if p.name != "ads_products_us.csv":
                assert w.ingest_path(p).ok, p.name
        assert w.ingest_bytes(_ads_csv(), "sp_advertised_product_whatif.csv").ok
        # a March band for net sales that every day breaks (red below 1e9); units keep no band
        set_kpi_bands(w, pl.DataFrame({"kpi": ["net_sales"], "marketplace": ["*"], "month": [3], "event_kind": [""],
                                       "red_low": [1e9], "amber_low": [1e9], "amber_high": [None], "red_high": [None]},
                                      schema_overrides={"amber_high": pl.Float64, "red_high": pl.Float64}))  # fmt: skip
    finally:
        w.close()
    old = os.environ.get("WAREHOUSE_PATH")
    os.environ["WAREHOUSE_PATH"] = str(d / "wh.duckdb")
    yield d
    if old is None:
        os.environ.pop("WAREHOUSE_PATH", None)
    else:
        os.environ["WAREHOUSE_PATH"] = old


def _open(page: str, lang: str = "en") -> AppTest:
    """Runs one page file on its own (the router's overview would only add time) in the given language."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=300)
    at.session_state["view_state"] = defaults(lang, "CNY")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


TABLES = {  # a column only that table has → the table (st.dataframe elements carry no key in AppTest)
    "wa_table": "optimal_spend", "fx_table": "flips_to_loss", "fx_tornado": "profit_at_risk",
    "se_flagged": "window", "ro_plan": "method", "ro_peak": "at_warehouse_by",
}  # fmt: skip


def _table(at: AppTest, key: str):
    return next(d.value for d in at.dataframe if TABLES[key] in d.value.columns)


def _columns(at: AppTest, key: str) -> dict[str, dict]:
    """Returns the column_config the page gave one table: {column: {"label": …, "type_config": {…}}}."""
    return json.loads(next(d.proto.columns for d in at.dataframe if TABLES[key] in d.value.columns))


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_ads_whatif_account_slider_moves_the_totals(app_env):
    at = _open("pages/whatif_ads.py")
    base_spend = _metric(at, "Ad spend")
    base_profit = _metric(at, "Net profit")
    at.slider(key="wa_account").set_value(50).run()
    assert not at.exception
    assert _metric(at, "Ad spend") != base_spend
    assert _metric(at, "Net profit") != base_profit
    table = _table(at, "wa_table")
    assert set(table["status"]) == {"fitted"}
    assert table["x"].tolist() == ["+50.0%", "+50.0%"]  # signed as every change on the page, one decimal
    # the files follow exact power curves with b = 0.6, so +50 % spend gives 1.5^0.6 = 1.2754× the ad sales;
    # the fit runs on base-currency amounts, and days at different USD rates move b by under 0.002
    ratio = (table["new_ad_sales"] / table["ad_sales"]).tolist()
    assert ratio == pytest.approx([1.5**0.6] * 2, rel=1e-3)


def test_ads_whatif_sku_slider_changes_only_that_sku(app_env):
    at = _open("pages/whatif_ads.py")
    at.selectbox(key="wa_sku").set_value("CAM-B").run()
    at.toggle(key="wa_own_CAM-B").set_value(True).run()
    at.slider(key="wa_sku_CAM-B").set_value(-100).run()
    table = _table(at, "wa_table").set_index("sku")
    assert table.loc["CAM-B", "new_spend"] == 0 and table.loc["CAM-B", "new_ad_sales"] == 0
    assert table.loc["CAM-A", "new_spend"] == pytest.approx(table.loc["CAM-A", "spend"])


def test_ads_whatif_sku_follows_the_account_until_set_on_its_own(app_env):
    at = _open("pages/whatif_ads.py")
    at.selectbox(key="wa_sku").set_value("CAM-B").run()
    for v in (5, 10, 15, 20, -100):  # arrow-key steps: the page never writes a SKU slider, so none can desync
        at.slider(key="wa_account").set_value(v).run()
        assert not at.exception
        assert _table(at, "wa_table")["x"].tolist() == [f"{v:+d}.0%"] * 2  # +5.0% … -100.0%: a change, signed
        assert not any("set individually" in c.value for c in at.caption)
    # at −100 % the account spends nothing
    assert _metric(at, "Ad spend") in ("¥0.00", "¥0")
    at.toggle(key="wa_own_CAM-B").set_value(True).run()
    at.slider(key="wa_sku_CAM-B").set_value(50).run()
    at.slider(key="wa_account").set_value(20).run()
    table = _table(at, "wa_table").set_index("sku")
    assert table.loc["CAM-B", "x"] == "+50.0%" and table.loc["CAM-A", "x"] == "+20.0%"
    at.button(key="wa_reset").click().run()
    assert not at.exception
    assert _table(at, "wa_table")["x"].tolist() == ["+20.0%", "+20.0%"]


def test_fx_currency_slider_moves_the_scenario_only(app_env):
    at = _open("pages/whatif_fx.py")
    before = _table(at, "fx_tornado")
    assert _metric(at, "Scenario net profit") == _metric(at, "Net profit")
    at.slider(key="fx_USD").set_value(-20).run()
    assert not at.exception
    assert _metric(at, "Scenario net profit") != _metric(at, "Net profit")
    by_sku = _table(at, "fx_table")
    usd = before.set_index("currency").loc["USD", "exposure"]
    # a −20 % USD rate moves profit by −0.2 × the USD exposure in base currency, summed over SKUs
    assert by_sku["change"].sum() == pytest.approx(-0.2 * usd)
    assert _table(at, "fx_tornado").equals(before)  # the ±5 % tornado does not depend on the slider


def test_seasonal_band_status_follows_the_kpi(app_env):
    at = _open("pages/seasonal.py")
    assert at.metric[0].label == "Status on Mar 31, 2026" and at.metric[0].value == "alert"
    assert set(_table(at, "se_flagged")["status"]) == {"red"}
    at.selectbox(key="se_kpi").set_value("units").run()
    assert at.metric[0].value == "no band" and _table(at, "se_flagged").empty


def test_reorder_peak_check_moves_with_the_slider(app_env, monkeypatch):
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", "2026-04-01")  # read in spring: Black Friday 2026 is the next one
    at = _open("pages/reorder.py")
    plan = _table(at, "ro_plan")
    assert set(plan["sku"]) == {"CAM-A", "CAM-B", "MOUNT-C"} and (plan["lead_time_days"] == 75).all()
    peak = _table(at, "ro_peak")
    # Black Friday 2026 week starts 20 Nov; sellable 30 days before = 21 Oct; − 10 receiving = 11 Oct
    assert str(peak["at_warehouse_by"][0])[:10] == "2026-10-11"
    at.slider(key="ro_pre").set_value(40).run()
    assert str(_table(at, "ro_peak")["at_warehouse_by"][0])[:10] == "2026-10-01"
    assert any("Black Friday" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("page", "title"),
    [("pages/whatif_ads.py", "广告预算模拟"), ("pages/whatif_fx.py", "汇率敏感性"), ("pages/seasonal.py", "季节阈值"),
     ("pages/reorder.py", "补货计划")],
)  # fmt: skip
def test_pages_render_in_chinese(app_env, page, title):
    at = _open(page, "zh")  # the cached inputs of the tests above make this quick
    assert at.title[0].value == title
    assert not at.exception and not at.error


LABELS = {  # page → table → column → (header in Chinese, in English); base currency CNY
    "pages/whatif_ads.py": {"wa_table": {"sku": ("SKU", "SKU"), "x": ("预算变化", "Budget change"),
                                         "new_ad_sales": ("新广告销售额 (¥)", "New ad sales (¥)"),
                                         "marginal_acos": ("边际 ACoS", "Marginal ACoS"), "status": ("拟合", "Fit")}},
    "pages/reorder.py": {"ro_plan": {"reorder_by": ("最晚下单日", "Reorder by"), "quantity": ("建议数量", "Quantity"),
                                     "lead_time_days": ("交期（天）", "Lead time (days)"), "lane": ("线路", "Lane")},
                         "ro_peak": {"at_warehouse_by": ("最晚到达海外仓", "At overseas warehouse by"),
                                     "late": ("已错过下单日", "Order date passed")}},
    "pages/seasonal.py": {"se_flagged": {"date": ("日期", "Date"), "value": ("净销售额 (¥)", "Net sales (¥)"),
                                         "status": ("状态", "Status"), "window": ("参照窗口", "Reference window")}},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", list(LABELS))
def test_plan_tables_have_readable_headers_in_both_languages(app_env, page, lang):
    at = _open(page, lang)
    for key, columns in LABELS[page].items():
        config = _columns(at, key)
        for column, pair in columns.items():
            assert config[column]["label"] == pair[lang == "en"], (key, column)
        types = {c: v.get("type_config", {}) for c, v in config.items()}
        for c, t in types.items():  # money to 2 decimals, fractions as %, units whole, dates as dates
            if c in ("spend", "new_ad_sales", "optimal_spend", "value", "center"):
                assert t == {"type": "number", "format": "%,.2f"}, (key, c)
            if c in ("new_acos", "marginal_acos"):
                assert t["format"] == "percent", (key, c)
            if c == "x":  # a change: signed text (+20.0%) set right like the numbers, not a bare 20.0%
                assert config[c]["alignment"] == "right", (key, c)
            if c in ("quantity", "lead_time_days", "available"):
                assert t["format"] == "%,d", (key, c)  # whole, grouped (1,200)
            if c in ("reorder_by", "stockout_date", "at_warehouse_by"):
                assert t == {"type": "date", "format": "YYYY年M月D日" if lang == "zh" else "MMM D, YYYY"}, (key, c)
    if page == "pages/whatif_ads.py":  # codes show as words
        options = _columns(at, "wa_table")["status"]["type_config"]["options"]
        assert {"value": "fitted", "label": "单独拟合" if lang == "zh" else "own curve"} in options
    if page == "pages/reorder.py":  # the lead-time editor stays on the page, labelled the same as in Settings
        editor = next(d for d in at.data_editor if d.key == "ro_leads_editor")
        lane = json.loads(editor.proto.columns)["lane"]["label"]
        assert lane == ("线路" if lang == "zh" else "Lane")
    if page == "pages/seasonal.py":
        assert {d.key for d in at.data_editor} >= {"se_events_editor", "se_bands_editor"}


def _tile(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def test_whatif_tiles_draw_no_change_grey_without_arrow(app_env):
    """An unmoved budget changes nothing: ACoS/TACoS read "0.0 pp" (unsigned), grey, no arrow — the Overview's
    delta rule (ui.widgets.delta_style), never a red "+0.0 pp" with an up arrow."""
    from streamlit.proto.Metric_pb2 import Metric

    at = _open("pages/whatif_ads.py")
    for label in ("ACoS", "TACoS"):
        tile = _tile(at, label)
        assert tile.delta == "0.0 pp", (label, tile.delta)
        assert (tile.proto.color, tile.proto.direction) == (Metric.GRAY, Metric.NONE), label
    at.slider(key="wa_account").set_value(50).run()
    # a real change keeps its arrow: +50 % spend (a budget: never coloured good or bad)
    spend = _tile(at, "Ad spend")
    assert spend.delta and (spend.proto.color, spend.proto.direction) == (Metric.GRAY, Metric.UP)
    fx = _open("pages/whatif_fx.py")  # sliders at 0 %: the scenario changes profit by nothing
    scen = next(m for m in fx.metric if m.delta)
    assert scen.delta.lstrip("¥").strip("0.") == "" and (scen.proto.color, scen.proto.direction) == (
        Metric.GRAY,
        Metric.NONE,
    )


def test_whatif_money_changes_carry_their_sign(app_env):
    """A money change reads as a change: "+¥…" when it rises (a level has no sign), "-¥…" when it falls."""
    at = _open("pages/whatif_ads.py")
    at.slider(key="wa_account").set_value(50).run()
    assert _tile(at, "Ad spend").delta.startswith("+¥"), _tile(at, "Ad spend").delta  # +50 % spend
    assert _tile(at, "Ad sales").delta.startswith("+¥"), _tile(at, "Ad sales").delta  # 1.5^0.6 = 1.275× sales
    at.slider(key="wa_account").set_value(-50).run()
    assert _tile(at, "Ad spend").delta.startswith("-¥"), _tile(at, "Ad spend").delta
    fx = _open("pages/whatif_fx.py")
    fx.slider(key="fx_USD").set_value(20).run()  # a dearer USD: USD sales are worth more yuan
    scen = next(m for m in fx.metric if m.delta)
    assert scen.delta[0] in "+-" and scen.delta[1] == "¥", scen.delta
