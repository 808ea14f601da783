"""Returns the period report of DESIGN.md's contract (KPIs, per-SKU table, per-channel KPIs, warnings) as a pydantic
model.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from pydantic import BaseModel, ConfigDict, TypeAdapter

from metrics.accounts.bridge import Bridge, profit_bridge
from metrics.accounts.cash import CashSection, cash_section
from metrics.accounts.pnl import PnlSection, format_pnl, pnl
from metrics.core import query
from metrics.core.api import Filters, kpis, sku_economics
from metrics.core.periods import period_days
from metrics.core.registry import INVENTORY_IDS, KPI_IDS, REGISTRY
from metrics.core.report_warnings import report_warnings
from metrics.core.settings import get_settings
from metrics.sales.customers import CustomersSection
from metrics.sales.customers import report_section as customers_section
from metrics.sales.logistics import LogisticsSection
from metrics.sales.logistics import report_section as logistics_section
from metrics.sales.returns import ReturnsSection
from metrics.sales.returns import report_section as returns_section

Value = float | int | None


class Period(BaseModel):
    start: date
    end: date
    days: int
    calendar: str


class SkuRow(BaseModel):
    """One master SKU: its id plus every KPI id (extra keys allowed: names, flags)."""

    model_config = ConfigDict(extra="allow")
    sku: str


class ChannelSection(BaseModel):
    """One sales channel (amazon, tiktok, shopify) in the period: its KPIs, keys = registry ids (no inventory)."""

    channel: str
    kpis: dict[str, Value]
    notes: list[str] = []  # why a KPI reads the way it does, e.g. ad spend that no console attributes sales to


class Report(BaseModel):
    """The JSON printed by `python -m metrics report`; keys of `kpis`, of each SKU row and of each channel's
    `kpis` are registry ids. `channels` lists every channel with money or ads in the period (the filter's one
    channel when it names one), largest net sales first."""

    period: Period
    base_currency: str
    calendar: str
    store: str | None = None  # the one store (seller account) reported; None = every store together
    conventions: dict[str, str | float]
    kpis: dict[str, Value]
    skus: list[SkuRow]
    warnings: list[str]
    channels: list[ChannelSection] = []
    cash: CashSection | None = None  # payouts received in the period vs net profit (metrics.accounts.cash)
    bridge: Bridge | None = None  # profit vs the previous period, step by step (metrics.accounts.bridge)
    pnl: PnlSection | None = None  # the management P&L (metrics.accounts.pnl): month columns × lines, by channel
    returns: ReturnsSection | None = None  # metrics.sales.returns: units returned / sold and the reasons
    logistics: LogisticsSection | None = None  # metrics.sales.logistics: logistics cost share of net sales
    customers: CustomersSection | None = None  # metrics.sales.customers: repeat rate, orders per customer


CHANNEL_IDS = [i for i in KPI_IDS if i not in INVENTORY_IDS]


def _channels(con, f: Filters) -> list[ChannelSection]:
    """Returns one section per channel with facts in f's period (all channels unless f names one)."""
    with query.cursor(con, f) as cur:
        names = query.channels_by_sales(cur, f)
    out = []
    for channel in names:
        g = f.model_copy(update={"channel": channel})
        values = kpis(con, g)
        out.append(ChannelSection(channel=channel, kpis={i: values[i] for i in CHANNEL_IDS}, notes=_ad_notes(con, g)))
    return out


def _ad_notes(con, f: Filters) -> list[str]:
    """Returns one sentence per ad program of f's channel whose spend in the period has no attributed ad sales
    (GMV Max, Meta, Google …): its spend counts in ACoS against the other programs' sales, so TACoS is the fair
    measure for that channel."""
    parts, params = ["day between ? and ?", "channel = ?"], [f.start, f.end, f.channel]
    for col in ("marketplace", "store"):
        if getattr(f, col, None):
            parts.append(f"{col} = ?")
            params.append(getattr(f, col))
    with query.cursor(con, f) as cur:
        rows = cur.sql(
            "select coalesce(ad_program, 'unknown'), sum(ad_spend_base), sum(coalesce(ad_sales_base, 0)), "
            f"sum(sum(ad_spend_base)) over () from marts.ad_days where {' and '.join(parts)} group by all "
            "having sum(ad_spend_base) > 0 order by 2 desc",
            params=params,
        ).fetchall()
        base = cur.sql("select base_currency from marts.conventions").fetchall()[0][0]
    return [
        f"{program}: {spend:,.2f} {base} ad spend ({spend / total:.0%} of the channel's) has no "
        "attributed ad sales in the console's report, so the channel's ACoS counts it against the other programs' "
        "sales; TACoS (ad spend / all sales) is the fair measure here."
        for program, spend, sales, total in rows
        if sales == 0 and total
    ]


SKU_IDS = [i for i in KPI_IDS if i not in ("sell_through_cn",)]
_SKU_ROWS = TypeAdapter(list[SkuRow])


def build_report(con, f: Filters) -> Report:
    """Returns the report for filter f (all marketplaces and stores unless f narrows them). Every section reads in
    one `query.session`: one snapshot of the marts, identical aggregates computed once; the heavy independent
    questions (`_ahead`: inventory and orders per SKU, the bridge's and the P&L's comparison periods, ~70 ms at 5M
    order lines) computed meanwhile on a second cursor of the same snapshot (metrics.core.prefetch)."""
    with query.session(con, f, prefetch=_ahead(f)):
        return _build(con, f)


def _ahead(f: Filters) -> list:
    """The questions of `_build` a second cursor asks meanwhile (metrics.core.prefetch), in the order `_build` asks
    them: the inventory per SKU (KPIs, SKU table), the orders per SKU (SKU table), the bridge's and the P&L's
    comparison periods. Each is the section's own code on that cursor, so its queries are the section's to the letter."""
    from metrics.accounts import bridge
    from metrics.accounts import pnl as accounts_pnl
    from metrics.planning.inventory import per_sku

    return [
        lambda cur: per_sku(cur, f),
        lambda cur: query.sums(cur, f, query.SKU_GROUP, marts=("order_lines",)),
        lambda cur: bridge.compared(cur, _bridged(f)),
        lambda cur: accounts_pnl.compared(cur, f, "channel"),
    ]


def _bridged(f: Filters) -> Filters:
    """The filter of the report's profit bridge: f, compared with the previous period when f compares with nothing."""
    return f if f.compare else f.model_copy(update={"compare": "previous"})


def _build(con, f: Filters) -> Report:
    values = kpis(con, f)
    settings = get_settings(con)
    base = (f.base_currency or settings.base_currency).upper()
    frame = sku_economics(con, f)
    # one row per SKU with the same keys whatever the frame lacks (None), validated in one call: at 2,000 SKUs the
    # row-by-row dicts and models were 0.05 s of a 0.6 s report
    cols = ["sku", "name_en", *SKU_IDS]
    frame = frame.with_columns([pl.lit(None).alias(c) for c in cols if c not in frame.columns]).select(cols)
    skus = _SKU_ROWS.validate_python(frame.to_dicts())
    return Report(
        period=Period(start=f.start, end=f.end, days=period_days(f.start, f.end), calendar=f.calendar),
        base_currency=base,
        calendar=f.calendar,
        store=f.store,
        conventions={
            "fx_rule": "rate of the fact's own date (latest on or before it); none -> left out, never 1.0",
            "restock_rate": settings.restock_rate,
            "allocation_rule": settings.allocation_rule,
        },
        kpis={i: values[i] for i in KPI_IDS},
        skus=skus,
        warnings=report_warnings(con, f, values),
        channels=_channels(con, f),
        cash=cash_section(con, f, values["net_profit"]),
        bridge=profit_bridge(con, _bridged(f)),
        pnl=pnl(con, f, by="channel"),
        returns=returns_section(con, f),
        logistics=logistics_section(con, f),
        customers=customers_section(con, f),
    )


def format_table(report: Report, lang: str = "en") -> str:
    """Returns the report as aligned text: the KPIs, one line per SKU, then one line per channel."""
    lines = [
        f"{report.period.start} .. {report.period.end} ({report.calendar} calendar), {report.base_currency}"
        + (f", store {report.store}" if report.store else ""),
        "",
    ]
    for mid, v in report.kpis.items():
        m = REGISTRY[mid]
        name = m.en if lang == "en" else m.zh
        shown = "—" if v is None else format(v, m.fmt)
        lines.append(f"  {name:<28} {shown:>16}")
    cols = ["units", "net_sales", "gross_profit", "net_profit", "net_margin", "acos", "breakeven_acos"]
    lines += ["", "  " + f"{'sku':<18}" + "".join(f"{c:>16}" for c in cols)]
    for s in report.skus:
        d = s.model_dump()
        cells = "".join(f"{'—' if d.get(c) is None else format(d[c], REGISTRY[c].fmt):>16}" for c in cols)
        lines.append(f"  {s.sku:<18}{cells}")
    heads = ["net_sales", "marketplace_fees", "other_fees", "other_income", "ad_spend", "net_profit", "net_margin"]
    if report.channels:
        lines += ["", "  " + f"{'channel':<18}" + "".join(f"{c:>18}" for c in heads)]
    for ch in report.channels:
        cells = "".join(f"{'—' if ch.kpis.get(c) is None else format(ch.kpis[c], REGISTRY[c].fmt):>18}" for c in heads)
        lines.append(f"  {ch.channel:<18}{cells}")
        lines += [f"  {'':<18}note: {n}" for n in ch.notes]
    lines += cash_bridge_lines(report)
    lines += format_pnl(report.pnl, lang)
    if report.warnings:
        lines += ["", "warnings:"] + [f"  - {w}" for w in report.warnings]
    return "\n".join(lines)


def cash_bridge_lines(report: Report) -> list[str]:
    """Returns the text lines of the cash and bridge sections (none when the report has neither)."""
    out: list[str] = []
    if report.cash:
        c = report.cash
        days = "—" if c.days_to_cash is None else f"{c.days_to_cash:,.1f}"
        out += ["", f"  cash received {c.cash_received:>16,.2f}   net profit {c.net_profit or 0:>14,.2f}   "
                    f"days to cash {days}"]  # fmt: skip
    if report.bridge:
        b = report.bridge
        out += ["", f"  {b.measure} bridge {b.compare_start}..{b.compare_end} -> {b.start}..{b.end}",
                f"    {'previous':<14}{b.previous:>16,.2f}"]  # fmt: skip
        out += [f"    {s.step:<14}{s.cents / 100:>+16,.2f}" for s in b.steps]
        out.append(f"    {'current':<14}{b.current:>16,.2f}")
    return out
