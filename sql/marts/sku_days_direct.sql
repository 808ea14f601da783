-- grain: calendar × day × store × marketplace × master SKU (NULL = no SKU): money and ads before allocating charges
with money as (
    select * from marts.money_days
),

ads as (
    select * from marts.ad_days
),

calendars as (
    select * from (values ('operational'), ('financial')) as c (calendar)
),

ad_rows as (
    select
        k.calendar, a.day, a.store, a.channel, a.marketplace, a.currency, a.master_sku,
        sum(a.ad_spend) as ad_spend,
        sum(a.ad_spend_base) as ad_spend_base,
        sum(a.ad_sales) as ad_sales,
        sum(a.ad_sales_base) as ad_sales_base
    from ads as a
    cross join calendars as k
    group by all
),

combined as (
    select * from money
    union all by name
    select * from ad_rows
),

final as (
    select
        calendar, day, store, channel, marketplace, currency, master_sku,
        sum(columns(* exclude (calendar, day, store, channel, marketplace, currency, master_sku)))
    from combined
    group by all
)

select * from final
