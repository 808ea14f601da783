-- one row per returned line in return_lines and per order in customer_orders; every staged return with a date and
-- units is in return_lines exactly once (no SKU-map row may duplicate or drop one)
select 'return_lines' as mart, concat_ws('|', source, import_id, row_no) as k, count(*) as n
from marts.return_lines group by all having count(*) > 1
union all
select 'customer_orders', concat_ws('|', store, channel, order_id), count(*)
from marts.customer_orders group by all having count(*) > 1
union all
select 'returned_units', 'total', (select coalesce(sum(units), 0) from marts.return_lines)
    - (select coalesce(sum(units), 0) from staging.returns where return_date is not null and units > 0)
having (select coalesce(sum(units), 0) from marts.return_lines)
    <> (select coalesce(sum(units), 0) from staging.returns where return_date is not null and units > 0)
