-- per imported transaction report (the best source: never dropped by precedence), the money mart keeps the
-- file's total to the cent
with raw_totals as (
    select import_id, sum(total) as total, count(*) as n from raw.amazon_transactions group by all
),

mart_totals as (
    select import_id, sum(total) as total, count(*) as n
    from marts.money_lines where source = 'amazon_transactions' group by all
)

select r.import_id, r.total as raw_total, m.total as mart_total, r.n, m.n as mart_rows
from raw_totals as r
left join mart_totals as m using (import_id)
where m.import_id is null or abs(r.total - m.total) > 0.005 or r.n <> m.n
