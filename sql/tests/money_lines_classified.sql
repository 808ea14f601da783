-- every money line's amounts land in the buckets of what it is (txn_type), to the cent:
-- (1) classified components + taxes = the line's reported total (transfers: no component at all);
-- (2) a non-order line lands in exactly one bucket: its own (ad_charges / other_fees / other_income), the others 0
with lines as (
    select
        *,
        gross_sales + refunds + promotions + marketplace_fees + other_fees + other_income + ad_charges
            as classified
    from marts.money_lines
),

checked as (
    select
        source, import_id, row_no, txn_type, bucket, total, taxes, classified,
        case
            when bucket = 'transfer' then abs(classified) > 0.005
            else abs(classified + taxes - total) > 0.005
        end as total_broken,
        bucket <> 'sales' and (
            abs(gross_sales) + abs(refunds) + abs(promotions) + abs(marketplace_fees) > 0.005
            or (bucket <> 'ad_charges' and abs(ad_charges) > 0.005)
            or (bucket <> 'other_fees' and abs(other_fees) > 0.005)
            or (bucket <> 'other_income' and abs(other_income) > 0.005)
        ) as bucket_broken
    from lines
)

select source, import_id, row_no, txn_type, bucket, total, taxes, classified, total_broken, bucket_broken
from checked
where total_broken or bucket_broken
