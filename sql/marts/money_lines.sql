-- grain: one money event (marts.money_facts: original currency) with its amounts in the base currency in force
-- (`_base`): a plain view, so switching the base recomputes nothing heavy. Rate of the fact's own (event) date: the
-- latest rate on or before it (marts.fx_days); never 1.0 unless the currency is the base (no rate -> `_base` NULL)
with facts as (
    select * from marts.money_facts
),

conventions as (
    select * from marts.conventions
),

rated as (
    select
        m.*,
        c.base_currency,
        case when m.currency = c.base_currency then 1.0 else fx.rate end as fx_rate
    from facts as m
    cross join conventions as c
    left join marts.fx_days as fx
        on fx.currency = m.currency and fx.base_currency = c.base_currency and fx.day = m.event_date
),

final as (
    select
        *,
        gross_sales * fx_rate as gross_sales_base,
        promotions * fx_rate as promotions_base,
        refunds * fx_rate as refunds_base,
        (gross_sales + promotions + refunds) * fx_rate as net_sales_base,
        selling_fees * fx_rate as selling_fees_base,
        fulfillment_fees * fx_rate as fulfillment_fees_base,
        other_txn_fees * fx_rate as other_txn_fees_base,
        coalesce(payment_fees, 0) * fx_rate as payment_fees_base,
        coalesce(affiliate_fees, 0) * fx_rate as affiliate_fees_base,
        marketplace_fees * fx_rate as marketplace_fees_base,
        other_fees * fx_rate as other_fees_base,
        other_income * fx_rate as other_income_base,
        ad_charges * fx_rate as ad_charges_base,
        taxes * fx_rate as taxes_base,
        total * fx_rate as total_base
    from rated
)

select * from final
