-- grain: one row per Shopify order line item, in the version of the latest export that holds it,
-- with the order-level fields (printed on an order's first row only) spread over all its lines
with source as (
    select * from raw.shopify_orders
),

numbered as (
    select
        *,
        coalesce(lineitem_sku, lineitem_name) as line_key,
        row_number() over (partition by import_id, order_name, coalesce(lineitem_sku, lineitem_name) order by row_no)
            as line_seq
    from source
),

-- an order exported again after a change (refund, cancellation) is a new raw row: only its latest version counts
current_lines as (
    select *
    from numbered
    qualify row_number() over (partition by order_name, line_key, line_seq order by import_id desc) = 1
),

heads as (
    select
        *,
        row_number() over (
            partition by order_name order by (financial_status is null and created_at is null), import_id desc, row_no
        ) = 1 as is_first_line
    from current_lines
),

order_fields as (
    select
        *,
        max(case when is_first_line then currency end) over (partition by order_name) as order_currency,
        max(case when is_first_line then created_at end) over (partition by order_name) as order_created_at,
        max(case when is_first_line then lower(financial_status) end) over (partition by order_name)
            as order_financial_status,
        max(case when is_first_line then cancelled_at end) over (partition by order_name) as order_cancelled_at,
        sum(coalesce(lineitem_discount, 0)) over (partition by order_name) as order_line_discounts
    from heads
),

final as (
    select
        *,
        order_cancelled_at is not null or coalesce(order_financial_status = 'voided', false) as is_cancelled
    from order_fields
)

select * from final
