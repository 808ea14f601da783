"""Guards of a fresh-eyes walk of the demo company in both languages, one per finding, each failing on the code before
its fix:

1. the ad what-if's stock box sets its list beside Inventory's (10 SKUs at risk there, 7 run out here): how many of
   Inventory's are advertised here, and which SKUs this budget adds to that list or takes off, by Inventory's rule;
2. the Ads page says, in another base than the books', that its ratios' point changes move with the rates (break-even
   ACoS +0.3 pp in CNY read −0.6 pp in USD), with the Overview's note;
3. grids show dates as the sentences write them (2026年11月20日 / Nov 20, 2026): the Seasonal table and the import
   history's times read ISO in Chinese;
4. a target's projection says how it is made: "预计达成 97.9 %" of the demo's 12 % net-margin target read like a
   projected margin of 97.9 %; it is the attainment, the margin so far (11.7 %) not extrapolated, ÷ 12 %.
(5, the full-width colon, is in tests/test_catalog.py.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.planning.stockout import prepare
from ui import format as fmt
from ui.i18n import tr

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory) -> Path:
    """A copy of the demo warehouse (the default view: the last 30 days to 20 Nov 2026, books in CNY)."""
    path = tmp_path_factory.mktemp("ux16") / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    return path


def _page(page: str, wh: Path, lang: str, base: str = "CNY") -> AppTest:
    from ui.state import defaults

    os.environ["WAREHOUSE_PATH"] = str(wh)  # the conftest fixture puts it back after the test
    at = AppTest.from_file(str(ROOT / page), default_timeout=900)
    at.session_state["view_state"] = defaults(lang, "CNY") | {"base": base}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# -- 1. the what-if's stock box beside Inventory's list -----------------------------------------------------------
def _fixture():
    """Three advertised SKUs, a flat forecast, today 1 Jan 2026 (Inventory's rule: at risk when it sells and its days
    of cover < lead time + 14 safety days):
    - A: 100 units, 2 a day, lead 30 → runs out when 2(k+1) > 100, k = 50 days of cover ≥ 30 + 14 = 44: not at risk;
      the budget sells 1 more a day → 3(k+1) > 100, k = 33 < 44: at risk at this budget;
    - B: 60 units, 2 a day, lead 20 → 2(k+1) > 60, k = 30 < 20 + 14 = 34: at risk already; no extra (no curve);
    - C: 200 units, 1 a day, lead 10, +1 a day → 2(k+1) > 200, k = 100 ≥ 24: at risk on neither side."""
    stock = pl.DataFrame({"sku": ["A", "B", "C"], "available": [100, 60, 200], "inbound": [0, 0, 0],
                          "lead_days": [30, 20, 10]})  # fmt: skip
    forecasts = pl.DataFrame({"sku": ["A", "B", "C"], "units": [[2.0] * 365, [2.0] * 365, [1.0] * 365]})
    pred = pl.DataFrame({"sku": ["A", "B", "C"], "extra_units_day": [1.0, None, 1.0]})
    return pred, stock, prepare(stock, forecasts)


def test_budget_stock_risks_by_hand():
    from metrics.whatif.ads import budget_stock_risks

    pred, stock, matrix = _fixture()
    got = budget_stock_risks(pred, stock, TODAY, matrix)
    assert got.rows() == [("A", False, True), ("B", True, True), ("C", False, False)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_whatif_note_sets_its_list_beside_inventorys(lang):
    """Inventory lists B and Z (Z not advertised: no budget moves it); this budget adds A by the same rule."""
    from metrics.whatif.ads import budget_stock_risks
    from ui.whatif_stock import inventory_note

    pred, stock, matrix = _fixture()
    risks = budget_stock_risks(pred, stock, TODAY, matrix)
    note = inventory_note(["B", "Z"], risks, lang)
    head = tr("wa_stock_inventory", lang, n=2, a=1, b=1, safety=14)
    assert note == head + ("" if lang == "zh" else " ") + tr("wa_stock_added", lang, c=1, skus="A")
    assert ("交期 + 14 天安全天数" if lang == "zh" else "lead time + 14 safety days") in head  # Inventory's words
    # a cut that takes B off and adds nothing says so; a budget that moves nothing says that too
    cut = risks.with_columns(risk_new=pl.Series([False, False, False]))
    assert inventory_note(["B"], cut, lang).endswith(tr("wa_stock_dropped", lang, c=1, skus="B"))
    same = risks.with_columns(risk_new=pl.col("risk_now"))
    assert inventory_note(["B"], same, lang).endswith(tr("wa_stock_same", lang))
    assert inventory_note([], cut, lang) is None  # no SKU at risk on either list: no note
    # the box above names A only (B runs out after a reorder could arrive, within the safety days): B is said
    boxed = inventory_note(["B", "Z"], risks, lang, frozenset({"A"}))
    sep = "" if lang == "zh" else " "
    assert boxed == note + sep + tr("wa_stock_margin", lang, c=1, skus="B", safety=14)


def test_whatif_margin_sentence_agrees_with_its_count():
    """The walk read "1 of Inventory's SKU (B) is not in the box above": one of several SKUs, the noun stays plural;
    the verb and the pronoun agree with the count, in Chinese the pronoun too (它 / 它们)."""
    one, two = (tr("wa_stock_margin", "en", c=c, skus=s, safety=14) for c, s in ((1, "B"), (2, "B, C")))
    assert one.startswith("1 of Inventory's SKUs (B) is not in the box above: it runs out"), one
    assert two.startswith("2 of Inventory's SKUs (B, C) are not in the box above: they run out"), two
    assert "：它在现在下单" in tr("wa_stock_margin", "zh", c=1, skus="B", safety=14)
    assert "：它们在现在下单" in tr("wa_stock_margin", "zh", c=2, skus="B、C", safety=14)


def test_whatif_page_names_inventorys_count_on_the_demo(demo):
    """The walk: Inventory named 10 SKUs, the what-if 7, and neither said how the two lists meet. The what-if's note
    counts exactly the SKUs Inventory lists (split into advertised here and not)."""
    inv = _page("pages/inventory.py", demo, "zh")
    listed = [m.value for m in at_markdown(inv) if m.value.startswith(":material/event_busy:")]
    n = len(listed)
    assert n > 0
    at = _page("pages/whatif_ads.py", demo, "zh")
    captions = [c.value for c in at.caption if c.value.startswith(":material/inventory_2:")]
    heads = {tr("wa_stock_inventory", "zh", n=n, a=a, b=n - a, safety=14) for a in range(n + 1)}
    assert len(captions) == 1 and any(h in captions[0] for h in heads), (n, captions)


def at_markdown(at: AppTest):
    return list(at.markdown)


# -- 2. the Ads page's note in another base ------------------------------------------------------------------------
def _tile(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label.endswith(label))


def test_ads_page_says_ratio_changes_move_with_the_base(demo):
    """In USD (books in CNY) the Ads tiles' point changes carry both periods' rates; the page says so under the
    tiles, with break-even ACoS in both bases as the two pages show it; in CNY it says nothing."""
    from metrics.core.registry import REGISTRY

    name = REGISTRY["breakeven_acos"].zh  # the tile's and the note's name (metric_name)
    cny = _page("pages/ads.py", demo, "zh")
    usd = _page("pages/ads.py", demo, "zh", base="USD")
    note = tr("fx_ratio_change_caption", "zh", base="USD", home="CNY")
    assert not any(note in c.value for c in cny.caption)
    (caption,) = [c.value for c in usd.caption if note in c.value]
    tile = tr("tile_breakeven_acos", "zh")  # the tile's name (盈亏平衡ACoS, as the note and the what-if say it)
    there, here = _tile(cny, tile), _tile(usd, tile)
    assert caption.startswith(
        tr("fx_margin_caption", "zh", metric=name, base="USD", home="CNY", here=here, there=there)
    ), caption


# -- 3. grid dates as the sentences write them ---------------------------------------------------------------------
def _render(moment: str, d: datetime) -> str:
    """A momentJS format rendered by hand for the tokens the grid uses (YYYY, MMM, M, D, HH, mm)."""
    out = re.sub(r"YYYY|MMM|HH|mm|M|D", lambda m: {"YYYY": str(d.year), "MMM": d.strftime("%b"), "HH": f"{d.hour:02d}",
                 "mm": f"{d.minute:02d}", "M": str(d.month), "D": str(d.day)}[m.group()], moment)  # fmt: skip
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_grid_date_formats_write_dates_as_the_sentences_do(lang):
    from ui.i18n import GRID_DATE_FORMATS

    day = datetime(2026, 11, 20, 9, 5)
    f = GRID_DATE_FORMATS[lang]
    assert _render(f["day"], day) == fmt.day(day.date(), lang)  # 2026年11月20日 / Nov 20, 2026
    assert _render(f["time"], day) == fmt.day(day.date(), lang) + " 09:05"
    assert _render(f["month"], day) == ("2026年11月" if lang == "zh" else "Nov 2026")  # as the P&L heads its months


def _date_formats(at: AppTest, column: str) -> list[dict]:
    grids = [json.loads(d.proto.columns) for d in at.dataframe]
    return [g[column]["type_config"] for g in grids if column in g]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seasonal_and_import_history_dates_follow_the_language(demo, lang):
    from ui.i18n import GRID_DATE_FORMATS

    f = GRID_DATE_FORMATS[lang]
    seasonal = _page("pages/seasonal.py", demo, lang)
    assert _date_formats(seasonal, "date") == [{"type": "date", "format": f["day"]}]
    history = _page("pages/data.py", demo, lang)
    (imported,) = _date_formats(history, "imported_at")
    assert imported["format"] == f["time"]
    assert _date_formats(history, "period_start")[0]["format"] == f["day"]


# -- 4. a target's projection explained ----------------------------------------------------------------------------
# the demo's Q4 2026 net-margin target, 12 %: Q4 to 20 Nov net profit 317,530.35 ÷ net sales 2,703,351.99 = 11.746 %;
# a ratio is not extrapolated, so the projection is 11.746 % and its attainment 11.746 / 12 = 97.88 % → "97.9%"
MARGIN = {"metric_id": "net_margin", "target": 0.12, "direction": "up", "unit": "pct", "period_start": "2026-10-01",
          "period_end": "2026-12-31", "value": 0.11745801, "forecast": 0.11745801, "attainment": 0.97881675,
          "forecast_attainment": 0.97881675, "status": "on_track", "data_through": "2026-11-20"}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_margin_targets_projection_says_it_is_attainment_and_not_extrapolated(monkeypatch, lang):
    import ui.i18n
    import ui.widgets
    from ui.widgets import target_line

    monkeypatch.setattr(ui.i18n, "lang", lambda: lang)
    monkeypatch.setattr(ui.widgets, "lang", lambda: lang)
    caption, help_ = target_line("net_margin", MARGIN, "CNY")
    assert ("预计达成目标的" if lang == "zh" else "of target") in caption and "97.9%" in caption
    method = tr("tile_target_method_level", lang, start=fmt.day(date(2026, 10, 1), lang),
                through=fmt.day(date(2026, 11, 20), lang), value="11.7%")  # fmt: skip
    assert method in help_, help_
    # an amount carries its run-rate: 500 units over 1–20 Nov of a 30-day month → 500 × 30 ÷ 20 = 750
    units = {**MARGIN, "metric_id": "units", "unit": "count", "target": 730.0, "period_start": "2026-11-01",
             "period_end": "2026-11-30", "value": 500.0, "forecast": 750.0, "attainment": 500 / 730,
             "forecast_attainment": 750 / 730}  # fmt: skip
    _, help_ = target_line("units", units, "CNY")
    assert tr("tile_target_method_sum", lang, start=fmt.day(date(2026, 11, 1), lang),
              through=fmt.day(date(2026, 11, 20), lang), n=30, d=20) in help_, help_  # fmt: skip


def test_the_demo_margin_target_scores_the_margin_so_far(demo_warehouse_file, tmp_path):
    """Not a bug in the figure: the 97.9 % is the margin so far ÷ the 12 % target, the projection is the margin so far
    (a ratio grows with no days), computed by hand above."""
    from metrics.accounts.targets import score_target, targets

    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")  # the pages' copy is held open by the app
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    try:
        row = targets(con).filter(pl.col("metric_id") == "net_margin").row(0, named=True)
        s = score_target(con, row, date(2026, 11, 20))
    finally:
        con.close()
    assert s["value"] == pytest.approx(317530.35 / 2703351.99, abs=1e-5)
    assert s["forecast"] == s["value"] and s["forecast_attainment"] == pytest.approx(0.9788, abs=1e-4)
    assert s["data_through"] == "2026-11-20"
