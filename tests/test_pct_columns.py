"""One rule for percentages: every percent table column shows one decimal, like the KPI tiles and sentences
(ui.format.pct). Streamlit's "percent" format without a step shows 0–2 decimals ("24%" beside "20.18%")."""

from __future__ import annotations

import polars as pl

from ui import format as fmt
from ui.ads import column_config as ads_columns
from ui.grid import PCT_STEP, pct_column
from ui.plan_editors import Col, _column
from ui.profit import column_config as profit_columns


def percent_configs(config: dict) -> list[dict]:
    return [
        c for c in config.values() if isinstance(c, dict) and (c.get("type_config") or {}).get("format") == "percent"
    ]


def test_every_percent_column_has_one_decimal():
    configs = [
        *percent_configs(ads_columns(["acos", "tacos", "roas", "ctr", "cvr", "breakeven_acos", "ad_spend"], "USD")),
        *percent_configs(profit_columns(["net_margin", "acos", "return_rate", "net_sales"], "USD")),
        *percent_configs({"share": _column("share", Col("占比", "Share", "pct"), pl.DataFrame({"share": [0.24]}))}),
        pct_column("x"),
    ]
    assert len(configs) >= 6
    # step 0.001 of a fraction = 0.1 %: Streamlit's percent shows max(decimals(step) − 2, 0) = 1 decimal, fixed
    assert all(c["type_config"]["step"] == PCT_STEP == 0.001 for c in configs), configs


def test_sentences_and_tiles_use_one_decimal():
    assert (fmt.pct(0.24), fmt.pct(0.2018)) == ("24.0%", "20.2%")
    assert fmt.by_unit(0.2018, "pct", "USD", "en") == "20.2%"


def test_percent_cells_round_like_the_tiles_under_streamlits_truncation():
    """Streamlit truncates a number cell to its column's step (0.240856 would read 24.0 %); the table's Arrow values
    are rounded half away from zero to the step first, so the cell reads what ui.format.pct says (24.1 %).

    By hand: ACoS 198,842.84 / 825,563.80 = 0.240857… → 24.1 %; 0.80789 → 80.8 %; −0.03949 → −3.9 %;
    0.2415 → 24.2 % (half away from zero); a money column (no step) is left as it is.
    """
    from ui.tables import arrow

    frame = pl.DataFrame({"acos": [198_842.84 / 825_563.80, 0.80789, -0.03949, 0.2415, None], "sales": [1.23456] * 5})
    config = {"acos": pct_column("ACoS"), "sales": {"type_config": {"type": "number", "format": "%,.2f"}}}
    shown = arrow(frame, config).to_pydict()

    def truncated(v: float) -> float:  # what the grid draws: the value cut to the step, then × 100 with one decimal
        return round(int(v / PCT_STEP) * PCT_STEP * 100, 1)

    assert [truncated(v) for v in shown["acos"][:4]] == [24.1, 80.8, -3.9, 24.2]
    assert [fmt.pct(v) for v in frame["acos"][:3]] == ["24.1%", "80.8%", "-3.9%"]
    assert shown["acos"][4] is None
    assert shown["sales"] == frame["sales"].to_list()
    # without the rounding the grid would have read 24.0 % and 80.7 %
    assert [truncated(v) for v in frame["acos"][:2]] == [24.0, 80.7]
