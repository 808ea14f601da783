-- grain: one row per store × marketplace × month covered by an advertising report (ad charges in payments then reconcile only)
with ads as (
    select * from marts.ad_days
),

final as (
    select distinct store, marketplace, date_trunc('month', day)::date as month
    from ads
)

select * from final
