-- no duplicate grain keys in marts.sku_days (calendar × day × store × marketplace × master SKU)
select calendar, day, store, marketplace, currency, master_sku, count(*) as n
from marts.sku_days
group by all
having count(*) > 1
