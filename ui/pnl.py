"""The management P&L page's helpers: the cached P&L, its display and accountant frames and the monthly chart."""

from __future__ import annotations

from datetime import date

import altair as alt
import polars as pl
import streamlit as st

from metrics.accounts.pnl import COMPANY, SUBTOTALS, PnlSection, line_label, pnl
from metrics.core.locale_format import month
from ui import data
from ui.i18n import lang, t
from ui.plan_editors import Col
from ui.tables import CHANNELS


@st.cache_data(ttl=data.TTL, max_entries=64, show_spinner=False)
def _section(db: str, key: tuple, by: str) -> PnlSection:
    return pnl(data._con(db), data._f(key), by=by)


def section(f, by: str) -> PnlSection:
    """Returns the P&L of filter f by `by` (total, channel, marketplace, store), cached like every query."""
    return _section(data.db_key(), data.filters_key(f), by)


def has_expenses(s: PnlSection) -> bool:
    """Returns whether P&L `s` holds any expense amount (in any scope and month)."""
    return any(r.line == "expenses" and any(r.months.values()) for r in s.rows)


def company_expenses(f) -> float:
    """Returns the company's expenses of f's period in f's base currency over every channel, marketplace, store and
    SKU (a positive amount; 0.0 when there are none) — what a filtered view without expenses leaves out."""
    whole = f.model_copy(update={"channel": None, "marketplace": None, "store": None, "sku_search": None, "sku": None})
    s = section(whole, "total")
    return -sum(r.total or 0.0 for r in s.rows if r.scope == "total" and r.line == "expenses")


def scope_label(scope: str, lg: str | None = None) -> str:
    """Returns a scope id as people read it: total, company-wide, a channel's name, or the id itself."""
    lg = lg or lang()
    zh = lg == "zh"
    if scope == "total":
        return "合计" if zh else "Total"
    if scope == COMPANY:
        return "公司整体费用" if zh else "Company-wide expenses"
    if scope == "?":
        return "未指定" if zh else "Not assigned"
    return CHANNELS.get(scope, (scope, scope))[0 if zh else 1]


def table(s: PnlSection, scope: str, lg: str | None = None) -> pl.DataFrame:
    """Returns one scope's P&L: `step` (line name), one money column per month, `pnl_total`, the comparisons."""
    lg = lg or lang()
    rows = [r for r in s.rows if r.scope == scope]
    out = {"step": [("▸ " if r.line in SUBTOTALS else "") + line_label(r.line, lg) for r in rows]}
    for m in s.months:
        out[m] = [r.months[m] for r in rows]
    out["pnl_total"] = [r.total for r in rows]
    out["pnl_previous"] = [r.previous for r in rows]
    out["pnl_vs_previous"] = [None if r.previous is None else r.total - r.previous for r in rows]
    out["pnl_last_year"] = [r.last_year for r in rows]
    out["pnl_vs_last_year"] = [None if r.last_year is None else r.total - r.last_year for r in rows]
    return pl.DataFrame(out, schema={"step": pl.String, **{k: pl.Float64 for k in out if k != "step"}})


def month_first(m: str) -> date:
    """Returns the first day of a P&L month key "YYYY-MM"."""
    return date(int(m[:4]), int(m[5:7]), 1)


def month_label(m: str, lg: str | None = None) -> str:
    """Returns a P&L month key "YYYY-MM" as people read it in `lg` (the app's month helper): 2026年10月 / Oct 2026."""
    return month(month_first(m), lg or lang())


def spec(s: PnlSection, short: bool = True) -> dict[str, Col]:
    """Returns the headers of table(): the rest in both languages; all money. `short`: the screen's headers (a
    1280 px page holds the table; months read by locale, 2026年10月 / Oct 2026); the accountant's file keeps the full
    names and its months as written (YYYY-MM: language-free, they sort and match across the zh and en files)."""
    if short:
        words = {"pnl_total": ("合计", "Total"), "pnl_previous": ("上期", "Previous"),
                 "pnl_vs_previous": ("较上期", "vs previous"), "pnl_last_year": ("去年同期", "Last year"),
                 "pnl_vs_last_year": ("较去年", "vs last year")}  # fmt: skip
    else:
        words = {"pnl_total": ("本期合计", "Period total"), "pnl_previous": ("上期", "Previous period"),
                 "pnl_vs_previous": ("较上期", "vs previous"), "pnl_last_year": ("去年同期", "Same period last year"),
                 "pnl_vs_last_year": ("较去年同期", "vs last year")}  # fmt: skip
    months = {m: Col(month_label(m, "zh"), month_label(m, "en"), "money") if short else Col(m, m, "money")
              for m in s.months}  # fmt: skip
    return {**months, **{k: Col(zh, en, "money") for k, (zh, en) in words.items()}}


def accountant_frame(s: PnlSection, lg: str | None = None) -> pl.DataFrame:
    """Returns the P&L for CSV/XLSX: one block per scope, lines as rows, months then totals as columns, headers in
    the page's language with the currency, costs negative, amounts rounded to the cent."""
    lg = lg or lang()
    cur = s.base_currency
    heads = {k: (c.zh if lg == "zh" else c.en) for k, c in spec(s, short=False).items()}
    frames = []
    for scope in dict.fromkeys(r.scope for r in s.rows):
        frame = table(s, scope, lg).with_columns(pl.col("step").str.strip_chars_start("▸ ").str.strip_chars())
        frame = frame.with_columns(pl.exclude("step").round(2)).insert_column(
            0, pl.lit(scope_label(scope, lg)).alias("scope")
        )
        frames.append(frame)
    out = pl.concat(frames)
    names = {"scope": "范围" if lg == "zh" else "Scope", "step": "项目" if lg == "zh" else "Line"}
    names |= {k: f"{v} ({cur})" for k, v in heads.items()}
    if s.by == "total":
        out = out.drop("scope")
    return out.rename({k: v for k, v in names.items() if k in out.columns})


def partial_months(s: PnlSection) -> list[tuple[str, int, int]]:
    """Returns (month key "YYYY-MM", days inside the P&L's period, days of the month) for each month the period cuts
    (its amounts cover fewer days than a whole month's): the chart dashes them and the page says so, as the trend
    charts do (`ui.periods.partial_buckets`, `ui.trends.cut_buckets`)."""
    from ui.periods import partial_buckets

    firsts = [month_first(m) for m in s.months]
    return [(f"{p:%Y-%m}", n, whole) for p, n, whole in partial_buckets(firsts, s.start, s.end, "month")]


def partial_captions(s: PnlSection) -> None:
    """Writes one caption per month the P&L's period cuts (how many of its days the period holds, zh/en)."""

    for m, n, whole in partial_months(s):  # the chart draws such a month as a pale bar, not a dashed line
        st.caption(t("pnl_partial_month", day=month_label(m), n=n, of=whole))


PALE = 0.35  # a cut month's bar fill: plainly lighter than a whole month's (1.0), its dashed outline kept dark


def monthly_chart(s: PnlSection, scope: str = "total") -> alt.Chart:
    """Returns vertical bars of operating profit per month (green, red for a loss) with net profit as a line; the
    legend under the chart names the series the chart holds (a loss only when a month has one) in the UI's language,
    and the months read by locale (2026年10月 / Oct 2026). A month the period cuts (`partial_months`) is drawn pale
    (its fill at PALE, from the data's own `fill` field) with a dashed outline and the net-profit line into it
    dashed, so a short month does not read as a drop."""
    rows = {r.line: r for r in s.rows if r.scope == scope}
    op, npf, loss = t("pnl_operating_profit"), t("pnl_net_profit"), t("pnl_operating_loss")
    ops = [rows["operating_profit"].months[m] for m in s.months]
    cut = {m for m, _, _ in partial_months(s)}
    lg = lang()
    labels = [month_label(m, lg) for m in s.months]
    frame = pl.DataFrame({
        "month": s.months, "label": labels, op: ops, npf: [rows["net_profit"].months[m] for m in s.months],
        "bar": [loss if (v or 0) < 0 else op for v in ops], "line": [npf] * len(s.months),
        "partial": [m in cut for m in s.months], "fill": [PALE if m in cut else 1.0 for m in s.months],
    })  # fmt: skip
    shown = [x for x in (op, loss) if x in frame["bar"].to_list()] + [npf]  # no legend entry for an absent series
    hues = {op: "#2ca02c", loss: "#d62728", npf: "#1f77b4"}
    colors = alt.Scale(domain=shown, range=[hues[x] for x in shown])
    legend = alt.Legend(title=None, orient="bottom")
    x = alt.X("label:O", title=None, axis=alt.Axis(labelAngle=0), sort=labels)
    bars = (
        alt.Chart(frame.to_pandas())
        .mark_bar(strokeWidth=1.5)
        .encode(
            x=x,
            y=alt.Y(f"{op}:Q", title=s.base_currency, axis=alt.Axis(format=",.0f")),
            color=alt.Color("bar:N", scale=colors, legend=legend),
            fillOpacity=alt.FillOpacity("fill:Q", scale=None, legend=None),  # the value itself, no scale
            stroke=alt.condition("datum.partial", alt.value("#555555"), alt.value(None)),
            strokeDash=alt.condition("datum.partial", alt.value([4, 3]), alt.value([1, 0])),
            tooltip=[alt.Tooltip("label:O", title=""), alt.Tooltip(f"{op}:Q", format=",.2f"),
                     alt.Tooltip(f"{npf}:Q", format=",.2f")],
        )
    )  # fmt: skip
    enc = {"x": x, "y": alt.Y(f"{npf}:Q"), "color": alt.Color("line:N", scale=colors, legend=legend)}
    whole = frame.filter(~pl.col("partial"))
    layers = [bars, alt.Chart(whole.to_pandas()).mark_line(point=True).encode(**enc)]
    if cut:  # one dashed segment per cut month: from its whole neighbour(s) to it
        months, pieces = list(s.months), []
        for m in sorted(cut):
            i = months.index(m)
            near = [q for q in months[max(i - 1, 0) : i + 2] if q == m or q not in cut]
            pieces.append(frame.filter(pl.col("month").is_in(near)).with_columns(seg=pl.lit(m)))
        dashed = pl.concat(pieces)
        layers.append(
            alt.Chart(dashed.to_pandas())
            .mark_line(strokeDash=[5, 4], point=alt.OverlayMarkDef(filled=False))
            .encode(**enc, detail="seg:N")
        )
    return alt.layer(*layers).properties(title=t("pnl_chart"), height=280)
