-- grain: one row per Amazon settlement (V2 flat file) × currency whose lines show a reserve
-- `Previous Reserve Amount Balance` (released back into this payout, printed >= 0) and `Current Reserve Amount`
-- (held back from this payout, printed <= 0); the latest import of a settlement wins, as in staging.settlements
with source as (
    select r.*, i.store
    from raw.amazon_settlement as r
    left join meta.imports as i on i.import_id = r.import_id
    where r.amount_type is not null
        and (r.amount_description ilike '%reserve%' or r.transaction_type ilike '%reserve%')
),

latest_import as (
    select settlement_id, max(import_id) as import_id
    from source
    group by all
),

final as (
    select
        s.store,
        s.marketplace,
        s.currency,
        s.settlement_id,
        sum(case when s.amount_description ilike '%previous%' or s.transaction_type ilike '%previous%'
            then s.amount else 0 end) as reserve_released,
        -- held = what the payout kept back, as a positive balance
        0 - sum(case when s.amount_description ilike '%previous%' or s.transaction_type ilike '%previous%'
            then 0 else s.amount end) as reserve_held
    from source as s
    semi join latest_import as l on l.settlement_id = s.settlement_id and l.import_id = s.import_id
    group by all
)

select * from final
