-- net sales = gross sales + promotions + refunds, in original and base currency, on every mart row
select calendar, day, marketplace, master_sku, net_sales, gross_sales, promotions, refunds
from marts.sku_days
where abs(coalesce(net_sales, 0) - (coalesce(gross_sales, 0) + coalesce(promotions, 0) + coalesce(refunds, 0)))
    > 1e-6
    or abs(coalesce(net_sales_base, 0)
        - (coalesce(gross_sales_base, 0) + coalesce(promotions_base, 0) + coalesce(refunds_base, 0))) > 1e-6
