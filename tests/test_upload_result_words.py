"""An upload's result line names what the file is for and where it went in words, not ids: "Shopify orders export
(Shopify · USD, store “Main shop”)", never "(shopify · USD, shopify)" — the Shopify channel's marketplace by the
channel's name, its rows without a Currency cell (a Shopify order's later lines leave it empty) as the file's one
currency, and the store the file went into (the command line's English line too). A multi-file upload's summary
names the files that added no row, and the Cash page's Chinese says its pay-out days in Chinese."""

from __future__ import annotations

import re

import pytest

from tests.conftest import FIXTURES, open_app_page
from ui.upload import result_line, summary

ORDERS = FIXTURES / "shopify_orders" / "orders_export_1.csv"  # 5 rows, USD; the later lines of an order: no Currency


@pytest.mark.parametrize("lg", ["en", "zh"])
def test_the_shopify_line_names_the_channel_and_the_store(wh, monkeypatch, lg):
    r = wh.ingest_path(ORDERS, store="Main shop")
    assert r.status == "imported", r.message
    monkeypatch.setattr("ui.i18n.lang", lambda: lg)
    monkeypatch.setattr("ui.upload.lang", lambda: lg)
    line = result_line(r)
    if lg == "en":
        assert "Shopify orders export (Shopify · USD, store “Main shop”): 5 rows added" in line, line
    else:
        assert "（Shopify · USD，店铺“Main shop”）：新增 5 行" in line, line
    assert "shopify" not in line and "default" not in line, line  # no channel or store id


def test_the_command_lines_line_names_the_store_too(wh):
    r = wh.ingest_path(ORDERS)  # the only store: the default one
    assert r.line().startswith("orders_export_1.csv: Shopify orders export (Shopify · USD, the default store): "), (
        r.line()
    )
    other = wh.ingest_path(FIXTURES / "shopify_orders" / "orders_export_excel.csv", store="Main shop")
    assert "(Shopify · USD, store “Main shop”): 1 row added" in other.line(), other.line()


@pytest.mark.parametrize("lg", ["en", "zh"])
def test_a_multi_file_summary_names_the_file_that_added_nothing(lg):
    # 3 files: a.csv added 5 rows, b.csv 0 (its 5 rows already present), c.csv the same bytes as an earlier import
    kind, text = summary(["a.csv", "b.csv", "c.csv"], ["imported", "imported", "duplicate"], lg, [5, 0, 0])
    text = text.replace("\\.", ".")  # the page escapes a file name's Markdown characters (ui.format.plain)
    assert kind == "success"
    if lg == "en":
        assert text == (
            "3 files: 1 imported; 1 with no new rows (b.csv: every row already present); "
            "1 already imported (nothing changed)"
        ), text
    else:
        assert text == "3 个文件：1 个已导入；1 个没有新增行（b.csv：所有行都已存在）；1 个此前已导入（数据未变）", text


@pytest.mark.parametrize("lg", ["zh", "en"])
def test_the_cash_page_says_its_pay_out_days_in_the_pages_language(demo_warehouse_file, monkeypatch, lg):
    at = open_app_page(demo_warehouse_file, monkeypatch, "pages/cash.py", {"lang": lg}, copy="cash_words_")
    note = next(c.value for c in at.caption if "TikTok" in c.value)  # the note on each channel's pay-out day
    if lg == "zh":
        # only the portals' names stay in Latin letters ("deposit-date", "payout" read as English in Chinese)
        words = set(re.findall(r"[A-Za-z][A-Za-z-]*", note))
        assert words <= {"TikTok", "Shop", "Shopify", "CNY"}, (words, note)
        assert "Shopify 为打款日" in note, note
    else:
        assert "Amazon deposit / transfer date" in note and "Shopify payout date" in note, note


@pytest.mark.parametrize("lg", ["zh", "en"])
def test_a_saved_template_says_its_result_in_the_pages_language(wh, monkeypatch, lg):
    # Settings' editors import the edited table as a template file: the success line was the importer's English
    # (result.line(): "… rows added …") on a Chinese page too
    from ui.editor import saved_message

    monkeypatch.setattr("ui.i18n.lang", lambda: lg)
    monkeypatch.setattr("ui.upload.lang", lambda: lg)
    raw = b"Master SKU,Channel,Marketplace,Channel SKU\nCAM-A,amazon,amazon.com,CAM-A-US\n"
    kind, text = saved_message(wh.ingest_bytes(raw, "tpl_sku_map_20261202-101500.csv"))
    assert kind == "success", text
    if lg == "zh":
        assert text.startswith("已保存：") and "新增 1 行" in text and "rows added" not in text, text
    else:
        assert text.startswith("Saved: ") and "1 row added" in text, text
    kind, text = saved_message(wh.ingest_bytes(raw, "tpl_sku_map_20261202-101600.csv"))  # the same table again
    assert (kind, text) == ("info", "没有改动。" if lg == "zh" else "Nothing changed."), text


@pytest.mark.parametrize("lg", ["en", "zh"])
def test_a_duplicate_line_names_the_store_of_the_earlier_import(wh, monkeypatch, lg):
    # the walk: "amazon_date_range_us_service_fees.csv：亚马逊交易报告（付款-日期范围报告）：内容相同的文件已作为导入 #788
    # 导入过" named no store, where the first import's line did
    assert wh.ingest_path(ORDERS, store="Main shop").status == "imported"
    again = wh.ingest_path(ORDERS, store="Main shop")
    assert again.status == "duplicate"
    monkeypatch.setattr("ui.i18n.lang", lambda: lg)
    monkeypatch.setattr("ui.upload.lang", lambda: lg)
    line = result_line(again)
    want = "store “Main shop”" if lg == "en" else "店铺“Main shop”"
    assert want in line and f"#{again.import_id}" in line, line
