"""Charts read on their own: the P&L chart's legend names the bars (profit / loss) and the net-profit line, and a
short period's date axis ticks each date once (Vega's own ticks repeat "11-24" twice a day)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from metrics.accounts.pnl import PnlRow, PnlSection
from ui.catalog import CATALOG
from ui.charts import FEW_TICKS, day_axis
from ui.pnl import monthly_chart
from ui.trends import trend_lines


def section() -> PnlSection:
    months = ["2026-01", "2026-02"]
    rows = [PnlRow(scope="total", line="operating_profit", months={"2026-01": 500.0, "2026-02": -200.0}, total=300.0),
            PnlRow(scope="total", line="net_profit", months={"2026-01": 900.0, "2026-02": 100.0}, total=1000.0)]  # fmt: skip
    return PnlSection(start=date(2026, 1, 1), end=date(2026, 2, 28), calendar="operational", base_currency="CNY",
                      by="total", months=months, previous=(date(2025, 11, 1), date(2025, 12, 31)),
                      last_year=(date(2025, 1, 1), date(2025, 2, 28)), rows=rows)  # fmt: skip


def test_pnl_chart_legend_names_bars_and_line():
    spec = monthly_chart(section()).to_dict()
    colors = [layer["encoding"]["color"] for layer in spec["layer"]]
    assert all("legend" in c and c.get("field") for c in colors)  # a legend, not a fixed colour
    zh = CATALOG["pnl_operating_profit"][0], CATALOG["pnl_operating_loss"][0], CATALOG["pnl_net_profit"][0]
    en = CATALOG["pnl_operating_profit"][1], CATALOG["pnl_operating_loss"][1], CATALOG["pnl_net_profit"][1]
    assert tuple(colors[0]["scale"]["domain"]) in (zh, en)


def test_short_period_ticks_each_day_once():
    days = [date(2026, 11, 24) + timedelta(days=i) for i in range(7)]
    axis = day_axis(days).to_dict()
    assert [(v["month"], v["date"]) for v in axis["values"]] == [(11, d) for d in range(24, 31)]
    weeks = pl.DataFrame({"period": [date(2026, 11, 9), date(2026, 11, 16)], "a": [1.0, 2.0]})
    x = trend_lines(weeks, {"a": "A"}, "money")["encoding"]["x"]["axis"]
    assert len(x["values"]) == 2  # two weekly points, two ticks
    many = [date(2026, 1, 1) + timedelta(days=i) for i in range(FEW_TICKS + 1)]
    assert "values" not in day_axis(many).to_dict()


def _x_axis(spec: dict) -> dict:
    """The x axis of a chart spec (a layer's first encoding that has one)."""
    for part in [spec, *spec.get("layer", [])]:
        axis = (part.get("encoding") or {}).get("x", {}).get("axis")
        if axis:
            return axis
    raise AssertionError("no x axis")


@pytest.mark.parametrize("i", [0, 1])  # zh, en
def test_waterfall_and_bridge_labels_are_never_cut(i):
    """Every step of the per-unit waterfall (all its steps, cost split) and of the profit bridge is named in full:
    the axis gives each label at least its own width ("Other income", not "Other inc…") and hides none."""
    from metrics.accounts.bridge import LABELS
    from ui.charts import label_px, waterfall
    from ui.profit import STEPS

    for labels, total in (([CATALOG[key][i] for _, key in STEPS], CATALOG["w_profit"][i]),
                          ([v[i] for k, v in LABELS.items() if k != "end"], LABELS["end"][i])):  # fmt: skip
        axis = _x_axis(waterfall([(x, 1.0) for x in labels], total))
        assert axis["labelLimit"] >= max(label_px(x) for x in [*labels, total]), axis
        assert axis["labelOverlap"] is False and axis["labelAngle"] in (0, -45)


@pytest.mark.parametrize(("n", "overlap"), [(12, False), (30, False), (31, "parity")])
def test_pareto_names_every_sku_up_to_thirty(n, overlap):
    from ui.charts import label_px, pareto

    skus = [f"CAM-4K-BLK-EXTRA-LONG-{k:02d}" for k in range(n)]
    frame = pl.DataFrame({"sku": skus, "net_profit": [1000.0 - 10 * k for k in range(n)]})
    axis = _x_axis(pareto(frame, "sku", "net_profit", "cum"))
    assert axis["labelOverlap"] == overlap and axis["labelAngle"] == -90
    assert axis["labelLimit"] >= label_px(skus[0], axis["labelFontSize"])  # a SKU name is never cut


def test_waterfall_plot_keeps_its_height_in_both_languages():
    """The per-unit waterfall's height holds its x labels: turned −45°, English's "Other income (reimbursements)"
    took ~130 px of a fixed 300 px chart (the stretched chart fits its padding), leaving the plot ~115 px against ~160
    in Chinese. The height less the labels' depth is the same in both languages."""
    from ui.chart_labels import label_depth
    from ui.charts import waterfall
    from ui.profit import STEPS

    plots = []
    for i in (0, 1):
        labels, total = [CATALOG[key][i] for _, key in STEPS], CATALOG["w_profit"][i]
        spec = waterfall([(x, 1.0) for x in labels], total, width_px=740)
        axis = _x_axis(spec)
        assert axis["labelAngle"] == -45  # twelve steps do not fit flat at the page's width in either language
        plots.append(spec["height"] - label_depth(axis))
    assert plots[0] == plots[1] >= 260
    # English's longest label drops ~125 px: its chart is that much taller than a flat-labelled one
    flat = waterfall([("a", 1.0), ("b", -0.5)], "c", width_px=740)
    assert _x_axis(flat)["labelAngle"] == 0 and flat["height"] == 280 + label_depth(_x_axis(flat))
