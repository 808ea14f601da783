-- every base-currency amount of the money lines reaches marts.sku_days exactly once per calendar, whether it was
-- allocated to SKUs or left unallocated (allocation moves charges, never creates or loses them)
with lines as (
    select
        sum(net_sales_base) as net_sales, sum(marketplace_fees_base) as fees, sum(other_fees_base) as other_fees,
        sum(other_income_base) as other_income, sum(units)::bigint as units
    from marts.money_lines
    where txn_type <> 'transfer'
),

days as (
    select
        calendar, sum(net_sales_base) as net_sales, sum(marketplace_fees_base) as fees,
        sum(other_fees_base) as other_fees, sum(other_income_base) as other_income,
        sum(units + refund_units)::bigint as units
    from marts.sku_days
    group by all
)

select d.calendar, d.net_sales, l.net_sales as line_net_sales, d.fees, l.fees as line_fees, d.other_fees,
    l.other_fees as line_other_fees, d.other_income, l.other_income as line_other_income
from days as d
cross join lines as l
where abs(coalesce(d.net_sales, 0) - coalesce(l.net_sales, 0)) > 0.005
    or abs(coalesce(d.fees, 0) - coalesce(l.fees, 0)) > 0.005
    or abs(coalesce(d.other_fees, 0) - coalesce(l.other_fees, 0)) > 0.005
    or abs(coalesce(d.other_income, 0) - coalesce(l.other_income, 0)) > 0.005
    or d.units <> l.units
