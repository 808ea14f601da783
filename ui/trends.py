"""Trend line charts over period buckets: `trend_lines` (one line per metric) and `cut_buckets`, which finds the
week or month buckets the period cuts, says so under the chart and has `trend_lines` dash them."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from ui.charts import _d3, cached, day_axis


def cut_buckets(frame: pl.DataFrame, f, grain: str) -> tuple:
    """Returns the trend periods of `frame` whose week / month the filter f's period cuts (for `trend_lines`'s
    `partial`) and writes one caption per such bucket saying how many of its days the period holds (zh/en)."""
    from ui.format import day
    from ui.i18n import lang, t
    from ui.periods import partial_buckets

    if frame.is_empty() or f is None:
        return ()
    cut = partial_buckets(frame["period"].to_list(), f.start, f.end, grain)
    for p, n, whole in cut:
        key = "partial_week" if grain == "week" else "partial_month"
        st.caption(t(key, day=day(p, lang()), n=n, of=whole))
    return tuple(p for p, _, _ in cut)


def outliers(frame: pl.DataFrame, columns: list[str]) -> tuple[float | None, list[tuple[str, object, float]]]:
    """Returns (cap, [(column, period, value)]) when a few buckets of the ratio columns lie far off the rest (one day
    of 1,200 % ACoS on a few cents of ad sales flattened every other day to the axis): cap = twice the 90th
    percentile of the absolute values, at least 50 %; the points beyond ±cap, largest first. (None, []) when
    nothing lies beyond it or there are fewer than 7 points."""
    present = [c for c in columns if c in frame.columns]
    if frame.is_empty() or not present:
        return None, []
    long = frame.select(["period", *present]).unpivot(index="period", variable_name="m", value_name="v")
    long = long.filter(pl.col("v").is_not_null() & pl.col("v").is_finite())
    if long.height < 7:
        return None, []
    cap = max(2 * float(long["v"].abs().quantile(0.9, "linear")), 0.5)
    out = long.filter(pl.col("v").abs() > cap).sort(pl.col("v").abs(), descending=True)
    return (cap, [(r["m"], r["period"], r["v"]) for r in out.iter_rows(named=True)]) if out.height else (None, [])


@cached
def trend_lines(
    frame: pl.DataFrame, columns: dict[str, str], unit: str, title: str = "", partial: tuple = (),
    clip: float | None = None, axis_title: str | None = None, accounting: bool = False,
) -> alt.Chart:  # fmt: skip
    """Returns a line chart of `frame.period` against each column (legend = the column's label in `columns`).

    `partial`: period values whose bucket the period cuts (`ui.periods.partial_buckets`): the line into and out
    of each is dashed, so a short last week does not read as a collapse (the page says why under the chart).
    `clip`: the axis runs from −clip (or 0) to clip and lines beyond it are cut at the edge (`outliers`; the page
    names the points cut). `axis_title`: the y axis' title, naming money's currency ("Amount (CNY)"); `accounting`: a negative amount in brackets
    ("(1,234)", as the Profit page's tables), not "−1,234"."""
    long = frame.select(["period", *columns]).unpivot(index="period", variable_name="m", value_name="v")
    long = long.with_columns(pl.col("m").replace_strict(columns, default=pl.col("m")).alias("metric"))
    fmt = ("(" if accounting and unit == "money" else "") + _d3(unit)  # d3's "(" sign: brackets for a negative
    scale = alt.Undefined
    if clip:  # a robust scale: the few points beyond ±clip are cut at the edge, the rest keep their shape
        low = min(float(long["v"].drop_nulls().min() or 0.0), 0.0)
        scale = alt.Scale(domain=[max(low, -clip), clip], clamp=True)
    enc = {
        "x": alt.X("period:T", title=None, axis=day_axis(frame["period"].to_list())),
        "y": alt.Y("v:Q", title=axis_title, axis=alt.Axis(format=fmt), scale=scale),
        "color": alt.Color("metric:N", title=None, sort=list(columns.values())),
        "tooltip": [alt.Tooltip("period:T"), alt.Tooltip("metric:N"), alt.Tooltip("v:Q", format=fmt)],
    }
    cut = set(partial) & set(long["period"].to_list())
    if not cut:
        return (
            alt.Chart(long.to_pandas(), title=title)
            .mark_line(point=alt.OverlayMarkDef(size=18), clip=bool(clip))
            .encode(**enc)
            .properties(height=260)
        )
    periods = sorted(long["period"].unique().to_list())
    whole = long.filter(~pl.col("period").is_in(list(cut)))
    # one dashed segment per cut bucket: from its whole neighbour(s) to it
    pieces = []
    for p in cut:
        i = periods.index(p)
        near = [q for q in periods[max(i - 1, 0) : i + 2] if q == p or q not in cut]
        pieces.append(long.filter(pl.col("period").is_in(near)).with_columns(seg=pl.lit(str(p))))
    dashed = pl.concat(pieces)
    solid = alt.Chart(whole.to_pandas()).mark_line(point=alt.OverlayMarkDef(size=18), clip=bool(clip)).encode(**enc)
    cut_line = (
        alt.Chart(dashed.to_pandas())
        .mark_line(strokeDash=[5, 4], point=alt.OverlayMarkDef(size=18, filled=False), clip=bool(clip))
        .encode(**enc, detail="seg:N")
    )
    return alt.layer(solid, cut_line, title=title).properties(height=260)
