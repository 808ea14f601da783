"""Findings of the thirteenth fresh-eyes walk (both languages): the meeting's cash table, inventory cover without
stock data, the budget's one-rate verdict and summary, money tiles without a rate, the Profit page's flags."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.core import api
from metrics.core.registry import REGISTRY
from tests.test_filter_scope_messages import open_page
from ui.catalog import CATALOG
from ui.i18n import tr
from warehouse.ingest.importer import Warehouse


def metric_label(mid: str, lang: str) -> str:
    return REGISTRY[mid].zh if lang == "zh" else REGISTRY[mid].en


def _meeting_cash(lang: str) -> None:
    from pages.meeting_parts import department

    # one channel's cash: 1,234.50 USD received, 6.7123 days from sale to cash
    payload = {"currency": "USD", "tables": {"cash": [{"channel": "amazon", "cash_received": 1234.5,
                                                       "days_to_cash": 6.7123}]}}  # fmt: skip
    department("finance", payload, lang, [], hide_costs=False)


@pytest.mark.parametrize(("lang", "money", "days"), [("zh", "($)", "天"), ("en", "($)", "days")])
def test_meeting_cash_names_currency_and_days(monkeypatch, lang, money, days):
    import pages.meeting_parts as parts

    monkeypatch.setattr(parts, "section_headline", lambda *a: "Finance")
    monkeypatch.setattr(parts, "key_figures", lambda *a, **k: [])
    at = AppTest.from_function(_meeting_cash, kwargs={"lang": lang}, default_timeout=120)
    at.session_state["view_state"] = {"lang": lang}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    config = json.loads(at.dataframe[0].proto.columns)
    received, cash_days = config["cash_received"], config["days_to_cash"]
    assert money in received["label"], received  # "Cash received ($)": the amount's currency is named
    assert days in cash_days["label"], cash_days  # "Days to cash (days)"
    assert cash_days["type_config"]["format"].endswith(".1f"), cash_days  # 6.7, not 6.71


# -- a warehouse with one US payments file (USD) and base CNY: no USD→CNY rate at all (findings 1 and 9) ------------
CASES = Path(__file__).resolve().parent / "fixtures" / "cases"
US_FEES = CASES / "amazon_date_range_us_service_fees.csv"
JULY = {"period": "custom", "start": "2026-07-01", "end": "2026-07-31"}


@pytest.fixture(scope="module")
def usd_only(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("usd_only")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        assert wh.ingest_path(US_FEES).ok
    finally:
        wh.close()
    return folder / "wh.duckdb"


def _flat(node):
    """Yields the page's elements in the order they are drawn."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _flat(child)
    else:
        yield node


def _tile(at, name: str) -> str:
    return next(m.value for m in at.metric if m.label.endswith(name))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_without_any_rate_shows_dashes_and_says_why_above(usd_only, monkeypatch, lang):
    at = open_page(usd_only, monkeypatch, "pages/overview.py", {**JULY, "lang": lang})
    # the order: 2 units, 1 order (Jul 3); its 5 USD rows have no USD→CNY rate: every sale is unconverted
    assert _tile(at, tr("tile_units", lang) if "tile_units" in CATALOG else metric_label("units", lang)) == "2"
    for mid in ("net_sales", "aov", "net_profit"):
        label = tr(f"tile_{mid}", lang) if f"tile_{mid}" in CATALOG else metric_label(mid, lang)
        assert _tile(at, label) == "—", (mid, _tile(at, label))  # was ¥0.00 beside 2 units
    item = tr("fx_gap_item", lang, currency="USD", base="CNY", month="2026-07", rows=5)
    want = tr("fx_gap_whole", lang, base="CNY", gaps=item)
    warnings = [w.value for w in at.warning]
    assert want in warnings, warnings
    drawn = list(_flat(at.main))
    first_tile = next(i for i, e in enumerate(drawn) if getattr(e, "type", "") == "metric")
    notice = next(i for i, e in enumerate(drawn) if getattr(e, "value", None) == want)
    assert notice < first_tile  # above the tiles, not only in the alerts at the page's bottom
    # finding 9: no stock report at all: days of cover is unknown like days on hand, not "0 days"
    cover = tr("tile_days_of_cover", lang) if "tile_days_of_cover" in CATALOG else metric_label("days_of_cover", lang)
    assert _tile(at, cover) == "—"


def test_days_of_cover_without_stock_data_is_unknown(usd_only):
    # 2 units sold in July and no stock report: 0 assumed units / 2/30 a day read "0 days"
    wh = Warehouse(usd_only, usd_only.parent / "archive")
    try:
        v = api.kpis(wh.con, api.Filters(start=date(2026, 7, 1), end=date(2026, 7, 31)))
    finally:
        wh.close()
    assert v["units"] == 2 and v["days_of_inventory"] is None
    assert v["days_of_cover"] is None  # was 0.0


# the same US file with a USD→CNY rate, and an EU Shopify order (5 Aug 2025, 85.00 EUR incl. VAT) with no EUR rate
EU_SHOP = CASES / "min_shopify_vat_inclusive.csv"
BOTH = {"period": "custom", "start": "2025-08-01", "end": "2026-07-31"}


@pytest.fixture(scope="module")
def part_converted(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("part_converted")
    fx = folder / "fx_rates.csv"
    fx.write_text("Date,Currency,Base currency,Rate\n2025-01-01,USD,CNY,7.0\n", encoding="utf-8")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        for path in (US_FEES, EU_SHOP, fx):
            assert wh.ingest_path(path).ok, path.name
    finally:
        wh.close()
    return folder / "wh.duckdb"


def test_partly_converted_view_is_partial_not_whole(part_converted, usd_only):
    from metrics.core.fx_gaps import view_gaps

    period = api.Filters(start=date(2025, 8, 1), end=date(2026, 7, 31))
    for path, whole in ((part_converted, False), (usd_only, True)):
        wh = Warehouse(path, path.parent / "archive")
        try:
            gaps = view_gaps(wh.con, period)
        finally:
            wh.close()
        assert gaps.whole is whole and gaps.partial is not whole
        if not whole:  # the USD order line converts at 7.0, the EUR one has no rate: 1 of 2 lines left out
            assert (gaps.lines, gaps.unconverted) == (2, 1)
            assert [(g.currency, str(g.month)) for g in gaps.gaps] == [("EUR", "2025-08-01")]


@pytest.mark.parametrize(("lang", "page"), [("zh", "pages/pnl.py"), ("en", "pages/pnl.py"), ("en", "pages/profit.py")])
def test_pnl_and_profit_say_their_totals_are_partial(part_converted, monkeypatch, lang, page):
    at = open_page(part_converted, monkeypatch, page, {**BOTH, "lang": lang})
    rows = 1  # the one EUR order line of Aug 2025
    item = tr("fx_gap_item", lang, currency="EUR", base="CNY", month="2025-08", rows=rows)
    want = tr("fx_gap_partial", lang, base="CNY", gaps=item)
    assert want in [w.value for w in at.warning], [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profit_flags_no_rate_and_no_cost_and_names_shopify_skus(part_converted, monkeypatch, lang):
    at = open_page(part_converted, monkeypatch, "pages/profit.py", {**BOTH, "lang": lang})
    table = at.dataframe[0].value
    rows = {r["sku"]: r for r in table.to_dict("records")}
    # 001-004: the EU Shopify line, 85.00 EUR with no EUR→CNY rate: its sales are unknown, not a "Profit" of 0.00
    eu = rows["001-004"]
    assert list(eu["status"]) == [tr("status_no_rate", lang)], eu["status"]
    assert eu["net_sales"] is None or eu["net_sales"] != eu["net_sales"]  # — (None / NaN), was 0.00
    assert eu["name"] == "Jetski Rental - 30 minutes"  # the orders file's Lineitem name (was —)
    # DEMO-LAMP: 2 units converted at 7.0 and no landed cost (0 % coverage): margin 100 % and break-even ACoS were
    # numbers with the goods left out; now unknown and flagged
    lamp = rows["DEMO-LAMP"]
    assert list(lamp["status"]) == [tr("status_no_cost", lang)], lamp["status"]
    for col in ("net_margin", "breakeven_acos", "net_profit"):
        assert lamp[col] is None or lamp[col] != lamp[col], (col, lamp[col])
    assert lamp["net_sales"] > 0  # its sales are known


# -- finding 7: the Overview's net profit tile and the ratio trend's scale ------------------------------------------
def test_english_tiles_are_compact_from_a_thousand():
    from ui import format as fmt

    # -4,448 / 1,000 = 4.448 → three significant digits: -$4.45K, as the tiles beside it ($12.3K); was "-$4,448"
    assert fmt.money(-4448, "USD", "en", short=True) == "-$4.45K"
    assert fmt.money(-4448, "CNY", "zh", short=True) == "-¥4,448"  # Chinese compacts from 10,000 (万)
    assert fmt.money(-44_480, "CNY", "zh", short=True) == "-¥4.45万"  # 44,480 / 10,000 = 4.448


def _loss_tile(lang: str) -> None:
    from datetime import date

    from ui.widgets import kpi_grid

    # a loss in its usual seasonal band (status green) and a profit in its band
    values = {"net_profit": {"value": -4448.0}, "net_sales": {"value": 12_345.0}}
    bands = {m: {"status": "green", "kpi": m, "date": date(2026, 11, 20), "value": v["value"], "window": "28d",
                 "amber_low": v["value"] - 100, "amber_high": v["value"] + 100} for m, v in values.items()}  # fmt: skip
    kpi_grid(["net_sales", "net_profit"], values, "USD", bands=bands)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_loss_is_never_tinted_good(lang):
    at = AppTest.from_function(_loss_tile, kwargs={"lang": lang}, default_timeout=120)
    at.session_state["view_state"] = {"lang": lang}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    keys = [getattr(b.proto, "id", "") or "" for b in _blocks(at.main)]
    text = " ".join(keys)
    assert "kpi_band_green_net_sales" in text  # in band and a sale: the green edge stays
    assert "kpi_band_green_net_profit" not in text, keys  # a loss drawn green read as "good"


def _blocks(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        yield node
        for child in children.values():
            yield from _blocks(child)


def test_ratio_trend_cuts_one_spike_day_and_says_so():
    import polars as pl

    from ui.trends import outliers, trend_lines

    days = [date(2026, 11, d) for d in range(1, 12)]
    # ACoS 20 %…30 % for ten days and 1,200 % on 6 Nov (a few cents of ad sales)
    acos = [0.20, 0.22, 0.25, 0.21, 0.30, 12.0, 0.24, 0.26, 0.23, 0.28, 0.27]
    frame = pl.DataFrame({"period": days, "acos": acos})
    cap, beyond = outliers(frame, ["acos"])
    # 90th percentile of |values| (linear, 11 points: the 10th of the sorted ones, 0.30) × 2 = 0.60
    assert cap == pytest.approx(0.60)
    assert beyond == [("acos", date(2026, 11, 6), 12.0)]
    spec = trend_lines(frame, {"acos": "ACoS"}, "pct", clip=cap)
    assert spec["encoding"]["y"]["scale"]["domain"] == pytest.approx([0.0, 0.60])  # was up to 12.0 (1,200 %)
    calm = frame.with_columns(pl.col("acos").clip(upper_bound=0.3))
    assert outliers(calm, ["acos"]) == (None, [])  # no spike: the natural scale
