"""Room for axis labels: how wide a label is drawn and the axis settings that show every label in full."""

from __future__ import annotations

LABEL_FONT_PX = 11
SLOT_WIDTH_PX = 340  # a chart in half the page (st.columns(2)) at 1280 px, less its y axis
PAGE_CHART_PX = 740  # a chart at the page's width at 1280 px (ui.grid.PAGE_PX = 816), less its y axis
ALL_LABELS_UP_TO = 30  # a Pareto names every bar up to this many (beyond, every other label)


def label_px(text: str, font_px: int = LABEL_FONT_PX) -> int:
    """Returns the width in pixels an axis label needs at `font_px` (≈ 0.6 em per Latin character, 1 em per CJK one)."""
    import unicodedata

    return int(sum(font_px if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6 * font_px for ch in str(text)))


def label_room(labels: list[str], width_px: int = SLOT_WIDTH_PX, font_px: int = LABEL_FONT_PX) -> dict:
    """Returns alt.Axis keywords that show every label in full: labelLimit = the longest label's width (never cut
    with "…"), flat when each fits its slot of `width_px` / n, else turned −45°."""
    longest = max((label_px(x, font_px) for x in labels), default=0) + 4
    slot = width_px / max(len(labels), 1)
    angle = 0 if longest <= slot else -45
    return {"labelAngle": angle, "labelLimit": longest, "labelFontSize": font_px, "labelOverlap": False}


def label_depth(room: dict) -> int:
    """Returns the pixels an x axis with `room`'s labels (`label_room`) takes below the plot: the labels' height when
    flat, the longest label's drop when turned −45° (its width × sin 45°). A chart whose height includes its axes (a
    stretched Streamlit chart fits its padding) adds this so long labels do not squash the plot."""
    if not room.get("labelAngle"):
        return int(room.get("labelFontSize", LABEL_FONT_PX)) + 4
    return int(room["labelLimit"] * 0.71) + 4
