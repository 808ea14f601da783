-- every order line has a landed cost for all its units, or is listed in marts.missing_costs
with lines as (
    select * from marts.order_lines where txn_type = 'order' and units > 0
),

costs as (
    select * from marts.line_costs
),

missing as (
    select source, import_id, row_no, txn_type, missing_units from marts.missing_costs
)

select l.source, l.import_id, l.row_no, l.master_sku, c.cost_method
from lines as l
left join costs as c using (source, import_id, row_no, txn_type)
left join missing as m using (source, import_id, row_no, txn_type)
where c.source is null
    or (c.missing_units > 0 and m.source is null)
    or (c.missing_units = 0 and c.cogs <= 0)
    or c.fifo_units + c.missing_units > l.units
