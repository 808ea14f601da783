-- grain: one inbound batch: its place in its master SKU's FIFO queue and its unit cost parts in base currency
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
    select b.*, upper(b.currency) as cur, c.base_currency
    from batches as b
    cross join conventions as c
),

-- each batch at its own rate paid; the rate of its arrival date only when no rate paid was recorded
rated as (
    select
        b.*,
        case when b.cur = b.base_currency then 1.0 else coalesce(b.fx_rate_paid, fx.rate) end as unit_fx
    from based as b
    asof left join fx
        on fx.currency = b.cur and fx.base_currency = b.base_currency and b.arrival_date >= fx.rate_date
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
        coalesce(purchase_cost, 0) * unit_fx as purchase_base,
        coalesce(first_mile, 0) * unit_fx as first_mile_base,
        coalesce(duty, 0) * unit_fx as duty_base,
        coalesce(other, 0) * unit_fx as other_base,
        (coalesce(purchase_cost, 0) + coalesce(first_mile, 0) + coalesce(duty, 0) + coalesce(other, 0)) * unit_fx
            as unit_cost_base
    from queued
)

select * from final
