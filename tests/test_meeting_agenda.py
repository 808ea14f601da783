"""Agenda arithmetic, trims, section timers and over-run flags of the business review."""

from datetime import datetime, timedelta

from metrics.meeting.agenda import (
    apply_trims,
    default_agenda,
    format_clock,
    format_duration,
    overrun_flags,
    plan_summary,
    projected_end,
    schedule,
    section_timer,
    suggest_trims,
    total_minutes,
)

T0 = datetime(2026, 11, 3, 9, 0)


def test_default_agenda_order_and_total():
    items = default_agenda("en")
    assert [i.section_key for i in items] == [
        "opening", "sales", "marketing", "supply_chain", "finance", "tech_data", "cross_department", "summary",
    ]  # fmt: skip
    assert [(i.report_minutes, i.discussion_minutes) for i in items] == [
        (15, 0), (20, 40), (15, 30), (15, 30), (10, 20), (10, 20), (0, 40), (0, 30),
    ]  # fmt: skip
    # 15 + 60 + 45 + 45 + 30 + 30 + 40 + 30 = 295 = 4 h 55 min
    assert total_minutes(items) == 295
    assert format_duration(295) == "4 h 55 min"
    assert format_duration(295, "zh") == "4小时55分钟"
    assert format_duration(240) == "4 h" and format_duration(45, "zh") == "45分钟"
    assert default_agenda("zh")[1].title == "销售"


def test_plan_summary_says_it_is_over():
    items = default_agenda("en")
    assert plan_summary(items, 240) == (
        "The agenda adds up to 4 h 55 min against the planned 4 h: 55 min over; trim the discussions."
    )
    assert plan_summary(items, 240, "zh") == "议程合计 4小时55分钟，计划时长 4小时，超出 55分钟：请压缩讨论时间。"
    assert plan_summary(items, 300) == "The agenda adds up to 4 h 55 min against the planned 5 h: 5 min to spare."
    assert plan_summary(items, 295) == "The agenda adds up to 4 h 55 min, exactly the planned duration."


def test_trims_share_the_excess_by_discussion_minutes():
    items = default_agenda("en")
    cuts = suggest_trims(items, 240)
    # excess 55 over a discussion pool of 40+30+30+20+20+40+30 = 210:
    # sales 55*40/210 = 10.48, marketing/supply/summary 55*30/210 = 7.86, finance/tech 5.24, cross 10.48
    # floors 10+7+7+5+5+10+7 = 51; the 4 minutes left go to the largest remainders: .857 ×3 (marketing, supply,
    # summary) then .476 (sales before cross-department)
    assert cuts == {"sales": 11, "marketing": 8, "supply_chain": 8, "finance": 5, "tech_data": 5,
                    "cross_department": 10, "summary": 8}  # fmt: skip
    trimmed = apply_trims(items, cuts)
    assert total_minutes(trimmed) == 240
    assert trimmed[1].report_minutes == 20 and trimmed[1].discussion_minutes == 29
    assert suggest_trims(items, 300) == {}


def test_schedule_runs_sections_back_to_back():
    plan = schedule(default_agenda("en"), T0)
    assert plan[0] == ("opening", T0, T0 + timedelta(minutes=15))
    assert plan[1][1:] == (datetime(2026, 11, 3, 9, 15), datetime(2026, 11, 3, 10, 15))
    assert plan[-1][2] == datetime(2026, 11, 3, 13, 55)  # 9:00 + 295 min


def test_timer_time_left_and_overrun():
    sales = default_agenda("en")[1].__class__("sales", "Sales", 20, 40, started_at=T0)
    t = section_timer(sales, T0 + timedelta(minutes=45))
    assert (t.planned_s, t.elapsed_s, t.left_s, t.overrun_s, t.is_over) == (3600, 2700, 900, 0, False)
    assert format_clock(t.left_s) == "15:00"
    t = section_timer(sales, T0 + timedelta(minutes=67, seconds=30))
    assert (t.left_s, t.overrun_s, t.is_over, t.fraction) == (0, 450, True, 1.0)  # 67:30 - 60:00 = 7:30
    assert format_clock(t.overrun_s) == "07:30" and format_clock(3725) == "1:02:05"
    not_started = default_agenda("en")[2]
    assert section_timer(not_started, T0).elapsed_s == 0


def test_overrun_flags_and_projected_end():
    from dataclasses import replace

    items = default_agenda("en")
    items[0] = replace(items[0], started_at=T0, ended_at=T0 + timedelta(minutes=20))  # opening: 20 of 15 min
    items[1] = replace(items[1], started_at=T0 + timedelta(minutes=20))  # sales running
    now = T0 + timedelta(minutes=20 + 62, seconds=10)  # sales at 62:10 of 60:00
    # opening over by 5 min; sales over by 2:10 -> rounded up to 3 whole minutes
    assert overrun_flags(items, now) == {"opening": 5, "sales": 3}
    # sales has no planned time left; the 6 sections not started need 45+45+30+30+40+30 = 220 min
    assert projected_end(items, T0, now) == now + timedelta(minutes=220)
