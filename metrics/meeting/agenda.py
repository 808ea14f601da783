"""Returns the business-review agenda, its arithmetic against the planned duration, trims, and section timers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

# (key, zh title, en title, report minutes, discussion minutes): the order and minutes of the monthly review
DEFAULT_SECTIONS: tuple[tuple[str, str, str, int, int], ...] = (
    ("opening", "开场与上期待办", "Opening and last review's actions", 15, 0),
    ("sales", "销售", "Sales", 20, 40),
    ("marketing", "市场与广告", "Marketing and advertising", 15, 30),
    ("supply_chain", "供应链", "Supply chain", 15, 30),
    ("finance", "财务", "Finance", 10, 20),
    ("tech_data", "技术与数据", "Tech and data", 10, 20),
    ("cross_department", "跨部门议题", "Cross-department issues", 0, 40),
    ("summary", "总结与行动计划", "Summary and action plan", 0, 30),
)
DEPARTMENT_SECTIONS = ("sales", "marketing", "supply_chain", "finance", "tech_data")
SECTION_TITLES = {key: {"zh": zh, "en": en} for key, zh, en, _, _ in DEFAULT_SECTIONS}


@dataclass(frozen=True)
class AgendaItem:
    section_key: str
    title: str
    report_minutes: int
    discussion_minutes: int
    presenter: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def minutes(self) -> int:
        return int(self.report_minutes) + int(self.discussion_minutes)


@dataclass(frozen=True)
class Timer:
    planned_s: int
    elapsed_s: int

    @property
    def left_s(self) -> int:
        """Seconds left in the section (0 once over-run)."""
        return max(self.planned_s - self.elapsed_s, 0)

    @property
    def overrun_s(self) -> int:
        """Seconds beyond the section's planned minutes (0 while within plan)."""
        return max(self.elapsed_s - self.planned_s, 0)

    @property
    def is_over(self) -> bool:
        return self.elapsed_s > self.planned_s

    @property
    def fraction(self) -> float:
        """Share of the planned time used, capped at 1 (for a progress bar)."""
        return 1.0 if self.planned_s <= 0 else min(self.elapsed_s / self.planned_s, 1.0)


def default_agenda(language: str = "zh", planned_minutes: int | None = None) -> list[AgendaItem]:
    """Returns the default agenda: 15 + 60 + 45 + 45 + 30 + 30 + 40 + 30 = 295 minutes.

    With `planned_minutes`, the discussions are shortened by `suggest_trims` so the agenda fits the planned
    duration (a new 4-hour review opens at 240 minutes, without an over-time warning); the reports keep their
    time, so a duration shorter than the reports (95 minutes) still leaves it over.
    """
    lang = "zh" if language == "zh" else "en"
    items = [
        AgendaItem(key, zh if lang == "zh" else en, report, discussion)
        for key, zh, en, report, discussion in DEFAULT_SECTIONS
    ]
    return items if planned_minutes is None else apply_trims(items, suggest_trims(items, planned_minutes))


def total_minutes(items: list[AgendaItem]) -> int:
    """Returns the agenda's total planned minutes."""
    return sum(i.minutes for i in items)


def format_duration(minutes: int, language: str = "en") -> str:
    """Returns minutes as '4 h 55 min' / '4小时55分钟' (hours omitted under one hour)."""
    hours, mins = divmod(abs(int(minutes)), 60)
    if language == "zh":
        return (f"{hours}小时" if hours else "") + (f"{mins}分钟" if mins or not hours else "")
    parts = ([f"{hours} h"] if hours else []) + ([f"{mins} min"] if mins or not hours else [])
    return " ".join(parts)


def format_clock(seconds: int) -> str:
    """Returns seconds as 'mm:ss' (or 'h:mm:ss' from one hour)."""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins:02d}:{secs:02d}"


def plan_summary(items: list[AgendaItem], planned_minutes: int, language: str = "en") -> str:
    """Returns the sentence comparing the agenda total with the planned duration."""
    total = total_minutes(items)
    diff = total - int(planned_minutes)
    t, p, d = (format_duration(x, language) for x in (total, planned_minutes, diff))
    if language == "zh":
        if diff > 0:
            return f"议程合计 {t}，计划时长 {p}，超出 {d}：请压缩讨论时间。"
        if diff < 0:
            return f"议程合计 {t}，计划时长 {p}，余 {d}。"
        return f"议程合计 {t}，与计划时长一致。"
    if diff > 0:
        return f"The agenda adds up to {t} against the planned {p}: {d} over; trim the discussions."
    if diff < 0:
        return f"The agenda adds up to {t} against the planned {p}: {d} to spare."
    return f"The agenda adds up to {t}, exactly the planned duration."


def suggest_trims(items: list[AgendaItem], planned_minutes: int) -> dict[str, int]:
    """Returns minutes to cut from each section's discussion so the agenda fits the planned duration.

    The excess is shared in proportion to discussion minutes (reports keep their time: the figures must be shown),
    rounded to whole minutes by largest remainder so the cuts add up exactly; ties go to the earlier section.
    """
    excess = total_minutes(items) - int(planned_minutes)
    pool = sum(i.discussion_minutes for i in items)
    if excess <= 0 or pool <= 0:
        return {}
    excess = min(excess, pool)
    shares = [(i.section_key, excess * i.discussion_minutes / pool) for i in items if i.discussion_minutes > 0]
    cuts = {key: int(share) for key, share in shares}
    left = excess - sum(cuts.values())
    by_remainder = sorted(range(len(shares)), key=lambda n: (-(shares[n][1] - int(shares[n][1])), n))
    for n in by_remainder[:left]:
        cuts[shares[n][0]] += 1
    return {k: v for k, v in cuts.items() if v}


def apply_trims(items: list[AgendaItem], cuts: dict[str, int]) -> list[AgendaItem]:
    """Returns the agenda with each section's discussion shortened by its cut."""
    return [replace(i, discussion_minutes=max(i.discussion_minutes - cuts.get(i.section_key, 0), 0)) for i in items]


def schedule(items: list[AgendaItem], start: datetime) -> list[tuple[str, datetime, datetime]]:
    """Returns (section, planned start, planned end) for each section run back to back from `start`."""
    out, at = [], start
    for i in items:
        end = at + timedelta(minutes=i.minutes)
        out.append((i.section_key, at, end))
        at = end
    return out


def section_timer(item: AgendaItem, now: datetime) -> Timer:
    """Returns the section's timer: planned seconds and seconds elapsed (to its end, or to `now` while running)."""
    planned = item.minutes * 60
    if item.started_at is None:
        return Timer(planned, 0)
    until = item.ended_at or now
    return Timer(planned, max(int((until - item.started_at).total_seconds()), 0))


def overrun_flags(items: list[AgendaItem], now: datetime) -> dict[str, int]:
    """Returns, for every section that has run longer than planned, its over-run in whole minutes (rounded up)."""
    flags = {}
    for i in items:
        over = section_timer(i, now).overrun_s
        if over > 0:
            flags[i.section_key] = -(-over // 60)
    return flags


def projected_end(items: list[AgendaItem], meeting_start: datetime, now: datetime) -> datetime:
    """Returns when the meeting will end if every section not yet finished takes its planned time from now on.

    A running section counts its remaining planned time (or nothing once over-run); sections not started count
    their full planned time.
    """
    remaining = 0
    for i in items:
        if i.ended_at is not None:
            continue
        remaining += section_timer(i, now).left_s if i.started_at is not None else i.minutes * 60
    return max(now, meeting_start) + timedelta(seconds=remaining)
