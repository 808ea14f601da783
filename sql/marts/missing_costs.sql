-- grain: one order or refund line whose units (some or all) have no landed cost: no FIFO batch left, no SKU cost
with costs as (
    select * from marts.line_costs
    where missing_units > 0
),

lines as (
    select * from marts.order_lines
),

final as (
    select
        l.source, l.import_id, l.row_no, l.channel, l.marketplace, l.order_id, l.sku, l.master_sku, l.txn_type,
        l.event_date, l.posted_date, c.units, c.missing_units, l.net_sales, l.currency, l.net_sales_base,
        'no inbound batch left and no effective-dated SKU cost (or no FX rate for it)' as reason
    from costs as c
    inner join lines as l using (source, import_id, row_no, txn_type)
)

select * from final
