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
