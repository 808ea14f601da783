-- grain: one order line (source, import_id, row_no; txn_type 'order'): the landed cost of its units in the base currency
-- in force (cost > 0), from its cost pieces (marts.cost_pieces: FIFO batches, then the effective-dated SKU cost)
-- at their rates (marts.fx_days); a piece with no usable rate, or no cost at all, leaves its units missing a cost
-- (marts.missing_costs), never costed at 1.0. A plain view: switching the base recomputes nothing heavy.
with lines as (
    select * from marts.order_lines
    where txn_type = 'order'
),

conventions as (
    select * from marts.conventions
),

rated as (
    select p.*, case when p.cost_currency = c.base_currency then 1.0 else fx.rate end as rate
    from marts.cost_pieces as p
    cross join conventions as c
    left join marts.fx_days as fx
        on fx.currency = p.cost_currency and fx.base_currency = c.base_currency and fx.day = p.cost_date
),

per_line as (
    select
        source, import_id, row_no,
        coalesce(sum(units) filter (where piece = 'fifo' and rate is not null), 0)::bigint as fifo_units,
        coalesce(sum(units) filter (where piece = 'fifo' and rate is null), 0)::bigint as unrated_units,
        coalesce(sum(units) filter (where piece <> 'fifo'), 0)::bigint as rest_units,
        coalesce(sum(units) filter (where piece <> 'fifo' and rate is null), 0)::bigint as rest_missing,
        sum(units * unit_purchase * rate) as purchase,
        sum(units * unit_first_mile * rate) as first_mile,
        sum(units * unit_duty * rate) as duty,
        sum(units * unit_other * rate) as other,
        string_agg(batch_id, ',' order by batch_id) as batch_ids
    from rated
    group by all
),

final as (
    select
        l.source, l.import_id, l.row_no, l.order_id, l.master_sku, l.txn_type, l.units,
        coalesce(p.fifo_units, 0) as fifo_units,
        coalesce(p.rest_missing, 0) + coalesce(p.unrated_units, 0) as missing_units,
        l.net_sales_base,
        coalesce(p.purchase, 0) as cogs_purchase,
        coalesce(p.first_mile, 0) as cogs_first_mile,
        coalesce(p.duty, 0) as cogs_duty,
        coalesce(p.other, 0) as cogs_other,
        coalesce(p.purchase, 0) + coalesce(p.first_mile, 0) + coalesce(p.duty, 0) + coalesce(p.other, 0) as cogs,
        case
            when coalesce(p.unrated_units, 0) > 0 then 'fifo_without_fx'
            when coalesce(p.rest_units, 0) = 0 then 'fifo'
            when p.rest_missing <> 0 then 'missing'
            when coalesce(p.fifo_units, 0) = 0 then 'sku_cost'
            else 'fifo+sku_cost'
        end as cost_method,
        p.batch_ids
    from lines as l
    left join per_line as p using (source, import_id, row_no)
)

select * from final
