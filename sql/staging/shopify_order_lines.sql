-- grain: one row per Shopify order line item, in the version of the latest export that holds it,
-- with the order-level fields (printed on an order's first row only) spread over all its lines
with source as (
    -- the store of each row's import: an order of one store is never another store's order (Shopify names repeat)
    select r.*, i.store as import_store
    from raw.shopify_orders as r
    left join meta.imports as i on i.import_id = r.import_id
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
    qualify row_number() over (partition by import_store, order_name, line_key, line_seq order by import_id desc) = 1
),

heads as (
    select
        *,
        row_number() over (
            partition by import_store, order_name order by (financial_status is null and created_at is null), import_id desc, row_no
        ) = 1 as is_first_line
    from current_lines
),

order_fields as (
    select
        *,
        max(case when is_first_line then currency end) over (partition by import_store, order_name) as order_currency,
        max(case when is_first_line then created_at end) over (partition by import_store, order_name) as order_created_at,
        max(case when is_first_line then lower(financial_status) end) over (partition by import_store, order_name)
            as order_financial_status,
        max(case when is_first_line then cancelled_at end) over (partition by import_store, order_name) as order_cancelled_at,
        -- the buyer's salted e-mail hash (printed on the first row only, like every order-level field)
        max(case when is_first_line then customer_hash end) over (partition by import_store, order_name)
            as order_customer_hash,
        sum(coalesce(lineitem_discount, 0)) over (partition by import_store, order_name) as order_line_discounts,
        -- the line's share of the order's value (price × quantity), for order-level discount, shipping and tax
        coalesce(
            coalesce(lineitem_price, 0) * coalesce(lineitem_quantity, 0)
                / nullif(sum(coalesce(lineitem_price, 0) * coalesce(lineitem_quantity, 0)) over (partition by import_store, order_name), 0),
            case when is_first_line then 1.0 else 0.0 end
        ) as value_share,
        max(case when is_first_line then subtotal end) over (partition by import_store, order_name) as order_subtotal,
        max(case when is_first_line then shipping end) over (partition by import_store, order_name) as order_shipping,
        max(case when is_first_line then taxes end) over (partition by import_store, order_name) as order_taxes,
        max(case when is_first_line then total end) over (partition by import_store, order_name) as order_total,
        max(case when is_first_line then discount_amount end) over (partition by import_store, order_name) as order_discount
    from heads
),

final as (
    select
        *,
        order_cancelled_at is not null or coalesce(order_financial_status = 'voided', false) as is_cancelled,
        -- blank-SKU lines (custom items, services, gift cards) keep a SKU of their own
        coalesce(lineitem_sku, '(no SKU) ' || coalesce(lineitem_name, order_name)) as line_sku,
        -- prices include tax (EU/UK/AU stores) when Total = Subtotal + Shipping while Taxes > 0
        coalesce(order_taxes > 0 and abs(order_total - order_subtotal - coalesce(order_shipping, 0)) < 0.005, false)
            as is_tax_inclusive,
        -- the part of a tax-inclusive amount that is not tax (1 when prices exclude tax)
        case when coalesce(order_taxes > 0 and abs(order_total - order_subtotal - coalesce(order_shipping, 0)) < 0.005,
            false) then (order_total - order_taxes) / order_total else 1.0 end as net_of_tax,
        -- order-level discount by line value when no line carries its own; else the lines' own (rest on line 1)
        case when order_line_discounts = 0 then coalesce(order_discount, 0) * value_share
            else coalesce(lineitem_discount, 0) + case when is_first_line
                then greatest(coalesce(order_discount, 0) - order_line_discounts, 0) else 0 end end as line_discount
    from order_fields
)

select * from final
