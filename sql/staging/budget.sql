-- grain: one row per (month, P&L line, department, channel): the seller's budget in force (latest import wins)
-- `line` is the P&L line id (net_sales … operating_profit, or expense:<category>); `amount` as written, in `currency`
with source as (
    select * from app.tpl_budget
),

normalised as (
    select
        strftime(month_start, '%Y-%m') as month,
        month_start,
        line_id as line,
        amount,
        upper(trim(currency)) as currency,
        nullif(trim(department), '') as department,
        nullif(lower(trim(channel)), '') as channel,
        import_id,
        row_no
    from source
    where month_start is not null and line_id is not null and amount is not null
),

final as (
    select *
    from normalised
    qualify row_number() over (
        partition by month_start, line, lower(department), channel order by import_id desc, row_no desc
    ) = 1
)

select * from final
