"""Returns data-health tables (coverage, missing costs, missing FX, unmapped SKUs), payouts and metric lineage."""

from __future__ import annotations

import re

import polars as pl

from metrics.core import query
from metrics.core.registry import REGISTRY

# fact family -> the date column that places its rows in a month
FAMILY_DATES = {
    "money": "posted_date",
    "orders": "purchase_date",
    "ads": "coalesce(ad_date, period_start)",
    "traffic": "period_start",
    "inventory_snapshots": "snapshot_date",
    "inventory_movements": "movement_date",
    "storage_fees": "month",
    "fee_estimates": "snapshot_date",
    "returns": "return_date",
}


def coverage_frame(cur) -> pl.DataFrame:
    """Returns rows per fact family × marketplace × month, with the sources (formats) that supplied them."""
    parts = [
        f"select '{fam}' as family, marketplace, date_trunc('month', {col})::date as month, source from staging.{fam}"
        for fam, col in FAMILY_DATES.items()
    ]
    sql = (
        "select family, coalesce(marketplace, '') as marketplace, month, count(*)::BIGINT as rows, "
        "string_agg(distinct source, ', ' order by source) as sources from ("
        + " union all ".join(parts)
        + ") where month is not null group by all order by family, marketplace, month"
    )
    return cur.sql(sql).pl()


def health_tables(con) -> dict[str, pl.DataFrame]:
    """Returns {"coverage", "missing_costs", "missing_fx", "unmapped_skus", "unknown_charges", "unmapped_ad_asins",
    "channel_notes"} (see api.data_health).

    channel_notes: kind (estimated_fees | fees_missing | refund_order_date | no_sku | unknown_type), marketplace, currency, item, lines, amount (in
    `currency`), first_day, last_day — TikTok Shop / Shopify money to look at (marts.channel_notes)."""
    with query.cursor(con) as cur:
        return {
            "coverage": coverage_frame(cur),
            "missing_costs": cur.sql(
                "select master_sku, count(*)::BIGINT as lines, sum(missing_units)::BIGINT as units, "
                "sum(net_sales_base) as net_sales_base, min(event_date) as first_day, max(event_date) as last_day "
                "from marts.missing_costs group by all order by net_sales_base desc nulls last"
            ).pl(),
            "missing_fx": cur.sql("select * from marts.fx_warnings order by month, currency").pl(),
            "unmapped_skus": cur.sql("select * from marts.unmapped_skus order by units desc").pl(),
            # money lines of a type no rule recognises: counted in other fees, listed here so none is silently folded
            "unknown_charges": cur.sql(
                "select source, marketplace, currency, coalesce(description, '') as description, "
                "count(*)::BIGINT as lines, sum(total - taxes) as amount, min(posted_date) as first_day, "
                "max(posted_date) as last_day from marts.money_lines where txn_type = 'other' "
                "group by all order by abs(sum(total - taxes)) desc"
            ).pl(),
            "unmapped_ad_asins": cur.sql("select * from marts.unmapped_ad_asins order by amount desc").pl(),
            "channel_notes": cur.sql("select * from marts.channel_notes").pl(),
        }


def estimated_fee_orders(con, f) -> pl.DataFrame:
    """Returns per marketplace × currency the TikTok Shop orders in f's period (event date; channel, marketplace and
    store filters, and the SKU filter on the line's master SKU, mapped as marts.money_facts maps it) that no finance
    statement covers yet, so their fees are estimated at the settled rate: lines (distinct orders), amount
    (estimated fees, original currency, ≤ 0), first_day, last_day, fee_rate (≤ 0). Source: marts.channel_money
    (is_estimated) and marts.settled_fee_rates; the period's share of marts.channel_notes' estimated_fees."""
    cond, params = "m.is_estimated and m.event_date between ? and ?", [f.start, f.end]
    for col in ("channel", "marketplace", "store"):
        if getattr(f, col, None):
            cond += f" and m.{col} = ?"
            params.append(getattr(f, col))
    # a SKU filter counts the SKU's unsettled orders, not the company's (the Overview's banner under a SKU view)
    master = ("coalesce((select any_value(e.master_sku) from marts.sku_lookup as e where e.channel_sku = m.sku "
              "and e.marketplace_key = m.marketplace), (select any_value(w.master_sku) from marts.sku_lookup as w "
              "where w.channel_sku = m.sku and w.marketplace_key = '*'), m.sku)")  # fmt: skip
    if getattr(f, "sku_search", None):
        cond += f" and {master} ilike ?"
        params.append(f"%{f.sku_search.strip()}%")
    if getattr(f, "sku", None):
        cond += f" and {master} = ?"
        params.append(f.sku)
    with query.cursor(con, f) as cur:
        return cur.sql(
            "select m.marketplace, m.currency, count(distinct m.order_id)::BIGINT as lines, "
            "sum(m.selling_fees + m.fulfillment_fees + m.other_txn_fees + m.payment_fees + m.affiliate_fees) as amount, "
            "min(m.event_date) as first_day, max(m.event_date) as last_day, any_value(r.fee_rate) as fee_rate "
            "from marts.channel_money as m left join marts.settled_fee_rates as r using (marketplace, currency) "
            f"where {cond} group by all order by marketplace, currency",
            params=params,
        ).pl()


def view_health(con, f) -> dict[str, pl.DataFrame]:
    """Returns the health tables the Overview's alerts list under a view, within f's period (by its calendar's
    date), channel, marketplace, store and SKU search (the company's, every period, are `health_tables`'):

    missing_costs: per master SKU the order and refund lines with units that have no landed cost: master_sku,
    lines, units (missing), net_sales_base, first_day, last_day; largest net sales first.
    unmapped_skus: per marketplace × channel SKU absent from the SKU map, its lines in view: marketplace, channel,
    sku, rows, units, net_sales_base; most units first."""
    day = "posted_date" if getattr(f, "calendar", "operational") == "financial" else "event_date"
    cond, params = query.slice_where(f, day, "m")
    with query.cursor(con, f) as cur:
        costs = cur.sql(
            "select m.master_sku, count(*)::BIGINT as lines, sum(m.missing_units)::BIGINT as units, "
            f"sum(m.net_sales_base) as net_sales_base, min(m.{day}) as first_day, max(m.{day}) as last_day "
            "from (select c.*, l.store from marts.missing_costs as c inner join marts.order_lines as l "
            "using (source, import_id, row_no, txn_type)) as m "
            f"where {cond} group by all order by net_sales_base desc nulls last, master_sku",
            params=params,
        ).pl()
        unmapped = cur.sql(  # as marts.unmapped_skus, on the view's lines
            "select m.marketplace, m.channel, m.sku, count(*)::BIGINT as rows, sum(m.units)::BIGINT as units, "
            f"sum(m.net_sales_base) as net_sales_base from marts.money_lines as m where m.is_unmapped and {cond} "
            "group by all order by units desc nulls last, sku",
            params=params,
        ).pl()
    return {"missing_costs": costs, "unmapped_skus": unmapped}


def payouts_frame(con, f) -> pl.DataFrame:
    """Returns the payout bridge of every settlement whose last posting falls in f's period (marketplace filter)."""
    cond, params = "last_posted between ? and ?", [f.start, f.end]
    if f.marketplace:
        cond += " and marketplace = ?"
        params.append(f.marketplace)
    if getattr(f, "store", None):
        cond += " and store = ?"
        params.append(f.store)
    with query.cursor(con, f) as cur:
        return cur.sql(f"select * from marts.payouts where {cond} order by last_posted", params=params).pl()


def _column(metric_id: str) -> str | None:
    """Returns the money_lines column a `sql` metric sums (e.g. gross_sales_base), None for other metrics."""
    m = REGISTRY[metric_id]
    found = re.search(r"sum\((\w+)\)", m.sql or "")
    return found.group(1) if found else None


def _money_amount(metric_id: str, have: set[str]) -> str:
    """Returns the SQL for a metric's amount per import on marts.money_lines (base currency): the column its `sql`
    sums, its own `<id>_base` column, or the signed sum of its terms' columns; NULL when the lines don't hold it
    (e.g. COGS, which comes from the batches)."""
    m = REGISTRY[metric_id]
    if metric_id in ("units", "refund_units"):  # units sit on both order and refund lines
        return f"sum(m.units) filter (where m.txn_type = '{'order' if metric_id == 'units' else 'refund'}')"
    for col in (_column(metric_id), f"{metric_id}_base"):
        if col and col in have:
            return f"sum(m.{col})"
    if m.terms:
        cols = [(_column(t) or f"{t}_base", sign) for t, sign in m.terms]
        if all(c in have for c, _ in cols):
            return " + ".join(f"{sign} * coalesce(sum(m.{c}), 0)" for c, sign in cols)
    return "NULL::DOUBLE"


# advertising rows in view; Amazon rows only of the report level marts.ad_days keeps for their marketplace × program × first day
# (product level for a SKU, as ad_days maps them); amount = spend in the report's own currency
LINEAGE_ADS = """
select a.import_id, a.marketplace, count(*)::BIGINT as rows, coalesce(sum(a.spend), 0) as amount,
    min(a.currency) as currency
from staging.ads as a
left join marts.sku_lookup as e on e.channel_sku = a.sku and e.marketplace_key = a.marketplace
left join marts.sku_lookup as w on w.channel_sku = a.sku and w.marketplace_key = '*'
where coalesce(a.ad_date, a.period_start) between ? and ?
    and (a.channel <> 'amazon' or exists (
        select 1 from marts.ad_days as k
        where k.marketplace = a.marketplace and k.ad_program is not distinct from a.ad_program
            and k.source_level = a.level and k.day = coalesce(a.ad_date, a.period_start)))
    and (?::VARCHAR is null or a.marketplace = ?) and (?::VARCHAR is null or a.channel = ?)
    and (?::VARCHAR is null or coalesce(e.master_sku, w.master_sku) = ?) and (?::VARCHAR is null or a.store = ?)
group by all
"""

# one row per import × marketplace × currency; {amount} is in {currency} (the line's own currency when the metric
# has own-currency columns, else the base currency); COGS comes from marts.line_costs (base currency)
LINEAGE_MONEY = """
select m.import_id, m.marketplace, count(*)::BIGINT as rows, coalesce({amount}, 0) as amount, {currency} as currency
from marts.money_lines as m {join}
where {cond}
group by all
"""


def _own_currency(amount: str, have: set[str]) -> str | None:
    """Returns `amount` with every `m.<x>_base` column replaced by its own-currency `m.<x>`, None when one of
    them has no own-currency column."""
    cols = re.findall(r"m\.(\w+)_base\b", amount)
    if not cols or any(c not in have for c in cols):
        return None
    return re.sub(r"m\.(\w+)_base\b", r"m.\1", amount)


def lineage_frame(con, f, sku: str | None, metric_id: str) -> pl.DataFrame:
    """Returns one row per source file × marketplace behind a metric for f (and one master SKU): import_id,
    file_name, format_id, family, marketplace, rows, amount and its currency. Payment and advertising rows carry
    the amount in the lines' own currency (COGS in the base currency, units with no currency; 0 when the file's
    lines in view hold none of it); cost tables (batches, landed costs, FX rates) list rows only (no marketplace,
    no amount)."""
    m = REGISTRY[metric_id]
    g = f.model_copy(update={"sku": sku}) if sku else f
    date_col = "event_date" if g.calendar == "operational" else "posted_date"
    parts: list[pl.DataFrame] = []
    with query.cursor(con, g) as cur:
        if "money" in m.sources:
            cond, params = query.where(g, "order_lines", "m")
            cond = cond.replace("m.event_date", f"m.{date_col}").replace("m.posted_date", f"m.{date_col}")
            have = {r[0] for r in cur.sql("describe marts.money_lines").fetchall()}
            amount, currency, join = _money_amount(metric_id, have), "m.base_currency", ""
            if metric_id == "cogs":  # the FIFO cost of each order/refund line (base currency)
                # as marts.money_days counts it: one cost per (source, import, row, txn type), only for lines
                # with an FX rate (a sale left out of base totals takes its cost with it)
                amount = "sum(case when m.fx_rate is not null then c.cogs end)"
                join = "left join marts.line_costs as c using (source, import_id, row_no, txn_type)"
            elif metric_id in ("units", "refund_units"):
                currency = "NULL::VARCHAR"  # a count, no currency
            elif own := _own_currency(amount, have):
                amount, currency = own, "m.currency"
            sql = LINEAGE_MONEY.format(amount=amount, currency=currency, join=join, cond=cond)
            parts.append(cur.sql(sql, params=params).pl().with_columns(family=pl.lit("money")))
        if "ads" in m.sources:
            frame = cur.sql(LINEAGE_ADS, params=[g.start, g.end, g.marketplace, g.marketplace, g.channel, g.channel,
                                                 g.sku, g.sku, g.store, g.store]).pl()  # fmt: skip
            parts.append(frame.with_columns(family=pl.lit("ads")))
        for fam in ("inbound_batches", "landed_costs", "fx_rates"):
            if fam in m.sources:
                # a SKU's detail lists only the cost rows of that master SKU (FX rates serve every SKU)
                by_sku = " where master_sku = ?" if sku and fam != "fx_rates" else ""
                frame = cur.sql(
                    f"select import_id, NULL::VARCHAR as marketplace, count(*)::BIGINT as rows, NULL::DOUBLE as amount, "
                    f"NULL::VARCHAR as currency from staging.{fam}{by_sku} group by all",
                    params=[sku] if by_sku else None,
                ).pl()
                parts.append(frame.with_columns(family=pl.lit(fam)))
        imports = cur.sql("select import_id, file_name, format_id, imported_at from meta.imports").pl()
    if not parts:
        return pl.DataFrame(
            schema={
                "import_id": pl.Int64,
                "file_name": pl.String,
                "format_id": pl.String,
                "family": pl.String,
                "marketplace": pl.String,
                "rows": pl.Int64,
                "amount": pl.Float64,
                "currency": pl.String,
            }  # fmt: skip
        )
    casts = {"import_id": pl.Int64, "marketplace": pl.String, "rows": pl.Int64, "amount": pl.Float64,
             "currency": pl.String}  # fmt: skip
    frame = pl.concat([p.cast(casts) for p in parts])
    frame = frame.join(imports, on="import_id", how="left")
    cols = ["import_id", "file_name", "format_id", "family", "marketplace", "rows", "amount", "currency"]
    return frame.select(cols).sort("import_id", "marketplace", nulls_last=True)
