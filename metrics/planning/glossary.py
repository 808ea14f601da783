"""The planning terms the glossary lists beside the registry's metrics: on order, the forecast's days of cover, the
stock-out risk and the forecast's fit (Inventory, Reorder planning, the meeting)."""

from __future__ import annotations

from metrics.accounts.cash import Term
from metrics.planning.stockout import SAFETY_DAYS

GLOSSARY: list[Term] = [
    Term(id="on_order", zh="采购未到货", en="On order", unit="count",
         def_zh="已下单、预计在库存日之后到货的采购批次（入库批次模板）件数；亚马逊已显示的在途数量和始发仓（无批次以其为目的地的"
         "自有仓）的可售件数先从最早到货的批次中扣除，不重复计算；按批次目的地计入对应仓位",
         def_en="Units of purchase batches (the inbound batches template) expected after the stock day, less the units the "
         "stock day already shows on their way (Amazon's inbound, and goods at an origin warehouse no batch is bound "
         "for), taken off the earliest batches first; shown on the row of each batch's destination",
         formula="Σ open batch units − (inbound + origin stock), earliest arrival first"),
    Term(id="days_of_cover_forecast", zh="可售天数（按预测）", en="Days of cover (forecast)", unit="days",
         def_zh="自库存日起，按预测销量（去年同期 × 趋势）用完可售、在途及按到货日计入的采购未到货所需的天数；预计断货日的依据",
         def_en="Days from the stock day until the forecast sales (last year × trend) use up the available and inbound "
         "units and the units on order as they arrive: the stock-out date's basis",
         formula="first day t: available + inbound + arrived on order(t) − Σ forecast(today … t) < 0"),
    Term(id="stockout_risk", zh="断货风险", en="Stock-out risk", unit="count",
         def_zh=f"在售 SKU 已断货，或可售天数（按预测）少于交期 + {SAFETY_DAYS} 天安全天数（现在下单也来不及）",
         def_en=f"A selling SKU that is out of stock, or whose days of cover (forecast) are below its lead time + "
         f"{SAFETY_DAYS} safety days (an order placed now would arrive too late)",
         formula=f"out_of_stock or days_of_cover_forecast < lead_time + {SAFETY_DAYS}"),
    Term(id="forecast_bias", zh="近28天预测偏差", en="Forecast vs sales, 28 days", unit="ratio",
         def_zh="28 天前用当时之前的数据所做的预测，与此后有货日的实际销量之比 − 1：+10% 表示预测多了 10%",
         def_en="The forecast made 28 days ago from the data before, over what sold on the in-stock days since, − 1: "
         "+10% = 10% too much",
         formula="Σ forecast / Σ units sold (in-stock days of the last 28) − 1"),
    Term(id="forecast_wape", zh="预测误差 WAPE", en="Forecast error (WAPE)", unit="ratio",
         def_zh="同一检验中逐日预测与实际销量之差的绝对值之和 ÷ 实际销量之和（所有 SKU，按销量加权）",
         def_en="In the same test, Σ |daily forecast − daily units sold| ÷ Σ units sold (every SKU, weighted by units)",
         formula="Σ |forecast − sold| / Σ sold"),
]  # fmt: skip
