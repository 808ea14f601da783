-- grain: one inbound batch: its place in its master SKU's FIFO queue and its unit cost parts in the batch's own
-- currency, with the currency they convert from (`anchor_currency`) and the factor to it (`anchor_factor`): a batch
-- with an FX rate paid converts at that rate into the cost currency (the seller's books currency, never the base a
-- page views), else it is its own currency at 1. marts.cost_batches takes the anchor to the base at the arrival date.
with batches as (
    select * from staging.inbound_batches
    where units > 0 and master_sku is not null
),

conventions as (
    select * from marts.conventions
),

anchored as (
    select
        b.*,
        upper(b.currency) as cur,
        case when b.fx_rate_paid is not null and upper(b.currency) <> c.cost_currency then c.cost_currency
            else upper(b.currency) end as anchor_currency,
        case when b.fx_rate_paid is not null and upper(b.currency) <> c.cost_currency then b.fx_rate_paid
            else 1.0 end as anchor_factor
    from batches as b
    cross join conventions as c
),

queued as (
    select
        *,
        (sum(units) over (
            partition by master_sku order by arrival_date, batch_id rows unbounded preceding
        ))::bigint as cum_end
    from anchored
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
        anchor_currency,
        anchor_factor,
        coalesce(purchase_cost, 0) + coalesce(first_mile, 0) + coalesce(duty, 0) + coalesce(other, 0) as unit_cost,
        coalesce(purchase_cost, 0) as unit_purchase,
        coalesce(first_mile, 0) as unit_first_mile,
        coalesce(duty, 0) as unit_duty,
        coalesce(other, 0) as unit_other
    from queued
)

select * from final
