-- grain: one row per TikTok order line, in the version of the latest export that holds it
-- An order exported again after a status change (shipped -> completed, refunded) is a new raw row; only its
-- latest version counts. Lines are matched across exports by order, SKU and position among equal SKUs.
with source as (
    -- the store of each row's import: an order of one store is never another store's order (Shopify names repeat)
    select r.*, i.store as import_store
    from raw.tiktok_orders as r
    left join meta.imports as i on i.import_id = r.import_id
),

numbered as (
    select
        *,
        coalesce(sku_id, seller_sku) as line_key,
        row_number() over (partition by import_id, order_id, coalesce(sku_id, seller_sku) order by row_no) as line_seq
    from source
),

current_lines as (
    select *
    from numbered
    qualify row_number() over (partition by import_store, order_id, line_key, line_seq order by import_id desc) = 1
),

final as (
    select
        *,
        -- order-level amounts repeat on every line: they belong to the order's first line only
        row_number() over (partition by import_store, order_id order by import_id desc, row_no) = 1 as is_first_line,
        coalesce(lower(order_status) like 'cancel%', false) as is_cancelled
    from current_lines
)

select * from final
