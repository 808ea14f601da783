"""Returns and freezes a meeting's "data as of" snapshot: every view's figures materialised into `app`.

Why payloads in `app.meeting_snapshots` rather than a copy of the warehouse file opened read-only:
- the meeting needs a few hundred figures, not the whole warehouse; a JSON payload per view is kilobytes, while
  a file copy is the size of the warehouse (hundreds of MB at 5M order lines) and must be checkpointed first;
- the payload lives in the warehouse itself, so it survives an app restart and `replay` (which copies `app`
  tables), and the minutes written weeks later quote exactly what the room saw;
- reading a frozen view is a key lookup, not a query over the marts, so a section switch on the projector is
  instant; and nothing else in the process has to know about a second database file.
The cost: a view can only show what was frozen; a new filter mid-meeting means re-freezing, an explicit action.
"""

from __future__ import annotations

from datetime import datetime

from metrics.meeting import store
from metrics.meeting.okr_scores import score_all
from metrics.meeting.views import build_views

OKR_VIEW = "okrs"


def freeze(con, meeting_id: int, now: datetime | None = None) -> datetime:
    """Returns the snapshot time after computing every view of the meeting and storing it (replacing any earlier)."""
    meeting = store.get_meeting(con, meeting_id)
    if meeting is None:
        raise ValueError(f"meeting {meeting_id} does not exist")
    frozen_at = now or datetime.now().replace(microsecond=0)
    start, end = meeting["period_start"], meeting["period_end"]
    payloads = build_views(con, start, end)
    payloads[OKR_VIEW] = {"rows": score_all(con, (start, end), today=frozen_at.date())}
    store.save_snapshot(con, meeting_id, payloads, frozen_at)
    return frozen_at


def frozen_views(con, meeting_id: int) -> tuple[datetime | None, dict[str, dict]]:
    """Returns (snapshot time, {view key: payload}) as frozen; (None, {}) before the first freeze."""
    meeting = store.get_meeting(con, meeting_id)
    if meeting is None or meeting["snapshot_at"] is None:
        return None, {}
    return meeting["snapshot_at"], store.load_snapshot(con, meeting_id)


def start_meeting(con, meeting_id: int, now: datetime | None = None) -> datetime:
    """Returns the snapshot time after freezing the data and starting the first agenda section's clock."""
    now = now or datetime.now().replace(microsecond=0)
    frozen_at = freeze(con, meeting_id, now)
    items = store.agenda(con, meeting_id)
    if items:
        store.go_to_section(con, meeting_id, items[0].section_key, now)
    return frozen_at
