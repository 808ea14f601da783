-- grain: store × marketplace × campaign × master SKU (NULL = not allocated) × day × ad program of the ad consoles outside
-- Amazon (TikTok Ads, GMV Max, Meta, Google), with the columns of marts.ad_days (which appends these rows):
-- 1. the seller's campaign map (staging.ad_campaigns; the longest matching pattern wins, a program-specific row
--    before an any-program one) names the marketplace and optionally master SKUs that share the spend equally;
--    unmatched campaigns keep the console's default marketplace (TikTok: by currency; Meta, Google: shopify);
-- 2. each row is spread evenly over the days of its period (one day for daily rows);
-- 3. spend without a SKU follows the allocation rule: `net_sales_share` spreads it over the marketplace's SKUs by
--    their net sales in that month; rule `unallocated`, or a month without sales, keeps master SKU NULL
with ads as (
    select * from staging.ads
    where ad_program in ('tiktok_ads', 'gmv_max', 'meta', 'google')
),

campaign_map as (
    select * from staging.ad_campaigns
),

conventions as (
    select * from marts.conventions
),

lines as (
    select * from marts.money_facts
),

matched as (
    select a.*, m.marketplace as map_marketplace, m.channel as map_channel, m.master_sku as map_sku
    from ads as a
    left join campaign_map as m
        on like_escape(lower(a.campaign), m.like_pattern, '\') and coalesce(m.ad_program, a.ad_program) = a.ad_program
    qualify dense_rank() over (
        partition by a.source, a.import_id, a.row_no
        order by m.ad_program is null, length(m.campaign_pattern) desc, lower(m.campaign_pattern)
    ) = 1
),

routed as (
    select
        * exclude (marketplace, channel, map_marketplace, map_channel, map_sku),
        coalesce(map_marketplace, marketplace) as marketplace,
        coalesce(map_channel, channel) as channel,
        map_sku as master_sku,
        1.0 / greatest(count(map_sku) over (partition by source, import_id, row_no), 1) as sku_share
    from matched
    qualify map_sku is not null or count(map_sku) over (partition by source, import_id, row_no) = 0
),

days as (
    select *, period_start + unnest(range(0, n_days))::int as day, sku_share / n_days as share
    from (select *, date_diff('day', period_start, period_end) + 1 as n_days from routed)
    where period_start is not null and period_end >= period_start
),

shares as (
    select
        marketplace, month, master_sku,
        ns / sum(ns) over (partition by marketplace, month) as sales_share
    from (
        select l.marketplace, date_trunc('month', l.event_date) as month, l.master_sku, sum(l.net_sales) as ns
        from lines as l
        cross join conventions as c
        where l.master_sku is not null and c.allocation_rule = 'net_sales_share'
            -- only marketplaces with spend to share: without ads outside Amazon this reads next to nothing
            and l.marketplace in (select marketplace from days where master_sku is null)
        group by all
        having sum(l.net_sales) > 0
    )
),

allocated as (
    select
        d.* exclude (master_sku, share),
        coalesce(d.master_sku, s.master_sku) as master_sku,
        case when d.master_sku is not null then 'campaign_map' when s.master_sku is not null then 'net_sales_share'
        end as allocation,
        d.share * case when d.master_sku is null and s.master_sku is not null then s.sales_share else 1.0 end as share
    from days as d
    left join shares as s
        on d.master_sku is null and s.marketplace = d.marketplace and s.month = date_trunc('month', d.day)
),

final as (
    select
        store, marketplace, channel, currency, coalesce(campaign, '') as campaign, master_sku, day, ad_program,
        max(allocation) as allocation,
        max(attribution_days) as attribution_days,
        sum(impressions * share) as impressions,
        sum(clicks * share) as clicks,
        sum(ad_orders * share) as ad_orders,
        sum(ad_units * share) as ad_units,
        sum(spend * share) as ad_spend,
        sum(ad_sales * share) as ad_sales,
        count(*) as source_rows
    from allocated
    group by store, marketplace, channel, currency, coalesce(campaign, ''), master_sku, day, ad_program
)

select * from final
