"""Amazon Payments Date Range Report — Transaction (US 2017/2021/2025+, UK, CA, DE, FR, IT, ES, MX, JP, IN).

Layout (FORMATS.md §1): N quoted description lines, then the header; every field quoted; amounts signed
(credits +, fees and refunds −). Column names are localised; values follow the marketplace's locale.
"""

from __future__ import annotations

import re

from warehouse.core.marketplaces import MARKETPLACES, currency_case_sql, marketplace_sql
from warehouse.formats.base import Col, FileContext, Format

C = Col
COLUMNS = (
    C("posted_at", "ts", ("date/time", "Datum/Uhrzeit", "date/heure", "Data/Ora:", "Data/Ora", "fecha y hora",
                          "fecha/hora", "日付/時間"), True),
    C("settlement_id", "text", ("settlement id", "Abrechnungsnummer", "numéro de versement", "Numero pagamento",
                                "identificador de pago", "Id. de liquidación", "決済番号")),
    C("type", "text", ("type", "Typ", "Tipo", "tipo", "トランザクションの種類"), True),
    C("order_id", "text", ("order id", "Bestellnummer", "numéro de la commande", "Numero ordine", "número de pedido",
                           "Id. del pedido", "注文番号")),
    C("sku", "text", ("sku", "SKU")),
    C("description", "text", ("description", "Beschreibung", "Descrizione", "descripción", "説明")),
    C("quantity", "int", ("quantity", "Menge", "quantité", "Quantità", "cantidad", "数量")),
    C("marketplace_raw", "text", ("marketplace", "Marketplace", "web de Amazon", "Amazon 出品サービス")),
    C("account_type", "text", ("account type",)),
    C("fulfillment", "text", ("fulfillment", "fulfilment", "Versand", "traitement", "Gestione", "gestión logística",
                              "cumplimiento", "フルフィルメント")),
    C("order_city", "text", ("order city", "Ort der Bestellung", "ville d'où provient la commande",
                             "Città di provenienza dell'ordine", "ciudad de procedencia del pedido", "ciudad del pedido",
                             "市町村")),
    C("order_state", "text", ("order state", "Bundesland", "Région d'où provient la commande",
                              "Provincia di provenienza dell'ordine", "comunidad autónoma de procedencia del pedido",
                              "estado del pedido", "都道府県")),
    C("order_postal", "text", ("order postal", "Postleitzahl", "code postal de la commande", "CAP dell'ordine",
                               "código postal de procedencia del pedido", "código postal del pedido", "郵便番号")),
    C("tax_collection_model", "text", ("tax collection model", "Steuererhebungsmodell",
                                       "Modèle de perception des taxes", "modello di riscossione delle imposte",
                                       "Formulario de recaudación de impuestos", "modelo de recaudación de impuestos",
                                       "税金徴収型")),
    C("product_sales", "num", ("product sales", "Umsätze", "ventes de produits", "Vendite", "ventas de productos",
                               "商品売上"), True),
    C("product_sales_tax", "num", ("product sales tax", "Produktumsatzsteuer", "Taxes sur la vente des produits",
                                   "imposta sulle vendite dei prodotti", "impuesto de ventas de productos",
                                   "商品の売上税")),
    C("shipping_credits", "num", ("shipping credits", "postage credits", "Gutschrift für Versandkosten",
                                  "crédits d'expédition", "Accrediti per le spedizioni", "abonos de envío",
                                  "créditos de envío", "配送料")),
    C("shipping_credits_tax", "num", ("shipping credits tax", "Steuer auf Versandgutschrift",
                                      "taxe sur les crédits d’expédition", "taxe sur les crédits d'expédition",
                                      "imposta accrediti per le spedizioni", "impuestos por abonos de envío",
                                      "impuesto de abono de envío", "配送料の税金")),
    C("gift_wrap_credits", "num", ("gift wrap credits", "Gutschrift für Geschenkverpackung",
                                   "crédits sur l'emballage cadeau", "Accrediti per confezioni regalo",
                                   "abonos de envoltorio para regalo", "créditos por envoltorio de regalo",
                                   "ギフト包装手数料")),
    C("gift_wrap_credits_tax", "num", ("giftwrap credits tax", "gift wrap credits tax",
                                       "Steuer auf Geschenkverpackungsgutschriften", "Taxes sur les crédits cadeaux",
                                       "imposta sui crediti confezione regalo", "impuesto de créditos de envoltura",
                                       "ギフト包装クレジットの税金")),
    C("regulatory_fee", "num", ("Regulatory Fee",)),
    C("regulatory_fee_tax", "num", ("Tax On Regulatory Fee",)),
    C("points_cost", "num", ("Amazonポイントの費用",)),
    C("promotional_rebates", "num", ("promotional rebates", "Rabatte aus Werbeaktionen", "Rabais promotionnels",
                                     "Sconti promozionali", "devoluciones promocionales", "descuentos promocionales",
                                     "プロモーション割引額")),
    C("promotional_rebates_tax", "num", ("promotional rebates tax", "Steuer auf Aktionsrabatte",
                                         "Taxes sur les remises promotionnelles", "imposta sugli sconti promozionali",
                                         "impuestos de descuentos por promociones",
                                         "impuesto de reembolsos promocionales", "プロモーション割引の税金")),
    C("sales_tax_collected", "num", ("sales tax collected",)),
    C("marketplace_facilitator_tax", "num", ("Marketplace Facilitator Tax",)),
    C("marketplace_withheld_tax", "num", ("marketplace withheld tax", "Einbehaltene Steuer auf Marketplace",
                                          "Taxes retenues sur le site de vente", "trattenuta IVA del marketplace",
                                          "impuesto retenido en el sitio web",
                                          "impuesto de retenciones en la plataforma",
                                          "源泉徴収税を伴うマーケットプレイス")),
    C("in_tax_liable", "num", ("Total sales tax liable(GST before adjusting TCS)",)),
    C("in_tcs_cgst", "num", ("TCS-CGST",)),
    C("in_tcs_sgst", "num", ("TCS-SGST",)),
    C("in_tcs_igst", "num", ("TCS-IGST",)),
    C("in_tds", "num", ("TDS (Section 194-O)",)),
    C("selling_fees", "num", ("selling fees", "Verkaufsgebühren", "frais de vente", "Commissioni di vendita",
                              "tarifas de venta", "手数料")),
    C("fba_fees", "num", ("fba fees", "Gebühren zu Versand durch Amazon", "Frais Expédié par Amazon",
                          "Costi del servizio Logistica di Amazon", "tarifas de Logística de Amazon", "tarifas fba",
                          "FBA 手数料")),
    C("other_transaction_fees", "num", ("other transaction fees", "Andere Transaktionsgebühren",
                                        "autres frais de transaction", "Altri costi relativi alle transazioni",
                                        "tarifas de otras transacciones", "tarifas de otra transacción",
                                        "トランザクションに関するその他の手数料")),
    C("other", "num", ("other", "Andere", "autre", "Altro", "otro", "その他")),
    C("total", "num", ("total", "Gesamt", "totale", "合計"), True),
    C("transaction_status", "text", ("Transaction Status", "Transaktionsstatus", "トランザクションのステータス")),
    C("release_date", "ts", ("Transaction Release Date", "Freigabedatum der Transaktion", "トランザクション開始日")),
    # derived per file / per row
    C("marketplace", "text"),
    C("currency", "text"),
    C("txn_type", "text"),
)  # fmt: skip

# date/time header spelling -> (variant, default marketplace, decimal, date order)
VARIANTS = {
    "date/time": ("en", "amazon.com", ".", "mdy"),
    "datum/uhrzeit": ("de", "amazon.de", ",", "dmy"),
    "date/heure": ("fr", "amazon.fr", ",", "dmy"),
    "data/ora:": ("it", "amazon.it", ",", "dmy"),
    "data/ora": ("it", "amazon.it", ",", "dmy"),
    "fecha y hora": ("es", "amazon.es", ",", "dmy"),
    "fecha/hora": ("mx", "amazon.com.mx", ".", "dmy"),
    "日付/時間": ("jp", "amazon.co.jp", ".", "mdy"),
}

# localised `type` values -> canonical transaction type
TYPE_MAP = {
    "order": "order", "bestellung": "order", "commande": "order", "ordine": "order", "pedido": "order",
    "注文": "order",
    "refund": "refund", "erstattung": "refund", "remboursement": "refund", "rimborso": "refund",
    "reembolso": "refund", "返金": "refund",
    "service fee": "service_fee", "servicegebühr": "service_fee", "frais de service": "service_fee",
    "commissione di servizio": "service_fee", "tarifa de servicio": "service_fee", "amazon手数料": "service_fee",
    "fba inventory fee": "fba_inventory_fee", "versand durch amazon lagergebühr": "fba_inventory_fee",
    "frais de stock expédié par amazon": "fba_inventory_fee", "fba手数料": "fba_inventory_fee",
    "transfer": "transfer", "übertrag": "transfer", "transfert": "transfer", "trasferimento": "transfer",
    "transferir": "transfer", "transferencia": "transfer", "振込み": "transfer",
    "adjustment": "adjustment", "anpassung": "adjustment", "ajustement": "adjustment", "modifica": "adjustment",
    "ajuste": "adjustment", "調整": "adjustment",
    "order_retrocharge": "order", "bestellung_wiedereinzug": "order",
    "refund_retrocharge": "refund", "erstattung_wiedereinzug": "refund",
    "chargeback refund": "refund", "erstattung durch rückbuchung": "refund", "a-to-z guarantee claim": "refund",
    "shipping services": "shipping_services", "注文外料金": "other",
}  # fmt: skip


def _store_of(values: list[str], currency: str) -> str | None:
    """Returns the marketplace named most often in `values` whose currency is `currency`, else the first
    Amazon marketplace of that currency (EUR → amazon.de); None when no Amazon marketplace uses it."""
    named = [v.strip().lower() for v in values if v.strip().lower() in MARKETPLACES]
    fits = [v for v in named if MARKETPLACES[v].currency == currency]
    if fits:
        return max(set(fits), key=fits.count)
    return next((k for k, m in MARKETPLACES.items() if m.currency == currency and m.channel == "amazon"), None)


class AmazonTransactions(Format):
    id = "amazon_transactions"
    label_en = "Amazon transaction report (Payments date range)"
    label_zh = "亚马逊交易报告（付款-日期范围报告）"
    group = "amazon"
    columns = COLUMNS
    signature = ("posted_at", "settlement_id", "type", "product_sales", "total")
    # Amazon fills these in while it processes a transaction (Deferred -> Released, release date, settlement id)
    volatile = ("transaction_status", "release_date", "settlement_id")
    never_empty = ("posted_at", "total")  # Amazon writes 0, never a blank, in the amount columns
    volatile_rank = (
        "(case when transaction_status is null then 0 when lower(transaction_status) in ('deferred', "
        "'zurückgestellt', 'aufgeschoben', 'différé', 'differito', 'diferido', '保留中') then 1 else 2 end) * 2 "
        "+ (case when settlement_id is null then 0 else 1 end)"
    )

    def inspect(self, ctx: FileContext) -> None:
        key = next((h.strip().lower() for h in ctx.header if h.strip().lower() in VARIANTS), "date/time")
        variant, default_mp, decimal, order = VARIANTS[key]
        hm = {h.strip().lower() for h in ctx.header}
        if variant == "en":
            if "postage credits" in hm or "fulfilment" in hm:
                variant, default_mp, order = "uk", "amazon.co.uk", "dmy"
            elif "total sales tax liable(gst before adjusting tcs)" in hm:
                variant, default_mp, order = "in", "amazon.in", "dmy"
            elif "account type" not in hm and "regulatory fee" in hm and "transaction status" in hm:
                variant, default_mp = "ca", "amazon.ca"
        preamble = " ".join(ctx.lines[: ctx.header_index])
        m = re.search(r"All amounts in ([A-Z]{3})", preamble)
        currency = m.group(1) if m else MARKETPLACES[default_mp].currency
        if variant == "en" and currency == "CAD":
            variant, default_mp = "ca", "amazon.ca"
        elif variant == "en" and currency != MARKETPLACES[default_mp].currency:
            # an English header downloaded from another store (e.g. amazon.de in English, "All amounts in EUR"):
            # lines without a marketplace (fees, transfers) belong to the store the rows name, not to amazon.com
            default_mp = _store_of(ctx.column_values("marketplace"), currency) or default_mp
        ctx.variant = {"en": "US"}.get(variant, variant.upper())
        ctx.decimal = decimal if not ctx.is_xlsx else "."
        ctx.date_order = order
        ctx.tz = MARKETPLACES[default_mp].tz
        ctx.constants["default_marketplace"] = default_mp
        ctx.constants["file_currency"] = currency

    def derived(self, ctx: FileContext) -> dict[str, str]:
        default_mp = ctx.constants["default_marketplace"]
        types = " ".join(f"when '{k}' then '{v}'" for k, v in TYPE_MAP.items())
        mp = marketplace_sql("t.marketplace_raw", default_mp)
        return {
            "marketplace": mp,
            # the preamble's currency is the file's; a row of another marketplace (e.g. amazon.ca in a US
            # unified report) carries that marketplace's own currency
            "currency": f"coalesce({currency_case_sql(mp)}, '{ctx.constants['file_currency']}')",
            "txn_type": f"coalesce(case lower(trim(t.type)) {types} else NULL end, 'other')",
        }


FORMATS = [AmazonTransactions()]
