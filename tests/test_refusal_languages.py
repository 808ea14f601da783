"""Every refusal kind reads in the page's language: binary and unreadable-encoding files, broken Excel files,
recognised-but-not-imported reports (each one of warehouse.ingest.known_reports), the TikTok affiliate export and a
store's report in a warehouse of several stores carry a reason code, and ui.refusal renders it from ui/locales.
Real imports through the Warehouse; the English rendering equals the importer's own sentence."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from ui.catalog import CATALOG
from ui.refusal import known_slug, refusal_text
from warehouse.ingest.detect import ImportRejected
from warehouse.ingest.importer import Warehouse
from warehouse.ingest.known_reports import KNOWN_REPORTS

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "cases"
LATIN_WORDS = re.compile(r"\b(the|this|is|not|and|upload|download|file|report)\b", re.I)


def zip_not_excel() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "not a workbook")
    return buf.getvalue()


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refusals")
    w = Warehouse(folder / "wh.duckdb", folder / "archive")
    yield w
    w.close()


def both(result) -> tuple[str, str]:
    assert result.status == "rejected", result.message
    zh = refusal_text(result.reason, result.params, result.message, "zh")
    en = refusal_text(result.reason, result.params, result.message, "en")
    return zh, en


@pytest.mark.parametrize(("name", "raw", "reason"), [
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "binary"),
    ("orders.xlsx", zip_not_excel(), "excel_unreadable"),
    ("affiliate.csv", b"Order ID,Creator Username,Actual Commission Payment\n1,a,2.5\n", "recognised_only"),
])  # fmt: skip
def test_refusal_kinds_in_both_languages(wh, name, raw, reason):
    result = wh.ingest_bytes(raw, name)
    assert result.reason == reason
    zh, en = both(result)
    assert en == result.message  # the page in English says exactly what the CLI says
    assert zh.startswith(name + "：") and re.search(r"[\u4e00-\u9fff]", zh)
    # the Excel reader's own error detail is quoted as it comes
    assert not LATIN_WORDS.search(zh.replace(name, "").replace(result.params.get("detail", ""), "")), zh


def test_known_report_case_in_chinese(wh):
    result = wh.ingest_path(CASES / "min_amazon_removal_shipment_detail.csv")
    assert result.reason == "known_report"
    zh, en = both(result)
    assert en == result.message
    assert "FBA 移除货件详情报告" in zh and not LATIN_WORDS.search(zh.replace(result.params["file"], "")), zh
    # a space between Chinese and the Latin "FBA"; the advice reads as a Chinese request, not a bare "上传 付款 →"
    assert "这是 FBA 移除货件详情报告" in zh and "移除费用请从“付款 → 报告库”下载日期范围报告（交易）并上传" in zh, zh


@pytest.mark.parametrize("report", KNOWN_REPORTS, ids=lambda k: known_slug(k.name_en))
def test_every_known_report_has_both_languages(report):
    # the English catalog text is the report's own (warehouse.ingest.known_reports), so CLI and page agree
    s = known_slug(report.name_en)
    assert CATALOG[f"known_why_{s}"][1] == report.why and CATALOG[f"known_do_{s}"][1] == report.instead
    exc = ImportRejected(report.sentence("x.csv"), "known_report", file="x.csv", report=report.name_en)
    assert refusal_text(exc.reason, exc.params, str(exc), "en") == str(exc)
    zh = refusal_text(exc.reason, exc.params, str(exc), "zh")
    assert report.name_zh in zh and not LATIN_WORDS.search(zh.replace("Flat File", "")), zh  # a product name
    # the Data page's English names the report as the English portal does, with no Chinese in the sentence
    en_page = refusal_text(exc.reason, {**exc.params, "detail": ""}, "", "en")
    assert report.name_en in en_page and not re.search(r"[\u4e00-\u9fff]", en_page), en_page


def test_several_stores_need_a_pick(tmp_path):
    w = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        fixture = CASES / "amazon_date_range_us_service_fees.csv"
        assert w.ingest_path(fixture, store="Main").ok
        assert w.ingest_path(fixture, store="Outlet").ok
        result = w.ingest_path(CASES / "min_shopify_vat_inclusive.csv")  # another file, no store named
    finally:
        w.close()
    assert result.reason == "pick_store"
    zh, en = both(result)
    # the page's sentence is the CLI's up to what to do: no command-line hint (a web page has no --store), and on
    # the Data page it points at the store box above instead of "the Data page"
    # … and names the warehouse's first store ("default") as the sidebar does
    cli = result.message.replace("(default, ", "(Default store, ").split(";")[0]
    assert en.split(";")[0] == cli and "--store" not in en and "Data page" not in en
    assert "Main" in zh and "Outlet" in zh and "上方的“文件所属店铺”框中选择店铺" in zh


def test_store_pick_names_the_default_store(tmp_path):
    """The warehouse's first store is stored as "default"; the refusal names it as the sidebar does."""
    w = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        fixture = CASES / "amazon_date_range_us_service_fees.csv"
        assert w.ingest_path(fixture).ok  # no store named: the default store
        assert w.ingest_path(fixture, store="Outlet").ok
        result = w.ingest_path(CASES / "min_shopify_vat_inclusive.csv")
    finally:
        w.close()
    assert result.reason == "pick_store" and "default" in result.params["stores"]
    zh, en = both(result)
    assert "默认店铺" in zh and "Outlet" in zh and "default" not in zh, zh
    assert "Default store" in en and "(default," not in en, en


def test_encoding_refusal_renders_in_both_languages():
    exc = ImportRejected("x.csv: the text encoding could not be recognised (tried UTF-8, UTF-16, GB18030, Shift_JIS, "
                         "cp1252); save the file as UTF-8 CSV and upload it again.", "encoding", file="x.csv")  # fmt: skip
    assert refusal_text(exc.reason, exc.params, str(exc), "en") == str(exc)
    assert "UTF-8 CSV" in refusal_text(exc.reason, exc.params, str(exc), "zh")


def test_damaged_files_in_both_languages(wh):
    raw = (CASES / "amazon_date_range_us_service_fees.csv").read_bytes().rstrip(b"\r\n")
    cut = wh.ingest_bytes(raw[: len(raw) - 7], "cut.csv")  # the download stopped inside the last line
    lines = raw.split(b"\n")
    extra = wh.ingest_bytes(b"\n".join([*lines[:-1], lines[-1] + b',"x","y"']) + b"\n", "extra.csv")
    for result in (cut, extra):
        assert result.reason in ("cut_off", "field_count", "broken_line"), (result.reason, result.message)
        zh, en = both(result)
        assert en == result.message
        assert re.search(r"[\u4e00-\u9fff]", zh) and not LATIN_WORDS.search(zh.replace(result.params["file"], ""))


@pytest.mark.parametrize(("reason", "params"), [
    ("mixed_encoding", {"file": "a.csv", "byte": "1,024", "encoding": "utf-8"}),
    ("unreadable_table", {"file": "a.csv", "detail": "x"}),
    ("no_period", {"file": "a.csv", "format": "amazon_business_report"}),
    ("no_as_of", {"file": "a.csv", "format": "amazon_fba_inventory"}),
])  # fmt: skip
def test_other_codes_render_in_chinese(reason, params):
    zh = refusal_text(reason, params, "english fallback", "zh")
    assert zh != "english fallback" and zh.startswith("a.csv：")
