"""Amazon Ads beyond 7-day Sponsored Products: 14-day / currency-tagged names, SB, SD, new-console SB, one source per
ad fact, ASIN-only product rows; the cases of shared/cases (amazon.in) as tests. Golden values by hand from the files.
"""

from datetime import date

import pytest

from tests.conftest import FIXTURES, rows

CASES = FIXTURES.parent / "cases"
SBSD = FIXTURES / "amazon_ads_sb_sd"


def ingest(wh, path, options=None):
    r = wh.ingest_path(path, options)
    assert r.status == "imported", r.message
    return r


def file_totals(wh, source):
    return rows(
        wh,
        "select min(ad_program), min(level), min(attribution_days), max(attribution_days), min(marketplace), "
        "min(currency), round(sum(spend), 2), round(sum(ad_sales), 2), sum(ad_orders)::BIGINT from staging.ads "
        "where source = ?",
        [source],
    )[0]


# -- cases (shared/cases/README.md) ----------------------------------------------------------------------------
def test_case_sp_search_term_14day_rupee_headers(wh):
    r = ingest(wh, CASES / "min_ads_sp_search_term_14day.xlsx")
    assert (r.format_id, r.variant) == ("amazon_ads_search_terms", "SP Daily XLSX, 14-day")
    # spend 31.35 + 139.75 = 171.10 INR; ad sales 0 + 320.54 = 320.54 from `14 Day Total Sales (₹)`; orders 0 + 1
    assert file_totals(wh, "amazon_ads_search_terms") == (
        "sp", "search_term", 14, 14, "amazon.in", "INR", 171.10, 320.54, 1,
    )  # fmt: skip
    # the `(₹)` advertised-ASIN column feeds the advertised sales too (day 2: 320.54)
    assert rows(wh, "select advertised_sales from raw.amazon_ads_search_terms where row_no = 2") == [(320.54,)]


def test_case_sp_campaign_rupee_money(wh):
    r = ingest(wh, CASES / "min_ads_sp_campaign_rupee_14day.csv")
    assert r.format_id == "amazon_ads_campaigns"
    # `Rs.201.68` + `Rs.255.92` = 457.60 INR; sales Rs.961.62 + Rs.0.0; orders 3 + 0; budget `Rs.1000.0`
    assert file_totals(wh, "amazon_ads_campaigns") == ("sp", "campaign", 14, 14, "amazon.in", "INR", 457.60, 961.62, 3)
    assert rows(wh, "select budget_amount, cpc from raw.amazon_ads_campaigns where row_no = 1") == [
        (1000.0, 15.5138462)
    ]
    # `Date` is the report day; `Start Date` here is the campaign's start, not the period
    assert rows(wh, "select min(ad_date), max(ad_date) from staging.ads") == [(date(2020, 2, 1), date(2020, 2, 1))]


def test_case_sp_advertised_product_asin_only_listed_then_mapped(wh):
    r = ingest(wh, CASES / "min_ads_sp_advertised_product_asin_only_14day.xlsx")
    assert r.format_id == "amazon_ads_products"
    # spend 112.97 + 364.10 = 477.07 INR, sales 0 + 641.08, orders 0 + 2
    assert file_totals(wh, "amazon_ads_products") == ("sp", "product", 14, 14, "amazon.in", "INR", 477.07, 641.08, 2)
    unmapped = rows(wh, "select marketplace, asin, currency, rows, round(amount, 2) from marts.unmapped_ad_asins")
    assert unmapped == [("amazon.in", "B07B7NSLLP", "INR", 2, 477.07)]
    assert rows(wh, "select master_sku, round(sum(ad_spend), 2) from marts.ad_days group by all") == [(None, 477.07)]
    # the SKU map names the ASIN: the spend moves to its master SKU and the health list empties
    sku_map = "master_sku,marketplace,channel_sku,asin\nOIL-100,amazon.in,OIL-100-IN,B07B7NSLLP\n"
    assert wh.ingest_bytes(sku_map.encode(), "map.csv").status == "imported"
    assert rows(wh, "select master_sku, round(sum(ad_spend), 2) from marts.ad_days group by all") == [
        ("OIL-100", 477.07)
    ]
    assert rows(wh, "select count(*) from marts.unmapped_ad_asins") == [(0,)]


def test_unmapped_asin_named_in_the_report_warnings(wh):
    from metrics.core.api import Filters
    from metrics.core.report import build_report

    ingest(wh, CASES / "min_ads_sp_advertised_product_asin_only_14day.xlsx")
    report = build_report(wh.con, Filters(start=date(2020, 2, 1), end=date(2020, 2, 29)))
    assert any(w.startswith("1 advertised ASIN has no SKU (its ad") for w in report.warnings), report.warnings


def test_asin_only_rows_mapped_through_business_report(wh):
    ingest(wh, CASES / "min_ads_sp_advertised_product_asin_only_14day.xlsx")
    report = (
        "(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions - Total,Units Ordered,Ordered Product Sales\n"
        'B07B7NSLLP,B07B7NSLLP,Pain relief oil,OIL-100-IN,500,12,"₹3,588.00"\n'
    )
    opts = {"period_start": date(2020, 2, 1), "period_end": date(2020, 2, 29), "marketplace": "amazon.in"}
    assert wh.ingest_bytes(report.encode(), "BusinessReport.csv", opts).status == "imported"
    assert rows(wh, "select master_sku, round(sum(ad_spend), 2) from marts.ad_days group by all") == [
        ("OIL-100-IN", 477.07)
    ]
    assert rows(wh, "select count(*) from marts.unmapped_ad_asins") == [(0,)]


def test_case_sp_targeting_report_imported_as_detail(wh):
    r = ingest(wh, CASES / "min_ads_sp_targeting_report.xlsx")
    assert r.format_id == "amazon_ads_targeting"
    # spend 31.35 + 262.40 = 293.75 INR; sales 320.54 (day 2), 1 order
    assert file_totals(wh, "amazon_ads_targeting") == ("sp", "targeting", 14, 14, "amazon.in", "INR", 293.75, 320.54, 1)
    # alone it is the only source of those days: ad days count it once, as targeting-level spend
    assert rows(wh, "select min(source_level), round(sum(ad_spend), 2) from marts.ad_days") == [("targeting", 293.75)]


def test_case_german_business_report_imports_like_english(wh):
    opts = {"period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31)}
    r = ingest(wh, CASES / "amazon_business_report_de_german_ui.csv", opts)
    assert (r.format_id, r.variant) == ("amazon_business_report", "DE")
    # `1.999,55 €` + `368,14 €` = 2367.69 EUR; units 87 + 16 = 103; sessions `1.204` + 310 = 1514
    got = rows(
        wh,
        "select min(marketplace), min(currency), round(sum(ordered_sales), 2), sum(units_ordered)::BIGINT, "
        "sum(sessions)::BIGINT, count(*) from staging.traffic",
    )
    assert got == [("amazon.de", "EUR", 2367.69, 103, 1514, 2)]
    assert rows(wh, "select round(unit_session_pct, 4) from raw.amazon_business_report where row_no = 1") == [(0.0723,)]


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("min_amazon_removal_shipment_detail.csv", ("removal shipment detail report", "does not import")),
        ("amazon_settlement_v1_flat_file_2015.txt", ("old settlement Flat File", '"Flat File V2"')),
    ],
)
def test_case_recognised_reports_named(wh, case, words):
    r = wh.ingest_path(CASES / case)
    assert r.status == "rejected"
    assert all(w in r.message for w in words), r.message
    assert "without editing its header" not in r.message and "all columns" not in r.message


# -- golden fixtures of the SB / SD / new-console layouts ------------------------------------------------------
def test_sb_keyword_report_summary(wh):
    r = ingest(wh, SBSD / "Sponsored_Brands_Keyword_report_2021-03.csv")
    assert (r.format_id, r.variant) == ("amazon_ads_targeting", "SB Summary CSV, 14-day")
    first = rows(
        wh,
        "select campaign, targeting, match_type, impressions, clicks, spend, sales, orders, ntb_orders, ntb_sales, "
        "round(acos, 6), attribution_days from raw.amazon_ads_targeting where row_no = 1",
    )[0]
    assert first == ("SB - Brand - Cameras", "action camera", "BROAD", 12480, 96, 120.0, 399.96, 4, 3, 299.97,
                     0.30003, 14)  # fmt: skip
    # spend 120.00 + 57.40 + 10.56 = 187.96; sales 399.96 + 399.98 + 0 = 799.94; orders 4 + 2 + 0 = 6
    assert file_totals(wh, "amazon_ads_targeting") == (
        "sb", "targeting", 14, 14, "amazon.com", "USD", 187.96, 799.94, 6,
    )  # fmt: skip
    # summary period spread over March's 31 days; the largest campaign-day is SB - Brand - Cameras:
    # (120.00 + 57.40) / 31 = 5.7226
    got = rows(wh, "select count(distinct day), round(sum(ad_spend), 2), round(max(ad_spend), 4) from marts.ad_days")
    assert got == [(31, 187.96, 5.7226)]


def test_sb_video_campaign_report_total_not_click_sales(wh):
    r = ingest(wh, SBSD / "campaign_report_video_2022-05.csv")
    # the file name does not say SB: the video columns do
    assert (r.format_id, r.variant) == ("amazon_ads_campaigns", "SB Daily CSV, 14-day")
    day1 = rows(
        wh,
        "select ad_date, spend, ad_sales, ad_orders, attribution_days from staging.ads where ad_date = '2022-05-01'",
    )
    # the unsuffixed `14 Day Total Sales` (259.98), not `14 Day Total Sales - (Click)` (129.99)
    assert day1 == [(date(2022, 5, 1), 36.00, 259.98, 2, 14)]
    # spend 36.00 + 25.00 = 61.00; sales 259.98 + 0; orders 2 + 0
    assert file_totals(wh, "amazon_ads_campaigns") == ("sb", "campaign", 14, 14, "amazon.com", "USD", 61.00, 259.98, 2)
    assert rows(wh, "select viewable_impressions, cost_type from raw.amazon_ads_campaigns where row_no = 1") == [
        (6100, "CPC")
    ]


def test_sd_advertised_product_report_uk(wh):
    r = ingest(wh, SBSD / "Sponsored_Display_Advertised_product_report.csv")
    assert (r.format_id, r.variant) == ("amazon_ads_products", "SD Summary CSV, 14-day")
    got = rows(
        wh,
        "select period_start, period_end, sku, asin, spend, ad_sales, ad_orders, ad_program, attribution_days "
        "from staging.ads order by row_no",
    )
    # `01/04/2026` is 1 April in a GBP file
    assert got == [
        (date(2026, 4, 1), date(2026, 4, 7), "CAM-4K-BLK-UK", "B0CAM4K001", 25.00, 129.99, 1, "sd", 14),
        (date(2026, 4, 1), date(2026, 4, 7), "MOUNT-UK", "B0MOUNT001", 8.40, 19.99, 1, "sd", 14),
    ]
    # spend £25.00 + £8.40 = 33.40; sales £129.99 + £19.99 = 149.98; orders 2
    assert file_totals(wh, "amazon_ads_products") == ("sd", "product", 14, 14, "amazon.co.uk", "GBP", 33.40, 149.98, 2)


def test_new_console_sponsored_brands(wh):
    r = ingest(wh, SBSD / "Sponsored_brands_campaign_Mar_2026.csv")
    assert (r.format_id, r.variant) == ("amazon_ads_new_console", "SB campaign CSV")
    # the window is not in new-console names: SB's 14 days; spend 341.00 + 72.90 = 413.90, sales 649.95 + 19.99
    assert file_totals(wh, "amazon_ads_new_console") == (
        "sb", "campaign", 14, 14, "amazon.com", "USD", 413.90, 669.94, 6,
    )  # fmt: skip
    assert rows(wh, "select campaign_id, total_cost from raw.amazon_ads_new_console where row_no = 2") == [
        ("555000000000002", 72.90)
    ]


# -- one ad fact, one source -----------------------------------------------------------------------------------
SP_PRODUCT = (
    "Date,Currency,Campaign Name,Ad Group Name,Advertised SKU,Advertised ASIN,Impressions,Clicks,Spend,"
    "7 Day Total Sales ,7 Day Total Orders (#),7 Day Total Units (#)\n"
    '"Mar 01, 2026",USD,SP - Cam,Auto,CAM-1,B0CAM00001,1000,10,$11.10,$129.99,1,1\n'
    '"Mar 01, 2026",USD,SP - Cam,Auto,CAM-2,B0CAM00002,800,6,$5.70,$0.00,0,0\n'
)
SP_CAMPAIGN = (
    "Date,Program Type,Campaign Name,Currency,Impressions,Clicks,Spend,7 Day Total Orders (#),7 Day Total Sales \n"
    '"Mar 01, 2026",Sponsored Products,SP - Cam,USD,1800,16,$16.80,1,$129.99\n'
    '"Mar 02, 2026",Sponsored Products,SP - Cam,USD,900,8,$9.00,0,$0.00\n'
)
SB_CAMPAIGN = (
    "Date,Currency,Campaign Name,Impressions,Clicks,Spend,14 Day Total Sales ,14 Day Total Orders (#)\n"
    '"Mar 01, 2026",USD,SB - Brand,5000,20,$20.00,$59.98,2\n'
)


def test_sp_product_and_campaign_count_once_sp_and_sb_add_up(wh):
    for name, text in (
        ("sp_product.csv", SP_PRODUCT),
        ("sp_campaign.csv", SP_CAMPAIGN),
        ("Sponsored_Brands_Campaign_report.csv", SB_CAMPAIGN),
    ):
        assert wh.ingest_bytes(text.encode(), name).status == "imported", name
    got = rows(
        wh,
        "select day, ad_program, source_level, round(sum(ad_spend), 2), round(sum(ad_sales), 2), "
        "max(attribution_days) from marts.ad_days group by all order by day, ad_program",
    )
    # SP 1 Mar: product rows 11.10 + 5.70 = 16.80 (the campaign report's 16.80 is the same spend, not added);
    # SP 2 Mar: no product rows, the campaign row 9.00; SB 1 Mar: 20.00, added to SP
    assert got == [
        (date(2026, 3, 1), "sb", "campaign", 20.00, 59.98, 14),
        (date(2026, 3, 1), "sp", "product", 16.80, 129.99, 7),
        (date(2026, 3, 2), "sp", "campaign", 9.00, 0.00, 7),
    ]
    # total 16.80 + 9.00 + 20.00 = 45.80, not 16.80 + 16.80 + 9.00 + 20.00
    assert rows(wh, "select round(sum(ad_spend), 2) from marts.ad_days") == [(45.80,)]
    assert rows(wh, "select * from marts.ad_coverage") == [("default", "amazon.com", date(2026, 3, 1))]
    # the data lineage of ad spend lists the same rows: product 16.80 (1 Mar), campaign 9.00 (2 Mar only), SB 20.00
    from metrics.core import api

    lin = api.lineage(wh.con, api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31)), None, "ad_spend")
    got = {r["file_name"]: (r["rows"], round(r["amount"], 2)) for r in lin.iter_rows(named=True)}
    assert got == {
        "sp_product.csv": (2, 16.80),
        "sp_campaign.csv": (1, 9.00),
        "Sponsored_Brands_Campaign_report.csv": (1, 20.00),
    }


# -- header variants of §13.5.6: currency tags, localized names, 30-day windows -------------------------------
VARIANTS = [
    # UK search term, no Currency column: the `(£)` tag gives GBP and amazon.co.uk; day-first dates
    ("Sponsored_Products_Search_term_report_uk.csv",
     "Date,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Impressions,Clicks,Spend,"
     "7 Day Total Sales (£),7 Day Total Orders (#),7 Day Total Units (#)\n"
     "02/03/2026,SP - Cam,Auto,*,-,helmet camera,900,9,£7.20,£59.99,1,1\n"
     "03/03/2026,SP - Cam,Auto,*,-,action cam,400,3,£2.40,£0.00,0,0\n",
     ("amazon_ads_search_terms", "sp", 7, "amazon.co.uk", "GBP", 9.60, 59.99, 1, date(2026, 3, 2))),
    # German console: `7 Tage, Umsatz gesamt (€)` (a comma inside the header), decimal comma
    ("Suchbegriffsbericht.csv",
     'Datum,Währung,Kampagnen-Name,Suchbegriff des Kunden,Impressionen,Klicks,Ausgaben,"7 Tage, Umsatz gesamt (€)",'
     "7-Tage-Konversionsrate\n"
     '01.03.2026,EUR,SP - DE - Kamera,actioncam,1200,12,"9,60 €","129,99 €","8,33 %"\n',
     ("amazon_ads_search_terms", "sp", 7, "amazon.de", "EUR", 9.60, 129.99, 0, date(2026, 3, 1))),
    # vendor-style 30-day names with an ISO code tag
    ("sd_campaign_30day.csv",
     "Start Date,End Date,Currency,Campaign Name,Impressions,Clicks,Spend,30 Day Total Sales (USD),"
     "30 Day Total Orders (#)\n"
     '"Mar 01, 2026","Mar 31, 2026",USD,SD - Retargeting,50000,120,$60.00,$480.00,4\n',
     ("amazon_ads_campaigns", "sd", 30, "amazon.com", "USD", 60.00, 480.00, 4, None)),
    # SD campaign report saved under another name: `Cost type` without video metrics says SD
    ("campaigns_march.csv",
     "Date,Currency,Campaign Name,Cost type,Impressions,Viewable Impressions,Clicks,Spend,14 Day Total Sales ,"
     "14 Day Total Orders (#)\n"
     '"Mar 01, 2026",USD,SD - Views,vCPM,"30,000","21,000",35,$18.90,$129.99,1\n',
     ("amazon_ads_campaigns", "sd", 14, "amazon.com", "USD", 18.90, 129.99, 1, date(2026, 3, 1))),
    # amazon.in money with thousands: `Rs.1,000.50` and `₹2,500.00`, no Currency column (the symbols say INR)
    ("Sponsored_Products_Campaign_report_in.csv",
     "Date,Campaign Name,Impressions,Clicks,Spend,14 Day Total Sales (₹),14 Day Total Orders (#)\n"
     '"Feb 03, 2020",SP - Oil,"40,000",90,"Rs.1,000.50","Rs.4,100.00",6\n'
     '"Feb 04, 2020",SP - Oil,"10,000",20,₹250.00,"₹2,500.00",3\n',
     ("amazon_ads_campaigns", "sp", 14, "amazon.in", "INR", 1250.50, 6600.00, 9, date(2020, 2, 3))),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "want"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_ads_header_variants(wh, name, text, want):
    r = wh.ingest_bytes(text.encode(), name)
    assert r.status == "imported", r.message
    fmt, program, window, mp, cur, spend, sales, orders, first_day = want
    assert r.format_id == fmt
    got = rows(
        wh,
        "select min(ad_program), min(attribution_days), min(marketplace), min(currency), round(sum(spend), 2), "
        "round(sum(ad_sales), 2), sum(ad_orders)::BIGINT, min(ad_date) from staging.ads",
    )[0]
    assert got == (program, window, mp, cur, spend, sales, orders, first_day)


def test_sb_search_term_xlsx_program_from_sheet_name(wh, tmp_path):
    """An XLSX download keeps Amazon's sheet name (`Sponsored Brands Search Term R…`) when the file was renamed."""
    from datetime import datetime

    import xlsxwriter

    header = ["Date", "Portfolio name", "Currency", "Campaign Name", "Targeting", "Match Type", "Customer Search Term",
              "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend",
              "Total Advertising Cost of Sales (ACoS)", "Total Return on Advertising Spend (RoAS)", "14 Day Total Sales",
              "14 Day Total Orders (#)", "14 Day Total Units (#)", "14 Day Conversion Rate"]  # fmt: skip
    data = [
        [datetime(2026, 3, 5), "Not grouped", "USD", "SB - Brand", "action camera", "BROAD", "action camera", 800, 10,
         0.0125, 1.5, 15.0, 0.1154, 8.67, 129.99, 1, 1, 0.1],
        [datetime(2026, 3, 6), "Not grouped", "USD", "SB - Brand", "helmet cam", "EXACT", "helmet cam", 400, 4, 0.01,
         1.2, 4.8, None, 0, 0, 0, 0, 0],
    ]  # fmt: skip
    path = tmp_path / "report (3).xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sponsored Brands Search Term R")
    ws.write_row(0, 0, header)
    dates = wb.add_format({"num_format": "yyyy-mm-dd"})
    for i, row in enumerate(data, start=1):
        ws.write_datetime(i, 0, row[0], dates)
        for j, v in enumerate(row[1:], start=1):
            if v is not None:
                ws.write(i, j, v)
    wb.close()
    r = ingest(wh, path)
    assert (r.format_id, r.variant) == ("amazon_ads_search_terms", "SB Daily XLSX, 14-day")
    # spend 15.00 + 4.80 = 19.80; sales 129.99; 1 order; the typed CTR 0.0125 stays a fraction
    assert file_totals(wh, "amazon_ads_search_terms") == (
        "sb", "search_term", 14, 14, "amazon.com", "USD", 19.80, 129.99, 1,
    )  # fmt: skip
    assert rows(wh, "select ctr from raw.amazon_ads_search_terms where row_no = 1") == [(0.0125,)]
