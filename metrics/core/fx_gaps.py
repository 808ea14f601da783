"""Which of a view's amounts could not be converted to its base currency, and whether that is all of its sales.

A fact in a currency without an FX rate to the base on its date is left out of every base-currency total (never
converted at 1.0: sql/marts/fx_warnings.sql). A warehouse with only a USD file and base CNY then has net sales 0.00
beside 2 units and 1 order. `view_gaps` says which currency × month of the view (period, channel, marketplace)
lacks a rate, and counts the view's order lines (its channel, marketplace, store and SKU filters) without one:
  whole   every order line of the view is unconverted: its sales money figures are unknown, not 0 (`blank` them);
  partial some are: the totals hold only the converted part, and say so.
The check reads the small fx_warnings table first; order lines are counted only when it lists a gap in the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from metrics.core import query

# metrics that are unknown when none of the view's sales could be converted (sales, fees, profit and every ratio over
# net sales); ad spend and ad sales (their own family), COGS (batch costs) and stock values keep their own figures
SALES_MONEY = frozenset({
    "gross_sales", "promotions", "refunds", "net_sales", "aov", "marketplace_fees", "other_fees", "other_income",
    "gross_profit", "contribution_before_ads", "net_profit", "operating_profit", "operating_margin", "net_margin",
    "gross_margin", "unit_profit", "tacos", "breakeven_acos", "ad_spend_share", "net_sales_ordered",
    "net_sales_costed",
})  # fmt: skip


@dataclass(frozen=True)
class FxGap:
    currency: str
    base: str
    month: date
    rows: int


@dataclass(frozen=True)
class FxGaps:
    base: str
    gaps: list[FxGap] = field(default_factory=list)  # currency × month of the view without a rate, by month
    lines: int = 0  # order lines of the view
    unconverted: int = 0  # of which without a rate

    @property
    def whole(self) -> bool:
        """True when the view has order lines and none of them could be converted."""
        return self.lines > 0 and self.unconverted == self.lines

    @property
    def partial(self) -> bool:
        return bool(self.gaps) and not self.whole


def view_gaps(con, f) -> FxGaps:
    """Returns the view's FX gaps (module doc) for filter f in f's base currency."""
    from warehouse.core.marketplaces import MARKETPLACES

    with query.cursor(con, f) as cur:
        base = cur.sql("select base_currency from marts.conventions").fetchall()[0][0]
        found = cur.sql(
            "select marketplace, currency, month, sum(rows)::BIGINT from marts.fx_warnings "
            "where family in ('money', 'ads') and first_day <= ? and last_day >= ? group by all order by month, currency",
            params=[f.end, f.start],
        ).fetchall()
        if f.marketplace:
            found = [r for r in found if r[0] == f.marketplace]
        if f.channel:
            found = [r for r in found if r[0] in MARKETPLACES and MARKETPLACES[r[0]].channel == f.channel]
        if not found:
            return FxGaps(base)
        cond, params = query.where(f.model_copy(update={"calendar": "operational"}), "order_lines")
        lines, missing = cur.sql(
            f"select count(*), count(*) filter (where fx_rate is null) from marts.order_lines where {cond}",
            params=params,
        ).fetchall()[0]
    months: dict[tuple[str, date], int] = {}
    for _, currency, month, rows in found:
        months[(currency, month)] = months.get((currency, month), 0) + int(rows)
    gaps = [FxGap(c, base, m, n) for (c, m), n in sorted(months.items(), key=lambda x: (x[0][1], x[0][0]))]
    return FxGaps(base, gaps, int(lines or 0), int(missing or 0))


def unconverted_skus(con, f) -> list[str]:
    """Returns the master SKUs of the view none of whose order lines could be converted to f's base (their sales read
    0.00 in the base: unknown, not zero); [] when the view has no FX gap (module doc: the cheap check first)."""
    gaps = view_gaps(con, f)
    if not gaps.unconverted:
        return []
    with query.cursor(con, f) as cur:
        cond, params = query.where(f.model_copy(update={"calendar": "operational"}), "order_lines")
        rows = cur.sql(
            f"select master_sku from marts.order_lines where {cond} and master_sku is not null group by all "
            "having count(*) filter (where fx_rate is null) = count(*) order by 1",
            params=params,
        ).fetchall()
    return [r[0] for r in rows]


UNALLOCATED = "(unallocated)"  # metrics.sales.sku.UNALLOCATED (not imported: that module imports this layer's kpi)


def unrated_ad_skus(con, f) -> list[str]:
    """Returns the master SKUs of the view (period, channel, marketplace, store, SKU filter) that spent on ads and
    none of whose ad spend has a rate to f's base on its day: their ad spend (and so ACoS and net profit) is unknown,
    not 0.00, as sales without a rate are (`unconverted_skus`). Ad spend no SKU carries counts as "(unallocated)"
    (metrics.sales.sku.UNALLOCATED). [] when every ad day of the view has its rate (the cheap check first)."""
    cond, params = query.slice_where(f)  # marts.ad_days: day, channel, marketplace, store, master_sku
    with query.cursor(con, f) as cur:
        if not cur.sql(f"select count(*) from marts.ad_days where {cond} and fx_rate is null and currency is not null",
                       params=params).fetchall()[0][0]:  # fmt: skip
            return []
        rows = cur.sql(
            f"select coalesce(master_sku, ?) from marts.ad_days where {cond} and coalesce(ad_spend, 0) <> 0 "
            "group by all having count(*) filter (where fx_rate is null) = count(*) order by 1",
            params=[UNALLOCATED, *params],  # the SKU table's line of money no SKU carries
        ).fetchall()
    return [r[0] for r in rows]


def blank(values: dict[str, dict], gaps: FxGaps) -> dict[str, dict]:
    """Returns kpi_compare values with the sales money metrics unknown (None) when none of the view's sales could be
    converted: "—", not ¥0.00 beside 2 units."""
    if not gaps.whole:
        return values
    return {k: ({**v, "value": None, "change": None, "change_pct": None} if k in SALES_MONEY else v)
            for k, v in values.items()}  # fmt: skip
