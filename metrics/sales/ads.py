"""Returns advertising performance per campaign and per advertised SKU, with break-even ACoS beside ACoS."""

from __future__ import annotations

import polars as pl

from metrics.core import query
from metrics.core.derive import derive
from metrics.core.kpi import grouped

CAMPAIGN_SQL = """
select marketplace, ad_program, campaign, master_sku, max(attribution_days) as attribution_days,
    sum(impressions) as impressions, sum(clicks) as clicks, sum(ad_orders) as ad_orders,
    sum(ad_spend_base) as ad_spend, sum(ad_sales_base) as ad_sales
from marts.ad_days
where {cond}
group by all
"""


def _ad_cond(f) -> tuple[str, list]:
    return query.slice_where(f)  # period, channel, marketplace, store, SKU search and SKU on marts.ad_days


def _div(a, b):
    return None if a is None or not b else a / b


def campaign_frame(con, f) -> pl.DataFrame:
    """Returns one row per marketplace × ad program (sp/sb/sd, …) × campaign with the attribution window of its ad
    sales (days), spend, sales, ACoS, ROAS, CTR, CPC, CVR and the break-even ACoS of the SKUs it advertises (their
    contribution before ads / gross sales), sorted by spend."""
    cond, params = _ad_cond(f)
    with query.cursor(con, f) as cur:
        rows = cur.sql(CAMPAIGN_SQL.format(cond=cond), params=params).pl()
    skus = {r["key"]: r for r in grouped(con, f, "master_sku", ["gross_sales", "contribution_before_ads"])}
    out = []
    for (mp, program, campaign), part in rows.group_by(["marketplace", "ad_program", "campaign"], maintain_order=True):
        t = {c: part[c].sum() for c in ("impressions", "clicks", "ad_orders", "ad_spend", "ad_sales")}
        ks = [skus[s] for s in part["master_sku"].drop_nulls().unique().to_list() if s in skus]
        gross = sum(k["gross_sales"] or 0 for k in ks)
        cba = sum(k["contribution_before_ads"] or 0 for k in ks)
        d = derive({"ad_spend": t["ad_spend"], "ad_sales": t["ad_sales"]})
        be = _div(cba, gross) if ks else None
        out.append({
            "marketplace": mp, "ad_program": program, "campaign": campaign,
            "attribution_days": part["attribution_days"].max(), **t, "acos": d["acos"], "roas": d["roas"],
            "ctr": _div(t["clicks"], t["impressions"]), "cpc": _div(t["ad_spend"], t["clicks"]),
            "cvr": _div(t["ad_orders"], t["clicks"]), "breakeven_acos": be,
            "above_breakeven": None if be is None or d["acos"] is None else d["acos"] > be,
        })  # fmt: skip
    schema = {"marketplace": pl.String, "ad_program": pl.String, "campaign": pl.String,
              "attribution_days": pl.Int64, "impressions": pl.Float64, "clicks": pl.Float64,
              "ad_orders": pl.Float64, "ad_spend": pl.Float64, "ad_sales": pl.Float64, "acos": pl.Float64,
              "roas": pl.Float64, "ctr": pl.Float64, "cpc": pl.Float64, "cvr": pl.Float64,
              "breakeven_acos": pl.Float64, "above_breakeven": pl.Boolean}  # fmt: skip
    frame = pl.DataFrame(out, schema=schema, orient="row") if out else pl.DataFrame(schema=schema)
    return frame.sort("ad_spend", descending=True, nulls_last=True)


def sku_ads_frame(con, f) -> pl.DataFrame:
    """Returns one row per master SKU with ad spend: spend, sales, ACoS, ROAS, TACoS, gross sales, break-even ACoS
    and `above_breakeven` (ACoS > break-even ACoS), sorted by spend."""
    ids = ["ad_spend", "ad_sales", "acos", "roas", "tacos", "gross_sales", "contribution_before_ads", "breakeven_acos",
           "net_profit"]  # fmt: skip
    rows = [r for r in grouped(con, f, "master_sku", ids) if r["key"] is not None and (r["ad_spend"] or 0) > 0]
    data = [
        {"sku": r["key"], **{i: r[i] for i in ids},
         "above_breakeven": None if r["acos"] is None or r["breakeven_acos"] is None
         else r["acos"] > r["breakeven_acos"]}
        for r in rows
    ]  # fmt: skip
    schema = {"sku": pl.String, **{i: pl.Float64 for i in ids}, "above_breakeven": pl.Boolean}
    frame = pl.DataFrame(data, schema=schema, orient="row") if data else pl.DataFrame(schema=schema)
    return frame.sort("ad_spend", descending=True)


# the columns ads can be broken down by; the stores' `store` column joins this tuple when it lands on the marts
AD_GROUPS = ("channel", "marketplace")
CHANNEL_IDS = ["ad_spend", "ad_sales", "gross_sales", "acos", "tacos", "roas", "breakeven_acos"]


def channel_ads_frame(con, f, by: str = "channel") -> pl.DataFrame:
    """Returns one row per channel (or marketplace: `by`) with ad spend, from the registry definitions:
    ad_spend, ad_sales, gross_sales (base currency), acos, tacos, roas, breakeven_acos (fractions) and
    `above_breakeven`; sorted by spend. Spend of every console (Amazon, TikTok Ads, GMV Max, Meta, Google) counts
    where the campaign map or its default puts it. Raises ValueError for another `by`."""
    if by not in AD_GROUPS:
        raise ValueError(f"by must be one of {', '.join(AD_GROUPS)}")
    data = [
        {by: r["key"], **{i: r[i] for i in CHANNEL_IDS},
         "above_breakeven": None if r["acos"] is None or r["breakeven_acos"] is None
         else r["acos"] > r["breakeven_acos"]}
        for r in grouped(con, f, by, CHANNEL_IDS)
        if (r["ad_spend"] or 0) > 0
    ]  # fmt: skip
    schema = {by: pl.String, **{i: pl.Float64 for i in CHANNEL_IDS}, "above_breakeven": pl.Boolean}
    frame = pl.DataFrame(data, schema=schema, orient="row") if data else pl.DataFrame(schema=schema)
    return frame.sort("ad_spend", descending=True)


PROGRAM_SQL = """
select channel, coalesce(ad_program, channel) as ad_program,
    sum(ad_spend_base) as ad_spend,
    -- GMV Max reports revenue that includes organic orders: no attributed sales, so no ACoS or ROAS
    sum(ad_sales_base) filter (where coalesce(ad_program, '') <> 'gmv_max') as ad_sales,
    sum(ad_spend_base) filter (where master_sku is null) as unallocated_spend,
    min(attribution_days) as attribution_min, max(attribution_days) as attribution_max
from marts.ad_days
where {cond}
group by all
having sum(ad_spend_base) > 0
"""


def program_frame(con, f) -> pl.DataFrame:
    """Returns one row per channel × ad program (sp/sb/sd, tiktok_ads, gmv_max, meta, google; the channel when the
    report names none): ad_spend, ad_sales (base currency; NULL for GMV Max), acos, roas, unallocated_spend (spend
    left without a SKU) and the attribution window in days (`attribution`, e.g. "7" or "1–7"; NULL unknown)."""
    cond, params = _ad_cond(f)
    with query.cursor(con, f) as cur:
        rows = cur.sql(PROGRAM_SQL.format(cond=cond), params=params).pl()
    out = []
    for r in rows.iter_rows(named=True):
        d = derive({"ad_spend": r["ad_spend"], "ad_sales": r["ad_sales"]})
        lo, hi = r["attribution_min"], r["attribution_max"]
        window = None if lo is None else str(lo) if lo == hi else f"{lo}–{hi}"
        out.append({"channel": r["channel"], "ad_program": r["ad_program"], "ad_spend": r["ad_spend"],
                    "ad_sales": r["ad_sales"], "acos": d["acos"], "roas": d["roas"],
                    "unallocated_spend": r["unallocated_spend"] or 0.0, "attribution": window})  # fmt: skip
    schema = {"channel": pl.String, "ad_program": pl.String, "ad_spend": pl.Float64, "ad_sales": pl.Float64,
              "acos": pl.Float64, "roas": pl.Float64, "unallocated_spend": pl.Float64, "attribution": pl.String}  # fmt: skip
    frame = pl.DataFrame(out, schema=schema, orient="row") if out else pl.DataFrame(schema=schema)
    return frame.sort("ad_spend", descending=True)


def missing_fx(con, f) -> pl.DataFrame:
    """Returns one row per currency of f's ad facts (period, channel, marketplace, store, SKU search) that have no
    rate to the base currency on their day, so every base-currency ad figure leaves them out (never converts at
    1.0): `currency`, `base_currency`, `rows` (ad rows: campaign × day …), `days` (distinct days), `spend` (in
    `currency`), `first_day`, `last_day`.
    Empty when every ad fact has its rate. Source: marts.ad_days rows with fx_rate NULL."""
    cond, params = _ad_cond(f)
    sql = f"""
        select currency, getvariable('base_currency') as base_currency, count(*)::BIGINT as rows,
            count(distinct day)::BIGINT as days, coalesce(sum(ad_spend), 0)::DOUBLE as spend,
            min(day) as first_day, max(day) as last_day
        from marts.ad_days where {cond} and fx_rate is null and currency is not null
        group by currency order by currency"""
    with query.cursor(con, f) as cur:
        return cur.sql(sql, params=params).pl()


# Amazon ad report rows per store × marketplace × program × day (summary periods spread over their days, as
# marts.ad_facts does), against the report level marts.ad_days kept for that day: a row of another level is set aside
SET_ASIDE_SQL = """
with reports as (
    select
        import_id, store, marketplace, 'amazon' as channel, coalesce(ad_program, '') as program_key, level,
        coalesce(ad_date, period_start) + unnest(range(0, case when ad_date is not null then 1
            else date_diff('day', period_start, period_end) + 1 end))::int as day
    from staging.ads
    where channel = 'amazon' and level is not null and coalesce(ad_date, period_start) <= ?
        and coalesce(ad_date, period_end, period_start) >= ?
),

used as (
    select distinct store, marketplace, coalesce(ad_program, '') as program_key, day, source_level
    from marts.ad_days
    where channel = 'amazon'
),

aside as (
    select r.*, u.source_level as used_level
    from reports as r
    inner join used as u
        on
            u.store is not distinct from r.store and u.marketplace is not distinct from r.marketplace
            and u.program_key = r.program_key and u.day = r.day and u.source_level <> r.level
)

select count(distinct import_id)::BIGINT as reports, count(distinct (store, marketplace, program_key, day))::BIGINT
    as days, coalesce(list_sort(list(distinct used_level)), []) as used_levels
from aside
where {cond}
"""


def set_aside_reports(con, f) -> dict:
    """Returns how many imported Amazon ad reports have days in f's view (period, channel, marketplace, store) that
    another report level of the same store × marketplace × program × day already counts, so their spend is left out
    (one level per day, marts.ad_facts, never counted twice): `reports` (imports), `days` (store × marketplace ×
    program × day set aside) and `used_levels` (the levels counted instead, e.g. ["product"])."""
    g = f.model_copy(update={"sku_search": None, "sku": None})  # the reports themselves, not an SKU's share of them
    cond, params = query.slice_where(g)
    with query.cursor(con, f) as cur:
        row = cur.sql(SET_ASIDE_SQL.format(cond=cond), params=[f.end, f.start, *params]).fetchall()[0]
    return {"reports": int(row[0] or 0), "days": int(row[1] or 0), "used_levels": list(row[2] or [])}
