-- grain: calendar × day × store × marketplace × master SKU (NULL = charges without a SKU): money, units, landed cost
-- operational calendar = event date, financial = posted date; transfers are payouts, not profit
with lines as (
    select * from marts.money_lines
    where txn_type <> 'transfer'
),

costs as (
    select * from marts.line_costs
),

coverage as (
    select * from marts.ad_coverage
),

calendars as (
    select * from (values ('operational'), ('financial')) as c (calendar)
),

joined as (
    select
        l.*,
        -- no FX rate for the sale: its cost leaves base totals with it, so profit never mixes in half a line
        case when l.fx_rate is not null then c.cogs end as cogs_base,
        case when l.fx_rate is not null then c.cogs_purchase end as cogs_purchase_base,
        case when l.fx_rate is not null then c.cogs_first_mile end as cogs_first_mile_base,
        case when l.fx_rate is not null then c.cogs_duty end as cogs_duty_base,
        case when l.fx_rate is not null then c.cogs_other end as cogs_other_base,
        coalesce(c.missing_units, 0) as missing_cost_units,
        -- cost coverage compares sales of order lines only: a refund line has no cost of its own
        case when l.txn_type <> 'order' then 0
            when l.units > 0 then l.net_sales_base * (l.units - coalesce(c.missing_units, 0)) / l.units
            else l.net_sales_base end as net_sales_costed_base,
        case when l.txn_type = 'order' then l.net_sales_base else 0 end as net_sales_ordered_base,
        v.month is not null as ads_covered
    from lines as l
    left join costs as c using (source, import_id, row_no, txn_type)
    left join coverage as v on v.store is not distinct from l.store and v.marketplace = l.marketplace
        and v.month = date_trunc('month', l.event_date)
),

dated as (
    select
        k.calendar,
        case when k.calendar = 'operational' then j.event_date else j.posted_date end as day,
        j.*
    from joined as j
    cross join calendars as k
),

final as (
    select
        calendar, day, store, channel, marketplace, currency, master_sku,
        sum(case when txn_type = 'order' then units else 0 end)::bigint as units,
        sum(case when txn_type = 'refund' then units else 0 end)::bigint as refund_units,
        sum(missing_cost_units)::bigint as missing_cost_units,
        sum(case when txn_type = 'order' then units - missing_cost_units else 0 end)::bigint as costed_units,
        sum(case when txn_type = 'order' then cogs_base end) as cogs_sold_base,
        sum(columns('^(gross_sales|promotions|refunds|net_sales|selling_fees|fulfillment_fees)(_base)?$')),
        sum(columns('^(other_txn_fees|payment_fees|affiliate_fees|marketplace_fees|other_fees|other_income)(_base)?$')),
        -- ad charges in payments are ad spend only where no advertising report covers the month
        sum(case when ads_covered then 0 else -ad_charges end) as ad_spend,
        sum(case when ads_covered then 0 else -ad_charges_base end) as ad_spend_base,
        sum(columns('^cogs.*_base$')),
        sum(net_sales_costed_base) as net_sales_costed_base,
        sum(net_sales_ordered_base) as net_sales_ordered_base,
        count(*) as money_rows
    from dated
    group by all
)

select * from final
