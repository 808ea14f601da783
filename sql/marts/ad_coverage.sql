-- grain: one row per store × marketplace × month covered by an advertising report (ad charges in payments then reconcile only)
-- only programs billed through the marketplace count: TikTok Ads Manager, Meta and Google bill a card, so their
-- spend never stands for ad charges in a marketplace's payments (GMV Max does: `GMV Payment for TikTok Ads`)
with ads as (
    select * from marts.ad_facts
    where coalesce(ad_program, '') not in ('tiktok_ads', 'meta', 'google')
),

final as (
    select distinct store, marketplace, date_trunc('month', day)::date as month
    from ads
)

select * from final
