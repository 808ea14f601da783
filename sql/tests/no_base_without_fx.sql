-- no base-currency amount from a fact without an FX rate (never converted at 1.0 by default)
select 'money_lines' as mart, source, import_id, row_no, currency
from marts.money_lines
where fx_rate is null
    and coalesce(gross_sales_base, net_sales_base, marketplace_fees_base, other_fees_base, other_income_base, ad_charges_base,
        total_base) is not null
union all
select 'money_lines', source, import_id, row_no, currency
from marts.money_lines
where fx_rate = 1.0 and currency <> base_currency
union all
select 'ad_days', marketplace, null, null, currency
from marts.ad_days
where fx_rate is null and coalesce(ad_spend_base, ad_sales_base) is not null
