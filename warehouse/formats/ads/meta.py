"""Meta (Facebook/Instagram) Ads Manager exports, CSV or XLSX (FORMATS.md §13.4.2).

Every row carries the report range (`Reporting starts`, `Reporting ends`); only a report broken down by day has a
`Day` column giving the row's own date — without it the row's spend covers the whole range and is spread evenly
over its days downstream. `Amount spent (USD)` names the account currency. `Attribution setting`
(`7-day click or 1-day view`) gives the click window of the purchase value. A row without a campaign name is the
account total and is skipped. French and Spanish UI names are accepted.
"""

from __future__ import annotations

from warehouse.formats.ads.external import ConsoleFormat
from warehouse.formats.base import Col, FileContext

C = Col
COLUMNS = (
    C("reporting_starts", "date", ("Reporting starts", "Début des rapports", "Inicio del informe", "Berichtsbeginn")),
    C("reporting_ends", "date", ("Reporting ends", "Fin des rapports", "Fin del informe", "Berichtsende")),
    C("day", "date", ("Day", "Jour", "Día", "Tag", "天")),
    C("account_name", "text", ("Account name", "Nom du compte", "Nombre de la cuenta")),
    C("account_id", "text", ("Account ID",)),
    C("campaign", "text", ("Campaign name", "Nom de la campagne", "Nombre de la campaña", "Kampagnenname",
                           "广告系列名称"), True),
    C("campaign_id", "text", ("Campaign ID",)),
    C("ad_set", "text", ("Ad set name", "Nom de l’ensemble de publicités", "Nom de l'ensemble de publicités",
                         "Nombre del conjunto de anuncios")),
    C("ad_name", "text", ("Ad name", "Nom de la publicité", "Nombre del anuncio")),
    C("currency_raw", "text", ("Currency", "Devise", "Divisa", "Währung")),
    C("spend", "num", ("Amount spent", "Montant dépensé", "Importe gastado", "Ausgegebener Betrag", "花费金额"),
      True),
    C("impressions", "int", ("Impressions", "Impresiones", "Impressionen", "展示次数")),
    C("reach", "int", ("Reach", "Couverture", "Alcance", "Reichweite")),
    C("clicks", "int", ("Link clicks", "Clics sur un lien", "Clics en el enlace", "Link-Klicks", "链接点击量")),
    C("results", "num", ("Results", "Résultats", "Resultados")),
    C("result_indicator", "text", ("Result indicator", "Indicateur de résultat")),
    C("purchases", "num", ("Purchases", "Website purchases", "Achats", "Achats sur le site web", "Compras",
                           "Käufe", "购物次数")),
    C("purchase_value", "num", ("Purchases conversion value", "Website purchases conversion value",
                                "Purchase conversion value", "Valeur de conversion des achats",
                                "Valor de conversión de compras", "购物转化价值")),
    C("roas", "num", ("Purchase ROAS (return on ad spend)", "Website purchase ROAS (return on advertising spend)")),
    C("attribution_setting", "text", ("Attribution setting", "Paramètre d’attribution", "Paramètre d'attribution",
                                      "Configuración de atribución", "归因设置")),
    C("delivery", "text", ("Delivery", "Diffusion", "Entrega")),
    # derived per row
    C("period_start", "date"),
    C("period_end", "date"),
    C("currency", "text"),
    C("attribution_days", "int"),
)  # fmt: skip


class MetaAds(ConsoleFormat):
    id = "meta_ads"
    label_en = "Meta Ads Manager report"
    label_zh = "Meta（Facebook/Instagram）广告管理工具报表"
    ad_program = "meta"
    columns = COLUMNS
    signature = ("campaign", "spend")
    day_columns = ("day",)
    range_columns = ("reporting_starts", "reporting_ends")

    def derived(self, ctx: FileContext) -> dict[str, str]:
        # `7-day click or 1-day view` -> 7; `1-day click` -> 1; no setting -> NULL
        days = "try_cast(regexp_extract(lower(t.attribution_setting), '(\\d+)[- ]?(day|jour|día|tag)', 1) as INTEGER)"
        return {
            **self.period_sql(ctx, "t.reporting_starts", "t.reporting_ends"),
            "currency": self.currency_sql(ctx),
            "attribution_days": days,
        }


FORMATS = [MetaAds()]
