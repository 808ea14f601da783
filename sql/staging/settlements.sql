-- grain: one row per Amazon settlement (payout), from the summary row of its V2 flat file
with source as (
    select * from raw.amazon_settlement
    where total_amount is not null and amount_type is null
),

latest_per_settlement as (
    select *
    from source
    -- a settlement downloaded again after Amazon regenerated it: the latest import wins
    qualify row_number() over (partition by settlement_id order by import_id desc, row_no) = 1
),

final as (
    select
        'amazon_settlement' as source,
        import_id,
        row_no,
        'amazon' as channel,
        marketplace,
        currency,
        settlement_id,
        settlement_start,
        settlement_end,
        cast(deposit_date as date) as deposit_date,
        total_amount
    from latest_per_settlement
)

select * from final
