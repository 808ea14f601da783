"""Meetings, agenda, notes and action items persist in the warehouse across a new connection."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from metrics.meeting import store
from metrics.meeting.agenda import default_agenda
from warehouse.core.db import connect
from warehouse.ingest.importer import Warehouse

T0 = datetime(2026, 11, 3, 9, 0)
MEETING_TABLES = ("meetings", "agenda_items", "meeting_snapshots", "meeting_notes", "okrs", "key_results",
                  "action_items")  # fmt: skip


@pytest.fixture(scope="module")
def module_wh(tmp_path_factory):
    """One migrated warehouse per test module (building the views is the slow part of a fresh warehouse)."""
    w = Warehouse(tmp_path_factory.mktemp("meeting") / "wh.duckdb")
    yield w
    w.close()


@pytest.fixture
def con(module_wh):
    """The module's connection, with the meeting tables emptied after each test."""
    yield module_wh.con
    cur = module_wh.con.cursor()
    for table in MEETING_TABLES:
        cur.execute(f"delete from app.{table}")
    cur.close()


def test_meeting_and_action_item_survive_reopening(tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb")
    path = wh.path
    mid = store.create_meeting(wh.con, "October review", date(2026, 10, 1), date(2026, 10, 31))
    item = store.add_action_item(
        wh.con, mid, "Reorder CAM-4K-BLK", "Wang", date(2026, 11, 10), section_key="supply_chain"
    )
    store.add_note(wh.con, mid, "decision", "Pause the DRONE-MINI exact-match campaign")
    store.add_note(wh.con, mid, "attendee", "Wang (supply chain)")
    wh.close()
    con = connect(path, migrate=False)  # a fresh connection reads what the first one wrote
    try:
        m = store.get_meeting(con, mid)
        assert (m["title"], m["period_start"], m["planned_minutes"], m["status"], m["language"]) == (
            "October review", date(2026, 10, 1), 240, "planned", "zh",
        )  # fmt: skip
        assert [i.section_key for i in store.agenda(con, mid)][:2] == ["opening", "sales"]
        items = store.action_items(con, mid)
        assert [
            (a["item_id"], a["title"], a["owner"], a["due_date"], a["section_key"], a["status"]) for a in items
        ] == [(item, "Reorder CAM-4K-BLK", "Wang", date(2026, 11, 10), "supply_chain", "open")]
        assert [n["text"] for n in store.notes(con, mid, "decision")] == ["Pause the DRONE-MINI exact-match campaign"]
    finally:
        con.close()


def test_action_item_needs_one_owner_and_a_due_date(con):
    mid = store.create_meeting(con, "Oct", date(2026, 10, 1), date(2026, 10, 31))
    with pytest.raises(ValueError, match="one owner"):
        store.add_action_item(con, mid, "Fix listing", "Wang, Li", date(2026, 11, 1))
    with pytest.raises(ValueError, match="due date"):
        store.add_action_item(con, mid, "Fix listing", "Wang", None)
    assert store.action_items(con, mid) == []


def test_open_items_of_previous_review_carry_over(con):
    sep = store.create_meeting(con, "September review", date(2026, 9, 1), date(2026, 9, 30))
    done = store.add_action_item(con, sep, "Upload EUR rates", "Li", date(2026, 10, 5))
    store.add_action_item(con, sep, "Negotiate freight", "Zhao", date(2026, 10, 20), section_key="supply_chain")
    store.set_action_status(con, done, "done")
    octo = store.create_meeting(con, "October review", date(2026, 10, 1), date(2026, 10, 31))
    assert [a["title"] for a in store.carried_over_items(con, octo)] == ["Negotiate freight"]
    assert store.carried_over_items(con, sep) == []
    assert [m["meeting_id"] for m in store.list_meetings(con)] == [octo, sep]


def test_sections_record_their_clock(con):
    mid = store.create_meeting(con, "Oct", date(2026, 10, 1), date(2026, 10, 31), language="en")
    agenda = store.agenda(con, mid)
    agenda[1] = replace(agenda[1], presenter="Chen", discussion_minutes=30)
    store.save_agenda(con, mid, agenda)
    store.go_to_section(con, mid, "opening", T0)
    store.go_to_section(con, mid, "sales", datetime(2026, 11, 3, 9, 17))
    store.go_to_section(con, mid, "opening", datetime(2026, 11, 3, 9, 20))  # back: opening's clock keeps its start
    items = {i.section_key: i for i in store.agenda(con, mid)}
    assert (items["sales"].presenter, items["sales"].minutes) == ("Chen", 50)
    assert (items["sales"].started_at, items["sales"].ended_at) == (
        datetime(2026, 11, 3, 9, 17),
        datetime(2026, 11, 3, 9, 20),
    )
    assert (items["opening"].started_at, items["opening"].ended_at) == (T0, None)
    m = store.get_meeting(con, mid)
    assert (m["status"], m["current_section"], m["started_at"]) == ("running", "opening", T0)
    store.close_meeting(con, mid, datetime(2026, 11, 3, 13, 0))
    m = store.get_meeting(con, mid)
    assert m["status"] == "closed" and store.agenda(con, mid)[0].ended_at == datetime(2026, 11, 3, 13, 0)
    assert default_agenda("en")[0].title == items["opening"].title
