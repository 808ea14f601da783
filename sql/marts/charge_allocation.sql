-- grain: calendar × day × store × marketplace × master SKU: charges without a SKU spread over the SKUs by their share
-- of the store's marketplace's positive net sales in that month (rule `net_sales_share`); with rule `unallocated`, or in a
-- month without sales, they stay on master SKU NULL
with direct as (
    select * from marts.sku_days_direct
),

conventions as (
    select * from marts.conventions
),

no_sku as (
    select * from direct
    where master_sku is null
),

sku_months as (
    select calendar, store, marketplace, date_trunc('month', day) as month, master_sku, sum(net_sales_base) as ns
    from direct
    where master_sku is not null
    group by all
    having sum(net_sales_base) > 0
),

shares as (
    select
        s.calendar, s.store, s.marketplace, s.month, s.master_sku,
        s.ns / sum(s.ns) over (partition by s.calendar, s.store, s.marketplace, s.month) as share
    from sku_months as s
    cross join conventions as c
    where c.allocation_rule = 'net_sales_share'
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

final as (
    select *, true as is_allocated from spread
    union all by name
    select *, false as is_allocated from kept
)

select * from final
