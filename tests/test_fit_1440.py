"""Key tables fit a 1440 px window without sideways scrolling, and the meeting writes a cost as its tables do (a
browser walk of the demo company at 1440 × 900, 中文 and English):

- Profit by SKU: a Shopify line without a SKU, "(no SKU) Jetski Rental - 30 minutes", widened the pinned SKU column to
  304 px, and Units and Net sales sat off screen;
- Budget & targets (中文): 实际 (Actual) sat past the right edge;
- the meeting's logistics table cut its last column (English);
- the meeting's key figures wrote COGS as -¥80.3万 beside tables writing a negative as (2,390.13).

The common cause: ui.grid.text_px took 8 px for every Latin character, where the grid's font draws 3–12 px (a digit
7, a space 3), so every column was sized about a fifth wider than its text draws; a pinned row label could take
MAX_TEXT_PX (320 px); and the meeting's logistics table took the long headers of the shared columns, in its
snapshot's alphabetical order, where Returns & logistics shows it with short headers and whole amounts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui.grid import MAX_PINNED_PX, fit_widths, text_px
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
ROOM_1440 = 1440 - 300 - 160  # a table's room at a 1440 px window: − the sidebar − the side padding (2 × 80)
# what Chromium draws at the grid's font (Source Sans, 14 px: canvas measureText on the app's page), in px
DRAWN = {"Expenses: 3PL / overseas warehouse": 211.1, "(no SKU) Jetski Rental - 30 minutes": 202.7,
         "Fulfilment (FBA/platform) (¥)": 167.9, "Lumora 4K Action Camera White": 187.3, "1,561,562.62": 73.1,
         "(33,384.47)": 64.2, "预算项目": 56.0, "WWWWWWWWWW": 110.0, "MMMMMMMMMM": 101.8, "iiiiiiiiii": 34.4}  # fmt: skip


def test_a_cell_is_as_wide_as_its_text_draws():
    # never narrower than the text and the cell's padding (8 px a side), at most 24 px to spare: "Expenses: 3PL /
    # overseas warehouse" took 34 × 8 + 24 = 296 px for 211 drawn (the old rule), now 245 (test_grid_fit.py)
    for text, drawn in DRAWN.items():
        assert drawn + 16 <= text_px(text) <= drawn + 16 + 24, (text, drawn, text_px(text))


def test_a_wide_tables_pinned_label_stops_at_max_pinned_px():
    """A table wider than the page pins its row label, which stays on screen however far it scrolls: a long label
    stops at MAX_PINNED_PX (cut at the edge; a double-click shows the cell whole), a short one keeps its width."""
    long = "(no SKU) Jetski Rental - 30 minutes, weekend special with instructor"  # text_px 440 > MAX_TEXT_PX
    money = {"type_config": {"type": "number", "format": "%,.2f"}}
    numbers = {f"m{i}": [1234.5, -99.0] for i in range(8)}
    config = {"sku": "SKU", **{f"m{i}": {**money, "label": f"Metric {i} (¥)"} for i in range(8)}}
    out = fit_widths(pl.DataFrame({"sku": [long, "CAM-4K-BLK"], **numbers}), config)
    assert out["sku"]["pinned"] and out["sku"]["width"] == MAX_PINNED_PX == 240  # was MAX_TEXT_PX, 320
    short = fit_widths(pl.DataFrame({"sku": ["CAM-4K-BLK", "BAT-3PK"], **numbers}), config)
    # "CAM-4K-BLK": "CAKBLK" 6 × 8.2 + "M" 12 + "--" 2 × 5 + "4" 7.2 = 78.4 → 79 + 20 (padding) = 99
    assert short["sku"]["pinned"] and short["sku"]["width"] == 99 == text_px("CAM-4K-BLK")


def _widths(df) -> list[tuple[str, int]]:
    """Returns (column, width) of a grid in the order it shows them: its pinned columns first."""
    config = json.loads(df.proto.columns or "{}")
    order = [c for c in (list(df.proto.column_order) or list(df.value.columns)) if c != "_index"]
    shown = [c for c in order if not (config.get(c) or {}).get("hidden")]
    pinned = [c for c in shown if (config.get(c) or {}).get("pinned")]
    return [(c, (config.get(c) or {}).get("width")) for c in pinned + [c for c in shown if c not in pinned]]


def _through(widths: list[tuple[str, int]], last: str) -> int:
    """Returns the pixels from the grid's left edge to the right edge of column `last`."""
    names = [c for c, _ in widths]
    return sum(w for _, w in widths[: names.index(last) + 1])


@pytest.fixture(scope="module")
def demo_with_a_line_without_sku(demo_warehouse_file, tmp_path_factory) -> Path:
    """The demo company and ../shared/cases' Shopify export whose 30-minute rental has no SKU (July 2025)."""
    folder = tmp_path_factory.mktemp("fit1440")
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")
    w = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        case = ROOT / "tests" / "fixtures" / "cases" / "min_shopify_line_without_sku.csv"
        assert w.ingest_path(case, store="default").status == "imported"
    finally:
        w.close()
    return folder / "wh.duckdb"


def _page(wh: Path, monkeypatch, page: str, params: dict) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(wh))
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", "2026-12-02")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in params.items():
        at.query_params[k] = v
    at.run().switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profit_by_sku_shows_units_and_net_sales_beside_a_line_without_a_sku(demo_with_a_line_without_sku,
                                                                             monkeypatch, lang):  # fmt: skip
    july = {"period": "custom", "start": "2025-07-01", "end": "2025-07-31", "lang": lang}
    at = _page(demo_with_a_line_without_sku, monkeypatch, "profit", july)
    df = next(d for d in at.dataframe if {"status", "sku", "net_sales"} <= set(d.value.columns))  # the SKU table
    assert any(str(s).endswith("Jetski Rental - 30 minutes") for s in df.value["sku"]), df.value["sku"].tolist()
    widths = _widths(df)
    assert [c for c, _ in widths[:7]] == ["status", "sku", "name", "net_profit", "net_margin", "units", "net_sales"]
    # the old rule: en 104 + 304 + 256 + 156 + 124 + 84 + 148 = 1,176 px, zh 1,046 px: Units and Net sales off screen
    assert _through(widths, "net_sales") <= ROOM_1440, widths
    assert dict(widths)["sku"] <= MAX_PINNED_PX


def test_the_budget_table_shows_the_actual_at_1440_px_in_chinese(demo_with_a_line_without_sku, monkeypatch):
    """中文: the line, channel and department, the forecast variance and verdict, forecast, budget, budget to date and
    实际 (Actual) on screen (the old rule: 1,110 px to its right edge). English, with its longer headers, scrolls
    sideways from Actual on, its line pinned."""
    at = _page(demo_with_a_line_without_sku, monkeypatch, "budget", {"lang": "zh"})
    df = next(d for d in at.dataframe if {"budget_line", "actual"} <= set(d.value.columns))
    widths = _widths(df)
    assert _through(widths, "actual") <= ROOM_1440, widths


def _meeting_grids(monkeypatch, key: str, payload: dict, lang: str) -> dict:
    """Returns {grid key: (frame shown, its column_config)} of a meeting section drawn by pages.meeting_parts."""
    import pages.meeting_parts as parts

    shown = {}
    monkeypatch.setattr(st, "session_state", {"view_state": {"lang": lang, "base": "CNY"}})
    monkeypatch.setattr(st, "dataframe", lambda data, **kw: shown.update({kw["key"]: (data, kw["column_config"])}))
    parts.department(key, payload, lang, [], hide_costs=False)
    return shown


# a frozen supply-chain view as the snapshot stores it: keys in alphabetical order (the demo's October, ¥)
SUPPLY = {
    "currency": "CNY", "period": {"start": "2026-10-01", "end": "2026-10-31"}, "data_through": "2026-10-31",
    "headline_metric": "inventory_value", "figures": {"cogs": {"value": 803_000.0, "previous": 646_000.0}},
    "tables": {"logistics_share": [
        {"first_mile": 4314.72, "fulfilment": 51319.05, "logistics": 55633.77, "logistics_share": 0.0779,
         "marketplace": "amazon.com", "net_sales": 714506.04, "shipping_services": 0.0, "warehouse_3pl": 0.0},
        {"first_mile": 0.0, "fulfilment": 0.0, "logistics": 6838.43, "logistics_share": None,
         "marketplace": "*", "net_sales": 0.0, "shipping_services": 0.0, "warehouse_3pl": 6838.43},
    ]},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_meetings_logistics_table_fits_and_reads_as_on_returns(monkeypatch, lang):
    grids = _meeting_grids(monkeypatch, "supply_chain", SUPPLY, lang)
    frame, config = grids["mtg_supply_chain_logistics_share"]
    # Returns & logistics' order; shipping services, which no marketplace paid, left out as there
    assert frame.column_names == ["marketplace", "net_sales", "first_mile", "fulfilment", "warehouse_3pl", "logistics",
                                  "logistics_share"]  # fmt: skip
    # English took 1,152 px in eight columns (Fulfilment (FBA/platform) (¥), 3PL / overseas warehouse (¥) …)
    total = sum(config[c]["width"] for c in frame.column_names)
    assert total <= ROOM_1440, {c: config[c]["width"] for c in frame.column_names}
    headers = [config[c]["label"] for c in frame.column_names]
    assert headers[-1] == ("占净销售额" if lang == "zh" else "% of sales")  # the Returns page's short headers


@pytest.mark.parametrize(("lang", "cogs", "previous"), [("zh", "(¥80.3万)", "(¥64.6万)"), ("en", "(¥803K)", "(¥646K)")])
def test_the_meetings_money_below_zero_reads_in_brackets(monkeypatch, lang, cogs, previous):
    """The finance view wrote COGS 803,000 as -¥80.3万 and the waterfall's promotions as -51,984.30 beside the
    budget table's (2,390.13): every money figure and table of the meeting writes a negative in brackets
    (803,000 / 10,000 = 80.3万, 646,000 → 64.6万; in English 803K and 646K)."""
    waterfall = [{"step": "gross_sales", "amount": 1_529_831.85}, {"step": "promotions", "amount": -51_984.30}]
    finance = {**SUPPLY, "headline_metric": "net_profit", "tables": {"waterfall": waterfall}}
    grids = _meeting_grids(monkeypatch, "finance", finance, lang)
    figures, _ = grids["mtg_figs_finance"]
    rows = pl.from_arrow(figures).iter_rows(named=True)
    row = next(r for r in rows if r["label"] in ("销货成本", "Cost of goods sold"))
    assert (row["value"], row["previous"]) == (cogs, previous)
    _, config = grids["mtg_finance_waterfall"]
    assert config["amount"]["type_config"]["format"] == "accounting"  # (51,984.30); was %,.2f: -51,984.30
