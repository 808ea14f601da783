-- grain: one refund line (source, import_id, row_no; txn_type 'refund') × base currency: the landed cost credited back
-- (cost < 0) for the refunded units that return to stock (restock rate setting), at the unit cost of the original
-- order's lines, else at the effective-dated SKU cost of the refund's date. A unit cost is a ratio of costs to costed
-- units, and which units have a rate depends on the base, so these few rows are kept for every base the warehouse
-- can convert to (FX table, fact and cost currencies) plus '' for any other base (no rate at all).
-- Scope: every refund, unless the session variable `refund_cost_orders` (set only by the incremental refresh,
-- warehouse/marts/refresh.py) lists order ids: then those orders' refunds (a row reads its own order only), and
-- `refund_cost_posted_from` / `refund_cost_event_from` (when set: the earliest posting / event date of any line of those
-- orders, warehouse/marts/order_days.py) bound the scans of money_facts, cost_pieces and sku_cost_lines, stored in
-- date order.
with refunds as materialized (
    select
        source, import_id, row_no, txn_type, order_id, master_sku, units, store, channel, marketplace, currency,
        event_date, posted_date
    from marts.money_facts
    where txn_type = 'refund' and order_id is not null and (getvariable('refund_cost_orders') is null
        or order_id in (select unnest(getvariable('refund_cost_orders')::VARCHAR[])))
        and (getvariable('refund_cost_posted_from') is null
            or posted_date >= getvariable('refund_cost_posted_from')::DATE)
),

conventions as (
    select * from marts.conventions
),

bases as (
    select base_currency from marts.fx_days
    union
    select currency from marts.money_facts where currency is not null
    union
    select cost_currency from marts.cost_pieces where cost_currency is not null
    union
    select cost_currency from marts.sku_cost_lines where cost_currency is not null
    union
    select ''
),

-- the cost pieces of the refunded orders' lines, taken before they meet the bases (materialized: otherwise the plan
-- converts every piece to every base first, 25M rows at 5M order lines for a day's few hundred refunds)
refund_pieces as materialized (
    select p.*
    from marts.cost_pieces as p
    semi join refunds as r on r.order_id = p.order_id and r.master_sku = p.master_sku
    where getvariable('refund_cost_event_from') is null or p.line_date >= getvariable('refund_cost_event_from')::DATE
),

-- those pieces at each base's rates (as marts.order_costs)
rated as (
    select b.base_currency, p.*, case when p.cost_currency = b.base_currency then 1.0 else fx.rate end as rate
    from refund_pieces as p
    cross join bases as b
    left join marts.fx_days as fx
        on fx.currency = p.cost_currency and fx.base_currency = b.base_currency and fx.day = p.cost_date
),

order_lines as (
    select
        base_currency, source, import_id, row_no, order_id, master_sku, max(line_units) as units,
        coalesce(sum(units) filter (where rate is null), 0) as missing_units,
        coalesce(sum(units * unit_purchase * rate), 0) as cogs_purchase,
        coalesce(sum(units * unit_first_mile * rate), 0) as cogs_first_mile,
        coalesce(sum(units * unit_duty * rate), 0) as cogs_duty,
        coalesce(sum(units * unit_other * rate), 0) as cogs_other
    from rated
    group by all
),

order_units as (
    select
        base_currency, order_id, master_sku,
        sum(cogs_purchase) / sum(units - missing_units) as unit_purchase,
        sum(cogs_first_mile) / sum(units - missing_units) as unit_first_mile,
        sum(cogs_duty) / sum(units - missing_units) as unit_duty,
        sum(cogs_other) / sum(units - missing_units) as unit_other
    from order_lines
    where units > missing_units
    group by all
),

-- the refund lines' effective-dated SKU costs, taken before they meet the bases (as refund_pieces)
refund_lines as materialized (
    select k.*
    from marts.sku_cost_lines as k
    semi join refunds as r using (source, import_id, row_no, txn_type)
    where getvariable('refund_cost_event_from') is null or k.event_date is null
        or k.event_date >= getvariable('refund_cost_event_from')::DATE
),

-- the effective-dated SKU cost at the rate of the refund's event date (no rate -> no cost)
fallback as (
    select
        base_currency, source, import_id, row_no,
        unit_purchase * rate as unit_purchase, unit_first_mile * rate as unit_first_mile,
        unit_duty * rate as unit_duty, unit_other * rate as unit_other
    from (
        select b.base_currency, k.*, case when k.cost_currency = b.base_currency then 1.0 else fx.rate end as rate
        from refund_lines as k
        cross join bases as b
        left join marts.fx_days as fx
            on fx.currency = k.cost_currency and fx.base_currency = b.base_currency and fx.day = k.event_date
    )
    where rate is not null
),

unit_costs as (
    select
        b.base_currency, r.*, c.restock_rate,
        -- the refund's own amounts have a rate to this base (else its cost leaves base totals with it)
        r.currency = b.base_currency or sf.rate is not null as sale_rated,
        coalesce(o.unit_purchase, k.unit_purchase) as unit_purchase,
        coalesce(o.unit_first_mile, k.unit_first_mile) as unit_first_mile,
        coalesce(o.unit_duty, k.unit_duty) as unit_duty,
        coalesce(o.unit_other, k.unit_other) as unit_other
    from refunds as r
    cross join bases as b
    cross join conventions as c
    left join order_units as o
        on o.base_currency = b.base_currency and o.order_id = r.order_id and o.master_sku = r.master_sku
    left join marts.fx_days as sf
        on sf.currency = r.currency and sf.base_currency = b.base_currency and sf.day = r.event_date
    left join fallback as k on k.base_currency = b.base_currency and k.source = r.source
        and k.import_id = r.import_id and k.row_no = r.row_no
),

final as (
    select
        base_currency, source, import_id, row_no, order_id, master_sku, txn_type, units, store, channel, marketplace,
        currency, event_date, posted_date, coalesce(sale_rated, false) as sale_rated,
        0::bigint as fifo_units,
        case when restock_rate > 0 and unit_purchase is null then units else 0 end::bigint as missing_units,
        -units * restock_rate * coalesce(unit_purchase, 0) as cogs_purchase,
        -units * restock_rate * coalesce(unit_first_mile, 0) as cogs_first_mile,
        -units * restock_rate * coalesce(unit_duty, 0) as cogs_duty,
        -units * restock_rate * coalesce(unit_other, 0) as cogs_other,
        -units * restock_rate * coalesce(unit_purchase + unit_first_mile + unit_duty + unit_other, 0) as cogs,
        case when restock_rate = 0 then 'not_restocked' when unit_purchase is null then 'missing' else 'restocked' end
            as cost_method,
        null::varchar as batch_ids
    from unit_costs
)

select * from final
