-- grain: one row per fact family × marketplace × currency × month with facts (sales, ads, batch costs, expenses) that have
-- no FX rate to the base
-- currency on their date: they are left out of every base-currency total (never converted at 1.0)
with money as (
    select 'money' as family, marketplace, currency, event_date as day, total as amount
    from marts.money_lines
    where fx_rate is null
),

ads as (
    select 'ads' as family, marketplace, currency, day, ad_spend as amount
    from marts.ad_days
    where fx_rate is null
),

-- batches whose cost has no usable rate to the base: their units count as missing a landed cost
batches as (
    select 'inbound_batches' as family, destination as marketplace, currency, arrival_date as day,
        units * unit_cost as amount
    from marts.cost_batches
    where unit_fx is null
),

-- the seller's own expenses (marketplace NULL unless the row names one)
expenses as (
    select 'expenses' as family, marketplace, currency, day, amount
    from marts.expense_days
    where fx_rate is null
),

conventions as (
    select * from marts.conventions
),

unioned as (
    select * from money
    union all
    select * from ads
    union all
    select * from batches
    union all
    select * from expenses
),

final as (
    select
        u.family,
        u.marketplace,
        u.currency,
        c.base_currency,
        date_trunc('month', u.day)::date as month,
        count(*) as rows,
        sum(u.amount) as amount,
        min(u.day) as first_day,
        max(u.day) as last_day
    from unioned as u
    cross join conventions as c
    group by all
)

select * from final
