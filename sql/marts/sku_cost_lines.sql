-- grain: one order or refund line (source, import_id, row_no, txn_type): the effective-dated SKU cost per unit in the
-- cost row's own currency (`cost_currency`), the row in force on the line's event date (`event_date`). Base-free:
-- the readers convert it at the rate of the line's event date (marts.fx_days; no rate -> no cost)
-- Scope: every line, unless the session variable `sku_cost_lines_parts` (set only by the incremental refresh,
-- warehouse/marts/refresh.py) lists line keys (warehouse/marts/inputs.py line_key()): then only those lines.
with scope as (
    select unnest(getvariable('sku_cost_lines_parts')::VARCHAR[]) as k
),

lines as (
    select source, import_id, row_no, txn_type, master_sku, event_date
    from marts.money_facts
    where txn_type in ('order', 'refund') and order_id is not null and (getvariable('sku_cost_lines_parts') is null
        or concat_ws(chr(31), source, import_id::VARCHAR, row_no::VARCHAR, txn_type) in (select k from scope))
),

costs as (
    select * from staging.landed_costs
    where master_sku is not null and effective_from is not null
),

final as (
    select
        l.source,
        l.import_id,
        l.row_no,
        l.txn_type,
        l.event_date,
        upper(c.currency) as cost_currency,
        coalesce(c.purchase_cost, 0) as unit_purchase,
        coalesce(c.first_mile, 0) as unit_first_mile,
        coalesce(c.duty, 0) as unit_duty,
        coalesce(c.other, 0) as unit_other
    from lines as l
    asof inner join costs as c on c.master_sku = l.master_sku and l.event_date >= c.effective_from
)

select * from final
