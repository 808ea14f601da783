-- grain: one payout (money paid into the seller's bank) × store × marketplace × currency, in original currency
-- Amazon: the settlement V2 summary (total-amount on its deposit date, reserves from its reserve lines), else the
-- transaction report's Transfer lines of a settlement (−total, on the transfer's posting date); TikTok Shop: each paid
-- statement's Σ Total settlement amount on the statement date; Shopify: each paid payout's Σ Net on the payout date.
with settlements as (
    select s.*, i.store
    from staging.settlements as s
    left join meta.imports as i on i.import_id = s.import_id
),

reserves as (
    select * from staging.settlement_reserves
),

amazon_settlements as (
    select
        'amazon_settlement' as source, 'amazon' as channel, s.store, s.marketplace, s.currency,
        s.settlement_id as payout_id, s.deposit_date as paid_date, s.total_amount as received,
        r.reserve_held, r.reserve_released, cast(s.settlement_end as date) as reserve_as_of
    from settlements as s
    left join reserves as r
        on r.settlement_id = s.settlement_id and r.store is not distinct from s.store and r.currency = s.currency
),

-- a settlement without its V2 file: the transfers the transaction report prints for it
amazon_transfers as (
    select
        'amazon_transactions' as source, 'amazon' as channel, m.store, m.marketplace, m.currency,
        coalesce(m.settlement_id, 'transfer ' || m.posted_date) as payout_id, max(m.posted_date) as paid_date,
        0 - sum(m.total) as received, null::double as reserve_held, null::double as reserve_released,
        null::date as reserve_as_of
    from staging.money as m
    anti join settlements as s on s.settlement_id = m.settlement_id
    where m.source = 'amazon_transactions' and m.txn_type = 'transfer'
        and coalesce(m.description, '') not ilike '%reserve%'
    group by all
),

tiktok as (
    select
        'tiktok_statement' as source, 'tiktok' as channel, store, marketplace, currency,
        statement_id as payout_id, statement_date as paid_date, total as received, null::double as reserve_held,
        null::double as reserve_released, null::date as reserve_as_of
    from staging.tiktok_statement_payouts
    where is_paid
),

shopify as (
    select
        'shopify_payments' as source, 'shopify' as channel, store, marketplace, currency, payout_id,
        max(payout_date) as paid_date, sum(net) as received, null::double as reserve_held,
        null::double as reserve_released, null::date as reserve_as_of
    from staging.shopify_payout_lines
    where is_paid and not is_payout_row
    group by all
),

final as (
    select * from amazon_settlements
    union all by name
    select * from amazon_transfers
    union all by name
    select * from tiktok
    union all by name
    select * from shopify
)

select * from final
