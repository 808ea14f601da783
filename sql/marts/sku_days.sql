-- grain: calendar × day × store × marketplace × master SKU (NULL = charges left unallocated): every money component in
-- original currency and in base currency (`_base`; NULL where no FX rate), units, landed cost parts, ads.
-- Charges without a SKU are spread over the SKUs by their share of the store's marketplace's positive net sales in
-- that month, in the base in force (rule `net_sales_share`, marts.allocation_shares); with rule `unallocated`, or in
-- a month without sales, they stay on master SKU NULL. A plain view over marts.sku_days_direct (base-free tables at
-- query-time rates): switching the base recomputes nothing heavy.
with direct as (
    select * from marts.sku_days_direct
),

conventions as (
    select * from marts.conventions
),

shares as (
    select s.calendar, s.store, s.marketplace, s.month, s.master_sku, s.share
    from marts.allocation_shares as s
    cross join conventions as c
    where s.base_currency = c.base_currency and c.allocation_rule = 'net_sales_share'
),

no_sku as (
    select * from direct
    where master_sku is null
),

spread as (
    select
        n.calendar, n.day, n.store, n.channel, n.marketplace, n.currency, s.master_sku,
        columns('^(selling_fees|fulfillment_fees|other_txn_fees|payment_fees|affiliate_fees|marketplace_fees|other_fees|other_income)(_base)?$')
            * s.share,
        columns('^(ad_spend|ad_sales)(_base)?$') * s.share
    from no_sku as n
    inner join shares as s
        on s.calendar = n.calendar and s.store is not distinct from n.store and s.marketplace = n.marketplace
        and s.month = date_trunc('month', n.day)
),

kept as (
    select n.*
    from no_sku as n
    left join (select distinct calendar, store, marketplace, month from shares) as s
        on s.calendar = n.calendar and s.store is not distinct from n.store and s.marketplace = n.marketplace
        and s.month = date_trunc('month', n.day)
    where s.month is null
),

combined as (
    select * from direct
    where master_sku is not null
    union all by name
    select
        *,
        coalesce(other_fees_base, 0) + coalesce(marketplace_fees_base, 0) + coalesce(other_income_base, 0)
        - coalesce(ad_spend_base, 0) as allocated_base
    from spread
    union all by name
    select * from kept
),

summed as (
    select
        calendar, day, store, channel, marketplace, currency, master_sku,
        sum(columns(* exclude (calendar, day, store, channel, marketplace, currency, master_sku)))
    from combined
    group by all
),

final as (
    select
        s.* replace (
            coalesce(s.units, 0)::bigint as units,
            coalesce(s.refund_units, 0)::bigint as refund_units,
            coalesce(s.missing_cost_units, 0)::bigint as missing_cost_units,
            coalesce(s.costed_units, 0)::bigint as costed_units,
            coalesce(s.money_rows, 0)::bigint as money_rows
        ),
        c.base_currency
    from summed as s
    cross join conventions as c
)

select * from final
