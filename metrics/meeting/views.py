"""Returns each department's meeting view as a JSON-ready payload, computed through `metrics.core.api` for a period.

A payload holds the figures of the meeting's period with their previous-period and same-period-last-year values,
the tables the section shows (rows as dicts), the main risk and the metric its headline speaks about. Payloads are
what `meeting_snapshot` freezes, so a view always reads the same numbers until the facilitator re-freezes.

Size: one short builder per department (sales, marketing, supply chain, finance, tech/data) over the period's shared
figures; the next seam is the supply-chain builder (stock as of the latest data day) in its own module.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.accounts.bridge import meeting_tables
from metrics.accounts.budget import meeting_rows as budget_rows
from metrics.accounts.pnl import meeting_rows
from metrics.accounts.targets import headline_targets
from metrics.core import api
from metrics.core.periods import comparison_period
from metrics.core.registry import REGISTRY
from metrics.meeting import returns as meeting_returns
from metrics.meeting.agenda import DEPARTMENT_SECTIONS

VIEW_KPIS = {
    "sales": ["net_sales", "gross_sales", "promotions", "orders", "units", "aov", "refunds", "refund_rate"],
    "marketing": ["ad_spend", "ad_sales", "acos", "tacos", "roas", "breakeven_acos"],
    "supply_chain": ["inventory_value", "inventory_turnover", "days_of_inventory", "cogs"],
    "finance": [
        "gross_sales",
        "promotions",
        "refunds",
        "net_sales",
        "marketplace_fees",
        "cogs",
        "gross_profit",
        "other_fees",
        *(["other_income"] if "other_income" in REGISTRY else []),
        "contribution_before_ads",
        "other_income",
        "ad_spend",
        "net_profit",
        "expenses",
        "operating_profit",  # the management P&L (metrics.accounts.pnl)
        "net_margin",
    ],  # fmt: skip
    "tech_data": [],
}
HEADLINE_METRIC = {"sales": "net_sales", "marketing": "ad_spend", "supply_chain": "inventory_value",
                   "finance": "net_profit"}  # fmt: skip
# money columns a presenter may hide from the room (cost and margin)
COST_COLUMNS = ("cogs", "gross_profit", "net_profit", "net_margin", "unit_profit", "landed_cost_unit",
                "marketplace_fees", "other_fees", "contribution_before_ads", "breakeven_acos", "inventory_value",
                "operating_profit", "pnl_previous", "pnl_change")  # fmt: skip
STOCKOUT_HORIZON_DAYS = 30  # the finance view weighs a stock-out risk by the net sales it costs within these days
TOP_N = 5
WATERFALL_STEPS = (("gross_sales", 1), ("promotions", 1), ("refunds", 1), ("marketplace_fees", 1), ("cogs", -1),
                   ("other_fees", 1), ("other_income", 1), ("ad_spend", -1))  # fmt: skip


def _rows(df: pl.DataFrame, columns: list[str], n: int | None = None) -> list[dict]:
    """Returns the frame's given columns (those present) as JSON-ready dicts."""
    keep = [c for c in columns if c in df.columns]
    df = df.select(keep) if keep else df
    df = df.head(n) if n else df
    return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()} for r in df.to_dicts()]


def _all_figures(con, f: api.Filters) -> tuple[dict, dict]:
    """Returns the KPI comparisons with the previous period and with the same period last year (every id)."""
    prev = api.kpi_compare(con, f.model_copy(update={"compare": "previous"}))
    yoy = api.kpi_compare(con, f.model_copy(update={"compare": "yoy"}))
    return prev, yoy


def _figures(prev: dict, yoy: dict, ids: list[str]) -> dict[str, dict]:
    """Returns {id: {"value", "previous", "yoy"}} for the ids."""
    return {
        i: {"value": prev.get(i, {}).get("value"), "previous": prev.get(i, {}).get("compare"),
            "yoy": yoy.get(i, {}).get("compare")}
        for i in ids
    }  # fmt: skip


def _by_store(con, f: api.Filters, columns: list[str]) -> list[dict]:
    """Returns one row per store (id in `store`) with the columns, when the seller runs two or more stores; else []."""
    if len(api.stores(con)) < 2:
        return []
    return _rows(api.breakdown(con, f, "store"), ["store", *columns])


def best_and_worst(skus: pl.DataFrame, n: int = TOP_N) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Returns (best, worst) SKUs, never sharing a SKU: best = the n largest net profit among SKUs that make a
    profit (net_profit >= 0; a big seller earning little is not "best"); worst = the n lowest net profit among the
    rest, the largest loss first."""
    best = skus.filter(pl.col("net_profit") >= 0).sort(["net_profit", "sku"], descending=[True, False]).head(n)
    rest = skus.filter(~pl.col("sku").is_in(best.get_column("sku").implode()))
    return best, rest.sort(["net_profit", "sku"]).head(n)


def _sales(con, f: api.Filters, skus: pl.DataFrame) -> dict:
    by_channel = api.breakdown(con, f, "channel")
    by_market = api.breakdown(con, f, "marketplace")
    yoy_f = f.model_copy(update={"compare": "yoy"}).comparison()
    market_yoy = api.breakdown(con, yoy_f, "marketplace").select(
        "marketplace", pl.col("net_sales").alias("net_sales_yoy")
    )
    by_market = by_market.join(market_yoy, on="marketplace", how="left")
    skus = skus.filter(pl.col("sku") != "(unallocated)")
    skus_ly = api.sku_economics(con, yoy_f).filter(pl.col("net_sales") > 0).get_column("sku").to_list()
    # a "new product" sold nothing in the same period last year; its share shows how much growth is launches
    new = skus.filter(~pl.col("sku").is_in(skus_ly))
    total = skus.get_column("net_sales").sum() if skus.height else 0
    new_share = (new.get_column("net_sales").sum() / total) if total else None
    best, worst = best_and_worst(skus)
    losers = skus.filter(pl.col("net_profit") < 0).sort("net_profit")
    risk = None
    if losers.height:
        r = losers.row(0, named=True)
        risk = {"kind": "loss_sku", "sku": r["sku"], "net_profit": r["net_profit"]}
    cols = ["sku", "net_sales", "units", "net_profit", "refund_rate"]
    return {
        "tables": {
            "by_channel": _rows(by_channel, ["channel", "net_sales", "orders", "aov"]),
            "by_marketplace": _rows(by_market, ["marketplace", "net_sales", "net_sales_yoy", "orders", "aov"]),
            "by_store": _by_store(con, f, ["net_sales", "orders", "aov", "units"]),
            "best_skus": _rows(best, cols),
            "worst_skus": _rows(worst, cols),
            "new_products": _rows(new.sort("net_sales", descending=True), cols, TOP_N),
        },
        "extra": {"new_product_share": new_share},
        "risk": risk,
    }


def _marketing(con, f: api.Filters) -> dict:
    campaigns = api.ad_campaigns(con, f)
    skus = api.ad_skus(con, f)
    channels = api.ad_channels(con, f, "channel")
    risk = None
    if skus.height and "above_breakeven" in skus.columns:
        above = skus.filter(pl.col("above_breakeven")).sort("ad_spend", descending=True)
        if above.height:
            r = above.row(0, named=True)
            risk = {
                "kind": "above_breakeven",
                "name": r["sku"],
                "acos": r["acos"],
                "breakeven_acos": r["breakeven_acos"],
            }
    return {
        "tables": {
            "ad_channels": _rows(
                channels,
                ["channel", "ad_spend", "ad_sales", "acos", "tacos", "roas", "breakeven_acos", "above_breakeven"],
            ),  # fmt: skip
            "campaigns": _rows(campaigns, ["marketplace", "campaign", "ad_spend", "ad_sales", "acos", "roas"], 10),
            "skus": _rows(skus, ["sku", "ad_spend", "ad_sales", "acos", "breakeven_acos", "tacos", "above_breakeven"]),
        },
        "risk": risk,
    }


def _supply_chain(con, f: api.Filters, as_of: date, skus: pl.DataFrame) -> dict:
    """Stock tables and the main supply risk as of `as_of` (the latest stock day, not the period end: a meeting
    acts on today's stock): the stock-out risks (`metrics.planning.stockout.with_stockout_risk`: out of stock, or
    days of cover < lead time + safety days — the Inventory page's list), the first of them (earliest stock-out date;
    ties: the better-selling SKU, net sales of the period) the main risk, all locations together. Stock and stock-out dates are
    `api.inventory_status(con, as_of, …)` — the very rows and dates the Inventory page shows for that day
    (`metrics.planning.stockout`); a SKU with stock elsewhere, or without demand, is no risk. The risk holds the
    stock-out `date` (ISO) besides `days` from `as_of` + 1, and every supply risk the `stock` day it reads (ISO): a
    past period's headline names it (metrics.meeting.headlines.risk_text)."""
    stock = api.inventory_status(con, as_of, f)
    risk, soon, aged = None, [], []
    # the stock day the rows read (the latest on or before `as_of`): what a risk is projected from
    read = (stock["stock_day"].max() if "stock_day" in stock.columns else None) or as_of
    if stock.height:
        sales = (
            skus.select("sku", "net_sales")
            if "net_sales" in skus.columns
            else pl.DataFrame(schema={"sku": pl.String, "net_sales": pl.Float64})
        )
        soon_df = (
            stock.group_by("sku")
            .agg(
                pl.col("available").sum(),
                *([pl.col("on_order").sum()] if "on_order" in stock.columns else []),  # by destination: the SKU's sum
                pl.col("daily_units", "out_of_stock", "out_since", "stockout_date", "days_of_cover").first(),
                pl.col("lead_time_days", "stockout_risk").first(),
            )  # fmt: skip
            .filter(pl.col("stockout_risk").fill_null(False))
            .join(sales, on="sku", how="left")
            .sort(["stockout_date", "net_sales", "sku"], descending=[False, True, False], nulls_last=True)
        )
        on_order = ["on_order"] if "on_order" in stock.columns else []  # open purchase batches (Inventory's column)
        soon = _rows(soon_df, ["sku", "available", *on_order, "stockout_date", "days_of_cover", "lead_time_days",
                               "net_sales"])  # fmt: skip
        if soon_df.height:
            r = soon_df.row(0, named=True)
            if r["out_of_stock"]:
                since = r["out_since"] or r["stockout_date"]  # the stock-out date is out_since, or today if unknown
                risk = {"kind": "out_of_stock", "sku": r["sku"], "since": since.isoformat(), "stock": read.isoformat()}
            else:
                risk = {"kind": "stockout", "sku": r["sku"], "days": int(r["days_of_cover"] or 0),
                        "date": r["stockout_date"].isoformat(), "stock": read.isoformat()}  # fmt: skip
            # net sales lost in the horizon at the period's pace: what the finance view weighs the risk by
            days_out = STOCKOUT_HORIZON_DAYS - min(int(r["days_of_cover"] or 0), STOCKOUT_HORIZON_DAYS)
            risk["sales_at_risk"] = (r["net_sales"] or 0.0) / ((f.end - f.start).days + 1) * days_out
        if "aged_181_plus" in stock.columns:
            aged_df = stock.filter(pl.col("aged_181_plus") > 0).sort("aged_181_plus", descending=True)
            aged = _rows(aged_df, ["sku", "location", "aged_181_plus", "inventory_value"], TOP_N)
            if risk is None and aged:
                risk = {"kind": "aged_stock", "sku": aged[0]["sku"], "units": int(aged[0]["aged_181_plus"]),
                        "stock": read.isoformat()}  # fmt: skip
    cols = ["sku", "location", "available", "inbound", *(["on_order"] if "on_order" in stock.columns else []),
            "stockout_date", "inventory_value"]  # fmt: skip
    # most urgent first (earliest stock-out date), so a long table's first rows are the ones the room must see
    by_urgency = stock.sort(["stockout_date", "sku", "location"], nulls_last=True) if stock.height else stock
    tables = {"stock": _rows(by_urgency, cols), "stockout_risks": soon, "aged_stock": aged}
    # the stock day the period's own figures read (inventory value, turnover: the last one on or before its end); a
    # past period's is older than `as_of`, and the meeting says which figure reads which stock (pages.meeting_parts)
    period_stock = api.stock_days(con, f.end).get("view")
    return {"tables": tables, "risk": risk, "stock_as_of": as_of.isoformat(),
            "period_stock": period_stock.isoformat() if period_stock else None}  # fmt: skip


def _finance(skus: pl.DataFrame, figures: dict, supply_risk: dict | None, by_store: list[dict] | None = None) -> dict:
    # every line signed by what it does to profit: income > 0, costs < 0 (COGS and ad spend are stored as positive
    # costs, fees and refunds already as negative amounts), so the lines add up to net profit
    waterfall = [
        {"step": s, "amount": None if figures[s]["value"] is None else sign * figures[s]["value"]}
        for s, sign in WATERFALL_STEPS
        if s in figures
    ]
    waterfall.append({"step": "net_profit", "amount": figures["net_profit"]["value"]})
    losers = skus.filter(pl.col("net_profit") < 0).sort("net_profit")
    # the larger money threat to profit: the worst SKU's loss, or the net sales a stock-out costs within
    # STOCKOUT_HORIZON_DAYS at the period's pace (a cheap accessory running out does not outrank a big loss)
    risk = None
    if losers.height:
        r = losers.row(0, named=True)
        risk = {"kind": "loss_sku", "sku": r["sku"], "net_profit": r["net_profit"]}
    stock_risk = supply_risk if supply_risk and supply_risk["kind"] in ("stockout", "out_of_stock") else None
    if stock_risk and (risk is None or stock_risk.get("sales_at_risk", 0.0) > -risk["net_profit"]):
        risk = stock_risk
    return {"tables": {"waterfall": waterfall, "loss_skus": _rows(losers, ["sku", "net_sales", "net_profit"], TOP_N),
                       "by_store": by_store or []},
            "risk": risk}  # fmt: skip


def _tech_data(con, cost_coverage: float | None) -> dict:
    health = api.data_health(con)
    tables = {name: _rows(df, df.columns, 20) for name, df in health.items()}
    risk = None
    if tables.get("missing_fx"):
        risk = {"kind": "missing_fx", "currency": tables["missing_fx"][0].get("currency")}
    elif tables.get("missing_costs"):
        uncovered = None if cost_coverage is None else max(1.0 - cost_coverage, 0.0)
        risk = {"kind": "missing_cost", "skus": len(health["missing_costs"]), "uncovered_share": uncovered}
    return {"tables": tables, "extra": {"cost_coverage": cost_coverage}, "risk": risk}


def build_views(con, start: date, end: date, base_currency: str | None = None) -> dict[str, dict]:
    """Returns {section key: payload} for every department section of a meeting over [start, end]; a payload's
    `compared` holds the [start, end] (ISO) its `previous` and `yoy` figures read."""
    f = api.Filters(start=start, end=end, base_currency=base_currency)
    bounds = api.data_bounds(con)
    last = bounds.get("last")
    data_through = min(last, end) if last else None
    base = base_currency or _base_currency(con)
    # the period's figures read the days with data, as the Management P&L reads a part month: its expenses are the
    # day share of the month's (marts.expense_days), so November to the 20th holds 20/30 of a monthly rent, and the
    # previous period is the equally long one before (metrics.core.periods) -- 20 days against 20 days, never
    # against a whole month. The meeting's period (payload "period") stays the month; the budget reads its months.
    if data_through is not None and start <= data_through < end:
        f = f.model_copy(update={"end": data_through})
    # each query below runs once and serves every view that needs it (the marts are the slow part)
    prev, yoy = _all_figures(con, f)
    skus = api.sku_economics(con, f)
    # stock and stock-out dates as of the latest data day, as the Inventory page shows them by default (a stock-out
    # date counted from the period end may already be past on the meeting day)
    supply = _supply_chain(con, f, last or end, skus)
    goals = headline_targets(con, start, end)  # the targets sheet, for headlines without a bound key result
    out: dict[str, dict] = {}
    for key in DEPARTMENT_SECTIONS:
        figures = _figures(prev, yoy, VIEW_KPIS[key])
        if key == "sales":
            body = _sales(con, f, skus)
        elif key == "marketing":
            body = _marketing(con, f)
        elif key == "supply_chain":
            body = supply
        elif key == "finance":
            finance_cols = [
                "net_sales",
                "gross_profit",
                "contribution_before_ads",
                "ad_spend",
                "net_profit",
                "net_margin",
            ]
            body = _finance(skus, figures, supply["risk"], _by_store(con, f, finance_cols))
            body["tables"] |= meeting_tables(con, f)  # profit bridge and cash (metrics.accounts.bridge)
            body["tables"]["pnl"] = meeting_rows(con, f)  # the P&L summary (metrics.accounts.pnl)
            body["tables"]["budget_variance"] = budget_rows(con, start, end, base_currency)
        else:
            body = _tech_data(con, prev.get("cost_coverage", {}).get("value"))
        body = meeting_returns.merge(body, meeting_returns.part(con, f, key))  # return reasons, logistics share
        out[key] = {
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "data_through": data_through.isoformat() if data_through else None,
            "compared": {k: [d.isoformat() for d in comparison_period(f.start, f.end, k)] for k in ("previous", "yoy")},
            "currency": base,
            "headline_metric": HEADLINE_METRIC.get(key),
            "targets": goals,
            "figures": figures,
            **body,
        }
    return out


def _base_currency(con) -> str:
    from metrics.core.settings import get_settings

    return get_settings(con).base_currency
