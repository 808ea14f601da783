"""Snapshot freezing: an import during the meeting does not change the meeting's numbers until re-frozen."""

from datetime import date, datetime

import pytest

from metrics.core import api
from metrics.core.settings import set_settings
from metrics.meeting import okr, store
from metrics.meeting.minutes import minutes_markdown
from metrics.meeting.report import build_minutes, section_headline
from metrics.meeting.snapshot import freeze, frozen_views, start_meeting

EXTRA_ORDER = (
    '"Mar 20, 2026 10:00:00 AM PDT","24508793021","Order","113-0000000-0000001","CAM-4K-BLK","Action Camera 4K Black",'
    '"1","amazon.com","Standard Orders","Amazon","DENVER","CO","80202","MarketplaceFacilitator","100.00","0","0","0",'
    '"0","0","0","0","0","0","0","-15.00","-6.12","0","0","78.88","Released","Mar 27, 2026 10:00:00 AM PDT"'
)


def test_import_during_meeting_leaves_frozen_numbers_until_refreeze(wh, fixture_path, tmp_path):
    source = fixture_path("amazon_transactions", "us_2025.csv")
    assert wh.ingest_path(source).status == "imported"
    set_settings(wh.con, base_currency="USD")  # the fixture is in USD; no FX rate is needed
    mid = store.create_meeting(wh.con, "March review", date(2026, 3, 1), date(2026, 3, 31), language="en")
    oid = okr.create_objective(wh.con, "Grow the US", date(2026, 3, 1), date(2026, 3, 31))
    okr.add_key_result(wh.con, oid, "Net sales $520", metric_id="net_sales", target=520.0)
    first = start_meeting(wh.con, mid, now=datetime(2026, 4, 2, 9, 0))
    at, views = frozen_views(wh.con, mid)
    assert at == first == datetime(2026, 4, 2, 9, 0)
    # gross sales 129.99 + 259.98 = 389.97; refund -129.99 -> net sales 259.98 (the promotion and its reversal cancel)
    assert views["sales"]["figures"]["net_sales"]["value"] == pytest.approx(259.98)
    assert views["sales"]["figures"]["orders"]["value"] == 2
    before = section_headline("sales", views["sales"], "en", [])
    assert before.startswith("March (22 of 31 days) net sales $260")  # data through 22 March: a part month
    assert store.get_meeting(wh.con, mid)["current_section"] == "opening"
    # the bound KR, scored live at freeze time: data through 22 March (the last posting);
    # 259.98 / 520 = 0.49996; run-rate 259.98 × 31 / 22 = 366.33 -> 366.33 / 520 = 0.704 -> off track (< 0.75)
    (kr,) = views["okrs"]["rows"]
    assert kr["value"] == pytest.approx(259.98) and kr["forecast"] == pytest.approx(259.98 * 31 / 22)
    assert kr["attainment"] == pytest.approx(259.98 / 520) and kr["status"] == "off_track"
    # 259.98 / 520 = 49.996 % -> "50.0%"; 366.33 / 520 = 70.45 % -> "70.4%" (one decimal); gap 520 - 366.33 = 153.67 -> $154
    assert section_headline("sales", views["sales"], "en", views["okrs"]["rows"]).startswith(
        "March (22 of 31 days) net sales $260, 50.0% of target; at this pace 70.4% by month end, gap $154"
    )

    # during the meeting someone uploads one more order of $100.00 on 20 March
    lines = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    extra = tmp_path / "us_extra.csv"
    extra.write_text("\n".join(lines[:10] + [EXTRA_ORDER]) + "\n", encoding="utf-8")
    assert wh.ingest_path(extra).status == "imported"
    live = api.kpis(wh.con, api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31)))
    assert live["net_sales"] == pytest.approx(359.98)  # 259.98 + 100.00

    # the meeting still reads the frozen figures and sentence
    _, still = frozen_views(wh.con, mid)
    assert still["sales"]["figures"]["net_sales"]["value"] == pytest.approx(259.98)
    assert section_headline("sales", still["sales"], "en", []) == before
    assert "2026-04-02 09:00" in minutes_markdown(build_minutes(wh.con, mid))

    # re-freezing is the explicit action that picks the import up
    again = freeze(wh.con, mid, now=datetime(2026, 4, 2, 10, 30))
    at, views = frozen_views(wh.con, mid)
    assert at == again == datetime(2026, 4, 2, 10, 30)
    assert views["sales"]["figures"]["net_sales"]["value"] == pytest.approx(359.98)
    assert views["sales"]["figures"]["orders"]["value"] == 3
    assert section_headline("sales", views["sales"], "en", []).startswith("March (22 of 31 days) net sales $360")
