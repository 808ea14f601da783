-- grain: calendar × day × store × marketplace × currency × master SKU × rate date (× cost currency × cost date for
-- kind 'order_cost'): money, ads and order landed-cost pieces in their own currencies, never in the base. Operational
-- calendar = event date, financial = posted date; `rate_date` = the date a sale converts at (its event date; an ad's
-- day), `cost_date` = the date its cost converts at (batch arrival, or the line's event date for a SKU cost).
-- marts.sku_days_direct converts these rows at query time (marts.fx_days), so switching the base recomputes nothing.
-- Scope: every row, unless `sku_day_facts_parts` (set only by the incremental refresh) lists store × marketplace ×
-- day keys (warehouse/marts/inputs.py day_part()): then the lines whose event or posting day is one of them, and those
-- ad days (a row's day is its calendar's date; ad coverage is read whole, per month). Dates are tested before keys:
-- `sku_day_facts_days` (DATE[], set with the parts: the keys' days) as a constant list, one date column per scan, so
-- zone maps skip the other days' row groups (a subquery's dates, or one test over two columns, read every row:
-- 0.11 of the 0.2 s of a day's refresh at 5M order lines).
with scope as (
    select unnest(getvariable('sku_day_facts_parts')::VARCHAR[]) as k
),

candidates as (
    -- four disjoint scans (union all: two equal lines stay two), each led by a test of one date column
    select * from marts.money_facts
    where getvariable('sku_day_facts_parts') is not null and list_contains(getvariable('sku_day_facts_days')::DATE[], posted_date)
    union all
    select * from marts.money_facts
    where getvariable('sku_day_facts_parts') is not null and list_contains(getvariable('sku_day_facts_days')::DATE[], event_date)
        and not coalesce(list_contains(getvariable('sku_day_facts_days')::DATE[], posted_date), false)
    union all
    select * from marts.money_facts
    where getvariable('sku_day_facts_parts') is not null and posted_date is null
        and not coalesce(list_contains(getvariable('sku_day_facts_days')::DATE[], event_date), false)
    union all
    select * from marts.money_facts
    where getvariable('sku_day_facts_parts') is not null and event_date is null and posted_date is not null
        and not list_contains(getvariable('sku_day_facts_days')::DATE[], posted_date)
),

lines as (
    select *, coalesce(payment_fees, 0) as payment_fees_0, coalesce(affiliate_fees, 0) as affiliate_fees_0
    from (
        select * from marts.money_facts where getvariable('sku_day_facts_parts') is null
        union all
        select * from candidates
        where concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'),
            coalesce(strftime(event_date, '%Y-%m-%d'), '~')) in (select k from scope)
        or concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'),
            coalesce(strftime(posted_date, '%Y-%m-%d'), '~')) in (select k from scope)
    )
    where txn_type <> 'transfer'
),

calendars as (
    select * from (values ('operational'), ('financial')) as c (calendar)
),

money as (
    select
        k.calendar, case when k.calendar = 'operational' then l.event_date else l.posted_date end as day,
        l.store, l.channel, l.marketplace, l.currency, l.master_sku, l.event_date as rate_date, 'money' as kind,
        sum(case when l.txn_type = 'order' then l.units else 0 end)::bigint as units,
        sum(case when l.txn_type = 'refund' then l.units else 0 end)::bigint as refund_units,
        sum(columns('^(gross_sales|promotions|refunds|net_sales|selling_fees|fulfillment_fees)$')),
        sum(columns('^(other_txn_fees|payment_fees|affiliate_fees|marketplace_fees|other_fees|other_income)$')),
        sum(payment_fees_0) as payment_fees_0,
        sum(affiliate_fees_0) as affiliate_fees_0,
        -- ad charges in payments are ad spend only where no advertising report covers the month
        sum(case when v.month is null then -l.ad_charges else 0 end) as ad_spend,
        sum(case when l.txn_type = 'order' then l.net_sales else 0 end) as net_sales_ordered,
        -- an order line without units > 0 counts as costed whole (cost coverage compares sales of order lines)
        sum(case when l.txn_type = 'order' and not coalesce(l.units > 0, false) then l.net_sales else 0 end)
            as net_sales_costed_whole,
        count(*) as money_rows,
        -- lines that count 0 (not NULL) in a base total even without a rate: covered ad charges, non-order lines
        count(*) filter (where v.month is not null) as covered_rows,
        count(*) filter (where l.txn_type <> 'order') as non_order_rows
    from lines as l
    cross join calendars as k
    left join marts.ad_coverage as v on v.store is not distinct from l.store and v.marketplace = l.marketplace
        and v.month = date_trunc('month', l.event_date)
    group by all
),

-- each piece's units carry the matching share of the line's net sales (costed when the piece has a rate)
order_costs as (
    select
        k.calendar, case when k.calendar = 'operational' then l.event_date else l.posted_date end as day,
        l.store, l.channel, l.marketplace, l.currency, l.master_sku, l.event_date as rate_date, 'order_cost' as kind,
        p.cost_currency, p.cost_date,
        sum(p.units)::bigint as cost_units,
        sum(p.units * p.unit_purchase) as cost_purchase,
        sum(p.units * p.unit_first_mile) as cost_first_mile,
        sum(p.units * p.unit_duty) as cost_duty,
        sum(p.units * p.unit_other) as cost_other,
        sum(case when l.units > 0 then l.net_sales * p.units / l.units else 0 end) as net_sales_costable
    from marts.cost_pieces as p
    inner join lines as l using (source, import_id, row_no, txn_type)
    cross join calendars as k
    group by all
),

ads as (
    select
        k.calendar, a.day, a.store, a.channel, a.marketplace, a.currency, a.master_sku, a.day as rate_date,
        'ads' as kind, sum(a.ad_spend) as ad_spend, sum(a.ad_sales) as ad_sales
    from marts.ad_facts as a
    cross join calendars as k
    where getvariable('sku_day_facts_parts') is null or ((list_contains(getvariable('sku_day_facts_days')::DATE[], a.day)
        or a.day is null)
        and concat_ws(chr(31), coalesce(a.store::VARCHAR, '~'), coalesce(a.marketplace::VARCHAR, '~'),
            coalesce(strftime(a.day, '%Y-%m-%d'), '~')) in (select k from scope))
    group by all
),

final as (
    select * from money
    union all by name
    select * from order_costs
    union all by name
    select * from ads
)

select * from final
