-- grain: one refund line (source, import_id, row_no; txn_type 'refund'): landed cost credited back (cost < 0) for the refunded
-- units that return to sellable stock (restock rate setting), at the unit cost of the original order line
with refunds as (
    select * from marts.order_lines
    where txn_type = 'refund'
),

order_costs as (
    select * from marts.order_costs
),

conventions as (
    select * from marts.conventions
),

-- the effective-dated SKU cost at the rate of the refund's event date (no rate -> no cost)
fallback as (
    select
        source, import_id, row_no, txn_type,
        unit_purchase * rate as unit_purchase,
        unit_first_mile * rate as unit_first_mile,
        unit_duty * rate as unit_duty,
        unit_other * rate as unit_other
    from (
        select k.*, case when k.cost_currency = c.base_currency then 1.0 else fx.rate end as rate
        from marts.sku_cost_lines as k
        cross join conventions as c
        left join marts.fx_days as fx
            on fx.currency = k.cost_currency and fx.base_currency = c.base_currency and fx.day = k.event_date
        where k.txn_type = 'refund'
    )
    where rate is not null
),

order_units as (
    select
        order_id,
        master_sku,
        sum(cogs_purchase) / sum(units - missing_units) as unit_purchase,
        sum(cogs_first_mile) / sum(units - missing_units) as unit_first_mile,
        sum(cogs_duty) / sum(units - missing_units) as unit_duty,
        sum(cogs_other) / sum(units - missing_units) as unit_other
    from order_costs
    where units > missing_units
    group by all
),

unit_costs as (
    select
        r.source, r.import_id, r.row_no, r.order_id, r.master_sku, r.txn_type, r.units, r.net_sales_base,
        c.restock_rate,
        coalesce(o.unit_purchase, k.unit_purchase) as unit_purchase,
        coalesce(o.unit_first_mile, k.unit_first_mile) as unit_first_mile,
        coalesce(o.unit_duty, k.unit_duty) as unit_duty,
        coalesce(o.unit_other, k.unit_other) as unit_other
    from refunds as r
    cross join conventions as c
    left join order_units as o on o.order_id = r.order_id and o.master_sku = r.master_sku
    left join fallback as k
        on k.source = r.source and k.import_id = r.import_id and k.row_no = r.row_no and k.txn_type = r.txn_type
),

final as (
    select
        source, import_id, row_no, order_id, master_sku, txn_type, units,
        0::bigint as fifo_units,
        case when restock_rate > 0 and unit_purchase is null then units else 0 end::bigint as missing_units,
        net_sales_base,
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
