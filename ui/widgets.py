"""Page building blocks: header with the period, KPI tiles with glossary tooltips, empty states, tables."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import streamlit as st

from ui import format as fmt
from ui.download import download_buttons
from ui.grid import MAX_HEADER_PX, MAX_TEXT_PX, fit_height, fit_widths, grid_key, pct_column, size_grid, text_px  # noqa: F401  (re-exported)
from ui.i18n import lang, metric_good_up, metric_help, metric_name, metric_unit, t
from ui.nav import page_path
from ui.router import ensure_router
from ui.tables import arrow, number_formats


def header(title_key: str, f=None) -> None:
    """Renders the page title and, under it, the period shown and the comparison period."""
    ensure_router()
    st.title(t(title_key))
    if f is None:
        return
    lg = lang()
    text = t("showing", start=fmt.day(f.start, lg), end=fmt.day(f.end, lg))
    cmp = f.comparison()
    if cmp is not None:
        text += " · " + t("vs_period", start=fmt.day(cmp.start, lg), end=fmt.day(cmp.end, lg))
    st.caption(text)


def _capped(metric_id: str, value) -> bool:
    """True when `value` is beyond the metric's display cap (days of cover past metrics.planning.stockout.COVER_CAP_DAYS)."""
    from metrics.planning.stockout import COVER_CAP_DAYS

    return metric_id == "days_of_cover" and isinstance(value, (int, float)) and value > COVER_CAP_DAYS


def value_text(metric_id: str, value, currency: str, short: bool = True) -> str:
    """Returns a metric value formatted by its registry unit in the current language; days of cover beyond the
    stock-out horizon read "> 365 days" (the same cap as Inventory's table, the Reorder page and the meeting)."""
    if _capped(metric_id, value):
        return t("cover_over_cap")
    return fmt.by_unit(value, metric_unit(metric_id), currency, lang(), short)


def delta_text(metric_id: str, cmp: dict, currency: str = "CNY") -> str | None:
    """Returns the change vs the comparison: points for ratios, per cent otherwise; None when undefined. A change
    that rounds to zero reads "0.0 pp" / "0.0%" with no sign (drawn neutral by kpi_tile). Where a per cent means
    nothing (from 0, across a sign change: metrics.core.derive.pct_change gives None) the absolute change
    reads instead, signed in the tile's unit ("-¥4,524", not "-452.4%")."""
    unit = metric_unit(metric_id)
    points = unit in ("pct", "percent", "fraction")
    change = cmp.get("change") if points else cmp.get("change_pct")
    if change is None and not points and cmp.get("change") is not None:
        diff = cmp["change"]
        if unit == "money":
            return fmt.signed_money(diff, currency, lang())
        text = value_text(metric_id, diff, currency)
        return "+" + text if diff > 0 and re.search(r"[1-9]", text) else text
    if change is None:
        return None
    text = f"{change * 100:+.1f}"
    text = "0.0" if text in ("+0.0", "-0.0") else text
    return f"{text} pp" if points else f"{text}%"


def delta_style(delta: str | None, good_up: bool | None = True) -> tuple[str | None, dict]:
    """Returns (delta text, st.metric keywords) for a formatted change: one that reads as zero ("+0.0 pp", "-¥0",
    "0.0%") shows unsigned, grey, with no arrow; any other is green when it goes the good way (good_up; None =
    never coloured, e.g. a budget) and red otherwise. The Overview, the what-ifs and the meeting use this rule."""
    if delta is None:
        return None, {}
    digits = re.sub(r"[^0-9]", "", delta)
    if digits and set(digits) == {"0"}:  # no change: neither good nor bad
        return re.sub(r"^[+\-−\s]+", "", delta), {"delta_color": "off", "delta_arrow": "off"}
    color = "off" if good_up is None else "normal" if good_up else "inverse"
    return delta, {"delta_color": color, "delta_arrow": "auto"}


def change_metric(target, label: str, value: str, delta: str | None, good_up: bool | None = True, **kw) -> None:
    """Renders st.metric on `target` (st or a column) with `delta` drawn by delta_style()."""
    text, style = delta_style(delta, good_up)
    target.metric(label, value, text, **style, **kw)


BAND_COLOUR = {"green": "green", "amber": "orange", "red": "red"}
# tiles sit in containers keyed kpi_band_<status>_<metric>; Streamlit gives each the class st-key-<key>
BAND_CSS = (
    "<style>"
    "[class*='st-key-kpi_band_green'] [data-testid='stMetric'] {border-left: 4px solid #2da44e;}"
    "[class*='st-key-kpi_band_amber'] [data-testid='stMetric'] {border-left: 4px solid #bf8700; background: #fff8e5;}"
    "[class*='st-key-kpi_band_red'] [data-testid='stMetric'] {border-left: 4px solid #cf222e; background: #ffebe9;}"
    "</style>"
)


def tile_status(metric_id: str, value, band: dict | None) -> str | None:
    """Returns the seasonal status a tile is tinted by: its band's, except that a loss (a profit or margin below 0)
    is never drawn green (in its usual band, a loss still read as "good" beside the other green tiles), and an unknown
    value ("—", e.g. no rate to the base) carries no colour at all."""
    if value is None:
        return None
    status = (band or {}).get("status")
    loss = metric_unit(metric_id) in ("money", "pct") and metric_good_up(metric_id) and (value or 0) < 0
    return None if status == "green" and loss else status


def band_badge(band: dict | None) -> str:
    """Returns the coloured dot put before a KPI's name when its last day is off its seasonal band (amber/red);
    the tile itself is tinted by status, and its help says where the day stands ('' in band or without a band)."""
    status = (band or {}).get("status")
    return f":{BAND_COLOUR[status]}[●] " if status in ("amber", "red") else ""


def band_help(metric_id: str, band: dict | None, currency: str) -> str:
    """Returns the sentence under a KPI's definition saying where its last day stands against the seasonal band."""
    if not band or band.get("status") not in BAND_COLOUR:
        return ""
    lg = lang()

    def show(v) -> str:  # two decimals for rates: 9.73 % against an edge of 9.67 % must not read "9.7 % vs 9.7 %"
        return fmt.pct(v, 2) if metric_unit(metric_id) == "pct" else value_text(metric_id, v, currency, short=False)

    return "\n\n" + t(
        "band_help",
        day=fmt.day(band["date"], lg),
        value=show(band.get("value")),
        low=show(band.get("amber_low")),
        high=show(band.get("amber_high")),
        window=fmt.window(band.get("window"), lg),
        status=t("band_badge_" + band["status"]),
    )


def short_period(start: date, end: date, lg: str) -> str:
    """Returns a target period in a few characters: a month `11月` / `Nov`, a quarter `Q4`, a year `2026年` / `2026`,
    else its last day `至12月31日` / `to Dec 31`."""
    import calendar

    whole_month = start.day == 1 and end == start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if whole_month:
        return f"{start.month}月" if lg == "zh" else start.strftime("%b")
    if start.day == 1 and start.month in (1, 4, 7, 10):
        q_end = date(start.year, start.month + 2, calendar.monthrange(start.year, start.month + 2)[1])
        if end == q_end:
            return f"Q{(start.month - 1) // 3 + 1}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year}年" if lg == "zh" else str(start.year)
    return f"至{end.month}月{end.day}日" if lg == "zh" else "to " + end.strftime("%b %-d")


TARGET_COLOUR = {"on_track": "green", "at_risk": "orange", "off_track": "red"}


def target_line(metric_id: str, kr: dict, currency: str, view: tuple[date, date] | None = None) -> tuple[str, str]:
    """Returns (caption, help) of the line under a tile for a target (a row of the targets sheet or a key result bound
    to its metric), in `currency` (the scores are the view's base's). The caption is two short lines: the target
    (with its period when it is not the tile's) and the attainment the run-rate is on pace for; the help (added to the
    tile's) says the rest (period, that period's value so far and attainment). A target for a wider scope than the view says it is not
    compared with the filtered figure."""
    lg = lang()
    start, end = date.fromisoformat(kr["period_start"]), date.fromisoformat(kr["period_end"])
    target = value_text(metric_id, kr["target"], currency)
    exact = value_text(metric_id, kr["target"], currency, short=False)  # the help gives the figures in full
    period = f"{fmt.day(start, lg)}–{fmt.day(end, lg)}"
    own = view is None or tuple(view) == (start, end)
    head = t("tile_target", target=target) if own else t("tile_target_for", period=short_period(start, end, lg),
                                                          target=target)  # fmt: skip
    if kr.get("scope") == "wider":
        return (":material/flag: " + head + "  \n" + t("tile_target_wider"),
                t("tile_target_wider_help", period=period, target=exact))  # fmt: skip
    pct = lambda v: "–" if v is None else fmt.pct(v, 1)  # noqa: E731
    colour = TARGET_COLOUR.get(kr.get("status"), "gray")
    # an unknown pace (the tile's value unknown: no rate to the base) is left out, not "pace: – of target"
    forecast = kr.get("forecast_attainment")
    pace = "" if forecast is None else "  \n" + t("tile_target_pace", pct=f":{colour}[{pct(forecast)}]")
    # a lower-is-better KPI (TACoS, ACoS): "84.6 % of target" read like a shortfall; its level against the ceiling
    # says it plainly ("on pace for 8.5 %: within target")
    down = (kr.get("direction") or ("up" if metric_good_up(metric_id) else "down")) == "down"
    level = kr.get("forecast")
    if down and forecast is not None and level is not None and kr.get("target") is not None:
        verdict = t("tile_target_within" if level <= kr["target"] else "tile_target_over")
        pace = "  \n" + t("tile_target_pace_down", value=value_text(metric_id, level, currency),
                          verdict=f":{colour}[{verdict}]")  # fmt: skip
    helped = t("tile_target_help", period=period, target=exact, value=_so_far(metric_id, kr, currency),
               pct=pct(kr.get("attainment")), fpct=pct(kr.get("forecast_attainment")))  # fmt: skip
    method = projection_method(metric_id, kr, currency, start, end)
    return ":material/flag: " + head + pace, helped + (" " if lg != "zh" else "") + method if method else helped


def projection_method(metric_id: str, kr: dict, currency: str, start: date, end: date) -> str:
    """Returns how a target's projection is made (the tile's help): an amount carries its daily run-rate to the period's
    end (value × n ÷ d); a ratio or level is not extrapolated ("预计达成 97.9 %" of a 12 % net-margin target read like
    a 97.9 % margin: it is 11.7 % so far ÷ 12 %). "" without a value or its last day."""
    from metrics.meeting.okr_scores import metric_meta

    through = kr.get("data_through")
    if kr.get("value") is None or not through:
        return ""
    lg, last = lang(), min(date.fromisoformat(str(through)), end)
    span = {"start": fmt.day(start, lg), "through": fmt.day(last, lg)}
    if metric_meta(metric_id)["additive"]:
        n, d = (end - start).days + 1, max((last - start).days + 1, 1)
        return t("tile_target_method_sum", n=n, d=d, **span)
    return t("tile_target_method_level", value=_so_far(metric_id, kr, currency), **span)


def _so_far(metric_id: str, score: dict, currency: str) -> str:
    return "–" if score.get("value") is None else value_text(metric_id, score["value"], currency, short=False)


def kpi_tile(metric_id: str, cmp: dict, currency: str, band: dict | None = None, more: str = "") -> None:
    """Renders one KPI: registry name, value, change vs comparison (coloured by good direction), definition (and
    `more`, e.g. its target's details), and a green/amber/red badge when the period's last day is inside/near/outside
    the KPI's seasonal band."""
    beyond = _capped(metric_id, cmp.get("value")) or _capped(metric_id, cmp.get("compare"))
    # a change between figures past the cap (e.g. 400 → 900 days of cover) is no change a seller can act on
    delta, style = delta_style(None if beyond else delta_text(metric_id, cmp, currency), metric_good_up(metric_id))
    # the comparison period is named once in the header caption: a per-tile "vs previous period" did not fit
    from ui.catalog import CATALOG

    short = f"tile_{metric_id}" in CATALOG
    name = t(f"tile_{metric_id}") if short else metric_name(metric_id)
    full = f"**{metric_name(metric_id)}**\n\n" if short else ""
    st.metric(
        band_badge(band) + name,
        value_text(metric_id, cmp.get("value"), currency),
        delta=delta,
        **style,
        help=(full + metric_help(metric_id) + band_help(metric_id, band, currency) + more) or None,
        border=True,
    )


def kpi_grid(
    metric_ids: list[str],
    values: dict[str, dict],
    currency: str,
    per_row: int = 6,
    bands: dict | None = None,
    targets: dict | None = None,
    view: tuple[date, date] | None = None,
) -> None:
    """Renders KPI tiles in rows of `per_row`; `bands` maps a KPI to its seasonal status row (seasonal_status),
    `targets` to a scored key result bound to it (a line under the tile: target, period, forecast attainment);
    `view` (start, end) is the tiles' period, against which a target for another period says so."""
    if bands:
        st.html(BAND_CSS)
    for i in range(0, len(metric_ids), per_row):
        cols = st.columns(per_row)
        for col, mid in zip(cols, metric_ids[i : i + per_row]):
            band = (bands or {}).get(mid)
            status = tile_status(mid, (values.get(mid) or {}).get("value"), band)
            with col, st.container(key=f"kpi_band_{status}_{mid}" if status in BAND_COLOUR else None):
                kr = (targets or {}).get(mid)
                if kr and (values.get(mid) or {}).get("value") is None:  # "—": its pace is not known either
                    kr = {**kr, "forecast_attainment": None}
                line, more = target_line(mid, kr, currency, view) if kr else ("", "")
                # the target's details go to the tile's help: a help icon of its own wrapped the caption to a third line
                kpi_tile(mid, values.get(mid) or {}, currency, band, "\n\n" + more if more else "")
                if line:
                    st.caption(line)


def empty_state(message_key: str) -> None:
    """Renders a friendly explanation of which report fills this view, with a link to the Data page."""
    with st.container(border=True):
        st.subheader(t("empty_title"))
        st.markdown(t(message_key))
        st.page_link(page_path("page_data"), label=t("empty_go_data"), icon=":material/upload_file:")


def column_labels(frame: pl.DataFrame) -> dict:
    """Returns header labels in the page's language for the columns the catalog names ("col_<column>")."""
    from ui.catalog import CATALOG

    return {c: t(f"col_{c}") for c in frame.columns if f"col_{c}" in CATALOG}


def table(frame: pl.DataFrame, name: str, key: str, column_config: dict | None = None,
          download: pl.DataFrame | None = None, **kw) -> None:  # fmt: skip
    """Renders a table with CSV and XLSX downloads (formulas neutralised, headed in the page's language as the table
    is, values kept machine-readable); `download` is the file's frame when the screen shows a number as text
    ("> 365 天"): the same columns, numbers."""
    config = number_formats(frame, column_config)
    size_grid(frame, kw)  # every row shown, up to ui.grid.MAX_ROWS, at the font in effect (presenter mode: 1.25 ×)
    st.dataframe(arrow(frame, config), hide_index=True, placeholder="—", column_config=config,
                 key=grid_key(f"{key}_df"), **kw)  # fmt: skip
    file = frame if download is None else download
    download_buttons(file, name, key, (t("download_csv"), t("download_xlsx")), config)  # headers as on screen


def money_column(label: str, currency: str) -> st.column_config.NumberColumn:
    """Returns a number column showing money in `currency` with the page locale's symbol and the currency's decimals
    (JPY none), grouped."""
    symbol = fmt.symbol(currency, lang())
    return st.column_config.NumberColumn(f"{label} ({symbol})", format=f"%,.{fmt.decimals(currency)}f")
