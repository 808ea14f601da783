"""The staging fact families of docs/DATA_MODEL.md with their typed columns.

A family with no staging view yet (no parser for it has landed, or the seller has no template) still exists as an
empty typed view, so the marts always build and simply show nothing for it.
"""

from __future__ import annotations

V, N, D, F, B = "VARCHAR", "BIGINT", "DATE", "DOUBLE", "BOOLEAN"
LINEAGE = [("source", V), ("import_id", N), ("row_no", N)]

FAMILIES: dict[str, list[tuple[str, str]]] = {
    "money": LINEAGE + [
        ("source_rank", "INTEGER"), ("channel", V), ("marketplace", V), ("currency", V), ("txn_type", V),
        ("order_id", V), ("sku", V), ("event_date", D), ("posted_date", D), ("settlement_id", V), ("units", N),
        ("product_sales", F), ("shipping_credits", F), ("giftwrap_credits", F), ("promotions", F),
        ("selling_fees", F), ("fulfillment_fees", F), ("other_txn_fees", F), ("other_amount", F), ("taxes", F),
        ("total", F), ("is_deferred", B), ("description", V),
        # payment processing (Shopify Payments, TikTok transaction fee) and creator/affiliate commission, both <= 0
        ("payment_fees", F), ("affiliate_fees", F),
        # amounts estimated rather than settled (e.g. TikTok fees of an order no statement covers yet)
        ("is_estimated", B),
    ],
    "orders": LINEAGE + [
        ("channel", V), ("marketplace", V), ("currency", V), ("order_id", V), ("sku", V), ("purchase_date", D),
        ("order_status", V), ("is_cancelled", B), ("units", N), ("item_price", F), ("item_promotion", F),
        ("shipping_price", F),
    ],
    "ads": LINEAGE + [
        ("channel", V), ("marketplace", V), ("currency", V), ("level", V), ("ad_date", D), ("period_start", D),
        ("period_end", D), ("campaign", V), ("ad_group", V), ("sku", V), ("asin", V), ("impressions", N),
        ("clicks", N), ("spend", F), ("ad_sales", F), ("ad_orders", N), ("ad_units", N), ("ad_sku_sales", F),
        # sp / sb / sd (Amazon), tiktok_ads, gmv_max, meta, google; attribution window of ad_sales in days
        ("ad_program", V), ("attribution_days", "INTEGER"),
    ],
    "traffic": LINEAGE + [
        ("marketplace", V), ("currency", V), ("period_start", D), ("period_end", D), ("parent_asin", V),
        ("asin", V), ("sku", V), ("title", V), ("sessions", N), ("page_views", N), ("buy_box_pct", F),
        ("units_ordered", N), ("ordered_sales", F), ("order_items", N), ("unit_session_pct", F),
    ],
    "inventory_snapshots": LINEAGE + [
        ("marketplace", V), ("location", V), ("snapshot_date", D), ("sku", V), ("asin", V), ("fnsku", V),
        ("available", N), ("reserved", N), ("inbound", N), ("unsellable", N), ("total_units", N),
        ("age_0_90", N), ("age_91_180", N), ("age_181_270", N), ("age_271_365", N), ("age_365_plus", N),
    ],
    "inventory_movements": LINEAGE + [
        ("marketplace", V), ("location", V), ("movement_date", D), ("sku", V), ("asin", V), ("fnsku", V),
        ("event_type", V), ("reference_id", V), ("quantity", N), ("disposition", V), ("reason", V),
    ],
    "storage_fees": LINEAGE + [
        ("marketplace", V), ("month", D), ("asin", V), ("fnsku", V), ("sku", V), ("currency", V), ("fee", F),
        ("average_units", F), ("volume", F),
    ],
    "fee_estimates": LINEAGE + [
        ("marketplace", V), ("snapshot_date", D), ("sku", V), ("asin", V), ("currency", V), ("price", F),
        ("referral_fee", F), ("fulfillment_fee", F), ("total_fee", F),
    ],
    "returns": LINEAGE + [
        ("marketplace", V), ("return_date", D), ("order_id", V), ("sku", V), ("asin", V), ("units", N),
        ("disposition", V), ("reason", V), ("status", V), ("channel", V),
    ],
    "sku_map": LINEAGE + [
        ("master_sku", V), ("name_zh", V), ("name_en", V), ("category", V), ("launch_date", D), ("channel", V),
        ("marketplace", V), ("channel_sku", V), ("asin", V),
    ],
    "landed_costs": LINEAGE + [
        ("master_sku", V), ("effective_from", D), ("currency", V), ("purchase_cost", F), ("first_mile", F),
        ("duty", F), ("other", F),
    ],
    "inbound_batches": LINEAGE + [
        ("batch_id", V), ("master_sku", V), ("units", N), ("currency", V), ("purchase_cost", F), ("first_mile", F),
        ("duty", F), ("other", F), ("fx_rate_paid", F), ("destination", V), ("arrival_date", D),
    ],
    "fx_rates": LINEAGE + [("rate_date", D), ("currency", V), ("base_currency", V), ("rate", F)],
    "own_stock": LINEAGE + [("snapshot_date", D), ("warehouse", V), ("master_sku", V), ("units", N)],
}  # fmt: skip


def empty_view_sql(family: str) -> str:
    """Returns a `select` with the family's typed columns and no rows."""
    cols = ", ".join(f"NULL::{typ} as {name}" for name, typ in FAMILIES[family])
    return f"select {cols} where false"
