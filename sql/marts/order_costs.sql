-- grain: one order line (source, import_id, row_no; txn_type 'order'): the landed cost of its units in base currency (cost > 0)
-- units sold consume their master SKU's batches oldest first (interval overlap of cumulative units);
-- units beyond the batches take the effective-dated SKU cost, else they are missing (marts.missing_costs)
with lines as (
    select * from marts.order_lines
),

batches as (
    select * from marts.cost_batches
),

sold as (
    select
        source, import_id, row_no, master_sku, units,
        (sum(units) over (
            partition by master_sku order by event_date, order_id, source, import_id, row_no
            rows unbounded preceding
        ))::bigint as cum_end
    from lines
    where txn_type = 'order' and units > 0
),

batch_overlaps as (
    select
        s.source, s.import_id, s.row_no, b.batch_id, b.purchase_base, b.first_mile_base, b.duty_base, b.other_base,
        b.unit_cost_base,
        least(s.cum_end, b.cum_end) - greatest(s.cum_end - s.units, b.cum_start) as units
    from sold as s
    inner join batches as b
        on b.master_sku = s.master_sku and b.cum_start < s.cum_end and b.cum_end > s.cum_end - s.units
),

fifo as (
    select
        source, import_id, row_no,
        -- a batch with no usable FX rate gives its units no cost: they are missing, never costed at 1.0
        coalesce(sum(units) filter (where unit_cost_base is not null), 0)::bigint as fifo_units,
        coalesce(sum(units) filter (where unit_cost_base is null), 0)::bigint as unrated_units,
        sum(units * purchase_base) as purchase,
        sum(units * first_mile_base) as first_mile,
        sum(units * duty_base) as duty,
        sum(units * other_base) as other,
        string_agg(batch_id, ',' order by batch_id) as batch_ids
    from batch_overlaps
    group by all
),

fallback as (
    select * from marts.sku_cost_lines
),

orders_costed as (
    select
        l.source, l.import_id, l.row_no, l.order_id, l.master_sku, l.txn_type, l.units, l.net_sales_base,
        coalesce(f.fifo_units, 0) as fifo_units,
        coalesce(f.unrated_units, 0) as unrated_units,
        l.units - coalesce(f.fifo_units, 0) - coalesce(f.unrated_units, 0) as rest_units,
        k.unit_purchase, k.unit_first_mile, k.unit_duty, k.unit_other,
        f.purchase, f.first_mile, f.duty, f.other, f.batch_ids
    from lines as l
    left join fifo as f using (source, import_id, row_no)
    left join fallback as k using (source, import_id, row_no, txn_type)
    where l.txn_type = 'order'
),

order_parts as (
    select
        * exclude (purchase, first_mile, duty, other, unit_purchase, unit_first_mile, unit_duty, unit_other,
            unrated_units),
        case when rest_units = 0 or unit_purchase is not null then 0 else rest_units end + unrated_units
            as missing_units,
        coalesce(purchase, 0) + rest_units * coalesce(unit_purchase, 0) as cogs_purchase,
        coalesce(first_mile, 0) + rest_units * coalesce(unit_first_mile, 0) as cogs_first_mile,
        coalesce(duty, 0) + rest_units * coalesce(unit_duty, 0) as cogs_duty,
        coalesce(other, 0) + rest_units * coalesce(unit_other, 0) as cogs_other,
        case
            when unrated_units > 0 then 'fifo_without_fx'
            when rest_units = 0 then 'fifo'
            when unit_purchase is null then 'missing'
            when fifo_units = 0 then 'sku_cost'
            else 'fifo+sku_cost'
        end as cost_method
    from orders_costed
),

final as (
    select
        source, import_id, row_no, order_id, master_sku, txn_type, units, fifo_units, missing_units, net_sales_base,
        cogs_purchase, cogs_first_mile, cogs_duty, cogs_other,
        cogs_purchase + cogs_first_mile + cogs_duty + cogs_other as cogs, cost_method, batch_ids
    from order_parts
)

select * from final
