-- every expense row in force is spread without loss or gain: per row × month its days in marts.expense_days add up to
-- the row's amount (a month-only row over all its days, a dated row on one day), amounts are costs (>= 0) and a base
-- amount exists only with a rate
with spread as (
    select import_id, row_no, month, sum(amount) as amount, count(*) as days, max(day) as last_day,
        count(*) filter (where amount < 0 or amount_base < 0) as negative,
        count(*) filter (where amount_base is not null and fx_rate is null) as unrated
    from marts.expense_days
    group by all
)

select e.import_id, e.row_no, s.month, e.amount, s.amount as spread, s.days, s.negative, s.unrated
from staging.expenses as e
inner join spread as s using (import_id, row_no)
where abs(s.amount - e.amount) > 1e-6
    or s.days <> case when e.expense_date is null then day(last_day(s.month)) else 1 end
    or s.negative > 0 or s.unrated > 0
union all
-- and no row in force is dropped
select e.import_id, e.row_no, e.start_month, e.amount, NULL, 0, 0, 0
from staging.expenses as e
anti join marts.expense_days as d using (import_id, row_no)
