"""Golden fixtures for the ad consoles outside Amazon: TikTok Ads Manager, GMV Max, Meta Ads Manager, Google Ads.

Every expected value is read off the fixture file by hand; the arithmetic is in the comment beside it. The files
follow the real layouts of FORMATS.md §13.4 (preambles, summary rows, UTF-16 tab, currency inside headers).
"""

from datetime import date

import pytest

from metrics.core.settings import set_settings
from tests.conftest import FIXTURES, rows, table_state
from warehouse.ingest.detect import ImportRejected
from warehouse.ingest.templates import blank_template


def ingest(wh, fmt_dir: str, name: str, options: dict | None = None):
    r = wh.ingest_path(FIXTURES / fmt_dir / name, options)
    assert r.status == "imported", r.message
    return r


def one(wh, sql: str, params=()):
    return rows(wh, sql, params)[0]


def staging_totals(wh, program: str):
    return one(
        wh,
        "select count(*), round(sum(spend), 2), round(sum(ad_sales), 2), sum(ad_orders)::BIGINT, "
        "sum(impressions)::BIGINT, sum(clicks)::BIGINT from staging.ads where ad_program = ?",
        [program],
    )


def mart_spend(wh, program: str):
    return one(wh, "select round(sum(ad_spend), 2) from marts.ad_days where ad_program = ?", [program])[0]


def test_tiktok_ads_daily_total_row_skipped_and_placeholders(wh):
    r = ingest(wh, "tiktok_ads", "tiktok_ads_export_2026_08.csv")
    # 5 data lines, the last is `Total,…`: 4 rows
    assert (r.format_id, r.variant, r.rows_added) == ("tiktok_ads", "daily CSV", 4)
    # row 2: Impressions `<5` -> 0, Clicks `--` -> empty, purchase columns `--` -> empty
    assert one(wh, "select impressions, clicks, purchase_value, cost from raw.tiktok_ads where row_no = 2") == (
        0, None, None, 12.35)  # fmt: skip
    # `1,045.80` and `98,310` keep their thousands
    assert one(wh, "select cost, impressions, purchases from raw.tiktok_ads where row_no = 3") == (1045.80, 98310, 27)
    # spend 45.20 + 12.35 + 1,045.80 + 0.00 = 1,103.35 (= the file's Total row); sales 519.96 + 3,509.73 = 4,029.69;
    # orders (Complete payment) 4 + 27 = 31; impressions 12,480 + 0 + 98,310 + 0 = 110,790; clicks 132 + 910 = 1,042
    assert staging_totals(wh, "tiktok_ads") == (4, 1103.35, 4029.69, 31, 110790, 1042)
    first = one(
        wh, "select channel, marketplace, currency, ad_date, attribution_days from staging.ads where row_no = 1"
    )
    assert first == ("tiktok", "tiktok.us", "USD", date(2026, 8, 1), None)  # USD account -> TikTok Shop US
    assert mart_spend(wh, "tiktok_ads") == 1103.35


def test_gmv_max_gross_revenue_is_never_ad_sales(wh):
    r = ingest(wh, "tiktok_gmv_max", "gmv_max_campaigns_us.csv")
    assert (r.format_id, r.rows_added) == ("tiktok_gmv_max", 3)
    # spend 80.00 + 15.25 + 92.40 = 187.65 (= Total row); gross revenue and orders include organic: ad sales 0
    assert staging_totals(wh, "gmv_max")[:4] == (3, 187.65, 0.0, 0)
    # kept in the raw table: gross revenue 1,169.91 + 59.98 + 1,429.89 = 2,659.78; Orders (SKU) 9 + 2 + 11 = 22
    assert one(wh, "select round(sum(gross_revenue), 2), sum(orders) from raw.tiktok_gmv_max") == (2659.78, 22.0)
    assert mart_spend(wh, "gmv_max") == 187.65


def test_gmv_max_ringgit_prefix_and_period_from_file_name(wh):
    r = ingest(wh, "tiktok_gmv_max", "gmv_max_my_2026-08-01_2026-08-07.csv")
    assert r.variant == "summary CSV" and "spread evenly" in r.warnings[0]
    # `RM 156.43` names the currency (MYR) and parses; `RM 2,345.60` keeps its thousands
    assert one(wh, "select cost, gross_revenue, currency, period_start, period_end from raw.tiktok_gmv_max "
                   "where row_no = 1") == (156.43, 2345.60, "MYR", date(2026, 8, 1), date(2026, 8, 7))  # fmt: skip
    # 156.43 + 40.10 = 196.53 MYR over the 7 days of the file name: 196.53 / 7 = 28.0757… a day
    assert one(wh, "select count(distinct day), round(sum(ad_spend), 2), round(max(ad_spend), 4) from ("
                   "select day, sum(ad_spend) as ad_spend from marts.ad_days where ad_program = 'gmv_max' "
                   "group by day)") == (7, 196.53, 28.0757)  # fmt: skip


def test_meta_daily_account_total_skipped_and_attribution(wh):
    r = ingest(wh, "meta_ads", "meta_ads_daily_2026-08.csv")
    # the 4th line has no campaign name (the account total): 3 rows
    assert (r.format_id, r.variant, r.rows_added) == ("meta_ads", "daily CSV", 3)
    # spend 58.40 + 12.00 + 1,061.25 = 1,131.65 (= the account row); sales 389.97 + 129.99 + 2,729.79 = 3,249.75;
    # purchases 3 + 1 + 21 = 25; impressions 6,210 + 900 + 84,002 = 91,112; link clicks 88 + 15 + 1,204 = 1,307
    assert staging_totals(wh, "meta") == (3, 1131.65, 3249.75, 25, 91112, 1307)
    # `7-day click or 1-day view` -> 7; `1-day click` -> 1
    got = rows(wh, "select row_no, attribution_days, currency, ad_date from staging.ads order by row_no")
    assert got == [(1, 7, "USD", date(2026, 8, 1)), (2, 1, "USD", date(2026, 8, 1)), (3, 7, "USD", date(2026, 8, 2))]


def test_meta_range_without_day_is_spread_over_the_reporting_range(wh):
    r = ingest(wh, "meta_ads", "meta_ads_range_eu.csv")
    assert (r.variant, r.rows_added) == ("range CSV", 2)
    # currency from `Amount spent (EUR)`; the range is each row's own period
    assert one(wh, "select currency, ad_date, period_start, period_end, spend, attribution_days from staging.ads "
                   "where row_no = 1") == ("EUR", None, date(2026, 8, 1), date(2026, 8, 10), 1250.50, 7)  # fmt: skip
    # 1,250.50 + 49.50 = 1,300.00 EUR over 1-10 Aug: 130.00 a day (125.05 + 4.95)
    per_day = rows(wh, "select day, round(sum(ad_spend), 2) from marts.ad_days group by day order by day")
    assert len(per_day) == 10 and {v for _, v in per_day} == {130.00}
    assert mart_spend(wh, "meta") == 1300.00


def test_google_daily_with_preamble_and_total_rows(wh):
    r = ingest(wh, "google_ads", "Campaign_report_daily.csv")
    # title + period lines, header on line 3, 4 rows, `Total: Account` and `Total: Campaigns` skipped
    assert (r.format_id, r.variant, r.rows_added) == ("google_ads", "daily CSV", 4)
    # spend 34.56 + 120.00 + 29.44 + 0.00 = 184.00 (= Total: Account); conv. value 324.98 + 1,120.40 + 129.99 +
    # ` --` (0) = 1,575.37; conversions 2.40 + 4.33 + 1.00 + 0.00 rounded per row: 2 + 4 + 1 + 0 = 7;
    # impressions 1,204 + 15,300 + 980 = 17,484; clicks 41 + 210 + 33 = 284
    assert staging_totals(wh, "google") == (4, 184.00, 1575.37, 7, 17484, 284)
    assert one(wh, "select conversions from raw.google_ads where row_no = 1") == (2.40,)
    assert one(wh, "select marketplace, channel, attribution_days from staging.ads where row_no = 1") == (
        "shopify", "shopify", None)  # fmt: skip


def test_google_utf16_tab_german_weekly(wh):
    r = ingest(wh, "google_ads", "Kampagnenbericht_Woche_excel.csv")
    # UTF-16LE with BOM, TAB separated, `Gesamt: Konto` skipped, decimal comma
    assert (r.variant, r.rows_added) == ("weekly CSV", 2)
    assert one(wh, "select encoding from meta.imports") == ("utf-16",)
    # Kosten 70,00 + 1.234,56 = 1.304,56 EUR; Impr. 1.204 + 20.480 = 21.684; Conv.-Wert 259,98 + 1.429,89 = 1.689,87
    assert staging_totals(wh, "google")[:5] == (2, 1304.56, 1689.87, 13, 21684)
    # week of Mon 3 Aug covers 3-9 Aug: 70.00 / 7 = 10.00 a day; week of 10 Aug: 1,234.56 / 7 = 176.3657… a day
    assert one(wh, "select period_start, period_end from staging.ads where row_no = 1") == (
        date(2026, 8, 3), date(2026, 8, 9))  # fmt: skip
    got = rows(wh, "select day, round(ad_spend, 4) from marts.ad_days where day in ('2026-08-03', '2026-08-16') "
                   "order by day")  # fmt: skip
    assert got == [(date(2026, 8, 3), 10.0), (date(2026, 8, 16), 176.3657)]
    assert mart_spend(wh, "google") == 1304.56


def _campaign_map(wh, lines: list[str]):
    blank = blank_template("tpl_ad_campaigns", "zh", "csv").decode("utf-8-sig")
    r = wh.ingest_bytes(("\ufeff" + blank + "".join(line + "\r\n" for line in lines)).encode("utf-8"), "ad_map.csv")
    assert r.status == "imported", r.message


def test_campaign_map_routes_splits_and_program_specific_rows_win(wh):
    ingest(wh, "google_ads", "Campaign_report_daily.csv")
    ingest(wh, "tiktok_ads", "tiktok_ads_export_2026_08.csv")
    _campaign_map(wh, [
        "*cam-4k*,,shopify,CAM-4K-BLK",  # any console, case ignored
        "*CAM-4K*,,shopify,CAM-4K-WHT",  # same pattern, second SKU: the spend is split equally
        "US-*,tiktok_ads,tiktok.us,",  # program-specific: wins over `*CAM-4K*` for TikTok's `US-CAM-4K Spark`
    ])  # fmt: skip
    set_settings(wh.con, allocation_rule="unallocated")
    # Google `Search - CAM-4K` on 1 Aug: 34.56 / 2 SKUs = 17.28 each
    got = rows(wh, "select master_sku, ad_spend, allocation from marts.ad_days where campaign = 'Search - CAM-4K' "
                   "and day = '2026-08-01' order by master_sku")  # fmt: skip
    assert got == [("CAM-4K-BLK", 17.28, "campaign_map"), ("CAM-4K-WHT", 17.28, "campaign_map")]
    # TikTok `US-CAM-4K Spark`: 45.20 + 1,045.80 = 1,091.00 on tiktok.us, no SKU (rule `unallocated`)
    assert one(wh, "select marketplace, master_sku, round(sum(ad_spend), 2) from marts.ad_days "
                   "where campaign = 'US-CAM-4K Spark' group by all") == ("tiktok.us", None, 1091.00)  # fmt: skip
    assert mart_spend(wh, "google") == 184.00 and mart_spend(wh, "tiktok_ads") == 1103.35


def test_unmapped_spend_follows_the_allocation_rule(wh):
    ingest(wh, "shopify_orders", "orders_export_aug_2026.csv")
    ingest(wh, "meta_ads", "meta_ads_daily_2026-08.csv")
    # August Shopify net sales: CAM-4K-BLK 1 × 300.00 = 300.00, MNT-HELMET 4 × 25.00 = 100.00: shares 0.75 / 0.25;
    # `Shopify - Retargeting` 12.00 on 1 Aug -> 9.00 and 3.00
    got = rows(wh, "select master_sku, round(ad_spend, 2), allocation from marts.ad_days "
                   "where campaign = 'Shopify - Retargeting' order by master_sku")  # fmt: skip
    assert got == [("CAM-4K-BLK", 9.0, "net_sales_share"), ("MNT-HELMET", 3.0, "net_sales_share")]
    set_settings(wh.con, allocation_rule="unallocated")
    got = rows(
        wh, "select master_sku, ad_spend, allocation from marts.ad_days where campaign = 'Shopify - Retargeting'"
    )
    assert got == [(None, 12.0, None)]
    # either way every unit of spend is in the mart once: 1,131.65
    assert mart_spend(wh, "meta") == 1131.65


@pytest.mark.parametrize(
    ("name", "body", "needle"),
    [
        ("google_no_currency.csv", "Campaign,Cost,Impr.\nSearch - CAM,12.00,100\n", "names no currency"),
        ("tiktok_no_dates.csv", "Campaign name,Currency,Cost,Impressions\nUS-CAM,USD,12.00,100\n", "no Day column"),
        (
            "meta_bad_cell.csv",
            "Day,Campaign name,Amount spent (USD)\n2026-08-01,Shop - CAM,twelve\n",
            "row 2, column 'Amount spent (USD)': 'twelve' is not a number",
        ),
    ],
)
def test_bad_console_files_are_refused_with_one_sentence(wh, name, body, needle):
    before = table_state(wh)
    with pytest.raises(ImportRejected) as exc:
        r = wh.ingest_bytes(body.encode(), name)
        if r.status != "imported":
            raise ImportRejected(r.message)
    assert name in str(exc.value) and needle in str(exc.value)
    assert table_state(wh) == before


def test_acos_tacos_roas_per_channel_count_every_console(wh):
    from metrics.core import api

    ingest(wh, "shopify_orders", "orders_export_aug_2026.csv")
    ingest(wh, "meta_ads", "meta_ads_daily_2026-08.csv")
    ingest(wh, "tiktok_ads", "tiktok_ads_export_2026_08.csv")
    ingest(wh, "tiktok_gmv_max", "gmv_max_campaigns_us.csv")
    f = api.Filters(start=date(2026, 8, 1), end=date(2026, 8, 31), base_currency="USD")
    by = {r["channel"]: r for r in api.ad_channels(wh.con, f).iter_rows(named=True)}
    shop = by["shopify"]
    # Shopify: Meta spend 1,131.65, Meta sales 3,249.75, gross sales 300.00 + 4 × 25.00 = 400.00
    assert (round(shop["ad_spend"], 2), round(shop["ad_sales"], 2), round(shop["gross_sales"], 2)) == (
        1131.65, 3249.75, 400.0)  # fmt: skip
    # ACoS 1,131.65 / 3,249.75 = 0.348227; TACoS 1,131.65 / 400.00 = 2.829125; ROAS 3,249.75 / 1,131.65 = 2.871692
    assert (round(shop["acos"], 6), round(shop["tacos"], 6), round(shop["roas"], 6)) == (0.348227, 2.829125, 2.871692)
    tiktok = by["tiktok"]
    # TikTok: Ads Manager 1,103.35 + GMV Max 187.65 = 1,291.00 spend; ad sales only Ads Manager's 4,029.69;
    # ACoS 1,291.00 / 4,029.69 = 0.320372; no TikTok Shop sales imported: TACoS has no denominator (empty, not 0)
    assert (round(tiktok["ad_spend"], 2), round(tiktok["ad_sales"], 2), round(tiktok["acos"], 6)) == (
        1291.0, 4029.69, 0.320372)  # fmt: skip
    assert tiktok["tacos"] is None
    programs = {r["ad_program"]: r for r in api.ad_programs(wh.con, f).iter_rows(named=True)}
    assert set(programs) == {"meta", "tiktok_ads", "gmv_max"}
    # GMV Max: spend shown, no attributed sales, so no ACoS/ROAS; Meta's windows 1 and 7 days
    assert (programs["gmv_max"]["ad_sales"], programs["gmv_max"]["acos"], programs["gmv_max"]["roas"]) == (
        None, None, None)  # fmt: skip
    assert programs["meta"]["attribution"] == "1–7" and programs["tiktok_ads"]["attribution"] is None
    # TikTok spend has no TikTok sales to be shared by: all of it is without a SKU
    assert round(programs["tiktok_ads"]["unallocated_spend"], 2) == 1103.35
    # the ad-budget what-if sees every channel: Shopify's Meta spend is all carried by SKUs (August sales share it),
    # TikTok's 1,291.00 has no SKU to carry it
    from metrics.core.history import ads_history, spend_by_channel

    spend = {r["channel"]: r for r in spend_by_channel(wh.con, f).iter_rows(named=True)}
    assert (round(spend["shopify"]["in_model"], 2), round(spend["tiktok"]["without_sku"], 2)) == (1131.65, 1291.0)
    assert round(ads_history(wh.con, f)["spend"].sum(), 2) == 1131.65
    # the report's TikTok section explains its ACoS: GMV Max 187.65 of 1,291.00 = 15 % of spend has no attributed sales
    from metrics.core.report import build_report

    notes = {c.channel: c.notes for c in build_report(wh.con, f).channels}
    assert len(notes["tiktok"]) == 1 and notes["tiktok"][0].startswith("gmv_max: 187.65 USD ad spend (15% of")
    assert notes["shopify"] == []


def test_meta_french_semicolon_and_decimal_comma(wh):
    body = (
        "Jour;Nom de la campagne;Devise;Montant dépensé (USD);Impressions;Achats;Valeur de conversion des achats\n"
        "2026-08-01;Boutique - CAM;USD;1 234,56;12 000;9;2 339,91\n"
        "2026-08-02;Boutique - CAM;USD;65,44;1 000;1;129,99\n"
    )
    r = wh.ingest_bytes(body.encode("utf-8"), "Rapport-Meta.csv")
    assert (r.status, r.format_id, r.rows_added) == ("imported", "meta_ads", 2), r.message
    # 1 234,56 + 65,44 = 1 300,00; 2 339,91 + 129,99 = 2 469,90; achats 9 + 1 = 10; impressions 12 000 + 1 000
    assert staging_totals(wh, "meta")[:5] == (2, 1300.0, 2469.9, 10, 13000)


def test_meta_xlsx_with_typed_cells(wh, tmp_path):
    import datetime as dt

    import xlsxwriter

    path = tmp_path / "Lumora-Campaigns-Aug-1-2026-Aug-3-2026.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Raw Data Report")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    head = ["Reporting starts", "Reporting ends", "Campaign name", "Amount spent (GBP)", "Impressions", "Purchases",
            "Purchases conversion value", "Attribution setting"]  # fmt: skip
    sheet.write_row(0, 0, head)
    data = [["Prospecting UK", 310.5, 20400, 6, 899.94, "7-day click or 1-day view"],
            ["Retargeting UK", 29.5, 1800, 1, 149.99, "1-day click"]]  # fmt: skip
    for i, row in enumerate(data, start=1):
        sheet.write_datetime(i, 0, dt.datetime(2026, 8, 1), day)
        sheet.write_datetime(i, 1, dt.datetime(2026, 8, 3), day)
        sheet.write_row(i, 2, row)
    book.close()
    r = wh.ingest_path(path)
    assert (r.status, r.variant, r.rows_added) == ("imported", "range XLSX", 2), r.message
    # currency from the header (GBP); 310.50 + 29.50 = 340.00 over 1-3 Aug = 113.33… a day; sales 899.94 + 149.99
    assert one(wh, "select currency, period_start, period_end, attribution_days from staging.ads where row_no = 2") == (
        "GBP", date(2026, 8, 1), date(2026, 8, 3), 1)  # fmt: skip
    assert staging_totals(wh, "meta")[:4] == (2, 340.0, 1049.93, 7)
    per_day = rows(wh, "select round(sum(ad_spend), 4) from marts.ad_days group by day order by day")
    assert per_day == [(113.3333,), (113.3333,), (113.3333,)]


def test_a_campaign_named_total_is_data_but_summary_rows_are_not(wh):
    body = (
        "Campaign report\nAll time\nCampaign,Currency code,Cost,Impr.\n"
        "Total Wellness - Search,USD,12.50,300\nSearch - CAM,USD,7.50,100\n"
        "Total: Account,USD,20.00,400\nTotal: Search campaigns,USD,20.00,400\n"
    )
    r = wh.ingest_bytes(body.encode(), "Campaign report.csv", {"period": (date(2026, 8, 1), date(2026, 8, 2))})
    assert (r.status, r.rows_added) == ("imported", 2), r.message
    # `All time` gives no dates: the period given; 12.50 + 7.50 = 20.00 (= Total: Account), 10.00 a day
    assert staging_totals(wh, "google")[:2] == (2, 20.0)
    assert rows(wh, "select day, round(sum(ad_spend), 2) from marts.ad_days group by day order by day") == [
        (date(2026, 8, 1), 10.0), (date(2026, 8, 2), 10.0)]  # fmt: skip
