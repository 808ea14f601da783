"""A week or month the period cuts is marked on trends: `partial_buckets` by hand, the chart's dashed layer, and the
Ads page's note in both languages (AppTest on the demo company)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from ui.catalog import CATALOG
from ui.periods import partial_buckets
from ui.trends import trend_lines

ROOT = Path(__file__).resolve().parent.parent


def test_partial_buckets_by_hand():
    # 1 Oct 2026 is a Thursday: its week (Mon 28 Sep – Sun 4 Oct) holds 1–4 Oct = 4 of 7 days, labelled 1 Oct;
    # 18 Nov 2026 is a Wednesday: the week of Mon 16 Nov holds 16–18 Nov = 3 of 7 days; 5 Oct's week is whole
    weeks = [date(2026, 10, 1), date(2026, 10, 5), date(2026, 11, 16)]
    assert partial_buckets(weeks, date(2026, 10, 1), date(2026, 11, 18), "week") == [
        (date(2026, 10, 1), 4, 7),
        (date(2026, 11, 16), 3, 7),
    ]
    # months: 15 Jan – 10 Mar 2026: January holds 15–31 = 17 of 31 days, February is whole, March 10 of 31
    months = [date(2026, 1, 15), date(2026, 2, 1), date(2026, 3, 1)]
    assert partial_buckets(months, date(2026, 1, 15), date(2026, 3, 10), "month") == [
        (date(2026, 1, 15), 17, 31),
        (date(2026, 3, 1), 10, 31),
    ]
    assert partial_buckets(weeks, date(2026, 10, 1), date(2026, 11, 18), "day") == []


def test_cut_week_is_a_dashed_segment():
    frame = pl.DataFrame({"period": [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)], "a": [7.0, 7.0, 3.0]})
    whole = trend_lines(frame, {"a": "A"}, "money")
    cut = trend_lines(frame, {"a": "A"}, "money", partial=(date(2026, 11, 16),))
    assert "strokeDash" not in str(whole)
    dashed = [layer for layer in cut["layer"] if layer["mark"].get("strokeDash")]
    assert len(dashed) == 1  # 9 Nov → 16 Nov dashed; 2 Nov → 9 Nov solid


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ads_page_says_the_last_week_is_partial(demo_warehouse_file, monkeypatch, lang, tmp_path):
    # a private copy: the app keeps its connection open for the process (st.cache_resource), and the session's demo
    # file must stay openable by other tests with their own settings
    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in {"period": "custom", "start": "2026-10-01", "end": "2026-11-18", "lang": lang}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/ads.py").run()
    assert not at.exception, [e.value for e in at.exception]
    head = CATALOG["partial_week"][0 if lang == "zh" else 1].split("{day}")[0]
    notes = [c.value for c in at.caption if c.value.startswith(head)]
    assert len(notes) == 2, notes  # the first week (1–4 Oct) and the last (16–18 Nov)
    assert ("3" in notes[1]) and ("7" in notes[1])
