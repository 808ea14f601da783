"""Amazon Business Report "Detail Page Sales and Traffic By Child Item" (US, UK/CA, older English, 中文, 日本語,
Deutsch by name; français, italiano, español by the header's shape).

Layout (FORMATS.md §3): one header row, comma-separated, no date inside (the range is chosen in Seller Central),
a user-chosen column set (Mobile App / Browser / Total, B2B). English headers come with hyphens (US) or EN DASHes
and sentence case (UK/CA); headers are compared after folding dashes, case and full-width forms, so `（子）ASIN`
matches `(子)ASIN`. Money carries the marketplace's currency symbol (`$5,979.54`, `£`, `€`, `￥`).
"""

from __future__ import annotations

import unicodedata

from warehouse.core.marketplaces import MARKETPLACES
from warehouse.core.textio import norm_header, sniff_decimal
from warehouse.formats.base import Col, FileContext, Format

C = Col
COLUMNS = (
    C("parent_asin", "text", ("(Parent) ASIN", "（父）ASIN", "(親)ASIN", "(Übergeordnete) ASIN", "（親）ASIN")),
    C("asin", "text", ("(Child) ASIN", "（子）ASIN", "(子)ASIN", "(Untergeordnete) ASIN"), True),
    C("title", "text", ("Title", "标题", "タイトル", "商品名", "Titel")),
    C("sku", "text", ("SKU",)),
    C("sessions", "int", ("Sessions - Total", "Sessions", "会话数 - 总计", "会话 - 总计", "买家访问次数",
                          "セッション数 - 合計", "セッション - 合計", "セッション", "Sitzungen - Summe")),
    C("sessions_b2b", "int", ("Sessions - Total - B2B", "会话数 - 总计 - B2B", "会话 - 总计 - B2B", "Sitzungen - Summe - B2B")),
    C("sessions_mobile", "int", ("Sessions - Mobile App",)),
    C("sessions_browser", "int", ("Sessions - Browser",)),
    C("session_pct", "pct", ("Session Percentage - Total", "Session Percentage", "会话百分比 - 总计",
                             "セッションのパーセンテージ - 合計", "セッションのパーセンテージ")),
    C("session_pct_b2b", "pct", ("Session Percentage - Total - B2B", "会话百分比 - 总计 - B2B")),
    C("page_views", "int", ("Page Views - Total", "Page Views", "页面浏览量 - 总计",
                            "ページビュー - 合計", "ページビュー", "Seitenaufrufe - Summe")),
    C("page_views_b2b", "int", ("Page Views - Total - B2B", "页面浏览量 - 总计 - B2B", "Seitenaufrufe - Summe - B2B")),
    C("page_views_pct", "pct", ("Page Views Percentage - Total", "Page Views Percentage", "页面浏览量百分比 - 总计",
                                "ページビュー率 - 合計", "ページビュー率")),
    C("page_views_pct_b2b", "pct", ("Page Views Percentage - Total - B2B", "页面浏览量百分比 - 总计 - B2B")),
    C("buy_box_pct", "pct", ("Featured Offer (Buy Box) Percentage", "Buy Box Percentage",
                             "推荐报价（推荐报价展示位）百分比", "カートボックス獲得率", "おすすめ出品（おすすめ商品）の獲得率")),
    C("buy_box_pct_b2b", "pct", ("Featured Offer (Buy Box) Percentage - B2B", "推荐报价（推荐报价展示位）百分比 - B2B")),
    C("units_ordered", "int", ("Units Ordered", "已订购商品数量", "注文された商品点数", "Bestellte Einheiten"), True),
    C("units_ordered_b2b", "int", ("Units Ordered - B2B", "已订购商品数量 - B2B", "Bestellte Einheiten - B2B")),
    C("unit_session_pct", "pct", ("Unit Session Percentage", "商品会话百分比", "订单商品数量转化率",
                                  "ユニットセッション率", "注文商品点数のセッションのパーセンテージ",
                                  "Prozentsatz an Einheiten pro Sitzung")),
    C("unit_session_pct_b2b", "pct", ("Unit Session Percentage - B2B", "商品会话百分比 - B2B")),
    C("ordered_sales", "num", ("Ordered Product Sales", "已订购商品销售额", "注文商品売上", "注文商品の売上額",
                                  "Durch bestellte Produkte erzielter Umsatz", "Verkäufe (bestellte Artikel)"), True),
    C("ordered_sales_b2b", "num", ("Ordered Product Sales - B2B", "已订购商品销售额 - B2B", "Bestellsumme - B2B")),
    C("order_items", "int", ("Total Order Items", "订单商品总数", "注文品目総数", "Zahl der Bestellposten",
                             "Bestellungen (bestellte Artikel)")),
    C("order_items_b2b", "int", ("Total Order Items - B2B", "订单商品总数 - B2B", "Zahl der Bestellposten - B2B")),
    C("units_refunded", "int", ("Units Refunded",)),
    C("refund_rate", "pct", ("Refund Rate",)),
    # filled per file: the period from --period / the file name / the upload form, the rest by inspect()
    C("period_start", "date"),
    C("period_end", "date"),
    C("marketplace", "text"),
    C("currency", "text"),
)  # fmt: skip

# longest symbols first so `US$` is not read as `$`
SYMBOLS = (("US$", "USD"), ("CA$", "CAD"), ("C$", "CAD"), ("$", "USD"), ("£", "GBP"), ("€", "EUR"),
           ("￥", "JPY"), ("¥", "JPY"))  # fmt: skip
CURRENCY_MARKETPLACE = {"USD": "amazon.com", "CAD": "amazon.ca", "GBP": "amazon.co.uk", "EUR": "amazon.de",
                        "JPY": "amazon.co.jp"}  # fmt: skip
CJK_ZH = ("标题", "已订购商品销售额", "买家访问次数", "已订购商品数量")
CJK_JA = ("注文商品売上", "注文商品の売上額", "注文された商品点数", "タイトル", "商品名")


def _currency_in(values: list[str]) -> str | None:
    """Returns the ISO code of the first currency symbol found in `values`, or None."""
    for value in values:
        v = value.strip()
        for symbol, code in SYMBOLS:
            # EU locales write the symbol after the number (`1.234,56 €`)
            if v.startswith(symbol) or v.startswith("-" + symbol) or v.endswith(symbol):
                return code
    return None


# French, Italian and Spanish names were not observed (FORMATS.md §13.6): those reports are read by the shape of
# their header — a child-ASIN column and ordered units / ordered sales columns named with these stems (accents
# folded), never their B2B or percentage twins
CHILD = ("child", "enfant", "figlio", "secundario", "hijo", "untergeordnet", "子")
PARENT = ("parent", "padre", "principal", "ubergeordnet", "親", "父")
UNITS = ("unit", "einheit", "unite", "unita", "unidad", "artikel")
ORDERED = ("order", "bestell", "command", "ordin", "pedid")
SALES = ("sales", "umsatz", "vente", "vendit", "venta", "chiffre", "importe")
SESSIONS = ("session", "sitzung", "sesion", "sessioni")
NOT_TOTALS = ("b2b", "%", "percent", "prozent", "pourcent", "percentual", "porcentaje", "taux", "tasso", "tasa", "rate")


def _fold(cell: str) -> str:
    text = unicodedata.normalize("NFKD", norm_header(cell))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _by_shape(header: list[str]) -> dict[str, int]:
    """Returns canonical name -> index for a business report in a language without known names (see stems above)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        h = _fold(cell)
        total = not any(x in h for x in NOT_TOTALS)
        if "asin" in h and any(x in h for x in CHILD):
            found.setdefault("asin", i)
        elif "asin" in h and any(x in h for x in PARENT):
            found.setdefault("parent_asin", i)
        elif total and any(x in h for x in SESSIONS) and not any(x in h for x in UNITS):
            found.setdefault("sessions", i)
        elif total and any(x in h for x in UNITS) and any(x in h for x in ORDERED):
            found.setdefault("units_ordered", i)
        elif total and any(x in h for x in SALES):
            found.setdefault("ordered_sales", i)
    return found


def _variant(header: list[str]) -> str:
    """Returns the header style: ZH, JP, UK (EN DASH / sentence case, also CA and AU), older English, or US."""
    folded = {norm_header(h) for h in header}
    if any(norm_header(h) in folded for h in CJK_ZH):
        return "ZH"
    if any(norm_header(h) in folded for h in CJK_JA):
        return "JP"
    if any(norm_header(h) in folded for h in ("Bestellte Einheiten", "Titel")):
        return "DE"
    if any("\u2013" in h for h in header) or any(h.strip() in ("Units ordered", "Total order items") for h in header):
        return "UK"
    if "sessions" in folded and "sessions - total" not in folded:
        return "US older"
    return "US"


class AmazonBusinessReport(Format):
    id = "amazon_business_report"
    label_en = "Amazon business report (sales and traffic by child ASIN)"
    label_zh = "亚马逊业务报告（按子ASIN的详情页面销售与流量）"
    group = "amazon"
    columns = COLUMNS
    signature = ("asin", "units_ordered", "ordered_sales")
    needs = "period"

    def header_map(self, header: list[str]) -> dict[str, int]:
        """Returns canonical name -> index by the known names, else (other languages) by the header's shape."""
        found = super().header_map(header)
        if {"asin", "units_ordered", "ordered_sales"} <= found.keys():
            return found
        shaped = _by_shape(header)
        if {"asin", "units_ordered", "ordered_sales"} <= shaped.keys():
            return {**shaped, **found}
        return found

    def inspect(self, ctx: FileContext) -> None:
        hm = self.header_map(ctx.header)
        money = ctx.column_values(ctx.header[hm["ordered_sales"]])
        ctx.variant = _variant(ctx.header)
        ctx.decimal = "." if ctx.is_xlsx else sniff_decimal(money)
        chosen = ctx.options.get("marketplace")
        found = _currency_in(money)
        if chosen in MARKETPLACES:
            mp = chosen
        elif found:
            mp = CURRENCY_MARKETPLACE.get(found, "amazon.com")
            if found == "EUR":
                ctx.warnings.append(
                    "amounts are in EUR: assumed amazon.de; give --marketplace (or choose it on the Data page) "
                    "when the report is from another EU store"
                )
        else:
            mp = "amazon.co.jp" if ctx.variant == "JP" else "amazon.com"
            ctx.warnings.append(
                f"no currency symbol in the sales column: assumed {mp}; if wrong, choose it in the Marketplace field on the Data page (or --marketplace)"
            )
        ctx.tz = MARKETPLACES[mp].tz
        ctx.constants["marketplace"] = mp
        ctx.constants["currency"] = MARKETPLACES[mp].currency


FORMATS = [AmazonBusinessReport()]
