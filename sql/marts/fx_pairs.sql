-- grain: one row per currency × base_currency × rate_date: the seller's rates, their inverses and same-day crosses
with rates as (
    select rate_date, upper(currency) as currency, upper(base_currency) as base_currency, rate
    from staging.fx_rates
    where rate > 0 and rate_date is not null and currency is not null and base_currency is not null
),

direct as (
    select rate_date, currency, base_currency, rate, 1 as priority from rates
),

inverse as (
    select rate_date, base_currency as currency, currency as base_currency, 1.0 / rate as rate, 2 as priority
    from rates
),

-- USD→CNY and EUR→CNY on the same day give EUR→USD = EUR→CNY / USD→CNY
crossed as (
    select a.rate_date, a.currency, b.currency as base_currency, a.rate / b.rate as rate, 3 as priority
    from rates as a
    inner join rates as b
        on a.rate_date = b.rate_date and a.base_currency = b.base_currency and a.currency <> b.currency
),

unioned as (
    select * from direct
    union all
    select * from inverse
    union all
    select * from crossed
),

final as (
    select rate_date, currency, base_currency, rate, priority
    from unioned
    qualify row_number() over (partition by currency, base_currency, rate_date order by priority) = 1
)

select * from final
