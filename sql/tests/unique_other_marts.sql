-- no duplicate grain keys in ad_days, inventory_days, payouts, cost_batches, fx_pairs, sku_lookup
select 'ad_days' as mart, concat_ws('|', store, channel, marketplace, ad_program, campaign, master_sku, day) as k,
    count(*) as n
from marts.ad_days group by all having count(*) > 1
union all
select 'inventory_days', concat_ws('|', master_sku, store, location, day), count(*)
from marts.inventory_days group by all having count(*) > 1
union all
select 'payouts', concat_ws('|', settlement_id, store, marketplace, currency), count(*)
from marts.payouts group by all having count(*) > 1
union all
select 'cost_batches', concat_ws('|', batch_id, master_sku), count(*)
from marts.cost_batches group by all having count(*) > 1
union all
select 'fx_pairs', concat_ws('|', currency, base_currency, rate_date), count(*)
from marts.fx_pairs group by all having count(*) > 1
union all
select 'sku_lookup', concat_ws('|', channel_sku, marketplace_key), count(*)
from marts.sku_lookup group by all having count(*) > 1
