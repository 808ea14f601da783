-- FIFO never takes more units from a master SKU's batches than they hold
with taken as (
    select master_sku, sum(fifo_units) as units from marts.order_costs group by all
),

held as (
    select master_sku, sum(units) as units from marts.cost_batches group by all
)

select t.master_sku, t.units as taken, h.units as held
from taken as t
left join held as h using (master_sku)
where t.units > coalesce(h.units, 0)
