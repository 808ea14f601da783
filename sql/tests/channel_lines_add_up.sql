-- every TikTok Shop / Shopify money line is the sum of its parts (fee totals never added to their own parts)
select source, import_id, row_no, txn_type, total,
    product_sales + shipping_credits + giftwrap_credits + promotions + selling_fees + fulfillment_fees
        + other_txn_fees + coalesce(payment_fees, 0) + coalesce(affiliate_fees, 0) + other_amount + taxes as parts
from marts.money_lines
where channel in ('tiktok', 'shopify')
  and abs(total - (product_sales + shipping_credits + giftwrap_credits + promotions + selling_fees + fulfillment_fees
        + other_txn_fees + coalesce(payment_fees, 0) + coalesce(affiliate_fees, 0) + other_amount + taxes)) > 0.005
