"""Guards of a fresh-eyes walk of the P&L, the FX what-if and the meeting in both languages, one per finding, each
failing on the code before its fix:

1. months read by locale (2026年1月 / Jan 2026) in the P&L's table headers, chart axis and part-month notes, and in
   a meeting's default title; the accountant's P&L file keeps "YYYY-MM (CNY)" (tests/test_pnl_page.py);
2. money tables on the P&L and the FX what-if write a loss in accounting brackets, (65,367.66), as Profit by SKU
   does, and say so in one caption;
3. the P&L chart's part-month bars are visibly paler than whole months, and its legend names only the series shown.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.accounts.pnl import PnlRow, PnlSection
from tests.test_pnl_page import JAN_FEB, pnl_wh  # noqa: F401  (the P&L fixture company, a module fixture)
from ui.i18n import tr

ROOT = Path(__file__).resolve().parent.parent
MONTHS = {"zh": ("2026年1月", "2026年2月"), "en": ("Jan 2026", "Feb 2026")}  # how a reader names Jan and Feb 2026


def _run(page: str, wh: Path, lang: str, query: dict | None = None, view: dict | None = None) -> AppTest:
    """Runs app.py then `page` on warehouse `wh` in `lang` (the query's filters, or the view state given)."""
    # kept for the whole test (its later reruns too); the conftest's autouse fixtures put it back afterwards
    os.environ["WAREHOUSE_PATH"] = str(wh)
    if view is not None:
        from ui.state import defaults

        at = AppTest.from_file(str(ROOT / page), default_timeout=600)
        at.session_state["view_state"] = defaults(lang, "CNY") | view
        at.run()
    else:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        for k, v in {**(query or {}), "lang": lang}.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module", params=["zh", "en"])
def pnl_page(pnl_wh, request) -> tuple[str, AppTest]:  # noqa: F811
    """The P&L page of the fixture company, 1 Jan – 28 Feb 2026 (clamped to its data: 10 Jan – 25 Feb), per language."""
    return request.param, _run("pages/pnl.py", pnl_wh, request.param, query=JAN_FEB)


# -- 1. months by locale ----------------------------------------------------------------------------------------------


def test_pnl_months_read_by_locale_in_headers_chart_and_notes(pnl_page):
    lang, at = pnl_page
    jan, feb = MONTHS[lang]
    columns = json.loads(at.dataframe[0].proto.columns)
    # the data keeps its month keys (tests and downloads read them); the headers read as people name the months
    assert columns["2026-01"]["label"].startswith(jan + " ") and columns["2026-02"]["label"].startswith(feb + " ")
    captions = [c.value for c in at.caption]
    # 10 Jan – 25 Feb: January holds 31 − 9 = 22 of its 31 days, February 25 of its 28
    assert tr("pnl_partial_month", lang, day=jan, n=22, of=31) in captions, captions
    assert tr("pnl_partial_month", lang, day=feb, n=25, of=28) in captions, captions
    assert not any("2026-0" in c for c in captions), captions  # no ISO month left in a note
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    x = spec["layer"][0]["encoding"]["x"]
    assert x["sort"] == [jan, feb], x  # the axis' labels are the months by locale, in calendar order


@pytest.mark.parametrize(("lang", "shown"), [("zh", "2026年3月 经营分析会"), ("en", "Mar 2026 Business review")])
def test_a_default_meeting_title_names_its_month_by_locale(lang, shown):
    from pages.meeting_parts import default_meeting_title, shown_meeting_title

    assert default_meeting_title(date(2026, 3, 1), lang) == shown  # what the create form suggests
    # every default title, however written (ISO as first stored, or either language's), reads in the page's
    for stored in ("2026-03 经营分析会", "2026-03 Business review", "2026年3月 经营分析会", "Mar 2026 Business review"):
        assert shown_meeting_title(stored, lang) == shown, stored
    for typed in ("review zh", "2026-13 经营分析会", "Q1 经营分析会"):  # anything else stays as the seller typed it
        assert shown_meeting_title(typed, lang) == typed


# -- 2. losses in brackets ----------------------------------------------------------------------------------------------


def test_pnl_money_shows_a_loss_in_brackets(pnl_page):
    lang, at = pnl_page
    columns = json.loads(at.dataframe[0].proto.columns)
    frame = at.dataframe[0].value
    # January's operating profit is a loss: 758.5 − (22,000 + 700 + 500) = −22,441.5, which must read (22,441.50)
    assert frame.iloc[-1]["2026-01"] == pytest.approx(-22441.5)
    money = ["2026-01", "2026-02", "pnl_total"]
    assert all(columns[c]["type_config"]["format"] == "accounting" for c in money), columns
    assert tr("negatives_note_tables", lang) in [c.value for c in at.caption]


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("months15") / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fx_whatif_money_shows_a_loss_in_brackets(demo, lang):
    at = _run("pages/whatif_fx.py", demo, lang, view={})
    by_sku = [d for d in at.dataframe if "scenario_profit" in d.value.columns][-1]  # every slider at 0 %: no flips
    assert (by_sku.value["profit"] < 0).any()  # the demo has loss-making SKUs: their profit must read in brackets
    columns = json.loads(by_sku.proto.columns)
    for c in ("profit", "scenario_profit", "change"):
        assert columns[c]["type_config"]["format"] == "accounting", (c, columns[c])
    assert tr("negatives_note_tables", lang) in [c.value for c in at.caption]


# -- 3. the P&L chart's part-month bars and legend ----------------------------------------------------------------------


def _section(start: date, jan: float, feb: float) -> PnlSection:
    months = ["2026-01", "2026-02"]
    rows = [PnlRow(scope="total", line="operating_profit", months={"2026-01": jan, "2026-02": feb}, total=jan + feb),
            PnlRow(scope="total", line="net_profit", months={"2026-01": 900.0, "2026-02": 800.0}, total=1700.0)]  # fmt: skip
    return PnlSection(start=start, end=date(2026, 2, 28), calendar="operational", base_currency="CNY", by="total",
                      months=months, previous=(date(2025, 11, 1), date(2025, 12, 31)),
                      last_year=(date(2025, 1, 1), date(2025, 2, 28)), rows=rows)  # fmt: skip


def _bar_fill(spec: dict) -> dict[str, float]:
    """Returns each month's bar fill opacity as Vega-Lite draws it (a field read with no scale is the value itself)."""
    bars = spec["layer"][0]
    enc = bars["encoding"]
    fill = enc.get("fillOpacity") or enc.get("opacity")
    rows = spec["datasets"][bars["data"]["name"]]
    if "field" in fill and fill.get("scale", {}) is None:
        return {r["month"]: r[fill["field"]] for r in rows}
    # a conditional value only counts when its test reads a field Vega-Lite sees (not evaluated here: unproven)
    return {r["month"]: fill.get("value", 1.0) for r in rows}


def test_pnl_part_month_bars_are_visibly_paler():
    from ui.pnl import monthly_chart

    # the period starts 10 Jan: January is cut (22 of 31 days), February whole
    fill = _bar_fill(monthly_chart(_section(date(2026, 1, 10), 500.0, 700.0)).to_dict())
    assert fill["2026-02"] == 1.0 and fill["2026-01"] <= 0.5, fill


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pnl_chart_legend_names_only_the_series_shown(monkeypatch, lang):
    import ui.pnl as view

    monkeypatch.setattr(view, "lang", lambda: lang)
    monkeypatch.setattr(view, "t", lambda key, **v: tr(key, lang, **v))
    op, loss, npf = (tr(k, lang) for k in ("pnl_operating_profit", "pnl_operating_loss", "pnl_net_profit"))
    profit_only = view.monthly_chart(_section(date(2026, 1, 1), 500.0, 700.0)).to_dict()
    assert profit_only["layer"][0]["encoding"]["color"]["scale"]["domain"] == [op, npf]  # no month lost money
    with_loss = view.monthly_chart(_section(date(2026, 1, 1), 500.0, -200.0)).to_dict()
    assert with_loss["layer"][0]["encoding"]["color"]["scale"]["domain"] == [op, loss, npf]
    assert with_loss["layer"][0]["encoding"]["x"]["sort"] == list(MONTHS[lang])
