"""Reads and writes business-review meetings, their agenda, frozen snapshots, notes and action items (`app` schema).

Every function takes the process's DuckDB connection and uses its own cursor. Ids are `max + 1` rather than a
sequence because `warehouse replay` copies `app` tables row by row and does not carry sequences over.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from metrics.meeting.agenda import AgendaItem, default_agenda
from warehouse.core.db import transaction

MEETING_STATUSES = ("planned", "running", "closed")
ACTION_STATUSES = ("open", "done", "dropped")
NOTE_KINDS = ("decision", "attendee", "note")


def _rows(con, sql: str, params: list | tuple = ()) -> list[dict]:
    cur = con.cursor()
    try:
        rel = cur.sql(sql, params=list(params))
        names = [c for c in rel.columns]
        return [dict(zip(names, r)) for r in rel.fetchall()]
    finally:
        cur.close()


def _exec(con, sql: str, params: list | tuple = ()) -> None:
    cur = con.cursor()
    try:
        cur.execute(sql, list(params))
    finally:
        cur.close()


def _next_id(con, table: str, column: str) -> int:
    return int(_rows(con, f"select coalesce(max({column}), 0) + 1 as n from {table}")[0]["n"])


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


# -- meetings ----------------------------------------------------------------------------------------------------
def create_meeting(con, title: str, period_start: date, period_end: date, *, planned_minutes: int = 240,
                   language: str = "zh", agenda: list[AgendaItem] | None = None) -> int:  # fmt: skip
    """Returns the id of a new planned meeting, created with the default agenda fitted to `planned_minutes`
    (`default_agenda`) unless one is given."""
    if period_end < period_start:
        raise ValueError("the period ends before it starts")
    meeting_id = _next_id(con, "app.meetings", "meeting_id")
    items = agenda if agenda is not None else default_agenda(language, planned_minutes)
    with transaction(con) as cur:
        cur.execute(
            "insert into app.meetings (meeting_id, title, period_start, period_end, planned_minutes, language, "
            "status, created_at) values (?, ?, ?, ?, ?, ?, 'planned', ?)",
            [meeting_id, title, period_start, period_end, int(planned_minutes), language, _now()],
        )
        _insert_agenda(cur, meeting_id, items)
    return meeting_id


def get_meeting(con, meeting_id: int) -> dict | None:
    """Returns one meeting as a dict, or None when the id is unknown."""
    found = _rows(con, "select * from app.meetings where meeting_id = ?", [meeting_id])
    return found[0] if found else None


def list_meetings(con) -> list[dict]:
    """Returns every meeting, newest period first."""
    return _rows(con, "select * from app.meetings order by period_end desc, meeting_id desc")


def update_meeting(con, meeting_id: int, **fields) -> None:
    """Sets the given columns of one meeting (title, planned_minutes, language, status, current_section, …)."""
    allowed = {"title", "period_start", "period_end", "planned_minutes", "language", "status", "current_section",
               "started_at", "ended_at"}  # fmt: skip
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"cannot update meeting columns {sorted(unknown)}")
    if fields.get("status") and fields["status"] not in MEETING_STATUSES:
        raise ValueError(f"status must be one of {MEETING_STATUSES}")
    if not fields:
        return
    sets = ", ".join(f"{k} = ?" for k in fields)
    _exec(con, f"update app.meetings set {sets} where meeting_id = ?", [*fields.values(), meeting_id])


def previous_meeting(con, meeting_id: int) -> dict | None:
    """Returns the review held before this one (earlier period end, or same period and a smaller id)."""
    me = get_meeting(con, meeting_id)
    if me is None:
        return None
    found = _rows(
        con,
        "select * from app.meetings where meeting_id <> ? and (period_end < ? or (period_end = ? and meeting_id < ?)) "
        "order by period_end desc, meeting_id desc limit 1",
        [meeting_id, me["period_end"], me["period_end"], meeting_id],
    )
    return found[0] if found else None


# -- agenda ------------------------------------------------------------------------------------------------------
def _insert_agenda(cur, meeting_id: int, items: list[AgendaItem]) -> None:
    keys = [i.section_key for i in items]
    if len(set(keys)) != len(keys):
        raise ValueError("each agenda section may appear once")
    for pos, item in enumerate(items, start=1):
        cur.execute(
            "insert into app.agenda_items (meeting_id, position, section_key, title, report_minutes, "
            "discussion_minutes, presenter, started_at, ended_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [meeting_id, pos, item.section_key, item.title, int(item.report_minutes), int(item.discussion_minutes),
             item.presenter, item.started_at, item.ended_at],
        )  # fmt: skip


def agenda(con, meeting_id: int) -> list[AgendaItem]:
    """Returns the meeting's agenda in running order."""
    rows = _rows(
        con,
        "select section_key, title, report_minutes, discussion_minutes, presenter, started_at, ended_at "
        "from app.agenda_items where meeting_id = ? order by position",
        [meeting_id],
    )
    return [AgendaItem(**r) for r in rows]


def save_agenda(con, meeting_id: int, items: list[AgendaItem]) -> None:
    """Replaces the meeting's agenda with `items` (in that order) in one transaction."""
    with transaction(con) as cur:
        cur.execute("delete from app.agenda_items where meeting_id = ?", [meeting_id])
        _insert_agenda(cur, meeting_id, items)


def go_to_section(con, meeting_id: int, section_key: str, now: datetime | None = None) -> None:
    """Makes `section_key` the running section: ends the one running before, starts this one's clock once."""
    now = now or _now()
    me = get_meeting(con, meeting_id)
    if me is None:
        raise ValueError(f"meeting {meeting_id} does not exist")
    with transaction(con) as cur:
        if me["current_section"] and me["current_section"] != section_key:
            cur.execute(
                "update app.agenda_items set ended_at = ? where meeting_id = ? and section_key = ? "
                "and started_at is not null",
                [now, meeting_id, me["current_section"]],
            )
        cur.execute(
            "update app.agenda_items set started_at = coalesce(started_at, ?), ended_at = null "
            "where meeting_id = ? and section_key = ?",
            [now, meeting_id, section_key],
        )
        cur.execute(
            "update app.meetings set current_section = ?, status = 'running', started_at = coalesce(started_at, ?) "
            "where meeting_id = ?",
            [section_key, now, meeting_id],
        )


def close_meeting(con, meeting_id: int, now: datetime | None = None) -> None:
    """Ends the running section and marks the meeting closed."""
    now = now or _now()
    me = get_meeting(con, meeting_id)
    if me and me["current_section"]:
        _exec(
            con,
            "update app.agenda_items set ended_at = coalesce(ended_at, ?) where meeting_id = ? and section_key = ? "
            "and started_at is not null",
            [now, meeting_id, me["current_section"]],
        )
    update_meeting(con, meeting_id, status="closed", ended_at=now)


# -- snapshots ---------------------------------------------------------------------------------------------------
def save_snapshot(con, meeting_id: int, payloads: dict[str, dict], frozen_at: datetime) -> None:
    """Replaces the meeting's frozen view payloads and stamps the meeting with `frozen_at`, atomically."""
    with transaction(con) as cur:
        cur.execute("delete from app.meeting_snapshots where meeting_id = ?", [meeting_id])
        for key, payload in payloads.items():
            cur.execute(
                "insert into app.meeting_snapshots values (?, ?, ?, ?)",
                [meeting_id, key, json.dumps(payload, default=str, sort_keys=True), frozen_at],
            )
        cur.execute("update app.meetings set snapshot_at = ? where meeting_id = ?", [frozen_at, meeting_id])


def load_snapshot(con, meeting_id: int) -> dict[str, dict]:
    """Returns the frozen payload of every view of the meeting ({} before the first freeze)."""
    rows = _rows(con, "select view_key, payload from app.meeting_snapshots where meeting_id = ?", [meeting_id])
    return {r["view_key"]: json.loads(r["payload"]) for r in rows}


# -- notes (decisions, attendees) --------------------------------------------------------------------------------
def add_note(con, meeting_id: int, kind: str, text: str, section_key: str | None = None) -> int:
    """Returns the id of a new decision / attendee / note line."""
    if kind not in NOTE_KINDS:
        raise ValueError(f"kind must be one of {NOTE_KINDS}")
    if not text.strip():
        raise ValueError("the text is empty")
    note_id = _next_id(con, "app.meeting_notes", "note_id")
    _exec(
        con,
        "insert into app.meeting_notes values (?, ?, ?, ?, ?, ?)",
        [note_id, meeting_id, kind, section_key, text.strip(), _now()],
    )
    return note_id


def notes(con, meeting_id: int, kind: str | None = None) -> list[dict]:
    """Returns the meeting's notes (optionally of one kind) in the order they were written."""
    sql = "select * from app.meeting_notes where meeting_id = ?"
    params: list = [meeting_id]
    if kind:
        sql += " and kind = ?"
        params.append(kind)
    return _rows(con, sql + " order by note_id", params)


def delete_note(con, note_id: int) -> None:
    """Deletes one note line."""
    _exec(con, "delete from app.meeting_notes where note_id = ?", [note_id])


# -- action items ------------------------------------------------------------------------------------------------
def add_action_item(con, meeting_id: int, title: str, owner: str, due_date: date, *, section_key: str | None = None,
                    kr_id: int | None = None) -> int:  # fmt: skip
    """Returns the id of a new open action item; one owner and a due date are required."""
    if not title.strip():
        raise ValueError("an action item needs a title")
    if not owner.strip() or "," in owner or "、" in owner:
        raise ValueError("an action item needs exactly one owner")
    if due_date is None:
        raise ValueError("an action item needs a due date")
    item_id = _next_id(con, "app.action_items", "item_id")
    _exec(
        con,
        "insert into app.action_items (item_id, meeting_id, title, owner, due_date, section_key, kr_id, status, "
        "created_at) values (?, ?, ?, ?, ?, ?, ?, 'open', ?)",
        [item_id, meeting_id, title.strip(), owner.strip(), due_date, section_key, kr_id, _now()],
    )
    return item_id


def action_items(con, meeting_id: int | None = None, status: str | None = None) -> list[dict]:
    """Returns action items (of one meeting and/or one status), by due date."""
    where, params = [], []
    if meeting_id is not None:
        where.append("meeting_id = ?")
        params.append(meeting_id)
    if status:
        where.append("status = ?")
        params.append(status)
    sql = "select * from app.action_items" + (" where " + " and ".join(where) if where else "")
    return _rows(con, sql + " order by due_date, item_id", params)


def set_action_status(con, item_id: int, status: str) -> None:
    """Sets an action item's status (open / done / dropped) and its closing time."""
    if status not in ACTION_STATUSES:
        raise ValueError(f"status must be one of {ACTION_STATUSES}")
    closed = None if status == "open" else _now()
    _exec(con, "update app.action_items set status = ?, closed_at = ? where item_id = ?", [status, closed, item_id])


def carried_over_items(con, meeting_id: int) -> list[dict]:
    """Returns the still-open action items of the previous review, shown at this meeting's start."""
    prev = previous_meeting(con, meeting_id)
    return action_items(con, prev["meeting_id"], "open") if prev else []
