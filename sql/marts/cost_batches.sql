-- grain: one inbound batch: its place in its master SKU's FIFO queue and its unit cost parts in base currency
-- (unit_cost in the batch's own currency)
with batches as (
    select * from staging.inbound_batches
    where units > 0 and master_sku is not null
),

conventions as (
    select * from marts.conventions
),

fx as (
    select * from marts.fx_pairs
),

based as (
    select b.*, upper(b.currency) as cur, c.base_currency, c.cost_currency
    from batches as b
    cross join conventions as c
),

-- a batch at its own rate paid into the currency it was paid in (the cost currency), then ASOF (arrival date) from
-- there to the base through the FX table's cross rates; without a rate paid, its currency ASOF to the base.
-- No usable rate -> unit_fx NULL: the batch's units count as missing a cost (never 1.0)
paid as (
    select b.*, fx.rate as paid_to_base
    from based as b
    asof left join fx
        on fx.currency = b.cost_currency and fx.base_currency = b.base_currency and b.arrival_date >= fx.rate_date
),

rated as (
    select
        p.* exclude (paid_to_base),
        case
            when p.fx_rate_paid is not null and p.cur <> p.cost_currency then p.fx_rate_paid
                * case when p.cost_currency = p.base_currency then 1.0 else p.paid_to_base end
            when p.cur = p.base_currency then 1.0
            else fx.rate
        end as unit_fx
    from paid as p
    asof left join fx
        on fx.currency = p.cur and fx.base_currency = p.base_currency and p.arrival_date >= fx.rate_date
),

queued as (
    select
        *,
        (sum(units) over (
            partition by master_sku order by arrival_date, batch_id rows unbounded preceding
        ))::bigint as cum_end
    from rated
),

final as (
    select
        batch_id,
        master_sku,
        arrival_date,
        destination,
        units,
        cum_end - units as cum_start,
        cum_end,
        currency,
        unit_fx,
        coalesce(purchase_cost, 0) + coalesce(first_mile, 0) + coalesce(duty, 0) + coalesce(other, 0) as unit_cost,
        coalesce(purchase_cost, 0) * unit_fx as purchase_base,
        coalesce(first_mile, 0) * unit_fx as first_mile_base,
        coalesce(duty, 0) * unit_fx as duty_base,
        coalesce(other, 0) * unit_fx as other_base,
        (coalesce(purchase_cost, 0) + coalesce(first_mile, 0) + coalesce(duty, 0) + coalesce(other, 0)) * unit_fx
            as unit_cost_base
    from queued
)

select * from final
