"""AppTest of the Budget & targets page in both languages and of a target under an Overview tile, on the golden
company (March 2026; hand values in tests/test_budget.py) with a small budget and targets sheet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_metrics_golden import build_golden
from ui.i18n import tr

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600
MARCH = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31", "compare": "previous"}
BUDGET = (
    "month,line,amount,currency\n2026-03,net_sales,800,USD\n2026-03,ad_spend,400,CNY\n2026-03,net_profit,2000,CNY\n"
)
# net_margin March: 1800.8 / 5868 = 30.69 %; target 35 % → attainment 30.69 / 35 = 87.68 % → "87.7%" (one decimal)
TARGETS = "指标,期间,目标值\nnet_margin,2026-03,0.35\n"


@pytest.fixture(scope="module")
def wh_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("budget_page")
    wh = build_golden(folder)
    try:
        assert wh.ingest_bytes(BUDGET.encode(), "budget.csv").status == "imported"
        assert wh.ingest_bytes(TARGETS.encode("utf-8"), "目标.csv").status == "imported"
    finally:
        wh.close()
    return folder / "wh.duckdb"


def _open(path: Path, monkeypatch, lang: str, page: str | None, **params) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in {**MARCH, "lang": lang, **params}.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_budget_page_in_both_languages(wh_path, monkeypatch, lang):
    at = _open(wh_path, monkeypatch, lang, "pages/budget.py")
    assert at.title[0].value == ("预算与目标" if lang == "zh" else "Budget & targets")
    assert at.selectbox[0].value == "2026-03"  # the latest month with data
    summary = " ".join(m.value for m in at.markdown)
    # detail lines: ad spend −446 − (−400) = −46 unfavourable, net sales +197.50 favourable; net profit
    # (1800.8 − 2000 = −199.2) is a subtotal that already holds the ad spend: left out of the count and the amount
    # alike (it was counted among the unfavourable lines, "2 of 3", while the amount held only the 46.00)
    if lang == "zh":
        want = "2026-03：2 项预算中 1 项不利，合计不利差异 ¥46.00。另有 1 项小计未计入：小计已包含其上各项明细。"
    else:
        want = ("2026-03: 1 of 2 budget lines unfavourable, ¥46.00 unfavourable in total. 1 subtotal line is not "
                "counted: it holds the lines above.")  # fmt: skip
    assert want in summary, summary
    # the USD net-sales line is measured in USD and converted at the budget rate, and the page says so
    assert tr("budget_own_currency", lang, currencies="USD", base="CNY") in [c.value for c in at.caption]
    budget = at.dataframe[0].value
    assert budget["budget_line"].tolist() == ["net_sales", "ad_spend", "net_profit"]  # P&L order
    # net sales 828.2143 USD × 7.0 − 800 × 7.0 = 197.50 (tests/test_budget.py: both at the budget rate); −446 + 400; …
    assert budget["variance"].round(2).tolist() == [197.5, -46.0, -199.2]
    assert budget["verdict"].tolist() == ["favourable", "unfavourable", "unfavourable"]
    # money as the P&L writes it: a variance below zero reads (46.00), not -46.00 (the grid's accounting format,
    # `ui.grid.negatives_in_brackets`), and the page says so with the P&L's caption
    config = json.loads(at.dataframe[0].proto.columns)
    money = ["forecast_variance", "forecast", "budget", "budget_to_date", "actual", "variance"]
    assert {c: config[c]["type_config"]["format"] for c in money} == dict.fromkeys(money, "accounting"), config
    assert tr("negatives_note_tables", lang) in [c.value for c in at.caption]
    targets = at.dataframe[1].value
    assert targets["target_value"].tolist() == ["35.0%"] and targets["current_value"].tolist() == ["30.7%"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_target_sheet_row_puts_its_target_under_the_tile(wh_path, tmp_path, monkeypatch, lang):
    path = tmp_path / "wh.duckdb"
    shutil.copyfile(wh_path, path)
    at = _open(path, monkeypatch, lang, None)
    lines = [c.value for c in at.caption if ":material/flag:" in c.value]
    # two short lines (the target; the attainment the run-rate is on pace for), the rest in the tile's help
    if lang == "zh":
        want = ":material/flag: 目标 35.0%  \n预计达成目标的 :orange[87.7%]"
        more = "2026年3月1日–2026年3月31日 的目标：35.0%。该期间至今 30.7%，达成目标的 87.7%"
    else:
        want = ":material/flag: Target 35.0%  \npace: :orange[87.7%] of target"
        more = "Target for Mar 1, 2026–Mar 31, 2026: 35.0%. That period so far: 30.7%, 87.7% of target"
    assert lines == [want], lines
    assert [m for m in at.metric if more in m.proto.help], [m.proto.help for m in at.metric]


def test_the_variance_chart_names_channels_in_the_page_language(tmp_path, monkeypatch):
    """A budget line per channel is labelled `Net sales · Amazon` on the English chart (the label is built by polars,
    which may call the labeller off the page's thread, where the session's language cannot be read)."""
    wh = build_golden(tmp_path)
    try:
        sheet = "month,line,amount,currency,channel\n2026-03,net_sales,800,USD,amazon\n"
        assert wh.ingest_bytes(sheet.encode(), "budget.csv").status == "imported"
    finally:
        wh.close()
    for lang, want, other in (("en", "Net sales · Amazon", "亚马逊"), ("zh", "净销售额 · 亚马逊", "Amazon")):
        at = _open(tmp_path / "wh.duckdb", monkeypatch, lang, "pages/budget.py")
        charts = at.get("vega_lite_chart")
        raw = b" ".join(c.proto.SerializeToString() for c in charts)  # the spec's JSON and its Arrow datasets
        text = raw.decode("utf-8", "ignore")
        text += " " + text.encode("ascii", "ignore").decode("unicode_escape", "ignore")  # a JSON \uXXXX escape
        assert charts and want in text and other not in text, (lang, text[:2000])


def test_default_department_names_follow_the_language_typed_ones_stay(tmp_path, monkeypatch):
    """运营 is a department name the product suggests (templates, demo company): "Operations" in English; a name the
    seller typed (增长小组) stays as typed in both languages, on the chart and in the table."""
    from ui.departments import department_name

    wh = build_golden(tmp_path)
    try:
        sheet = "month,line,amount,currency,department\n2026-03,expense:salaries,800,CNY,运营\n" \
                "2026-03,expense:salaries,300,CNY,增长小组\n"  # fmt: skip
        assert wh.ingest_bytes(sheet.encode(), "budget.csv").status == "imported"
    finally:
        wh.close()
    for lang, want, other in (("en", "Operations", "运营"), ("zh", "运营", "Operations")):
        at = _open(tmp_path / "wh.duckdb", monkeypatch, lang, "pages/budget.py")
        charts = at.get("vega_lite_chart")
        raw = b" ".join(c.proto.SerializeToString() for c in charts)
        text = raw.decode("utf-8", "ignore")
        text += " " + text.encode("ascii", "ignore").decode("unicode_escape", "ignore")
        assert charts and want in text and other not in text and "增长小组" in text, (lang, text[:2000])
    assert [department_name(v, "en") for v in ("运营", "operations", " Supply chain ", "增长小组", None)] == [
        "Operations", "Operations", "Supply chain", "增长小组", None]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_running_month_compares_like_with_like_and_leads_with_the_verdict(demo_warehouse_file, tmp_path,
                                                                             monkeypatch, lang):  # fmt: skip
    """The demo's November 2026 runs to the 20th of 30 days. Its variance compared 20 days of actuals with the whole
    month's budget (−509,958 "favourable" for a line whose forecast was unfavourable), and the forecast variance
    and verdict the chart shows were off-screen at 1600 px. Now the table leads with them and the variance is
    against the budget to date."""
    import json

    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/budget.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox[0].value == "2026-11"
    grid = at.dataframe[0]
    table = grid.value
    shown = [c for c in table.columns if c not in ("department",)]
    assert shown[:4] == ["budget_line", "channel", "forecast_variance", "verdict"], list(table.columns)
    rent = table[table["budget_line"] == "expense:rent"].iloc[0]
    assert rent["budget"] == pytest.approx(-6500)
    assert rent["budget_to_date"] == pytest.approx(-6500 * 20 / 30)  # −4,333.33: 20 of November's 30 days
    assert rent["actual"] == pytest.approx(-6500 * 20 / 30)  # the P&L's 20 days of rent
    assert rent["variance"] == pytest.approx(0, abs=1e-6)  # on budget to date (was −4,333.33 + 6,500 = +2,166.67)
    for _, r in table.iterrows():  # every variance is actual − budget to date, never actual − the whole budget
        if r["actual"] == r["actual"] and r["budget"] == r["budget"]:  # not NaN
            assert r["variance"] == pytest.approx(r["actual"] - r["budget"] * 20 / 30, abs=0.01)
    config = json.loads(grid.proto.columns)
    assert {c for c, s in config.items() if isinstance(s, dict) and s.get("pinned")} >= {"budget_line", "channel"}


def test_money_headers_follow_the_view_base_and_a_zero_variance_is_on_budget(tmp_path, monkeypatch):
    """The budget is written in CNY and USD, the view is in USD: every money column holds USD, so its header says $
    (the budget's own currency column made them read ¥ over USD amounts). March is closed, so the forecast is the
    actual: an ad-spend budget of exactly the actual 446 CNY has a forecast variance of 0.00, which is on budget,
    neither favourable nor unfavourable."""
    import json

    wh = build_golden(tmp_path)
    try:
        sheet = "month,line,amount,currency\n2026-03,net_sales,800,USD\n2026-03,ad_spend,446,CNY\n"
        assert wh.ingest_bytes(sheet.encode(), "budget.csv").status == "imported"
    finally:
        wh.close()
    for base in ("CNY", "USD"):
        at = _open(tmp_path / "wh.duckdb", monkeypatch, "en", "pages/budget.py", base=base)
        frame = at.dataframe[0].value
        config = json.loads(at.dataframe[0].proto.columns)
        money = ["forecast_variance", "forecast", "budget", "budget_to_date", "actual", "variance"]
        labels = {c: config[c]["label"] for c in money}
        sign = "¥" if base == "CNY" else "$"
        assert all(sign in v and ({"¥", "$"} - {sign}).pop() not in v for v in labels.values()), labels
        assert config["budget_currency"]["label"] == "Budget currency"
        if base == "CNY":  # in USD the CNY budget converts at the month's first rate, the actuals at each day's
            assert frame["verdict"].tolist() == ["favourable", "on_budget"], frame
            assert frame["forecast_variance"].round(2).tolist()[1] == 0.0
