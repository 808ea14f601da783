-- grain: one row per store × marketplace × ad program × campaign × master SKU (NULL = spend without a SKU) × day
-- (marts.ad_facts, original currency) with spend and ad sales in the base currency in force (`_base`; NULL where no
-- FX rate): a plain view at the rate of the day (marts.fx_days), so switching the base recomputes nothing heavy
with facts as (
    select * from marts.ad_facts
),

conventions as (
    select * from marts.conventions
),

final as (
    select
        a.*,
        c.base_currency,
        case when a.currency = c.base_currency then 1.0 else fx.rate end as fx_rate,
        a.ad_spend * case when a.currency = c.base_currency then 1.0 else fx.rate end as ad_spend_base,
        a.ad_sales * case when a.currency = c.base_currency then 1.0 else fx.rate end as ad_sales_base
    from facts as a
    cross join conventions as c
    left join marts.fx_days as fx on fx.currency = a.currency and fx.base_currency = c.base_currency and fx.day = a.day
)

select * from final
