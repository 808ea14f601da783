"""Overview helpers: the cost-coverage banner and the alerts list (seasonal-band breaches, data-health warnings)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import data
from ui import format as fmt
from ui.i18n import lang, metric_name, t

MAX_ALERTS = 8


def cost_banner(values: dict[str, dict], f=None) -> None:
    """Shows a warning when part of net sales has no landed cost (profit then covers only the rest), and, when f's
    base currency is not the books currency, the base's note (`base_note`)."""
    base_note(values, f)
    estimated = _estimated(f)
    if not estimated.is_empty():
        st.caption(t("estimated_fees_caption", n=fmt.count(estimated["lines"].sum())))
    coverage = (values.get("cost_coverage") or {}).get("value")
    if coverage is None or coverage >= 0.9995:
        return
    n = uncosted_skus(data.sku_economics(f)) if f is not None else data.health()["missing_costs"].height
    st.warning(t("cost_coverage_banner", pct=fmt.pct(coverage), n=n), icon=":material/warning:")


def base_note(
    values: dict[str, dict] | None, f, metric: str = "net_margin", changes: str = "fx_growth_caption"
) -> None:
    """Says, when f's base currency is not the books currency, how far the period's `metric` (a ratio of `values`)
    moves between the two bases (costs at their batch's arrival-date rate, sales at each sale day's rate) and why
    the changes against the comparison period move more (`changes`: a change carries the rates of both periods).
    The Overview says it of net margin and growth, the Ads page of break-even ACoS and its ratios' point changes,
    the ad what-if of net margin and its profits (`values` None: the view's figures, read only in another base)."""
    from ui.filters import setting_base

    home = setting_base()
    if f is None or not f.base_currency or f.base_currency == home:
        return
    # two sentences: margins differ a little, and growth (a thin profit's above all) moves with the rates of both
    # periods, so +0.3 % in USD beside +11.3 % in CNY is the bases, not the business
    values = data.kpi_compare(f) if values is None else values
    stop = "。" if lang() == "zh" else ". "
    basis = t("fx_basis_caption", base=f.base_currency, home=home)
    here = (values.get(metric) or {}).get("value")
    there = (data.kpi_compare(f.model_copy(update={"base_currency": home})).get(metric) or {}).get("value")
    # no sale of the view has a landed cost: both bases convert its sales and fees at the same rate, so the margins
    # could only read alike ("Net margin 100.0% in EUR vs 100.0% in CNY"); say what the comparison needs instead
    if here is not None and (values.get("cost_coverage") or {}).get("value") == 0:
        basis = t("fx_margin_needs_costs", metric=metric_name(metric), base=f.base_currency, home=home)
    elif here is not None and there is not None:  # the size of the difference for the period shown, not "a little"
        basis = t("fx_margin_caption", metric=metric_name(metric), base=f.base_currency, home=home,
                  here=fmt.pct(here, 1, lang()), there=fmt.pct(there, 1, lang()))  # fmt: skip
    st.caption(basis + stop + t(changes, base=f.base_currency, home=home) + stop.strip())


def fx_gap_notice(f) -> None:
    """Says, above a page's figures, which currency × month of the view has no rate to its base and where to add
    it: none of the view's sales converted (its money figures are unknown, "—" on the tiles) or some (its totals are
    partial)."""
    from ui.nav import page_path

    gaps = data.fx_gaps(f) if f is not None else None
    if gaps is None or not gaps.gaps:
        return
    lg = lang()
    items = [t("fx_gap_item", currency=fmt.plain(g.currency), base=g.base, month=str(g.month)[:7], rows=g.rows)
             for g in gaps.gaps]  # fmt: skip
    listed = ("、" if lg == "zh" else "; ").join(items)
    st.warning(t("fx_gap_whole" if gaps.whole else "fx_gap_partial", base=gaps.base, gaps=listed),
               icon=":material/currency_exchange:")  # fmt: skip
    st.page_link(page_path("page_settings"), label=t("fx_gap_link"), icon=":material/settings:")


def no_rate_chart(gaps) -> None:
    """In place of a chart whose amounts none converted to the view's base: one sentence naming the missing rates (a
    flat line or bars at 0 read as "nothing sold")."""
    currencies = list(dict.fromkeys(fmt.plain(g.currency) for g in gaps.gaps))
    st.info(t("fx_chart_no_rate", base=gaps.base, currencies=("、" if lang() == "zh" else ", ").join(currencies)),
            icon=":material/currency_exchange:")  # fmt: skip


def uncosted_skus(skus: pl.DataFrame) -> int:
    """Returns how many SKUs of a SKU table (`data.sku_economics`: the view's period, channel, marketplace, store and
    SKU filter) sold units without a landed cost: the SKUs behind the view's cost coverage, not the company's."""
    if skus.is_empty() or not {"units", "costed_units"} <= set(skus.columns):
        return 0
    short = (pl.col("units").fill_null(0) > 0) & (pl.col("costed_units").fill_null(0) < pl.col("units"))
    return skus.filter(short).height


def _notes(kind: str, f=None) -> pl.DataFrame:
    """Returns the data-health TikTok Shop / Shopify notes of one kind (estimated_fees, no_sku, unknown_type)
    within f's channel, marketplace and period (a note counts when its days overlap the period); all when f is None.

    The notes carry no store: with a store chosen they stay the company's (see `_all_stores`)."""
    from warehouse.core.marketplaces import MARKETPLACES

    notes = data.health().get("channel_notes")
    if notes is None or notes.is_empty():
        return pl.DataFrame()
    notes = notes.filter(pl.col("kind") == kind)
    if f is None:
        return notes
    if f.marketplace:
        notes = notes.filter(pl.col("marketplace") == f.marketplace)
    if f.channel:
        channel = pl.col("marketplace").replace_strict(
            {k: m.channel for k, m in MARKETPLACES.items()}, default=None, return_dtype=pl.String
        )
        notes = notes.filter(channel == f.channel)
    return notes.filter(
        (pl.col("last_day").is_null() | (pl.col("last_day") >= f.start))
        & (pl.col("first_day").is_null() | (pl.col("first_day") <= f.end))
    )


def _estimated(f=None) -> pl.DataFrame:
    """Returns the TikTok Shop orders with estimated fees: counted within f's period, channel, marketplace and store
    (orders of the period no statement covers yet); every such order when f is None."""
    return _notes("estimated_fees", None) if f is None else data.estimated_fee_orders(f)


def _all_stores(f) -> str:
    """Returns the words saying a count is of every store (" (all stores)") when f narrows to one store, else ""."""
    return t("scope_all_stores") if f is not None and getattr(f, "store", None) else ""


def seasonal_lines(f) -> list[str]:
    """Returns one sentence per KPI whose last-day value is outside its seasonal band (red first)."""
    if f is None:
        return []
    from metrics.core.registry import REGISTRY

    frame = data.seasonal_status(f).filter(pl.col("status").is_in(["red", "amber"])).sort("status", descending=True)
    lines = []
    for r in frame.iter_rows(named=True):
        unit = REGISTRY[r["kpi"]].unit if r["kpi"] in REGISTRY else ""

        def show(v, unit=unit):
            if unit == "ratio":
                return fmt.pct(v, 1, lang())  # one decimal, as every other percentage
            return fmt.money(v, f.base_currency, lang()) if unit == "money" else fmt.count(v)

        lines.append(
            t(
                f"alert_band_{r['status']}",
                kpi=metric_name(r["kpi"]),
                day=fmt.day(r["date"], lang()),
                value=show(r["value"]),
                low=show(r["amber_low"]),
                high=show(r["amber_high"]),
                window=fmt.window(r["window"], lang()),
            )
        )
    return lines


def missing_fx(fx: pl.DataFrame | None, f=None) -> pl.DataFrame:
    """Returns the data-health FX gaps (one row per family × marketplace × currency × month, `first_day` /
    `last_day` the days without a rate) whose days overlap f's period: an alert under a view speaks of that view's
    period only (gaps of other months are on the Data page); every gap when f is None."""
    if fx is None or fx.is_empty():
        return pl.DataFrame()
    if f is None or not {"first_day", "last_day", "marketplace"} <= set(fx.columns):
        return fx
    fx = _in_place(fx, f)
    return fx.filter((pl.col("last_day").cast(pl.Date) >= f.start) & (pl.col("first_day").cast(pl.Date) <= f.end))


def _in_place(frame: pl.DataFrame, f) -> pl.DataFrame:
    """Returns the rows of a health table with a `marketplace` column within f's channel and marketplace; a row of
    no marketplace stays (no filter can leave it out)."""
    from warehouse.core.marketplaces import MARKETPLACES

    place = pl.col("marketplace")
    if getattr(f, "marketplace", None):
        frame = frame.filter(place.is_null() | (place == f.marketplace))
    if getattr(f, "channel", None):
        channel = place.replace_strict({k: m.channel for k, m in MARKETPLACES.items()}, default=None,
                                       return_dtype=pl.String)  # fmt: skip
        frame = frame.filter(place.is_null() | (channel == f.channel))
    return frame


def alert_lines(f=None) -> list[str]:
    """Returns the seasonal-band breaches and the data-health warnings as sentences, most important first."""
    health = data.health()
    lines: list[str] = seasonal_lines(f)
    for r in missing_fx(health.get("missing_fx"), f).iter_rows(named=True):
        lines.append(
            t(
                "alert_missing_fx",
                currency=fmt.plain(r.get("currency")),
                month=fmt.month(r.get("month"), lang()),
                rows=fmt.count(r.get("rows")),
            )
        )
    # under a view: its own SKUs' units of its period, channel, marketplace and store (a Shopify SKU's or another
    # month's were listed beside July on amazon.com); the company's are on the Data page
    scoped = health if f is None else data.view_health(f)
    costs = scoped.get("missing_costs")
    if costs is not None and not costs.is_empty():
        key = "sku" if "sku" in costs.columns else costs.columns[0]
        for r in costs.iter_rows(named=True):
            lines.append(t("alert_missing_cost", sku=fmt.sku(r.get(key), lang()), units=fmt.count(r.get("units"))))
    unmapped = scoped.get("unmapped_skus")
    if unmapped is not None and not unmapped.is_empty():
        key = (
            "channel_sku"
            if "channel_sku" in unmapped.columns
            else ("sku" if "sku" in unmapped.columns else unmapped.columns[0])
        )
        for r in unmapped.iter_rows(named=True):
            lines.append(
                t("alert_unmapped", sku=fmt.plain(r.get(key)), marketplace=fmt.plain(r.get("marketplace", "")))
            )
    for r in _estimated(f).iter_rows(named=True):
        rate = fmt.pct(-(r["fee_rate"] or 0.0))
        lines.append(t("alert_estimated_fees", n=fmt.count(r["lines"]), marketplace=r["marketplace"], rate=rate))
    for r in _notes("fees_missing", f).iter_rows(named=True):
        lines.append(t("alert_fees_missing", n=fmt.count(r["lines"]), marketplace=r["marketplace"]))
    for r in _notes("refund_order_date", f).iter_rows(named=True):
        lines.append(t("alert_refund_order_date", n=fmt.count(r["lines"]), marketplace=r["marketplace"]))
    for r in _notes("no_sku", f).iter_rows(named=True):
        lines.append(t("alert_no_sku", sku=fmt.plain(r["item"])))
    for r in _notes("unknown_type", f).iter_rows(named=True):
        lines.append(t("alert_unknown_type", item=fmt.plain(r["item"])))
    return lines


def alerts(f=None) -> None:
    """Renders the alerts list, or a line saying there is nothing to deal with."""
    lines = alert_lines(f)
    if f is not None and (f.channel or f.marketplace or getattr(f, "store", None) or f.sku_search):
        st.caption(t("alerts_scope_note"))
    if not lines:
        st.success(t("no_alerts"), icon=":material/check_circle:")
        return
    with st.container(border=True):
        for line in lines[:MAX_ALERTS]:
            st.markdown(f":material/error: {line}")
        if len(lines) > MAX_ALERTS:
            st.caption(t("alert_more", n=len(lines) - MAX_ALERTS))
