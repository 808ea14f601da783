-- grain: one returned line of a TikTok Shop order export (`Cancelation/Return Type` = Return/Refund), latest version
-- The export has no return date: the return is dated like its refund line (cancel time, else order time) and its
-- reason is the export's `Cancel Reason` as printed; `Sku Quantity of return` gives the units.
with lines as (
    select * from staging.tiktok_order_lines
),

final as (
    select
        'tiktok_orders' as source,
        import_id,
        row_no,
        'tiktok' as channel,
        marketplace,
        cast(coalesce(cancelled_time, created_time) as date) as return_date,
        order_id,
        seller_sku as sku,
        cast(null as varchar) as asin,
        coalesce(return_quantity, 0)::bigint as units,
        cast(null as varchar) as disposition,
        cancel_reason as reason,
        order_substatus as status
    from lines
    where not is_cancelled
        and coalesce(lower(cancel_return_type), '') like 'return%'
        and coalesce(return_quantity, 0) > 0
)

select * from final
