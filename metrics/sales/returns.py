"""Returns: return rate and reasons by SKU from the FBA customer returns report and TikTok Shop's returned lines.

Definitions (base currency not involved: units only)
- return_rate = returned units (return reports, by return date) / units sold (order lines, same period). It counts
  the units the buyer sent back, graded by the warehouse (`detailed-disposition`), from the returns report.
- The registry's refund_rate = refunded units / units sold, from the refund lines of the payment reports. The two
  differ: a refund without a return (returnless refund, lost parcel) counts only in refund_rate; a return still in
  transit or a replacement counts only in return_rate; and the dates differ (a refund posts before or after the
  unit arrives). Both are ratios of sums over the same sold units.
Shopify's orders export names no return or refund reason, so Shopify returns appear only as refunds.
Every function takes a DuckDB connection and an `api.Filters`; frames are polars, ratios are fractions or None.
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel

from metrics.core import query
from metrics.sales.return_reasons import canonical_reason, disposition_label, reason_group, reason_label

TOP_N = 5


def _where(f, alias: str = "") -> tuple[str, list]:
    """Returns the condition on marts.return_lines for f: return date, channel, marketplace, store, SKU."""
    a = f"{alias}." if alias else ""
    parts, params = [f"{a}return_date between ? and ?"], [f.start, f.end]
    for column, value in (("channel", f.channel), ("marketplace", f.marketplace), ("store", f.store),
                          ("master_sku", f.sku)):  # fmt: skip
        if value:
            parts.append(f"{a}{column} = ?")
            params.append(value)
    if f.sku_search:
        parts.append(f"{a}master_sku ilike ?")
        params.append(f"%{f.sku_search.strip()}%")
    return " and ".join(parts), params


def returns_by_sku(con, f) -> pl.DataFrame:
    """Returns one row per master SKU with sales or returns in f's period: sku, units (sold), returned_units,
    return_rate, refund_units, refund_rate, top_reason (code of the most returned units), largest returns first.
    Sold and refunded units come from marts.sku_days on f's calendar; returns from marts.return_lines."""
    cond, params = query.where(f, "sku_days")
    rcond, rparams = _where(f)
    with query.cursor(con, f) as cur:
        if query.in_session(cur, f):  # a report's period: added up from its one read of sku_days
            sold = query.sku_units(cur, f)
        else:
            sold = cur.sql(
                f"select master_sku as sku, sum(units)::BIGINT as units, sum(refund_units)::BIGINT as refund_units "
                f"from marts.sku_days where {cond} and master_sku is not null group by 1",
                params=params,
            ).pl()
        back = cur.sql(
            f"select master_sku as sku, sum(units)::BIGINT as returned_units, "
            f"arg_max(reason, units) as top_reason from (select master_sku, reason, sum(units) as units "
            f"from marts.return_lines where {rcond} group by all) group by 1",
            params=rparams,
        ).pl()
    out = sold.join(back, on="sku", how="full", coalesce=True).with_columns(
        pl.col("units", "refund_units", "returned_units").fill_null(0)
    )
    return (
        out.with_columns(
            (pl.col("returned_units") / pl.when(pl.col("units") > 0).then(pl.col("units"))).alias("return_rate"),
            (pl.col("refund_units") / pl.when(pl.col("units") > 0).then(pl.col("units"))).alias("refund_rate"),
        )
        .filter((pl.col("units") > 0) | (pl.col("returned_units") > 0))
        .sort(["returned_units", "sku"], descending=[True, False])
        .select("sku", "units", "returned_units", "return_rate", "refund_units", "refund_rate", "top_reason")
    )


def reasons(con, f, lang: str = "zh") -> pl.DataFrame:
    """Returns one row per return reason in f's period: reason (code or TikTok text), label (in `lang`), group,
    returned_units, share (of all returned units), most first."""
    cond, params = _where(f)
    with query.cursor(con, f) as cur:
        frame = cur.sql(
            f"select reason, sum(units)::BIGINT as returned_units from marts.return_lines where {cond} group by 1",
            params=params,
        ).pl()
    # printed TikTok reasons that name a returns-report reason count with it
    frame = (
        frame.with_columns(pl.col("reason").map_elements(canonical_reason, return_dtype=pl.String))
        .group_by("reason")
        .agg(pl.col("returned_units").sum())
    )
    total = frame.get_column("returned_units").sum() if frame.height else 0
    return (
        frame.with_columns(
            pl.col("reason").map_elements(lambda c: reason_label(c, lang), return_dtype=pl.String).alias("label"),
            pl.col("reason").map_elements(reason_group, return_dtype=pl.String).alias("group"),
            (pl.col("returned_units") / total if total else pl.lit(None, pl.Float64)).alias("share"),
        )
        .sort(["returned_units", "reason"], descending=[True, False])
        .select("reason", "label", "group", "returned_units", "share")
    )


def dispositions(con, f, lang: str = "zh") -> pl.DataFrame:
    """Returns returned units per warehouse grading (`detailed-disposition`, Amazon only): disposition, label,
    returned_units, most first."""
    cond, params = _where(f)
    with query.cursor(con, f) as cur:
        frame = cur.sql(
            f"select disposition, sum(units)::BIGINT as returned_units from marts.return_lines where {cond} "
            "and disposition is not null group by 1 order by 2 desc, 1",
            params=params,
        ).pl()
    return frame.with_columns(
        pl.col("disposition").map_elements(lambda c: disposition_label(c, lang), return_dtype=pl.String).alias("label")
    ).select("disposition", "label", "returned_units")


def return_rate(con, f) -> float | None:
    """Returns returned units / units sold for the whole filter (None without sales)."""
    frame = returns_by_sku(con, f)
    sold = frame.get_column("units").sum() if frame.height else 0
    return frame.get_column("returned_units").sum() / sold if sold else None


class ReasonRow(BaseModel):
    reason: str
    label_zh: str
    label_en: str
    returned_units: int
    share: float | None


class ReturnsSection(BaseModel):
    """The report's `returns` section: units sold and returned in the period, the return rate (returned / sold)
    and the reasons, most returned units first."""

    units: int
    returned_units: int
    return_rate: float | None
    reasons: list[ReasonRow]


def report_section(con, f) -> ReturnsSection:
    """Returns the returns section of `python -m metrics report` for f."""
    by_sku = returns_by_sku(con, f)
    sold = int(by_sku.get_column("units").sum()) if by_sku.height else 0
    back = int(by_sku.get_column("returned_units").sum()) if by_sku.height else 0
    rows = [
        ReasonRow(reason=r["reason"], label_zh=reason_label(r["reason"], "zh"), label_en=reason_label(r["reason"], "en"),
                  returned_units=r["returned_units"], share=r["share"])
        for r in reasons(con, f, "en").iter_rows(named=True)
    ]  # fmt: skip
    return ReturnsSection(units=sold, returned_units=back, return_rate=back / sold if sold else None, reasons=rows)


def meeting_sales_part(con, f) -> dict:
    """Returns what the meeting's sales view adds: tables `return_reasons` (top reasons) and `returns_by_sku`
    (SKUs with the most returned units) and extra `return_rate`."""
    by_sku = returns_by_sku(con, f)
    sold = by_sku.get_column("units").sum() if by_sku.height else 0
    rate = by_sku.get_column("returned_units").sum() / sold if sold else None
    top = reasons(con, f, "en").head(TOP_N)
    reason_rows = [
        {"reason": r["reason"], "reason_zh": reason_label(r["reason"], "zh"), "reason_en": r["label"],
         "returned_units": r["returned_units"], "share": r["share"]}
        for r in top.iter_rows(named=True)
    ]  # fmt: skip
    skus = (
        by_sku.filter(pl.col("returned_units") > 0).head(TOP_N).select("sku", "units", "returned_units", "return_rate")
    )
    return {
        "tables": {"return_reasons": reason_rows, "returns_by_sku": skus.to_dicts()},
        "extra": {"return_rate": rate},
    }
