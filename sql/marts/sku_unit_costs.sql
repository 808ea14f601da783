-- grain: one row per master SKU: landed cost per unit of the stock still on hand (base currency)
-- the FIFO frontier: the batch the next unit sold will come from; after the last batch, the latest
-- effective-dated SKU cost at the latest FX rate
with batches as (
    select * from marts.cost_batches
),

-- units sold from batches with a usable rate (as marts.order_costs counts fifo_units)
consumed as (
    select t.master_sku, sum(t.units)::bigint as units
    from marts.batch_takes as t
    inner join batches as b using (master_sku, batch_id)
    where b.unit_fx is not null
    group by all
),

costs as (
    select * from staging.landed_costs
    qualify row_number() over (partition by master_sku order by effective_from desc) = 1
),

conventions as (
    select * from marts.conventions
),

latest_fx as (
    select * from marts.fx_pairs
    qualify row_number() over (partition by currency, base_currency order by rate_date desc) = 1
),

frontier as (
    select b.master_sku, b.unit_cost_base, b.batch_id
    from batches as b
    left join consumed as c using (master_sku)
    where coalesce(c.units, 0) >= b.cum_start and coalesce(c.units, 0) < b.cum_end
),

fallback as (
    select
        k.master_sku,
        (coalesce(k.purchase_cost, 0) + coalesce(k.first_mile, 0) + coalesce(k.duty, 0) + coalesce(k.other, 0))
        * case when k.currency = c.base_currency then 1.0 else fx.rate end as unit_cost_base
    from costs as k
    cross join conventions as c
    left join latest_fx as fx on fx.currency = k.currency and fx.base_currency = c.base_currency
),

skus as (
    select master_sku from batches
    union
    select master_sku from fallback
),

final as (
    select
        s.master_sku,
        coalesce(f.unit_cost_base, k.unit_cost_base) as landed_cost_unit,
        case when f.master_sku is not null then 'fifo' when k.unit_cost_base is not null then 'sku_cost' end
            as cost_method,
        f.batch_id
    from skus as s
    left join frontier as f using (master_sku)
    left join fallback as k using (master_sku)
)

select * from final
