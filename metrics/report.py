"""Returns the period report of DESIGN.md's contract (KPIs, per-SKU table, warnings) as a pydantic model."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from metrics import query
from metrics.api import Filters, kpis, sku_economics
from metrics.periods import period_days
from metrics.registry import KPI_IDS, REGISTRY
from metrics.settings import get_settings

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


class Report(BaseModel):
    """The JSON printed by `python -m metrics report`; keys of `kpis` and of each SKU row are registry ids."""

    period: Period
    base_currency: str
    calendar: str
    conventions: dict[str, str | float]
    kpis: dict[str, Value]
    skus: list[SkuRow]
    warnings: list[str]


SKU_IDS = [i for i in KPI_IDS if i not in ("sell_through_cn",)]


def _warnings(con, f: Filters, values: dict) -> list[str]:
    """Returns data-health sentences for the period: missing FX rates, missing costs, unmapped SKUs."""
    out: list[str] = []
    with query.cursor(con, f) as cur:
        fx = cur.sql(
            "select currency, base_currency, sum(rows)::BIGINT, min(first_day), max(last_day) from marts.fx_warnings "
            "where last_day >= ? and first_day <= ? group by all order by 1",
            params=[f.start, f.end],
        ).fetchall()
        costs = cur.sql(
            "select master_sku, sum(missing_units)::BIGINT from marts.missing_costs "
            "where event_date between ? and ? group by all order by 1",
            params=[f.start, f.end],
        ).fetchall()
        unmapped = cur.sql("select count(*) from marts.unmapped_skus").fetchall()[0][0]
        # TikTok orders with estimated fees (rate known) or with none (no statement imported: rate NULL)
        estimated = cur.sql(
            "select marketplace, count(distinct order_id)::BIGINT, -min(r.fee_rate) from marts.money_lines as m "
            "left join marts.settled_fee_rates as r using (marketplace, currency) "
            "where (m.is_estimated or (m.source = 'tiktok_orders' and m.txn_type = 'order' and r.fee_rate is null "
            "and m.product_sales > 0)) and m.event_date between ? and ? group by all order by 1",
            params=[f.start, f.end],
        ).fetchall()
    for cur_, base, n, first, last in fx:
        out.append(
            f"{n} {cur_} facts between {first} and {last} have no {cur_}→{base} rate on their date and are left "
            f"out of base-currency totals; add the rates to the FX template."
        )
    for sku, units in costs:
        out.append(
            f"{sku}: {units} units sold without a landed cost (profit overstated); add an inbound batch or SKU cost."
        )
    missing = [r for r in estimated if r[2] is None]
    estimated = [r for r in estimated if r[2] is not None]
    for mp, n, _ in missing:
        out.append(
            f"{mp}: {n} orders carry no platform fees because no TikTok Shop finance statement is imported; "
            "import the statements (Finance > Statements > Export) so profit includes commission and fees."
        )
    for mp, n, rate in estimated:
        out.append(
            f"{mp}: {n} orders are not settled yet; their fees are estimated at the settled fee rate ({rate:.1%}), "
            "not zero; import the newer finance statement for the actual fees."
        )
    if unmapped:
        out.append(f"{unmapped} channel SKUs are not in the SKU map; they are reported under their own SKU.")
    cov = values.get("cost_coverage")
    if cov is not None and cov < 0.9995:  # float sums of shares land a hair under 1 when everything is costed
        out.append(f"cost coverage {cov:.1%}: profit figures cover only that share of net sales with a known cost.")
    return out


def build_report(con, f: Filters) -> Report:
    """Returns the report for filter f (all marketplaces unless f narrows them)."""
    values = kpis(con, f)
    settings = get_settings(con)
    base = (f.base_currency or settings.base_currency).upper()
    frame = sku_economics(con, f)
    skus = []
    for row in frame.iter_rows(named=True):
        skus.append(SkuRow(sku=row["sku"], name_en=row.get("name_en"), **{i: row.get(i) for i in SKU_IDS}))
    return Report(
        period=Period(start=f.start, end=f.end, days=period_days(f.start, f.end), calendar=f.calendar),
        base_currency=base,
        calendar=f.calendar,
        conventions={
            "fx_rule": "rate of the fact's own date (latest on or before it); none -> left out, never 1.0",
            "restock_rate": settings.restock_rate,
            "allocation_rule": settings.allocation_rule,
        },
        kpis={i: values[i] for i in KPI_IDS},
        skus=skus,
        warnings=_warnings(con, f, values),
    )


def format_table(report: Report, lang: str = "en") -> str:
    """Returns the report as aligned text: the KPIs, then one line per SKU with the headline figures."""
    lines = [
        f"{report.period.start} .. {report.period.end} ({report.calendar} calendar), {report.base_currency}",
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
    if report.warnings:
        lines += ["", "warnings:"] + [f"  - {w}" for w in report.warnings]
    return "\n".join(lines)
