-- grain: one row: the conventions in force (base currency, restock rate, allocation rule, cost currency)
-- a query may override a setting for itself with `set variable` on its own cursor (metrics/core/settings.py)
with stored as (
    select
        max(value) filter (where key = 'base_currency') as base_currency,
        max(value) filter (where key = 'cost_currency') as cost_currency,
        max(value) filter (where key = 'restock_rate') as restock_rate,
        max(value) filter (where key = 'allocation_rule') as allocation_rule
    from app.settings
),

final as (
    select
        upper(coalesce(getvariable('base_currency'), base_currency, 'CNY')) as base_currency,
        coalesce(try_cast(getvariable('restock_rate') as double), try_cast(restock_rate as double), 0.0)
            as restock_rate,
        coalesce(getvariable('allocation_rule'), allocation_rule, 'net_sales_share') as allocation_rule,
        -- the currency a batch's "FX rate paid" converts into: the seller's stored books currency (never the base
        -- a page views the numbers in), CNY when none was ever set
        upper(coalesce(cost_currency, base_currency, 'CNY')) as cost_currency
    from stored
)

select * from final
