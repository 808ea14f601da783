"""AppTest of every page: empty warehouse (empty states, no exception) and a small warehouse built from the golden
fixture files, checking that what the pages show equals the metric layer for the same filters, that the view state
round-trips through query params, and that an upload on the Data page shows its result line."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.core import api
from metrics.core.registry import METRICS
from ui import format as fmt
from ui.download import neutralise
from ui.editor import validate
from ui.periods import resolve
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "exports" / "golden"
PAGES = ["pages/overview.py", "pages/profit.py", "pages/ads.py", "pages/inventory.py", "pages/data.py",
         "pages/glossary.py", "pages/settings.py", "pages/pnl.py", "pages/cash.py", "pages/bridge.py", "pages/returns.py",
         "pages/customers.py", "pages/budget.py"]  # fmt: skip
TIMEOUT = 600  # the metric views are evaluated cold on a shared 2-core machine
MARCH = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31", "compare": "previous", "lang": "en"}


@pytest.fixture(scope="module")
def small_wh(tmp_path_factory) -> Path:
    """A warehouse holding the golden scenario (3 SKUs, amazon.com + amazon.de, CNY base, March 2026)."""
    folder = tmp_path_factory.mktemp("small")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        for path in sorted(GOLDEN.iterdir()):
            assert wh.ingest_path(path).ok, path.name
    finally:
        wh.close()
    return folder / "wh.duckdb"


def app(path: Path, monkeypatch, params: dict | None = None) -> AppTest:
    """Returns an AppTest of app.py on the warehouse at `path`, opened with `params` in the address."""
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def expected(path: Path) -> tuple[api.Filters, dict]:
    """Returns March 2026 vs February as Filters and the metric layer's KPI comparison for it."""
    f = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), compare="previous")
    wh = Warehouse(path, path.parent / "archive")
    try:
        return f, api.kpi_compare(wh.con, f)
    finally:
        wh.close()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# -- pure helpers -------------------------------------------------------------------------------------------------
def test_presets_anchor_on_latest_data_date():
    anchor = date(2026, 11, 20)  # the demo's last day
    assert resolve("last_7", anchor) == (date(2026, 11, 14), date(2026, 11, 20))  # 20 − 6 = 14
    assert resolve("mtd", anchor) == (date(2026, 11, 1), anchor)
    assert resolve("last_month", anchor) == (date(2026, 10, 1), date(2026, 10, 31))
    assert resolve("qtd", anchor) == (date(2026, 10, 1), anchor)  # Q4 starts 1 Oct
    assert resolve("ytd", anchor) == (date(2026, 1, 1), anchor)
    assert resolve("custom", anchor, (date(2026, 3, 31), date(2026, 3, 1))) == (date(2026, 3, 1), date(2026, 3, 31))


def test_money_and_percent_formats_in_both_languages():
    assert fmt.money(1234.5, "CNY", "zh") == "¥1,234.50"
    assert fmt.money(-98765.4, "USD", "en", short=True) == "-$98.8K"  # 98,765.4 / 1,000 = 98.8
    assert fmt.money(123456, "CNY", "zh", short=True) == "¥12.3万"  # 123,456 / 10,000 = 12.3456 -> 3 significant digits
    assert fmt.money(1500, "JPY", "en") == "JP¥1,500"
    assert fmt.pct(0.30688) == "30.7%"
    assert fmt.days(77.5, "zh") == "78 天" and fmt.days(1, "en") == "1 day"
    assert fmt.money(None, "CNY") == "—"


def test_downloads_neutralise_formulas():
    frame = pl.DataFrame({"sku": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tA", "\rB", "CAM-1"], "n": range(7)})
    out = neutralise(frame)["sku"].to_list()
    assert out == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "'\tA", "'\rB", "CAM-1"]


def test_settings_validation_names_the_bad_cell_and_keeps_nothing():
    edited = pd.DataFrame({"master_sku": ["CAM-A", "CAM-B", None], "effective_from": [date(2026, 1, 1), None, None],
                           "currency": ["USD", "US", None], "purchase_cost": [20.0, -1.0, None],
                           "first_mile": [None] * 3, "duty": [None] * 3, "other": [None] * 3})  # fmt: skip
    rows, problems = validate("tpl_landed_costs", edited)
    assert rows is None  # nothing saved half-way
    # row 2 has three bad cells; row 3 is blank and ignored
    assert problems == [
        "第 2 行「生效日期」：必填",
        "第 2 行「币种」：应为 3 位字母币种代码，如 USD",
        "第 2 行「采购成本」：不能为负数",
    ]
    ok, none = validate("tpl_landed_costs", edited.iloc[:1])
    assert none == [] and ok.to_dicts()[0]["purchase_cost"] == 20.0


# -- empty warehouse ----------------------------------------------------------------------------------------------
def test_every_page_on_an_empty_warehouse_shows_empty_states(tmp_path, monkeypatch):
    at = app(tmp_path / "wh.duckdb", monkeypatch, {"lang": "en"})
    no_exception(at)
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at)
        text = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
        if page in PAGES[:4]:
            assert "Nothing to show yet" in " ".join(s.value for s in at.subheader), page
            assert "Upload" in text, page
    at.switch_page("pages/data.py").run()
    assert [i.value for i in at.info][0] == "No files imported yet."


# -- small warehouse ----------------------------------------------------------------------------------------------
def test_overview_shows_the_metric_layers_numbers(small_wh, monkeypatch):
    f, values = expected(small_wh)
    at = app(small_wh, monkeypatch, MARCH)
    no_exception(at)
    shown = {m.label: m for m in at.metric}
    for mid, name in (("net_sales", "Net sales"), ("units", "Units"), ("net_profit", "Net profit"),
                      ("net_margin", "Net margin"), ("acos", "ACoS")):  # fmt: skip
        v = values[mid]["value"]
        unit = "pct" if mid in ("net_margin", "acos") else ("count" if mid == "units" else "money")
        assert shown[name].value == fmt.by_unit(v, unit, "CNY", "en", short=True), mid
    assert values["units"]["value"] == 12 and shown["Units"].value == "12"
    # cost coverage (6552 − 450) / 6552 = 93.1 % < 100 %: the banner says so
    assert any("Cost coverage 93.1%" in w.value for w in at.warning)


UNITS = {"万": 1e4, "亿": 1e8, "K": 1e3, "M": 1e6, "B": 1e9, "%": 0.01}


def shown_number(text: str) -> float:
    """Returns the number a tile shows: '¥1.23万' -> 12300, '-¥98.8K' -> -98800, '30.7%' -> 0.307, '12' -> 12."""
    negative = text.startswith("-")
    body = re.sub(r"^(JP¥|CA\$|[¥$€£₹])", "", text.removeprefix("-").replace(",", ""))
    body = re.sub(r" ?(天|days?)$", "", body)
    scale = UNITS.get(body[-1:], 1.0)
    value = float(body.rstrip("万亿KMB%")) * scale
    return -value if negative else value


def test_overview_shows_the_same_numbers_in_both_languages(small_wh, monkeypatch):
    """Every KPI tile of the Overview shows the same value in 中文 and English, each in its locale's form (万/K),
    equal to the metric layer within the shown precision (2 decimals of 万 = ±50, 1 decimal of K = ±50, whole
    counts and days ±0.5, percent with 1 decimal ±0.0005)."""
    from metrics.core.registry import REGISTRY

    _, values = expected(small_wh)
    tiles = {}
    for lang in ("zh", "en"):
        at = app(small_wh, monkeypatch, {**MARCH, "lang": lang})
        no_exception(at)
        tiles[lang] = {m.label: m.value for m in at.metric}
    checked = 0
    for mid, m in REGISTRY.items():
        zh, en = tiles["zh"].get(m.zh), tiles["en"].get(m.en)
        if zh is None or en is None or mid not in values or values[mid]["value"] is None or zh == "—" or ">" in zh:
            continue
        v = values[mid]["value"]
        tolerance = 50 if m.unit == "money" else 0.0005 if m.fmt.endswith("%") else 0.5
        assert abs(shown_number(zh) - v) <= tolerance and abs(shown_number(en) - v) <= tolerance, (mid, zh, en, v)
        checked += 1
    assert checked >= 5  # net sales, units, net profit, net margin, ACoS at least


def test_filters_round_trip_through_query_params(small_wh, monkeypatch):
    params = {**MARCH, "marketplace": "amazon.de", "calendar": "financial", "sku": "CAM"}
    at = app(small_wh, monkeypatch, params)
    no_exception(at)
    for k, v in params.items():
        assert at.query_params[k] == [v] or at.query_params[k] == v, k
    assert at.selectbox(key="w_marketplace").value == "amazon.de"
    assert at.radio(key="w_calendar").value == "financial"
    # a preset link carries no dates: the view follows new data; AppTest (1.67) drops sidebar elements from its tree
    # on reruns under st.navigation, so widget clicks are checked by the browser test instead
    at = app(small_wh, monkeypatch, {"period": "last_7", "compare": "yoy", "lang": "zh"})
    no_exception(at)
    qp = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert qp["compare"] == "yoy" and qp["period"] == "last_7" and "start" not in qp
    assert at.selectbox(key="w_period").value == "last_7"


def test_profit_ads_inventory_match_the_metric_layer(small_wh, monkeypatch):
    f, _ = expected(small_wh)
    wh = Warehouse(small_wh, small_wh.parent / "archive")
    try:
        skus = api.sku_economics(wh.con, f)
        campaigns = api.ad_campaigns(wh.con, f)
        stock = api.inventory_status(wh.con, f.end, f)
    finally:
        wh.close()
    at = app(small_wh, monkeypatch, MARCH)
    at.switch_page("pages/profit.py").run()
    no_exception(at)
    table = at.dataframe[0].value
    assert list(table["sku"]) == skus["sku"].to_list()
    # a SKU that sold with none of its units costed (cost coverage 0) is "No cost": its profit reads — (unknown),
    # not the metric layer's profit at zero cost; every other SKU's profit is the metric layer's
    no_cost = [(u or 0) > 0 and (c or 0) <= 0 for u, c in zip(skus["units"].to_list(), skus["cost_coverage"].to_list())]
    assert any(no_cost) and not all(no_cost)
    want = [None if nc else round(p, 6) for nc, p in zip(no_cost, skus["net_profit"].to_list())]
    assert [None if x != x else round(x, 6) for x in table["net_profit"].tolist()] == want
    assert at.get("vega_lite_chart"), "waterfall and Pareto charts"
    # SKU detail of the top seller (CAM-A): the batches March consumed, headed in English (golden: B1 3, B2 4 units)
    batches = next(d for d in at.dataframe if "batch_id" in d.value.columns)
    assert dict(zip(batches.value["batch_id"], batches.value["units_in_view"])) == {"B1": 3, "B2": 4}
    heads = {k: v.get("label") for k, v in json.loads(batches.proto.columns).items()}
    assert heads["batch_id"] == "Batch" and heads["units_in_view"] == "Units used in period"
    assert heads["unit_cost_base"] == "Landed cost / unit (¥)"
    sources = next(d for d in at.dataframe if "file_name" in d.value.columns)
    assert json.loads(sources.proto.columns)["file_name"]["label"] == "File"
    at.switch_page("pages/ads.py").run()
    no_exception(at)
    shown = next(d.value for d in at.dataframe if "campaign" in d.value.columns)
    assert shown.shape[0] == campaigns.height
    # the per-channel table sits above it, with ACoS, TACoS, ROAS and break-even ACoS, one row per channel with spend
    by_channel = next(d.value for d in at.dataframe if "tacos" in d.value.columns and "channel" in d.value.columns)
    assert {"acos", "roas", "breakeven_acos"} <= set(by_channel.columns) and by_channel.shape[0] >= 1
    at.switch_page("pages/inventory.py").run()
    no_exception(at)
    assert sorted(at.dataframe[0].value["sku"]) == sorted(stock["sku"].to_list())


def test_glossary_lists_every_metric_in_both_languages(small_wh, monkeypatch):
    at = app(small_wh, monkeypatch, {"lang": "zh"})
    at.switch_page("pages/glossary.py").run()
    no_exception(at)
    zh = at.dataframe[0].value
    from metrics.accounts import bridge as accounts_bridge
    from metrics.accounts import cash as accounts_cash
    from metrics.planning.glossary import GLOSSARY as PLANNING

    # cash and profit-bridge terms; planning terms (on order, forecast cover, stock-out risk, the forecast's fit)
    terms = len(accounts_cash.GLOSSARY) + len(accounts_bridge.GLOSSARY) + len(PLANNING)
    assert (
        len(zh) == len(METRICS) + terms and "净利润" in set(zh["zh"]) and "净利润 / 净销售额" in set(zh["definition"])
    )
    assert "利润桥·汇率" in set(zh["zh"])
    assert {"采购未到货", "可售天数（按预测）", "断货风险", "近28天预测偏差", "预测误差 WAPE"} <= set(zh["zh"])
    at = app(small_wh, monkeypatch, {"lang": "en"})
    at.switch_page("pages/glossary.py").run()
    no_exception(at)
    en = at.dataframe[0].value
    assert "Net profit / net sales" in set(en["definition"]) and "Profit bridge: FX" in set(en["en"])
    assert {"On order", "Days of cover (forecast)", "Forecast error (WAPE)"} <= set(en["en"])


def test_upload_on_the_data_page_shows_its_result_line(tmp_path, monkeypatch):
    at = app(tmp_path / "wh.duckdb", monkeypatch, {"lang": "en"})
    at.switch_page("pages/data.py").run()
    raw = (GOLDEN / "fx_rates.csv").read_bytes()
    at.file_uploader(key="data_files").set_value(("fx_rates.csv", raw, "text/csv")).run()
    no_exception(at)
    # the line is Markdown-escaped (values from files are shown as plain text): compare what the reader sees
    lines = [re.sub(r"\\(.)", r"\1", s.value) for s in at.success]
    # the upload's summary first ("fx_rates.csv: done"), then the file's line: 6 rate rows (3 dates × USD, EUR)
    line = "fx_rates.csv: FX rates (template): 6 rows added, 0 already present (import #1)"
    assert any(line in x for x in lines), lines
    assert at.dataframe[0].value["file_name"].tolist() == ["fx_rates.csv"]
    assert os.path.exists(tmp_path / "archive")


def test_a_key_result_puts_its_target_under_the_tile(small_wh, tmp_path, monkeypatch):
    """An objective for March 2026 with a KR "net sales ≥ 6,000 CNY": the Overview for March shows the target under
    the Net sales tile. March net sales are 5,868 (golden scenario) and all of March has data, so the forecast is
    the value: 5,868 / 6,000 = 97.8 % → "97.8%", on track (≥ 95 %)."""
    import shutil

    from metrics.meeting import okr

    path = tmp_path / "wh.duckdb"
    shutil.copyfile(small_wh, path)
    wh = Warehouse(path, tmp_path / "archive")
    try:
        oid = okr.create_objective(wh.con, "Grow March", date(2026, 3, 1), date(2026, 3, 31))
        okr.add_key_result(wh.con, oid, "Net sales", target=6000.0, metric_id="net_sales")
    finally:
        wh.close()
    at = app(path, monkeypatch, MARCH)
    no_exception(at)
    lines = [c.value for c in at.caption if "Target" in c.value]
    # two short lines: the target (its period is the view's), then the attainment the run-rate is on pace for
    # (6,000 on an English tile: compact from 1,000 like the tile values, three significant digits: ¥6.00K)
    assert lines == [":material/flag: Target ¥6.00K  \npace: :green[97.8%] of target"], lines
    helps = [m.proto.help for m in at.metric if "Target for Mar 1, 2026–Mar 31, 2026: ¥6,000.00" in m.proto.help]
    assert len(helps) == 1 and "¥5,868.00, 97.8% of target" in helps[0], helps  # the details, in full, in the help
