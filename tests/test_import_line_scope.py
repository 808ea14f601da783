"""Import result lines name what a file is for (marketplace · currency of its rows) before the header language:
an amazon.de report downloaded from an English or a Chinese Seller Central is an amazon.de report, not "(US)"/"(ZH)"."""

from datetime import date

from warehouse.ingest.scope import label_suffix

PERIOD = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31)}


def test_english_transaction_report_of_amazon_de_is_labelled_de_eur(wh, fixture_path, tmp_path):
    # the US layout (English header) with amazon.de rows and the preamble's "All amounts in EUR": what a seller of
    # amazon.de gets from Seller Central switched to English
    text = fixture_path("amazon_transactions", "us_2025.csv").read_text(encoding="utf-8")
    de = text.replace("All amounts in USD", "All amounts in EUR").replace('"amazon.com"', '"amazon.de"')
    path = tmp_path / "2026MarMonthlyTransaction.csv"
    path.write_text(de, encoding="utf-8")
    r = wh.ingest_path(path)
    assert r.status == "imported", r.message
    assert (r.variant, r.scope) == ("US", "amazon.de · EUR")  # the stored variant stays the header layout
    assert "(amazon.de · EUR, the default store; English (US) header): 6 rows added" in r.line()
    assert "range) (US)" not in r.line()  # the old label named only the header layout


def test_chinese_business_report_for_amazon_de_is_labelled_de_eur(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_business_report", "zh_gbk.csv"), {**PERIOD, "marketplace": "amazon.de"})
    assert r.status == "imported", r.message
    assert (r.variant, r.scope) == ("ZH", "amazon.de · EUR")
    assert (
        "(amazon.de · EUR, the default store; Chinese header)" in r.line()
        and "report (sales and traffic by child ASIN) (ZH)" not in r.line()
    )
    assert label_suffix(r.format_id, r.variant, r.scope, "zh") == "（amazon.de · EUR；表头：中文）"


def test_unified_report_names_each_marketplace_and_its_currency(wh, fixture_path, tmp_path):
    # a US unified report with one amazon.ca row: that row carries CAD (the marketplace's own currency)
    text = fixture_path("amazon_transactions", "us_2025.csv").read_text(encoding="utf-8")
    path = tmp_path / "unified.csv"
    path.write_text(text.replace('"amazon.com"', '"amazon.ca"', 1), encoding="utf-8")
    r = wh.ingest_path(path)
    assert r.status == "imported", r.message
    # rows: 6 in the file, one moved to amazon.ca; rows without a marketplace (fee/transfer lines) default to .com
    assert r.scope.startswith("amazon.com · USD, ") and "amazon.ca · CAD" in r.scope


def test_formats_without_marketplace_keep_their_line(wh, fixture_path):
    # a template has no marketplace column: its line is unchanged ("FX rates (template): ...")
    r = wh.ingest_path(fixture_path("amazon_business_report", "us_current.csv"), PERIOD)
    assert r.scope == "amazon.com · USD"
    assert label_suffix("tpl_fx_rates", "template", "") == " (template)"
    assert label_suffix("amazon_ads_products", "SP Daily CSV, 7-day", "") == " (SP Daily CSV, 7-day)"
    assert label_suffix("x", "", "") == ""


def _history():
    import polars as pl
    import streamlit as st

    from ui.tables import readable_ids

    frame = pl.DataFrame(
        {"format_id": ["amazon_business_report", "amazon_ads_products"], "variant": ["ZH", "SP Daily CSV, 7-day"]}
    )
    st.session_state["shown"] = readable_ids(frame)["variant"].to_list()


def test_import_history_names_a_header_language_variant_as_such():
    from streamlit.testing.v1 import AppTest

    from ui.state import defaults

    # the version label reads in the page's language too (ui/variants.py: SP Daily CSV → SP 每日 CSV, 7-day → 7天归因)
    for lang, header, version in (
        ("zh", "表头：中文", "SP 每日 CSV，7天归因"),
        ("en", "Chinese header", "SP Daily CSV, 7-day"),
    ):
        at = AppTest.from_function(_history)
        at.session_state["view_state"] = defaults(lang, "CNY")
        at.run(timeout=60)  # the first run imports the UI modules: slow on a loaded machine
        assert not at.exception, [e.value for e in at.exception]
        assert at.session_state["shown"] == [header, version]
