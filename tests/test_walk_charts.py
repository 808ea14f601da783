"""Guards of a fresh-eyes walk of the demo company's plan and accounts pages (中文 and English), one per finding, each
failing on the code before its fix:

- the ad what-if gives the best spend a day, as its curve, fit and warnings do (it said "per week"), and its stock-out
  warnings are one box under the curve (seven boxes pushed the curve far down);
- the FX tornado spans its bars' own range from the base profit (from 0 a ±5 % swing was a hairline) with short
  axis labels, and the tables' money headers name the base currency;
- the profit bridge prints a value on every bar; the P&L's note on a cut month speaks of the pale bar it draws
  (it said "dashed"); the inventory's cover chart puts the fewest days of cover first (it was in name order).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.test_walk10 import _page, chart_rows


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory) -> Path:
    """A copy of the demo warehouse (the last 30 days: 22 Oct – 20 Nov 2026, base CNY)."""
    folder = tmp_path_factory.mktemp("walk_charts")
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")
    return folder / "wh.duckdb"


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ad_whatif_best_spend_a_day_and_one_stockout_box_under_the_curve(demo, lang, monkeypatch):
    from ui import format as fmt

    monkeypatch.setenv("WAREHOUSE_PATH", str(demo))  # the slider's run reads the same warehouse
    at = _page("pages/whatif_ads.py", demo, lang)
    at.slider(key="wa_account").set_value(100).run()  # double the budget: the demo's short SKUs run out sooner
    assert not at.exception, [e.value for e in at.exception]
    # one unit on the page: the best spend is the period's optimum ÷ its 30 days, labelled "a day" like the curve
    sku = at.selectbox(key="wa_sku").value
    table = next(d.value for d in at.dataframe if "optimal_spend" in d.value.columns)
    optimum = float(table.loc[table["sku"] == sku, "optimal_spend"].iloc[0])
    (best,) = [m for m in at.metric if m.label in ("利润最大化花费", "Profit-maximising spend")]
    per_day = fmt.money(optimum / 30, "CNY", lang, short=True)
    assert best.value == (f"{per_day} a day" if lang == "en" else f"{per_day}/天"), best.value
    assert "week" not in (best.proto.help or "") and "周" not in (best.proto.help or "")
    # the stock-out warnings: one box naming every SKU, the dates in an expander, both under the curve
    boxes = [w for w in at.warning if w.proto.icon == ":material/inventory:"]
    assert len(boxes) == 1, [w.value for w in boxes]
    # the closed expander's label names the stock day its dates are projected from (the demo's latest: 20 Nov)
    labels = ("断货与到货日期（按 2026年11月20日 的库存推算）",
              "Stock-out and arrival dates, projected from the stock on Nov 20, 2026")  # fmt: skip
    (dates,) = [e for e in at.expander if e.label in labels]
    lines = [_plain(m.value) for m in dates.markdown]
    skus = [line.split("：" if lang == "zh" else ": ", 1)[0].lstrip("- ") for line in lines[0].split("\n")]
    assert len(skus) >= 2 and all(s in _plain(boxes[0].value) for s in skus), (skus, boxes[0].value)
    order = [id(n) for n in _walk(at._tree)]
    curve = at.get("vega_lite_chart")[0]
    assert order.index(id(curve)) < order.index(id(boxes[0])) < order.index(id(dates))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fx_tornado_spans_the_bars_from_the_base_profit_and_headers_name_the_currency(demo, lang):
    at = _page("pages/whatif_fx.py", demo, lang)
    (tornado,) = [s for s in _specs(at) if "layer" in s]
    bars = tornado["layer"][0]
    x = bars["encoding"]["x"]
    rows = [r for r in chart_rows(at) if "side" in r]
    profit = rows[0]["profit"]
    assert profit > 0 and all(r["profit"] == profit for r in rows)  # every bar starts at the base profit
    ends = [r["value"] for r in rows] + [profit]
    low, high = x["scale"]["domain"]
    # the axis spans the bars plus 15 % of their range on each side (room for the bars' end labels), far from 0
    pad = (max(ends) - min(ends)) * 0.15
    assert low == pytest.approx(min(ends) - pad) and high == pytest.approx(max(ends) + pad) and low > 0
    assert x["scale"]["zero"] is False and x["axis"]["labelOverlap"] == "greedy"
    unit = "（CNY）" if lang == "zh" else " (CNY)"
    labels = [v.get("label", "") for d in at.dataframe for v in json.loads(d.proto.columns or "{}").values()]
    assert f"{'风险利润' if lang == 'zh' else 'Profit at risk'}{unit}" in labels, labels
    assert f"{'实际净利润' if lang == 'zh' else 'Net profit'}{unit}" in labels, labels


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bridge_bars_carry_values(demo, lang):
    from ui.cash import short_amount

    at = _page("pages/bridge.py", demo, lang)
    (spec,) = [s for s in _specs(at) if "layer" in s]
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert "text" in marks, marks  # a value over every bar
    rows = [r for r in chart_rows(at) if "short" in r]
    assert rows and all(r["short"] == short_amount(r["amount"], lang) for r in rows)
    # 12.3万 = 123,456 / 10,000; 12.3K = 123,456 / 1,000
    assert short_amount(123_456, "zh") == "12.3万" and short_amount(-123_456, "en") == "-123K"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pnl_note_names_the_pale_bar_it_draws(demo, lang):
    at = _page("pages/pnl.py", demo, lang)
    notes = [c.value for c in at.caption if re.search(r"Pale bar|Dashed|浅色柱|虚线", c.value)]
    # 22 Oct – 20 Nov cuts both months: October holds 10 of its 31 days, November 20 of its 30
    assert notes and all(n.startswith("浅色柱" if lang == "zh" else "Pale bar") for n in notes), notes


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inventory_cover_chart_most_urgent_first(demo, lang):
    at = _page("pages/inventory.py", demo, lang)
    (spec,) = [s for s in _specs(at) if "days_of_cover" in json.dumps(s)]
    y = spec["layer"][0]["encoding"]["y"] if "layer" in spec else spec["encoding"]["y"]
    rows = {r["item"]: r["days_of_cover"] for r in chart_rows(at) if "days_of_cover" in r and "item" in r}
    assert isinstance(y["sort"], list) and len(y["sort"]) == len(rows) > 3
    days = [rows[s] for s in y["sort"]]
    assert days == sorted(days), list(zip(y["sort"], days))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fx_tornado_colours_a_bar_by_what_it_does_to_profit_and_writes_the_axis_in_the_pages_numbers(demo, lang):
    """The −5 % bar was red and the +5 % bar green whatever they did to profit (a weaker currency the seller pays in
    raises profit), and the axis wrote Vega's SI units ("20k") where a Chinese reader reads 万."""
    from ui import format as fmt
    from ui.i18n import tr

    at = _page("pages/whatif_fx.py", demo, lang)
    (tornado,) = [s for s in _specs(at) if "layer" in s]
    bars = tornado["layer"][0]
    colour = bars["encoding"]["color"]
    up, down = tr("fx_profit_up", lang), tr("fx_profit_down", lang)
    assert colour["field"] == "effect" and colour["scale"] == {"domain": [up, down], "range": ["#2da44e", "#cf222e"]}
    rows = [r for r in chart_rows(at) if "side" in r]
    for r in rows:  # green exactly where the bar ends above the base profit
        assert r["effect"] == (up if r["value"] >= r["profit"] else down), r
    # the demo holds both: a move that raises profit on one side and one that lowers it
    assert {r["effect"] for r in rows} == {up, down}
    # the axis: round ticks, each written by the page's compact number format (2万 / 20K)
    axis = bars["encoding"]["x"]["axis"]
    ticks = axis["values"]
    assert len(ticks) >= 2 and "format" not in axis
    for v in ticks:
        assert f'abs(datum.value - ({v!r})) < 1e-6 ? "{fmt.number_short(v, lang)}"' in axis["labelExpr"], v
    if lang == "zh":  # the demo's profit is hundreds of thousands of yuan: 万 on every tick, no SI letters
        assert all("万" in fmt.number_short(v, lang) for v in ticks) and not re.search(r"\d[kMG]\b", axis["labelExpr"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ad_whatif_shared_curve_caption_gives_the_curve_drawn_and_the_rejected_own_fit(demo, lang, monkeypatch):
    """ACC-SELFIE's own fit is rejected (b=2.34, R²=0.09 on the demo) and it borrows the shared curve; the caption
    called the curve "shared" but gave the rejected b and R². The b it gives now is the b of the curve drawn: two
    points of the drawn sales line, v = a·s^b, give b = ln(v2/v1) / ln(s2/s1)."""
    import math

    monkeypatch.setenv("WAREHOUSE_PATH", str(demo))
    at = _page("pages/whatif_ads.py", demo, lang)
    at.selectbox(key="wa_sku").set_value("ACC-SELFIE").run()
    assert not at.exception, [e.value for e in at.exception]
    (caption,) = [_plain(c.value) for c in at.caption if _plain(c.value).startswith(("Fit: ", "拟合："))]
    values = [float(v) for v in re.findall(r"(?:b|R²)=(-?[\d.]+)", caption)]
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    sales = [p for p in spec["layer"][0]["data"]["values"] if p["k"] in ("广告销售额/天", "Ad sales / day")]
    (s1, v1), (s2, v2) = (sales[5]["spend"], sales[5]["v"]), (sales[50]["spend"], sales[50]["v"])
    assert round(math.log(v2 / v1) / math.log(s2 / s1), 2) == values[0], caption  # the b of the curve drawn
    assert "shared curve" in caption or "共同曲线" in caption
    b_shown, r2_shown, own_b, own_r2 = values
    assert (own_b, own_r2) == (2.34, 0.09), caption  # the SKU's own fit, named as rejected
    assert r2_shown >= 0.3 and b_shown != own_b  # the shared curve passed the fit test the SKU's own failed
