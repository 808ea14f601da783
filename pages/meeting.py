"""经营分析会 Business review: create, plan, freeze, run section by section with timers, capture actions, minutes.

Deep link: ?meeting=<id>&section=<key> opens a review at a section.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import streamlit as st

from metrics.core.locale_format import day_nowrap
from metrics.meeting import store
from metrics.meeting.agenda import SECTION_TITLES, AgendaItem, apply_trims, overrun_flags, plan_summary, suggest_trims
from metrics.meeting.minutes import minutes_markdown, minutes_xlsx
from metrics.meeting.report import build_minutes, section_headline
from metrics.meeting.snapshot import OKR_VIEW, freeze, frozen_views, start_meeting
from metrics.meeting.views import DEPARTMENT_SECTIONS
from pages.meeting_parts import (
    AGENDA_COLUMNS,
    PRESENTER_CSS,
    action_form,
    as_of_line,
    default_meeting_title,
    department,
    items_table,
    kr_table,
    nowrap_html,
    shown_meeting_title,
    shown_title,
    timer,
)
from ui import data, tables
from ui.grid import PRESENTER_SCALE, set_font_scale
from ui.i18n import date_format, lang, placeholder, tr
from ui.widgets import fit_widths

con = data.warehouse().con
lg = lang()


def last_full_month() -> tuple[date, date]:
    """Returns the last calendar month fully covered by the data (the month before today without data)."""
    last = data.bounds().get("last") or date.today()
    if (last + timedelta(days=1)).day != 1:  # data stops mid-month: that month is not complete yet
        last = last.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def open_meeting(meeting_id: int, section: str | None = None) -> None:
    st.query_params["meeting"] = str(meeting_id)
    if section:
        st.query_params["section"] = section
    elif "section" in st.query_params:
        del st.query_params["section"]


mid = st.query_params.get("meeting")
meeting = store.get_meeting(con, int(mid)) if mid and mid.isdigit() else None
if meeting is None:
    st.title(tr("mt_title", lg))
    start, end = last_full_month()
    with st.form("mtg_create"):
        st.subheader(tr("mt_create", lg))
        name = st.text_input(tr("mt_name", lg), value=default_meeting_title(start, lg), key="mtg_name")
        c = st.columns(4)
        p_start = c[0].date_input(tr("mt_start", lg), value=start, key="mtg_start", format=date_format(lg))
        p_end = c[1].date_input(tr("mt_end", lg), value=end, key="mtg_end", format=date_format(lg))
        planned = c[2].number_input(tr("mt_planned", lg), 30, 600, 240, step=15, key="mtg_planned")
        m_lang = c[3].selectbox(
            tr("mt_language", lg),
            ["zh", "en"],
            placeholder=placeholder(["zh", "en"], lg),
            index=0 if lg == "zh" else 1,
            key="mtg_lang",
            format_func={"zh": "中文", "en": "English"}.get,
        )
        if st.form_submit_button(tr("mt_create_btn", lg)):
            # a name left as proposed follows the dates and language chosen (a form does not rerun as they change)
            name = default_meeting_title(p_start, m_lang) if name == default_meeting_title(start, lg) else name
            open_meeting(store.create_meeting(con, name, p_start, p_end, planned_minutes=int(planned), language=m_lang))
            st.rerun()
    existing = store.list_meetings(con)
    if existing:
        st.subheader(tr("mt_open", lg))
        ids = [m["meeting_id"] for m in existing]
        pick = st.selectbox(tr("mt_open", lg), ids, placeholder=placeholder(ids, lg), key="mtg_pick",
                            format_func=lambda i: next(f"#{m['meeting_id']} {shown_meeting_title(m['title'], lg)}" for m in existing if m["meeting_id"] == i))  # fmt: skip
        if st.button(tr("mt_open_btn", lg), key="mtg_open"):
            open_meeting(pick)
            st.rerun()
    st.stop()

meeting_id, m_lang = meeting["meeting_id"], meeting["language"]
# the toggles one under the other beside the title: side by side, presenter mode's larger text cut the second label
# ("Hide cost and margin c…") at 1280 px in English
c = st.columns([3, 2], vertical_alignment="center")
presenter = c[1].toggle(tr("mt_presenter", lg), key="mtg_presenter")
hide_costs = c[1].toggle(tr("mt_hide_costs", lg), key="mtg_hide_costs")
# the grids' rows grow with the font: every table below is drawn and sized for it (ui.grid)
set_font_scale(PRESENTER_SCALE if presenter else 1.0)
if presenter:
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
c[0].title(shown_meeting_title(meeting["title"], lg))
agenda = store.agenda(con, meeting_id)
keys = [i.section_key for i in agenda]
snapshot_at, views = frozen_views(con, meeting_id)
kr_rows = (views.get(OKR_VIEW) or {}).get("rows", [])
currency = next((v["currency"] for v in views.values() if "currency" in v), "CNY")

b = st.columns(3)
if meeting["status"] == "planned" and b[0].button(tr("mt_start_btn", lg), type="primary", key="mtg_start_btn"):
    with st.spinner():
        start_meeting(con, meeting_id)
    open_meeting(meeting_id, keys[0])
    st.rerun()
if meeting["status"] != "planned" and b[0].button(tr("mt_refreeze", lg), key="mtg_refreeze"):
    with st.spinner():
        freeze(con, meeting_id)
    st.rerun()
if meeting["status"] == "running" and b[1].button(tr("mt_close_btn", lg), key="mtg_close"):
    store.close_meeting(con, meeting_id)
    st.rerun()
# dates by locale (2026年10月1日 / Oct 1, 2026), each kept on one line in presenter mode
st.caption(nowrap_html(
    f"{day_nowrap(meeting['period_start'], lg)} – {day_nowrap(meeting['period_end'], lg)} · "
    + (as_of_line(views, snapshot_at, lg) if snapshot_at else tr("mt_not_frozen", lg))
), unsafe_allow_html=True)  # fmt: skip

with st.expander(tr("mt_planner", lg), expanded=meeting["status"] == "planned"):
    flags = overrun_flags(agenda, datetime.now())
    # the section's name in the page's language (its id stays in `agenda`; rows keep the agenda's order)
    names = {i.section_key: SECTION_TITLES.get(i.section_key, {}).get(lg, i.section_key) for i in agenda}
    plan = pl.DataFrame([{"section": names[i.section_key], "title": shown_title(i, lg), "report_minutes": i.report_minutes,
                          "discussion_minutes": i.discussion_minutes, "presenter": i.presenter or "",
                          "over_min": flags.get(i.section_key, 0)} for i in agenda])  # fmt: skip
    edited = st.data_editor(plan, hide_index=True, disabled=["section", "over_min"], key="mtg_agenda_editor", placeholder="—",
                            column_config=fit_widths(plan, tables.columns(plan, spec=AGENDA_COLUMNS)))  # fmt: skip
    rows = edited.to_dicts() if isinstance(edited, pl.DataFrame) else edited.to_dict("records")
    # a default title shown in the page's language is saved as stored (the minutes keep the meeting's language)
    new_items = [AgendaItem(i.section_key, i.title if r["title"] == shown_title(i, lg) else r["title"], int(r["report_minutes"]), int(r["discussion_minutes"]),
                            r["presenter"] or None, i.started_at, i.ended_at) for r, i in zip(rows, agenda)]  # fmt: skip
    st.info(plan_summary(new_items, meeting["planned_minutes"], lg))
    a = st.columns(2)
    if a[0].button(tr("mt_save_agenda", lg), key="mtg_save_agenda"):
        store.save_agenda(con, meeting_id, new_items)
        st.rerun()
    cuts = suggest_trims(new_items, meeting["planned_minutes"])
    if cuts and a[1].button(tr("mt_trim", lg), key="mtg_trim"):
        store.save_agenda(con, meeting_id, apply_trims(new_items, cuts))
        st.rerun()

section = st.query_params.get("section") or meeting["current_section"] or keys[0]
section = section if section in keys else keys[0]
pos = keys.index(section)
item = agenda[pos]
nav = st.columns([1, 3, 1])
if nav[0].button(tr("mt_prev", lg), disabled=pos == 0, key="mtg_prev", width="stretch"):
    if meeting["status"] == "running":  # the section clocks run only during the meeting
        store.go_to_section(con, meeting_id, keys[pos - 1])
    open_meeting(meeting_id, keys[pos - 1])
    st.rerun()
if nav[2].button(tr("mt_next", lg), disabled=pos == len(keys) - 1, key="mtg_next", width="stretch"):
    if meeting["status"] == "running":  # the section clocks run only during the meeting
        store.go_to_section(con, meeting_id, keys[pos + 1])
    open_meeting(meeting_id, keys[pos + 1])
    st.rerun()
with nav[1]:
    st.subheader(
        f"{pos + 1}/{len(keys)} · {shown_title(item, lg)}" + (f" · {item.presenter}" if item.presenter else "")
    )
    if meeting["status"] == "running" and meeting["current_section"] == section:
        timer(item, lg)

if section == "opening":
    st.caption(tr("mt_carried", lg))
    items_table(store.carried_over_items(con, meeting_id), lg, "mtg_carried")
    with st.form("mtg_attendee", clear_on_submit=True):
        who = st.text_input(tr("mt_attendee", lg), key="mtg_attendee_name")
        if st.form_submit_button(tr("mt_add", lg)) and who.strip():
            store.add_note(con, meeting_id, "attendee", who)
            st.rerun()  # the attendee line below and the minutes read the store
    st.write(", ".join(n["text"] for n in store.notes(con, meeting_id, "attendee")))
elif section in DEPARTMENT_SECTIONS:
    department(section, views.get(section, {}), lg, kr_rows, hide_costs, presenter)
    if section == "finance" and snapshot_at:
        kr_table(kr_rows, lg, currency)
elif section == "cross_department":
    st.caption(tr("mt_risks", lg))
    for key in DEPARTMENT_SECTIONS:
        if views.get(key):
            st.markdown(f"- {nowrap_html(section_headline(key, views[key], lg, kr_rows))}", unsafe_allow_html=True)
elif section == "summary":
    actions = store.action_items(con, meeting_id)
    st.markdown(
        f"### {nowrap_html(section_headline('summary', {}, lg, kr_rows, len(actions)))}", unsafe_allow_html=True
    )
    kr_table(kr_rows, lg, currency)
    st.caption(tr("mt_actions", lg))
    items_table(actions, lg, "mtg_actions")
    mins = build_minutes(con, meeting_id)
    if m_lang != lg:  # the minutes are the meeting's record: written in the language it was held in
        st.caption(tr("mt_minutes_language", lg, lang={"zh": "中文", "en": "English"}.get(m_lang, m_lang)))
    d = st.columns(2)
    d[0].download_button(tr("mt_minutes_md", lg), minutes_markdown(mins), f"minutes_{meeting_id}.md", "text/markdown",
                         key="mtg_dl_md")  # fmt: skip
    d[1].download_button(tr("mt_minutes_xlsx", lg), minutes_xlsx(mins), f"minutes_{meeting_id}.xlsx", key="mtg_dl_xlsx",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip

st.divider()
action_form(con, meeting_id, section, agenda, kr_rows, lg)
with st.form("mtg_decision", clear_on_submit=True):
    text = st.text_input(tr("mt_decision", lg), key="mtg_decision_text")
    if st.form_submit_button(tr("mt_add", lg)) and text.strip():
        store.add_note(con, meeting_id, "decision", text, section_key=section)
        st.rerun()  # the minutes above were built before the decision existed: rebuild them from the store
