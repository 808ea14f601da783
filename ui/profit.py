"""Profit-page helpers: the unit-economics table (losers highlighted), per-unit waterfall steps, SKU detail."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import charts, data, trends
from ui import format as fmt
from ui.format import sku_label
from ui.grid import negatives_in_brackets
from ui.i18n import both, lang, metric_name, metric_unit, placeholder, t
from ui.nav import page_path
from ui.plan_editors import Col, table_columns
from ui.state import keep_choice
from ui.tables import readable_ids
from ui.widgets import arrow, fit_height, fit_widths, kpi_grid, money_column, pct_column, table, text_px

# net profit and margin right after the pinned status and SKU (and the name): at 1440 px they were past the
# table's right edge, the one figure the page is about scrolled out of view
TABLE_COLS = ["net_profit", "net_margin", "units", "net_sales", "gross_profit", "contribution_before_ads",
              "other_income", "ad_spend", "unit_profit", "landed_cost_unit", "acos", "breakeven_acos", "refund_rate",
              "cost_coverage"]  # fmt: skip
LINEAGE_METRICS = ["net_sales", "units", "marketplace_fees", "ad_spend", "cogs"]
# per-unit waterfall: (column in sku_economics, catalog key); split cost parts are used when the frame has them
STEPS = [("u_gross_sales", "w_price"), ("u_promotions", "w_promotions"), ("u_refunds", "w_refunds"),
         ("u_marketplace_fees", "w_fees"), ("u_purchase", "w_purchase"), ("u_first_mile", "w_first_mile"),
         ("u_duty", "w_duty"), ("u_cost_other", "w_cost_other"), ("u_cogs", "w_cogs"), ("u_other_fees", "w_other_fees"),
         ("u_other_income", "w_other_income"), ("u_ad_spend", "w_ads")]  # fmt: skip
PARTS = ("u_purchase", "u_first_mile", "u_duty", "u_cost_other")
# the batches and source-files tables of the SKU detail: catalog key and kind (ui.plan_editors.Col) per column
BATCH_COLUMNS = {"batch_id": ("batch_id", "text"), "arrival_date": ("arrival_date", "date"),
                 "destination": ("destination", "text"), "batch_units": ("batch_units", "int"),
                 "currency": ("currency", "text"), "fx_rate": ("fx_rate_paid", "rate"),
                 "purchase_base": ("w_purchase", "money"), "first_mile_base": ("w_first_mile", "money"),
                 "duty_base": ("w_duty", "money"), "other_base": ("w_cost_other", "money"),
                 "unit_cost_base": ("landed_cost_unit_col", "money"), "units_in_view": ("units_in_view", "int"),
                 "units_left": ("units_left", "int")}  # fmt: skip
LINEAGE_COLUMNS = {"import_id": ("lin_import", "text"), "file_name": ("lin_file", "text"),
                   "format_id": ("lin_format", "text"), "family": ("lin_family", "text"),
                   "marketplace": ("marketplace", "text"),
                   "rows": ("lin_rows", "int"), "amount": ("lin_amount", "num"), "currency": ("currency", "text")}  # fmt: skip


def column_config(columns: list[str], currency: str) -> dict:
    """Returns the column config (registry names, money/percent formats by the registry's unit) of a SKU table."""
    from metrics.core.registry import REGISTRY

    config = {"sku": t("sku"), "name": t("name")}
    for c in columns:
        unit = metric_unit(c) if c in REGISTRY else None
        if unit == "money":
            config[c] = money_column(metric_name(c), currency)
        elif unit == "pct":
            config[c] = pct_column(metric_name(c))
        elif unit == "count":
            config[c] = st.column_config.NumberColumn(metric_name(c), format="%,d")
        elif c not in config:
            config[c] = metric_name(c)
    return config


def labelled_columns(frame: pl.DataFrame, spec: dict[str, tuple[str, str]], currency: str | None = None) -> dict:
    """Returns the column config of a detail table from (catalog key, kind) per column (ui.plan_editors.Col kinds;
    "rate" = four decimals)."""
    cols = {name: Col(*both(key), "num", digits=4) if kind == "rate" else Col(*both(key), kind)
            for name, (key, kind) in spec.items()}  # fmt: skip
    return table_columns(frame, cols, currency)


# a SKU none of whose sales converted to the base: every column from its sales is unknown (ad spend, ACoS and its
# landed cost come from their own families and stay)
NO_RATE_COLS = ("net_sales", "gross_profit", "contribution_before_ads", "other_income", "net_profit", "net_margin",
                "unit_profit", "breakeven_acos")  # fmt: skip
# a SKU with sales and no landed cost (0 % cost coverage): profit and margins leave the goods out (100 % margin,
# break-even ACoS 90 %), numbers a seller would trust: unknown instead
NO_COST_COLS = ("gross_profit", "contribution_before_ads", "net_profit", "net_margin", "unit_profit", "breakeven_acos")
# a SKU none of whose ad spend converted to the base (its sales did): its ad spend is unknown, not 0.00, and so are
# the figures after ads
NO_AD_RATE_COLS = ("ad_spend", "acos", "tacos", "net_profit", "net_margin", "unit_profit")
STATUS_KEYS = ("loss", "profitable", "status_no_rate", "status_no_cost")


def flagged(frame: pl.DataFrame, no_rate: list[str] | tuple = (), no_ad_rate: list[str] | tuple = ()) -> pl.DataFrame:
    """Returns the SKU frame with `flag` (no_rate | no_cost | no_ad_rate | None) and the columns a flag makes unknown
    set to None; `no_rate` lists the SKUs none of whose sales converted to the base (data.unconverted_skus),
    `no_ad_rate` those none of whose ad spend did (data.unrated_ad_skus: their ad spend reads "—", as sales without a
    rate do, never 0.00). A flagged SKU is no loser: its profit is not known."""
    units = pl.col("units").fill_null(0) > 0 if "units" in frame.columns else pl.lit(False)
    cover = pl.col("cost_coverage") if "cost_coverage" in frame.columns else pl.lit(None, pl.Float64)
    ads = pl.col("sku").is_in(list(no_ad_rate))
    flag = (
        pl.when(pl.col("sku").is_in(list(no_rate))).then(pl.lit("no_rate"))
        .when(units & (cover.fill_null(0) <= 0)).then(pl.lit("no_cost"))
        .when(ads).then(pl.lit("no_ad_rate"))
        .otherwise(pl.lit(None, pl.String))
    )  # fmt: skip
    out = frame.with_columns(flag.alias("flag"))

    def unknown(c: str) -> pl.Expr:  # the flags that make column c unknown (ads without a rate whatever the flag)
        flags = pl.col("flag").is_in(
            [f for f, cols in (("no_rate", NO_RATE_COLS), ("no_cost", NO_COST_COLS)) if c in cols]
        )
        return flags | ads if c in NO_AD_RATE_COLS else flags

    blanks = [pl.when(unknown(c)).then(None).otherwise(pl.col(c)).alias(c)
              for c in dict.fromkeys(NO_RATE_COLS + NO_COST_COLS + NO_AD_RATE_COLS) if c in out.columns]  # fmt: skip
    out = out.with_columns(blanks) if blanks else out
    if "is_loss" in out.columns:
        out = out.with_columns(is_loss=pl.col("is_loss").fill_null(False) & pl.col("flag").is_null())
    return out


def _status(labels: dict[str, str]) -> pl.Expr:
    """Returns each row's status label: no rate, no cost, loss or profitable."""
    return (
        pl.when(pl.col("flag").is_in(["no_rate", "no_ad_rate"])).then(pl.lit(labels["status_no_rate"]))
        .when(pl.col("flag") == "no_cost").then(pl.lit(labels["status_no_cost"]))
        .when(pl.col("is_loss")).then(pl.lit(labels["loss"])).otherwise(pl.lit(labels["profitable"]))
    )  # fmt: skip


def sku_table(frame: pl.DataFrame, currency: str, losers_only: bool, no_rate: list[str] | tuple = (),
              no_ad_rate: list[str] | tuple = ()) -> pl.DataFrame:  # fmt: skip
    """Renders the unit-economics table with money-losing SKUs in red, SKUs without a rate to the base (for their
    sales, or for their ad spend: `no_ad_rate`) or without a landed cost flagged as such (their unknown figures "—");
    returns the frame shown."""
    name_col = "name_zh" if lang() == "zh" else "name_en"
    frame = flagged(frame, no_rate, no_ad_rate)
    cols = [c for c in TABLE_COLS if c in frame.columns]
    lg = lang()  # read here: polars may run the lambda off the page's thread
    shown = frame.select(
        pl.col("sku").map_elements(lambda s: sku_label(s, lg), return_dtype=pl.String),  # "(no SKU)" in the language
        pl.col(name_col).alias("name") if name_col in frame.columns else pl.lit(None).alias("name"),
        *cols, pl.col("is_loss").fill_null(False), "flag",
    )  # fmt: skip
    if losers_only:
        shown = shown.filter(pl.col("is_loss"))
    labels = {k: t(k) for k in STATUS_KEYS}
    config = column_config(cols, currency) | {
        "is_loss": None,
        "flag": None,
        # a coloured chip per row instead of a styled (pandas Styler) table: styling every cell costs ~40 ms per rerun
        "status": st.column_config.MultiselectColumn(
            t("status"),
            options=[labels[k] for k in STATUS_KEYS],
            color=["red", "green", "gray", "orange"],
            pinned=True,
            width=max(text_px(v) + 24 for v in (t("status"), *labels.values())),  # chip: text + its margin
        ),
    }
    config = negatives_in_brackets(config)
    view = shown.select(pl.concat_list(_status(labels)).alias("status"), pl.all())
    config = fit_widths(view, config)
    st.dataframe(
        arrow(view, config),
        hide_index=True,
        placeholder="—",
        column_config=config,
        key="pf_table_df",
        height=fit_height(view),
    )
    st.caption(t("losers_note"))
    st.caption(t("negatives_note"))  # one style per kind on the page: money in brackets, percentages signed
    table_download = download_rows(shown)
    from ui.download import download_buttons

    download_buttons(table_download, "sku_profit", "pf_table", (t("download_csv"), t("download_xlsx")), config)
    return shown


def download_rows(shown: pl.DataFrame) -> pl.DataFrame:
    """Returns the SKU table as its download holds it: the on-screen status (亏损/盈利/无汇率/无成本, Loss/Profitable/
    No rate/No cost) as the first column in place of the hidden is_loss and flag columns, then the table's columns."""
    if "flag" not in shown.columns:
        shown = shown.with_columns(flag=pl.lit(None, pl.String))
    labels = _status({k: t(k) for k in STATUS_KEYS})
    return shown.select(labels.alias("status"), pl.exclude("is_loss", "flag"))


def waterfall_steps(row: dict) -> list[tuple[str, float]]:
    """Returns the (label, per-unit amount) steps of one SKU's waterfall, cost split when the parts exist."""
    split = all(row.get(k) is not None for k in PARTS)
    steps = []
    for col, key in STEPS:
        if col in PARTS and (not split or (col == "u_cost_other" and not row.get(col))):
            continue
        if col == "u_cogs" and split:
            continue
        value = row.get(col)
        if value is not None:
            steps.append((t(key), float(value)))
    return steps


def non_fifo_notes(sku_cost_units: float, missing_units: float, unrated_units: float = 0, base: str = "") -> list[str]:
    """Returns the sentences under the batches table for units no batch covered: those at the effective-dated SKU
    cost and those with no cost at all, and units whose batches have a cost but no rate to the base (the rate is
    missing, not the cost), each only when there are such units (never "0 units …")."""
    out = []
    if sku_cost_units:
        out.append(t("non_fifo_sku_cost", n=fmt.count(sku_cost_units, lang())))
    if missing_units:
        out.append(t("non_fifo_missing", n=fmt.count(missing_units, lang())))
    if unrated_units:
        out.append(t("non_fifo_no_rate", n=fmt.count(unrated_units, lang()), base=base))
    return out


def missing_cost_note(row: dict) -> None:
    """Under a SKU's waterfall: says when some or all of its units in the view have no landed cost (the cost steps
    then count 0 for them) and links to the Settings page, where landed costs and inbound batches are entered."""
    units, costed = row.get("units") or 0, row.get("costed_units") or 0
    if units <= 0 or costed >= units:
        return
    sku, missing = fmt.sku(row["sku"], lang()), units - costed
    if not costed:
        text = t("waterfall_no_cost", sku=sku)
    else:
        text = t("waterfall_part_cost", sku=sku, n=fmt.count(missing, lang()), units=fmt.count(units, lang()))
    st.warning(text, icon=":material/price_change:")
    from streamlit.errors import StreamlitPageNotFoundError

    try:
        st.page_link(page_path("page_settings"), label=t("go_settings_costs"), icon=":material/settings:")
    except StreamlitPageNotFoundError:  # the page file run on its own, outside app.py's navigation: no link
        pass


def detail(f, sku: str, currency: str, no_rate=None) -> None:
    """Renders one SKU's detail: KPIs, daily trend, marketplaces, batches consumed, and the source files. `no_rate`
    (the view's FxGaps) when none of the SKU's sales converted to the base: its sales money reads "—" and its trend is
    one sentence naming the missing rate, not 0.00 and a flat line."""
    from metrics.core.fx_gaps import SALES_MONEY
    from ui.overview import no_rate_chart

    info = data.sku_detail(f, sku)
    kpis = {k: {"value": None if no_rate and k in SALES_MONEY else v} for k, v in (info.get("kpis") or {}).items()}
    kpi_grid(["net_sales", "units", "net_profit", "net_margin", "landed_cost_unit", "acos"], kpis, currency)
    trend = info.get("trend")
    if no_rate:
        no_rate_chart(no_rate)
    elif trend is not None and not trend.is_empty():
        date_col = "period" if "period" in trend.columns else trend.columns[0]
        frame = trend.rename({date_col: "period"}) if date_col != "period" else trend
        shown = {m: metric_name(m) for m in ("net_sales", "net_profit") if m in frame.columns}
        if shown:
            charts.show(
                trends.trend_lines(frame, shown, "money", axis_title=t("axis_amount", cur=currency), accounting=True)
            )  # brackets for a loss, as the page's tables
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('by_marketplace')}**")
        by_m = info.get("by_marketplace")
        rest = info.get("non_fifo") or {}
        units = (info.get("kpis") or {}).get("units") or 0
        # every unit drew on batches without a rate to the base: their cost is unknown too, not 0.00
        unknown = set(SALES_MONEY) | ({c for c in by_m.columns if c.startswith("cogs")} if by_m is not None and units
                                      and (rest.get("unrated_units") or 0) >= units else set())  # fmt: skip
        if no_rate and by_m is not None:
            by_m = by_m.with_columns(pl.lit(None, pl.Float64).alias(c) for c in by_m.columns if c in unknown)
        if by_m is not None and not by_m.is_empty():
            table(
                by_m,
                f"{sku}_marketplaces",
                "pf_bym",
                column_config=negatives_in_brackets(column_config(by_m.columns, currency)),
            )  # as the SKU table
    with right:
        st.markdown(f"**{t('batches')}**")
        layers = info.get("cost_layers")
        if layers is not None and not layers.is_empty():
            table(
                layers, f"{sku}_batches", "pf_layers", column_config=labelled_columns(layers, BATCH_COLUMNS, currency)
            )
        notes = non_fifo_notes(rest.get("sku_cost_units") or 0, rest.get("missing_units") or 0,
                               rest.get("unrated_units") or 0, f.base_currency or currency)  # fmt: skip
        if notes:
            st.caption(" ".join(notes))
        elif layers is None or layers.is_empty():
            st.caption(t("no_batches"))
    st.markdown(f"**{t('lineage')}**")
    keep_choice("pf_lineage_metric", LINEAGE_METRICS)
    metric = st.selectbox(t("lineage_metric"), LINEAGE_METRICS, placeholder=placeholder(LINEAGE_METRICS),
                          format_func={m: metric_name(m) for m in LINEAGE_METRICS}.get, key="pf_lineage_metric")  # fmt: skip
    sources = readable_ids(data.lineage(f, sku, metric))
    table(sources, f"{sku}_{metric}_lineage", "pf_lineage", column_config=labelled_columns(sources, LINEAGE_COLUMNS))
    st.caption(t("lineage_note"))
