"""Seller templates: blank files round-trip through the importer, Chinese headers, latest import wins, undo."""

import io
from datetime import date

import openpyxl
import polars as pl
import pytest

from tests.conftest import rows
from warehouse.ingest.templates import TEMPLATE_IDS, blank_template, headers, write_template

# one data row per template, by canonical field
SAMPLE = {
    "tpl_sku_map": {"master_sku": "CAM-4K-BLK", "name_zh": "4K运动相机 黑色", "name_en": "4K Action Camera Black",
                    "category": "camera", "launch_date": "2024-11-01", "channel": "amazon",
                    "marketplace": "amazon.com", "channel_sku": "LM-CAM4K-B", "asin": "B0LUM00001"},
    "tpl_landed_costs": {"master_sku": "CAM-4K-BLK", "effective_from": "2026-06-01", "currency": "CNY",
                         "purchase_cost": "412.5", "first_mile": "38", "duty": "30.25", "other": "4"},
    "tpl_inbound_batches": {"batch_id": "PO-2026-07", "master_sku": "CAM-4K-BLK", "units": "1200", "currency": "CNY",
                            "purchase_cost": "412.5", "first_mile": "38", "duty": "30.25", "other": "4",
                            "fx_rate_paid": "1", "destination": "amazon.com", "arrival_date": "2026-08-15"},
    "tpl_fx_rates": {"rate_date": "2026-10-01", "currency": "USD", "base_currency": "CNY", "rate": "7.1234"},
    "tpl_own_stock": {"snapshot_date": "2026-10-31", "warehouse": "Shenzhen", "master_sku": "CAM-4K-BLK",
                      "units": "350"},
    "tpl_ad_campaigns": {"campaign_pattern": "*CAM-4K*", "ad_program": "meta", "marketplace": "shopify",
                         "master_sku": "CAM-4K-BLK"},
    "tpl_expenses": {"expense_date": "", "expense_month": "2026-10", "expense_category": "工资", "amount": "48000",
                     "currency": "CNY", "department": "运营", "channel": "", "marketplace": "", "store": "",
                     "master_sku": "", "recurring": "是", "end_month": "2026-12", "note": "Shenzhen team"},
    "tpl_budget": {"month": "2026-11", "line": "net_sales", "amount": "120000", "currency": "CNY",
                   "department": "sales", "channel": "amazon"},
    "tpl_targets": {"metric_id": "net_margin", "period": "2026-Q4", "channel": "amazon", "marketplace": "amazon.com",
                    "store": "default", "master_sku": "CAM-4K-BLK", "target": "0.12", "direction": "up"},
}  # fmt: skip


# the field made different in each variant, so every file adds its own row to one shared warehouse
VARY = {"tpl_sku_map": "channel_sku", "tpl_landed_costs": "master_sku", "tpl_inbound_batches": "batch_id",
        "tpl_fx_rates": "rate", "tpl_own_stock": "units", "tpl_ad_campaigns": "campaign_pattern", "tpl_expenses": "note",
        "tpl_budget": "department", "tpl_targets": "master_sku"}  # fmt: skip
VARIANTS = [("en", "csv"), ("zh", "csv"), ("en", "xlsx"), ("zh", "xlsx")]


def _with_row(format_id: str, lang: str, kind: str, n: int) -> bytes:
    blank = blank_template(format_id, lang, kind)
    values = dict(SAMPLE[format_id])
    key = VARY[format_id]
    values[key] = str(int(values[key]) + n) if key == "units" else (
        str(float(values[key]) + n / 100) if key == "rate" else f"{values[key]}-{n}")  # fmt: skip
    row = [values[f] for f in headers(format_id, "en")]
    if kind == "csv":
        return blank + (",".join(row) + "\r\n").encode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(blank))
    book["data"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("format_id", TEMPLATE_IDS)
def test_blank_template_round_trips(wh, format_id):
    for n, (lang, kind) in enumerate(VARIANTS):
        r = wh.ingest_bytes(_with_row(format_id, lang, kind, n), f"{format_id}_{lang}.{kind}")
        assert r.status == "imported", r.message
        assert (r.format_id, r.rows_added) == (format_id, 1), (lang, kind)
    assert rows(wh, f"select count(*) from app.{format_id}")[0][0] == 4


def test_xlsx_row_values_parse(wh):
    r = wh.ingest_bytes(_with_row("tpl_inbound_batches", "zh", "xlsx", 0), "batches.xlsx")
    assert r.status == "imported", r.message
    got = rows(
        wh, "select batch_id, units, purchase_cost, duty, fx_rate_paid, arrival_date from staging.inbound_batches"
    )
    assert got == [("PO-2026-07-0", 1200, 412.5, 30.25, 1.0, date(2026, 8, 15))]


def test_blank_csv_is_header_only_and_zh_headers_are_chinese():
    text = blank_template("tpl_landed_costs", "zh", "csv").decode("utf-8-sig")
    assert text == "主SKU,生效日期,币种,采购成本,头程运费,关税,其他成本\r\n"


def test_chinese_headers_parse_values(wh):
    data = "本地SKU,生效日期,币种,采购成本,头程运费,关税\nMNT-HELMET,2026-03-01,CNY,18.6,2.4,1.2\n"
    r = wh.ingest_bytes(data.encode("utf-8"), "成本.csv")
    assert r.status == "imported", r.message
    got = rows(
        wh,
        "select master_sku, effective_from, currency, purchase_cost, first_mile, duty, other from staging.landed_costs",
    )
    assert got == [("MNT-HELMET", date(2026, 3, 1), "CNY", 18.6, 2.4, 1.2, 0.0)]


def test_sku_map_normalises_marketplace_and_derives_channel(wh):
    data = "master_sku,marketplace,channel_sku\nCAM-4K-BLK,US,LM-CAM4K-B\nCAM-4K-BLK,tiktok.us,CAM4KB-TT\n"
    assert wh.ingest_bytes(data.encode(), "map.csv").status == "imported"
    got = rows(wh, "select channel, marketplace, channel_sku, master_sku from staging.sku_map order by channel")
    assert got == [
        ("amazon", "amazon.com", "LM-CAM4K-B", "CAM-4K-BLK"),
        ("tiktok", "tiktok.us", "CAM4KB-TT", "CAM-4K-BLK"),
    ]


def test_fx_rate_latest_import_wins_and_undo_restores(wh):
    first = "date,currency,base_currency,rate\n2026-10-01,USD,CNY,7.10\n2026-10-01,EUR,CNY,7.80\n"
    second = "日期,币种,本位币,汇率\n2026-10-01,USD,CNY,7.25\n"
    a = wh.ingest_bytes(first.encode(), "fx1.csv")
    b = wh.ingest_bytes(second.encode(), "fx2.csv")
    assert (a.status, b.status) == ("imported", "imported")
    q = "select currency, rate from staging.fx_rates where rate_date = date '2026-10-01' order by currency"
    assert rows(wh, q) == [("EUR", 7.80), ("USD", 7.25)]
    wh.undo(b.import_id)
    assert rows(wh, q) == [("EUR", 7.80), ("USD", 7.10)]


def test_reverting_to_an_earlier_value_still_wins(wh):
    # 7.10 (import 1) -> 7.25 (import 2) -> 7.10 again (import 3): the third sheet is the latest word
    sheets = ["date,currency,rate\n2026-10-01,USD,7.10\n", "date,currency,rate\n2026-10-01,USD,7.25\n",
              "date,currency,rate\n2026-10-01,USD,7.10\n2026-10-02,USD,7.11\n"]  # fmt: skip
    for i, s in enumerate(sheets):
        assert wh.ingest_bytes(s.encode(), f"fx{i}.csv").status == "imported"
    got = rows(wh, "select rate, base_currency from staging.fx_rates where rate_date = date '2026-10-01'")
    assert got == [(7.10, "CNY")]  # no base-currency column: the BASE_CURRENCY setting (default CNY)
    # the first sheet again under another name (different bytes, same rows) is also the latest word
    assert wh.ingest_bytes(sheets[1].encode() + b"\n", "fx_again.csv").status == "imported"
    assert rows(wh, "select rate from staging.fx_rates where rate_date = date '2026-10-01'") == [(7.25,)]


def test_write_template_saves_an_edited_table(wh):
    frame = pl.DataFrame(
        {"snapshot_date": [date(2026, 11, 1), date(2026, 11, 1)], "warehouse": ["Shenzhen", "Shenzhen"],
         "master_sku": ["CAM-4K-BLK", "BAT-1800"], "units": [120, 800]}
    )  # fmt: skip
    data = write_template("tpl_own_stock", frame, "zh")
    assert data.decode("utf-8-sig").splitlines()[0] == "盘点日期,仓库,主SKU,数量"
    r = wh.ingest_bytes(data, "own_stock_edit.csv")
    assert r.status == "imported", r.message
    # 120 + 800 = 920 units, reaching staging.inventory_snapshots as the own warehouse's stock
    got = rows(
        wh,
        "select location, marketplace, sum(available)::BIGINT from staging.inventory_snapshots "
        "where source = 'tpl_own_stock' group by all",
    )
    assert got == [("Shenzhen", None, 920)]
