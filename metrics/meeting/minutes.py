"""Returns the minutes of a business review as Markdown text and as an XLSX workbook (xlsxwriter).

Text cells are written with `write_string`, so a title such as "=HYPERLINK(...)" stays text in the workbook
instead of becoming a formula (spreadsheet formula injection).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

import xlsxwriter

LABELS = {
    "zh": {
        "minutes": "会议纪要", "period": "期间", "data_as_of": "数据截至", "planned": "计划时长", "attendees": "参会人",
        "agenda": "议程与汇报人", "section": "议题", "presenter": "汇报人", "minutes_col": "分钟",
        "headline": "结论", "figures": "关键数据", "figure": "指标", "value": "数值", "krs": "关键结果 (KR)",
        "objective": "目标", "kr": "关键结果", "target": "目标值", "attainment": "完成率", "forecast": "预测完成率",
        "status": "状态", "decisions": "决议", "actions": "行动项", "title": "事项", "owner": "负责人",
        "due": "截止日期", "link": "关联", "none": "无", "min": "分钟", "field": "项目", "content": "内容",
        "sheet_summary": "概要", "sheet_sections": "议题", "sheet_krs": "关键结果", "sheet_decisions": "决议",
        "sheet_actions": "行动项",
    },
    "en": {
        "minutes": "Minutes", "period": "Period", "data_as_of": "Data as of", "planned": "Planned duration",
        "attendees": "Attendees", "agenda": "Agenda and presenters", "section": "Section", "presenter": "Presenter",
        "minutes_col": "Minutes", "headline": "Headline", "figures": "Key figures", "figure": "Figure",
        "value": "Value", "krs": "Key results", "objective": "Objective", "kr": "Key result", "target": "Target",
        "attainment": "Attainment", "forecast": "Forecast attainment", "status": "Status", "decisions": "Decisions",
        "actions": "Action items", "title": "Item", "owner": "Owner", "due": "Due", "link": "Linked to",
        "none": "none", "min": "min", "field": "Field", "content": "Value",
        "sheet_summary": "Summary", "sheet_sections": "Sections", "sheet_krs": "KRs", "sheet_decisions": "Decisions",
        "sheet_actions": "Actions",
    },
}  # fmt: skip


@dataclass
class SectionMinutes:
    key: str
    title: str
    presenter: str | None
    minutes: int
    headline: str | None = None
    figures: list[tuple[str, str]] = field(default_factory=list)  # (label, formatted value)


@dataclass
class Minutes:
    title: str
    period_start: date
    period_end: date
    snapshot_at: datetime | None
    planned_minutes: int
    language: str
    attendees: list[str]
    sections: list[SectionMinutes]
    krs: list[dict]  # objective, kr, value, target, attainment, forecast_attainment, status (formatted strings)
    decisions: list[str]
    actions: list[dict]  # title, owner, due_date, link, status


def _fmt_date(d) -> str:
    if d is None:
        return ""
    return d.strftime("%Y-%m-%d %H:%M") if isinstance(d, datetime) else d.isoformat()


def minutes_markdown(m: Minutes) -> str:
    """Returns the minutes as Markdown."""
    t = LABELS["zh" if m.language == "zh" else "en"]
    none = f"_{t['none']}_"
    out = [
        f"# {t['minutes']}: {m.title}",
        "",
        f"- {t['period']}: {_fmt_date(m.period_start)} – {_fmt_date(m.period_end)}",
        f"- {t['data_as_of']}: {_fmt_date(m.snapshot_at)}",
        f"- {t['planned']}: {m.planned_minutes} {t['min']}",
        f"- {t['attendees']}: {', '.join(m.attendees) if m.attendees else t['none']}",
        "",
        f"## {t['agenda']}",
        "",
        f"| {t['section']} | {t['presenter']} | {t['minutes_col']} |",
        "|---|---|---:|",
    ]
    out += [f"| {s.title} | {s.presenter or ''} | {s.minutes} |" for s in m.sections]
    for s in m.sections:
        if not s.headline and not s.figures:
            continue
        out += ["", f"## {s.title}", ""]
        if s.headline:
            out += [f"**{s.headline}**", ""]
        out += [f"- {label}: {value}" for label, value in s.figures]
    out += ["", f"## {t['krs']}", ""]
    if m.krs:
        out += [
            f"| {t['objective']} | {t['kr']} | {t['value']} | {t['target']} | {t['attainment']} | {t['forecast']} "
            f"| {t['status']} |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        out += [
            f"| {k['objective']} | {k['kr']} | {k['value']} | {k['target']} | {k['attainment']} | "
            f"{k['forecast_attainment']} | {k['status']} |"
            for k in m.krs
        ]
    else:
        out.append(none)
    out += ["", f"## {t['decisions']}", ""]
    out += [f"{n}. {d}" for n, d in enumerate(m.decisions, start=1)] or [none]
    out += ["", f"## {t['actions']}", ""]
    if m.actions:
        out += [f"| {t['title']} | {t['owner']} | {t['due']} | {t['link']} | {t['status']} |", "|---|---|---|---|---|"]
        out += [
            f"| {a['title']} | {a['owner']} | {_fmt_date(a['due_date'])} | {a.get('link') or ''} | {a['status']} |"
            for a in m.actions
        ]
    else:
        out.append(none)
    return "\n".join(out) + "\n"


def _sheet(book, name: str, header: list[str], rows: list[list], bold) -> None:
    ws = book.add_worksheet(name)
    for c, h in enumerate(header):
        ws.write_string(0, c, h, bold)
        ws.set_column(c, c, 18 if c else 28)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, v)
            elif v not in (None, ""):  # an empty cell stays blank rather than holding an empty string
                ws.write_string(r, c, str(v))


def minutes_xlsx(m: Minutes) -> bytes:
    """Returns the minutes as an XLSX workbook in the meeting's language: sheets Summary, Sections, KRs, Decisions
    and Actions (概要, 议题, 关键结果, 决议, 行动项 for a meeting held in Chinese), every header row in that language."""
    t = LABELS["zh" if m.language == "zh" else "en"]
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True})
    summary = [
        [t["minutes"], m.title],
        [t["period"], f"{_fmt_date(m.period_start)} – {_fmt_date(m.period_end)}"],
        [t["data_as_of"], _fmt_date(m.snapshot_at)],
        [t["planned"], m.planned_minutes],
        [t["attendees"], ", ".join(m.attendees)],
    ]
    summary += [[f"{t['presenter']}: {s.title}", s.presenter or ""] for s in m.sections]
    _sheet(book, t["sheet_summary"], [t["field"], t["content"]], summary, bold)
    rows: list[list] = []
    for s in m.sections:
        rows.append([s.title, s.presenter or "", s.minutes, t["headline"], s.headline or ""])
        rows += [[s.title, "", "", label, value] for label, value in s.figures]
    _sheet(
        book, t["sheet_sections"], [t["section"], t["presenter"], t["minutes_col"], t["figure"], t["value"]], rows, bold
    )
    kr_cols = ["objective", "kr", "value", "target", "attainment", "forecast_attainment", "status"]
    _sheet(
        book,
        t["sheet_krs"],
        [t["objective"], t["kr"], t["value"], t["target"], t["attainment"], t["forecast"], t["status"]],
        [[k[c] for c in kr_cols] for k in m.krs],
        bold,
    )
    _sheet(
        book, t["sheet_decisions"], ["#", t["decisions"]], [[n, d] for n, d in enumerate(m.decisions, start=1)], bold
    )
    _sheet(
        book,
        t["sheet_actions"],
        [t["title"], t["owner"], t["due"], t["link"], t["status"]],
        [[a["title"], a["owner"], _fmt_date(a["due_date"]), a.get("link") or "", a["status"]] for a in m.actions],
        bold,
    )
    book.close()
    return buf.getvalue()
