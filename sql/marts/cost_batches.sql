-- grain: one inbound batch (marts.batch_queue): its place in its master SKU's FIFO queue and its unit cost parts in
-- the base currency in force (unit_cost in the batch's own currency): a batch at its own rate paid into the cost
-- currency, then at its arrival date (marts.fx_days, which holds the table's cross rates) to the base; without a
-- rate paid, its currency at the arrival date to the base. No usable rate -> unit_fx NULL: the batch's units count
-- as missing a cost (never 1.0). A plain view: switching the base recomputes nothing heavy.
with queue as (
    select * from marts.batch_queue
),

conventions as (
    select * from marts.conventions
),

rated as (
    select
        q.*,
        q.anchor_factor * case when q.anchor_currency = c.base_currency then 1.0 else fx.rate end as unit_fx
    from queue as q
    cross join conventions as c
    left join marts.fx_days as fx
        on fx.currency = q.anchor_currency and fx.base_currency = c.base_currency and fx.day = q.arrival_date
),

final as (
    select
        batch_id, master_sku, arrival_date, destination, units, cum_start, cum_end, currency, unit_fx, unit_cost,
        unit_purchase * unit_fx as purchase_base,
        unit_first_mile * unit_fx as first_mile_base,
        unit_duty * unit_fx as duty_base,
        unit_other * unit_fx as other_base,
        unit_cost * unit_fx as unit_cost_base
    from rated
)

select * from final
