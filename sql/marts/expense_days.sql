-- grain: one row per expense × day it is spread over, in its currency and the base currency (>= 0 = a cost):
-- 1. a recurring row repeats every month from its own month through its end month (no end month: the current
--    month); a dated row repeats on the same day of the month (the month's last day when shorter);
-- 2. a dated row lands on its day; a month-only row is spread evenly over the days of its month (amount / days in
--    the month each day), so a day-level period sees its day share and a full month sums to the row's amount;
-- 3. amount_base uses the rate of the day (latest on or before it); without a rate it is NULL (never 1.0) and the
--    row is listed in marts.fx_warnings
with expenses as (
    select * from staging.expenses
),

conventions as (
    select * from marts.conventions
),

fx as (
    select * from marts.fx_pairs
),

months as (
    select
        e.*,
        unnest(generate_series(
            e.start_month,
            case when e.is_recurring then coalesce(e.last_month, date_trunc('month', current_date)::date)
                else e.start_month end,
            interval 1 month
        ))::date as month
    from expenses as e
),

days as (
    -- dated rows: the same day of the month, clamped to the month's end
    select *, least(month + (day(expense_date) - 1)::int, last_day(month)) as day, 1.0 as share
    from months
    where expense_date is not null
    union all by name
    -- month rows: every day of the month, amount / days in the month
    select *, unnest(generate_series(month, last_day(month), interval 1 day))::date as day,
        1.0 / day(last_day(month)) as share
    from months
    where expense_date is null
),

based as (
    select d.*, c.base_currency from days as d cross join conventions as c
),

rated as (
    select b.*, case when b.currency = b.base_currency then 1.0 else fx.rate end as fx_rate
    from based as b
    asof left join fx on fx.currency = b.currency and fx.base_currency = b.base_currency and b.day >= fx.rate_date
),

final as (
    select
        day::date as day,
        month::date as month,
        category,
        department,
        channel,
        marketplace,
        store,
        master_sku,
        currency,
        amount * share as amount,
        amount * share * fx_rate as amount_base,
        base_currency,
        fx_rate,
        import_id,
        row_no
    from rated
)

select * from final
