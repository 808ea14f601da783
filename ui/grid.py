"""Grid column widths for st.dataframe / st.data_editor: every shown column wide enough for its header and, for text
columns, its longest label, so P&L lines, reasons and long headers are not cut off. A leaf module (streamlit and polars
only): ui.tables and ui.widgets both use it."""

from __future__ import annotations

import math

import polars as pl
import streamlit as st

# a longer label is cut at the edge (a double-click shows the cell whole); "Expenses: 3PL / overseas warehouse" whole
MAX_TEXT_PX, MAX_HEADER_PX = 320, 260
# a number column is as wide as its longest formatted value and its header up to MAX_NUMBER_HEADER_PX; a longer header
# is cut and shows in full on hover (its `help`), so a table's last number columns stay on screen
# the page's width for a table at a 1280 px window: 1280 − the sidebar (18.75rem = 300 px) − the wide layout's side
# padding (2 × 5rem = 160 px) − the grid's border; a wider table scrolls sideways with its row label pinned
PAGE_PX = 816
MAX_NUMBER_HEADER_PX = 180  # "Net profit (¥)", "vs last year (¥)", "Ad sales now (¥)" whole
MAX_PINNED_PX = 240  # a wide table's pinned row label ("Expenses: 3PL / overseas warehouse", 211 px drawn, whole)


# the grid's font (Source Sans, 14 px) as Chromium draws it, by classes of characters (px, rounded up to the class's
# widest): a flat 8 px per Latin character made English tables about a fifth wider than they draw, so at 1440 px Profit
# by SKU's Units, Budget's Actual (实际) and the meeting's last logistics column sat off screen. Measured on the
# catalog's 860 labels the estimate is never under what is drawn and 6 px over on average.
CHAR_PX = ((" ", 3), (".,:;'|·’`ijlI!", 3.6), ("()[]{}-/\\frt", 5), ('cszvxy"*?J', 6.5),
           ("0123456789aegk$¥€£₹+=<>^_~#×–", 7.2), ("ABCEFKLPRSTVXYZ", 8.2), ("mwMW@%—…", 12))  # fmt: skip
CJK_PX, UPPER_PX, LOWER_PX = 14.5, 9.3, 7.8  # a CJK character (14 drawn); other capitals (DGHNOQU), lower-case letters
CELL_PAD = 20  # the cell's padding (8 px each side) and 4 px to spare
SORT_ARROW_PX = 14  # a sorted column's header: its arrow (7 px) and the gap after it (5 px), 2 px to spare


def char_px(ch: str) -> float:
    """Returns the width in pixels the grid draws the character `ch` at (the widest of its class in CHAR_PX)."""
    import unicodedata

    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return CJK_PX
    return next((px for chars, px in CHAR_PX if ch in chars), UPPER_PX if ch.isupper() else LOWER_PX)


def text_px(text: str) -> int:
    """Returns the width in pixels a grid cell needs for `text`: its characters (char_px) and the cell's padding."""
    return CELL_PAD + math.ceil(round(sum(char_px(ch) for ch in str(text)), 2))  # 103.00000000000001 is 103


# the widest value of each date format `date_column` gives (ui.i18n.GRID_DATE_FORMATS), as the grid shows it
DATE_SAMPLES = {"YYYY年M月": "2026年12月", "YYYY年M月D日": "2026年12月31日", "YYYY年M月D日 HH:mm": "2026年12月31日 12:45",
                "MMM YYYY": "Dec 2026", "MMM D, YYYY": "Dec 31, 2026", "MMM D, YYYY HH:mm": "Dec 31, 2026 12:45"}  # fmt: skip


def whole_width(frame: pl.DataFrame, name: str) -> int:
    """Returns the width in pixels that shows every value of the text column `name` whole (and its header), past
    MAX_TEXT_PX: for a column a reader must read in full, such as the import history's report formats."""
    values = [str(v) for v in frame[name].drop_nulls().to_list()] if name in frame.columns else []
    return max([text_px(v) for v in values] + [MAX_HEADER_PX // 2])


def fit_widths(frame: pl.DataFrame, config: dict) -> dict:
    """Returns `config` with a pixel width on every shown column that sets none: wide enough for its header (up to
    MAX_HEADER_PX) and, for text columns, its longest value (up to MAX_TEXT_PX); a date column its whole date (and
    time) as its format shows it; a number column as wide as its
    longest formatted value and its header up to MAX_NUMBER_HEADER_PX (a longer header shows in full on hover). A
    column given only a label that holds dates shows as dates (ui.grid.date_column), never as epoch milliseconds.
    A column hidden (None) stays hidden.

    At a font scale other than 1 (presenter mode: the grid's rows grow, its text does not) a number column's header is
    never cut: a room cannot hover a header to read it in full ("Fulfilment (FBA/platform) (¥)" read "Fulfilment
    (FBA/platforn")."""
    out, sized = dict(config), set()
    scale = font_scale()
    for name, dtype in frame.schema.items():
        spec = out.get(name, name)
        if spec is None:
            continue
        if isinstance(spec, str):  # a plain label: a date keeps its date display (a bare Column may show epoch ms)
            is_date = dtype == pl.Date or isinstance(dtype, pl.Datetime)
            spec = date_column(name, spec, dtype, frame[name]) if is_date else st.column_config.Column(spec)
        if spec.get("width") is not None:
            continue
        header = spec.get("label") or name
        need = min(text_px(header) + SORT_ARROW_PX, MAX_HEADER_PX)
        if dtype == pl.String and frame.height:
            values = frame[name].drop_nulls().head(200)
            # a code column shows its options' labels (budget line expense:warehouse_3pl → "Expenses: 3PL / overseas
            # warehouse"): measure what is shown, not the code
            labels = {o.get("value"): o.get("label") for o in (spec.get("type_config") or {}).get("options") or []
                      if isinstance(o, dict) and o.get("label") is not None}  # fmt: skip
            if labels:
                values = values.replace_strict(labels, default=values, return_dtype=pl.String)
            if values.len():  # the widest as shown, not the most characters (a Chinese character is wider)
                need = max(need, min(max(text_px(v) for v in values.to_list()), MAX_TEXT_PX))
        elif dtype == pl.Date or isinstance(dtype, pl.Datetime):
            # a date whole as its format shows it ("2026-10-" and "2026-12-01 12:4…" were cut at the header's width)
            shown = str((spec.get("type_config") or {}).get("format"))
            other = "2026-12-01 12:45:00" if isinstance(dtype, pl.Datetime) else "2026-12-01"  # Streamlit's own
            need = max(need, text_px(DATE_SAMPLES.get(shown, other)))
        elif dtype.is_numeric():
            cap = MAX_NUMBER_HEADER_PX if scale == 1 else MAX_HEADER_PX
            need = max(min(need, cap), value_px(frame[name], spec))
            if need < text_px(header) + SORT_ARROW_PX and not spec.get("help"):
                spec = {**spec, "help": header}  # the cut header in full on hover
        out[name] = {**spec, "width": need}
        sized.add(name)
    return pin_label(frame, out, sized)


# a row's identity, the columns a wide table keeps on screen while it scrolls sideways: the first group whose first
# column the table has (SKU; campaign; budget line with its channel and department), else its first text column
ROW_IDENTITY = (("sku",), ("campaign",), ("budget_line", "channel", "department"), ("master_sku",))


def pin_label(frame: pl.DataFrame, config: dict, sized=()) -> dict:
    """Returns `config` with the row's identity pinned when the table is wider than PAGE_PX: its last columns scroll
    into view at 1280 px while each row keeps its name on screen. The identity is the first ROW_IDENTITY group the
    table has (SKU, campaign, budget line + channel), else its first text or date column that is not already
    pinned; a pinned status chip stays pinned beside it (the SKU table pinned its status only, so scrolling right
    showed "Loss" without saying which SKU).

    A pinned text column that fit_widths sized (`sized`) is at most MAX_PINNED_PX wide: it stays on screen however
    far the table scrolls, and one long label ("(no SKU) Jetski Rental - 30 minutes", a Shopify line without a SKU)
    widened it until Profit by SKU's Units and Net sales sat off screen at 1440 px. A longer label is cut at the
    column's edge; a double-click shows the cell whole, and the downloads hold it whole."""
    shown = {n: c for n, c in config.items() if n in frame.columns and isinstance(c, dict)}
    total = sum(c.get("width") for c in shown.values() if isinstance(c.get("width"), int))
    if total <= PAGE_PX:
        return config
    group = next((g for g in ROW_IDENTITY if g[0] in shown), None)
    if group is not None:
        labels = [n for n in group if n in shown]
    else:
        free = [n for n, dt in frame.schema.items() if not dt.is_numeric() and n in shown]
        labels = [] if any(c.get("pinned") for c in shown.values()) else free[:1]
    out = {**config, **{n: {**shown[n], "pinned": True} for n in labels}}
    for n in labels:
        if n in sized and frame.schema[n] == pl.String and isinstance(out[n].get("width"), int):
            out[n]["width"] = min(out[n]["width"], MAX_PINNED_PX)
    return out


def value_px(values: pl.Series, spec: dict) -> int:
    """Returns the width in pixels the longest value of a number column needs as its format shows it (grouped, with
    the format's decimals; a percent with one decimal)."""
    values = values.drop_nulls()
    if values.dtype.is_float():
        values = values.drop_nans()
    if values.is_empty():
        return 0
    fmt = str((spec.get("type_config") or {}).get("format") or "")
    places = int(fmt.split(".")[1][0]) if "." in fmt and fmt.split(".")[1][:1].isdigit() else 0
    widest = max(abs(float(values.max())), abs(float(values.min())))
    if fmt == "percent":
        return text_px(f"-{widest * 100:,.1f}%")
    if fmt == "accounting":  # a negative in parentheses, two decimals
        return text_px(f"({widest:,.2f})")
    return text_px(f"-{widest:,.{places}f}")


ROW_PX = 35  # a grid row (and its header) in Streamlit's data grid at the normal font size
MAX_ROWS = 20  # a longer table scrolls inside its frame
PRESENTER_SCALE = 1.25  # presenter mode's projector font (pages/meeting_parts.PRESENTER_CSS): 1.25 × the root font
_SCALE_KEY = "_grid_font_scale"  # the font scale of this run (session state: set by the meeting page, reset by app.py)


def set_font_scale(scale: float = 1.0) -> None:
    """Sets the font scale the page's grids are drawn at for the rest of this run: the meeting page sets
    PRESENTER_SCALE in presenter mode; app.py resets it to 1 before every page, so no other page inherits it."""
    st.session_state[_SCALE_KEY] = scale


def font_scale() -> float:
    """Returns the font scale the grids of this run are drawn at (1 outside presenter mode and outside a session)."""
    try:
        return float(st.session_state.get(_SCALE_KEY, 1.0))
    except Exception:  # no script run (a unit test calling the helpers directly): the normal size
        return 1.0


def row_px(scale: float | None = None) -> int:
    """Returns the pixel height of a grid row at `scale` (default: the run's font scale): round(35 × scale)."""
    return round(ROW_PX * (font_scale() if scale is None else scale))


def size_grid(frame, kw: dict) -> dict:
    """Returns the keyword arguments of a read-only grid (st.dataframe) with its height sized to its rows at the
    run's font scale (fit_height) and, at a scale other than 1, its row height given in pixels: the grid reads the
    root font once, as it is drawn, and drawn in the same moment as presenter mode's larger font it may still take
    the normal 35 px rows, which left a frame sized for 44 px rows a quarter empty."""
    kw.setdefault("height", fit_height(frame))
    if font_scale() != 1:
        kw.setdefault("row_height", row_px())
    return kw


def grid_key(key: str | None) -> str | None:
    """Returns the key of a read-only grid drawn at this run's font scale: the key itself at 1 ×, the key marked with
    the scale otherwise. The grid reads the root font once, when it is first drawn: a grid already on screen when
    presenter mode is switched on kept its 35 px rows inside a frame sized for 44 px ones (and the other way round);
    a new key draws it anew at the font in effect."""
    scale = font_scale()
    return key if key is None or scale == 1 else f"{key}@{scale:g}x"


def fit_height(frame, scale: float | None = None, limit: int | None = MAX_ROWS) -> int:
    """Returns the pixel height of a grid showing every row of `frame` (a frame or a row count) up to MAX_ROWS: a
    table sized to its rows, so a P&L's last line (operating profit) is never hidden below a fixed height.

    The grid's rows grow with the root font (Streamlit sets a row and the header at round(2.1875 rem) px): at
    presenter mode's 1.25 × a row is round(43.75) = 44 px, so the height is computed at `scale` (default: the run's
    font_scale()); sized at 1 × it hid the last rows of the meeting's tables (Finance: "Expenses / This period",
    "Ad spend / Net profit"). `limit` None: every row, however many (the meeting's tables never scroll)."""
    n = frame if isinstance(frame, int) else frame.height
    shown = n if limit is None else min(n, limit)
    return row_px(scale) * (max(1, shown) + 1) + 3  # + the header, + the frame's border


MONTH_COLUMNS = ("month", "cohort")  # date columns holding a month's first day: shown as 2026年10月 / Oct 2026


def date_column(name: str, label: str, dtype: pl.DataType, values: pl.Series | None = None, **edit):
    """Returns the column_config of a date or timestamp column in the page's language (ui.i18n.grid_date_format): a
    date (2026年12月1日 / Dec 1, 2026), a month (2026年12月 / Dec 2026) for the MONTH_COLUMNS and for a `period`
    column whose `values` are all first days of a month (a monthly grain), a date and time for a timestamp. The
    column stays a date: it sorts by date and downloads as ISO."""
    from ui.i18n import grid_date_format

    cc = st.column_config
    monthly = values is not None and name == "period" and dtype == pl.Date and values.drop_nulls().len() > 0
    if monthly:
        monthly = bool((values.drop_nulls().dt.day() == 1).all())
    if name in MONTH_COLUMNS or name.endswith("_month") or monthly:
        return cc.DateColumn(label, format=grid_date_format("month"), **edit)
    if isinstance(dtype, pl.Datetime):
        return cc.DatetimeColumn(label, format=grid_date_format("time"), **edit)
    return cc.DateColumn(label, format=grid_date_format("day"), **edit)


def id_like(column: str) -> bool:
    """Returns True for an integer column that names a thing or a calendar number, shown without grouping."""
    return column == "id" or column.endswith(("_id", "_no")) or column in ("year", "month", "week", "day", "rank")


PCT_STEP = 0.001  # a fraction's step of 0.1 %: Streamlit's "percent" then shows exactly one decimal (24.0%, 20.2%)


def pct_column(label: str, **edit) -> st.column_config.NumberColumn:
    """Returns a number column showing a fraction as a percentage with one decimal, the rule of every screen (KPI
    tiles and sentences use `ui.format.pct`, one decimal too). Without a step Streamlit shows 0–2 decimals, so
    "24%" sat beside "20.18%". `edit` adds editor settings (min_value, default …)."""
    return st.column_config.NumberColumn(label, format="percent", **({"step": PCT_STEP} | edit))


def number_format(spec) -> str:
    """Returns the number format of a column_config `spec` ("percent", "%,.2f" …; "" when it sets none)."""
    return str(((spec.get("type_config") or {}) if isinstance(spec, dict) else {}).get("format") or "")


def places(spec) -> int | None:
    """Returns the decimals a number column shows by its column_config `spec`: a percent's fraction keeps three
    (12.3 % = 0.123), "%,.2f" two, "%,d" none; None when the spec sets no number format."""
    fmt = number_format(spec)
    if fmt == "percent":
        return 3
    if fmt == "accounting":  # 1,234.00 and (1,234.00): two decimals
        return 2
    if fmt.endswith("d") and fmt.startswith("%"):
        return 0
    if "." in fmt and fmt.split(".")[1][:1].isdigit():
        return int(fmt.split(".")[1][0])
    return None


def negatives_in_brackets(config: dict) -> dict:
    """Returns `config` with its money columns in the accounting format: a loss reads (2,390.13). One style on every
    page with money tables (Profit by SKU, the P&L, the FX what-if), each saying so in a caption (`negatives_note`,
    `negatives_note_tables`). Profit by SKU's table scrolls sideways under its pinned status and SKU, and a
    right-aligned "-2,390.13" half under them showed "2,390.13", a profit; the closing bracket sits at the cell's
    right edge, the part still in view."""
    out = dict(config)
    for name, spec in config.items():
        if isinstance(spec, dict) and str((spec.get("type_config") or {}).get("format") or "").startswith("%,.2f"):
            out[name] = {**spec, "type_config": {**spec["type_config"], "format": "accounting"}}
    return out
