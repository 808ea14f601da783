-- grain: one row per (metric, period, channel, marketplace, store, master SKU): the target in force (latest import wins)
-- `direction` is up / down, or NULL for the metric's own good direction
with source as (
    select * from app.tpl_targets
),

normalised as (
    select
        lower(trim(metric_id)) as metric_id,
        trim(period) as period,
        period_start,
        period_end,
        nullif(lower(trim(channel)), '') as channel,
        nullif(lower(trim(marketplace)), '') as marketplace,
        nullif(trim(store), '') as store,
        nullif(trim(master_sku), '') as master_sku,
        target,
        case
            when lower(trim(direction)) in ('up', '越大越好') then 'up'
            when lower(trim(direction)) in ('down', '越小越好') then 'down'
        end as direction,
        import_id,
        row_no
    from source
    where metric_id is not null and period_start is not null and target is not null
),

final as (
    select *
    from normalised
    qualify row_number() over (
        partition by metric_id, period_start, period_end, channel, marketplace, store, master_sku
        order by import_id desc, row_no desc
    ) = 1
)

select * from final
