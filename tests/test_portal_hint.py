"""The unknown-file sentence names download paths that exist and lead to imported reports (FORMATS.md): Amazon's
Date Range Report (Transaction) and Business Report by child item, TikTok Shop statements, Shopify's orders export
and payment transactions export — not Shopify's payouts summary, which carries no sales."""

from __future__ import annotations

from ui.catalog import CATALOG
from warehouse.ingest.detect import PORTAL_HINT, ImportRejected, detect


def test_hint_paths_in_both_languages():
    zh, en = CATALOG["rej_portal_hint"]
    assert en == PORTAL_HINT  # the CLI and the page say the same
    for part in ("Reports > Payments > Date Range Reports > Transaction",
                 "Business Reports > By ASIN > Detail Page Sales and Traffic By Child Item",
                 "TikTok Shop Finance > Statements > Export", "Shopify Orders > Export",
                 "Finance > Payouts > Export transactions"):  # fmt: skip
        assert part in en, part
    for part in ("日期范围报告 → 交易", "按 ASIN", "TikTok Shop 财务 → 账单 → 导出", "Shopify 订单 → 导出", "导出交易"):
        assert part in zh, part
    assert "Payouts > Export," not in en and "Payouts > Export;" not in en  # the payouts summary holds no sales


def test_unknown_file_sentence_carries_the_hint():
    try:
        detect(b"colour,weight\nred,3\n", "notes.csv")
    except ImportRejected as exc:
        assert exc.reason == "unknown_format" and PORTAL_HINT in str(exc)
    else:
        raise AssertionError("an unknown file was accepted")
