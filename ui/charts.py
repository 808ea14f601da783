"""One Altair theme for every chart (CJK-capable fonts, quiet grid) and the chart builders pages use.

Size: one module because the builders share the theme and the spec cache (`cached` keys a spec on its builder's
name in this module); its next seam is the bar-family builders (bars, pareto, tornado) into a module of their own.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

import altair as alt
import polars as pl
import streamlit as st

from ui.chart_labels import ALL_LABELS_UP_TO, LABEL_FONT_PX, SLOT_WIDTH_PX, label_depth, label_px, label_room  # noqa: F401

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif'
PALETTE = ["#1f6feb", "#f78166", "#2da44e", "#bf8700", "#8250df", "#0598bc", "#cf222e", "#6e7781"]
GOOD, BAD, NEUTRAL = "#2da44e", "#cf222e", "#6e7781"


@alt.theme.register("cockpit", enable=True)
def cockpit_theme() -> alt.theme.ThemeConfig:
    """Returns the cockpit theme: CJK fonts, one palette, light grid, no chart border."""
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousHeight": 280},
            "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12,
                     "gridColor": "#eaeef2", "domainColor": "#d0d7de", "tickColor": "#d0d7de", "titleFontWeight": 500},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "orient": "bottom"},
            "title": {"font": FONT, "fontSize": 14, "anchor": "start", "fontWeight": 600},
            "header": {"labelFont": FONT, "titleFont": FONT},
            "range": {"category": PALETTE},
            "line": {"strokeWidth": 2},
            "bar": {"cornerRadiusEnd": 2},
        }
    }  # fmt: skip


def show(chart: alt.TopLevelMixin | dict) -> None:
    """Renders a chart full width with the cockpit theme (not Streamlit's): an Altair chart or a cached spec."""
    if isinstance(chart, dict):
        st.vega_lite_chart(chart, theme=None, width="stretch")
        return
    alt.theme.enable("cockpit")
    st.altair_chart(chart, theme=None, width="stretch")


@st.cache_data(max_entries=512, show_spinner=False)
def _spec(builder: str, args: tuple, kwargs: dict) -> dict:
    alt.theme.enable("cockpit")
    return _BUILDERS[builder](*args, **kwargs).to_dict()


_BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {}


def cached(builder: Callable[..., alt.TopLevelMixin]) -> Callable[..., dict]:
    """Makes a chart builder return its Vega-Lite spec, built and validated once per distinct input (a warm rerun
    then skips Altair entirely: building and validating a chart costs 10–40 ms, sending a ready spec about 5)."""
    _BUILDERS[builder.__name__] = builder

    @functools.wraps(builder)
    def spec(*args, **kwargs) -> dict:
        return _spec(builder.__name__, args, kwargs)

    return spec


FEW_TICKS = 12  # up to this many dates, the axis ticks exactly the dates (else Vega ticks twice a day: "11-24 11-24")


def day_axis(dates, fmt: str = "%m-%d") -> alt.Axis:
    """Returns a date axis labelled `fmt` whose ticks, for up to FEW_TICKS dates, are exactly `dates` (a short
    period's days or weeks then never repeat a label); longer series tick at whole days at least."""
    days = sorted({d for d in dates if d is not None})
    if 0 < len(days) <= FEW_TICKS:
        values = [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in days]
        return alt.Axis(format=fmt, labelAngle=0, values=values)
    return alt.Axis(format=fmt, labelAngle=0, tickMinStep=86_400_000)  # ms in a day


def _d3(unit: str) -> str:
    return {"pct": ".1%", "days": ",.0f", "count": ",.0f"}.get(unit, ",.2f" if unit == "ratio" else ",.0f")


@cached
def bars(frame: pl.DataFrame, cat: str, value: str, unit: str, title: str = "", signed: bool = False,
         note: str | None = None, in_order: bool = False, accounting: bool = False) -> alt.Chart:  # fmt: skip
    """Returns horizontal bars of `value` per `cat`, largest first (in the frame's row order when `in_order`); red/
    green by sign when `signed`. `note` names a text column written at the end of its bar where not null (a bar
    clipped at the axis' end says "> 365"). `accounting`: money on the axis and in the tooltips shows a negative in
    brackets, "(46)", as the tables beside it (`ui.grid.negatives_in_brackets`)."""
    fmt = ("(" if accounting and unit == "money" else "") + _d3(unit)  # d3's "(" sign: brackets for a negative
    color = alt.condition(alt.datum[value] < 0, alt.value(BAD), alt.value(GOOD)) if signed else alt.value(PALETTE[0])
    height = max(120, 26 * frame.height)
    base = alt.Chart(frame.select([cat, value] + ([note] if note else [])).to_pandas(), title=title).encode(
        # an explicit order: a layered chart (bars + notes) drops a "-x" sort and falls back to the names' order
        y=alt.Y(f"{cat}:N", sort=frame[cat].to_list() if in_order else "-x", title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X(f"{value}:Q", title=None, axis=alt.Axis(format=fmt)),
    )
    tips = [alt.Tooltip(f"{cat}:N"), alt.Tooltip(f"{value}:Q", format=fmt)] + (
        [alt.Tooltip(f"{note}:N")] if note else []
    )
    chart = base.mark_bar().encode(color=color, tooltip=tips)
    if note:  # inside the bar's end, so the axis keeps its range and the text is never cut by the frame
        text = base.mark_text(align="right", dx=-4, color="white", fontWeight="bold").encode(text=f"{note}:N")
        chart = chart + text.transform_filter(alt.datum[note] != None)  # noqa: E711 (a Vega expression)
    return chart.properties(height=min(height, 700))


@cached
def waterfall(steps: list[tuple[str, float]], total_label: str, title: str = "",
              width_px: int = SLOT_WIDTH_PX, short: tuple[str, ...] = (), accounting: bool = False,
              axis_title: str | None = None) -> alt.Chart:  # fmt: skip
    """Returns a waterfall from the first step through each signed step to the total (the running sum), drawn
    `width_px` wide at the narrowest window (1280 px): every step named in full (flat or turned −45°) and each
    amount printed over its bar only when it fits the bar's slot (all amounts are in the tooltips). `short`: a
    shorter text per bar (the steps', then the total's: "-1.2万", "35.4K") printed instead when the full amounts
    do not fit, so every bar keeps a value. `accounting`: amounts, tooltips and the axis show a negative in brackets
    ("(28.22)", as the page's tables show money), not "−28.22"; `axis_title` names the amounts' unit and currency."""
    num = "(,.2f" if accounting else ",.2f"  # d3's "(" sign: brackets for a negative, nothing for the rest
    rows, running = [], 0.0
    for i, (label, amount) in enumerate(steps):
        start = running
        running += amount
        kind = "start" if i == 0 else ("up" if amount >= 0 else "down")
        rows.append({"step": label, "order": i, "y0": start, "y1": running, "amount": amount, "kind": kind})
    rows.append({"step": total_label, "order": len(steps), "y0": 0.0, "y1": running, "amount": running,
                 "kind": "profit" if running >= 0 else "loss"})  # fmt: skip
    for row, text in zip(rows, short if len(short) == len(rows) else ()):
        row["short"] = text
    colors = alt.Scale(domain=["start", "up", "down", "profit", "loss"],
                       range=[PALETTE[0], GOOD, "#f0883e", GOOD, BAD])  # fmt: skip
    frame = pl.DataFrame(rows).to_pandas()
    room = label_room(
        [r["step"] for r in rows], width_px
    )  # every step named in full ("Other income", not "Other inc…")
    base = alt.Chart(frame, title=title).encode(
        x=alt.X("step:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(**room))
    )
    bars_ = base.mark_bar(size=34).encode(
        y=alt.Y("y0:Q", title=axis_title, axis=alt.Axis(format="(,.0f" if accounting else ",.0f")), y2="y1:Q",
        color=alt.Color("kind:N", scale=colors, legend=None),
        tooltip=[alt.Tooltip("step:N"), alt.Tooltip("amount:Q", format=num)],
    )  # fmt: skip
    slot = width_px / len(rows)
    # the height holds the turned labels too (a stretched chart fits its padding): "Other income (reimbursements)"
    # at −45° left the English plot ~115 px of 300, the Chinese ~160
    height = 280 + label_depth(room)

    def printed(a: float) -> str:  # the amount as the bar's label prints it
        return f"({-a:,.2f})" if accounting and a < 0 else f"{a:,.2f}"

    if max(label_px(printed(r["amount"])) for r in rows) <= slot - 4:
        text = alt.Text("amount:Q", format=num)
    elif "short" in rows[0] and max(label_px(r["short"]) for r in rows) <= slot - 4:
        text = alt.Text("short:N")
    else:  # amounts would print over each other
        return bars_.properties(height=height)
    # over the bar's top, falling steps too (at a falling bar's foot the text crossed the bar)
    top = base.transform_calculate(top="max(datum.y0, datum.y1)")
    labels = top.mark_text(dy=-8, fontSize=LABEL_FONT_PX).encode(y="top:Q", text=text)
    return (bars_ + labels).properties(height=height)


@cached
def pareto(
    frame: pl.DataFrame,
    cat: str,
    value: str,
    share_label: str,
    title: str = "",
    max_bars: int = 60,
    axis_title: str | None = None,
    accounting: bool = False,
) -> alt.Chart:
    """Returns bars of `value` per `cat` (largest first, at most `max_bars`) with the cumulative share of the
    positive total: each bar's running sum of the profit-making rows' profit ÷ the total of every row's positive
    profit. It rises to exactly 100 % at the last profit-making bar and stays there over the loss-making bars (red,
    not netted in), so it never passes 100 % nor falls back. (Netting losses into a share of the positive total
    read past 100 % and then fell; a share of net profit can exceed 100 % by construction.) `axis_title` names the
    bars' amount and currency ("Net profit (CNY)"); `accounting` writes a negative in brackets, as the tables do."""
    f = frame.select([cat, value]).sort(value, descending=True)
    gain = pl.col(value).fill_null(0).clip(lower_bound=0)
    positive = float(f.select(gain.sum()).item() or 0.0)
    share = (gain.cum_sum() / positive).clip(upper_bound=1.0) if positive > 0 else pl.lit(0.0)
    last_gain = f.height - 1 - (f[value].fill_null(0).reverse() > 0).arg_max() if positive > 0 else f.height
    f = f.with_columns(share.alias("cum"), pl.int_range(pl.len()).alias("rank"))
    # exactly 100 % from the last profit-making bar on (the running sum's float dust read 99.99… %)
    f = f.with_columns(pl.when(pl.col("rank") >= last_gain).then(1.0).otherwise(pl.col("cum")).alias("cum"))
    f = f.head(max_bars)
    # every SKU named in full up to ALL_LABELS_UP_TO bars (vertical labels: one font height each); beyond, every
    # other label, so they never print over each other
    n, font = f.height, 10 if f.height <= 20 else 9
    longest = max((label_px(x, font) for x in f[cat].cast(pl.String).fill_null("").to_list()), default=0) + 4
    base = alt.Chart(f.to_pandas(), title=title).encode(
        x=alt.X(f"{cat}:N", sort=alt.SortField("rank"), title=None,
                axis=alt.Axis(labelAngle=-90, labelLimit=longest, labelFontSize=font,
                              labelOverlap=False if n <= ALL_LABELS_UP_TO else "parity"))
    )  # fmt: skip
    bar = base.mark_bar().encode(
        y=alt.Y(f"{value}:Q", title=axis_title, axis=alt.Axis(format="(,.0f" if accounting else ",.0f")),
        color=alt.condition(alt.datum[value] < 0, alt.value(BAD), alt.value(PALETTE[0])),
        tooltip=[
            alt.Tooltip(f"{cat}:N"),
            alt.Tooltip(f"{value}:Q", format="(,.2f" if accounting else ",.2f"),
            alt.Tooltip("cum:Q", format=".1%"),
        ],  # fmt: skip
    )
    # the right axis names the line in its own colour above the axis (a vertical title there was cut at the edge)
    line = base.mark_line(color=PALETTE[1], point=True).encode(
        y=alt.Y("cum:Q", title=None, axis=alt.Axis(format=".0%", orient="right", titleColor=PALETTE[1]))
    )
    heading = alt.TitleParams(text=title or share_label, subtitle=share_label if title else "", anchor="end",
                              fontSize=12, subtitleColor=PALETTE[1], color=PALETTE[1] if not title else None)  # fmt: skip
    return alt.layer(bar, line, title=heading).resolve_scale(y="independent").properties(height=300)


@cached
def acos_vs_breakeven(frame: pl.DataFrame, cat: str, labels: dict[str, str], title: str = "") -> alt.Chart:
    """Returns actual ACoS bars per SKU (red above break-even) with a tick at each SKU's break-even ACoS."""
    f = frame.select([cat, "acos", "breakeven_acos"]).drop_nulls("acos")
    f = f.with_columns(
        pl.when(pl.col("acos") > pl.col("breakeven_acos")).then(pl.lit(labels["above"]))
        .otherwise(pl.lit(labels["below"])).alias("status")
    )  # fmt: skip
    base = alt.Chart(f.to_pandas(), title=title).encode(
        y=alt.Y(f"{cat}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=200))
    )
    bar = base.mark_bar(opacity=0.85).encode(
        x=alt.X("acos:Q", title="ACoS", axis=alt.Axis(format=".0%")),
        color=alt.Color(
            "status:N", scale=alt.Scale(domain=[labels["above"], labels["below"]], range=[BAD, GOOD]), title=None
        ),  # fmt: skip
        tooltip=[
            alt.Tooltip(f"{cat}:N"),
            alt.Tooltip("acos:Q", format=".1%"),
            alt.Tooltip("breakeven_acos:Q", format=".1%", title=labels["breakeven"]),
        ],  # fmt: skip
    )
    tick = base.mark_tick(color="#24292f", thickness=3, size=22).encode(x="breakeven_acos:Q")
    return (bar + tick).properties(height=min(700, max(140, 28 * f.height)))


@cached
def stacked_share(frame: pl.DataFrame, columns: dict[str, str], title: str = "") -> alt.Chart:
    """Returns a 100 % stacked area of the `columns` over `frame.period` (e.g. organic vs ad sales)."""
    long = frame.select(["period", *columns]).unpivot(index="period", variable_name="m", value_name="v")
    long = long.with_columns(pl.col("m").replace_strict(columns, default=pl.col("m")).alias("part"))
    return (
        alt.Chart(long.to_pandas(), title=title)
        .mark_area(opacity=0.85)
        .encode(
            x=alt.X("period:T", title=None, axis=day_axis(frame["period"].to_list())),
            y=alt.Y("v:Q", stack="normalize", title=None, axis=alt.Axis(format=".0%")),
            color=alt.Color("part:N", title=None, sort=list(columns.values())),
            tooltip=[alt.Tooltip("period:T"), alt.Tooltip("part:N"), alt.Tooltip("v:Q", format=",.2f")],
        )
        .properties(height=260)
    )


@cached
def band_chart(frame: pl.DataFrame, title: str, status_colors: tuple[tuple[str, str, str], ...], lang: str = "en",
               names: tuple[tuple[str, str], ...] = ()) -> alt.Chart:  # fmt: skip
    """Returns a KPI's daily value against its moving seasonal band: amber band shaded, red edges dashed, each day
    a dot coloured by its status. `status_colors`: (status, label in the page's language, colour) triples (legend);
    `names`: (column, label) pairs for the tooltip; dates on the axis in `lang` (7月3日 / Jul 03)."""
    labels = {s: label for s, label, _ in status_colors}
    shown = frame.with_columns(status_label=pl.col("status").replace_strict(labels, default=None))
    base = alt.Chart(shown.to_pandas()).encode(
        x=alt.X("date:T", title=None, axis=day_axis(frame["date"].to_list(), "%-m月%-d日" if lang == "zh" else "%b %d"))
    )
    band = base.mark_area(opacity=0.18, color=GOOD).encode(y="amber_low:Q", y2="amber_high:Q")
    reds = [base.mark_line(strokeDash=[4, 3], color=BAD).encode(y=alt.Y(f"{b}:Q", title=None))
            for b in ("red_low", "red_high")]  # fmt: skip
    line = base.mark_line(color=NEUTRAL).encode(y=alt.Y("value:Q", title=title))
    domain, colours = [label for _, label, _ in status_colors], [c for _, _, c in status_colors]
    tips = dict(names)
    dots = base.mark_circle(size=40).encode(
        y="value:Q",
        color=alt.Color("status_label:N", scale=alt.Scale(domain=domain, range=colours), title=None),
        tooltip=[alt.Tooltip("date:T", title=tips.get("date", "date"), format="%Y-%m-%d"),
                 *(alt.Tooltip(f"{c}:Q", title=tips.get(c, c), format=",.2f") for c in ("value", "center")),
                 alt.Tooltip("status_label:N", title=tips.get("status", "status"))],
    )  # fmt: skip
    return alt.layer(band, *reds, line, dots).properties(height=300)


def _joined_marks(marks: pl.DataFrame, grid: pl.DataFrame) -> list[dict]:
    """Returns the markers' labels with those closer than 6 % of the x range joined into one ("now / new"), so
    labels of nearby rules never print over each other."""
    span = max(float(grid["spend"].max() or 0.0), 1e-9)
    out: list[dict] = []
    for row in marks.sort("spend").to_dicts():
        if out and row["spend"] - out[-1]["spend"] < 0.06 * span:
            out[-1]["label"] += " / " + row["label"]
        else:
            out.append(dict(row))
    return out


def response_curve(grid: pl.DataFrame, marks: pl.DataFrame, title: str) -> dict:
    """Returns the Vega-Lite spec of a spend → response chart: one line per `grid.k` (spend, v) and a dashed rule
    with a label at each of `marks` (spend, label). Written as a plain spec, not through Altair, because it is
    redrawn on every slider move (Altair would take ~100 ms to build and validate it; this takes well under 1).
    Each line keeps its colour in every language: the colours go to the series in the grid's order, not in the
    order of their (translated) names."""
    series = grid["k"].unique(maintain_order=True).to_list()
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "config": cockpit_theme()["config"],
        "title": title,
        "height": 260,
        "layer": [
            {
                "data": {"values": grid.to_dicts()},
                "mark": {"type": "line"},
                "encoding": {
                    "x": {"field": "spend", "type": "quantitative", "title": None},
                    "y": {"field": "v", "type": "quantitative", "title": None},
                    "color": {
                        "field": "k",
                        "type": "nominal",
                        "title": None,
                        "sort": series,
                        "scale": {"domain": series, "range": PALETTE[: len(series)]},
                    },
                },
            },
            {
                "data": {"values": marks.to_dicts()},
                "mark": {"type": "rule", "strokeDash": [4, 3]},
                "encoding": {
                    "x": {"field": "spend", "type": "quantitative"},
                    "tooltip": [{"field": "label", "type": "nominal"}, {"field": "spend", "type": "quantitative"}],
                },
            },
            {
                "data": {"values": _joined_marks(marks, grid)},
                "mark": {"type": "text", "align": "left", "dx": 3, "dy": -6, "y": 0},
                "encoding": {"x": {"field": "spend", "type": "quantitative"}, "text": {"field": "label"}},
            },
        ],
    }


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Returns about `count` round tick values (steps of 1, 2, 2.5 or 5 × a power of ten) inside [lo, hi]."""
    import math

    span = hi - lo
    if not span > 0:
        return [lo]
    raw = span / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step)
    return [round(k * step, 9) for k in range(first, math.floor(hi / step) + 1)]


def label_expr(values: list[float], labels: list[str]) -> str:
    """Returns a Vega labelExpr writing each of `values` as its label in `labels` (axis ticks set to `values`), so an
    axis reads in the page's own number format (2万 / 20K) instead of Vega's SI units (20k)."""
    expr = "''"
    for v, text in reversed(list(zip(values, labels))):
        expr = f"abs(datum.value - ({v!r})) < 1e-6 ? {json.dumps(text, ensure_ascii=False)} : {expr}"
    return expr


@cached
def tornado(frame: pl.DataFrame, order: tuple[str, ...], low_label: str, high_label: str, up_label: str,
            down_label: str, lang: str = "en", axis_title: str | None = None) -> alt.LayerChart:  # fmt: skip
    """Returns a tornado: per row (`currency`) two bars from the actual profit (`profit`, a dashed rule) to the profit
    at the low and at the high rate (`low`, `high`), rows in `order`, each bar named by its move at its end
    (`low_label` / `high_label`: −5 % / +5 %) and coloured by what it does to profit (green `up_label`, red
    `down_label`): a weaker currency raises the profit of a seller who pays in it. The axis spans the bars' own range
    (from 0, a ±5 % swing on a large profit was a hairline) with a few round ticks in `lang`'s compact numbers
    (2万 / 20K, ui.format.number_short), titled `axis_title` (the profit and its currency: "Net profit (CNY)")."""
    from ui.format import number_short

    long = frame.select("currency", "profit", "low", "high").unpivot(
        index=["currency", "profit"], variable_name="side", value_name="value"
    )
    long = long.with_columns(
        pl.col("side").replace_strict({"low": low_label, "high": high_label}),
        effect=pl.when(pl.col("value") < pl.col("profit")).then(pl.lit(down_label)).otherwise(pl.lit(up_label)),
    )
    ends = [v for v in long["value"].to_list() + long["profit"].to_list() if v is not None]
    lo, hi = (min(ends), max(ends)) if ends else (0.0, 1.0)
    pad = (hi - lo) * 0.15 or max(abs(hi) * 0.01, 1.0)  # room for the bars' end labels
    ticks = nice_ticks(lo - pad, hi + pad)
    axis = alt.Axis(values=ticks, labelExpr=label_expr(ticks, [number_short(v, lang) for v in ticks]),
                    labelOverlap="greedy", labelFlush=True, labelAngle=0)  # fmt: skip
    x = alt.X("profit:Q", title=axis_title, scale=alt.Scale(domain=[lo - pad, hi + pad], zero=False, nice=False),
              axis=axis)  # fmt: skip
    base = alt.Chart(long.to_pandas()).encode(y=alt.Y("currency:N", sort=list(order), title=None))
    bars_ = base.mark_bar(height=18).encode(
        x=x,
        x2="value:Q",
        color=alt.Color("effect:N", title=None, scale=alt.Scale(domain=[up_label, down_label], range=[GOOD, BAD])),
        tooltip=[alt.Tooltip("currency:N"), alt.Tooltip("side:N"), alt.Tooltip("value:Q", format=",.0f")],
    )
    # each bar's move written at its outer end: the colour no longer tells −5 % from +5 %
    right = base.transform_filter(alt.datum.value >= alt.datum.profit).mark_text(align="left", dx=4)
    left = base.transform_filter(alt.datum.value < alt.datum.profit).mark_text(align="right", dx=-4)
    texts = [m.encode(x=alt.X("value:Q"), text="side:N") for m in (right, left)]
    rule = alt.Chart(frame.head(1).to_pandas()).mark_rule(color=NEUTRAL, strokeDash=[4, 3]).encode(x="profit:Q")
    return alt.layer(bars_, *texts, rule).properties(height=alt.Step(36))  # a row of 36 px per currency
