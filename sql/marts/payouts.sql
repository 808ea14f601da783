-- grain: one row per settlement (payout) × store × marketplace × currency: the bridge transactions → fees → reserves → transfer
-- net_proceeds = sales + marketplace_fees + other_charges + other_income + ad_charges + taxes (unexplained = 0);
-- balance = net_proceeds + reserves + transfers (what the payout left in the account)
with lines as (
    select * from marts.money_lines
    where settlement_id is not null
),

reported as (
    select settlement_id, any_value(total_amount) as reported_transfer, any_value(deposit_date) as deposit_date
    from staging.settlements
    group by all
),

bridge as (
    select
        settlement_id,
        store,
        marketplace,
        currency,
        min(posted_date) as first_posted,
        max(posted_date) as last_posted,
        count(*) as lines,
        sum(case when txn_type in ('order', 'refund') then gross_sales + refunds + promotions else 0 end) as sales,
        sum(case when txn_type = 'transfer' then 0 else marketplace_fees end) as marketplace_fees,
        sum(other_fees) as other_charges,
        sum(other_income) as other_income,
        sum(ad_charges) as ad_charges,
        sum(case when txn_type = 'transfer' then 0 else taxes end) as taxes,
        sum(case when txn_type = 'transfer' then 0 else total end) as net_proceeds,
        sum(case when txn_type = 'transfer' and coalesce(description, '') ilike '%reserve%' then total else 0 end)
            as reserves,
        sum(case when txn_type = 'transfer' and coalesce(description, '') not ilike '%reserve%' then total else 0 end)
            as transfers
    from lines
    group by all
),

final as (
    select
        b.*,
        round(b.net_proceeds - (b.sales + b.marketplace_fees + b.other_charges + b.other_income + b.ad_charges
            + b.taxes), 6)
            as unexplained,
        b.net_proceeds + b.reserves + b.transfers as balance,
        r.reported_transfer,
        r.deposit_date
    from bridge as b
    left join reported as r using (settlement_id)
)

select * from final
