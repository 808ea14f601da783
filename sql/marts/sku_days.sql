-- grain: calendar × day × store × marketplace × master SKU (NULL = charges left unallocated): every money component in
-- original currency and in base currency (`_base`; NULL where no FX rate), units, landed cost parts, ads
with direct as (
    select * from marts.sku_days_direct
    where master_sku is not null
),

allocation as (
    select * from marts.charge_allocation
),

conventions as (
    select * from marts.conventions
),

combined as (
    select * from direct
    union all by name
    select
        * exclude (is_allocated),
        case when is_allocated then coalesce(other_fees_base, 0) + coalesce(marketplace_fees_base, 0)
            + coalesce(other_income_base, 0) - coalesce(ad_spend_base, 0) end as allocated_base
    from allocation
),

summed as (
    select
        calendar, day, store, channel, marketplace, currency, master_sku,
        sum(columns(* exclude (calendar, day, store, channel, marketplace, currency, master_sku)))
    from combined
    group by all
),

final as (
    select
        s.* replace (
            coalesce(s.units, 0)::bigint as units,
            coalesce(s.refund_units, 0)::bigint as refund_units,
            coalesce(s.missing_cost_units, 0)::bigint as missing_cost_units,
            coalesce(s.costed_units, 0)::bigint as costed_units,
            coalesce(s.money_rows, 0)::bigint as money_rows
        ),
        c.base_currency
    from summed as s
    cross join conventions as c
)

select * from final
