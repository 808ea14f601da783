"""广告 Advertising: spend, ad sales, ACoS, TACoS, ROAS over time; campaigns and SKUs; break-even ACoS."""

from __future__ import annotations

import streamlit as st

from ui import charts, data, filters, trends
from ui import format as fmt
from ui.ads import column_config, label_values, organic_split
from ui.i18n import lang, metric_name, t
from ui.overview import base_note
from ui.widgets import empty_state, header, kpi_grid, table

f = filters.current()
header("page_ads", f)
if f is None:
    empty_state("empty_ads")
    st.stop()

cur = filters.currency()
values = data.kpi_compare(f)
campaigns = data.ad_campaigns(f)
if campaigns.is_empty() and not (values.get("ad_spend") or {}).get("value"):
    empty_state("empty_ads")
    st.stop()
for r in data.ads_missing_fx(f).iter_rows(named=True):
    st.warning(t("ads_missing_fx", n=fmt.count(r["days"]), cur=r["currency"], base=r["base_currency"],
                 spend=fmt.money(r["spend"], r["currency"], lang()), a=fmt.day(r["first_day"], lang()),
                 b=fmt.day(r["last_day"], lang())), icon=":material/currency_exchange:")  # fmt: skip
kpi_grid(["ad_spend", "ad_sales", "acos", "tacos", "roas", "breakeven_acos"], values, cur)
# in another base than the books' the tiles' point changes move with the rates (break-even ACoS +0.3 pp in CNY read
# −0.6 pp in USD): the Overview's note, said of break-even ACoS
base_note(values, f, "breakeven_acos", "fx_ratio_change_caption")
aside = data.ads_set_aside(f)  # one report level per account × marketplace × day: say which reports were not added
if aside["reports"]:
    levels = {"product": "ad_level_product", "campaign": "ad_level_campaign", "ad_group": "ad_level_ad_group",
              "targeting": "ad_level_targeting", "search_term": "ad_level_search_term"}  # fmt: skip
    used = " / ".join(t(levels[level]) for level in aside["used_levels"] if level in levels)
    st.caption(t("ads_set_aside", n=aside["reports"], used=used))

st.subheader(t("ads_trend"))
trend = data.trend(f, ["ad_spend", "ad_sales", "gross_sales", "acos", "tacos", "roas"], "week")
if not trend.is_empty():
    cut = trends.cut_buckets(trend, f, "week")  # a week the period cuts holds fewer days: dashed, and said so
    left, right = st.columns(2)
    with left:
        charts.show(trends.trend_lines(trend, {m: metric_name(m) for m in ("ad_spend", "ad_sales")}, "money",
                                       t("spend_and_sales"), partial=cut))  # fmt: skip
    with right:
        charts.show(trends.trend_lines(trend, {m: metric_name(m) for m in ("acos", "tacos")}, "pct", t("ratios"),
                                       partial=cut))  # fmt: skip

skus = data.ad_skus(f)
left, right = st.columns(2)
with left:
    st.subheader(t("breakeven_vs_actual"))
    if not skus.is_empty():
        above = int(skus["above_breakeven"].fill_null(False).sum())
        if above:
            st.warning(t("above_breakeven_note", n=above), icon=":material/trending_down:")
        labels = {
            "above": t("above_breakeven"),
            "below": t("below_breakeven"),
            "breakeven": metric_name("breakeven_acos"),
        }
        charts.show(charts.acos_vs_breakeven(skus.head(40), "sku", labels))
with right:
    st.subheader(t("organic_vs_ad"))
    if not trend.is_empty():
        split = organic_split(trend)
        charts.show(charts.stacked_share(split, {"organic": t("organic_sales"), "ad_sales": metric_name("ad_sales")}))

st.subheader(t("ads_by_channel"))
st.caption(t("external_ads_note"))
left, right = st.columns(2)
with left:
    channels = label_values(data.ad_channels(f, "channel"))
    table(channels, "ad_channels", "ad_channels", column_config=column_config(channels.columns, cur))
with right:
    st.caption(t("ads_by_program"))
    programs = data.ad_programs(f)
    if "gmv_max" in programs["ad_program"].to_list():
        st.caption(t("gmv_max_note"))
    programs = label_values(programs)
    table(programs, "ad_programs", "ad_programs", column_config=column_config(programs.columns, cur))

st.subheader(t("by_campaign"))
campaigns = label_values(campaigns)  # ad program and channel ids as names
table(campaigns, "ad_campaigns", "ad_campaigns", column_config=column_config(campaigns.columns, cur)
      | {"campaign": t("campaign"), "marketplace": t("marketplace")})  # fmt: skip
st.subheader(t("by_sku"))
shown = skus.sort("ad_spend", descending=True) if "ad_spend" in skus.columns else skus
table(shown, "ad_skus", "ad_skus", column_config=column_config(shown.columns, cur) | {"sku": t("sku")})
