"""Every Amazon money line is classified by what it is, never by the column its amount sits in.

Three hand-checked reports (real layouts), each with an order, an ad charge, a subscription, a storage fee and a
reimbursement; no ads report and no landed cost, so net profit = net sales + marketplace fees + other fees +
other income − ad spend (= the lines' totals minus taxes and transfers).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from metrics.core import api
from metrics.core.settings import set_settings
from tests.conftest import FIXTURES, rows

CASES = Path(__file__).resolve().parent / "fixtures" / "cases"
approx = pytest.approx


def _kpis(wh, path: Path, base: str, start: date, end: date) -> dict:
    r = wh.ingest_path(path)
    assert r.status == "imported", r.message
    set_settings(wh.con, base_currency=base)
    return api.kpis(wh.con, api.Filters(start=start, end=end))


def test_us_service_fees_case(wh):
    """cases/README.md: amazon_date_range_us_service_fees.csv (USD, July 2026)."""
    k = _kpis(wh, CASES / "amazon_date_range_us_service_fees.csv", "USD", date(2026, 7, 1), date(2026, 7, 31))
    assert k["gross_sales"] == approx(59.98)  # the order: product sales 59.98 (tax 4.20 withheld, left out)
    assert k["marketplace_fees"] == approx(-17.10)  # selling −9.00 + FBA −8.10, the order line only
    assert k["other_fees"] == approx(-46.39)  # subscription −39.99 + long-term storage −6.40
    assert k["other_income"] == approx(21.15)  # lost-inventory reimbursement, its own line
    assert k["ad_spend"] == approx(120.50)  # Cost of Advertising (in `other transaction fees`), no ads report
    # 59.98 − 17.10 − 46.39 + 21.15 − 120.50 = −102.86 (no landed cost imported)
    assert k["net_profit"] == approx(-102.86)
    types = dict(rows(wh, "select txn_type, total from staging.money where order_id is null"))
    assert types == {"subscription": -39.99, "ad_charge": -120.50, "fba_inventory_fee": -6.40, "reimbursement": 21.15}


def test_de_werbekosten_and_abonnement(wh):
    """DE 2025+ layout, EUR, April 2026. Werbekosten: `Andere Transaktionsgebühren` −80.00 + VAT on it in `Andere`
    −15.20 = −95.20, all of it the ad charge."""
    path = FIXTURES / "amazon_transactions" / "de_2026_service_fees.csv"
    k = _kpis(wh, path, "EUR", date(2026, 4, 1), date(2026, 4, 30))
    assert k["gross_sales"] == approx(50.00)  # Umsätze (VAT 9.50 apart)
    assert k["promotions"] == approx(-5.00)  # Rabatte aus Werbeaktionen (its VAT −0.95 apart)
    assert k["marketplace_fees"] == approx(-11.70)  # Verkaufsgebühren −7.50 + FBA −4.20
    assert k["other_fees"] == approx(-42.10)  # Abonnementgebühr −39.00 + Lagergebühr −3.10
    assert k["other_income"] == approx(18.40)  # Anpassung: Erstattung für Lagerbestand
    assert k["ad_spend"] == approx(95.20)  # −80.00 − 15.20
    # 50 − 5 − 11.70 − 42.10 + 18.40 − 95.20 = −85.60; = file total −77.05 minus taxes (9.50 − 0.95 = 8.55)
    assert k["net_profit"] == approx(-85.60)


def test_jp_non_order_fees(wh):
    """JP layout, JPY, May 2026: 注文外料金 (non-order charge) 広告費用 in the other-transaction-fee column,
    Amazon手数料 月間登録料 (subscription), FBA手数料 在庫保管手数料 (storage), 調整 補償 (reimbursement), 振込み."""
    path = FIXTURES / "amazon_transactions" / "jp_2026_service_fees.csv"
    k = _kpis(wh, path, "JPY", date(2026, 5, 1), date(2026, 5, 31))
    assert k["gross_sales"] == approx(9800)
    assert k["promotions"] == approx(-98)  # Amazonポイントの費用
    assert k["marketplace_fees"] == approx(-1512)  # 手数料 −1,078 + FBA 手数料 −434
    assert k["other_fees"] == approx(-5020)  # 月間登録料 −4,900 + 在庫保管手数料 −120
    assert k["other_income"] == approx(3500)
    assert k["ad_spend"] == approx(3300)
    # 9,800 − 98 − 1,512 − 5,020 + 3,500 − 3,300 = 3,370 (the transfer −4,350 is a payout, not profit)
    assert k["net_profit"] == approx(3370)
    payout = api.payouts(wh.con, api.Filters(start=date(2026, 5, 1), end=date(2026, 5, 31))).row(0, named=True)
    # the ad charge is visible in the payout bridge; 9,170 − 3,300 − 4,900 − 120 + 3,500 = 4,350 paid out
    assert (payout["ad_charges"], payout["other_income"], payout["net_proceeds"]) == (-3300, 3500, 4350)
    assert payout["unexplained"] == 0


@pytest.mark.parametrize("name", ["de_2026_service_fees.csv", "jp_2026_service_fees.csv"])
def test_fixture_rows_add_up(name):
    """The hand-made files themselves: each row's amount columns add up to its total (as Amazon's do)."""
    text = (FIXTURES / "amazon_transactions" / name).read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(text) if "Gesamt" in line or "合計" in line)
    table = list(csv.reader(text[header_at:]))
    head = table[0]
    first, last = (
        head.index("Umsätze" if "Umsätze" in head else "商品売上"),
        head.index("Gesamt" if "Gesamt" in head else "合計"),
    )
    for row in table[1:]:
        assert len(row) == len(head)
        nums = [float(v.replace(".", "").replace(",", ".") if "Gesamt" in head else v.replace(",", "")) for v in
                row[first : last + 1]]  # fmt: skip
        assert sum(nums[:-1]) == approx(nums[-1]), row


def test_settlement_ad_charge_and_reimbursement_classified(wh, fixture_path):
    """Settlement V2: the ServiceFee / Cost of Advertising line is an ad charge; no non-order line is a fee."""
    r = wh.ingest_path(fixture_path("amazon_settlement", "us_settlement.txt"))
    assert r.status == "imported", r.message
    bad = rows(
        wh,
        "select txn_type, marketplace_fees from marts.money_lines "
        "where txn_type not in ('order', 'refund') and marketplace_fees <> 0",
    )
    assert bad == []
    assert rows(wh, "select count(*) from staging.money where txn_type = 'ad_charge'")[0][0] >= 1


def test_unknown_type_is_listed_in_data_health(wh, tmp_path):
    """A line of a type no rule knows lands in other fees once and is listed in data health, not folded silently."""
    text = (CASES / "amazon_date_range_us_service_fees.csv").read_text(encoding="utf-8")
    extra = (
        '"Jul 20, 2026 9:00:00 AM PDT","31415926535","Mystery Charge","","","Something new","","","","","","","","",'
        + ",".join(['"0"'] * 14)
        + ',"-2.50","-2.50","Released",""'
    )
    path = tmp_path / "us_with_unknown_type.csv"
    path.write_text(text.rstrip("\n") + "\n" + extra + "\n", encoding="utf-8")
    k = _kpis(wh, path, "USD", date(2026, 7, 1), date(2026, 7, 31))
    assert k["other_fees"] == approx(-46.39 - 2.50)
    unknown = api.data_health(wh.con)["unknown_charges"]
    assert unknown.select("description", "lines", "amount").rows() == [("Something new", 1, -2.50)]
    from metrics.core.report import build_report

    report = build_report(wh.con, api.Filters(start=date(2026, 7, 1), end=date(2026, 7, 31)))
    assert any("1 payment line of an unrecognised type (Something new)" in w for w in report.warnings)


def test_settlement_v2_non_order_lines(wh, fixture_path):
    """Settlement V2 (USD, June 2026, settlement total −23.21): every non-order line in its own bucket.

    order 99.00 − 14.85 − 6.12 = 78.03; placement −27.30; disposal −1.05; reimbursement +42.10; advertising −60.00;
    subscription −39.99; misc adjustment +5.00; reserve −20.00 (a transfer).
    78.03 − 27.30 − 1.05 + 42.10 − 60.00 − 39.99 + 5.00 − 20.00 = −23.21 (the file's total-amount)."""
    path = fixture_path("amazon_settlement", "us_settlement_non_order.txt")
    k = _kpis(wh, path, "USD", date(2026, 6, 1), date(2026, 6, 30))
    assert k["gross_sales"] == approx(99.00)
    assert k["marketplace_fees"] == approx(-20.97)  # −14.85 − 6.12
    assert k["other_fees"] == approx(-68.34)  # placement −27.30 + disposal −1.05 + subscription −39.99
    assert k["other_income"] == approx(47.10)  # reimbursement 42.10 + adjustment 5.00
    assert k["ad_spend"] == approx(60.00)
    assert k["net_profit"] == approx(-3.21)  # 99 − 20.97 − 68.34 + 47.10 − 60 = the total −23.21 without the reserve
    types = dict(rows(wh, "select txn_type, sum(total) from staging.money where txn_type <> 'order' group by 1"))
    assert types == approx({"inbound_fee": -27.30, "removal_fee": -1.05, "reimbursement": 42.10,
                            "ad_charge": -60.00, "subscription": -39.99, "adjustment": 5.00, "transfer": -20.00})  # fmt: skip
    payout = api.payouts(wh.con, api.Filters(start=date(2026, 6, 1), end=date(2026, 6, 30))).row(0, named=True)
    assert payout["net_proceeds"] == approx(-3.21) and payout["reserves"] == approx(-20.00)
    assert payout["unexplained"] == approx(0)


KINDS = [  # (localised type, description) as the reports print them -> txn_type
    ("Service Fee", "Cost of Advertising", "ad_charge"),
    ("Servicegebühr", "Werbekosten", "ad_charge"),
    ("Frais de service", "Frais de publicité", "ad_charge"),
    ("Commissione di servizio", "Costo della pubblicità", "ad_charge"),
    ("Tarifa de servicio", "Gastos de publicidad", "ad_charge"),
    ("注文外料金", "広告費用", "ad_charge"),
    ("Amazon手数料", "広告費用", "ad_charge"),
    ("Service Fee", "Subscription", "subscription"),
    ("Servicegebühr", "Abonnementgebühr", "subscription"),
    ("Frais de service", "Frais d'abonnement", "subscription"),
    ("Tarifa de servicio", "Tarifa de suscripción", "subscription"),
    ("Amazon手数料", "月間登録料", "subscription"),
    ("FBA Inventory Fee", "FBA Long-Term Storage Fee", "fba_inventory_fee"),
    ("Versand durch Amazon Lagergebühr", "Lagergebühr", "fba_inventory_fee"),
    ("FBA手数料", "在庫保管手数料", "fba_inventory_fee"),
    ("FBA Inventory Fee", "FBA Removal Order: Disposal Fee", "removal_fee"),
    ("FBA Inventory Fee", "FBA Inbound Placement Service Fee", "inbound_fee"),
    ("Service Fee", "Inbound Transportation Fee", "inbound_fee"),
    ("Versand durch Amazon Lagergebühr", "Frachtkosten für den Transport zum Amazon-Versandzentrum", "inbound_fee"),
    ("Versand durch Amazon Lagergebühr", "Gebühr für die Teilnahme am Amazon Transportpartner-Programm", "inbound_fee"),
    ("Adjustment", "FBA Inventory Reimbursement - Customer Return", "reimbursement"),
    ("Anpassung", "Versand durch Amazon Erstattung für Lagerbestand - Verloren:Lager", "reimbursement"),
    ("調整", "FBA在庫の補償 - 紛失:倉庫", "reimbursement"),
    ("Adjustment", "Other", "adjustment"),
    ("Shipping Services", "Shipping label purchase", "shipping_services"),
    ("Service Fee", "Coupon Redemption Fee", "other_service_fee"),
    ("注文外料金", "その他の料金", "other_service_fee"),
    ("Transfer", "To account ending in: 123", "transfer"),
    ("Übertrag", "An Konto mit der Endung: 456", "transfer"),
    ("Liquidations", "Liquidations", "other"),
]


def test_every_kind_of_line_gets_its_type(wh):
    """The staging rule over the raw rows the parser writes (its localised-type map, then the description)."""
    from warehouse.formats.amazon.transactions import TYPE_MAP

    cur = wh.con.cursor()
    try:
        for i, (typ, desc, _) in enumerate(KINDS, start=1):
            cur.execute(
                "insert into raw.amazon_transactions (posted_at, type, description, other, total, marketplace, "
                "currency, txn_type, import_id, row_no) values ('2026-03-01 12:00', ?, ?, -1, -1, 'amazon.com', "
                "'USD', ?, 1, ?)",
                [typ, desc, TYPE_MAP.get(typ.lower(), "other"), i],
            )
        got = dict(cur.sql("select row_no, txn_type from staging.money__amazon_transactions").fetchall())
    finally:
        cur.close()
    assert [got[i] for i in range(1, len(KINDS) + 1)] == [k[2] for k in KINDS]
