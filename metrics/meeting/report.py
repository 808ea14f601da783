"""Returns what a meeting shows and records from its frozen payloads: section headlines, key figures, minutes."""

from __future__ import annotations

from collections import Counter
from datetime import date

from metrics.accounts.bridge import minutes_lines as bridge_minutes
from metrics.accounts.budget import minutes_lines as budget_minutes_lines
from metrics.accounts.pnl import minutes_figures
from metrics.core import locale_format as lf
from metrics.meeting import returns as meeting_returns
from metrics.meeting import store
from metrics.meeting.headlines import HeadlineFacts, data_headline, format_pct, format_value, headline
from metrics.meeting.minutes import Minutes, SectionMinutes
from metrics.meeting.okr_scores import metric_meta, target_for
from metrics.meeting.snapshot import OKR_VIEW, frozen_views
from metrics.meeting.views import COST_COLUMNS, WATERFALL_STEPS

# the figures stored as positive costs (metrics.meeting.views.WATERFALL_STEPS subtracts them); shown negated
DEDUCTIONS = frozenset({*(m for m, sign in WATERFALL_STEPS if sign < 0), "expenses"})

STATUS_LABELS = {
    "on_track": ("正常", "on track"), "at_risk": ("有风险", "at risk"), "off_track": ("落后", "off track"),
    "no_data": ("无数据", "no data"),
}  # fmt: skip


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _target(kr_rows: list[dict], metric: str, start: date, end: date, payload: dict) -> float | None:
    """Returns the target of a headline: the bound key result's, else the targets sheet's frozen in the payload."""
    bound = target_for(kr_rows, metric, start, end)
    return bound if bound is not None else (payload.get("targets") or {}).get(metric)


def _compared(payload: dict) -> tuple[date, date] | None:
    """Returns the previous period the payload's figures were compared with (None in a snapshot frozen without)."""
    days = (payload.get("compared") or {}).get("previous")
    return (date.fromisoformat(days[0]), date.fromisoformat(days[1])) if days else None


def section_headline(
    key: str, payload: dict, language: str, kr_rows: list[dict], n_actions: int = 0, today: date | None = None
) -> str | None:
    """Returns the conclusion-first sentence of a section (None for sections without figures, e.g. opening); a
    stock-out's days count from `today` (the day it is read, default date.today(): headlines.risk_text)."""
    if key == "summary":
        counts = Counter(r["status"] for r in kr_rows)
        on, risk, off = counts["on_track"], counts["at_risk"], counts["off_track"]
        if language == "zh":
            return f"{len(kr_rows)} 个关键结果：{on} 个正常，{risk} 个有风险，{off} 个落后；本次会议形成 {n_actions} 个行动项"
        return f"{len(kr_rows)} key results: {on} on track, {risk} at risk, {off} off track; {n_actions} action items"
    if not payload:
        return None
    start, end = _date(payload["period"]["start"]), _date(payload["period"]["end"])
    through = _date(payload.get("data_through"))
    if key == "tech_data":
        cov = (payload.get("extra") or {}).get("cost_coverage")
        return data_headline(through, end, cov, language, payload.get("risk"), payload["currency"], today)
    metric = payload.get("headline_metric")
    if not metric:
        return None
    meta = metric_meta(metric)
    fig = payload["figures"].get(metric, {})
    facts = HeadlineFacts(
        name_zh=meta["name_zh"], name_en=meta["name_en"], value=fig.get("value"), unit=meta["unit"],
        period_start=start, period_end=end, data_through=through or start, currency=payload["currency"],
        additive=meta["additive"], target=_target(kr_rows, metric, start, end, payload), compare_value=fig.get("previous"),
        compare_kind="previous", risk=payload.get("risk"), today=today, compared=_compared(payload),
    )  # fmt: skip
    return headline(facts, language) + meeting_returns.headline_note(key, payload, language)


def key_figures(payload: dict, language: str, hide_costs: bool = False, brackets: bool = False) -> list[dict]:
    """Returns the section's figures formatted: label, value, previous period and same period last year, in the data
    dictionary's order (gross sales → net sales → fees → … → net profit: the P&L's reading order; a snapshot stores
    them keyed, in whatever order its JSON kept). Costs carry the P&L's sign: every cost is a negative deduction
    (fees and refunds are stored ≤ 0 already; ad spend, COGS and expenses, stored ≥ 0, are negated). `brackets`:
    money below zero in brackets, (¥80.3万), as the meeting page's tables show it; the minutes' lines keep -¥80.3万."""
    from metrics.core.registry import REGISTRY

    order = {m: i for i, m in enumerate(REGISTRY)}
    figures = payload.get("figures") or {}
    out = []
    for metric in sorted(figures, key=lambda m: order.get(m, len(order))):
        fig = figures[metric]
        if hide_costs and metric in COST_COLUMNS:
            continue
        meta = metric_meta(metric)
        sign = -1 if metric in DEDUCTIONS else 1  # a cost reads as the P&L's negative deduction from sales

        def fmt(v, m=meta, sign=sign):
            return format_value(None if v is None else sign * v, m["unit"], payload["currency"], language, brackets)

        out.append({
            "metric": metric, "label": meta["name_zh"] if language == "zh" else meta["name_en"],
            "value": fmt(fig.get("value")), "previous": fmt(fig.get("previous")), "yoy": fmt(fig.get("yoy")),
        })  # fmt: skip
    return out


def kr_display_rows(kr_rows: list[dict], language: str, currency: str, brackets: bool = False) -> list[dict]:
    """Returns KR rows with value, target and percentages formatted for a table or the minutes (`brackets`: money
    below zero in brackets, as key_figures)."""
    zh = language == "zh"
    pct = lambda v: "–" if v is None else format_pct(v, language)  # noqa: E731
    return [
        {
            "objective": r["objective"], "kr": r["kr"],
            "value": format_value(r["value"], r["unit"], currency, language, brackets),
            "target": format_value(r["target"], r["unit"], currency, language, brackets),
            "attainment": pct(r["attainment"]), "forecast_attainment": pct(r["forecast_attainment"]),
            "status": STATUS_LABELS[r["status"]][0 if zh else 1],
        }
        for r in kr_rows
    ]  # fmt: skip


def build_minutes(con, meeting_id: int) -> Minutes:
    """Returns the meeting's minutes from its frozen snapshot, agenda, notes and action items."""
    m = store.get_meeting(con, meeting_id)
    if m is None:
        raise ValueError(f"meeting {meeting_id} does not exist")
    lang = m["language"]
    snapshot_at, views = frozen_views(con, meeting_id)
    kr_rows = (views.get(OKR_VIEW) or {}).get("rows", [])
    currency = next((v["currency"] for v in views.values() if "currency" in v), "CNY")
    actions = store.action_items(con, meeting_id)
    sections = []
    for item in store.agenda(con, meeting_id):
        payload = views.get(item.section_key, {})
        figs = [(f["label"], f["value"]) for f in key_figures(payload, lang)] if payload else []
        figs += bridge_minutes(payload or {}, lang)  # the finance view's profit bridge, step by step
        figs += minutes_figures(payload, lang) if item.section_key == "finance" else []  # P&L summary
        figs += [(f["label"], f["value"]) for f in meeting_returns.figures(item.section_key, payload, lang)]
        figs += budget_minutes_lines(payload, lang) if payload else []  # the finance view's budget variance
        sections.append(SectionMinutes(
            item.section_key, item.title, item.presenter, item.minutes,
            # the record's text plain: no invisible no-break marks of the projected dates in the .md / .xlsx
            lf.unwrapped(section_headline(item.section_key, payload, lang, kr_rows, len(actions)) or "") or None
            if snapshot_at else None, figs,
        ))  # fmt: skip
    titles = {i.section_key: i.title for i in store.agenda(con, meeting_id)}
    kr_titles = {r["kr_id"]: r["kr"] for r in kr_rows}
    status_words = {"open": ("未完成", "open"), "done": ("已完成", "done"), "dropped": ("已取消", "dropped")}
    return Minutes(
        title=m["title"], period_start=m["period_start"], period_end=m["period_end"], snapshot_at=snapshot_at,
        planned_minutes=m["planned_minutes"], language=lang,
        attendees=[n["text"] for n in store.notes(con, meeting_id, "attendee")], sections=sections,
        krs=kr_display_rows(kr_rows, lang, currency),
        decisions=[n["text"] for n in store.notes(con, meeting_id, "decision")],
        actions=[{
            "title": a["title"], "owner": a["owner"], "due_date": a["due_date"],
            "link": titles.get(a["section_key"]) or kr_titles.get(a["kr_id"]) or "",
            "status": status_words[a["status"]][0 if lang == "zh" else 1],
        } for a in actions],
    )  # fmt: skip
