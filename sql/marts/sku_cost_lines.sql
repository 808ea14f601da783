-- grain: one order or refund line (source, import_id, row_no, txn_type): the effective-dated SKU cost per unit in base currency
-- the cost row in force on the line's event date, converted at the rate of that date (no rate -> no cost)
with lines as (
    select source, import_id, row_no, txn_type, master_sku, event_date, base_currency
    from marts.order_lines
),

costs as (
    select * from staging.landed_costs
    where master_sku is not null and effective_from is not null
),

fx as (
    select * from marts.fx_pairs
),

costed as (
    select l.*, upper(c.currency) as cur, c.purchase_cost, c.first_mile, c.duty, c.other
    from lines as l
    asof inner join costs as c on c.master_sku = l.master_sku and l.event_date >= c.effective_from
),

rated as (
    select
        c.*,
        case when c.cur = c.base_currency then 1.0 else fx.rate end as unit_fx
    from costed as c
    asof left join fx
        on fx.currency = c.cur and fx.base_currency = c.base_currency and c.event_date >= fx.rate_date
),

final as (
    select
        source,
        import_id,
        row_no,
        txn_type,
        coalesce(purchase_cost, 0) * unit_fx as unit_purchase,
        coalesce(first_mile, 0) * unit_fx as unit_first_mile,
        coalesce(duty, 0) * unit_fx as unit_duty,
        coalesce(other, 0) * unit_fx as unit_other
    from rated
    where unit_fx is not null
)

select * from final
