"""Findings of a walk through the what-if and Ads pages in both languages.

A chart's series keep their colours when the language changes (the what-if's curve swapped them: its colours went
to the translated names in alphabetical order, and 净利润 sorts before 广告销售额 while "Ad sales" sorts first); one
ratio has one Chinese name on one screen."""

from __future__ import annotations

import polars as pl

from ui import charts

# the curve's two series names (pages/whatif_ads.py TX daily_sales / daily_profit)
NAMES = {"zh": ("广告销售额/天", "净利润/天"), "en": ("Ad sales / day", "Net profit / day")}


def _colours(spec: dict) -> dict[str, str]:
    """The colour Vega-Lite gives each series name of the spec's line layer: its scale's domain → range when set,
    otherwise the nominal default (names sorted, colours taken in order from the theme's category range)."""
    enc = spec["layer"][0]["encoding"]["color"]
    names = sorted({row["k"] for row in spec["layer"][0]["data"]["values"]})
    scale = enc.get("scale", {})
    domain = scale.get("domain", names)
    palette = scale.get("range", spec["config"].get("range", {}).get("category", charts.PALETTE))
    return {name: palette[domain.index(name)] for name in names}


def _curve(lang: str) -> dict:
    # the what-if page's curve: one line of daily ad sales and one of daily net profit per spend (pages/whatif_ads.py)
    grid = pl.DataFrame({"spend": [0.0, 10.0, 20.0], "sales": [0.0, 50.0, 80.0], "profit": [0.0, 5.0, 4.0]})
    long = grid.unpivot(index="spend", variable_name="k", value_name="v").with_columns(
        k=pl.col("k").replace_strict({"sales": NAMES[lang][0], "profit": NAMES[lang][1]})
    )
    return charts.response_curve(long, pl.DataFrame({"spend": [10.0], "label": ["now"]}), "curve")


def test_the_what_if_curve_keeps_each_series_colour_in_both_languages():
    zh, en = _colours(_curve("zh")), _colours(_curve("en"))
    (zs, zp), (es, ep) = NAMES["zh"], NAMES["en"]
    assert zh[zs] == en[es] and zh[zp] == en[ep]
    assert zh[zs] != zh[zp]


def test_a_ratio_has_one_chinese_name_on_the_ads_page():
    """The Ads tile read 保本ACoS while the base-currency note under it and the what-if said 盈亏平衡ACoS: two names
    for one ratio on one screen. The tile's Chinese name is the registry's (English keeps its short B/E ACoS)."""
    from metrics.core.registry import REGISTRY
    from ui.i18n import tr

    assert tr("tile_breakeven_acos", "zh") == REGISTRY["breakeven_acos"].zh
