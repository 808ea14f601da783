-- grain: one row per expense row in force (app.tpl_expenses): for each key (when, category, department, currency,
-- channel, marketplace, store, master SKU, note) only the rows of the latest import that has it count, so a
-- corrected sheet replaces its earlier version while two equal rows of one sheet both stay
with source as (
    select * from app.tpl_expenses
),

normalised as (
    select
        -- the template's own columns (the Settings editor reads them back) ...
        expense_date,
        expense_month,
        expense_category,
        end_month,
        coalesce(recurring, 'no') as recurring,
        -- ... and the typed ones the mart reads
        coalesce(
            date_trunc('month', expense_date)::date, try_cast(expense_month || '-01' as date)
        ) as start_month,
        try_cast(end_month || '-01' as date) as last_month,
        expense_category as category,
        amount,
        upper(trim(currency)) as currency,
        coalesce(nullif(trim(department), ''), 'unassigned') as department,
        nullif(lower(trim(channel)), '') as channel,
        case
            when lower(trim(marketplace)) in ('tiktok', 'tiktok us', 'tiktok.us') then 'tiktok.us'
            when lower(trim(marketplace)) in ('tiktok uk', 'tiktok.uk') then 'tiktok.uk'
            when lower(trim(marketplace)) in ('us', 'amazon.com') then 'amazon.com'
            else nullif(lower(trim(marketplace)), '')
        end as marketplace,
        nullif(trim(store), '') as store,
        nullif(trim(master_sku), '') as master_sku,
        coalesce(recurring, 'no') = 'yes' as is_recurring,
        note,
        import_id,
        row_no
    from source
    where amount is not null and currency is not null and (expense_date is not null or expense_month is not null)
),

routed as (
    select
        * exclude (channel),
        coalesce(channel, case
            when marketplace like 'amazon.%' then 'amazon'
            when marketplace like 'tiktok.%' then 'tiktok'
            when marketplace like 'shopify%' then 'shopify'
        end) as channel
    from normalised
),

final as (
    select *
    from routed
    -- keyed on the routed channel, so a sheet saved back from Settings (channel filled in) replaces its rows
    qualify import_id = max(import_id) over (
        partition by expense_date, start_month, category, department, currency, channel, marketplace, store,
            master_sku, note
    )
)

select * from final
