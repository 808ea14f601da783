"""预算与目标 Budget & targets: budget vs actual per P&L line for a month (variance bars, table) and the targets."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics.accounts.budget import line_names
from metrics.core.registry import channel_name
from ui import budget, charts, data, filters
from ui import format as fmt
from ui.departments import department_name
from ui.grid import negatives_in_brackets
from ui.i18n import lang, metric_name, placeholder, t
from ui.plan_editors import Col
from ui.state import keep_choice, seed
from ui.tables import columns
from ui.widgets import header, table, value_text

# the line, then what the chart shows (the forecast variance and its verdict) on screen at 1280 px, then the month's
# figures: the forecast, the whole budget, the budget to date against the actual to date and their variance
SHOWN = ["budget_line", "channel", "department", "forecast_variance", "verdict", "forecast", "budget", "budget_to_date",
         "actual", "variance", "budget_attainment", "budget_currency"]  # fmt: skip
# the currency the budget was written in; every money column is in the view's base (a column named `currency` would
# make ui.tables.own_currency head them with the budget's symbol: ¥ over USD amounts)
SPEC = {"budget_currency": Col("预算币种", "Budget currency")}

header("page_budget")
st.caption(t("budget_intro"))
zh = lang() == "zh"
cur = filters.currency()
frame = budget.budget_vs_actual(cur)

if frame.is_empty():
    st.info(t("budget_empty"))
else:
    months = sorted({m.strftime("%Y-%m") for m in frame["month"]})
    running = frame.filter(pl.col("month_status") != "not_started")["month"]
    default = running.max().strftime("%Y-%m") if running.len() else months[0]
    keep_choice("bud_month", months)
    seed("bud_month", default)  # the latest month with data, until the seller picks another
    month = st.selectbox(t("budget_month"), months, key="bud_month", placeholder=placeholder(months))
    first = date.fromisoformat(f"{month}-01")
    rows = frame.filter(pl.col("month") == first)
    status = rows["month_status"][0]
    if status == "running":
        st.caption(t("budget_running", month=month, day=fmt.day(data.bounds().get("last"), lang())))
    elif status == "not_started":
        st.caption(t("budget_not_started", month=month))
    if (
        not budget.has_expenses()
        and rows["line"].str.starts_with("expense").any() | rows["line"].is_in(["expenses", "operating_profit"]).any()
    ):
        st.caption(t("budget_no_expenses"))
    if rows["fx_missing"].any():
        st.warning(t("budget_fx_missing", n=int(rows["fx_missing"].sum())))

    own = sorted(set(rows.filter(pl.col("currency") != cur)["currency"].drop_nulls().to_list()))
    if own:  # such lines are measured in their own currency and converted at the one budget rate
        st.caption(t("budget_own_currency", currencies=", ".join(own), base=cur))
    judged = rows.filter(pl.col("forecast_variance").is_not_null())
    # count and amount cover the same lines, the detail lines: subtotals (net / operating profit …) already hold the
    # lines above them (a budget of subtotals only is counted by its subtotals); 0.00 is "on budget", not unfavourable
    subtotals = budget.summary_subtotals(rows["line"].to_list())
    detail = judged.filter(~pl.col("line").is_in(subtotals))
    left_out = judged.height - detail.height if detail.height else 0
    counted = detail if detail.height else judged
    bad = counted.filter(pl.col("forecast_variance").round(2) < 0)
    amount = fmt.money(abs(bad["forecast_variance"].sum() or 0.0), cur, lang())
    summary = t("budget_summary", month=month, n=counted.height, bad=bad.height, amount=amount)
    st.markdown(summary + (("" if zh else " ") + t("budget_summary_subtotals", k=left_out) if left_out else ""))

    names, language = line_names(), lang()  # read here: polars may run the lambda off the page's thread (no session)
    label = pl.struct("line", "channel", "department").map_elements(
        lambda r: " · ".join(
            [
                names.get(r["line"], (r["line"], r["line"]))[0 if language == "zh" else 1],
                *[v for v in (channel_name(r["channel"], language), department_name(r["department"], language)) if v],
            ]
        ),
        return_dtype=pl.String,
    )
    if judged.height:
        bars = judged.select(label.alias("line_label"), pl.col("forecast_variance").alias("variance"))
        charts.show(charts.bars(bars, "line_label", "variance", "money", t("budget_chart"), signed=True,
                                accounting=True))  # fmt: skip
    shown = rows.with_columns(
        pl.col("line").alias("budget_line"),
        pl.col("attainment").alias("budget_attainment"),
        pl.col("currency").alias("budget_currency"),
        pl.when(pl.col("favourable").is_null()).then(None)
        .when(pl.col("forecast_variance").round(2) == 0).then(pl.lit("on_budget"))  # 0.00 is neither
        .when(pl.col("favourable")).then(pl.lit("favourable")).otherwise(pl.lit("unfavourable")).alias("verdict"),
    ).select(SHOWN)  # fmt: skip
    # a variance below zero in brackets, as the P&L writes money: (46.00), never -46.00 beside it
    table(shown, f"budget_{month}", "bud_table", column_config=negatives_in_brackets(columns(shown, cur, SPEC)))
    st.caption(t("negatives_note_tables"))

st.subheader(t("targets_title"))
scored, unknown = budget.all_targets(cur)  # money in the view's base currency
if unknown:
    st.warning(t("targets_unknown", ids=", ".join(unknown)))
if not scored:
    st.info(t("targets_empty"))
else:
    out = pl.DataFrame(
        [{
            "target_metric": metric_name(r["metric_id"]), "period": r["period"],
            "channel": r["channel"], "marketplace": r["marketplace"], "store": r["store"], "master_sku": r["master_sku"],
            "target_value": value_text(r["metric_id"], r["target"], cur),
            "current_value": value_text(r["metric_id"], r["value"], cur), "target_attainment": r["attainment"],
            "target_forecast_attainment": r["forecast_attainment"], "target_status": r["status"],
        } for r in scored],
        schema={"target_metric": pl.String, "period": pl.String, "channel": pl.String, "marketplace": pl.String,
                "store": pl.String, "master_sku": pl.String, "target_value": pl.String, "current_value": pl.String,
                "target_attainment": pl.Float64, "target_forecast_attainment": pl.Float64, "target_status": pl.String},
        orient="row",
    )  # fmt: skip
    # the file holds the target and current value as numbers (a percentage as its percent number, money to its
    # cents) with their unit beside them: one column mixes metrics of different units
    file = out.with_columns(
        target_value=pl.Series([budget.file_number(r["metric_id"], r["target"]) for r in scored], dtype=pl.Float64),
        current_value=pl.Series([budget.file_number(r["metric_id"], r["value"]) for r in scored], dtype=pl.Float64),
        unit=pl.Series([budget.file_unit(r["metric_id"], cur) for r in scored], dtype=pl.String),
    )
    table(out, "targets", "bud_targets", column_config=columns(out, cur), download=file)
