-- grain: calendar × day × store × marketplace × master SKU (NULL = no SKU): money, ads and landed cost in the base
-- currency in force before allocating charges: marts.sku_day_facts (original currencies) at the rates of
-- marts.fx_days, plus refund costs (marts.refund_cost_facts). A plain view: switching the base recomputes nothing heavy.
-- A sale without an FX rate leaves base totals with its cost (profit never mixes in half a line); a cost piece
-- without a rate leaves its units missing a cost.
with facts as (
    select * from marts.sku_day_facts
),

conventions as (
    select * from marts.conventions
),

calendars as (
    select * from (values ('operational'), ('financial')) as c (calendar)
),

rated as (
    select
        f.*,
        case when f.currency = c.base_currency then 1.0 else s.rate end as fx_rate,
        case when f.cost_currency = c.base_currency then 1.0 else k.rate end as cost_rate
    from facts as f
    cross join conventions as c
    left join marts.fx_days as s on s.currency = f.currency and s.base_currency = c.base_currency and s.day = f.rate_date
    left join marts.fx_days as k
        on k.currency = f.cost_currency and k.base_currency = c.base_currency and k.day = f.cost_date
),

converted as (
    select
        calendar, day, store, channel, marketplace, currency, master_sku, units, refund_units,
        case when kind = 'order_cost' and cost_rate is null then cost_units end as missing_cost_units,
        case when kind = 'money' then units when kind = 'order_cost' and cost_rate is null then -cost_units end
            as costed_units,
        gross_sales, promotions, refunds, net_sales, selling_fees, fulfillment_fees, other_txn_fees, payment_fees,
        affiliate_fees, marketplace_fees, other_fees, other_income, ad_spend, ad_sales,
        gross_sales * fx_rate as gross_sales_base,
        promotions * fx_rate as promotions_base,
        refunds * fx_rate as refunds_base,
        net_sales * fx_rate as net_sales_base,
        selling_fees * fx_rate as selling_fees_base,
        fulfillment_fees * fx_rate as fulfillment_fees_base,
        other_txn_fees * fx_rate as other_txn_fees_base,
        marketplace_fees * fx_rate as marketplace_fees_base,
        other_fees * fx_rate as other_fees_base,
        other_income * fx_rate as other_income_base,
        coalesce(ad_spend * fx_rate, case when covered_rows > 0 then 0 end) as ad_spend_base,
        ad_sales * fx_rate as ad_sales_base,
        payment_fees_0 * fx_rate as payment_fees_base,
        affiliate_fees_0 * fx_rate as affiliate_fees_base,
        coalesce(net_sales_ordered * fx_rate, case when non_order_rows > 0 then 0 end) as net_sales_ordered_base,
        coalesce(
            (coalesce(net_sales_costed_whole, 0) + case when cost_rate is not null then coalesce(net_sales_costable, 0)
                else 0 end) * fx_rate,
            case when non_order_rows > 0 then 0 end
        ) as net_sales_costed_base,
        -- a piece without a rate costs 0 and counts missing; a sale without a rate takes its cost out of base totals
        case when kind = 'order_cost' and fx_rate is not null then coalesce(cost_purchase * cost_rate, 0) end
            as cogs_purchase_base,
        case when kind = 'order_cost' and fx_rate is not null then coalesce(cost_first_mile * cost_rate, 0) end
            as cogs_first_mile_base,
        case when kind = 'order_cost' and fx_rate is not null then coalesce(cost_duty * cost_rate, 0) end
            as cogs_duty_base,
        case when kind = 'order_cost' and fx_rate is not null then coalesce(cost_other * cost_rate, 0) end
            as cogs_other_base,
        kind = 'order_cost' as is_sold,
        money_rows
    from rated
),

-- refunds credit back the cost of the units that return to stock, in the base in force ('' = a base no rate leads to)
refund_costs as (
    select
        k.calendar, case when k.calendar = 'operational' then r.event_date else r.posted_date end as day,
        r.store, r.channel, r.marketplace, r.currency, r.master_sku,
        r.missing_units as missing_cost_units,
        false as is_sold,
        case when r.sale_rated then r.cogs_purchase end as cogs_purchase_base,
        case when r.sale_rated then r.cogs_first_mile end as cogs_first_mile_base,
        case when r.sale_rated then r.cogs_duty end as cogs_duty_base,
        case when r.sale_rated then r.cogs_other end as cogs_other_base
    from marts.refund_cost_facts as r
    cross join conventions as c
    cross join calendars as k
    where r.base_currency = case
        when exists (select 1 from marts.refund_cost_facts as x where x.base_currency = c.base_currency)
            then c.base_currency
        else ''
    end
),

combined as (
    select
        *,
        coalesce(cogs_purchase_base, 0) + coalesce(cogs_first_mile_base, 0) + coalesce(cogs_duty_base, 0)
        + coalesce(cogs_other_base, 0) as cogs_parts
    from (select * from converted union all by name select * from refund_costs)
),

final as (
    select
        calendar, day, store, channel, marketplace, currency, master_sku,
        sum(units)::bigint as units,
        sum(refund_units)::bigint as refund_units,
        coalesce(sum(missing_cost_units), 0)::bigint as missing_cost_units,
        sum(costed_units)::bigint as costed_units,
        sum(cogs_parts) filter (where cogs_purchase_base is not null and is_sold) as cogs_sold_base,
        sum(columns('^(gross_sales|promotions|refunds|net_sales|selling_fees|fulfillment_fees)(_base)?$')),
        sum(columns('^(other_txn_fees|payment_fees|affiliate_fees|marketplace_fees|other_fees|other_income)(_base)?$')),
        sum(ad_spend) as ad_spend,
        sum(ad_spend_base) as ad_spend_base,
        sum(cogs_parts) filter (where cogs_purchase_base is not null) as cogs_base,
        sum(columns('^cogs_(purchase|first_mile|duty|other)_base$')),
        sum(net_sales_costed_base) as net_sales_costed_base,
        sum(net_sales_ordered_base) as net_sales_ordered_base,
        sum(money_rows)::bigint as money_rows,
        sum(ad_sales) as ad_sales,
        sum(ad_sales_base) as ad_sales_base
    from combined
    group by all
)

select * from final
