"""Every report either imported or named: recognised-but-unused reports get a sentence naming them and the download
to upload instead (never "download again with all columns"); Business Reports in other languages import."""

from datetime import date

import pytest

from tests.conftest import rows, table_state
from warehouse.ingest.known_reports import KNOWN_REPORTS, known_report

T = "\t"
ADS_METRICS = (
    "Impressions,Clicks,Click-Thru Rate (CTR),Cost Per Click (CPC),Spend,7 Day Total Sales ,7 Day Total Orders (#)"
)
# (file name, text, words the refusal must contain): header layouts of FORMATS.md §4, §13.7 and the portals' downloads
UNUSED = [
    ("Sponsored_Products_Placement_report.csv",
     f"Start Date,End Date,Portfolio name,Currency,Campaign Name,Placement,Bidding strategy,{ADS_METRICS}\n"
     '"Mar 01, 2026","Mar 31, 2026",,USD,SP - Cam,Top of Search on-Amazon,Dynamic bids - down only,'
     "100,2,2.0%,$1.00,$2.00,$0.00,0\n",
     "placement report"),
    ("Sponsored_Products_Performance_over_time_report.csv",
     "Start Date,End Date,Currency,Clicks,Click-Thru Rate (CTR),Spend,Cost Per Click (CPC)\n"
     '"Mar 01, 2026","Mar 01, 2026",USD,12,0.5%,$14.40,$1.20\n',
     "performance over time report"),
    ("Sponsored_Products_Purchased_product_report.csv",
     "Start Date,End Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Advertised SKU,Advertised ASIN,Targeting,"
     "Match Type,Purchased ASIN,7 Day Other SKU Units (#),7 Day Other SKU Orders (#),7 Day Other SKU Sales \n"
     '"Mar 01, 2026","Mar 31, 2026",,USD,SP - Cam,Auto,CAM-1,B0CAM00001,*,-,B0MOUNT001,1,1,$19.99\n',
     "purchased product report"),
    ("Sponsored_Products_Gross_and_invalid_traffic_report.csv",
     "Start Date,End Date,Campaign Name,Gross Impressions,Impressions,Invalid Impressions,Invalid Impression Rate,"
     "Gross Clicks,Clicks,Invalid Clicks,Invalid Click Rate\n"
     '"Mar 01, 2026","Mar 31, 2026",SP - Cam,1050,1000,50,4.76%,21,20,1,4.76%\n',
     "gross and invalid traffic report"),
    ("removal_order_detail.txt",
     T.join("request-date order-id order-type service-speed order-status last-updated-date sku fnsku disposition "
            "requested-quantity cancelled-quantity disposed-quantity shipped-quantity in-process-quantity removal-fee "
            "currency".split()) + "\n"
     + T.join("2026-03-01T10:00:00+00:00 R1 Return Standard Completed 2026-03-09T10:00:00+00:00 CAM-1 X001 Sellable "
              "3 0 0 3 0 1.56 USD".split()) + "\n",
     "removal order detail report"),
    ("min_amazon_removal_shipment_detail.csv", None, "removal shipment detail report"),
    ("reimbursements.txt",
     T.join("approval-date reimbursement-id case-id amazon-order-id reason sku fnsku asin product-name condition "
            "currency-unit amount-per-unit amount-total quantity-reimbursed-cash quantity-reimbursed-inventory "
            "quantity-reimbursed-total original-reimbursement-id original-reimbursement-type".split()) + "\n"
     + T.join("2026-03-02T08:00:00+00:00 1234 55 - Lost_Warehouse CAM-1 X001 B0CAM00001 Cam New USD 21.15 21.15 1 0 "
              "1 - -".split()) + "\n",
     "reimbursements report"),
    ("amazon_settlement_v1_flat_file_2015.txt", None, "Flat File V2"),
    ("fulfilled_shipments.txt",
     T.join("amazon-order-id merchant-order-id shipment-id shipment-item-id amazon-order-item-id "
            "merchant-order-item-id purchase-date payments-date shipment-date reporting-date sku product-name "
            "quantity-shipped currency item-price carrier tracking-number fulfillment-center-id fulfillment-channel "
            "sales-channel".split()) + "\n"
     + T.join("111-1 - D1 S1 I1 - 2026-03-01T10:00:00+00:00 2026-03-01T10:00:00+00:00 2026-03-02T10:00:00+00:00 "
              "2026-03-02T10:00:00+00:00 CAM-1 Cam 1 USD 129.99 UPS 1Z PHX3 AFN Amazon.com".split()) + "\n",
     "fulfilled shipments report"),
    ("BusinessReport_parent.csv",
     "(Parent) ASIN,Title,Sessions - Total,Page Views - Total,Units Ordered,Unit Session Percentage,"
     "Ordered Product Sales,Total Order Items\n"
     'B0PARENT01,Cam,"1,045","1,630",38,3.64%,"$4,179.62",37\n',
     "Detail Page Sales and Traffic By Child Item"),
    ("BusinessReport_by_date.csv",
     "Date,Ordered Product Sales,Units Ordered,Total Order Items,Sessions - Total\n"
     '03/01/2026,"$4,179.62",38,37,"1,045"\n',
     "Business Report by parent item or by date"),
    ("US_Top_Search_Terms_Simple_Month_2026_03_31.csv",
     "Reporting Range=[\"Monthly\"],Select month=[\"March\"]\n"
     "Department,Search Term,Search Frequency Rank,#1 Clicked ASIN,#1 Product Title,#1 Click Share,"
     "#1 Conversion Share\n"
     "Amazon.com,action camera,512,B0CAM00001,Cam,12.5%,10.1%\n",
     "Brand Analytics search terms report"),
    ("Search_Query_Performance_ASIN_View.csv",
     "Search Query,Search Query Score,Search Query Volume,Impressions: Total Count,Clicks: Total Count\n"
     "action camera,1,15000,90000,2100\n",
     "search query performance report"),
    ("Fee-Earnings-2026-03.csv",
     "Fee-Earnings reports from 03-01-2026 to 03-31-2026\n"
     "Category,Name,ASIN,Seller,Tracking ID,Date Shipped,Price($),Items Shipped,Returns,Revenue($),Ad Fees($),"
     "Device Type Group\n"
     "Camera,Cam,B0CAM00001,Amazon.com,site-20,2026-03-03,129.99,1,0,129.99,5.20,DESKTOP\n",
     "Associates (affiliate) earnings report"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "words"), UNUSED, ids=[u[0] for u in UNUSED])
def test_recognised_report_is_named_with_what_to_upload(wh, name, text, words):
    before = table_state(wh)
    if text is None:
        from tests.test_amazon_ads_programs import CASES

        r = wh.ingest_path(CASES / name)
    else:
        r = wh.ingest_bytes(text.encode(), name)
    assert r.status == "rejected"
    assert words.lower() in r.message.lower(), r.message
    assert r.message.startswith(f"{name}: this is the ") and "recognises but does not import" in r.message
    assert "all columns" not in r.message and "without editing" not in r.message
    assert r.message.count(";") == 1 and r.message.endswith(".")  # one sentence: what it is; what to upload
    assert table_state(wh) == before


def test_every_known_report_has_a_test():
    from tests.test_amazon_ads_programs import CASES

    found = set()
    for name, text, _ in UNUSED:
        text = text if text is not None else (CASES / name).read_text(encoding="utf-8")
        report = known_report(text.splitlines(), ("\t", ","))
        found.add(report.name_en if report else None)
    assert found == {r.name_en for r in KNOWN_REPORTS}


# -- Business Reports in other languages -----------------------------------------------------------------------
D = "\u2013"
BR_OTHER = [
    # French, Italian, Spanish: names not observed (FORMATS.md §13.6), read by the header's shape
    ("amazon.fr",
     f"(ASIN parent),(ASIN enfant),Titre,SKU,Sessions {D} Total,Sessions {D} Total {D} B2B,Unités commandées,"
     f"Unités commandées {D} B2B,Pourcentage d'unités par session,Ventes de produits commandés,"
     f"Ventes de produits commandés {D} B2B,Nombre total d'articles commandés\n"
     'B0P,B0C1,Caméra,CAM-FR,"1\u202f204",12,87,2,"7,23 %","1\u202f999,55 €","45,98 €",85\n'
     'B0P,B0C2,Support,MNT-FR,310,0,16,0,"5,16 %","368,14 €","0,00 €",16\n'),
    ("amazon.it",
     f"(ASIN padre),(ASIN figlio),Titolo,SKU,Sessioni {D} Totale,Unità ordinate,Unità ordinate {D} B2B,"
     "Percentuale di unità per sessione,Vendite di prodotti ordinati,Numero totale di articoli ordinati\n"
     'B0P,B0C1,Fotocamera,CAM-IT,"1.204",87,2,"7,23%","1.999,55 €",85\n'
     'B0P,B0C2,Supporto,MNT-IT,310,16,0,"5,16%","368,14 €",16\n'),
    ("amazon.es",
     f"(ASIN principal),(ASIN secundario),Título,SKU,Sesiones {D} Total,Unidades pedidas,"
     "Porcentaje de unidades por sesión,Ventas de productos pedidos,Número total de artículos pedidos\n"
     'B0P,B0C1,Cámara,CAM-ES,"1.204",87,"7,23%","1.999,55 €",85\n'
     'B0P,B0C2,Soporte,MNT-ES,310,16,"5,16%","368,14 €",16\n'),
    ("amazon.co.jp",
     "（親）ASIN,（子）ASIN,商品名,SKU,セッション数 - 合計,おすすめ出品（おすすめ商品）の獲得率,注文された商品点数,"
     "ユニットセッション率,注文商品売上,注文品目総数\n"
     'B0P,B0C1,カメラ,CAM-JP,"1,204",98.00%,87,7.23%,"￥1,999",85\n'
     'B0P,B0C2,マウント,MNT-JP,310,97.00%,16,5.16%,￥368,16\n'),
]  # fmt: skip


@pytest.mark.parametrize(("marketplace", "text"), BR_OTHER, ids=[b[0] for b in BR_OTHER])
def test_business_report_other_languages(wh, marketplace, text):
    opts = {"period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31), "marketplace": marketplace}
    r = wh.ingest_bytes(text.encode(), "BusinessReport-31-10-2026.csv", opts)
    assert (r.status, r.format_id) == ("imported", "amazon_business_report"), r.message
    got = rows(
        wh,
        "select min(marketplace), sum(units_ordered)::BIGINT, sum(sessions)::BIGINT, round(sum(ordered_sales), 2), "
        "min(sku) from staging.traffic",
    )[0]
    # units 87 + 16 = 103; sessions 1,204 + 310 = 1514; sales 1,999.55 + 368.14 = 2367.69 (JPY 1,999 + 368 = 2367)
    sales = 2367.0 if marketplace == "amazon.co.jp" else 2367.69
    assert got == (marketplace, 103, 1514, sales, f"CAM-{marketplace.split('.')[-1].upper()}")
