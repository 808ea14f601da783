-- grain: one row per marketplace × channel SKU seen in sales or ads but absent from the SKU map
with money as (
    select marketplace, channel, sku, net_sales_base, units from marts.money_lines
    where is_unmapped
),

final as (
    select
        marketplace,
        channel,
        sku,
        count(*) as rows,
        sum(units)::bigint as units,
        sum(net_sales_base) as net_sales_base
    from money
    group by all
)

select * from final
