-- grain: one refund line (source, import_id, row_no; txn_type 'refund'): landed cost credited back (cost < 0) for the
-- refunded units that return to sellable stock (restock rate setting), at the unit cost of the original order line,
-- in the base currency in force: the rows of marts.refund_cost_facts for that base ('' = a base no rate leads to)
with conventions as (
    select * from marts.conventions
),

chosen as (
    select f.*
    from marts.refund_cost_facts as f
    cross join conventions as c
    where f.base_currency = case
        when exists (select 1 from marts.refund_cost_facts as x where x.base_currency = c.base_currency)
            then c.base_currency
        else ''
    end
),

final as (
    select
        r.source, r.import_id, r.row_no, r.order_id, r.master_sku, r.txn_type, r.units, r.fifo_units, r.missing_units,
        l.net_sales_base, r.cogs_purchase, r.cogs_first_mile, r.cogs_duty, r.cogs_other, r.cogs, r.cost_method,
        r.batch_ids
    from chosen as r
    left join marts.order_lines as l using (source, import_id, row_no, txn_type)
)

select * from final
