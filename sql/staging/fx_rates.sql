-- grain: one row per (date, currency, base currency): the current rate (latest import wins)
with source as (
    select * from app.tpl_fx_rates
),

final as (
    select
        rate_date,
        upper(trim(currency)) as currency,
        upper(trim(base_currency)) as base_currency,
        rate,
        import_id,
        row_no
    from source
    where rate_date is not null and currency is not null and rate > 0
    qualify row_number() over (
        partition by rate_date, upper(trim(currency)), upper(trim(base_currency)) order by import_id desc, row_no desc
    ) = 1
)

select * from final
