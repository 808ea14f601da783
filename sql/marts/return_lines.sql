-- grain: one returned line (source, import_id, row_no): FBA customer returns report and TikTok Shop returned lines,
-- with the store of its import and the master SKU; Shopify's orders export names no return reason (none here)
with returns as (
    select * from staging.returns
),

imports as (
    select import_id, store from meta.imports
),

lookup as (
    select * from marts.sku_lookup
),

final as (
    select
        r.source,
        r.import_id,
        r.row_no,
        i.store,
        coalesce(r.channel, 'amazon') as channel,
        r.marketplace,
        r.return_date,
        r.order_id,
        r.sku,
        coalesce(e.master_sku, w.master_sku, r.sku) as master_sku,
        r.units,
        upper(nullif(trim(r.disposition), '')) as disposition,
        coalesce(nullif(trim(r.reason), ''), 'NO_REASON_GIVEN') as reason,
        r.status
    from returns as r
    left join imports as i on i.import_id = r.import_id
    left join lookup as e on e.channel_sku = r.sku and e.marketplace_key = r.marketplace
    left join lookup as w on w.channel_sku = r.sku and w.marketplace_key = '*'
    where r.return_date is not null and r.units > 0
)

select * from final
