-- grain: one piece of an order line's landed cost (source, import_id, row_no; txn_type 'order'): the units it took
-- from one inbound batch (piece 'fifo', FIFO: units sold consume their master SKU's batches oldest first, interval
-- overlap of cumulative units), or the units beyond the batches at the effective-dated SKU cost ('sku_cost'), or
-- without any cost ('none'). Unit cost parts in `cost_currency` (a batch's anchor currency times its rate paid), to
-- convert at `cost_date` (the batch's arrival, the line's event date for a SKU cost). Base-free: marts.order_costs
-- and marts.sku_day_facts' readers apply the rates of the base in force. `line_date` = the line's event date.
-- Scope: every line, unless the session variable `cost_pieces_from` (set only by the incremental refresh,
-- warehouse/marts/refresh.py) lists {master_sku, from_date}: then only those SKUs' lines dated from_date on (NULL:
-- all their lines; undated lines sort last, so always), the running sum starting after the units of the SKU's earlier
-- lines. Earlier lines' pieces depend on earlier lines only, so this is the same FIFO, resumed.
with scope as (
    select unnest(getvariable('cost_pieces_from')::STRUCT(master_sku VARCHAR, from_date DATE)[], recursive := true),
        true as in_scope
),

-- the scope's earliest from date, folded to a constant at bind time so the scan skips older row groups (NULL
-- from_date: a whole SKU, no bound)
lines as (
    select l.source, l.import_id, l.row_no, l.txn_type, l.order_id, l.master_sku, l.units, l.event_date
    from marts.money_facts as l
    left join scope as s on s.master_sku is not distinct from l.master_sku
    where l.txn_type = 'order' and l.order_id is not null
        and (getvariable('cost_pieces_from') is null or l.event_date is null or l.event_date >= coalesce(
            case when list_bool_or(list_transform(getvariable('cost_pieces_from'), lambda x: x.from_date is null))
                then date '0001-01-01' end,
            list_min(list_transform(getvariable('cost_pieces_from'), lambda x: x.from_date)), date '0001-01-01'))
        and (getvariable('cost_pieces_from') is null
            or (s.in_scope and (s.from_date is null or l.event_date is null or l.event_date >= s.from_date)))
),

-- units sold by a scoped SKU before its from date (none in a whole-history build)
earlier as (
    select s.master_sku, sum(l.units)::bigint as units
    from scope as s
    inner join marts.money_facts as l on l.master_sku is not distinct from s.master_sku and l.event_date < s.from_date
    where l.txn_type = 'order' and l.order_id is not null and l.units > 0
    group by all
),

batches as (
    select * from marts.batch_queue
),

sold as (
    select
        l.source, l.import_id, l.row_no, l.order_id, l.master_sku, l.units, l.units as line_units, l.event_date,
        (coalesce(e.units, 0) + sum(l.units) over (
            partition by l.master_sku order by l.event_date nulls last, l.order_id, l.source, l.import_id, l.row_no
            rows unbounded preceding
        ))::bigint as cum_end
    from lines as l
    left join earlier as e on e.master_sku is not distinct from l.master_sku
    where l.units > 0
),

fifo as (
    select
        s.source, s.import_id, s.row_no, 'order' as txn_type, s.order_id, s.master_sku, s.line_units, s.event_date
        as line_date, 'fifo' as piece,
        b.batch_id,
        least(s.cum_end, b.cum_end) - greatest(s.cum_end - s.units, b.cum_start) as units,
        b.anchor_currency as cost_currency, b.arrival_date as cost_date,
        b.unit_purchase * b.anchor_factor as unit_purchase,
        b.unit_first_mile * b.anchor_factor as unit_first_mile,
        b.unit_duty * b.anchor_factor as unit_duty,
        b.unit_other * b.anchor_factor as unit_other
    from sold as s
    inner join batches as b
        on b.master_sku = s.master_sku and b.cum_start < s.cum_end and b.cum_end > s.cum_end - s.units
),

taken as (
    select source, import_id, row_no, sum(units) as units
    from fifo
    group by all
),

rest as (
    select
        l.source, l.import_id, l.row_no, l.txn_type, l.order_id, l.master_sku, l.units as line_units,
        l.event_date as line_date,
        case when k.cost_currency is null then 'none' else 'sku_cost' end as piece,
        null::varchar as batch_id,
        l.units - coalesce(t.units, 0) as units,
        k.cost_currency, l.event_date as cost_date, k.unit_purchase, k.unit_first_mile, k.unit_duty, k.unit_other
    from lines as l
    left join taken as t using (source, import_id, row_no)
    left join marts.sku_cost_lines as k using (source, import_id, row_no, txn_type)
    where l.units - coalesce(t.units, 0) <> 0
),

final as (
    select * from fifo
    union all by name
    select * from rest
)

select * from final
