-- a TikTok Shop order a statement covers is counted from one source only: never from both the statement's own
-- order lines and the orders export (per order, whatever the month), and never twice from the export
select marketplace, order_id, txn_type, count(distinct source) as sources, count(*) filter (where units > 0) as lines
from marts.money_lines
where channel = 'tiktok' and txn_type in ('order', 'refund') and order_id is not null
group by all
having count(distinct source) > 1
