"""OKR scoring on fixed data: attainment (both directions), run-rate forecast, status thresholds, storage."""

from datetime import date

import pytest

from metrics.meeting import okr
from metrics.meeting.headlines import run_rate_forecast
from metrics.meeting.okr_scores import score_all
from tests.test_meeting_store import con, module_wh  # noqa: F401 - shared fixtures

OCT = dict(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31))


def test_run_rate_forecast():
    # 600,000 in the first 15 of 31 days -> 600,000 × 31 / 15 = 1,240,000
    assert run_rate_forecast(600_000, OCT["period_start"], OCT["period_end"], date(2026, 10, 15)) == pytest.approx(
        1_240_000
    )
    # data beyond the period end counts as the whole period
    assert run_rate_forecast(100.0, OCT["period_start"], OCT["period_end"], date(2026, 11, 5)) == 100.0


def test_additive_kr_forecasts_to_period_end():
    s = okr.score(600_000, target=1_000_000, baseline=None, direction="up", additive=True,
                  data_through=date(2026, 10, 15), **OCT)  # fmt: skip
    # to date 600,000 / 1,000,000 = 0.60; forecast 1,240,000 / 1,000,000 = 1.24 -> on track
    assert s.value == 600_000 and s.forecast == pytest.approx(1_240_000)
    assert s.attainment == pytest.approx(0.60) and s.forecast_attainment == pytest.approx(1.24)
    assert s.status == "on_track"


def test_baseline_to_target_and_thresholds():
    closed = dict(data_through=date(2026, 10, 31), additive=True, **OCT)
    # (950,000 - 800,000) / (1,000,000 - 800,000) = 0.75 -> at risk (≥ 0.75, < 0.95)
    s = okr.score(950_000, target=1_000_000, baseline=800_000, direction="up", **closed)
    assert s.attainment == pytest.approx(0.75) and s.status == "at_risk"
    # (990,000 - 800,000) / 200,000 = 0.95 -> on track
    assert okr.score(990_000, target=1_000_000, baseline=800_000, direction="up", **closed).status == "on_track"
    # (940,000 - 800,000) / 200,000 = 0.70 -> off track
    assert okr.score(940_000, target=1_000_000, baseline=800_000, direction="up", **closed).status == "off_track"


def test_down_kr_is_direction_aware_and_levels_are_not_projected():
    level = dict(data_through=date(2026, 10, 10), additive=False, **OCT)
    # ACoS from 30 % to 25 %, now 28 %: (0.28 - 0.30) / (0.25 - 0.30) = 0.4 -> off track; a level is its own forecast
    s = okr.score(0.28, target=0.25, baseline=0.30, direction="down", **level)
    assert s.attainment == pytest.approx(0.4) and s.forecast == 0.28 and s.status == "off_track"
    # no baseline, down: target / value = 0.25 / 0.26 = 0.9615 -> on track
    s = okr.score(0.26, target=0.25, baseline=None, direction="down", **level)
    assert s.attainment == pytest.approx(0.25 / 0.26) and s.status == "on_track"
    assert okr.score(None, target=1, baseline=None, direction="up", **level).status == "no_data"
    with pytest.raises(ValueError):
        okr.score(1.0, target=1, baseline=None, direction="sideways", **level)


def test_manual_kr_stored_and_scored(con):  # noqa: F811 - the imported fixture
    oid = okr.create_objective(con, "Grow the EU business", date(2026, 10, 1), date(2026, 12, 31), owner="Lin")
    kr = okr.add_key_result(con, oid, "Launch 3 SKUs in amazon.de", target=3, manual_value=2.0)
    with pytest.raises(ValueError):
        okr.add_key_result(con, oid, "bad", target=1, filters={"colour": "red"})
    rows = score_all(con, (date(2026, 10, 1), date(2026, 10, 31)), today=date(2026, 11, 15))
    assert len(rows) == 1
    r = rows[0]
    # manual value 2 of target 3 = 0.667 -> off track (< 0.75); a manual value is not projected
    assert (r["objective"], r["kr"], r["kr_id"], r["value"], r["forecast"]) == (
        "Grow the EU business", "Launch 3 SKUs in amazon.de", kr, 2.0, 2.0,
    )  # fmt: skip
    assert r["attainment"] == pytest.approx(2 / 3) and r["status"] == "off_track"
    okr.set_manual_value(con, kr, 3.0)
    assert score_all(con)[0]["status"] == "on_track"
    assert score_all(con, (date(2027, 1, 1), date(2027, 1, 31))) == []  # objective outside the period
