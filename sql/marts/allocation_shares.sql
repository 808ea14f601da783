-- grain: calendar × store × marketplace × month × master SKU × base currency: the SKU's share of the store's
-- marketplace's positive net sales that month, with net sales in that base (marts.sku_day_facts at the rates of
-- marts.fx_days). Kept for every base the warehouse can convert to (FX table and fact currencies; a base no rate leads
-- to has no net sales in it, so no shares): marts.sku_days picks the base in force.
-- Scope: every row, unless the session variable `allocation_shares_parts` (set only by the incremental refresh,
-- warehouse/marts/refresh.py) lists store × marketplace × month keys (warehouse/marts/inputs.py part()): then those
-- partitions' rows (a share is a SKU's part of its own partition's sales).
with scope as (
    select unnest(getvariable('allocation_shares_parts')::VARCHAR[]) as k
),

bases as (
    select base_currency from marts.fx_days
    union
    select currency from marts.sku_day_facts where currency is not null
),

-- the scope's rows: its months tested first, as the constant range of their days (`allocation_shares_months`,
-- DATE[] of the months' first days, set with the parts: zone maps skip the other months' row groups of the
-- date-ordered facts), so only those rows build the keys compared below. A range only: a list_contains on the
-- month of `day` beside it kept DuckDB 2.0 from pushing the range into the scan (4M rows read, not 12k)
facts as (
    select * from marts.sku_day_facts where getvariable('allocation_shares_parts') is null
    union all
    select * from (
        select * from marts.sku_day_facts
        where getvariable('allocation_shares_parts') is not null and (day is null
            or (day >= list_min(getvariable('allocation_shares_months')::DATE[])
                and day < list_max(getvariable('allocation_shares_months')::DATE[]) + interval 1 month))
    )
    where concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'),
        coalesce(strftime(date_trunc('month', day), '%Y-%m'), '~')) in (select k from scope)
),

sales as (
    select
        f.calendar, f.store, f.marketplace, date_trunc('month', f.day) as month, f.master_sku, b.base_currency,
        sum(f.net_sales * case when f.currency = b.base_currency then 1.0 else fx.rate end) as ns
    from facts as f
    cross join bases as b
    left join marts.fx_days as fx
        on fx.currency = f.currency and fx.base_currency = b.base_currency and fx.day = f.rate_date
    where f.kind = 'money' and f.master_sku is not null
    group by all
    having sum(f.net_sales * case when f.currency = b.base_currency then 1.0 else fx.rate end) > 0
),

final as (
    select
        *,
        ns / sum(ns) over (partition by calendar, store, marketplace, month, base_currency) as share
    from sales
)

select * from final
