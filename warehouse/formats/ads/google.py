"""Google Ads UI downloads of the campaign table (FORMATS.md §13.4.3).

Two lines precede the header — the report title (`Campaign report`, `Rapport sur les campagnes`,
`Kampagnenbericht`) and the period (`"Aug 1, 2026 - Aug 3, 2026"` or `All time`) — and summary rows
(`Total: Account`, `Total: Campaigns`, `Total : compte`, `Gesamt: Konto`) close the table. A `Day` segment gives each
row its date; a `Week` segment the week's first day (the row then covers seven days). Money has no symbol (the
currency is in `Currency code`); n/a is `--`. "Excel .csv" downloads are UTF-16 with TAB separators; French and
German UIs use `;`/decimal commas. Conversions are fractional (data-driven attribution), the window depends on the
conversion action and is not in the file.
"""

from __future__ import annotations

from warehouse.formats.ads.external import ConsoleFormat
from warehouse.formats.base import Col, FileContext

C = Col
COLUMNS = (
    C("day", "date", ("Day", "Jour", "Tag", "Día", "Giorno", "天", "日期")),
    C("week", "date", ("Week", "Semaine", "Woche", "Semana", "Settimana", "周")),
    C("campaign_status", "text", ("Campaign status", "État de la campagne", "Kampagnenstatus")),
    C("campaign", "text", ("Campaign", "Campagne", "Kampagne", "Campaña", "Campagna", "广告系列"), True),
    C("campaign_id", "text", ("Campaign ID", "ID de la campagne", "Kampagnen-ID")),
    C("campaign_type", "text", ("Campaign type", "Type de campagne", "Kampagnentyp", "广告系列类型")),
    C("currency_raw", "text", ("Currency code", "Currency", "Code de la devise", "Währungscode", "Código de moneda",
                               "货币代码")),
    C("cost", "num", ("Cost", "Coût", "Kosten", "Coste", "Costo", "费用"), True),
    C("impressions", "int", ("Impr.", "Impressions", "Impressionen", "Impresiones", "展示次数"), True),
    C("clicks", "int", ("Clicks", "Clics", "Klicks", "点击次数")),
    C("conversions", "num", ("Conversions", "Conv.", "Conversiones", "转化次数")),
    C("conv_value", "num", ("Conv. value", "Conversion value", "Total conv. value", "Valeur de conv.",
                            "Conv.-Wert", "Valor de conv.", "转化价值")),
    # derived per row
    C("period_start", "date"),
    C("period_end", "date"),
    C("currency", "text"),
)  # fmt: skip


class GoogleAds(ConsoleFormat):
    id = "google_ads"
    label_en = "Google Ads campaign report"
    label_zh = "Google Ads 广告系列报告"
    ad_program = "google"
    columns = COLUMNS
    signature = ("campaign", "cost", "impressions")
    day_columns = ("day", "week")

    def derived(self, ctx: FileContext) -> dict[str, str]:
        ps, pe = self.file_period_sql(ctx)
        return {
            "period_start": f"coalesce(t.day, t.week, {ps})",
            # a Week row covers its Monday and the six days after it
            "period_end": f"coalesce(t.day, t.week + 6, {pe})",
            "currency": self.currency_sql(ctx),
        }


FORMATS = [GoogleAds()]
