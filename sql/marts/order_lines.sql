-- grain: one order or refund line (source, import_id, row_no, txn_type) across Amazon, TikTok Shop and Shopify
with lines as (
    select * from marts.money_lines
    where txn_type in ('order', 'refund') and order_id is not null
),

final as (
    select
        source,
        import_id,
        row_no,
        store,
        channel,
        marketplace,
        currency,
        txn_type,
        order_id,
        order_key,
        sku,
        master_sku,
        is_unmapped,
        event_date,
        posted_date,
        settlement_id,
        units,
        gross_sales,
        promotions,
        refunds,
        net_sales,
        marketplace_fees,
        base_currency,
        fx_rate,
        gross_sales_base,
        promotions_base,
        refunds_base,
        net_sales_base,
        marketplace_fees_base
    from lines
)

select * from final
