"""Returns the period report's data-health sentences (metrics.core.report `warnings`): missing FX rates, missing
costs, unrecognised payment lines, TikTok orders with estimated or no fees, unmapped SKUs and ASINs, cost coverage."""

from __future__ import annotations

from metrics.core import query
from metrics.core.api import Filters
from warehouse.core.english import noun


def report_warnings(con, f: Filters, values: dict) -> list[str]:
    """Returns data-health sentences (English, one per problem) for f's period: missing FX rates, missing costs,
    unrecognised payment lines, TikTok orders with estimated or no fees, unmapped SKUs and ASINs, and cost coverage
    under 100 % (`values`: the period's KPIs by id, as metrics.core.api.kpis returns them)."""
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
        # the rows of marts.unmapped_skus (one per marketplace × channel × SKU), counted on money_facts: the view
        # reads money_lines, whose FX join it evaluates over every line only to drop the amounts here (8 ms at 5M)
        unmapped = cur.sql(
            "select count(*) from (select distinct marketplace, channel, sku from marts.money_facts where is_unmapped)"
        ).fetchall()[0][0]
        # money_facts: money_lines' rows without the base-currency columns (none of which is read here)
        unknown = cur.sql(
            "select count(*), string_agg(distinct coalesce(description, '?'), '; ') from marts.money_facts "
            "where txn_type = 'other' and posted_date between ? and ?",
            params=[f.start, f.end],
        ).fetchall()[0]
        asins = cur.sql("select count(distinct asin) from marts.unmapped_ad_asins").fetchall()[0][0]
        estimated = _estimated_fees(cur, f)
    for cur_, base, n, first, last in fx:
        out.append(
            f"{n} {cur_} {noun(n, 'fact', 'facts')} between {first} and {last} {noun(n, 'has', 'have')} no "
            f"{cur_}→{base} rate on {noun(n, 'its', 'their')} date and {noun(n, 'is', 'are')} left "
            f"out of base-currency totals; add the rates to the FX template."
        )
    for sku, units in costs:
        out.append(
            f"{sku}: {units} {noun(units, 'unit', 'units')} sold without a landed cost (profit overstated); add an inbound batch or SKU cost."
        )
    if unknown[0]:
        out.append(
            f"{unknown[0]} payment {noun(unknown[0], 'line', 'lines')} of an unrecognised type ({unknown[1]}) "
            f"{noun(unknown[0], 'is', 'are')} counted in other fees; check {noun(unknown[0], 'it', 'them')} in data "
            "health."
        )
    missing = [r for r in estimated if r[2] is None]
    estimated = [r for r in estimated if r[2] is not None]
    for mp, n, _ in missing:
        out.append(
            f"{mp}: {n} {noun(n, 'order carries', 'orders carry')} no platform fees because no TikTok Shop finance "
            "statement is imported; import the statements (Finance > Statements > Export) so profit includes commission and fees."
        )
    for mp, n, rate in estimated:
        out.append(
            f"{mp}: {n} {noun(n, 'order is', 'orders are')} not settled yet; {noun(n, 'its', 'their')} fees are "
            f"estimated at the settled fee rate ({rate:.1%}), not zero; import the newer finance statement for the actual fees."
        )
    if unmapped:
        out.append(
            f"{unmapped} channel {noun(unmapped, 'SKU is', 'SKUs are')} not in the SKU map; "
            f"{noun(unmapped, 'it is', 'they are')} reported under {noun(unmapped, 'its', 'their')} own SKU."
        )
    if asins:
        out.append(
            f"{asins} advertised {noun(asins, 'ASIN has', 'ASINs have')} no SKU ({noun(asins, 'its', 'their')} ad "
            f"report gives only the ASIN); {noun(asins, 'its', 'their')} spend counts without a SKU until the ASIN is in the SKU map or a business report."
        )
    cov = values.get("cost_coverage")
    if cov is not None and cov < 0.9995:  # float sums of shares land a hair under 1 when everything is costed
        out.append(f"cost coverage {cov:.1%}: profit figures cover only that share of net sales with a known cost.")
    return out


# TikTok order lines whose fees are estimated (is_estimated: a settled rate is known) or may lack fees (no rate yet)
_FEE_LINES = """from marts.money_facts where event_date between ? and ? and (?::VARCHAR is null or store = ?)
    and (is_estimated or (source = 'tiktok_orders' and txn_type = 'order' and product_sales > 0))"""


def _estimated_fees(cur, f: Filters) -> list[tuple]:
    """Returns (marketplace, orders, settled fee rate or None) of the period's TikTok orders with estimated fees (rate
    known) or none (no statement imported: rate NULL). The candidate lines are counted first (a date-range scan):
    without any, the join with marts.settled_fee_rates (a view over every statement) is not evaluated."""
    params = [f.start, f.end, f.store, f.store]
    if not cur.sql(f"select count(*) {_FEE_LINES}", params=params).fetchall()[0][0]:
        return []
    return cur.sql(
        "select marketplace, count(distinct order_id)::BIGINT, -min(r.fee_rate) "
        f"from (select marketplace, currency, order_id, is_estimated {_FEE_LINES}) as m "
        "left join marts.settled_fee_rates as r using (marketplace, currency) "
        "where m.is_estimated or r.fee_rate is null group by all order by 1",
        params=params,
    ).fetchall()
