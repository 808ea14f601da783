"""Building blocks of the meeting page: texts, presenter CSS, the section timer and each section's body."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

import polars as pl
import streamlit as st

from metrics.accounts.pnl import readable_lines
from metrics.core.locale_format import day_nowrap, month
from metrics.core.registry import REGISTRY
from metrics.meeting import returns as meeting_returns
from metrics.meeting import store
from metrics.meeting.agenda import SECTION_TITLES, AgendaItem, format_clock, section_timer
from metrics.meeting.report import key_figures, kr_display_rows, section_headline
from metrics.meeting.views import COST_COLUMNS
from ui import tables
from ui.budget_columns import BUDGET_COLUMNS, VERDICT
from ui.cash import COLUMNS as CASH_COLUMNS
from ui.cash import show_meeting_bridge as meeting_bridge
from ui.grid import MAX_ROWS, PRESENTER_SCALE, fit_height
from ui.i18n import date_format, placeholder, tr
from ui.returns import COLUMNS as RETURNS_COLUMNS

# key figures arrive formatted (text): headed in the page's language, the metric's name column included
FIGURE_COLUMNS = {
    "label": tables.Col("指标", "Metric"), "value": tables.Col("本期", "This period"),
    "previous": tables.Col("上期", "Previous period"), "yoy": tables.Col("去年同期", "Same period last year"),
}  # fmt: skip
# the budget table judges a running month on its month-end forecast (metrics.accounts.budget): the column the verdict
# reads is shown beside it, and the month-to-date actual is named so (not read against the whole month's budget)
BUDGET_VARIANCE_COLUMNS = {
    **BUDGET_COLUMNS,
    "actual": tables.Col("至今实际", "Actual to date", "money"),
    "forecast": tables.Col("月底预测", "Month-end forecast", "money"),
    "forecast_variance": tables.Col("预测较预算", "Forecast vs budget", "money"),
    "verdict": tables.Col("判断（按预测较预算）", "Verdict (forecast vs budget)", "choice", VERDICT),
}  # fmt: skip
BUDGET_ORDER = ("budget_line", "channel", "department", "month", "budget", "actual", "forecast", "forecast_variance",
                "verdict", "budget_attainment")  # fmt: skip
AGENDA_COLUMNS = {
    "section": tables.Col("环节", "Section"), "title": tables.Col("议题", "Topic"),
    "report_minutes": tables.Col("汇报（分钟）", "Report (min)", "int"),
    "discussion_minutes": tables.Col("讨论（分钟）", "Discussion (min)", "int"),
    "presenter": tables.Col("汇报人", "Presenter"), "over_min": tables.Col("超时（分钟）", "Over (min)", "int"),
}  # fmt: skip
PRESENTER_CSS = f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {{display: none;}}
html, body, [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {{font-size: {PRESENTER_SCALE}rem;}}
[data-testid="stMarkdownContainer"] h3 {{font-size: 2rem;}}
</style>"""
# presenter mode enlarges the text and gives the page the sidebar's room; the grids keep their width (their rows grow
# with the root font, so their height is computed at PRESENTER_SCALE: ui.grid.fit_height); a grid is
# sized in pixels from the page's width before any CSS zoom, so a zoomed grid (zoom: 1.3) ran 30 % past the right
# edge (the key figures' 去年同期 column was cut at 1600 px), and zooming its frame or the page left it scrolling
# sideways or overlapping the page's margin


ZH_DAY = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")  # a date as metrics.core.locale_format.day writes it in Chinese


def nowrap_html(text: str | None) -> str:
    """Returns meeting text for st.markdown / st.caption with unsafe_allow_html: HTML-escaped (it holds SKU and
    store names), each Chinese date in a `white-space: nowrap` span so a projected line never breaks inside
    2026年11月20日 — clean to copy (no invisible characters; English dates keep their no-break spaces)."""
    return ZH_DAY.sub(
        lambda m: f'<span style="white-space:nowrap">{m.group(0)}</span>', html.escape(text or "", quote=False)
    )


def as_of_line(views: dict, snapshot_at: datetime, lang: str) -> str:
    """Returns the header's "数据截至 <last data day> · 冻结于 <freeze time>": the data's last day (the payloads'
    `data_through`) and when the meeting froze it are two dates (the frozen-at time alone read as the data's end)."""
    through = next((v.get("data_through") for v in views.values() if v and v.get("data_through")), None)
    at = f"{day_nowrap(snapshot_at.date(), lang)} {snapshot_at:%H:%M}"
    return tr("mt_as_of", lang, through=day_nowrap(through, lang), at=at)


@st.fragment(run_every=1)
def timer(item: AgendaItem, lang: str) -> None:
    """Shows the running section's time left or over-run; reruns itself every second, not the page."""
    t = section_timer(item, datetime.now())
    if item.started_at is None:
        st.caption(format_clock(t.planned_s))
        return
    if t.is_over:
        st.error(tr("mt_over", lang, t=format_clock(t.overrun_s)), icon=":material/timer_off:")
    else:
        st.progress(t.fraction, text=tr("mt_left", lang, t=format_clock(t.left_s)))


def _frame(rows: list[dict], hide_costs: bool, lang: str = "zh") -> pl.DataFrame:
    frame = pl.DataFrame(rows) if rows else pl.DataFrame()
    if "store" in frame.columns:  # the payload holds store ids; the room reads their names
        frame = frame.with_columns(pl.col("store").replace({"default": tr("mtt_default_store", lang)}))
    frame = readable_lines(frame, lang)  # P&L line ids (metrics.accounts.pnl) as names
    if "step" in frame.columns and frame["step"].dtype == pl.String:  # the profit waterfall's steps: metric ids
        frame = frame.with_columns(
            pl.col("step").map_elements(
                lambda v: (REGISTRY[v].zh if lang == "zh" else REGISTRY[v].en) if v in REGISTRY else v, pl.String
            )
        )
    if "marketplace" in frame.columns and frame["marketplace"].dtype == pl.String:  # company-wide rows ("*")
        frame = frame.with_columns(pl.col("marketplace").replace({"*": tr("ret_company", lang)}))  # as on Returns
    if "department" in frame.columns and frame["department"].null_count() == frame.height:
        frame = frame.drop("department")  # company-wide lines only: no empty 部门 column
    frame = frame.drop([c for c in COST_COLUMNS if c in frame.columns]) if hide_costs else frame
    return label_first(frame)


def budget_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns the budget-variance rows in reading order: budget, actual to date, month-end forecast, forecast vs
    budget, then the verdict judged on it (the verdict sat among the labels, the forecast it reads off to the right)."""
    return frame.select([c for c in BUDGET_ORDER if c in frame.columns] + [c for c in frame.columns
                                                                           if c not in BUDGET_ORDER])  # fmt: skip


def label_first(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns the frame with its text columns (the row labels: channel, SKU, line, step) first, numbers after,
    each group in its own order: a row is read from its name, not from the middle."""
    text = [c for c, dt in frame.schema.items() if dt == pl.String]
    return frame.select(text + [c for c in frame.columns if c not in text])


def _grid(
    frame: pl.DataFrame,
    key: str,
    presenter: bool,
    currency: str | None = None,
    spec: dict | None = None,
    lang: str = "zh",
    brackets: bool = False,
) -> None:
    """Shows a table headed and formatted by ui.tables at the page's width (the same size in presenter mode: see
    PRESENTER_CSS), every row on screen: a room cannot scroll a projected grid (the Stock table stopped at 20 rows)."""
    if frame.height <= MAX_ROWS:
        tables.show(frame, key, currency, spec=spec, width="stretch", height=fit_height(frame, limit=None),
                    brackets=brackets)  # fmt: skip
        return
    # a long table: its first MAX_ROWS rows (the payload's order: most urgent / largest first), the rest one click away
    st.caption(tr("mt_top_rows", lang, k=MAX_ROWS, n=frame.height))
    tables.show(frame.head(MAX_ROWS), key, currency, spec=spec, width="stretch", height=fit_height(MAX_ROWS),
                brackets=brackets)  # fmt: skip
    with st.expander(tr("mt_all_rows", lang, n=frame.height)):
        tables.show(frame, f"{key}_all", currency, spec=spec, width="stretch", height=fit_height(frame, limit=None),
                    brackets=brackets)  # fmt: skip


def cut_caption(payload: dict, lang: str) -> str | None:
    """Returns the key figures' note on a period the data cut (day 20 of 30): the days they and the previous period
    read (metrics.meeting.views); None for a closed period or a payload frozen without the compared days."""
    period, through = payload.get("period") or {}, payload.get("data_through")
    prev = (payload.get("compared") or {}).get("previous")
    if not (period and through and prev) or through >= period["end"]:
        return None
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    n, of = (date.fromisoformat(through) - start).days + 1, (end - start).days + 1
    days = {k: day_nowrap(v, lang) for k, v in (("start", period["start"]), ("through", through),
                                                ("prev_start", prev[0]), ("prev_end", prev[1]))}  # fmt: skip
    return tr("mt_figures_cut", lang, n=n, of=of, **days)


def stock_caption(payload: dict, lang: str) -> str:
    """Returns the supply view's note on its stock days: the tables' and stock-out dates' (the latest stock data);
    for a past period also the period's own stock day its figures read, and that the headline's stock risk reads the
    latest (metrics.meeting.headlines.later_stock names that day in the headline too)."""
    day, own = payload["stock_as_of"], payload.get("period_stock")
    if own and own < day:
        return tr("mt_stock_as_of_later", lang, view=day_nowrap(own, lang), day=day_nowrap(day, lang))
    return tr("mt_stock_as_of", lang, day=day_nowrap(day, lang))


def department(
    key: str, payload: dict, lang: str, kr_rows: list[dict], hide_costs: bool, presenter: bool = False
) -> None:
    """Shows a department view: the headline first, key figures, then its tables."""
    if not payload:
        return
    st.markdown(f"### {nowrap_html(section_headline(key, payload, lang, kr_rows))}", unsafe_allow_html=True)
    figs = key_figures(payload, lang, hide_costs, brackets=True) + meeting_returns.figures(key, payload, lang)
    if figs:
        st.caption(tr("mt_figures", lang))
        frame = pl.DataFrame(figs).drop("metric")
        _grid(frame, f"mtg_figs_{key}", presenter, spec=FIGURE_COLUMNS, lang=lang)
        cut = cut_caption(payload, lang)  # a part month: which days "this period" and "previous period" read
        if cut:
            st.caption(nowrap_html(cut), unsafe_allow_html=True)
        notes = meeting_returns.definitions([f["metric"] for f in figs], lang)  # refund rate ≠ return rate
        if notes:
            st.caption(notes)
    if payload.get("stock_as_of"):  # stock and stock-out dates are as of this day, not the period end
        st.caption(nowrap_html(stock_caption(payload, lang)), unsafe_allow_html=True)
    for name, rows in (payload.get("tables") or {}).items():
        if not rows:
            continue
        if hide_costs and name in ("waterfall", "loss_skus", "profit_bridge", "cash", "pnl", "budget_variance"):
            continue
        st.caption(tr(f"mtt_{name}", lang))  # a table without a name shows its key
        rows = meeting_bridge(rows, lang) if name == "profit_bridge" else rows  # waterfall, steps named
        rows = meeting_returns.localise(name, rows, lang)  # reason names in the meeting's language
        # headed as on the Cash page, the logistics shares as on Returns (short headers: they ran past 1440 px)
        spec = {"cash": CASH_COLUMNS, "logistics_share": RETURNS_COLUMNS}.get(name)
        frame = _frame(rows, hide_costs, lang)
        budget = name == "budget_variance"  # its forecast and verdict side by side
        if budget:
            frame, spec = budget_frame(frame), BUDGET_VARIANCE_COLUMNS
        # money below zero in brackets, (2,390.13), in every table as in the key figures (¥80.3万) and on Budget
        _grid(frame, f"mtg_{key}_{name}", presenter, payload.get("currency"), spec=spec, lang=lang, brackets=True)
        if budget:
            st.caption(tr("mt_budget_note", lang))


def kr_table(kr_rows: list[dict], lang: str, currency: str) -> None:
    """Shows the frozen KR scores."""
    st.caption(tr("mt_krs", lang))
    if kr_rows:
        rows = kr_display_rows(kr_rows, lang, currency, brackets=True)  # money below zero in brackets
        _grid(pl.DataFrame(rows), f"mtg_kr_{id(kr_rows)}", True, currency, lang=lang)
    else:
        st.caption(tr("mt_none", lang))


def default_meeting_title(start: date, lg: str) -> str:
    """Returns the title the page suggests for a review of the month of `start`: its month read by locale and the
    page's name, "2026年10月 经营分析会" / "Oct 2026 Business review"."""
    return f"{month(start, lg)} {tr('mt_title', lg)}"


def _title_month(text: str) -> date | None:
    """Returns the month a default title starts with: "2026-10" (as titles were first written), "2026年10月" or
    "Oct 2026" (`default_meeting_title` in either language); None for any other text."""
    import re

    year = re.search(r"\d{4}", text)
    if year is None:
        return None
    for m in range(1, 13):
        first = date(int(year.group()), m, 1)
        if text in (f"{first:%Y-%m}", month(first, "zh"), month(first, "en")):
            return first
    return None


def shown_meeting_title(title: str, lg: str) -> str:
    """Returns a meeting's title in the page's language when it is the default the page suggested (a month and the
    page's name in either language, "2026-10 经营分析会" as first written too): `default_meeting_title` in `lg`; a
    title the seller typed stays as typed."""
    for name in (tr("mt_title", "zh"), tr("mt_title", "en")):
        head = title.removesuffix(" " + name)
        if head != title and (first := _title_month(head)) is not None:
            return default_meeting_title(first, lg)
    return title


def shown_title(item: AgendaItem, lg: str) -> str:
    """Returns an agenda item's title in the page's language when it is a section's default title (in either
    language, as stored when the agenda was made); a title the seller typed stays as typed."""
    default = SECTION_TITLES.get(item.section_key, {})
    return default[lg] if item.title in default.values() else item.title


def items_table(items: list[dict], lang: str, key: str) -> None:
    """Shows action items (title, owner, due date, status)."""
    if not items:
        st.caption(tr("mt_none", lang))
        return
    cols = ["item_id", "title", "owner", "due_date", "section_key", "status"]
    rows = [{c: i[c] for c in cols} for i in items]
    for r in rows:  # the section's name in the meeting's language, not its id
        key_ = r["section_key"]
        r["section_key"] = SECTION_TITLES.get(key_, {}).get(lang, key_) if key_ else None
    _grid(pl.DataFrame(rows, schema_overrides={"section_key": pl.String}), key, True, lang=lang)


def action_form(con, meeting_id: int, section: str, agenda: list[AgendaItem], kr_rows: list[dict], lang: str) -> None:
    """Shows the action-item capture form (title, one owner, due date, linked section or KR)."""
    links = [f"section:{i.section_key}" for i in agenda] + [f"kr:{r['kr_id']}" for r in kr_rows]
    names = {f"section:{i.section_key}": shown_title(i, lang) for i in agenda}
    names |= {f"kr:{r['kr_id']}": r["kr"] for r in kr_rows}  # a KR's name as the seller typed it
    with st.form("mtg_action", clear_on_submit=True):
        st.markdown("**" + tr("mt_action", lang) + "**")
        c = st.columns([3, 2, 2, 2])
        title = c[0].text_input(tr("mt_item", lang), key="mtg_item_title")
        owner = c[1].text_input(tr("mt_owner", lang), key="mtg_item_owner")
        due = c[2].date_input(tr("mt_due", lang), value=date.today(), key="mtg_item_due", format=date_format(lang))
        link = c[3].selectbox(tr("mt_link", lang), links, placeholder=placeholder(links, lang),
                              index=links.index(f"section:{section}"), format_func=lambda v: names[v],
                              key=f"mtg_item_link_{section}")  # fmt: skip
        if st.form_submit_button(tr("mt_add", lang)):
            kind, _, ref = link.partition(":")
            try:
                store.add_action_item(con, meeting_id, title, owner, due, section_key=ref if kind == "section" else None,
                                      kr_id=int(ref) if kind == "kr" else None)  # fmt: skip
            except ValueError as exc:
                st.error(str(exc))
            else:
                st.rerun()  # the item list and the minutes above were drawn before the item existed
