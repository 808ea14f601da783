-- grain: one row per order (`o` = store, marketplace, order id joined by chr(31)) whose latest Shopify Payments refund
-- (staging.shopify_refund_dates) posts in a store × marketplace × posting-day partition listed by
-- `money_facts_parts` (set only while the incremental refresh recomputes money_facts); no rows otherwise.
-- Read by sql/marts/channel_money.sql and shopify_fees.sql: such an order's rows are in their scope too (its refund
-- lines take the refund's dates, so they land on the scoped day whatever their own dates).
select distinct concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'), order_id) as o
from staging.shopify_refund_dates
where getvariable('money_facts_parts') is not null
    and concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'),
        coalesce(strftime(refund_posted_date, '%Y-%m-%d'), '~'))
    in (select unnest(getvariable('money_facts_parts')::VARCHAR[]))
